"""Single sign-on through OpenID Connect, against a real provider started here on 127.0.0.1.

The browser's part is played by Flask's test client (the dashboard) and ``requests``
(the provider's authorization page); the dashboard's server itself calls the provider's
discovery, keys and token endpoints over HTTP, as it would a company's.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from oidc_provider import Provider

from influence.auth import OIDCClient, OIDCConfig
from influence.dashboard.app import create_app
from influence.errors import InfluenceError
from influence.graph import add_person, new_map
from influence.store import open_store

CALLBACK = "http://localhost/login/sso/callback"  # where Flask's test client is
ROLES = {"influence-admins": "admin", "alliances": "editor", "partner-readers": "viewer"}


@pytest.fixture(scope="module")
def provider():
    with Provider(clients={"influence-map": ("client-secret-0123456789", [CALLBACK])}) as idp:
        idp.add_user("carla", groups=["alliances", "everyone"])
        idp.add_user("dev", groups=["influence-admins"])
        idp.add_user("sam", groups=["sales"])
        idp.add_user("ann", groups=["influence-admins"])
        yield idp


@pytest.fixture
def app(tmp_path, provider, monkeypatch):
    monkeypatch.delenv("INFLUENCE_TOKEN", raising=False)
    provider.tamper = None
    store = open_store(tmp_path / "sso.sqlite")
    G = new_map("Contoso")
    add_person(G, "1", "Ada Lee", attitude="neutral")
    store.create_map("Contoso", G)
    config = OIDCConfig(issuer=provider.issuer, client_id="influence-map", client_secret="client-secret-0123456789",
                        roles=ROLES)
    from influence.auth import Accounts

    return create_app(store, accounts=Accounts(store, oidc=config), oidc_client=OIDCClient(config))


def single_sign_on(app, provider, user, *, next_path="/"):
    """The whole round trip; returns (the dashboard's test client, its reply to the callback)."""
    client = app.server.test_client()
    start = client.get(f"/login/sso?next={next_path}")
    assert start.status_code == 302, start.get_data(as_text=True)
    provider.sign_in_as(user)
    at_provider = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK
    return client, client.get(f"{back.path}?{back.query}")


def test_the_sign_in_page_offers_single_sign_on(app):
    client = app.server.test_client()
    assert client.get("/").status_code == 303  # sign-in is required even before any account exists
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in with your company account" in page and 'href="/login/sso?next=%2F"' in page


def test_the_request_to_the_provider_carries_state_nonce_and_pkce(app, provider):
    start = app.server.test_client().get("/login/sso")
    query = parse_qs(urlsplit(start.headers["Location"]).query)
    assert start.headers["Location"].startswith(provider.issuer + "/authorize?")
    assert query["client_id"] == ["influence-map"] and query["redirect_uri"] == [CALLBACK]
    assert query["response_type"] == ["code"] and "openid" in query["scope"][0].split()
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert len(query["state"][0]) >= 20 and len(query["nonce"][0]) >= 20
    cookie = start.headers["Set-Cookie"]
    assert cookie.startswith("influence_sso=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_signing_in_through_the_provider_gives_the_groups_role(app, provider):
    store = app.influence_service.workspace
    client, reply = single_sign_on(app, provider, "carla", next_path="/?map=1")
    assert reply.status_code == 200 and 'url=/?map=1' in reply.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 200
    carla = store.user("carla")
    assert (carla.role, carla.password_hash, carla.email) == ("editor", None, "carla@partner.example")
    login = [e for e in store.events(actor="carla") if e.action == "login"][-1]
    assert login.detail["via"] == "sso" and login.detail["groups"] == ["alliances", "everyone"]
    # The provider's groups decide at every sign-in: moved to the admins, carla is an admin.
    provider.users["carla"]["groups"] = ["influence-admins"]
    try:
        single_sign_on(app, provider, "carla")
        assert store.user("carla").role == "admin"
    finally:
        provider.users["carla"]["groups"] = ["alliances", "everyone"]


def test_someone_in_none_of_the_groups_is_refused(app, provider):
    client, reply = single_sign_on(app, provider, "sam")
    assert reply.status_code == 401
    assert "sam is in none of the groups given access" in reply.get_data(as_text=True)
    assert client.get("/_dash-layout").status_code == 401
    assert app.influence_service.workspace.user("sam") is None


@pytest.mark.parametrize("tamper,why", [
    ("nonce", "nonce"), ("audience", "aud"), ("issuer", "iss"), ("expired", "exp"), ("signature", "signature"),
])
def test_a_doubtful_id_token_is_refused(app, provider, tamper, why):
    provider.tamper = tamper
    try:
        client, reply = single_sign_on(app, provider, "carla")
    finally:
        provider.tamper = None
    text = reply.get_data(as_text=True)
    assert reply.status_code == 401 and "Single sign-on failed" in text, text
    assert why in text.lower()
    assert client.get("/_dash-layout").status_code == 401
    assert app.influence_service.workspace.user("carla") is None


def test_a_callback_not_started_here_is_refused(app, provider):
    client = app.server.test_client()
    start = client.get("/login/sso")
    provider.sign_in_as("dev")
    back = urlsplit(requests.get(start.headers["Location"], allow_redirects=False, timeout=10).headers["Location"])
    # Another browser (no state cookie) replaying the provider's answer gets nothing.
    stranger = app.server.test_client()
    reply = stranger.get(f"{back.path}?{back.query}")
    assert reply.status_code == 401 and "stale or was not started here" in reply.get_data(as_text=True)
    # A forged state with the right cookie is refused too; and a code works only once.
    query = parse_qs(back.query)
    forged = client.get(f"{back.path}?code={query['code'][0]}&state=forged")
    assert forged.status_code == 401
    client2, first = single_sign_on(app, provider, "dev")
    assert first.status_code == 200


def test_the_person_cancelling_at_the_provider(app, provider):
    _, reply = single_sign_on(app, provider, None)
    assert reply.status_code == 401 and "the user cancelled" in reply.get_data(as_text=True)


def test_a_local_account_is_not_taken_over_by_the_provider(app, provider):
    from influence.auth import Accounts

    Accounts(app.influence_service.workspace).add_user("ann", role="viewer", password="correct horse battery")
    _, reply = single_sign_on(app, provider, "ann")
    assert reply.status_code == 401 and "ann is a local account here" in reply.get_data(as_text=True)
    assert app.influence_service.workspace.user("ann").role == "viewer"


def test_an_unreachable_provider_says_so(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = OIDCConfig(issuer=f"http://127.0.0.1:{port}", client_id="x", roles={"g": "viewer"}, timeout=2)
    store = open_store(tmp_path / "down.sqlite")
    from influence.auth import Accounts

    app = create_app(store, accounts=Accounts(store, oidc=config), oidc_client=OIDCClient(config))
    reply = app.server.test_client().get("/login/sso")
    assert reply.status_code == 502
    assert "discovery document could not be read" in reply.get_data(as_text=True)


def test_oidc_configuration_errors_are_one_line():
    with pytest.raises(InfluenceError, match="needs a client id"):
        OIDCConfig(issuer="https://id.example.com", client_id="", roles={"g": "viewer"})
    with pytest.raises(InfluenceError, match="at least one --oidc-role"):
        OIDCConfig(issuer="https://id.example.com", client_id="c")
    with pytest.raises(InfluenceError, match="unknown role 'boss'"):
        OIDCConfig.from_options("https://id.example.com", "c", roles=["admins=boss"])
    assert OIDCConfig.from_options(None, None, environ={}) is None
    config = OIDCConfig.from_options(None, None, environ={"INFLUENCE_OIDC_ISSUER": "https://id.example.com/",
                                                          "INFLUENCE_OIDC_CLIENT_ID": "c",
                                                          "INFLUENCE_OIDC_ROLES": "staff=viewer,admins=admin"})
    assert (config.issuer, dict(config.roles)) == ("https://id.example.com", {"staff": "viewer", "admins": "admin"})
