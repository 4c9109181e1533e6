"""Signing in with a real browser: the login page, the dashboard after it, single sign-on
through the test provider (its cross-site return and the cookies it needs), signing out.

The dashboard runs under the bounded waitress server, as ``influence serve`` runs it; the
Content-Security-Policy violations the page reports are collected and must be none.
"""

from __future__ import annotations

import threading

import pytest
from oidc_provider import Provider

from influence.auth import Accounts, OIDCClient, OIDCConfig
from influence.cli.commands_serve import bounded_server
from influence.dashboard.app import create_app
from influence.importer import read_workbook
from influence.samples import sample_path
from influence.store import open_store

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
WATCH_CSP = ("document.addEventListener('securitypolicyviolation', e => "
             "(window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI));")


@pytest.fixture(scope="module")
def provider():
    with Provider(clients={"influence-map": ("client-secret-0123456789", [])}) as idp:
        idp.add_user("carla", groups=["alliances"])
        yield idp


@pytest.fixture(scope="module")
def live(tmp_path_factory, provider):
    from argon2 import PasswordHasher, profiles

    from influence.auth import passwords

    passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)  # restored below
    passwords._dummy = None
    store = open_store(tmp_path_factory.mktemp("browser-auth") / "team.sqlite")
    store.create_map("Northwind Systems", read_workbook(sample_path()))
    Accounts(store).add_user("ed", role="editor", password=PASSWORD)
    config = OIDCConfig(issuer=provider.issuer, client_id="influence-map", client_secret="client-secret-0123456789",
                        roles={"alliances": "viewer"})
    app = create_app(store, accounts=Accounts(store, oidc=config), oidc_client=OIDCClient(config), token="")
    server = bounded_server(app, "127.0.0.1", 0, threads=4)
    url = f"http://127.0.0.1:{server.effective_port}/"
    provider.clients["influence-map"][1].append(url + "login/sso/callback")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield {"url": url, "store": store}
    server.close()
    thread.join(5)
    passwords._hasher = None
    passwords._dummy = None


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(WATCH_CSP)
    context.set_default_timeout(20_000)
    yield context
    context.close()


def test_signing_in_opens_the_dashboard_and_signing_out_ends_it(context, live, tmp_path):
    page = context.new_page()
    page.goto(live["url"] + "?map=1")
    assert "/login?next=" in page.url
    assert page.locator("h1").inner_text() == "Sign in to influence-map"
    page.fill("#name", "ed")
    page.fill("#password", "not the password")
    page.click("button[type=submit]")
    assert page.locator(".problem").inner_text() == "Wrong account name or password."
    assert page.input_value("#name") == "ed"
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#map-cyto")
    assert page.url == live["url"] + "?map=1"
    account = page.locator("#influence-account")
    assert account.inner_text().startswith("Signed in as ed (editor)")
    page.wait_for_timeout(500)
    page.screenshot(path=str(tmp_path / "signed-in.png"))
    assert page.evaluate("window.__csp || []") == []
    account.locator("a").click()
    page.click("button[type=submit]")  # "Sign out" on the sign-out page
    assert page.url.endswith("/login")
    page.goto(live["url"])
    assert "/login?next=" in page.url
    assert page.evaluate("window.__csp || []") == []


def test_single_sign_on_in_the_browser(context, live, provider):
    provider.sign_in_as("carla")
    page = context.new_page()
    page.goto(live["url"])
    page.click("text=Sign in with your company account")
    # Off to the provider (another origin), back to the callback, then to the dashboard.
    page.wait_for_selector("#map-cyto")
    assert page.locator("#influence-account").inner_text().startswith("Signed in as carla (viewer)")
    assert live["store"].user("carla").role == "viewer"
    assert page.evaluate("window.__csp || []") == []
