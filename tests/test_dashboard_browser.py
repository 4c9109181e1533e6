"""The dashboard in a real browser (Playwright + Chromium) against `influence serve`.

The server runs as a subprocess on a free port over a temporary workspace, so these tests
also cover the serve command, the empty workspace starting with the sample map, and a
restart keeping an edit.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browsing import CY, edit_grid_cell, open_page

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

TIMEOUT = 20_000  # ms; the first analysis of the map happens on first load



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`influence serve` in a subprocess."""

    def __init__(self, workspace: Path, *args: str):
        self.workspace, self.args = workspace, args
        self.proc = None
        self.url = None

    def start(self) -> "Server":
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/"
        command = [sys.executable, "-c", "from influence.cli import main; main()", "serve", *self.args,
                   "--port", str(port), "--workspace", str(self.workspace)]
        # A log file, not a pipe: an unread pipe fills up with request lines and stalls the server.
        self.log = open(self.workspace.with_suffix(".log"), "a+", encoding="utf-8")
        self.proc = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, text=True,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("influence serve stopped:\n" + self.stop())
            try:
                with urllib.request.urlopen(self.url + "_dash-layout", timeout=2) as reply:
                    if reply.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("influence serve did not answer within 60 s")

    def stop(self) -> str:
        """Stop the server; returns what it printed."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.seek(0)
        out = self.log.read()
        self.log.close()
        return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("ws") / "workspace.sqlite").start()
    yield s
    s.stop()


@pytest.fixture
def page(browser, server):
    context, p = open_page(browser, 1500, 950, TIMEOUT)
    p.goto(server.url)
    p.wait_for_selector("#leader-list li")
    p.wait_for_function(f"() => {{ try {{ return {CY}.nodes('.person').length > 0 }} catch (e) {{ return false }} }}")
    yield p
    context.close()


def choose(page, dropdown_id: str, text: str) -> None:
    """Pick an option of a dcc.Dropdown by typing part of its label and clicking the match.

    Clicking the matching option (not pressing Enter, which takes whatever is highlighted
    while a busy page is still filtering) picks the right one; a dropdown that a callback
    has not enabled yet is tried again.
    """
    for _ in range(4):
        page.click(f"#{dropdown_id}")
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        page.keyboard.type(text)
        option = page.locator("[role=option]", has_text=text).first
        try:
            option.wait_for(timeout=8_000)
        except playwright_api.TimeoutError:
            page.keyboard.press("Escape")
            continue
        option.click()
        return
    raise AssertionError(f"no option {text!r} appeared in #{dropdown_id}")


def open_tab(page, label: str) -> None:
    page.locator("#main-tabs .nav-link", has_text=label).click()


def support_numbers(page) -> list[float]:
    cells = page.locator("#whatif-table tbody tr").first.locator("td").all_inner_texts()
    return [float(cells[0]), float(cells[1])]


def test_first_load_shows_the_map_and_the_leading_list(page):
    people = page.evaluate(f"() => {CY}.nodes('.person').length")
    assert people == 60
    assert page.evaluate(f"() => {CY}.nodes('.leader').length") == page.locator("#leader-list > li").count() >= 1
    assert page.evaluate(f"() => {CY}.edges('.reporting').length") > 0
    assert "Showing 60 of 60 people" in page.inner_text("#map-status")
    assert page.locator("#legend").is_visible()
    first = page.locator("#leader-list > li").first.inner_text()
    assert first.startswith("1")
    assert "Executive sponsor" in page.inner_text("#sponsor-check")


def test_the_map_fills_its_canvas_and_hovering_shows_a_persons_ties(page):
    def filled():
        return page.evaluate(f"""() => {{ const cy = {CY}; const bb = cy.elements().renderedBoundingBox();
            return Math.max(bb.w / cy.width(), bb.h / cy.height()) }}""")

    page.wait_for_timeout(300)
    assert filled() > 0.9
    # Names are legible at the first zoom: at least 8 px on screen (13 px at zoom 1).
    assert page.evaluate(f"() => {CY}.zoom()") * 13 >= 8
    # A narrow canvas: a taller chart, fitted (below 1500 px the tools column folds away, so narrower).
    page.set_viewport_size({"width": 900, "height": 950})
    page.wait_for_function(f"""() => {{ const cy = {CY}; const bb = cy.elements().renderedBoundingBox();
        return bb.x2 <= cy.width() + 1 && bb.h > bb.w && Math.max(bb.w / cy.width(), bb.h / cy.height()) > 0.9 }}""")

    person = page.evaluate(f"() => {CY}.nodes('.person').max(n => n.connectedEdges('.tie').length).ele.id()")
    assert page.evaluate(f"() => {CY}.edges('.hl').length") == 0
    # The chart may still be re-laid out for the new canvas: aim at where the person is now.
    for _ in range(20):
        box = page.locator("#map-cyto").bounding_box()
        pos = page.evaluate(f"() => {CY}.getElementById('{person}').renderedPosition()")
        page.mouse.move(box["x"] + pos["x"] - 2, box["y"] + pos["y"])
        page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
        try:
            page.wait_for_function(f"() => {CY}.edges('.hl').length > 0", timeout=1_000)
            break
        except playwright_api.TimeoutError:
            page.mouse.move(5, 5)
    else:
        raise AssertionError(f"hovering {person} never highlighted their ties")
    ties = page.evaluate(f"() => {CY}.getElementById('{person}').connectedEdges('.tie, .conflict').length")
    assert page.evaluate(f"() => {CY}.edges('.hl').length") == ties
    page.mouse.move(5, 5)
    page.wait_for_function(f"() => {CY}.edges('.hl').length === 0")


def test_clicking_a_person_opens_the_card(page):
    person = page.evaluate(f"() => {CY}.nodes('.leader').filter(n => n.data('rank') === 1)[0].id()")
    name = page.evaluate(f"() => {CY}.getElementById('{person}').data('label').split('\\n')[0]")
    # Tap the node where it is drawn on screen, as a user would.
    box = page.locator("#map-cyto").bounding_box()
    pos = page.evaluate(f"() => {CY}.getElementById('{person}').renderedPosition()")
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    card = page.locator(".person-card")
    card.wait_for(state="visible")
    assert name in page.inner_text(".person-card .offcanvas-title")
    text = card.inner_text()
    for heading in ("STYLE TIP", "BEST PATH FROM OUR ALLIES", "WHO INFLUENCES THEM", "EVERY ATTRIBUTE"):
        assert heading in text.upper()
    assert "approach #1" in text


def test_path_finder_highlights_a_path(page):
    target = page.evaluate(f"() => {CY}.nodes('.antibody')[0].data('label').split('\\n')[0]")
    choose(page, "path-target", target)
    page.wait_for_selector("#path-list li")
    assert target in page.inner_text("#path-list")
    page.wait_for_function(f"() => {CY}.nodes('.on-path').length > 0")
    assert "highlighted" in page.inner_text("#map-status")
    assert "%" in page.locator("#path-list li").first.inner_text()


def test_uploading_a_broken_file_shows_its_errors(page, tmp_path):
    broken = tmp_path / "partner.csv"
    broken.write_text("ID,Name,Reports To\n1,Ada,\n1,Bo,1\n2,Cy,1\n", encoding="utf-8")
    page.click("text=Import a workbook")
    page.set_input_files("#upload input[type=file]", str(broken))
    page.wait_for_selector("#upload-errors")
    assert "partner.csv cannot be imported yet" in page.inner_text("#upload-errors")
    table = page.inner_text(".problem-table.errors")
    assert "the ID '1' is used for two different people" in table
    assert "ID" in table and "3" in table  # the column and the Excel row


def test_a_what_if_changes_expected_support(page):
    leader = page.evaluate(f"() => {CY}.nodes('.leader')[0].data('label').split('\\n')[0]")
    antibody = page.evaluate(f"() => {CY}.nodes('.antibody')[0].data('label').split('\\n')[0]")
    choose(page, "whatif-won", leader)
    page.wait_for_selector("#whatif-table")
    choose(page, "whatif-person", antibody)
    choose(page, "whatif-attitude", "champion")
    page.click("#whatif-apply")
    page.wait_for_function("() => document.querySelector('#whatif-result').innerText.includes('champion')")
    before, after = support_numbers(page)
    assert after > before
    page.wait_for_function(f"() => {CY}.nodes('.won').length === 1")
    # The what-if is named over the map, and its people are drawn as it has them.
    banner = page.inner_text("#whatif-banner")
    assert banner.startswith(f"What-if: {leader} assumed on board") and banner.endswith("not the current state")
    page.wait_for_function(f"() => {CY}.nodes('.won.att-champion').length === 1")
    page.click("#whatif-discard")
    page.wait_for_selector("#whatif-table", state="detached")
    page.wait_for_function("() => !document.querySelector('#whatif-banner').innerText")


def test_discard_clears_the_attitude_change_fields(page):
    antibody = page.evaluate(f"() => {CY}.nodes('.antibody')[0].data('label').split('\\n')[0]")
    choose(page, "whatif-person", antibody)
    choose(page, "whatif-attitude", "supporter")
    page.click("#whatif-apply")
    page.wait_for_selector("#whatif-table")
    page.click("#whatif-discard")
    page.wait_for_selector("#whatif-table", state="detached")
    page.wait_for_function("() => !document.querySelector('#whatif-person').innerText.includes("
                           f"{antibody!r})")
    assert "Person" in page.inner_text("#whatif-person")  # the placeholder is back
    assert "supporter" not in page.inner_text("#whatif-attitude").lower()


def test_the_card_closes_when_another_map_is_opened(browser, tmp_path):
    from influence.samples import synthetic_organisation
    from influence.store import Workspace

    server = Server(tmp_path / "workspace.sqlite").start()
    Workspace(server.workspace).create_map("Contoso", synthetic_organisation(30))
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto(server.url)
        page.wait_for_selector("#leader-list li")
        page.wait_for_function(f"() => {{ try {{ return {CY}.nodes('.person').length > 0 }} "
                               "catch (e) { return false } }")
        first = page.evaluate(f"() => {CY}.nodes('.person')[0].data('label').split('\\n')[0]")
        page.locator("#panels .person-link").first.click()
        page.locator(".person-card").wait_for(state="visible")
        page.click("#map-select")
        page.locator("[role=option]", has_text="Contoso").first.click()
        page.wait_for_function(f"() => {CY}.nodes('.person').length > 0 && "
                               f"{CY}.nodes('.person')[0].data('label').split('\\n')[0] !== {first!r}")
        page.locator(".person-card").wait_for(state="hidden")
    finally:
        page.close()
        server.stop()


def test_export_downloads_a_workbook(page, tmp_path):
    page.click("#export-menu")
    with page.expect_download() as download:
        page.click("text=Workbook with the analysis (Excel)")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "northwind-systems-briefing.xlsx"
    assert path.read_bytes()[:2] == b"PK"  # an xlsx is a zip file


def test_an_attitude_edit_survives_a_server_restart(browser, tmp_path):
    server = Server(tmp_path / "workspace.sqlite").start()
    context, page = open_page(browser, 1500, 950, TIMEOUT)
    try:
        page.goto(server.url)
        page.wait_for_selector("#leader-list li")
        open_tab(page, "People")
        cell = page.locator("#people-grid .ag-center-cols-container div[row-index='0'] div[col-id='attitude']")
        cell.wait_for()
        row_id = page.locator("#people-grid .ag-center-cols-container div[row-index='0']").get_attribute("row-id")
        old = cell.inner_text().strip()
        new = "opponent" if old != "opponent" else "champion"
        edit_grid_cell(page, cell, new, choice=True)  # attitude is a dropdown of the scale
        page.wait_for_selector("#edit-status .alert-success")
        assert f"attitude {old} -> {new}" in page.inner_text("#edit-status")
    finally:
        server.stop()

    server.start()  # same workspace, new process
    try:
        page.goto(server.url)
        page.wait_for_selector("#leader-list li")
        open_tab(page, "People")
        cell = page.locator(f"#people-grid .ag-center-cols-container div[row-id='{row_id}'] div[col-id='attitude']")
        cell.wait_for()
        assert cell.inner_text().strip() == new
        open_tab(page, "History")
        page.wait_for_selector("#history-table")
        assert new in page.inner_text("#history-table")
    finally:
        server.stop()
        context.close()


def test_unrecognised_headers_lead_to_a_column_mapping_then_a_new_map(page, tmp_path):
    odd = tmp_path / "northwind_q3.csv"
    odd.write_text("Colleague,Boss,Mood\nAda,,champion\nBo,Ada,skeptic\nCy,Ada,neutral\n", encoding="utf-8")
    page.click("text=Import a workbook")
    page.set_input_files("#upload input[type=file]", str(odd))
    page.wait_for_selector(".mapping-card")
    assert "match the columns below" in page.inner_text("#upload-errors")
    page.locator(".mapping-card .dash-dropdown").first.click()  # the Name field
    page.keyboard.type("Colleague")
    page.locator("[role=option]", has_text="Colleague").first.wait_for()
    page.keyboard.press("Enter")
    page.click("#mapping-apply")
    page.wait_for_selector("#upload-ok")
    assert "3 people, 2 reporting lines" in page.inner_text("#upload-ok")
    page.wait_for_function("() => document.getElementById('map-status').innerText.startsWith('Showing 3 of 3')")
    assert "northwind q3 · 3 people" in page.inner_text("#map-select")


def test_a_map_is_renamed_and_deleted(browser, tmp_path):
    server = Server(tmp_path / "workspace.sqlite").start()
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    page.set_default_timeout(TIMEOUT)
    try:
        page.goto(server.url)
        page.wait_for_selector("#leader-list li")
        page.click("#map-manage")
        page.fill("#map-rename-input", "Northwind EMEA")
        page.click("#map-rename")
        page.wait_for_function("() => document.getElementById('map-select').innerText.includes('Northwind EMEA')")
        page.on("dialog", lambda dialog: dialog.accept())  # "Delete this map …?"
        page.click("text=Delete this map")
        page.wait_for_function("() => document.getElementById('map-status').innerText.startsWith('No map open')")
    finally:
        page.close()
        server.stop()


def test_adding_deleting_undoing_and_restoring_survive_a_restart(browser, tmp_path):
    server = Server(tmp_path / "workspace.sqlite").start()
    context, page = open_page(browser, 1280, 720, TIMEOUT)
    try:
        page.goto(server.url)
        page.wait_for_selector("#leader-list li")
        open_tab(page, "People")
        page.wait_for_selector("#people-grid .ag-row")
        page.fill("#person-add-name", "Zed Quill")
        page.fill("#person-add-title", "VP, Partnerships")
        page.click("#person-add")
        page.wait_for_selector("#edit-status .alert-success")
        assert "added Zed Quill" in page.inner_text("#edit-status")
        page.fill("#filter-search", "Zed Quill")  # the search filters the table to Zed's row
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelectorAll('#people-grid .ag-center-cols-container .ag-row')"
                               ".length === 1")
        page.locator("#people-grid .ag-row input[type=checkbox]").first.check()
        page.click("#person-delete")
        page.wait_for_selector("#edit-status .alert-success:has-text('deleted Zed Quill')")
        open_tab(page, "History")
        page.click("#edit-undo")  # undo the deletion: Zed is back
        page.wait_for_selector("#restore-status .alert-success:has-text('Undid')")
    finally:
        server.stop()

    server.start()  # same workspace, new process
    try:
        page.goto(server.url)
        page.wait_for_selector("#leader-list li")
        open_tab(page, "People")
        page.wait_for_selector("#people-grid .ag-row")
        page.fill("#filter-search", "Zed Quill")  # the table's rows are drawn as they scroll in: filter
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelectorAll('#people-grid .ag-center-cols-container .ag-row')"
                               ".length === 1")
        assert "Zed Quill" in page.inner_text("#people-grid")
        open_tab(page, "History")
        page.wait_for_function("() => document.getElementById('history-result').innerText.includes('added')")
        # "Before" is the first snapshot: restoring it takes Zed out again, as a new snapshot
        page.click("#snapshot-restore")
        page.wait_for_selector("#restore-status .alert-success:has-text('Restored the snapshot')")
        open_tab(page, "People")  # still filtered on Zed, who is gone
        page.wait_for_function("() => !document.querySelector('#people-grid').innerText.includes('Zed Quill')")
    finally:
        server.stop()
        context.close()
