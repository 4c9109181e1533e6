"""``influence analyze``, ``path`` and ``simulate`` through click's CliRunner."""

import io
import json
import math

import pytest
from click.testing import CliRunner

from influence.cli import common, main

FAST = ["--simulations", "200"]


def run(*args):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def no_sponsor(tmp_path):
    path = tmp_path / "acme.csv"
    path.write_text("Name,Title,Reports To,Attitude,Authority\n"
                    "Ada Lovelace,CEO,,neutral,5\n"
                    "Bob Byrne,CFO,Ada Lovelace,skeptic,4\n"
                    "Cy Young,Analyst,Bob Byrne,champion,1\n", encoding="utf-8")
    return path


def test_analyze_tables_on_the_sample():
    result = run("analyze", "--sample", *FAST)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Northwind Systems: 60 people (partner_influence_map.xlsx)\n")
    for heading in ("Executive sponsor: ", "Expected support: ", "Leading 10 percenters, in order of approach",
                    "Antibodies, most influential first", "Hesitant middle (", "Most influential people (top 10)"):
        assert heading in out
    assert out.index("Executive sponsor") < out.index("Expected support") < out.index("Leading 10 percenters")


def test_limit_and_top_shorten_the_tables():
    out = run("analyze", "--sample", "--limit", "2", "--top", "0", *FAST).output
    assert out.count("… and 4 more (--limit 0 or --json for all)") == 1  # 6 leaders, 2 shown
    assert "Most influential people" not in out


def test_missing_sponsor_is_the_first_line(no_sponsor):
    result = run("analyze", str(no_sponsor), *FAST)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "WARNING: No executive sponsor: no champion or supporter has authority 4 or more. The lack of a "
        "sponsor is the most common cause of failed partner initiatives; win one first. Candidates: "
        "Ada Lovelace (CEO, neutral, authority 5); Bob Byrne (CFO, skeptic, authority 4).")


def test_analyze_json_keys_and_same_seed_same_output():
    first = run("analyze", "--sample", "--json", "--seed", "5", *FAST)
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    assert {"people", "leading_10_percenters", "antibodies", "hesitant_middle", "coverage_gaps",
            "executive_sponsor", "expected_support"} <= set(data)
    assert set(data["people"][0]) >= {"id", "name", "influence_score", "attitude", "segment"}
    assert [x["rank"] for x in data["leading_10_percenters"]] == [1, 2, 3, 4, 5, 6]
    assert set(data["leading_10_percenters"][0]) >= {"id", "name", "rank", "expected_gain", "approach_via", "why"}
    assert set(data["antibodies"][0]) >= {"id", "name", "influence_score", "neutralizers"}
    assert set(data["expected_support"]) >= {"now", "with_leaders"}
    assert data["parameters"]["seed"] == 5
    assert run("analyze", "--sample", "--json", "--seed", "5", *FAST).output == first.output


def test_fraction_sets_the_size_of_the_leading_set():
    data = json.loads(run("analyze", "--sample", "--json", "--fraction", "0.2", *FAST).output)
    assert len(data["leading_10_percenters"]) == math.ceil(0.2 * 60)


@pytest.mark.parametrize("args, message", [
    (["analyze", "--sample", "--fraction", "0"], "Invalid value for '--fraction'"),
    (["analyze"], "Error: Missing FILE: give "),  # the sources it reads follow; see test_cli_import
    (["simulate", "--sample"], "Error: Nothing to simulate: give --approach ID,ID, --assume-on-board ID,ID "
                               "and/or --attitude ID=ATTITUDE."),
    (["simulate", "--sample", "--attitude", "NW060"],
     "Error: Invalid value for '--attitude': 'NW060' is not PERSON=ATTITUDE; e.g. --attitude NW060=supporter"),
])
def test_usage_errors_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_file_and_sample_together_is_refused(no_sponsor):
    result = run("analyze", str(no_sponsor), "--sample")
    assert result.exit_code == 2 and "Error: Give either FILE or --sample, not both." in result.output


def test_unreadable_file_is_an_error_line(tmp_path):
    bad = tmp_path / "partner.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    for command in (["analyze"], ["path", "--to", "x"], ["simulate", "--win", "x"]):
        result = run(*command, str(bad))
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: {bad}: this is not a spreadsheet")


def test_path_readable_and_json():
    result = run("path", "--sample", "--to", "richard halvorsen", "--from", "Beatrice Achterberg")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Chains of influence to Richard Halvorsen from Beatrice Achterberg:"
    # From a start who is not an ally, the chain includes winning them (r = 0.5 x 0.2):
    # the same probability as the same chain found from our side.
    assert lines[1] == "  Beatrice Achterberg -> Richard Halvorsen  (p = 0.10)  via Owner Omar Haddad"
    data = json.loads(run("path", "--sample", "--to", "NW060", "--k", "2", "--json").output)
    assert data["target"] == "NW060" and data["source"] is None
    assert len(data["paths"]) == 2
    assert all(set(p) == {"people", "probability"} and p["people"][-1] == "NW060" for p in data["paths"])
    assert data["paths"][0]["probability"] >= data["paths"][1]["probability"]


