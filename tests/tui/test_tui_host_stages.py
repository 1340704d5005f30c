"""A class host's seat in the TUI through staged talks (issues 14 and 16): the student at
Russia's seat plays the seed scenario's talks about talks and then the settlement, at a real
host, while scripted students hold the other seats; the screens show the stage, what carried
over, and the settlement's own board, as `parley play` does."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

import pytest
from textual.widgets import Static

from parley.cli import main
from parley.host.client import RemoteSession
from tests.host_helpers import play, running_host
from tui.app import make_app
from tui.screens.briefing import BriefingScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.dialogs import ConfirmScreen, TextScreen
from tui.screens.table import TableScreen
from tui.widgets.offer_board import OfferBoard

SIDE = "Russia"


@pytest.mark.slow
async def test_a_seat_at_a_class_host_plays_both_stages_of_the_seed_scenario(
        tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    assert main(["class", "brussels_2026", "--students", "4", "--per-table", "4", "--seed",
                 "5", "-o", str(pack)]) == 0
    codes = json.loads((pack / "codes.json").read_text())["students"]
    sides = {s["label"]: s["side"] for s in json.loads((pack / "class.json").read_text())
             ["students"]}
    with running_host(pack) as host:
        seats = {sides[label]: RemoteSession.connect(host.address, code)
                 for label, code in codes.items()}
        others = [threading.Thread(target=play, args=(seat,), daemon=True)
                  for side, seat in seats.items() if side != SIDE]
        for t in others:
            t.start()
        mine = seats[SIDE]
        app = make_app(session=mine)
        try:
            async with app.run_test(size=(110, 44)) as pilot:
                carried, statuses, boards = "", set(), []
                for _ in range(600):
                    await pilot.pause(0.05)
                    screen = app.screen
                    if isinstance(screen, DebriefScreen):
                        break
                    if isinstance(screen, BriefingScreen | ConfirmScreen):
                        await pilot.press("enter" if isinstance(screen, BriefingScreen)
                                          else "y")
                    elif isinstance(screen, TextScreen):
                        carried = screen.markdown  # the settlement opens
                        await pilot.press("enter")
                    elif isinstance(screen, TableScreen):
                        statuses.add(str(screen.query_one("#status", Static).render()))
                        board = list(screen.query_one(OfferBoard).offer)
                        if not boards or boards[-1] != board:
                            boards.append(board)
                        request = mine.request
                        if request is not None and screen.request == request:
                            allowed = request.kind == "respond" and mine.assess(
                                SIDE, request.offer or {}).allowed
                            await pilot.press("t" if request.kind == "propose"
                                              else "a" if allowed else "r")
                    else:
                        await asyncio.sleep(0.05)
                assert isinstance(app.screen, DebriefScreen)
        finally:
            for seat in seats.values():
                seat.close()
            for t in others:
                t.join(30)
    assert any("Stage 1/2: Talks about talks" in s for s in statuses)
    assert any("Stage 2/2: The settlement" in s for s in statuses)
    assert "Stage 2 of 2: The settlement" in carried and "Settled before" in carried
    assert boards[0] == ["concession", "europe"]
    assert len(boards[-1]) > 2  # the settlement's board: its issues, the agreed ones fixed
    assert mine.finished and [r["number"] for r in mine.records if r["type"] == "stage"] == [1, 2]
