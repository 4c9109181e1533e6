"""Take the README's screenshots of the dashboard from the running app.

Run ``python docs/make_screenshots.py`` (needs Chromium; ``--chromium PATH`` to point at
it). The app runs in a background thread over a temporary workspace holding the bundled
sample map, and Playwright drives a real browser through the main views, writing
``docs/screenshots/*.png``.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "screenshots"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
CY = ("(e => [e, ...e.querySelectorAll('div')].find(d => d._cyreg && d._cyreg.cy)._cyreg.cy)"
      "(document.getElementById('map-cyto'))")


def start_app(workspace: Path):
    """Serve the dashboard on a free local port in a daemon thread; returns (url, server, map)."""
    import logging

    from werkzeug.serving import make_server

    from influence.cli.commands_serve import prepare_workspace
    from influence.dashboard.app import create_app

    ws, map_id, _ = prepare_workspace(workspace)
    app = create_app(ws, map_id)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server, ws.load(map_id)


def choose(page, dropdown_id: str, text: str) -> None:
    page.click(f"#{dropdown_id}")
    page.keyboard.type(text)
    # Click the match itself: Enter on a busy page may pick whatever was first before filtering.
    page.locator("[role=option]", has_text=text).first.click()


def tab(page, label: str) -> None:
    page.locator("#main-tabs .nav-link", has_text=label).click()
    page.wait_for_timeout(600)


def settle(page, ms: int = 700) -> None:
    page.wait_for_timeout(ms)


def main(argv=None) -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    folder = Path(tempfile.mkdtemp(prefix="influence-screens-"))
    url, server, ws_graph = start_app(folder / "workspace.sqlite")
    shots = []

    def shot(page, name, **kwargs):
        path = args.out / f"{name}.png"
        page.screenshot(path=str(path), **kwargs)
        shots.append(path)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
        page.set_default_timeout(30_000)
        page.goto(url)
        page.wait_for_selector("#leader-list li")
        page.wait_for_function(f"() => {{ try {{ return {CY}.nodes('.person').length > 0 }} catch (e) {{ return false }} }}")
        settle(page, 1200)
        # Hover the first leading 10 percenter for the summary, then click for the card.
        person = page.evaluate(f"() => {CY}.nodes('.leader').filter(n => n.data('rank') === 1)[0].id()")
        box = page.locator("#map-cyto").bounding_box()
        pos = page.evaluate(f"() => {CY}.getElementById('{person}').renderedPosition()")
        page.mouse.move(box["x"] + pos["x"] - 3, box["y"] + pos["y"] - 3)
        page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
        settle(page, 500)
        shot(page, "map")
        page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
        page.locator(".person-card").wait_for(state="visible")
        settle(page)
        shot(page, "person-card")
        page.locator(".person-card .btn-close").click()
        page.mouse.move(5, 500)  # off the map: the hover summary goes away
        settle(page)

        # Panels: antibodies opened beside the leaders.
        page.locator(".panels-accordion .accordion-button", has_text="Antibodies").click()
        settle(page)
        page.locator(".app-grid > .side-column").nth(1).screenshot(path=str(args.out / "panels.png"))
        shots.append(args.out / "panels.png")

        # Path finder: the top 3 paths to the most influential antibody, on the network layout.
        target = page.evaluate(f"() => {CY}.nodes('.antibody').sort((a, b) => b.data('score') - a.data('score'))"
                               "[0].data('label').split('\\n')[0]")
        page.locator("label", has_text="Network").click()
        settle(page)
        choose(page, "path-target", target)
        page.wait_for_selector("#path-list li")
        settle(page, 1200)
        shot(page, "path-finder")
        page.click("#path-clear")
        page.locator("label", has_text="Org chart").click()
        settle(page)

        # What-if: win the first leader over and turn the loudest antibody into a supporter.
        leader = page.evaluate(f"() => {CY}.nodes('.leader').filter(n => n.data('rank') === 1)[0].data('label').split('\\n')[0]")
        choose(page, "whatif-won", leader)
        page.wait_for_selector("#whatif-table")
        choose(page, "whatif-person", target)
        choose(page, "whatif-attitude", "supporter")
        page.click("#whatif-apply")
        page.wait_for_function("() => document.querySelector('#whatif-result').innerText.includes('supporter')")
        settle(page)
        page.locator(".app-grid > .side-column").first.evaluate("e => e.scrollTo(0, e.scrollHeight)")
        settle(page, 400)
        shot(page, "what-if")
        page.click("#whatif-discard")
        settle(page)

        tab(page, "Grid")
        settle(page, 800)
        shot(page, "grid")

        # Editing: change an attitude in the people table.
        tab(page, "People")
        neutral = next(p for p in ws_graph if ws_graph.nodes[p]["attitude"] == "neutral")
        cell = page.locator(f"#people-grid .ag-center-cols-container div[row-id='{neutral}'] div[col-id='attitude']")
        # Attitude is a dropdown of the scale: open it and pick "supporter".
        cell.dblclick()
        page.locator(".ag-popup .ag-list-item, .ag-cell-editor .ag-list-item, .ag-select-list .ag-list-item",
                     has_text="supporter").first.click()
        page.wait_for_selector("#edit-status .alert-success")
        settle(page)
        shot(page, "editing")

        tab(page, "History")
        page.wait_for_selector("#history-table")
        settle(page)
        shot(page, "history")

        # Upload: a workbook with problems shows every one, located.
        tab(page, "Import")
        broken = folder / "partner_map.csv"
        broken.write_text("ID,Name,Title,Reports To,Attitude,Authority\n"
                          "1,Ada Lind,CEO,,champion,5\n2,Bo Chen,CFO,1,keen,9\n2,Cy Oduya,CTO,1,neutral,4\n"
                          "4,Di Park,VP Sales,7,supporter,3\n", encoding="utf-8")
        page.set_input_files("#upload input[type=file]", str(broken))
        page.wait_for_selector("#upload-errors")
        settle(page)
        shot(page, "upload-report")
        browser.close()
    server.shutdown()
    for path in shots:
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


if __name__ == "__main__":
    main()