def test_path_unknown_person_suggests_names():
    result = run("path", "--sample", "--to", "Richard Halversen")
    assert result.exit_code == 1
    assert result.output == "Error: No one called 'Richard Halversen' in the map. Did you mean: Richard Halvorsen?\n"


def test_simulate_readable_and_json():
    result = run("simulate", "--sample", "--win", "NW040,Rajesh Iyer", "--attitude", "NW060=mentor", *FAST)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == [
        "Approached (each won with probability r): Victor Stankovic, Rajesh Iyer",
        "Attitude changes: Richard Halvorsen skeptic -> champion",
        "Expected support (people on board):"]
    data = json.loads(run("simulate", "--sample", "--win", "NW081,NW091", "--approach", "NW050", "--json").output)
    assert set(data) == {"on_board", "approach", "attitudes", "label", "before", "after", "gain"}
    assert data["approach"] == ["NW081", "NW091", "NW050"] and data["on_board"] == []
    assert data["label"] == ("What-if: Ethan Brooks, Gabriela Costa and Mateo Rossi approached "
                             "(each won with probability r) — not the current state")
    stderr = math.hypot(data["before"]["stderr"], data["after"]["stderr"])
    assert data["gain"] > 3 * stderr  # the first two leaders alone gain about 1.5 people


def test_simulate_names_its_reading_and_certain_beats_approached():
    certain = run("simulate", "--sample", "--assume-on-board", "Ethan Brooks", *FAST)
    assert certain.exit_code == 0, certain.output
    assert certain.output.splitlines()[0] == "Assumed on board (certain): Ethan Brooks"
    both = json.loads(run("simulate", "--sample", "--assume-on-board", "NW081", "--json", *FAST).output)
    approached = json.loads(run("simulate", "--sample", "--approach", "NW081", "--json", *FAST).output)
    assert both["on_board"] == ["NW081"] and both["approach"] == []
    assert both["label"] == "What-if: Ethan Brooks assumed on board — not the current state"
    # Ethan is neutral (r = 0.5): counting him on board for certain gains more than approaching him.
    assert both["before"] == approached["before"]
    assert both["after"]["mean"] > approached["after"]["mean"] > approached["before"]["mean"]


def test_simulate_bad_attitude_word():
    result = run("simulate", "--sample", "--attitude", "NW060=middling-ish")
    assert result.exit_code == 1
    assert result.output == ("Error: attitude for Richard Halvorsen: 'middling-ish' is not a known attitude; use one "
                             "of: champion, supporter, neutral, skeptic, opponent, unknown (or +2 … -2)\n")


@pytest.mark.parametrize("command", ["analyze", "path", "simulate"])
def test_help_has_examples(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Examples:" in result.output and f"influence {command} " in result.output


def test_progress_bar_only_on_a_terminal(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    with common.progress_bar("Analysing") as report:
        assert report is None  # pytest's stderr is not a terminal
    screen = Terminal()
    monkeypatch.setattr(common.sys, "stderr", screen)
    with common.progress_bar("Analysing") as report:
        report(500, 1000)
        report(1000, 1000)
    assert "Analysing" in screen.getvalue()


def _readme_blocks(fence):
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    blocks, start = [], 0
    while (start := text.find(f"```{fence}\n", start)) >= 0:
        end = text.index("```", start + len(fence) + 4)
        blocks.append(text[start + len(fence) + 4:end])
        start = end
    return blocks


@pytest.mark.parametrize("command", ["analyze", "path", "simulate"])
def test_readme_transcripts_are_real_output(command):
    for block in _readme_blocks("console"):
        first, _, shown = block.partition("\n")
        if first.startswith(f"$ influence {command} "):
            import shlex

            result = run(*shlex.split(first)[2:])
            assert result.output.rstrip() == shown.rstrip(), (
                f"README's transcript of `{first[2:]}` is out of date: paste the command's real output")
            return
    pytest.fail(f"README has no transcript of influence {command}")


def test_readme_library_example_runs():
    import doctest

    block = next(b for b in _readme_blocks("python") if "influence.analyze(" in b)
    test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_analyze_a_what_if_says_so_first_and_in_its_json():
    result = run("analyze", "--sample", "--assume-on-board", "Ethan Brooks", "--attitude", "NW060=neutral", *FAST)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "What-if: Ethan Brooks assumed on board; Richard Halvorsen neutral — not the current state.")
    data = json.loads(run("analyze", "--sample", "--approach", "NW081", "--json", *FAST).output)
    assert data["scenario"]["approach"] == ["NW081"] and data["scenario"]["label"].startswith("What-if: Ethan")
    assert json.loads(run("analyze", "--sample", "--json", *FAST).output)["scenario"] is None
