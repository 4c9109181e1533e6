"""Single sign-on through OpenID Connect: the company's identity provider says who someone is.

The server is an OpenID Connect *relying party* using the authorization code flow with
PKCE (authlib's OAuth 2 client over ``requests``): :meth:`OIDCClient.begin` gives the
address to send the browser to and what to remember until it comes back;
:meth:`OIDCClient.finish` trades the returned code for tokens at the provider and checks
the ID token (signature against the provider's published keys, issuer, audience, expiry,
nonce, the access token's hash) before believing a word of it.

The groups the provider lists for the person (claim ``groups`` by default) decide the
role: ``--oidc-role influence-admins=admin --oidc-role partner-team=editor`` gives the
highest role of any matching group; someone in none of them is refused unless a default
role is set.

Examples
--------
>>> roles = parse_role_map(["influence-admins=admin", "alliances=editor", "everyone=viewer"])
>>> role_for(["everyone", "alliances"], roles), role_for(["sales"], roles), role_for([], roles, default="viewer")
('editor', None, 'viewer')
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from influence.errors import InfluenceError

from .permissions import ROLES, check_role

__all__ = ["SignInError", "OIDCConfig", "Identity", "OIDCClient", "parse_role_map", "role_for",
           "ISSUER_ENV", "CLIENT_ID_ENV", "CLIENT_SECRET_ENV", "ROLES_ENV"]

ISSUER_ENV = "INFLUENCE_OIDC_ISSUER"
CLIENT_ID_ENV = "INFLUENCE_OIDC_CLIENT_ID"
CLIENT_SECRET_ENV = "INFLUENCE_OIDC_CLIENT_SECRET"
ROLES_ENV = "INFLUENCE_OIDC_ROLES"
"""Group-to-role mapping as ``group=role`` pairs separated by commas."""

_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]


class SignInError(InfluenceError):
    """Raised when a sign-in cannot be completed: the message is safe to show the person."""


def parse_role_map(specs: Iterable[str] | str | None) -> dict[str, str]:
    """``{"group": "role"}`` from ``"group=role"`` texts (or one comma-separated text).

    Examples
    --------
    >>> parse_role_map("admins=admin, staff = viewer")
    {'admins': 'admin', 'staff': 'viewer'}
    >>> parse_role_map(["admins"])
    Traceback (most recent call last):
    ...
    influence.errors.InfluenceError: --oidc-role 'admins' must be GROUP=ROLE, e.g. influence-admins=admin
    """
    if specs is None:
        return {}
    if isinstance(specs, str):
        specs = [s for s in specs.split(",") if s.strip()]
    roles: dict[str, str] = {}
    for spec in specs:
        group, sep, role = spec.partition("=")
        if not sep or not group.strip() or not role.strip():
            raise InfluenceError(f"--oidc-role {spec!r} must be GROUP=ROLE, e.g. influence-admins=admin")
        try:
            roles[group.strip()] = check_role(role.strip().lower())
        except InfluenceError:
            raise InfluenceError(f"--oidc-role {spec!r}: unknown role {role.strip()!r}; use viewer, editor "
                                 f"or admin") from None
    return roles


def role_for(groups: Iterable[str], roles: Mapping[str, str], default: str | None = None) -> str | None:
    """The highest role any of *groups* is mapped to in *roles*, else *default*."""
    found = [roles[g] for g in groups if g in roles]
    if not found:
        return default
    return max(found, key=ROLES.index)


@dataclass(frozen=True)
class OIDCConfig:
    """How to reach the identity provider and how its groups become roles.

    Parameters
    ----------
    issuer : str
        The provider's issuer URL (its discovery document is at
        ``ISSUER/.well-known/openid-configuration``).
    client_id, client_secret : str
        This server's registration at the provider.
    roles : dict
        Group name -> role (see :func:`parse_role_map`).
    default_role : str, optional
        Role of someone in none of the groups; ``None`` refuses them.
    groups_claim : str
        The ID token claim listing the person's groups.
    username_claim : str
        The claim that becomes the account name (``preferred_username``, else ``email``,
        else the subject).
    """

    issuer: str
    client_id: str
    client_secret: str | None = None
    roles: Mapping[str, str] = field(default_factory=dict)
    default_role: str | None = None
    groups_claim: str = "groups"
    username_claim: str = "preferred_username"
    scope: str = "openid email profile"
    timeout: float = 10.0

    def __post_init__(self):
        if not self.issuer or not self.issuer.startswith(("https://", "http://")):
            raise InfluenceError(f"--oidc-issuer must be the provider's https:// address, not {self.issuer!r}")
        if not self.client_id:
            raise InfluenceError(f"--oidc-issuer needs a client id too: --oidc-client-id or {CLIENT_ID_ENV}")
        if self.default_role is not None:
            check_role(self.default_role)
        if not self.roles and self.default_role is None:
            raise InfluenceError("single sign-on needs at least one --oidc-role GROUP=ROLE (or "
                                 "--oidc-default-role) to know who may come in")

    @classmethod
    def from_options(cls, issuer: str | None = None, client_id: str | None = None,
                     client_secret: str | None = None, roles: Iterable[str] | None = None,
                     default_role: str | None = None, groups_claim: str | None = None,
                     environ: Mapping[str, str] | None = None) -> "OIDCConfig | None":
        """The configuration from command-line values, else the ``INFLUENCE_OIDC_*`` variables;
        ``None`` when no issuer is given (no single sign-on)."""
        environ = os.environ if environ is None else environ
        issuer = issuer or environ.get(ISSUER_ENV) or None
        if not issuer:
            return None
        mapping = parse_role_map(list(roles) if roles else environ.get(ROLES_ENV))
        return cls(issuer=issuer.rstrip("/"), client_id=client_id or environ.get(CLIENT_ID_ENV) or "",
                   client_secret=client_secret or environ.get(CLIENT_SECRET_ENV) or None, roles=mapping,
                   default_role=default_role, groups_claim=groups_claim or "groups")


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in, and the role their groups give them."""

    username: str
    subject: str
    role: str
    email: str | None = None
    name: str | None = None
    groups: tuple[str, ...] = ()


