"""The dashboard application: :func:`create_app` builds it over a workspace.

Importing this module starts nothing and opens nothing; ``influence serve`` (or a test)
calls :func:`create_app` and runs the returned app's server.
"""

from __future__ import annotations

import os
from pathlib import Path

from influence.errors import InfluenceError
from influence.store import MapStore, Workspace

__all__ = ["create_app"]

ASSETS = Path(__file__).parent / "assets"


def create_app(workspace: MapStore | str | os.PathLike, map_id: int | None = None, *,
               analyze_options: dict | None = None, cache_size: int = 64, token: str | None = None,
               max_upload_mb: float | None = None, accounts=None, oidc_client=None, public_url: str | None = None):
    """Build the Dash app over *workspace*.

    Parameters
    ----------
    workspace : influence.store.MapStore or path
        The maps to show; a path opens (or creates) a :class:`~influence.store.Workspace`.
    map_id : int, optional
        The map to open first; default the most recently updated one.
    analyze_options : dict, optional
        Keyword arguments for :func:`influence.analysis.analyze` (``fraction``, ``seed``, …).
    cache_size : int
        Analyses and layouts kept in memory (per map and version).
    token : str, optional
        Access token every request must carry; default the ``INFLUENCE_TOKEN``
        environment variable. Without one the app answers only on this machine
        (see :mod:`influence.dashboard.security`).
    max_upload_mb : float, optional
        Largest upload; default ``INFLUENCE_MAX_UPLOAD_MB`` or 20 MB.
    accounts : influence.auth.Accounts, optional
        Sign-in over the workspace's accounts (default: the workspace's, with *token* as
        the shared token); once the workspace has an account everyone signs in.
    oidc_client : influence.auth.OIDCClient, optional
        Single sign-on; *public_url* is the dashboard's address as people open it.

    Returns
    -------
    dash.Dash
        The app; ``app.server`` is its Flask server and ``app.influence_service`` the
        :class:`~influence.dashboard.service.MapService` answering it.

    Examples
    --------
    >>> import tempfile, os
    >>> app = create_app(os.path.join(tempfile.mkdtemp(), "ws.sqlite"))
    >>> app.title
    'influence-map'
    """
    import dash

    from . import callbacks, security
    from .layout import page
    from .service import MapService

    store = workspace if isinstance(workspace, MapStore) else Workspace(workspace)
    service = MapService(store, analyze_options=analyze_options, cache_size=cache_size)
    app = dash.Dash(
        "influence.dashboard", title="influence-map", update_title=None, assets_folder=str(ASSETS),
        # The card, the mapping step and the panels' links are drawn by callbacks.
        suppress_callback_exceptions=True, serve_locally=True,
    )
    # The page's language, for screen readers and automatic translation.
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)

    def first_map(options):
        known = [o["value"] for o in options]
        return map_id if map_id in known else (known[0] if known else None)

    def serve_layout():
        # A function, so each page load lists the workspace's maps as they are now.
        options = callbacks.map_options(service)
        chosen = first_map(options)
        big = chosen is not None and service.map_info(chosen).people > callbacks.BIG_MAP
        return page(options, chosen, big_map=big)

    def warm_first_map():
        # The page is asked for: start analysing the map it will open while the browser
        # loads the scripts (a second or two), so the panels are not waiting on it after.
        from flask import request

        if request.method != "GET" or request.path != app.config.requests_pathname_prefix:
            return None
        try:
            chosen = first_map(callbacks.map_options(service))
            if chosen is not None:
                service.warm(chosen)
        except InfluenceError:  # not allowed to see it, or it went: the page says so itself
            pass
        return None

    app.layout = serve_layout
    callbacks.register(app, service)
    token = token if token is not None else security.configured_token()
    if accounts is None:
        from influence.auth import Accounts

        accounts = Accounts(store, shared_token=token)
    security.install_security(app, token=token, max_upload_mb=security.max_upload_mb(max_upload_mb),
                              accounts=accounts, oidc_client=oidc_client, public_url=public_url)
    app.server.before_request(warm_first_map)  # after the security checks: only for who may see the page
    app.influence_service = service
    return app
