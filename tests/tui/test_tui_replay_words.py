"""`parley replay` words each move as the table's log did during play: an answer is
"rejected — not enough" or "— red line", never the engine's reason codes ("— target")."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import OptionList

from parley.cli import main
from sim.classroom.stand_in import play_student
from sim.scenario.library import resolve_scenario
from sim.scenario.loader import load_scenario
from sim.transcript.format import Record, read_transcript
from tui.screens.replay import ReplayApp
from tui.widgets.move_log import MoveLog

TABLE_WORDS = {"not enough", "red line", "partner's red line"}
"""What the table's log says after "rejected" (sim.transcript.public.PUBLIC_CODES)."""
SUFFIX = re.compile(r" (?:accepted|rejected) — (.+)$")


async def _replayed(records: list[Record]) -> list[str]:
    app = ReplayApp(records, load_scenario(resolve_scenario("brussels_2026")))
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.press("end")
        moves = app.screen.query_one("#replay-moves", OptionList)
        return [str(moves.get_option_at_index(k).prompt) for k in range(moves.option_count)]


async def _table_log(records: list[Record], viewer: str) -> list[str]:
    """The same records in the table screen's log, as a student saw them during play."""
    from textual.app import App, ComposeResult

    class LogApp(App[None]):
        def compose(self) -> ComposeResult:
            yield MoveLog(id="log")

    app = LogApp()
    async with app.run_test(size=(110, 36)):
        log = app.query_one(MoveLog)
        log.show(records, viewer)
        return [str(log.get_option_at_index(k).prompt) for k in range(log.option_count)]


async def test_a_replayed_game_says_not_enough_and_red_line_as_the_table_did(
        tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    assert main(["run", "brussels_2026", "--seed", "4", "--quiet", "--transcript",
                 str(path)]) == 0
    for records, viewer in ((read_transcript(path), ""),
                            (play_student("brussels_2026", "Russia", seed=101,
                                          student_seed=1), "Russia")):
        lines = await _replayed(records)
        said = [m.group(1) for line in lines if (m := SUFFIX.search(line))]
        assert said, lines
        assert set(said) <= TABLE_WORDS, said  # was "target", "reservation", "budget"
        assert "not enough" in said
        assert lines == await _table_log(records, viewer)
