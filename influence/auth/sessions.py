"""Signed, expiring sessions that every server process sharing one database accepts.

A session is a small signed text in a cookie: who, until when, and a fingerprint of the
account's password hash (so changing a password signs that account out everywhere). The
signing secret lives in the store's settings (``auth.session-secret``), created by the
first process that needs it; every process over the same database then accepts the
sessions of every other. Nothing is kept per session on the server, and a cookie cannot
be forged or extended without the secret.

Examples
--------
>>> keys = SessionKeys(lambda: "k" * 43)
>>> cookie = keys.issue("ann", fingerprint="f1", lifetime=3600, now=1_000)
>>> keys.read(cookie, now=2_000)
Session(user='ann', fingerprint='f1', expires=4600, issued=1000, purpose='session')
>>> keys.read(cookie, now=5_000) is None      # expired
True
>>> keys.read(cookie[:-2] + "xx", now=2_000) is None   # tampered
True
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["SECRET_SETTING", "DEFAULT_SESSION_HOURS", "Session", "SessionKeys", "store_secret",
           "password_fingerprint"]

SECRET_SETTING = "auth.session-secret"
"""The store setting holding the signing secret of sessions."""

DEFAULT_SESSION_HOURS = 12.0
"""How long a sign-in lasts unless ``influence serve --session-hours`` says otherwise."""

_REFRESH_SECONDS = 5.0


@dataclass(frozen=True)
class Session:
    """What a valid session cookie says."""

    user: str
    fingerprint: str
    expires: int
    issued: int
    purpose: str = "session"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def password_fingerprint(password_hash: str | None) -> str:
    """A short digest of an account's password hash (``""`` for an account without one).

    Examples
    --------
    >>> password_fingerprint(None), len(password_fingerprint("$argon2id$v=19$..."))
    ('', 16)
    """
    if not password_hash:
        return ""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def store_secret(store) -> str:
    """The store's session secret, made and saved when there is none yet.

    Two processes starting at once may both make one; each then reads back the one that
    was stored last, and :class:`SessionKeys` re-reads it when a cookie does not verify,
    so all processes settle on the same secret within seconds.
    """
    secret = store.setting(SECRET_SETTING)
    if not secret:
        store.set_setting(SECRET_SETTING, secrets.token_urlsafe(32))
        secret = store.setting(SECRET_SETTING)
    return secret


class SessionKeys:
    """Issues and checks signed session texts with a secret loaded by *load_secret*.

    Parameters
    ----------
    load_secret : callable
        Returns the current secret (e.g. ``lambda: store_secret(store)``). It is called
        once at first use and again, at most every few seconds, when a cookie fails to
        verify (another process may have stored a new secret); the previous secret keeps
        verifying, so nobody is signed out by the switch.
    """

    def __init__(self, load_secret: Callable[[], str]):
        self._load = load_secret
        self._secrets: list[bytes] = []
        self._checked = 0.0
        self._lock = threading.Lock()

    def _current(self) -> list[bytes]:
        with self._lock:
            if not self._secrets:
                self._secrets = [self._load().encode()]
                self._checked = time.monotonic()
            return list(self._secrets)

    def _refresh(self) -> bool:
        with self._lock:
            if time.monotonic() - self._checked < _REFRESH_SECONDS:
                return False
            self._checked = time.monotonic()
            fresh = self._load().encode()
            if self._secrets and fresh == self._secrets[0]:
                return False
            self._secrets = [fresh, *self._secrets[:1]]
            return True

    @staticmethod
    def _sign(secret: bytes, body: str) -> str:
        return _b64(hmac.new(secret, body.encode(), hashlib.sha256).digest())

    def issue(self, user: str, *, fingerprint: str = "", lifetime: float, now: float | None = None,
              purpose: str = "session", extra: dict | None = None) -> str:
        """A signed text naming *user*, valid for *lifetime* seconds."""
        now = int(time.time() if now is None else now)
        payload = {"u": user, "f": fingerprint, "e": now + int(lifetime), "i": now, "p": purpose,
                   "n": secrets.token_urlsafe(8)}
        if extra:
            payload["x"] = extra
        body = _b64(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
        return f"{body}.{self._sign(self._current()[0], body)}"

    def payload(self, text: str | None, *, now: float | None = None, purpose: str = "session") -> dict | None:
        """The whole signed payload of *text* when it verifies and has not expired, else ``None``."""
        if not text or len(text) > 8192 or text.count(".") != 1:
            return None
        body, signature = text.split(".")
        if not self._verifies(body, signature) and not (self._refresh() and self._verifies(body, signature)):
            return None
        try:
            data = json.loads(_unb64(body))
        except ValueError:
            return None
        now = time.time() if now is None else now
        if not isinstance(data, dict) or data.get("p") != purpose or not isinstance(data.get("e"), int):
            return None
        if data["e"] <= now:
            return None
        return data

    def read(self, text: str | None, *, now: float | None = None, purpose: str = "session") -> Session | None:
        """The :class:`Session` in *text*, or ``None`` when it is forged, damaged or expired."""
        data = self.payload(text, now=now, purpose=purpose)
        if data is None or not isinstance(data.get("u"), str):
            return None
        return Session(data["u"], str(data.get("f", "")), data["e"], int(data.get("i", 0)), data["p"])

    def _verifies(self, body: str, signature: str) -> bool:
        return any(hmac.compare_digest(self._sign(s, body), signature) for s in self._current())