class OIDCClient:
    """The relying party for one provider (see the module docstring).

    The provider's discovery document and keys are fetched at the first sign-in, not at
    start-up, so the dashboard starts even while the provider is unreachable.
    """

    def __init__(self, config: OIDCConfig):
        self.config = config
        self._metadata: dict | None = None
        self._keys: dict | None = None
        self._lock = threading.Lock()

    # provider documents ------------------------------------------------------------------

    def _get_json(self, url: str, what: str) -> dict:
        import requests

        try:
            response = requests.get(url, timeout=self.config.timeout, headers={"Accept": "application/json"})
            response.raise_for_status()
            data = response.json()
        except requests.RequestException as err:
            raise SignInError(f"the sign-in provider's {what} could not be read from {url} ({err.__class__.__name__}); "
                              f"check --oidc-issuer and that the provider is reachable") from err
        except ValueError as err:
            raise SignInError(f"the sign-in provider's {what} at {url} is not JSON; check --oidc-issuer") from err
        if not isinstance(data, dict):
            raise SignInError(f"the sign-in provider's {what} at {url} is not a JSON object")
        return data

    def metadata(self) -> dict:
        """The provider's discovery document (fetched once), checked against the issuer."""
        with self._lock:
            if self._metadata is None:
                url = self.config.issuer + "/.well-known/openid-configuration"
                data = self._get_json(url, "discovery document")
                if (data.get("issuer") or "").rstrip("/") != self.config.issuer:
                    raise SignInError(f"the discovery document at {url} names the issuer {data.get('issuer')!r}, "
                                      f"not {self.config.issuer!r}; set --oidc-issuer to the provider's issuer")
                for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                    if not data.get(name):
                        raise SignInError(f"the discovery document at {url} has no {name}")
                self._metadata = data
            return self._metadata

    def _key_set(self, *, refresh: bool = False):
        from joserfc.jwk import KeySet

        with self._lock:
            if self._keys is None or refresh:
                self._keys = None
        if self._keys is None:
            keys = self._get_json(self.metadata()["jwks_uri"], "signing keys")
            with self._lock:
                self._keys = keys
        try:
            return KeySet.import_key_set(self._keys)
        except Exception as err:  # joserfc raises several kinds for a malformed set
            raise SignInError(f"the sign-in provider's signing keys cannot be read ({err})") from err

    # the flow ----------------------------------------------------------------------------

    def _session(self, redirect_uri: str):
        from authlib.integrations.requests_client import OAuth2Session

        return OAuth2Session(self.config.client_id, self.config.client_secret, scope=self.config.scope,
                             redirect_uri=redirect_uri, code_challenge_method="S256",
                             token_endpoint_auth_method="client_secret_basic" if self.config.client_secret
                             else "none")

    def begin(self, redirect_uri: str) -> tuple[str, dict]:
        """Start a sign-in: the provider's address to redirect to, and what to keep until it returns.

        The kept dict (``state``, ``nonce``, PKCE ``verifier``, ``redirect_uri``) must come
        back unchanged to :meth:`finish`; the dashboard keeps it in a short-lived signed cookie.
        """
        state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
        with self._session(redirect_uri) as session:
            url, _ = session.create_authorization_url(self.metadata()["authorization_endpoint"], state=state,
                                                      nonce=nonce, code_verifier=verifier)
        return url, {"state": state, "nonce": nonce, "verifier": verifier, "redirect_uri": redirect_uri}

    def finish(self, pending: Mapping, *, code: str | None, state: str | None, error: str | None = None,
               error_description: str | None = None) -> Identity:
        """Complete a sign-in from the provider's answer; raises :class:`SignInError` when it fails."""
        import requests
        from authlib.integrations.base_client import OAuthError

        if error:
            raise SignInError(f"the sign-in provider refused: {error_description or error}")
        if not pending or not state or not secrets.compare_digest(str(pending.get("state", "")), state):
            raise SignInError("this sign-in link is stale or was not started here; start again from the sign-in page")
        if not code:
            raise SignInError("the sign-in provider sent no authorization code; start again from the sign-in page")
        metadata = self.metadata()
        try:
            with self._session(pending["redirect_uri"]) as session:
                token = session.fetch_token(metadata["token_endpoint"], grant_type="authorization_code", code=code,
                                            code_verifier=pending["verifier"], timeout=self.config.timeout)
        except OAuthError as err:
            raise SignInError(f"the sign-in provider refused the code ({err.error}: "
                              f"{err.description or 'no reason given'}); start again") from err
        except requests.RequestException as err:
            raise SignInError(f"the sign-in provider's token endpoint could not be reached "
                              f"({err.__class__.__name__}); try again") from err
        if "id_token" not in token:
            raise SignInError("the sign-in provider sent no ID token; is the 'openid' scope allowed for this client?")
        claims = self._claims(token, pending["nonce"])
        return self._identity(claims)

    def _claims(self, token: Mapping, nonce: str) -> dict:
        from authlib.oidc.core import CodeIDToken
        from joserfc import jwt
        from joserfc.errors import InvalidKeyIdError, JoseError
        from joserfc.jws import JWSRegistry

        supported = self.metadata().get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [a for a in supported if a in _ALGORITHMS]
        if not algorithms:
            raise SignInError(f"the sign-in provider signs ID tokens only with {', '.join(supported)}; "
                              f"influence-map accepts {', '.join(_ALGORITHMS)}")
        registry = JWSRegistry(algorithms=algorithms, strict_check_header=False)
        try:
            try:
                decoded = jwt.decode(token["id_token"], self._key_set(), registry=registry)
            except InvalidKeyIdError:  # the provider rotated its keys
                decoded = jwt.decode(token["id_token"], self._key_set(refresh=True), registry=registry)
            claims = CodeIDToken(decoded.claims, decoded.header,
                                 {"iss": {"essential": True, "value": self.config.issuer},
                                  "aud": {"essential": True, "value": self.config.client_id}},
                                 {"nonce": nonce, "client_id": self.config.client_id,
                                  "access_token": token.get("access_token")})
            claims.validate(leeway=60)
        except (JoseError, ValueError) as err:
            raise SignInError(f"the sign-in provider's ID token was refused ({err}); start again") from err
        return dict(claims)

    def _identity(self, claims: Mapping) -> Identity:
        config = self.config
        raw_groups = claims.get(config.groups_claim) or []
        if isinstance(raw_groups, str):
            raw_groups = [raw_groups]
        groups = tuple(str(g) for g in raw_groups if isinstance(g, (str, int)))
        username = next((str(claims[c]) for c in (config.username_claim, "email", "sub")
                         if isinstance(claims.get(c), str) and claims[c].strip()), None)
        if not username:
            raise SignInError("the sign-in provider's ID token names nobody (no sub claim)")
        role = role_for(groups, config.roles, config.default_role)
        if role is None:
            listed = ", ".join(sorted(config.roles)) or "none"
            raise SignInError(f"{username} is in none of the groups given access to this dashboard "
                              f"({listed}); ask whoever runs it to add you")
        return Identity(username=username.strip(), subject=str(claims["sub"]), role=role,
                        email=claims.get("email") if isinstance(claims.get("email"), str) else None,
                        name=claims.get("name") if isinstance(claims.get("name"), str) else None, groups=groups)
