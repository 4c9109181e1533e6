"""Regenerate the example briefings in docs/examples from the bundled sample map.

Run ``python docs/examples/make_examples.py`` from the repository root. It writes one
example of each export format (the deck and the HTML page with the best paths to the General Counsel),
an anonymised diagram, the diagram as a reader with deuteranopia sees it (Machado et al. 2009,
:func:`influence.theme.simulate_rgb`), and the deck's slides rendered to PNG by LibreOffice
(needs ``libreoffice`` and ``pdftoppm``) so the README can show them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = "Jonathan Pryce"  # the General Counsel, a skeptic: worth a path


def main() -> int:
    from influence.analysis import analyze
    from influence.export import export_map
    from influence.samples import load_sample

    G = load_sample()
    analysis = analyze(G)
    for fmt in ("png", "svg", "pdf", "pptx", "html", "xlsx"):
        target = TARGET if fmt in ("pptx", "html") else None
        path = export_map(G, HERE / f"briefing.{fmt}", analysis=analysis, target=target, force=True)
        print(f"wrote {path.relative_to(HERE.parent.parent)}")
    path = export_map(G, HERE / "briefing-anonymized.png", analysis=analysis, anonymize=True, force=True)
    print(f"wrote {path.relative_to(HERE.parent.parent)}")
    path = simulated(HERE / "briefing.png", "deuteranopia")
    print(f"wrote {path.relative_to(HERE.parent.parent)}")

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office or not shutil.which("pdftoppm"):
        print("libreoffice or pdftoppm missing: the deck was not rendered to PNG", file=sys.stderr)
        return 1
    for old in HERE.glob("deck-slide-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(HERE / "briefing.pptx")],
                       check=True, capture_output=True)
        subprocess.run(["pdftoppm", "-r", "90", "-png", str(Path(tmp) / "briefing.pdf"), str(HERE / "deck-slide")],
                       check=True)
    for png in sorted(HERE.glob("deck-slide-*.png")):
        print(f"wrote {png.relative_to(HERE.parent.parent)}")
    return 0


def simulated(png: Path, deficiency: str) -> Path:
    """*png* as a reader with *deficiency* sees it, written beside it as ``<stem>-<deficiency>.png``."""
    import numpy as np
    from PIL import Image

    from influence.theme import simulate_rgb

    out = png.with_name(f"{png.stem}-{deficiency}.png")
    pixels = np.asarray(Image.open(png).convert("RGB"))
    Image.fromarray(simulate_rgb(pixels, deficiency)).save(out, optimize=True)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
