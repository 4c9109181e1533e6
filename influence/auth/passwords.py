"""Passwords of local accounts, hashed with Argon2id (argon2-cffi).

Argon2id is memory-hard: each guess costs an attacker who stole the database tens of
megabytes of memory and tens of milliseconds, so a leaked table of hashes does not give
away the passwords. Only hashes are stored; the password itself is never written anywhere.

Examples
--------
>>> stored = hash_password("correct horse battery")
>>> stored.startswith("$argon2id$")
True
>>> verify_password(stored, "correct horse battery"), verify_password(stored, "Correct horse battery")
(True, False)
"""

from __future__ import annotations

from influence.errors import InfluenceError

__all__ = ["MIN_PASSWORD_LENGTH", "MAX_PASSWORD_LENGTH", "check_password", "hash_password",
           "verify_password", "needs_rehash", "dummy_verify"]

MIN_PASSWORD_LENGTH = 10
"""Shortest password accepted for a local account."""

MAX_PASSWORD_LENGTH = 1024
"""Longest password accepted (a megabyte-long "password" would only be a way to burn CPU)."""

_hasher = None
_dummy = None


def _ph():
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()  # Argon2id, the library's RFC 9106 "low memory" profile
    return _hasher


def check_password(password: str) -> str:
    """*password* when it is long enough to be a password, else an :class:`InfluenceError`.

    Examples
    --------
    >>> check_password("short")
    Traceback (most recent call last):
    ...
    influence.errors.InfluenceError: the password is too short (5 characters); use at least 10, e.g. four unrelated words
    """
    if not isinstance(password, str) or not password.strip():
        raise InfluenceError("the password is empty; use at least 10 characters, e.g. four unrelated words")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InfluenceError(f"the password is too short ({len(password)} characters); use at least "
                             f"{MIN_PASSWORD_LENGTH}, e.g. four unrelated words")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InfluenceError(f"the password is too long ({len(password)} characters); use at most "
                             f"{MAX_PASSWORD_LENGTH}")
    return password


def hash_password(password: str) -> str:
    """The Argon2id hash of *password* (checked by :func:`check_password` first), to store."""
    return _ph().hash(check_password(password))


def verify_password(stored: str | None, password: str | None) -> bool:
    """Whether *password* matches the *stored* hash; ``False`` for a missing or damaged hash.

    Takes as long whether or not the account has a password (see :func:`dummy_verify`),
    so response times do not tell which accounts exist.
    """
    from argon2.exceptions import InvalidHashError, VerificationError

    if not isinstance(password, str) or not password or len(password) > MAX_PASSWORD_LENGTH:
        return False
    if not stored:
        dummy_verify(password)
        return False
    try:
        return _ph().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether *stored* was made with weaker parameters than today's (rehash it at the next sign-in)."""
    from argon2.exceptions import InvalidHashError

    try:
        return _ph().check_needs_rehash(stored)
    except InvalidHashError:
        return True


def dummy_verify(password: str) -> None:
    """Spend the time a real check would, for a name with no account behind it."""
    from argon2.exceptions import VerificationError

    global _dummy
    if _dummy is None:
        _dummy = _ph().hash("influence-map: no such account")
    try:
        _ph().verify(_dummy, password[:MAX_PASSWORD_LENGTH] or "-")
    except VerificationError:
        pass
