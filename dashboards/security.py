"""Who may reach the dashboard, and what its responses allow a browser to do.

An influence map holds personal judgements about named people, so the server lets nobody
in by accident:

* Without an access token it answers only on this machine: ``influence serve`` refuses
  to listen on another interface (:func:`check_listen_address`) and every request must
  name a loopback host, which also defeats DNS rebinding (a web page whose name suddenly
  points at 127.0.0.1).
* With a token (environment variable ``INFLUENCE_TOKEN``) every request must carry it:
  once as ``?token=…`` (answered with an HttpOnly, SameSite=Strict session cookie and a
  reload without the token in the address), or as ``Authorization: Bearer …``. Tokens are
  compared in constant time.
* With accounts (``influence users add``, or single sign-on configured) everyone signs in
  on the login page (:mod:`influence.dashboard.login`) or sends an API token as
  ``Authorization: Bearer …``; the shared token, when set, still works. Each request then
  carries an *actor* (:func:`current_actor`) that the service asks
  :func:`influence.auth.allowed` about before every read, edit and export.
* Uploads are limited (``--max-upload-mb`` or ``INFLUENCE_MAX_UPLOAD_MB``, default 20 MB);
  the upload zone refuses a bigger file in the browser with a message, and the server
  refuses a bigger request body outright.
* Every response carries a Content-Security-Policy without inline scripts (Dash's one
  inline script is allowed by its hash), ``nosniff``, no framing and no referrer; data
  responses are never cached.

:func:`install_security` puts all of this on a Dash app's Flask server; ``create_app``
calls it. Nothing here is pickled and nothing leaves the machine.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import ipaddress
import math
import os
import re
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from influence.errors import InfluenceError

__all__ = [
    "TOKEN_ENV",
    "MAX_UPLOAD_ENV",
    "DEFAULT_MAX_UPLOAD_MB",
    "MIN_TOKEN_LENGTH",
    "SESSION_COOKIE",
    "is_loopback",
    "configured_token",
    "max_upload_mb",
    "check_listen_address",
    "upload_limit_message",
    "upload_too_large",
    "content_security_policy",
    "install_security",
    "current_actor",
    "CALLBACK_MAX_BYTES",
]

TOKEN_ENV = "INFLUENCE_TOKEN"
"""Environment variable holding the access token (a long random password)."""

MAX_UPLOAD_ENV = "INFLUENCE_MAX_UPLOAD_MB"
"""Environment variable holding the upload limit in megabytes."""

DEFAULT_MAX_UPLOAD_MB = 20.0
"""Largest workbook the dashboard accepts unless told otherwise (MB)."""

MIN_TOKEN_LENGTH = 16
"""Shortest access token accepted: anything shorter could be guessed over the network."""

SESSION_COOKIE = "influence_session"
"""Cookie that proves a browser has been given the token."""

_MB = 1024 * 1024
_MAKE_TOKEN = 'python -c "import secrets; print(secrets.token_urlsafe(24))"'
# A Dash request carries the file base64-encoded (4/3 of its size) inside JSON next to
# the other inputs of the callback; this much room is left for those.
_REQUEST_SLACK = _MB

CALLBACK_MAX_BYTES = 8 * _MB
"""Largest body of a Dash callback request other than the upload's: the page's state
(filters, a what-if, a table edit, the grid chart when its tab is switched) fits well
within it, and nobody can make the server parse an upload-sized JSON body elsewhere."""

_OUTPUT_FIELD = re.compile(rb'^\s*\{\s*"output"\s*:\s*"((?:[^"\\]|\\.){1,2000})"')
# Static code (Dash's and the components' bundles, our assets) may be cached; everything
# else describes the user's maps and must not be.
_STATIC_PREFIXES = ("_dash-component-suites/", "assets/", "_favicon.ico")


# --- configuration ----------------------------------------------------------------------

def is_loopback(host: str | None) -> bool:
    """Whether *host* names this machine only (127.0.0.0/8, ``::1`` or ``localhost``).

    Examples
    --------
    >>> [is_loopback(h) for h in ("127.0.0.1", "127.8.0.2", "::1", "[::1]", "localhost", "LOCALHOST.")]
    [True, True, True, True, True, True]
    >>> [is_loopback(h) for h in ("0.0.0.0", "", "::", "192.168.1.20", "example.com", "localhost.evil.com")]
    [False, False, False, False, False, False]
    """
    host = (host or "").strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host.rstrip(".") == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # any other name could resolve to anything
    mapped = getattr(address, "ipv4_mapped", None)
    return bool((mapped or address).is_loopback)


def configured_token(environ: Mapping[str, str] | None = None) -> str | None:
    """The access token set in ``INFLUENCE_TOKEN``, or ``None`` when there is none.

    Raises
    ------
    InfluenceError
        If the token is shorter than :data:`MIN_TOKEN_LENGTH` characters.

    Examples
    --------
    >>> configured_token({}) is None, configured_token({"INFLUENCE_TOKEN": "  "}) is None
    (True, True)
    >>> configured_token({"INFLUENCE_TOKEN": "correct-horse-battery-staple"})
    'correct-horse-battery-staple'
    >>> configured_token({"INFLUENCE_TOKEN": "secret"})
    Traceback (most recent call last):
    ...
    influence.errors.InfluenceError: INFLUENCE_TOKEN is too short (6 characters); use at least 16, e.g. the output of python -c "import secrets; print(secrets.token_urlsafe(24))"
    """
    environ = os.environ if environ is None else environ
    token = (environ.get(TOKEN_ENV) or "").strip()
    if not token:
        return None
    if len(token) < MIN_TOKEN_LENGTH:
        raise InfluenceError(f"{TOKEN_ENV} is too short ({len(token)} characters); use at least "
                             f"{MIN_TOKEN_LENGTH}, e.g. the output of {_MAKE_TOKEN}")
    return token


def max_upload_mb(value: float | str | None = None, environ: Mapping[str, str] | None = None) -> float:
    """The upload limit in MB: *value*, else ``INFLUENCE_MAX_UPLOAD_MB``, else 20.

    Raises
    ------
    InfluenceError
        If the limit is not a positive number.

    Examples
    --------
    >>> max_upload_mb(None, {}), max_upload_mb(None, {"INFLUENCE_MAX_UPLOAD_MB": "50"}), max_upload_mb(5, {})
    (20.0, 50.0, 5.0)
    >>> max_upload_mb(None, {"INFLUENCE_MAX_UPLOAD_MB": "lots"})
    Traceback (most recent call last):
    ...
    influence.errors.InfluenceError: INFLUENCE_MAX_UPLOAD_MB must be a number of megabytes above 0, not 'lots'
    """
    environ = os.environ if environ is None else environ
    source, raw = ("--max-upload-mb", value) if value is not None else (MAX_UPLOAD_ENV, environ.get(MAX_UPLOAD_ENV))
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return DEFAULT_MAX_UPLOAD_MB
    try:
        limit = float(raw)
    except (TypeError, ValueError):
        limit = math.nan
    if not (limit > 0 and math.isfinite(limit)):
        raise InfluenceError(f"{source} must be a number of megabytes above 0, not {raw!r}")
    return limit


def check_listen_address(host: str, token: str | None, *, accounts: bool = False) -> None:
    """Refuse to listen beyond this machine when nothing asks who is there.

    Raises
    ------
    InfluenceError
        If *host* is not a loopback address, *token* is ``None`` and there are no
        *accounts* (nor single sign-on); the message says how to set a token or add one.

    Examples
    --------
    >>> check_listen_address("127.0.0.1", None)
    >>> check_listen_address("0.0.0.0", "a-long-random-token-0123")
    >>> check_listen_address("0.0.0.0", None, accounts=True)
    >>> check_listen_address("0.0.0.0", None)
    Traceback (most recent call last):
    ...
    influence.errors.InfluenceError: refusing to listen on 0.0.0.0 without an access token: anyone on the network could read the maps. Set one first, e.g. export INFLUENCE_TOKEN=$(python -c "import secrets; print(secrets.token_urlsafe(24))"), or add accounts (influence users add NAME --role admin), or keep --host 127.0.0.1
    """
    if token is None and not accounts and not is_loopback(host):
        raise InfluenceError(
            f"refusing to listen on {host or 'every interface'} without an access token: anyone on the network "
            f"could read the maps. Set one first, e.g. export {TOKEN_ENV}=$({_MAKE_TOKEN}), or add accounts "
            f"(influence users add NAME --role admin), or keep --host 127.0.0.1")


# --- uploads ----------------------------------------------------------------------------

def _megabytes(n: float) -> str:
    return f"{n / _MB:.1f}".rstrip("0").rstrip(".") + " MB"


def upload_limit_message(size: int | None, limit: int, name: str | None = None) -> str:
    """The sentence shown when a file of *size* bytes is over the *limit* (bytes).

    Examples
    --------
    >>> upload_limit_message(31 * 1024 * 1024, 20 * 1024 * 1024, "hr.xlsx")
    'hr.xlsx is 31 MB; this dashboard accepts files up to 20 MB. Remove unused sheets or columns, or restart it with influence serve --max-upload-mb 40 (or INFLUENCE_MAX_UPLOAD_MB=40).'
    """
    what = f"{name or 'The file'} is {_megabytes(size)}" if size else f"{name or 'The file'} is too large"
    size_mb = (size or 0) / _MB
    bigger = max(2 * limit / _MB, math.ceil(size_mb) if size_mb < 10 else math.ceil(size_mb / 10) * 10)
    bigger = f"{bigger:g}"
    return (f"{what}; this dashboard accepts files up to {_megabytes(limit)}. Remove unused sheets or columns, "
            f"or restart it with influence serve --max-upload-mb {bigger} (or {MAX_UPLOAD_ENV}={bigger}).")


def upload_too_large(contents: str | None, name: str | None = None) -> str | None:
    """The message for an upload over the running server's limit, else ``None``.

    *contents* is the ``data:…;base64,…`` text of a ``dcc.Upload``; its size is worked
    out without decoding it. Outside a request of an app with :func:`install_security`
    there is no limit.

    Examples
    --------
    >>> upload_too_large("data:text/csv;base64,QUJD") is None   # no server, no limit
    True
    """
    import flask

    if not contents or not flask.has_app_context():
        return None
    limit = flask.current_app.config.get("INFLUENCE_MAX_UPLOAD_BYTES")
    if not limit:
        return None
    encoded = contents.split(",", 1)[-1]
    size = len(encoded) * 3 // 4 - encoded[-2:].count("=")
    return upload_limit_message(size, limit, name) if size > limit else None


# --- the Flask layer --------------------------------------------------------------------

_ACTOR = "influence_actor"


def current_actor():
    """Who is behind the current request (an :class:`influence.auth.Actor`).

    Outside any request (a script or a test calling the service directly) it is the one
    person at this machine, :data:`influence.auth.LOCAL_OWNER`. Inside a request it is
    whoever :func:`install_security` let in, and ``None`` (allowed nothing) for a request
    it did not see.
    """
    import flask

    from influence.auth import LOCAL_OWNER

    if not flask.has_request_context():
        return LOCAL_OWNER
    return flask.g.get(_ACTOR)


def content_security_policy(app, *, allow_eval: bool = False) -> str:
    """The Content-Security-Policy header for *app* (a Dash app with its callbacks).

    Scripts come only from the server itself (Dash's inline start-up script is allowed
    by its hash); styles may be inline because React, Plotly and AG Grid set them so;
    nothing may frame the page, and it talks to nobody but its own server.
    ``allow_eval`` is for Dash's debug bundles only.
    """
    scripts = ["'self'", *app.csp_hashes()] + (["'unsafe-eval'"] if allow_eval else [])
    directives = {
        "default-src": ["'self'"],
        "script-src": scripts,
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _host_name(host: str) -> str:
    """The name in a Host header, without its port (``[::1]:8050`` -> ``[::1]``)."""
    if host.startswith("["):
        return host[:host.find("]") + 1]
    return host.rsplit(":", 1)[0]


def _session_value(token: str) -> str:
    # The cookie holds a proof of the token, not the token: a browser's cookie store
    # never has the secret itself, and changing the token signs everybody out.
    return hmac.new(token.encode(), b"influence-map session v1", hashlib.sha256).hexdigest()


def _same(supplied: str | None, expected: str) -> bool:
    return supplied is not None and hmac.compare_digest(supplied.encode("utf-8", "replace"), expected.encode())


def _page(status: int, title: str, text: str, **headers):
    import flask

    body = (f"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\"><h1>{html.escape(title)}</h1>"
            f"<p>{html.escape(text)}</p></body></html>")
    return flask.Response(body, status=status, headers=headers, content_type="text/html; charset=utf-8")


def _signed_in(target: str, cookie: str, secure: bool):
    import flask

    # A page that reloads itself rather than a 30x: after a cross-site link (the token
    # sent by e-mail or chat) Chrome treats a redirect chain as cross-site and would not
    # send the SameSite=Strict cookie to the redirected URL; a reload started by our own
    # page is same-site, so the cookie goes with it.
    quoted = html.escape(target, quote=True)
    body = (f"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"refresh\" content=\"0; url={quoted}\"><title>Signed in</title>"
            f"<body style=\"font-family:sans-serif\"><p>Signed in. <a href=\"{quoted}\">Open the dashboard</a>.</p>")
    response = flask.Response(body, status=200, content_type="text/html; charset=utf-8")
    response.set_cookie(SESSION_COOKIE, cookie, httponly=True, samesite="Strict", secure=secure, path="/")
    return response


def install_security(app, *, token: str | None = None, max_upload_mb: float | None = None, accounts=None,
                     oidc_client=None, public_url: str | None = None) -> None:
    """Guard every request of the Dash *app* and harden every response.

    Parameters
    ----------
    app : dash.Dash
        The dashboard, with its callbacks registered (their inline scripts are hashed
        into the Content-Security-Policy on the first request).
    token : str, optional
        Shared access token; ``None`` (or ``""``) means none. Without a token and without
        accounts the app answers only requests addressed to a loopback host.
    max_upload_mb : float, optional
        Largest upload in MB (default 20).
    accounts : influence.auth.Accounts, optional
        The store's accounts: once it has any (or single sign-on is set up), every request
        needs a signed-in session, an API token or the shared token.
    oidc_client : influence.auth.OIDCClient, optional
        Single sign-on through this provider.
    public_url : str, optional
        The address people reach the dashboard at (``https://maps.example.com``), for the
        single sign-on return address behind a proxy; default the request's own.

    Examples
    --------
    >>> import tempfile, os
    >>> from influence.dashboard.app import create_app
    >>> app = create_app(os.path.join(tempfile.mkdtemp(), "ws.sqlite"), token="correct-horse-battery-staple")
    >>> client = app.server.test_client()
    >>> client.get("/_dash-layout").status_code
    401
    >>> client.get("/_dash-layout", headers={"Authorization": "Bearer correct-horse-battery-staple"}).status_code
    200
    """
    import flask

    server = app.server
    token = token or None
    limit = int(max_upload_mb * _MB if max_upload_mb is not None else DEFAULT_MAX_UPLOAD_MB * _MB)
    server.config["INFLUENCE_MAX_UPLOAD_BYTES"] = limit
    server.config["INFLUENCE_ACCOUNTS"] = accounts
    server.config["INFLUENCE_PREFIX"] = app.config.routes_pathname_prefix or "/"
    server.config["MAX_CONTENT_LENGTH"] = math.ceil(limit * 4 / 3) + _REQUEST_SLACK
    # The upload zone refuses a bigger file itself (assets/upload_limit.js says why).
    app.config.meta_tags.append({"name": "influence-max-upload", "content": str(limit)})
    _limit_upload_components(app, limit)
    prefix = app.config.routes_pathname_prefix or "/"
    session = _session_value(token) if token else None
    policy = {}
    if accounts is not None:
        from influence.auth import SHARED_TOKEN_ACTOR, LOCAL_OWNER
        from . import login

        login.install_login(app, accounts, oidc_client=oidc_client, public_url=public_url,
                            session_cookie=SESSION_COOKIE)
        public = login.public_paths(prefix)
    else:
        from influence.auth import SHARED_TOKEN_ACTOR, LOCAL_OWNER

        public = set()

    upload_outputs = {}

    def _is_upload(body: bytes) -> bool:
        # Dash's renderer sends the callback's output first; only the callbacks that read an
        # upload's contents may send a body beyond CALLBACK_MAX_BYTES.
        if "outputs" not in upload_outputs:
            upload_outputs["outputs"] = {
                key for key, spec in app.callback_map.items()
                if any(dep.get("property") == "contents" for dep in spec.get("inputs", []))}
        match = _OUTPUT_FIELD.match(body[:4096])
        return bool(match) and match.group(1).decode("utf-8", "replace") in upload_outputs["outputs"]

    @server.before_request
    def _guard():
        request = flask.request
        length = request.content_length
        if length is not None and length > server.config["MAX_CONTENT_LENGTH"]:
            return _page(413, "Upload too large", upload_limit_message(None, limit))
        if (length or 0) > CALLBACK_MAX_BYTES and request.path == prefix + "_dash-update-component" \
                and not _is_upload(request.get_data(cache=True)):
            return _page(413, "Request too large", f"A dashboard request is at most "
                                                   f"{_megabytes(CALLBACK_MAX_BYTES)} (only uploads may be larger).")
        origin = request.headers.get("Origin")
        if origin and request.method not in ("GET", "HEAD") and urlsplit(origin).netloc.lower() != request.host.lower():
            return _page(403, "Forbidden", "This request came from another web site.")
        if request.path in public:
            return None  # the sign-in pages: they check what they are sent themselves
        if token is not None and "token" in request.args:
            if not _same(request.args.get("token"), token):
                return _denied()
            flask.g.influence_actor = SHARED_TOKEN_ACTOR
            if request.method == "GET":
                rest = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
                target = request.path + ("?" + urlencode(rest) if rest else "")
                return _signed_in(target, session, request.is_secure)
            return None
        authorization = request.headers.get("Authorization", "")
        if authorization[:7].lower() == "bearer ":
            supplied = authorization[7:].strip()
            actor = SHARED_TOKEN_ACTOR if token is not None and _same(supplied, token) else (
                accounts.from_api_token(supplied) if accounts is not None else None)
            if actor is None:
                return _denied()
            flask.g.influence_actor = actor
            return None
        cookie = request.cookies.get(SESSION_COOKIE)
        if token is not None and _same(cookie, session):
            flask.g.influence_actor = SHARED_TOKEN_ACTOR
            return None
        if accounts is not None and accounts.enabled():
            actor = accounts.from_session(cookie) if cookie else None
            if actor is not None:
                flask.g.influence_actor = actor
                return None
            return _sign_in_needed()
        if token is not None:
            return _denied()
        if not is_loopback(_host_name(request.host)):
            return _page(403, "Only on this machine",
                         f"This dashboard has no access token, so it answers only on this machine "
                         f"(http://127.0.0.1). Whoever runs it can set {TOKEN_ENV} to share it.")
        flask.g.influence_actor = LOCAL_OWNER
        return None

    def _denied():
        if accounts is not None and accounts.enabled():
            return _sign_in_needed()
        return _page(401, "Access token needed",
                     "This influence-map dashboard needs its access token. Open the link with ?token=… "
                     "that whoever runs it gave you, or send the header Authorization: Bearer <token>.",
                     **{"WWW-Authenticate": 'Bearer realm="influence-map"'})

    def _sign_in_needed():
        request = flask.request
        relative = request.path[len(prefix):] if request.path.startswith(prefix) else request.path
        if request.method == "GET" and not relative.startswith(("_dash-", "_reload-hash")):
            # A page: off to the sign-in form, and back here afterwards.
            target = request.full_path if request.query_string else request.path
            return flask.redirect(f"{prefix}login?{urlencode({'next': target})}", code=303)
        return _page(401, "Sign-in needed",
                     "Your sign-in has ended or you have not signed in. Reload the page to sign in, or send "
                     "Authorization: Bearer <API token> (influence users token NAME makes one).",
                     **{"WWW-Authenticate": 'Bearer realm="influence-map"'})

    from influence.auth import PermissionDenied

    from influence.store import MapNotFound

    @server.errorhandler(PermissionDenied)
    def _forbidden(error):
        # A callback asked the service for something the actor's role does not allow.
        return _page(403, "Not allowed", str(error))

    @server.errorhandler(MapNotFound)
    def _not_found(error):
        # A page sent a map or version that is not (or no longer) there: say so, no traceback.
        return _page(404, "Not found", str(error))

    @server.errorhandler(413)
    def _too_large(_error):
        return _page(413, "Upload too large", upload_limit_message(None, limit))

    @server.after_request
    def _headers(response):
        _show_account(response)
        if "csp" not in policy:
            dev = getattr(getattr(app, "_dev_tools", None), "serve_dev_bundles", False)
            policy["csp"] = content_security_policy(app, allow_eval=bool(dev))
        headers = response.headers
        headers["Content-Security-Policy"] = policy["csp"]
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        # The sign-in forms post to this server: under no-referrer a browser would send
        # "Origin: null" with them, which the guard above cannot tell from another site's.
        headers["Referrer-Policy"] = "same-origin" if flask.request.path in public else "no-referrer"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        path = flask.request.path
        relative = path[len(prefix):] if path.startswith(prefix) else path.lstrip("/")
        if not relative.startswith(_STATIC_PREFIXES) or response.status_code >= 400:
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"
        return response


def _show_account(response) -> None:
    """Name the signed-in account on the dashboard's page, with a way to sign out."""
    import flask

    actor = flask.g.get(_ACTOR)
    if (actor is None or actor.via not in ("password", "sso") or response.status_code != 200
            or response.mimetype != "text/html" or flask.request.method != "GET" or response.direct_passthrough):
        return
    page = response.get_data(as_text=True)
    if "<body>" not in page:
        return
    prefix = flask.current_app.config.get("INFLUENCE_PREFIX", "/")
    # Styled here (inline styles are allowed by the policy): bottom right, out of the toolbar's way.
    style = ("position:fixed;right:.75rem;bottom:.5rem;z-index:1050;font:12px system-ui,sans-serif;"
             "background:rgba(255,255,255,.92);border:1px solid #d0d7de;border-radius:6px;padding:.2rem .5rem")
    bar = (f'<div class="influence-account" id="influence-account" style="{style}">Signed in as '
           f'<strong>{html.escape(actor.name)}</strong> ({html.escape(actor.role)}) &middot; '
           f'<a href="{html.escape(prefix)}logout">Sign out</a></div>')
    # Character references for anything beyond ASCII: the page's own text is ASCII, and a
    # raw non-ASCII character here stopped Chromium from starting the Dash app.
    bar = bar.encode("ascii", "xmlcharrefreplace").decode("ascii")
    response.set_data(page.replace("<body>", "<body>" + bar, 1))


def _limit_upload_components(app, limit: int) -> None:
    """Give every ``dcc.Upload`` of the layout ``max_size=limit`` (the browser refuses bigger files)."""
    from dash import dcc

    def limited(tree):
        nodes = [tree, *tree._traverse()] if hasattr(tree, "_traverse") else []
        for node in nodes:
            if isinstance(node, dcc.Upload):
                node.max_size = limit
        return tree

    layout = app.layout
    if callable(layout):
        def limited_layout():
            return limited(layout())

        limited_layout.__doc__ = layout.__doc__
        app.layout = limited_layout
    elif layout is not None:
        app.layout = limited(layout)
