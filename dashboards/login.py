"""The sign-in page, signing out, and the single sign-on round trip, on the dashboard's Flask server.

Plain server-rendered HTML: no script at all, a stylesheet from this server, so the page
works under the dashboard's Content-Security-Policy and needs nothing from elsewhere.
:func:`install_login` adds the routes; :mod:`influence.dashboard.security` lets requests
to them through before anyone has signed in. The checks themselves (passwords, the
throttle, ID tokens, the audit trail) are :class:`influence.auth.Accounts`' and
:class:`influence.auth.OIDCClient`'s.

Routes, under the app's path prefix (``/`` by default):

``GET login``, ``POST login``
    the form (account name, password; a single sign-on button when configured).
``GET login/sso``, ``GET login/sso/callback``
    off to the identity provider and back (state, nonce and PKCE verifier ride in a
    signed cookie for ten minutes, so any server process can finish the sign-in).
``GET logout``, ``POST logout``
    a page with a sign-out button, and signing out.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode, urlsplit

__all__ = ["SESSION_MAX_FORM", "SSO_COOKIE", "install_login", "public_paths", "safe_next"]

SSO_COOKIE = "influence_sso"
"""Cookie keeping a single sign-on attempt's state until the provider sends the browser back."""

SESSION_MAX_FORM = 16 * 1024
"""Largest sign-in form accepted (bytes)."""

