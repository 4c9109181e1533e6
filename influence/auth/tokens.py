"""API tokens for scripts: long random secrets, stored only as their SHA-256.

A token is shown once, when it is made (``influence users token NAME``); the store keeps
its hash, so a copy of the database does not let anyone in. A plain SHA-256 suffices
(unlike passwords): a token has 256 random bits, far beyond any guessing.

Examples
--------
>>> token = new_api_token()
>>> token.startswith(TOKEN_PREFIX), len(token) > 40
(True, True)
>>> token_hash(token) == token_hash(token), token_hash(token) == token_hash(new_api_token())
(True, False)
>>> looks_like_api_token(token), looks_like_api_token("correct-horse-battery-staple")
(True, False)
"""

from __future__ import annotations

import hashlib
import secrets

__all__ = ["TOKEN_PREFIX", "new_api_token", "token_hash", "looks_like_api_token"]

TOKEN_PREFIX = "infl_"
"""How every API token starts (so a leaked one is easy to recognise and search for)."""


def new_api_token() -> str:
    """A new random API token (shown to its owner once, never stored)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The hex SHA-256 of *token*: what the store keeps and looks tokens up by."""
    return hashlib.sha256(token.strip().encode("utf-8", "replace")).hexdigest()


def looks_like_api_token(text: str | None) -> bool:
    """Whether *text* has the shape of an API token (and is worth looking up)."""
    return bool(text) and text.startswith(TOKEN_PREFIX) and 20 <= len(text) <= 200
