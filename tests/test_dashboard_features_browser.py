"""The Plan tab, the card's assessments and the "Needs attention" panel in a real browser
(Playwright + Chromium) against `influence serve` over a new workspace (the sample map)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from browsing import open_page

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

TIMEOUT = 30_000  # ms


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`influence serve` in a subprocess on a free port; its URL."""
    folder = tmp_path_factory.mktemp("ws")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(folder / "serve.log", "a+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", "from influence.cli import main; main()", "serve", "--port",
                             str(port), "--workspace", str(folder / "workspace.sqlite")],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError("influence serve did not start:\n" + log.read())
            try:
                with urllib.request.urlopen(url + "_dash-layout", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture
def page(browser, server):
    context, p = open_page(browser, 1500, 950, TIMEOUT)
    p.goto(server)
    p.wait_for_selector("#leader-list li")
    yield p
    context.close()


def choose(page, dropdown, text: str) -> None:
    """Pick the option of a dcc.Dropdown (a locator) whose label has *text*."""
    dropdown.click()
    page.locator("[role=option]", has_text=text).first.click()


def open_tab(page, label: str) -> None:
    page.locator("#main-tabs .nav-link", has_text=label).click()


def test_plan_tab_makes_a_plan_and_keeps_an_action_status(page, server):
    open_tab(page, "Plan")
    page.wait_for_selector("#plan-capacities input")
    page.locator("#plan-goal label", has_text="Win the decision").click()
    page.click("#plan-make")
    headline = page.locator("#plan-headline")
    headline.wait_for()
    assert "decision won with probability" in headline.inner_text() and "of 60 on board" in headline.inner_text()
    assert "Plan made" in page.inner_text("#plan-message")
    first = page.locator(".plan-status").first
    choose(page, first, "done")
    page.wait_for_function("() => document.getElementById('plan-message').innerText.includes('is done')")
    # Kept with the map: a new page shows it again, with the status.
    page.goto(server)
    page.wait_for_selector("#leader-list li")
    open_tab(page, "Plan")
    page.wait_for_selector("#plan-headline")
    assert "done" in page.locator(".plan-status").first.inner_text()


def test_two_raters_disagreeing_on_the_card_show_up_as_disputed(page):
    name = page.locator("#leader-list li .person-link").first.inner_text()
    page.locator("#leader-list li .person-link").first.click()
    card = page.locator(".person-card")
    card.wait_for(state="visible")
    for rater, value, evidence in (("Grace Liu", "champion", "asked for the roadmap"),
                                   ("Sam Whitaker", "opponent", "blocked the budget line")):
        page.wait_for_selector("#assess-add")
        choose(page, page.locator("#assess-value"), value)
        page.fill("#assess-evidence", evidence)
        page.fill("#assess-rater", rater)
        page.click("#assess-add")
        page.wait_for_function(f"() => (document.getElementById('assessment-table') || {{innerText: ''}})"
                               f".innerText.includes({evidence!r})")
        assert "Saved" in page.inner_text("#evidence-status")
    table = page.inner_text("#assessment-table")
    assert "Grace Liu" in table and "Sam Whitaker" in table and "high" not in table.split("\n")[0]
    page.wait_for_function("() => (document.getElementById('attention-disputed') || {innerText: ''})"
                           f".innerText.includes({name!r})")
    assert "Grace Liu says champion" in page.inner_text("#attention-disputed")
