"""Briefing images and the HTML page in a real headless Chromium (kaleido, Playwright).

CI installs Chromium and poppler (see .ci/run), so these run there; they are marked
``browser`` so a quick local run can leave them out with ``-m "not browser"``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from influence.export import export_bytes, export_map

# tests/ is on sys.path (no package); the fixtures come along with the helpers.
from test_export import analysis, leaked, real_words, sample  # noqa: F401

pytestmark = pytest.mark.browser

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def pdf(sample, analysis):
    return export_bytes(sample, "pdf", analysis=analysis)


@needs_poppler
def test_pdf_is_one_a4_page_that_renders_with_the_title(pdf, tmp_path):
    from PIL import Image, ImageStat

    path = tmp_path / "briefing.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\b", info)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert width / height == pytest.approx(297 / 210, rel=0.01)  # A4 landscape
    assert width == pytest.approx(842, abs=3)

    subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png").convert("L")
    assert ImageStat.Stat(image).stddev[0] > 20  # not blank: boxes, lines and text
    colours = Image.open(tmp_path / "page.png").convert("RGB").getcolors(1_000_000)
    assert len(colours) > 50

    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Northwind Systems: influence map" in text
    assert "Margaret Okafor" in text and "Approach first" in text
    assert "± CEO" in text and "− CFO" in text  # the attitude's sign leads each title
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Title:\s+Northwind Systems: influence map\n", info)  # not kaleido's "Kaleido-fier"


def test_png_and_svg_are_the_same_page(sample, analysis):
    from PIL import Image

    png = export_bytes(sample, "png", analysis=analysis)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(png)).size == (2246, 1588)  # A4 at 2x the 96-dpi page
    svg = export_bytes(sample, "svg", analysis=analysis).decode("utf-8")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and root.get("width") == "1123"
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text") or t.tag.endswith("tspan"))
    assert "Northwind Systems: influence map" in texts and "Margaret Okafor" in texts
    from influence.theme import ATTITUDE_GLYPHS

    assert all(glyph in texts for glyph in ATTITUDE_GLYPHS.values())  # the second cue, without colour


@needs_poppler
def test_anonymized_images_hold_no_real_name(sample, analysis, tmp_path):
    words = real_words(sample)
    svg = export_bytes(sample, "svg", analysis=analysis, anonymize=True, target="NW001").decode("utf-8")
    assert leaked(svg, words) == []
    assert "Chief Executive Officer (A)" in svg
    path = export_map(sample, tmp_path / "anon.pdf", analysis=analysis, anonymize=True)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert leaked(text, words) == []


def test_html_works_offline_in_a_browser(browser, sample, analysis, tmp_path):
    path = export_map(sample, tmp_path / "briefing.html", analysis=analysis)
    outside, errors = [], []
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    try:
        page.on("pageerror", lambda e: errors.append(str(e)))

        def only_the_file(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:  # the network is cut: record what the page tried to fetch
                outside.append(route.request.url)
                route.abort()
        page.route("**/*", only_the_file)
        page.goto(path.as_uri())
        page.wait_for_selector("#influence-map .main-svg", timeout=20_000)
        assert page.locator("#influence-map .textpoint").count() >= sample.number_of_nodes()  # + badges
        box = page.locator("#influence-map .textpoint").first.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector("#influence-map .hovertext", timeout=5_000)
        hover = page.locator("#influence-map .hovertext").first.text_content()
        assert "influence score" in hover
        assert page.locator("table").count() >= 4
    finally:
        page.close()
    assert outside == [] and errors == []


def test_a_renderer_has_a_life_cycle_of_its_own(sample, analysis):
    from influence.export import start_renderer, stop_renderer
    from influence.export.briefing import prepare_briefing
    from influence.export.figure import briefing_figure, figure_bytes
    from influence.export.renderer import Renderer, default_renderer

    fig = briefing_figure(prepare_briefing(sample, analysis))
    with Renderer() as renderer:
        assert renderer.running()
        svg = renderer.render(fig, "svg")
        assert svg.lstrip().startswith(b"<svg") and b"Margaret Okafor" in svg
        assert figure_bytes(prepare_briefing(sample, analysis), "png", renderer=renderer)[:4] == b"\x89PNG"
        assert default_renderer() is not renderer  # a renderer of one's own, apart from the shared one
    assert not renderer.running()
    renderer.stop()  # stopping twice is harmless
    start_renderer()  # the shared default instance, for the dashboard and the CLI
    assert default_renderer().running()
    stop_renderer()
    assert not default_renderer().running()
