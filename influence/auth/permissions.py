"""Who may do what: actors, roles and the one permission function, :func:`allowed`.

Every read, edit and export of a map asks :func:`allowed` (the dashboard's service does,
so no callback can skip it). An *actor* is whoever is behind a request: a signed-in
account, a script with an API token, the holder of the shared ``INFLUENCE_TOKEN``, or the
one person at this machine when the server has no accounts.

Roles, from least to most:

``viewer``
    reads maps (people, ties, analyses, history, what-ifs that are not saved) and exports
    them anonymised only.
``editor``
    everything a viewer may, plus edits (people, ties, saved what-ifs) and every export.
``admin``
    everything an editor may, plus accounts, the audit trail and maps themselves
    (import a new map, rename, delete).

A viewer or editor may be limited to some maps (``influence users add … --map MAP``);
an admin always reaches every map.

Examples
--------
>>> ann = Actor("ann", "viewer")
>>> allowed(ann, "view", 3), allowed(ann, "export-anonymised", 3), allowed(ann, "export", 3)
(True, True, False)
>>> bo = Actor("bo", "editor", maps=(1,))
>>> allowed(bo, "edit", 1), allowed(bo, "edit", 2), allowed(bo, "view", 2)
(True, False, False)
>>> allowed(Actor("root", "admin"), "manage-users")
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from influence.errors import InfluenceError

__all__ = [
    "ROLES",
    "ACTIONS",
    "MAP_ACTIONS",
    "Actor",
    "PermissionDenied",
    "LOCAL_OWNER",
    "allowed",
    "require",
    "check_role",
]

ROLES = ("viewer", "editor", "admin")
"""The roles, from least to most allowed."""

ACTIONS: dict[str, str] = {
    "view": "viewer",
    "export-anonymised": "viewer",
    "export": "editor",
    "edit": "editor",
    "create-map": "admin",
    "rename-map": "admin",
    "delete-map": "admin",
    "manage-users": "admin",
    "read-audit": "admin",
}
"""Every action, with the least role that may take it."""

MAP_ACTIONS = frozenset({"view", "export-anonymised", "export", "edit", "rename-map", "delete-map"})
"""Actions on one map: their resource is the map's id, and a map limit applies to them."""

_WORDS = {
    "view": "open this map",
    "export-anonymised": "export this map",
    "export": "export this map with names (anonymised exports are allowed)",
    "edit": "change this map",
    "create-map": "add maps",
    "rename-map": "rename maps",
    "delete-map": "delete maps",
    "manage-users": "manage accounts",
    "read-audit": "read the audit trail",
}


class PermissionDenied(InfluenceError):
    """Raised by :func:`require` when an actor may not take an action; says who, what and why."""


@dataclass(frozen=True)
class Actor:
    """Whoever is behind a request.

    Parameters
    ----------
    name : str
        The account name (``"local"`` for the person at this machine, ``"token"`` for the
        holder of the shared ``INFLUENCE_TOKEN``).
    role : str
        One of :data:`ROLES`.
    maps : tuple of int, optional
        The only maps a viewer or editor may reach; ``None`` means every map.
    via : str
        How the actor proved who they are: ``"local"``, ``"shared-token"``, ``"password"``,
        ``"api-token"`` or ``"sso"`` (recorded in the audit trail).
    """

    name: str
    role: str
    maps: tuple[int, ...] | None = None
    via: str = "password"

    def __post_init__(self):
        check_role(self.role)
        if self.maps is not None:
            object.__setattr__(self, "maps", tuple(sorted({int(m) for m in self.maps})))

    def reaches(self, map_id) -> bool:
        """Whether a map limit lets this actor reach map *map_id* at all."""
        return self.role == "admin" or self.maps is None or int(map_id) in self.maps

    def visible(self, map_ids: Iterable) -> list:
        """The ids among *map_ids* this actor may open, in their order."""
        return [m for m in map_ids if allowed(self, "view", m)]


def check_role(role: str) -> str:
    """*role* when it is one of :data:`ROLES`, else an :class:`InfluenceError` saying which are.

    Examples
    --------
    >>> check_role("editor")
    'editor'
    >>> check_role("owner")
    Traceback (most recent call last):
    ...
    influence.errors.InfluenceError: unknown role 'owner': use viewer, editor or admin
    """
    if role not in ROLES:
        raise InfluenceError(f"unknown role {role!r}: use viewer, editor or admin")
    return role


LOCAL_OWNER = Actor("local", "admin", via="local")
"""The one person at this machine, when the server has no accounts (today's single-user mode)."""


def allowed(actor: Actor | None, action: str, resource=None) -> bool:
    """Whether *actor* may take *action* on *resource*.

    Parameters
    ----------
    actor : Actor or None
        ``None`` (nobody signed in) is allowed nothing.
    action : str
        One of :data:`ACTIONS`.
    resource : int, optional
        The map's id, for the actions of :data:`MAP_ACTIONS`; ``None`` asks about maps in
        general (e.g. whether the actor may export named data at all).

    Raises
    ------
    ValueError
        If *action* is not one of :data:`ACTIONS` (a programming error, never a user's).

    Examples
    --------
    >>> allowed(None, "view", 1)
    False
    >>> editor = Actor("cy", "editor", maps=(2, 5))
    >>> [m for m in (1, 2, 3, 5) if allowed(editor, "export", m)]
    [2, 5]
    >>> allowed(editor, "delete-map", 2), allowed(Actor("di", "admin", maps=(9,)), "edit", 1)
    (False, True)
    """
    try:
        needed = ACTIONS[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}; one of {', '.join(ACTIONS)}") from None
    if actor is None:
        return False
    if ROLES.index(actor.role) < ROLES.index(needed):
        return False
    if action in MAP_ACTIONS and resource is not None:
        return actor.reaches(resource)
    return True


def require(actor: Actor | None, action: str, resource=None) -> None:
    """Raise :class:`PermissionDenied` unless :func:`allowed`; the message says what to ask for.

    Examples
    --------
    >>> require(Actor("ann", "viewer"), "edit", 1)
    Traceback (most recent call last):
    ...
    influence.auth.permissions.PermissionDenied: ann (viewer) may not change this map; ask an admin for the editor role
    >>> require(Actor("bo", "editor", maps=(1,)), "view", 2)
    Traceback (most recent call last):
    ...
    influence.auth.permissions.PermissionDenied: bo (editor) may not open this map: it is not among bo's maps; ask an admin to add it
    """
    if allowed(actor, action, resource):
        return
    if actor is None:
        raise PermissionDenied(f"sign in to {_WORDS[action]}")
    needed = ACTIONS[action]
    if ROLES.index(actor.role) < ROLES.index(needed):
        raise PermissionDenied(f"{actor.name} ({actor.role}) may not {_WORDS[action]}; "
                               f"ask an admin for the {needed} role")
    raise PermissionDenied(f"{actor.name} ({actor.role}) may not {_WORDS[action]}: it is not among "
                           f"{actor.name}'s maps; ask an admin to add it")
