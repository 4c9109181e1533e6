"""People and roles for a shared server: accounts, sign-in, sessions, API tokens, permissions.

* :mod:`.permissions`: :class:`Actor`, the roles and the one permission function
  :func:`allowed` (``allowed(actor, action, resource)``) every read, edit and export asks;
* :mod:`.passwords`: Argon2id password hashes;
* :mod:`.sessions`: signed, expiring sessions whose secret lives in the store;
* :mod:`.tokens`: per-user API tokens, stored hashed;
* :mod:`.ratelimit`: limits on failed sign-ins;
* :mod:`.oidc`: single sign-on through OpenID Connect, groups mapped to roles;
* :mod:`.accounts`: :class:`Accounts`, all of it over one store.

Nothing here imports Dash or Flask; the dashboard's security layer and the
``influence users`` commands call it.
"""

from .accounts import SHARED_TOKEN_ACTOR, Accounts, SignInThrottled, check_user_name
from .oidc import Identity, OIDCClient, OIDCConfig, SignInError, parse_role_map, role_for
from .passwords import check_password, hash_password, verify_password
from .permissions import ACTIONS, LOCAL_OWNER, ROLES, Actor, PermissionDenied, allowed, require
from .ratelimit import LoginThrottle
from .sessions import SessionKeys
from .tokens import new_api_token, token_hash

__all__ = [
    "Actor", "ROLES", "ACTIONS", "LOCAL_OWNER", "SHARED_TOKEN_ACTOR", "PermissionDenied", "allowed", "require",
    "Accounts", "SignInError", "SignInThrottled", "check_user_name",
    "OIDCConfig", "OIDCClient", "Identity", "parse_role_map", "role_for",
    "hash_password", "verify_password", "check_password", "SessionKeys", "LoginThrottle",
    "new_api_token", "token_hash",
]
