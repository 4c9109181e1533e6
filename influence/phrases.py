"""How to approach a person, in one wording for every surface (dashboard, briefing, deck, web page).

A person is approached through the chain of influence that reaches them from our side
(:func:`influence.paths.influence_paths`, a leader's ``approach_via``): the people along it,
ending at the person. A chain of the person alone is a direct approach, by the Owner on
our side who holds the relationship; no chain at all means no warm path yet.

* :func:`approach_route`: the route alone, for a column headed "Approach via":
  ``"Ann Ally → Max Middle"``, ``"directly, through our owner Omar Haddad"``,
  ``"no warm path: a cold approach"``.
* :func:`approach_phrase`: the whole sentence: ``"approach Zoë Levy through Ann Ally →
  Max Middle (12% chance)"``.
* :func:`approach_parts`: the route as words and :class:`Mention` s of the people in it, for a
  surface that draws each person as a link (the dashboard).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Mention", "approach_parts", "approach_route", "approach_phrase", "NO_WARM_PATH", "ARROW"]

ARROW = " → "
"""Between two people of a chain."""

NO_WARM_PATH = "no warm path: a cold approach"
"""The route when no chain from our side reaches the person."""


@dataclass(frozen=True)
class Mention:
    """A person named in a phrase (``who`` as the caller gave it: an id or a name)."""

    who: object

    def __str__(self) -> str:
        return str(self.who)


def approach_parts(chain: Sequence | None, *, owner: str | None = None) -> list[str | Mention]:
    """The route to the last person of *chain*, as words and :class:`Mention` s.

    Parameters
    ----------
    chain : sequence
        The people along the best chain, ending at the person approached (ids or names);
        empty or ``None`` when no chain reaches them.
    owner : str, optional
        Who on our side holds the relationship with the person (their Owner), named in a
        direct approach.

    Examples
    --------
    >>> approach_parts(["a", "b", "t"])
    [Mention(who='a'), ' → ', Mention(who='b')]
    >>> approach_parts(["t"], owner="Omar Haddad"), approach_parts([])
    (['directly, through our owner Omar Haddad'], ['no warm path: a cold approach'])
    """
    chain = list(chain or [])
    via = chain[:-1]
    if via:
        parts: list[str | Mention] = []
        for i, person in enumerate(via):
            if i:
                parts.append(ARROW)
            parts.append(Mention(person))
        return parts
    if chain:
        return [f"directly, through our owner {owner}" if owner else "directly"]
    return [NO_WARM_PATH]


def approach_route(chain: Sequence | None, *, owner: str | None = None) -> str:
    """The route to the last person of *chain* in words (see :func:`approach_parts`).

    Examples
    --------
    >>> approach_route(["Ann Ally", "Max Middle", "Zoë Levy"])
    'Ann Ally → Max Middle'
    >>> approach_route(["Zoë Levy"], owner="Omar Haddad")
    'directly, through our owner Omar Haddad'
    >>> approach_route(None)
    'no warm path: a cold approach'
    """
    return "".join(str(p) for p in approach_parts(chain, owner=owner))


def approach_phrase(person: str, chain: Sequence | None, *, owner: str | None = None,
                    probability: float | None = None, capitalize: bool = False) -> str:
    """"approach *person* through …": whom to go through to win *person*, and the chance.

    Parameters
    ----------
    person : str
        The person approached, as the reader should see them (a name).
    chain, owner
        As for :func:`approach_parts`; the chain's people are shown as given.
    probability : float, optional
        The chance the approach wins the person (a chain's probability), shown as a percentage.
    capitalize : bool
        Start with a capital letter (a sentence of its own).

    Examples
    --------
    >>> approach_phrase("Zoë Levy", ["Ann Ally", "Max Middle", "Zoë Levy"], probability=0.123)
    'approach Zoë Levy through Ann Ally → Max Middle (12% chance)'
    >>> approach_phrase("Zoë Levy", ["Zoë Levy"], owner="Omar Haddad", probability=0.6, capitalize=True)
    'Approach Zoë Levy directly, through our owner Omar Haddad (60% chance)'
    >>> approach_phrase("Zoë Levy", [])
    'no warm path to Zoë Levy: a cold approach'
    """
    chain = list(chain or [])
    if not chain:
        text = f"no warm path to {person}: a cold approach"
    elif len(chain) == 1:
        text = f"approach {person} {approach_route(chain, owner=owner)}"
    else:
        text = f"approach {person} through {approach_route(chain)}"
    if probability is not None and chain:
        text += f" ({probability:.0%} chance)"
    return text[:1].upper() + text[1:] if capitalize else text
