"""Briefing exports without a browser: deck, workbook, HTML, figure, anonymisation, CLI."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from click.testing import CliRunner

from influence.analysis import analyze
from influence.anonymize import anonymize, pseudonyms
from influence.cli import main
from influence.errors import ExportError, PersonNotFound
from influence.export import (
    FORMATS,
    default_output_path,
    export_bytes,
    export_map,
    format_of,
)
from influence.export.briefing import prepare_briefing
from influence.export.figure import MIN_FONT_PX, briefing_figure, core_people
from influence.export.html import offline_plotlyjs
from influence.graph import PERSON_FIELDS, add_person, add_relationship, add_reporting_line, new_map
from influence.importer import read_workbook
from influence.samples import sample_path, synthetic_organisation

# The W3C namespaces SVG needs verbatim; browsers never fetch them.
EXTERNAL_URL = re.compile(r"https?://(?!www\.w3\.org/)[^\s\"'<>)]*")


@pytest.fixture(scope="module")
def sample():
    return read_workbook(sample_path())


@pytest.fixture(scope="module")
def analysis(sample):
    return analyze(sample)


@pytest.fixture(scope="module")
def briefing(sample, analysis):
    return prepare_briefing(sample, analysis)


def real_words(G) -> list[str]:
    """Every name, e-mail address and owner of *G*: none may survive anonymisation."""
    words = set()
    for _, data in G.nodes(data=True):
        for value in (data.get("name"), data.get("email"), data.get("owner")):
            if value:
                words.add(value)
        for part in re.split(r"[\s,.'-]+", data.get("name") or ""):
            if len(part) >= 4:  # surnames and first names; shorter parts clash with ordinary words
                words.add(part)
    return sorted(words)


def leaked(text: str, words) -> list[str]:
    """The *words* found in *text* as whole words (one pass over the text)."""
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
                         + r")(?!\w)", re.IGNORECASE)
    return sorted({m.group(0) for m in pattern.finditer(text)})


def xml_text(data: bytes) -> str:
    """All XML parts of an Office file, unescaped enough to search for names."""
    import html

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return html.unescape("\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                                       if n.endswith((".xml", ".rels"))))


# --- formats and paths ------------------------------------------------------------------------

def test_format_names_and_default_output_path(tmp_path):
    assert format_of("PPTX") == "pptx" and format_of(path="x/briefing.HTML") == "html"
    with pytest.raises(ExportError, match="unknown export format 'doc'; use one of: png, svg"):
        format_of("doc")
    assert default_output_path(tmp_path / "northwind.xlsx", "pdf").name == "northwind-briefing.pdf"
    assert FORMATS == ("png", "svg", "pdf", "pptx", "html", "xlsx")


# --- PowerPoint -------------------------------------------------------------------------------

def _deck(data: bytes):
    from pptx import Presentation

    return Presentation(io.BytesIO(data))


def test_deck_has_one_box_per_person_with_glued_connectors_tables_and_notes(sample, analysis):
    from pptx.oxml.ns import qn

    data = export_bytes(sample, "pptx", analysis=analysis)
    prs = _deck(data)
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-3)
    slides = list(prs.slides)
    assert len(slides) == 4  # title, map, leaders, antibodies (no target)

    map_slide = slides[1]
    tree = map_slide.shapes._spTree
    names = {}  # person id -> shape id of their box
    for sp in tree.iter(qn("p:sp")):
        c_nv = sp.find(qn("p:nvSpPr")).find(qn("p:cNvPr"))
        if c_nv.get("name", "").startswith("Person "):
            names[c_nv.get("name")[len("Person "):]] = c_nv.get("id")
    assert set(names) == set(sample)  # one box per person, 60 on the sample

    box_ids = set(names.values())
    connectors = list(tree.iter(qn("p:cxnSp")))
    reporting = [c for c in connectors if c.find(qn("p:nvCxnSpPr")).find(qn("p:cNvPr")).get("name") == "Reports to"]
    assert len(reporting) == sample.number_of_nodes() - 1  # one per reporting line of the tree
    for connector in connectors:
        props = connector.find(qn("p:nvCxnSpPr")).find(qn("p:cNvCxnSpPr"))
        start, end = props.find(qn("a:stCxn")), props.find(qn("a:endCxn"))
        assert start is not None and end is not None, "every line is glued at both ends"
        assert start.get("id") in box_ids and end.get("id") in box_ids
        assert start.get("id") != end.get("id")
    # The reporting line into each person starts at their manager's box.
    by_id = {i: pid for pid, i in names.items()}
    for c in reporting:
        props = c.find(qn("p:nvCxnSpPr")).find(qn("p:cNvCxnSpPr"))
        boss, report = by_id[props.find(qn("a:stCxn")).get("id")], by_id[props.find(qn("a:endCxn")).get("id")]
        assert sample.nodes[report]["manager"] == boss

    table_slide = slides[2]
    table = next(s for s in table_slide.shapes if s.has_table).table
    assert [c.text for c in table.rows[0].cells] == ["#", "Name", "Title", "Attitude", "Approach via", "Style tip"]
    assert len(table.rows) == len(analysis.leaders) + 1
    assert [table.cell(i + 1, 1).text for i in range(len(analysis.leaders))] == \
        [sample.nodes[leader.id]["name"] for leader in analysis.leaders]

    for slide in slides:
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
    assert "Approach first" in slides[0].notes_slide.notes_text_frame.text


def test_deck_with_a_target_adds_a_slide_of_paths(sample, analysis):
    from influence.paths import influence_paths, resolve_person

    target = "Margaret Okafor"
    prs = _deck(export_bytes(sample, "pptx", analysis=analysis, target=target))
    slide = list(prs.slides)[-1]
    assert slide.shapes[0].text_frame.text == f"How to reach {target}"
    paths = influence_paths(sample, resolve_person(sample, target), k=3)
    boxes = [s for s in slide.shapes if s.name.startswith("Path ")]
    assert len(boxes) == sum(len(p.people) for p in paths[:4])
    glued = [s for s in slide.shapes if s.shape_type is not None and s.name == "Influences"]
    assert len(glued) == sum(len(p.people) - 1 for p in paths[:4])


def test_unknown_target_is_a_clear_error(sample, analysis):
    with pytest.raises(PersonNotFound):
        export_bytes(sample, "pptx", analysis=analysis, target="Nobody Atall")


# --- workbook ---------------------------------------------------------------------------------

def core(G):
    nodes = {v: {f: d.get(f) for f in (*PERSON_FIELDS, "manager")} for v, d in G.nodes(data=True)}
    edges = sorted((u, v, k, d.get("strength"), d.get("notes")) for u, v, k, d in G.edges(keys=True, data=True))
    return nodes, edges


def test_workbook_reimports_into_the_same_map(sample, analysis, tmp_path):
    path = export_map(sample, tmp_path / "annotated.xlsx", analysis=analysis)
    again = read_workbook(path)
    assert again.graph["name"] == sample.graph["name"] == "Northwind Systems"
    assert again.graph["warnings"] == []
    assert core(again) == core(sample)
    for v in sample:
        extra = again.nodes[v]["extra"]
        for key, value in sample.nodes[v]["extra"].items():
            assert extra[key] == value
        assert extra["Influence Score"] == pytest.approx(analysis.scores[v].value, abs=0.05)
        assert extra["Segment"].lower() == analysis.segment(v)
    for leader in analysis.leaders:
        assert again.nodes[leader.id]["extra"]["Leading Rank"] == leader.rank


def test_workbook_keeps_formula_like_text_as_text(tmp_path):
    import openpyxl
    from python_calamine import CalamineWorkbook

    G = new_map("=Partner")
    dangerous = ["=HYPERLINK(\"x\",\"y\")", "+1 555 0100", "-5 years", "@SUM(A1)", "=1+1"]
    for i, text in enumerate(dangerous):
        add_person(G, f"p{i}", f"Person {i}", title=text, notes=text, attitude="neutral")
    add_reporting_line(G, "p0", "p1")
    add_relationship(G, "p1", "p2", notes="=cmd|' /C calc'!A0", strength=0.5)
    A = analyze(G)
    path = export_map(G, tmp_path / "risky.xlsx", analysis=A)

    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert risky and all(c.data_type == "s" and c.quotePrefix for c in risky)
    people = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("People").to_python()
    assert [row[2] for row in people[3:]] == dangerous  # read back unchanged, not computed
    again = read_workbook(path)
    assert [again.nodes[f"p{i}"]["title"] for i in range(5)] == dangerous
    assert again.graph["name"] == "=Partner"
    assert core(again) == core(G)


# --- HTML -------------------------------------------------------------------------------------

def test_html_is_self_contained_with_no_external_url(sample, analysis):
    page = export_bytes(sample, "html", analysis=analysis, target="Margaret Okafor").decode("utf-8")
    assert EXTERNAL_URL.findall(page) == []
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert "@import" not in page and "url(http" not in page
    assert page.count("<script") >= 2 and "Plotly.newPlot" in page  # plotly.js embedded, then the plot
    for heading in ("Leading 10 percenters", "Antibodies and their neutralisers", "Coverage gaps",
                    "Executive sponsor", "Best paths to Margaret Okafor", "Everyone on the map"):
        assert heading in page
    for leader in analysis.leaders:
        assert sample.nodes[leader.id]["name"] in page


def test_html_escapes_user_text():
    G = new_map("<b>Acme</b>")
    evil = '<script>alert("x")</script>'
    add_person(G, "a", evil, title="<img src=x onerror=alert(1)>", attitude="opponent")
    add_person(G, "b", "Plain Name", attitude="supporter", owner="Us")
    add_reporting_line(G, "b", "a")
    page = export_bytes(G, "html").decode("utf-8")
    assert evil not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<b>Acme</b>" not in page


# --- anonymisation ----------------------------------------------------------------------------

def test_anonymized_copy_keeps_structure_and_drops_personal_details(sample):
    A = anonymize(sample)
    assert A.number_of_nodes() == sample.number_of_nodes()
    assert sorted(A.edges(keys=True)) == sorted(sample.edges(keys=True))  # plain ids are kept
    key = pseudonyms(sample)
    labels = [A.nodes[v]["name"] for v in A]
    assert len(set(labels)) == len(labels)
    assert A.nodes["NW001"]["name"] == "Chief Executive Officer (A)"
    for v in A:
        assert A.nodes[v]["email"] is None and A.nodes[v]["notes"] is None
        assert A.nodes[v]["attitude"] == sample.nodes[v]["attitude"]
        assert A.nodes[v]["name"] == key.labels[v]
    owners = {A.nodes[v]["owner"] for v in A} - {None}
    assert owners and all(o.startswith("Owner ") for o in owners)
    assert leaked(repr(dict(A.nodes(data=True))) + repr(list(A.edges(data=True))), real_words(sample)) == []


def test_name_like_ids_are_replaced():
    G = new_map()
    add_person(G, "maria.chen@contoso.com", "Maria Chen", title="CEO")
    add_person(G, "Tom Berg", "Tom Berg", title="CFO", notes="Reports to Maria Chen")
    add_reporting_line(G, "maria.chen@contoso.com", "Tom Berg")
    A = anonymize(G)
    assert sorted(A) == ["P1", "P2"]
    assert A.nodes["P2"]["manager"] == "P1"
    assert leaked(repr(dict(A.nodes(data=True))) + repr(list(A.edges(keys=True))), ["Maria", "Chen", "Berg", "contoso"]) == []


@pytest.mark.parametrize("fmt", ["pptx", "html", "xlsx"])
def test_anonymized_exports_hold_no_real_name(sample, analysis, fmt):
    data = export_bytes(sample, fmt, analysis=analysis, anonymize=True, target="Margaret Okafor")
    if fmt == "html":  # search the page, not the embedded plotly.js library code
        text = data.decode("utf-8").replace(offline_plotlyjs(), "")
    else:
        text = xml_text(data)
    assert leaked(text, real_words(sample)) == []
    assert "Chief Executive Officer (A)" in text


# --- the figure (no rendering needed) ---------------------------------------------------------

def test_figure_labels_are_at_least_7pt_and_everyone_fits(briefing, sample):
    fig = briefing_figure(briefing)
    sizes = [t.textfont.size for t in fig.data if t.mode and "text" in t.mode]
    sizes += [a.font.size for a in fig.layout.annotations if a.text]
    assert min(sizes) >= MIN_FONT_PX  # 7 pt on A4
    label_trace = next(t for t in fig.data if t.mode == "text")
    assert len(label_trace.text) == sample.number_of_nodes()  # all 60 drawn
    assert fig.layout.width / fig.layout.height == pytest.approx(297 / 210, rel=0.01)
    assert "Northwind Systems" in fig.layout.annotations[0].text


def test_large_maps_show_the_influential_core_and_say_so():
    G = synthetic_organisation(600, seed=3)
    A = analyze(G)
    b = prepare_briefing(G, A)
    kept, note = core_people(b, 80)
    assert len(kept) <= 80
    assert A.leaders[0].id in kept
    for leader in A.leaders:  # the leaders drawn come with their managers for context
        if leader.id in kept and b.people[leader.id].manager:
            assert b.people[leader.id].manager in kept
    assert note.startswith(f"Showing {len(kept)} of 600 people")
    fig = briefing_figure(b)
    label_trace = next(t for t in fig.data if t.mode == "text")
    assert len(label_trace.text) <= 80
    assert any("left out" in (a.text or "") for a in fig.layout.annotations)


# --- files and the command line ---------------------------------------------------------------

def test_existing_files_are_never_overwritten_without_force(sample, analysis, tmp_path):
    path = tmp_path / "map.xlsx"
    path.write_bytes(b"precious")
    with pytest.raises(ExportError, match="map.xlsx exists; use --force to overwrite"):
        export_map(sample, path, analysis=analysis)
    assert path.read_bytes() == b"precious"
    export_map(sample, path, analysis=analysis, force=True)
    assert zipfile.is_zipfile(path)
    assert [p.name for p in tmp_path.iterdir()] == ["map.xlsx"]  # no temporary file left behind


def test_cli_export_writes_next_to_nothing_and_refuses_to_overwrite(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["export", str(sample_path()), "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "partner_influence_map-briefing.xlsx"
    assert out.exists()
    assert "Wrote partner_influence_map-briefing.xlsx" in result.stderr

    again = runner.invoke(main, ["export", str(sample_path()), "--format", "xlsx"])
    assert again.exit_code == 1
    assert "Error: partner_influence_map-briefing.xlsx exists; use --force to overwrite" in again.output
    forced = runner.invoke(main, ["export", str(sample_path()), "-f", "xlsx", "--force"])
    assert forced.exit_code == 0


def test_cli_export_options_and_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--sample", "--out", "deck.pptx", "--target", "NW001", "--anonymize"])
    assert result.exit_code == 0, result.output
    assert len(_deck((tmp_path / "deck.pptx").read_bytes()).slides) == 5

    missing = runner.invoke(main, ["export", "--sample", "-f", "html", "--target", "Margret Okafor"])
    assert missing.exit_code == 1
    assert missing.output.splitlines()[-1] == "Error: No one called 'Margret Okafor' in the map. Did you mean: Margaret Okafor?"
    assert "analysing" not in missing.output  # checked before the analysis runs
    assert not (tmp_path / "partner_influence_map-briefing.html").exists()

    clash = runner.invoke(main, ["export", "--sample", "--format", "pdf", "--out", "map.png"])
    assert clash.exit_code == 2 and "--format pdf does not match --out map.png" in clash.output

    unknown = runner.invoke(main, ["export", "--sample", "--out", "map.docx"])
    assert unknown.exit_code == 1 and "unknown export format" in unknown.output

    help_text = runner.invoke(main, ["export", "--help"]).output
    assert "Examples:" in help_text and "influence export partner.xlsx --format pdf" in help_text


def test_leaders_say_whom_to_go_through_including_our_own_owner(sample, analysis, briefing):
    """A leader reached "directly" is reached through the Owner on our side, and the deck
    and the web page say who that is rather than "no warm path"."""
    direct = [row for row in briefing.leaders if len(row.approach_via) == 1]
    assert direct, "the sample has leaders our owners already know"
    for row in direct:
        owner = sample.nodes[row.id]["owner"]
        assert row.approach_text == f"directly, through our owner {owner}"
    chained = [row for row in briefing.leaders if len(row.approach_via) > 1]
    assert all(row.approach_text == " → ".join(row.approach_via[:-1]) for row in chained)
    deck = xml_text(export_bytes(sample, "pptx", analysis=analysis))
    html = export_bytes(sample, "html", analysis=analysis).decode("utf-8")
    for row in direct:
        assert f"Directly, through our owner {sample.nodes[row.id]['owner']}" in deck
        assert f"directly, through our owner {sample.nodes[row.id]['owner']}" in html


# --- what-if briefings ----------------------------------------------------------------------

WHAT_IF_LABEL = "What-if: Ethan Brooks assumed on board; Richard Halvorsen neutral — not the current state"


@pytest.fixture(scope="module")
def what_if_analysis(sample):
    from influence.scenarios import Scenario

    scenario = Scenario.build(sample, on_board=["Ethan Brooks"], attitudes={"Richard Halvorsen": "neutral"})
    return analyze(sample, scenario=scenario, simulations=200)


def _words(text: str) -> str:
    return " ".join(text.split())


def _pdf_texts(data: bytes, tmp_path) -> tuple[str, str]:
    import subprocess

    path = tmp_path / "briefing.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return _words(text), info


def _slides_texts(data: bytes) -> list[str]:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    return [_words(" ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame))
            for slide in prs.slides]


def _sheets_texts(data: bytes) -> dict[str, str]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    return {ws.title: " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
            + " " + (ws.oddHeader.center.text or "") for ws in wb.worksheets}


def _html_text(page: str) -> str:
    import html

    body = page[page.index("<body>"):]
    body = re.sub(r"<script.*?</script>", " ", body, flags=re.S)
    return _words(html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.browser
def test_a_what_if_briefing_says_so_on_every_page_slide_and_sheet_and_in_its_metadata(
        sample, what_if_analysis, tmp_path):
    from openpyxl import load_workbook
    from pptx import Presentation

    assert what_if_analysis.label() == WHAT_IF_LABEL
    text, info = _pdf_texts(export_bytes(sample, "pdf", analysis=what_if_analysis), tmp_path)
    assert WHAT_IF_LABEL in text
    assert re.search(r"Title:\s+Northwind Systems: influence map \(what-if\)", info)
    assert re.search(r"Subject:\s+" + re.escape(WHAT_IF_LABEL), info)

    deck = export_bytes(sample, "pptx", analysis=what_if_analysis, target="Richard Halvorsen")
    slides = _slides_texts(deck)
    assert len(slides) >= 5 and all(WHAT_IF_LABEL in slide for slide in slides)
    props = Presentation(io.BytesIO(deck)).core_properties
    assert props.subject == WHAT_IF_LABEL and props.title.endswith("(what-if)")

    page = export_bytes(sample, "html", analysis=what_if_analysis).decode("utf-8")
    assert WHAT_IF_LABEL in _html_text(page)
    assert re.search(r"<title>[^<]*\(what-if\)</title>", page)
    assert f'<meta name="description" content="{WHAT_IF_LABEL}">' in page

    workbook = export_bytes(sample, "xlsx", analysis=what_if_analysis)
    sheets = _sheets_texts(workbook)
    assert set(sheets) == {"People", "Relationships", "Briefing"}
    assert all(WHAT_IF_LABEL in text for text in sheets.values()), sheets.keys()
    assert load_workbook(io.BytesIO(workbook)).properties.subject == WHAT_IF_LABEL


@pytest.mark.browser
def test_a_briefing_of_the_map_as_it_stands_has_no_what_if_label(sample, analysis, tmp_path):
    from pptx import Presentation

    text, info = _pdf_texts(export_bytes(sample, "pdf", analysis=analysis), tmp_path)
    assert "What-if" not in text and "what-if" not in info and "current state" not in text
    assert re.search(r"Title:\s+Northwind Systems: influence map\n", info)  # not the browser's "Kaleido-fier"
    deck = export_bytes(sample, "pptx", analysis=analysis)
    assert not any("What-if" in slide or "current state" in slide for slide in _slides_texts(deck))
    assert not Presentation(io.BytesIO(deck)).core_properties.subject
    page = export_bytes(sample, "html", analysis=analysis).decode("utf-8")
    assert "What-if" not in _html_text(page) and "(what-if)" not in page and "influence-scenario" not in page
    assert not any("What-if" in t or "current state" in t
                   for t in _sheets_texts(export_bytes(sample, "xlsx", analysis=analysis)).values())


def test_a_what_if_workbook_still_reimports_as_the_scenario_has_the_map(sample, what_if_analysis, tmp_path):
    path = export_map(sample, tmp_path / "what-if.xlsx", analysis=what_if_analysis)
    back = read_workbook(path)
    assert not [w for w in back.graph.get("warnings") or [] if "What-if" in str(w)]
    assert set(back) == set(sample)
    assert back.nodes["NW081"]["attitude"] == "champion" and back.nodes["NW060"]["attitude"] == "neutral"
    assert sample.nodes["NW060"]["attitude"] == "skeptic"  # the map itself is untouched


def test_an_anonymised_what_if_names_roles_not_people(sample, what_if_analysis):
    page = export_bytes(sample, "html", analysis=what_if_analysis, anonymize=True).decode("utf-8")
    text = _html_text(page)
    assert "What-if: " in text and "assumed on board" in text and "— not the current state" in text
    assert not leaked(text, ["Ethan Brooks", "Richard Halvorsen", "Halvorsen"])


def test_a_filtered_export_keeps_the_analysis_settings_and_the_scenario(sample, what_if_analysis):
    from influence.export.briefing import prepare_briefing

    part = [p for p in sample if sample.nodes[p].get("department") in ("Finance", "Marketing")]
    assert 5 < len(part) < len(sample) and "NW081" in part
    shown = what_if_analysis.graph.subgraph(part).copy()
    briefing = prepare_briefing(shown, what_if_analysis)
    redone = briefing.analysis
    assert set(redone.graph) == set(part)
    assert (redone.seed, redone.simulations, redone.model, redone.fraction) == (
        what_if_analysis.seed, what_if_analysis.simulations, what_if_analysis.model, what_if_analysis.fraction)
    assert redone.scenario.on_board == ("NW081",)
    assert briefing.scenario_label.startswith("What-if: Ethan Brooks assumed on board")


def test_cli_export_of_a_what_if_is_the_same_labelled_briefing(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "--sample", "-f", "xlsx", "--assume-on-board", "Ethan Brooks",
                                       "--attitude", "Richard Halvorsen=neutral"])
    assert result.exit_code == 0, result.output
    assert WHAT_IF_LABEL + "." in result.output
    path = tmp_path / "partner_influence_map-briefing-what-if.xlsx"
    sheets = _sheets_texts(path.read_bytes())
    assert all(WHAT_IF_LABEL in text for text in sheets.values())
    assert load_workbook(path).properties.subject == WHAT_IF_LABEL
    back = read_workbook(path)
    assert back.nodes["NW081"]["attitude"] == "champion" and back.nodes["NW060"]["attitude"] == "neutral"
    approached = CliRunner().invoke(main, ["export", "--sample", "-f", "xlsx", "--win", "NW081", "--out", "a.xlsx"])
    assert approached.exit_code == 0, approached.output
    assert "What-if: Ethan Brooks approached (each won with probability r) — not the current state" in (
        _sheets_texts((tmp_path / "a.xlsx").read_bytes())["People"])
    bad = CliRunner().invoke(main, ["export", "--sample", "-f", "xlsx", "--attitude", "NW060=middling-ish", "--force"])
    assert bad.exit_code == 1 and "Error: attitude for Richard Halvorsen: 'middling-ish' is not a known attitude" in (
        bad.output)


def test_export_bytes_analyses_a_scenario_it_is_given(sample):
    from influence.scenarios import Scenario

    page = export_bytes(sample, "html", scenario={"won": ["NW081"]}).decode("utf-8")  # the older stored form
    assert "What-if: Ethan Brooks assumed on board — not the current state" in _html_text(page)
    assert export_bytes(sample, "html", scenario=Scenario()).decode("utf-8").count("what-if\"") == 0
