"""The `parley` command as a user types it: scenarios, explain, run, schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from parley.cli import main
from sim.transcript.format import read_transcript
from tests.conftest import parley


def test_parley_scenarios_lists_the_seed_scenario() -> None:
    proc = parley("scenarios")
    assert proc.returncode == 0
    assert "brussels_2026" in proc.stdout and "EU, Russia, Ukraine, US" in proc.stdout


def test_parley_explain_shows_each_red_line_beside_its_quote() -> None:
    proc = parley("explain", "brussels_2026", "--party", "Russia")
    assert proc.returncode == 0
    assert "Donbas returns to Russia" in proc.stdout
    assert "Donbas is a historical territory of Russia" in proc.stdout
    assert "assumption:" in proc.stdout


def test_parley_explain_refuses_an_unknown_party_in_one_line() -> None:
    proc = parley("explain", "--party", "Narnia")
    assert proc.returncode == 2
    assert "no party 'Narnia'" in proc.stderr and "Traceback" not in proc.stderr


def test_parley_run_prints_the_outcome_and_writes_the_same_transcript_twice(
        tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    proc = parley("run", "brussels_2026_settlement", "--seed", "6", "--transcript", str(first))
    assert proc.returncode == 0
    assert "Deal in round 24 of 24" in proc.stdout and "Pareto-efficient: yes" in proc.stdout
    assert main(["run", "brussels_2026_settlement", "--seed", "6", "--quiet", "--transcript",
                 str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    records = read_transcript(first)
    assert records[0]["seed"] == 6 and records[-1]["kind"] == "deal"


def test_parley_run_names_an_unknown_scenario_and_the_built_in_ones() -> None:
    proc = parley("run", "atlantis")
    assert proc.returncode == 2
    assert "no scenario file or built-in scenario named 'atlantis'" in proc.stderr
    assert "brussels_2026" in proc.stderr


def test_parley_schema_documents_every_party_field() -> None:
    proc = parley("schema")
    assert "| `reservation` | number | yes | What no deal is worth to the party" in proc.stdout
    schema = json.loads(parley("schema", "--json").stdout)
    assert "Party" in schema["$defs"]


def test_built_in_scenarios_are_found_from_any_working_directory(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "parley", "run", "brussels_2026", "--quiet"],
                          capture_output=True, text=True, check=False, cwd=tmp_path,
                          env={"COLUMNS": "200", "PATH": ""})
    assert proc.returncode == 0, proc.stderr
    assert "utility" in proc.stdout


def test_the_format_reference_in_docs_is_the_one_the_models_generate() -> None:
    from sim.scenario.reference import markdown

    docs = Path(__file__).parent.parent / "docs" / "scenario-format.md"
    assert docs.read_text(encoding="utf-8").rstrip("\n") == markdown().rstrip("\n"), \
        "regenerate it: parley schema > docs/scenario-format.md"


@pytest.mark.parametrize("columns", [40, 60, 73, 74, 80, 120])
def test_parley_scenarios_never_cuts_a_name_at_any_width(columns: int) -> None:
    """The name is what the user types: whole at any terminal width (it was cut at 80 columns:
    "brussels_202…"); the title and parties wrap instead, and nothing is cut short."""
    from sim.scenario.library import builtin_scenarios

    proc = subprocess.run([sys.executable, "-m", "parley", "scenarios"], capture_output=True,
                          text=True, check=False, env={"COLUMNS": str(columns), "PATH": ""})
    assert proc.returncode == 0, proc.stderr
    words = proc.stdout.split()
    for path in builtin_scenarios():
        assert path.stem in words, (columns, proc.stdout)
    assert "…" not in proc.stdout
    assert "8 + 24" in " ".join(words)  # the staged scenario's rounds, whole
