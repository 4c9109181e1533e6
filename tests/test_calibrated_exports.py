"""Briefings of a calibrated analysis say what the figures rest on (issue 10)."""

from __future__ import annotations

import influence


def test_exports_say_what_the_calibrated_model_rests_on():
    """An analysis with a calibrated model says so in the briefing (issue 10)."""
    import io

    import openpyxl
    from pptx import Presentation

    from influence.calibration import calibrate
    from influence.diffusion_data import bundled_study
    from influence.export import export_bytes

    cal = calibrate(bundled_study("kfamily"))
    a = influence.analyze(influence.load_sample(), simulations=200, calibration=cal)
    assert a.calibration_note()["label"].startswith("calibrated on kfamily")
    assert a.to_dict()["calibration"]["label"] == cal.label()
    html = export_bytes(a.base_graph, "html", analysis=a).decode("utf-8")
    assert cal.label() in html
    deck = Presentation(io.BytesIO(export_bytes(a.base_graph, "pptx", analysis=a)))
    text = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    notes = " ".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide)
    assert cal.label() in text + notes
    book = openpyxl.load_workbook(io.BytesIO(export_bytes(a.base_graph, "xlsx", analysis=a)), read_only=True)
    cells = " ".join(str(c) for row in book["Briefing"].iter_rows(values_only=True) for c in row if c)
    assert cal.label() in cells
