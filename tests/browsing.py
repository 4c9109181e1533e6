"""What the real-browser tests share: where Chromium is, how to launch it on this kind of
machine (no sandbox as root, no background traffic to hosts that cannot be reached), and
the handle of the dashboard map's Cytoscape instance."""

import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

# The Cytoscape instance behind the map (cytoscape.js keeps it on its container).
CY = ("(e => [e, ...e.querySelectorAll('div')].find(d => d._cyreg && d._cyreg.cy)._cyreg.cy)"
      "(document.getElementById('map-cyto'))")


def edit_grid_cell(page, cell, text: str, *, choice: bool = False) -> None:
    """Edit an AG Grid cell as a user does: type into a text cell, or pick *text* from a
    vocabulary column's dropdown (the People table's attitude, style, … are choices)."""
    cell.dblclick()
    if choice:
        page.locator(".ag-popup .ag-list-item, .ag-cell-editor .ag-list-item, .ag-select-list .ag-list-item",
                     has_text=text).first.click()
        return
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def open_page(browser, width: int, height: int, timeout: int):
    """A new browser context with a *width* × *height* viewport, and a page in it that waits
    up to *timeout* ms for anything; returns ``(context, page)`` (close the context after)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(timeout)
    return context, page
