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
