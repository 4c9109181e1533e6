"""A partner's real size in a real browser: the bundled 3,000-person HR export and a
5,000-person organisation open collapsed, a badge opens a team, "CFO" is found and zoomed to."""

from __future__ import annotations

import time

import pytest
from browsing import CY, open_page

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

from test_dashboard_browser import Server, choose  # noqa: E402  (the same `influence serve` subprocess)

TIMEOUT = 30_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from influence.samples import load_sample, synthetic_organisation
    from influence.store import Workspace

    path = tmp_path_factory.mktemp("big") / "workspace.sqlite"
    ws = Workspace(path)
    ws.create_map("HR export", load_sample("hr"))
    ws.create_map("Five thousand", synthetic_organisation(5000, seed=1))
    s = Server(path).start()
    yield s
    s.stop()


def people_on_chart(page) -> int:
    return page.evaluate(f"() => {CY}.nodes('.person').length")


@pytest.mark.parametrize("name, people", [("HR export", "3,000"), ("Five thousand", "5,000")])
def test_a_big_map_opens_collapsed_expands_and_zooms_to_the_cfo(browser, server, name, people):
    context, page = open_page(browser, 1280, 720, TIMEOUT)
    try:
        page.goto(server.url)
        choose(page, "map-select", name)
        page.wait_for_function("t => (document.getElementById('map-status') || {}).innerText?.includes(t)",
                               arg=f"of {people} people")
        page.wait_for_function(f"() => {{ try {{ return {CY}.nodes('.fold-closed').length > 0 }} "
                               "catch (e) { return false } }")
        # collapsed: the top levels only, each closed team with its head count
        shown = people_on_chart(page)
        assert 10 < shown <= 150, shown
        badge = page.evaluate(f"""() => {{
            const cy = {CY};
            const b = cy.nodes('.fold-closed').sort((a, c) => c.data('label').length - a.data('label').length)[0];
            const box = cy.container().getBoundingClientRect(), p = b.renderedPosition();
            return {{id: b.data('fold'), label: b.data('label'), x: box.left + p.x, y: box.top + p.y}};
        }}""")
        assert badge["label"].startswith("+")
        page.mouse.click(badge["x"], badge["y"])  # a click on "+N" opens that team
        page.wait_for_function(f"n => {CY}.nodes('.person').length > n", arg=shown)
        assert page.evaluate(f"id => {CY}.getElementById(id).outgoers('node.person').length", badge["id"]) > 0
        zoom_before = page.evaluate(f"() => {CY}.zoom()")

        page.fill("#filter-search", "CFO")
        page.keyboard.press("Enter")
        page.wait_for_function(f"() => {CY}.nodes('.match').length === 1")
        started = time.monotonic()
        page.wait_for_function(f"z => {CY}.zoom() > z", arg=zoom_before)
        match = page.evaluate(f"""() => {{
            const cy = {CY}, m = cy.nodes('.match')[0], p = m.renderedPosition();
            return {{title: m.data('label'), x: p.x, y: p.y, w: cy.width(), h: cy.height(), zoom: cy.zoom()}};
        }}""")
        assert "Chief Financial" in match["title"] or "CFO" in match["title"]
        # zoomed to the match: on the canvas, close enough that its label reads
        assert 0 <= match["x"] <= match["w"] and 0 <= match["y"] <= match["h"]
        assert match["zoom"] >= 1.0
        assert time.monotonic() - started < 10

        # The panels: a first estimate (said so) until the full analysis replaces it; a
        # leader's name (in the panels' static block) opens that person's card.
        page.wait_for_function("() => document.querySelector('#leader-list li') && "
                               "!document.getElementById('first-estimate')", timeout=120_000)
        leader = page.locator("#leader-list .person-link").first
        name = leader.inner_text().strip()
        leader.click()
        page.wait_for_function("n => (document.querySelector('.person-card') || {}).innerText?.includes(n)",
                               arg=name)
    finally:
        context.close()