_SSO_SECONDS = 600

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1f2328;margin:0}
main{max-width:24rem;margin:8vh auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:2rem}
h1{font-size:1.35rem;margin:0 0 1.25rem}
label{display:block;font-weight:600;margin:.9rem 0 .3rem}
input{box-sizing:border-box;width:100%;padding:.55rem .6rem;font-size:1rem;border:1px solid #8c959f;border-radius:6px}
input:focus,button:focus,a:focus{outline:3px solid #0969da;outline-offset:2px}
button,.button{display:block;box-sizing:border-box;width:100%;margin-top:1.25rem;padding:.6rem;font-size:1rem;
  border-radius:6px;border:1px solid #1f6feb;background:#1f6feb;color:#fff;cursor:pointer;text-align:center;
  text-decoration:none}
.button.secondary{background:#fff;color:#0b4fb3}
.or{text-align:center;color:#57606a;margin:1.25rem 0 0}
.problem{background:#fff1f0;border:1px solid #cf222e;color:#82071e;border-radius:6px;padding:.6rem .75rem}
.note{color:#57606a;font-size:.9rem;margin-top:1.5rem}
""".strip()


def public_paths(prefix: str) -> set[str]:
    """The paths anyone may reach before signing in."""
    return {prefix + p for p in ("login", "login/style.css", "login/sso", "login/sso/callback", "logout")}


def safe_next(value: str | None, prefix: str) -> str:
    """Where to go after signing in: a path of this dashboard, never another site.

    Examples
    --------
    >>> safe_next("/?map=3", "/"), safe_next("https://evil.example/", "/"), safe_next("//evil.example", "/")
    ('/?map=3', '/', '/')
    >>> safe_next("/login", "/"), safe_next(None, "/maps/")
    ('/', '/maps/')
    """
    if not value or not value.startswith(prefix) or value.startswith("//") or "\\" in value:
        return prefix
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path.startswith(prefix + "login") or parts.path.startswith(prefix + "logout"):
        return prefix
    return value


def _page(title: str, body: str, *, status: int = 200, prefix: str = "/", headers=None):
    import flask

    markup = (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
              f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
              f"<title>{html.escape(title)} · influence-map</title>"
              f"<link rel=\"stylesheet\" href=\"{html.escape(prefix)}login/style.css\"></head>"
              f"<body><main>{body}</main></body></html>")
    return flask.Response(markup, status=status, headers=headers or {}, content_type="text/html; charset=utf-8")


def _login_form(prefix: str, *, next_path: str, name: str = "", problem: str | None = None,
                sso: bool = False, password: bool = True) -> str:
    e = html.escape
    parts = ["<h1>Sign in to influence-map</h1>"]
    if problem:
        parts.append(f"<p class=\"problem\" role=\"alert\">{e(problem)}</p>")
    if password:
        parts.append(
            f"<form method=\"post\" action=\"{e(prefix)}login\">"
            f"<input type=\"hidden\" name=\"next\" value=\"{e(next_path, quote=True)}\">"
            f"<label for=\"name\">Account name</label>"
            f"<input id=\"name\" name=\"name\" autocomplete=\"username\" required autofocus maxlength=\"64\" "
            f"value=\"{e(name, quote=True)}\">"
            f"<label for=\"password\">Password</label>"
            f"<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required "
            f"maxlength=\"1024\">"
            f"<button type=\"submit\">Sign in</button></form>")
    if sso:
        if password:
            parts.append("<p class=\"or\">or</p>")
        link = f"{prefix}login/sso?{urlencode({'next': next_path})}"
        parts.append(f"<a class=\"button{' secondary' if password else ''}\" href=\"{e(link, quote=True)}\">"
                     f"Sign in with your company account</a>")
    parts.append("<p class=\"note\">The maps on this server hold personal judgements about named people; "
                 "every sign-in, view, edit and export is recorded.</p>")
    return "".join(parts)


def _reload_to(target: str, set_cookie, *, title: str = "Signed in"):
    """A page that opens *target* itself (see ``security._signed_in`` for why not a 30x)."""
    import flask

    quoted = html.escape(target, quote=True)
    body = (f"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"refresh\" content=\"0; url={quoted}\"><title>{html.escape(title)}</title>"
            f"<body style=\"font-family:sans-serif\"><p>{html.escape(title)}. "
            f"<a href=\"{quoted}\">Open the dashboard</a>.</p>")
    response = flask.Response(body, status=200, content_type="text/html; charset=utf-8")
    set_cookie(response)
    return response


def install_login(app, accounts, *, oidc_client=None, public_url: str | None = None,
                  session_cookie: str = "influence_session") -> None:
    """Add the sign-in routes to the Dash *app*'s server (see the module docstring)."""
    import flask

    from influence.auth import SignInError, SignInThrottled

    server = app.server
    prefix = app.config.routes_pathname_prefix or "/"
    base = (public_url or "").rstrip("/")

    def address():
        return flask.request.remote_addr

    def set_session(response, actor):
        response.set_cookie(session_cookie, accounts.session_cookie(actor), max_age=int(accounts.session_seconds),
                            httponly=True, samesite="Lax", secure=flask.request.is_secure, path="/")

    def form_page(*, status=200, problem=None, name="", next_path=None, headers=None):
        next_path = safe_next(next_path if next_path is not None else flask.request.args.get("next"), prefix)
        return _page("Sign in", _login_form(prefix, next_path=next_path, name=name, problem=problem,
                                            sso=oidc_client is not None),
                     status=status, prefix=prefix, headers=headers)

    @server.get(prefix + "login/style.css", endpoint="influence_login_style")
    def login_style():
        return flask.Response(STYLE, content_type="text/css; charset=utf-8")

    @server.get(prefix + "login", endpoint="influence_login")
    def login_page():
        if not accounts.enabled():
            return flask.redirect(prefix, code=303)
        return form_page()

    @server.post(prefix + "login", endpoint="influence_login_post")
    def login_post():
        if (flask.request.content_length or 0) > SESSION_MAX_FORM:
            return form_page(status=413, problem="That sign-in form is far too large.")
        form = flask.request.form
        name, password = (form.get("name") or "").strip(), form.get("password") or ""
        next_path = safe_next(form.get("next"), prefix)
        if not accounts.enabled():
            return flask.redirect(prefix, code=303)
        try:
            actor = accounts.password_sign_in(name, password, address=address())
        except SignInThrottled as err:
            return form_page(status=429, problem=f"{str(err)[:1].upper()}{str(err)[1:]}.", name=name,
                             next_path=next_path, headers={"Retry-After": str(max(1, int(err.wait + 0.999)))})
        except SignInError as err:
            return form_page(status=401, problem=f"{str(err)[:1].upper()}{str(err)[1:]}.", name=name,
                             next_path=next_path)
        response = flask.redirect(next_path, code=303)
        set_session(response, actor)
        return response

    @server.get(prefix + "login/sso", endpoint="influence_sso")
    def sso_begin():
        if oidc_client is None:
            return form_page(status=404, problem="Single sign-on is not set up on this server.")
        next_path = safe_next(flask.request.args.get("next"), prefix)
        callback = (base or flask.request.host_url.rstrip("/")) + prefix + "login/sso/callback"
        try:
            url, pending = oidc_client.begin(callback)
        except SignInError as err:
            return form_page(status=502, problem=f"Single sign-on is unavailable: {err}.")
        state = accounts.keys.issue("", lifetime=_SSO_SECONDS, purpose="sso", extra={**pending, "next": next_path})
        response = flask.redirect(url, code=302)
        # Lax, not Strict: the provider sends the browser back from another site.
        response.set_cookie(SSO_COOKIE, state, max_age=_SSO_SECONDS, httponly=True, samesite="Lax",
                            secure=flask.request.is_secure, path=prefix + "login/sso")
        return response

    @server.get(prefix + "login/sso/callback", endpoint="influence_sso_callback")
    def sso_callback():
        if oidc_client is None:
            return form_page(status=404, problem="Single sign-on is not set up on this server.")
        data = accounts.keys.payload(flask.request.cookies.get(SSO_COOKIE), purpose="sso")
        pending = data.get("x") if data else None
        args = flask.request.args
        try:
            identity = oidc_client.finish(pending or {}, code=args.get("code"), state=args.get("state"),
                                          error=args.get("error"), error_description=args.get("error_description"))
            actor = accounts.sso_sign_in(identity, address=address())
        except SignInError as err:
            accounts.store.record_event(None, "login-failed", detail={"address": address(), "via": "sso",
                                                                      "reason": str(err)[:300]})
            response = form_page(status=401, problem=f"Single sign-on failed: {err}.", next_path=prefix)
            response.delete_cookie(SSO_COOKIE, path=prefix + "login/sso")
            return response
        target = safe_next(pending.get("next"), prefix)

        def cookies(response):
            set_session(response, actor)
            response.delete_cookie(SSO_COOKIE, path=prefix + "login/sso")

        return _reload_to(target, cookies)

    @server.get(prefix + "logout", endpoint="influence_logout")
    def logout_page():
        if not accounts.enabled():
            return flask.redirect(prefix, code=303)
        return _page("Sign out", f"<h1>Sign out of influence-map?</h1><form method=\"post\" "
                                 f"action=\"{html.escape(prefix)}logout\"><button type=\"submit\">Sign out</button>"
                                 f"</form>", prefix=prefix)

    @server.post(prefix + "logout", endpoint="influence_logout_post")
    def logout_post():
        accounts.sign_out(accounts.from_session(flask.request.cookies.get(session_cookie)), address=address())
        response = flask.redirect(prefix + "login", code=303)
        response.delete_cookie(session_cookie, path="/")
        return response
