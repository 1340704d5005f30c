"""What talks that never opened are worth to each side: the briefs, `parley explain` and the
engine say the same number.

A stage's `reservation` is "what no agreement in this stage is worth to the party (say, talks
never opening)" (docs/scenario-format.md, StageParty), and each side's brief states it for
the talks about talks. A game whose first stage fails pays exactly that, not the settlement's
reservation value (the engine used to pay Russia 0.35 and the US 0.25 where their briefs say
0.40 and 0.20).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from parley.cli import main
from sim.scenario.library import resolve_scenario
from sim.scenario.loader import load_scenario
from tui.text import briefing_markdown

SCENARIO = "brussels_2026"
WORTH = re.compile(r"the talks never opening\): \**([0-9.]+)")


def _never_opened(folder: Path, *extra: str) -> list[dict[str, Any]]:
    """The records of the first game (seeds 0, 1, ...) whose talks never opened."""
    for seed in range(60):
        path = folder / f"{seed}.jsonl"
        assert main(["run", SCENARIO, "--seed", str(seed), "--quiet", *extra,
                     "--transcript", str(path)]) == 0
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        if records[-1]["kind"] == "never_opened":
            return records
    raise AssertionError("no game of 60 whose talks never opened")


def _stated(text: str) -> float:
    found = WORTH.findall(" ".join(text.split()))
    assert len(found) == 1, found
    return float(found[0])


def test_a_game_whose_talks_never_opened_pays_what_each_brief_states(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = _never_opened(tmp_path, "--pinned")[-1]
    scenario = load_scenario(resolve_scenario(SCENARIO))
    assert main(["class", SCENARIO, "--students", "4", "-o", str(tmp_path / "pack")]) == 0
    capsys.readouterr()
    assert main(["explain", SCENARIO, "--private"]) == 0
    explained = " ".join(capsys.readouterr().out.split())
    stated_in_explain = [float(v) for v in WORTH.findall(explained)]
    assert len(stated_in_explain) == len(scenario.parties)
    for side, in_explain in zip(scenario.parties, stated_in_explain, strict=True):
        in_tui = _stated(briefing_markdown(scenario, side))
        brief = next((tmp_path / "pack" / "briefs").glob(f"student-*-{side}.md"))
        in_pack = _stated(brief.read_text(encoding="utf-8"))
        assert in_tui == in_pack == in_explain, side
        assert outcome["utilities"][side] == pytest.approx(in_tui, abs=1e-9), side
        assert outcome["reservations"][side] == pytest.approx(in_tui, abs=1e-9), side
    # The shipped numbers, as the QA pass read them in the briefs.
    assert outcome["utilities"]["Russia"] == pytest.approx(0.40)
    assert outcome["utilities"]["US"] == pytest.approx(0.20)


def test_with_drawn_numbers_it_pays_the_failed_stage_s_drawn_reservation(
        tmp_path: Path) -> None:
    records = _never_opened(tmp_path)
    failed = [r for r in records if r["type"] == "stage"][-1]
    outcome = records[-1]
    assert outcome["stage"] == failed["stage"]
    for side, worth in outcome["utilities"].items():
        assert worth == failed["drawn"][f"{side}.reservation"], side
