"""A small but real OpenID Connect provider for the tests, on 127.0.0.1.

It serves what a relying party needs from a company identity provider:

* ``/.well-known/openid-configuration`` (discovery), ``/jwks`` (its public RSA key);
* ``/authorize``: the authorization code flow with PKCE (S256); it checks the client and
  its registered redirect address, and signs in whoever the test chose with
  :meth:`Provider.sign_in_as` (standing in for the person typing a password there);
* ``/token``: trades a code (once, within 60 s, with the client's secret and the PKCE
  verifier) for an access token and an RS256-signed ID token (joserfc, the JOSE library
  authlib builds on) with ``iss``, ``sub``, ``aud``, ``exp``, ``iat``, ``nonce``,
  ``at_hash``, ``email``, ``name``, ``preferred_username`` and ``groups``.

:attr:`Provider.tamper` makes it misbehave the ways a relying party must notice: a wrong
nonce, audience or issuer, an expired token, a token signed by another key.

    with Provider(clients={"influence": ("s3cret", ["http://127.0.0.1/login/sso/callback"])}) as idp:
        idp.add_user("ann", groups=["alliances"])
        ...
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from urllib.parse import urlencode

from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def _half_hash(token: str) -> str:
    digest = hashlib.sha256(token.encode()).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode()


class Provider:
    """The provider, served in a thread on a free port of 127.0.0.1 while used as a context manager."""

    def __init__(self, clients: dict[str, tuple[str, list[str]]]):
        self.clients = dict(clients)
        self.users: dict[str, dict] = {}
        self.current: str | None = None
        self.tamper: str | None = None
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig", "alg": "RS256"})
        self._codes: dict[str, dict] = {}
        self._lock = threading.Lock()
        self.token_requests = 0
        self.app = self._build()
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = None

    # set-up ------------------------------------------------------------------------------

    def add_user(self, username: str, *, groups=(), email: str | None = None, name: str | None = None) -> None:
        self.users[username] = {"sub": f"sub-{username}", "preferred_username": username,
                                "email": email or f"{username}@partner.example", "name": name or username.title(),
                                "groups": list(groups)}

    def sign_in_as(self, username: str | None) -> None:
        """Who the next visit to /authorize signs in (``None``: the person cancels)."""
        self.current = username

    def __enter__(self) -> "Provider":
        self._thread = threading.Thread(target=self._server.serve_forever, name="test-oidc-provider", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    # the provider ------------------------------------------------------------------------

    def _build(self) -> Flask:
        app = Flask("test-oidc-provider")

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify({
                "issuer": self.issuer,
                "authorization_endpoint": self.issuer + "/authorize",
                "token_endpoint": self.issuer + "/token",
                "jwks_uri": self.issuer + "/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "code_challenge_methods_supported": ["S256"],
                "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "email", "name",
                                     "preferred_username", "groups"],
            })

        @app.get("/jwks")
        def jwks():
            return jsonify({"keys": [self.key.as_dict(private=False)]})

        @app.get("/authorize")
        def authorize():
            args = request.args
            client = self.clients.get(args.get("client_id", ""))
            redirect_uri = args.get("redirect_uri", "")
            if client is None or redirect_uri not in client[1]:
                return "unknown client or redirect_uri", 400
            if args.get("response_type") != "code" or "openid" not in (args.get("scope") or "").split():
                return _back(redirect_uri, error="unsupported_response_type", state=args.get("state"))
            if args.get("code_challenge_method") != "S256" or not args.get("code_challenge"):
                return _back(redirect_uri, error="invalid_request", error_description="PKCE S256 required",
                             state=args.get("state"))
            if self.current is None:
                return _back(redirect_uri, error="access_denied", error_description="the user cancelled",
                             state=args.get("state"))
            code = secrets.token_urlsafe(24)
            with self._lock:
                self._codes[code] = {"client_id": args["client_id"], "redirect_uri": redirect_uri,
                                     "nonce": args.get("nonce"), "challenge": args["code_challenge"],
                                     "user": self.current, "expires": time.time() + 60}
            return _back(redirect_uri, code=code, state=args.get("state"))

        @app.post("/token")
        def token():
            self.token_requests += 1
            form = request.form
            auth = request.authorization
            client_id, secret = (auth.username, auth.password) if auth else (form.get("client_id"),
                                                                             form.get("client_secret"))
            client = self.clients.get(client_id or "")
            if client is None or not secrets.compare_digest(client[0], secret or ""):
                return jsonify(error="invalid_client"), 401
            if form.get("grant_type") != "authorization_code":
                return jsonify(error="unsupported_grant_type"), 400
            with self._lock:
                grant = self._codes.pop(form.get("code", ""), None)
            if (grant is None or grant["expires"] < time.time() or grant["client_id"] != client_id
                    or grant["redirect_uri"] != form.get("redirect_uri")):
                return jsonify(error="invalid_grant", error_description="unknown, used or expired code"), 400
            if _s256(form.get("code_verifier") or "") != grant["challenge"]:
                return jsonify(error="invalid_grant", error_description="PKCE verifier does not match"), 400
            access = secrets.token_urlsafe(24)
            return jsonify(access_token=access, token_type="Bearer", expires_in=300,
                           id_token=self._id_token(grant, client_id, access))

        return app

    def _id_token(self, grant: dict, client_id: str, access_token: str) -> str:
        now = int(time.time())
        claims = {**self.users[grant["user"]], "iss": self.issuer, "aud": client_id, "iat": now, "exp": now + 300,
                  "at_hash": _half_hash(access_token)}
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        key = self.key
        if self.tamper == "nonce":
            claims["nonce"] = "not-the-nonce-you-sent"
        elif self.tamper == "audience":
            claims["aud"] = "another-client"
        elif self.tamper == "issuer":
            claims["iss"] = "http://127.0.0.1:1"
        elif self.tamper == "expired":
            claims["iat"], claims["exp"] = now - 900, now - 600
        elif self.tamper == "signature":
            key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1"})
        return jwt.encode({"alg": "RS256", "kid": "test-key-1"}, claims, key)


def _back(redirect_uri: str, **params):
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return redirect(f"{redirect_uri}{'&' if '?' in redirect_uri else '?'}{query}", code=302)
