"""What-if scenarios: one meaning of "what if we win these people" for every surface.

A :class:`Scenario` is a set of hypotheticals laid over a map, used alike by
:func:`influence.analysis.analyze` (``scenario=``), :func:`influence.analysis.what_if`,
``influence simulate`` and ``influence export``, the dashboard's what-if panel and the
scenarios saved with a map. It has two readings of "winning someone over", named so that
nobody confuses them:

* **assume on board** (``on_board``): the person is on our side for certain. The map is
  changed so that they are a champion; they start on board and spread support.
* **approach** (``approach``): we set out to win the person, and the approach succeeds
  with probability r(v) of their attitude (the spread model's "winning someone over");
  whoever comes on board spreads support.

and **attitude changes** (``attitudes``): a person's attitude as the scenario has it,
applied before anything else (so an approach uses the changed attitude's r(v), and
"assume on board" wins over an attitude given to the same person).

Anything shown under a scenario says so: :meth:`Scenario.label` is the sentence every
export prints on each page, slide and sheet.

The stored format (:meth:`Scenario.to_dict`, read back by :meth:`Scenario.from_dict`) is::

    {"format": 1, "on_board": ["NW081"], "approach": [], "attitudes": {"NW060": "neutral"},
     "name": "Win Ethan"}

:meth:`Scenario.from_dict` also reads what the dashboard stored before the format
existed, ``{"won": [...], "attitudes": {...}}``, whose "won over" meant "assume on board".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from .errors import InfluenceError
from .vocabulary import ATTITUDES, UnknownValue, parse_attitude

if TYPE_CHECKING:  # networkx stays out of `import influence.scenarios`
    import networkx as nx

__all__ = ["Scenario", "FORMAT", "ON_BOARD_ATTITUDE"]

FORMAT = 1
"""Version of the stored scenario format written by :meth:`Scenario.to_dict`."""

ON_BOARD_ATTITUDE = "champion"
"""The attitude a person assumed on board is given (certain support)."""

# A label names at most this many people per part, then "and N more".
_NAMES_IN_LABEL = 4


def _people(values, what: str) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, (str, int)):
        values = [values]
    if not isinstance(values, Iterable):
        raise InfluenceError(f"scenario {what} must be a list of person ids, got {values!r}")
    return tuple(dict.fromkeys(str(v) for v in values))


def _level(person: str, word) -> str:
    if word in ATTITUDES:
        return word
    try:
        return parse_attitude(word)
    except UnknownValue as err:
        raise InfluenceError(f"scenario attitude for {person}: {err}") from err


@dataclass(frozen=True)
class Scenario:
    """Hypotheticals laid over a map (see the module notes for their meaning).

    Parameters
    ----------
    on_board : tuple of str
        Ids of people assumed on board: certain, drawn and counted as champions.
    approach : tuple of str
        Ids of people approached: each comes on board with probability r(v).
    attitudes : mapping of str -> str
        Id -> attitude level (champion, supporter, neutral, skeptic, opponent, unknown).
    name : str
        What the user called the scenario (optional; shown in its label).

    Ids are kept as given: :meth:`build` resolves names against a map. An empty
    scenario is false and changes nothing.

    Examples
    --------
    >>> s = Scenario(on_board=("NW081",), attitudes={"NW060": "neutral"})
    >>> bool(s), bool(Scenario()), s.key() == Scenario.from_dict(s.to_dict()).key()
    (True, False, True)
    >>> Scenario.from_dict({"won": ["NW081"], "attitudes": {}}).on_board
    ('NW081',)
    """

    on_board: tuple[str, ...] = ()
    approach: tuple[str, ...] = ()
    attitudes: Mapping[str, str] = field(default_factory=dict)
    name: str = ""

    def __post_init__(self):
        on_board = _people(self.on_board, "on_board")
        # Someone assumed on board is on board already: approaching them changes nothing.
        approach = tuple(p for p in _people(self.approach, "approach") if p not in on_board)
        if not isinstance(self.attitudes, Mapping):
            raise InfluenceError(f"scenario attitudes must map person ids to attitudes, got {self.attitudes!r}")
        attitudes = {str(p): _level(str(p), w) for p, w in self.attitudes.items()}
        object.__setattr__(self, "on_board", on_board)
        object.__setattr__(self, "approach", approach)
        object.__setattr__(self, "attitudes", MappingProxyType(dict(sorted(attitudes.items()))))
        object.__setattr__(self, "name", str(self.name or "").strip())

    def __bool__(self) -> bool:
        return bool(self.on_board or self.approach or self.attitudes)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return self.key() == other.key() and self.name == other.name

    def __hash__(self) -> int:
        return hash((self.key(), self.name))

    def __repr__(self) -> str:
        parts = [f"{k}={v!r}" for k, v in (("on_board", self.on_board), ("approach", self.approach),
                                            ("attitudes", dict(self.attitudes)), ("name", self.name)) if v]
        return f"Scenario({', '.join(parts)})"

    # --- building ---------------------------------------------------------------------

    @classmethod
    def build(cls, G: nx.MultiDiGraph, *, on_board=(), approach=(), attitudes: Mapping | None = None,
              name: str = "") -> Scenario:
        """A scenario of map *G* from ids or names and the user's attitude words.

        Parameters
        ----------
        G : networkx.MultiDiGraph
        on_board, approach : iterable of str
            Ids or names (any letter case) of the people assumed on board / approached.
        attitudes : mapping, optional
            Id or name -> attitude word ("Mentor", "-1", "neutral", ...).
        name : str

        Raises
        ------
        PersonNotFound
            For a name or id not in the map (close names are suggested).
        InfluenceError
            For an attitude word not on the scale.

        Examples
        --------
        >>> from influence.graph import new_map, add_person
        >>> G = new_map(); _ = add_person(G, "a", "Ann Lee"); _ = add_person(G, "b", "Bo", attitude="skeptic")
        >>> Scenario.build(G, on_board=["ann lee"], attitudes={"Bo": "sceptic"})
        Scenario(on_board=('a',), attitudes={'b': 'skeptic'})
        """
        from .graph import display_name
        from .people import resolve_person

        if isinstance(on_board, str):
            on_board = [on_board]
        if isinstance(approach, str):
            approach = [approach]
        changed = {}
        for person, word in (attitudes or {}).items():
            key = resolve_person(G, person)
            try:
                changed[key] = parse_attitude(word)
            except UnknownValue as err:
                raise InfluenceError(f"attitude for {display_name(G, key)}: {err}") from err
        return cls(on_board=tuple(resolve_person(G, p) for p in on_board),
                   approach=tuple(resolve_person(G, p) for p in approach), attitudes=changed, name=name)

    def restricted_to(self, people) -> Scenario:
        """The part of the scenario about *people* (e.g. the people a filtered export keeps)."""
        keep = set(people)
        return Scenario(on_board=tuple(p for p in self.on_board if p in keep),
                        approach=tuple(p for p in self.approach if p in keep),
                        attitudes={p: a for p, a in self.attitudes.items() if p in keep}, name=self.name)

    # --- applying -----------------------------------------------------------------------

    def apply(self, G: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """A copy of *G* as the scenario has it: attitudes changed, people on board champions.

        People approached keep their attitude: whether they come on board is the
        model's chance r(v), which :func:`influence.spread.expected_support` draws. Ids
        not in *G* are ignored (a saved scenario may name someone since removed).

        Examples
        --------
        >>> from influence.graph import new_map, add_person
        >>> G = new_map(); _ = add_person(G, "a", "Ann", attitude="skeptic"); _ = add_person(G, "b", "Bo")
        >>> H = Scenario(on_board=("a",), attitudes={"b": "neutral"}).apply(G)
        >>> H.nodes["a"]["attitude"], H.nodes["b"]["attitude"], G.nodes["a"]["attitude"]
        ('champion', 'neutral', 'skeptic')
        """
        H = G.copy()
        for person, attitude in self.attitudes.items():
            if person in H:
                H.nodes[person]["attitude"] = attitude
        for person in self.on_board:
            if person in H:
                H.nodes[person]["attitude"] = ON_BOARD_ATTITUDE
        return H

    def approached_in(self, G) -> list[str]:
        """The people approached who are in *G* (for :func:`~influence.spread.expected_support`)."""
        return [p for p in self.approach if p in G]

    # --- describing ---------------------------------------------------------------------

    def parts(self, G: nx.MultiDiGraph | None = None) -> list[str]:
        """The scenario's changes in words, one per kind ("Ann Lee assumed on board", ...).

        Names come from *G* (ids when it is omitted or does not hold the person).
        """
        from .graph import display_name

        def names(people) -> str:
            shown = [display_name(G, p) if G is not None and p in G else str(p) for p in people]
            if len(shown) > _NAMES_IN_LABEL:
                shown = shown[:_NAMES_IN_LABEL - 1] + [f"{len(shown) - _NAMES_IN_LABEL + 1} more"]
            return ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]

        out = []
        if self.on_board:
            out.append(f"{names(self.on_board)} assumed on board")
        if self.approach:
            out.append(f"{names(self.approach)} approached (each won with probability r)")
        changed = [p for p in self.attitudes if p not in self.on_board]
        by_level: dict[str, list[str]] = {}
        for person in changed:
            by_level.setdefault(self.attitudes[person], []).append(person)
        for level in ATTITUDES:
            if level in by_level:
                out.append(f"{names(by_level[level])} {level}")
        return out

    def label(self, G: nx.MultiDiGraph | None = None) -> str:
        """The sentence that marks anything shown under this scenario; ``""`` when empty.

        Examples
        --------
        >>> from influence.graph import new_map, add_person
        >>> G = new_map(); _ = add_person(G, "e", "Ethan Brooks"); _ = add_person(G, "r", "Richard Halvorsen")
        >>> Scenario(on_board=("e",), attitudes={"r": "neutral"}).label(G)
        'What-if: Ethan Brooks assumed on board; Richard Halvorsen neutral — not the current state'
        >>> Scenario(approach=("e",), name="Q3 push").label(G)
        'What-if “Q3 push”: Ethan Brooks approached (each won with probability r) — not the current state'
        >>> Scenario().label(G)
        ''
        """
        if not self:
            return ""
        head = f"What-if “{self.name}”" if self.name else "What-if"
        return f"{head}: {'; '.join(self.parts(G))} — not the current state"

    def file_suffix(self) -> str:
        """What a file made under the scenario adds to its name ("what-if", "what-if-q3-push").

        Examples
        --------
        >>> Scenario(on_board=("a",), name="Q3 push!").file_suffix(), Scenario().file_suffix()
        ('what-if-q3-push', '')
        """
        if not self:
            return ""
        slug = re.sub(r"[^a-z0-9]+", "-", self.name.casefold()).strip("-")[:40].strip("-")
        return "what-if" + (f"-{slug}" if slug else "")

    def key(self) -> str:
        """A stable text key of what the scenario changes (its name aside); ``""`` when empty.

        Two scenarios with the same key give the same analysis, whatever order their
        people were given in.
        """
        if not self:
            return ""
        return json.dumps([sorted(self.on_board), sorted(self.approach), sorted(self.attitudes.items())],
                          separators=(",", ":"), ensure_ascii=False)

    # --- storing ------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """The stored format (see the module notes), plain JSON values."""
        return {"format": FORMAT, "on_board": list(self.on_board), "approach": list(self.approach),
                "attitudes": dict(self.attitudes), "name": self.name}

    @classmethod
    def from_dict(cls, data: Mapping | None) -> Scenario:
        """Read the stored format, or the dashboard's older ``{"won": [...], "attitudes": {...}}``.

        ``None`` or ``{}`` is the empty scenario. The older format's "won over" meant
        "assume on board" (the dashboard drew them as certain champions), so it is read as
        ``on_board``.

        Raises
        ------
        InfluenceError
            If *data* is not such an object, or names a newer format.
        """
        if data is None:
            return cls()
        if isinstance(data, Scenario):
            return data
        if not isinstance(data, Mapping):
            raise InfluenceError(f"a stored scenario must be an object with on_board, approach and attitudes, "
                                 f"got {type(data).__name__}")
        version = data.get("format", FORMAT if "won" not in data else 0)
        if not isinstance(version, int) or version > FORMAT:
            raise InfluenceError(f"stored scenario format {version!r} is newer than this version of "
                                 f"influence-map reads ({FORMAT}); upgrade influence-map")
        on_board = list(data.get("on_board") or []) + list(data.get("won") or [])
        return cls(on_board=tuple(on_board), approach=tuple(data.get("approach") or ()),
                   attitudes=dict(data.get("attitudes") or {}), name=data.get("name") or "")
