"""The Import tab's preview in a real browser: drop a file, say what a word means, create the map."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

from test_dashboard_browser import page, server  # noqa: E402,F401  (the served dashboard and its page)


def test_a_dropped_file_is_previewed_then_created_with_the_choices(page, tmp_path):  # noqa: F811
    csv = tmp_path / "contoso_q3.csv"
    csv.write_text("Name,Boss,Stance\nAda,,meh\nBo,Ada,fan\nCy,Ada,meh\n", encoding="utf-8")
    page.click("text=Import a workbook")
    page.set_input_files("#upload input[type=file]", str(csv))
    page.wait_for_selector("#upload-preview")
    assert "contoso_q3.csv can be imported" in page.inner_text("#upload-preview-ready")
    assert "meh" in page.inner_text(".preview-values")
    page.locator(".preview-values .dash-dropdown").first.click()
    page.keyboard.type("neutral")
    page.locator("[role=option]", has_text="neutral").first.wait_for()
    page.keyboard.press("Enter")
    page.click("#preview-create")
    page.wait_for_selector("#upload-ok")
    assert "3 people, 2 reporting lines" in page.inner_text("#upload-ok")
    page.wait_for_function("() => document.getElementById('map-status').innerText.startsWith('Showing 3 of 3')")
