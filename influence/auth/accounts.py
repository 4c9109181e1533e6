"""Accounts of one store: who may sign in, and how a request proves who is behind it.

:class:`Accounts` ties the pieces of :mod:`influence.auth` to a
:class:`~influence.store.MapStore`: passwords (:mod:`.passwords`), API tokens
(:mod:`.tokens`), signed sessions whose secret is in the store (:mod:`.sessions`), the
sign-in throttle (:mod:`.ratelimit`) and single sign-on (:mod:`.oidc`). Every sign-in,
failed or not, goes into the store's audit trail; the failures recorded there also feed
the throttle, so several server processes over one database share one limit per account.

It knows nothing of HTTP: the dashboard (``influence.dashboard.security``) and the command
line (``influence users``) call it.

Examples
--------
>>> import tempfile, os
>>> from influence.store import open_store
>>> store = open_store(os.path.join(tempfile.mkdtemp(), "ws.sqlite"))
>>> accounts = Accounts(store)
>>> accounts.enabled()
False
>>> _ = accounts.add_user("ann", role="editor", password="correct horse battery")
>>> accounts.enabled(refresh=True)
True
>>> actor = accounts.password_sign_in("ann", "correct horse battery", address="127.0.0.1")
>>> actor.name, actor.role, actor.via
('ann', 'editor', 'password')
>>> accounts.from_session(accounts.session_cookie(actor)) == actor
True
>>> [e.action for e in store.events(actor="ann")]
['user-added', 'login']
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from influence.errors import InfluenceError

from .oidc import Identity, OIDCConfig, SignInError
from .passwords import dummy_verify, hash_password, needs_rehash, verify_password
from .permissions import Actor, check_role
from .ratelimit import LoginThrottle
from .sessions import DEFAULT_SESSION_HOURS, SessionKeys, password_fingerprint, store_secret
from .tokens import looks_like_api_token, new_api_token, token_hash

__all__ = ["Accounts", "SignInThrottled", "SHARED_TOKEN_ACTOR", "check_user_name"]

SHARED_TOKEN_ACTOR = Actor("token", "admin", via="shared-token")
"""Whoever holds the shared ``INFLUENCE_TOKEN`` (today's team mode: everyone may do everything)."""

_NAME = re.compile(r"^[\w][\w.@+-]{0,63}$")
_ENABLED_SECONDS = 2.0
_TOUCH_SECONDS = 60.0


class SignInThrottled(SignInError):
    """Raised when too many sign-ins failed lately; ``wait`` is the seconds until the next try."""

    def __init__(self, message: str, wait: float):
        super().__init__(message)
        self.wait = wait


def check_user_name(name: str) -> str:
    """*name* when it can be an account name, else an :class:`InfluenceError` saying what can.

    Examples
    --------
    >>> check_user_name("ann.lee@partner.example")
    'ann.lee@partner.example'
    >>> check_user_name("ann lee")
    Traceback (most recent call last):
    ...
    influence.errors.InfluenceError: account name 'ann lee' is not allowed: use 1 to 64 letters, digits and . _ @ + - (no spaces), starting with a letter or digit
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise InfluenceError(f"account name {name!r} is not allowed: use 1 to 64 letters, digits and . _ @ + - "
                             f"(no spaces), starting with a letter or digit")
    return name


def _iso_ago(seconds: float) -> str:
    return (datetime.now(timezone.utc) - timedelta(seconds=seconds)).isoformat(timespec="microseconds")


def _age(at: str) -> float:
    try:
        when = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return float("inf")
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return (datetime.now(timezone.utc) - when).total_seconds()


class Accounts:
    """Sign-in and request authentication over *store*.

    Parameters
    ----------
    store : influence.store.MapStore
        Where accounts, tokens, the session secret and the audit trail live.
    shared_token : str, optional
        The shared ``INFLUENCE_TOKEN``, still accepted (as :data:`SHARED_TOKEN_ACTOR`).
    oidc : OIDCConfig, optional
        Single sign-on; with it, sign-in is required even before the first local account.
    session_hours : float
        How long a sign-in lasts.
    throttle : LoginThrottle, optional
        Failed sign-in limits (default 5 per account and 20 per address in 15 minutes).
    """

    def __init__(self, store, *, shared_token: str | None = None, oidc: OIDCConfig | None = None,
                 session_hours: float = DEFAULT_SESSION_HOURS, throttle: LoginThrottle | None = None):
        if not session_hours > 0:
            raise InfluenceError(f"--session-hours must be above 0, not {session_hours!r}")
        self.store = store
        self.shared_token = shared_token or None
        self.oidc = oidc
        self.session_seconds = float(session_hours) * 3600
        self.throttle = throttle or LoginThrottle()
        self.keys = SessionKeys(lambda: store_secret(store))
        self._enabled: tuple[float, bool] | None = None
        self._touched: dict[int, float] = {}
        self._lock = threading.Lock()

    # whether sign-in is needed ------------------------------------------------------------

    def enabled(self, *, refresh: bool = False) -> bool:
        """Whether this server has accounts (or single sign-on), so everyone must sign in.

        Checked against the store at most every 2 seconds, so the first account added with
        ``influence users add`` while the server runs takes effect within that time.
        """
        if self.oidc is not None:
            return True
        with self._lock:
            cached = self._enabled
        if not refresh and cached is not None and time.monotonic() - cached[0] < _ENABLED_SECONDS:
            return cached[1]
        value = bool(self.store.users())
        with self._lock:
            self._enabled = (time.monotonic(), value)
        return value

    # accounts ----------------------------------------------------------------------------

    def add_user(self, name: str, *, role: str, password: str | None = None, maps: Iterable[int] | None = None,
                 email: str | None = None, by: str | None = None):
        """Create an account (with a password, or none for a single sign-on account)."""
        check_user_name(name)
        check_role(role)
        if self.store.user(name) is not None:
            raise InfluenceError(f"there is already an account called {name!r}; "
                                 f"change it with influence users passwd or remove it first")
        hashed = hash_password(password) if password is not None else None
        user = self.store.add_user(name, role=role, password_hash=hashed,
                                   maps=tuple(maps) if maps is not None else None, email=email)
        self.store.record_event(by or name, "user-added", detail={"user": name, "role": role,
                                                                   "maps": list(maps) if maps is not None else None})
        self._enabled = None
        return user

    def set_password(self, name: str, password: str, *, by: str | None = None):
        """Give *name* a new password (every session of the account ends)."""
        self._existing(name)
        user = self.store.update_user(name, password_hash=hash_password(password))
        self.store.record_event(by or name, "password-changed", detail={"user": name})
        return user

    def remove_user(self, name: str, *, by: str | None = None) -> None:
        """Remove an account with its API tokens; its sessions stop working at once."""
        self._existing(name)
        self.store.delete_user(name)
        self.store.record_event(by, "user-removed", detail={"user": name})
        self._enabled = None

    def new_api_token(self, name: str, label: str = "", *, by: str | None = None) -> tuple[int, str]:
        """A new API token of account *name*: ``(id, token)``; the token is shown only now."""
        self._existing(name)
        token = new_api_token()
        token_id = self.store.add_api_token(name, token_hash(token), label)
        self.store.record_event(by or name, "token-added", detail={"user": name, "token": token_id, "label": label})
        return token_id, token

    def revoke_api_token(self, token_id: int, *, by: str | None = None) -> None:
        """Revoke an API token by its id (an :class:`InfluenceError` when there is none)."""
        known = {t.id: t for t in self.store.api_tokens()}
        if int(token_id) not in known:
            raise InfluenceError(f"there is no API token {token_id}; influence users list --tokens shows them")
        self.store.revoke_api_token(int(token_id))
        self.store.record_event(by, "token-revoked", detail={"user": known[int(token_id)].user, "token": int(token_id)})

    def _existing(self, name: str):
        user = self.store.user(name)
        if user is None:
            names = ", ".join(u.name for u in self.store.users()) or "none yet"
            raise InfluenceError(f"there is no account called {name!r} (accounts: {names}); "
                                 f"add it with influence users add {name} --role viewer")
        return user

    @staticmethod
    def actor(user, via: str) -> Actor | None:
        """The :class:`Actor` of a stored account, ``None`` when it is disabled."""
        if user is None or getattr(user, "disabled", False):
            return None
        return Actor(user.name, user.role, maps=user.maps, via=via)

    # sign-in -----------------------------------------------------------------------------

    def _recent_failures(self, name: str) -> list[float]:
        """Ages (s) of the account's failed sign-ins since its last success, from the audit trail."""
        ages = []
        for event in self.store.events(actor=name[:64], since=_iso_ago(self.throttle.window)):
            if event.action == "login":
                ages = []
            elif event.action == "login-failed":
                ages.append(_age(event.at))
        return ages

    def password_sign_in(self, name: str, password: str, *, address: str | None = None) -> Actor:
        """The actor for *name* when *password* is theirs; else :class:`SignInError`
        (one message for a wrong name and a wrong password) or :class:`SignInThrottled`."""
        name = (name or "").strip()[:64]
        wait = self.throttle.blocked(name, address, shared_failures=self._recent_failures(name) if name else None)
        if wait > 0:
            self.store.record_event(name or None, "login-throttled", detail={"address": address})
            minutes = max(1, round(wait / 60))
            raise SignInThrottled(f"too many failed sign-ins; try again in {minutes} minute{'s' * (minutes != 1)}",
                                  wait)
        user = self.store.user(name) if name else None
        if user is None:
            dummy_verify(password or "-")
            ok = False
        else:
            ok = verify_password(user.password_hash, password)
        actor = self.actor(user, "password") if ok else None
        if actor is None:
            self.throttle.failed(name, address)
            self.store.record_event(name or None, "login-failed",
                                    detail={"address": address, "via": "password",
                                            "reason": "disabled" if ok else "wrong name or password"})
            raise SignInError("wrong account name or password" if not ok else f"the account {name} is disabled")
        self.throttle.succeeded(name)
        if needs_rehash(user.password_hash):
            self.store.update_user(name, password_hash=hash_password(password))
        self._signed_in(actor, address)
        return actor

    def sso_sign_in(self, identity: Identity, *, address: str | None = None) -> Actor:
        """The actor for someone the identity provider vouched for; their account is made
        or updated (role from their groups; a map limit set by an admin stays)."""
        try:
            check_user_name(identity.username)
        except InfluenceError as err:
            raise SignInError(str(err)) from None
        user = self.store.user(identity.username)
        if user is None:
            user = self.store.add_user(identity.username, role=identity.role, email=identity.email)
            self.store.record_event(identity.username, "user-added",
                                    detail={"user": identity.username, "role": identity.role, "via": "sso"})
        elif user.password_hash:
            # A local account of the same name: the provider's word must not take it over.
            self.store.record_event(identity.username, "login-failed",
                                    detail={"address": address, "via": "sso", "reason": "local account"})
            raise SignInError(f"{identity.username} is a local account here; sign in with its password")
        elif user.role != identity.role or (identity.email and user.email != identity.email):
            user = self.store.update_user(identity.username, role=identity.role, email=identity.email or user.email)
        actor = self.actor(user, "sso")
        if actor is None:
            self.store.record_event(identity.username, "login-failed",
                                    detail={"address": address, "via": "sso", "reason": "disabled"})
            raise SignInError(f"the account {identity.username} is disabled")
        self._signed_in(actor, address, groups=list(identity.groups))
        return actor

    def _signed_in(self, actor: Actor, address: str | None, **detail) -> None:
        from influence.store.base import now

        self.store.update_user(actor.name, last_login=now())
        self.store.record_event(actor.name, "login", detail={"address": address, "via": actor.via,
                                                             "role": actor.role, **detail})

    def sign_out(self, actor: Actor | None, *, address: str | None = None) -> None:
        """Record that *actor* signed out (the dashboard drops the cookie)."""
        if actor is not None and actor.via in ("password", "sso"):
            self.store.record_event(actor.name, "logout", detail={"address": address})

    # proving who is behind a request ------------------------------------------------------

    def session_cookie(self, actor: Actor) -> str:
        """The signed session text for a signed-in *actor*."""
        user = self.store.user(actor.name)
        return self.keys.issue(actor.name, fingerprint=password_fingerprint(user.password_hash if user else None),
                               lifetime=self.session_seconds, extra={"v": actor.via})

    def from_session(self, text: str | None) -> Actor | None:
        """The actor of a session cookie: ``None`` when forged, expired, for a removed or
        disabled account, or from before the account's password changed."""
        data = self.keys.payload(text)
        if data is None or not isinstance(data.get("u"), str):
            return None
        user = self.store.user(data["u"])
        if user is None or password_fingerprint(user.password_hash) != data.get("f"):
            return None
        via = (data.get("x") or {}).get("v") if isinstance(data.get("x"), dict) else None
        return self.actor(user, via if via in ("password", "sso") else "password")

    def from_api_token(self, token: str | None) -> Actor | None:
        """The actor of an API token, ``None`` when unknown, revoked or its account disabled."""
        if not looks_like_api_token(token):
            return None
        info = self.store.api_token(token_hash(token))
        if info is None or info.revoked:
            return None
        actor = self.actor(self.store.user(info.user), "api-token")
        if actor is not None:
            moment = time.monotonic()
            with self._lock:
                due = moment - self._touched.get(info.id, -_TOUCH_SECONDS) >= _TOUCH_SECONDS
                if due:
                    self._touched[info.id] = moment
            if due:  # a write per minute per token, not per request
                self.store.touch_api_token(info.id)
        return actor
