"""Snapshots of the briefing, table and debrief screens (seed fixed, cursor blink off).

Regenerate after a deliberate change with `pytest tests/tui --snapshot-update` and look at
the SVGs in `tests/tui/__snapshots__/` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import DEAL_SEED, SIDE, play_out

from tui.app import ParleyApp, make_app

pytestmark = pytest.mark.slow  # each snapshot starts the whole app

Snap = Callable[..., bool]


def _app(theme: str | None = None) -> ParleyApp:
    app = make_app("brussels_2026_settlement", [SIDE], seed=DEAL_SEED, theme=theme)
    app.cursor_blink = False  # type: ignore[attr-defined]
    return app


def test_briefing_at_80x24(snap_compare: Snap) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24))


def test_table_after_one_move_at_80x24(snap_compare: Snap) -> None:
    async def one_move(pilot: Pilot[Any]) -> None:
        await pilot.press("enter", "t")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(80, 24), run_before=one_move)


def test_table_after_one_move_at_140x45(snap_compare: Snap) -> None:
    """A wide terminal: the option on the table gets as much room as the player's own."""
    async def one_move(pilot: Pilot[Any]) -> None:
        await pilot.press("enter", "t")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(140, 45), run_before=one_move)


def test_table_in_the_light_theme(snap_compare: Snap) -> None:
    async def one_move(pilot: Pilot[Any]) -> None:
        await pilot.press("enter", "t")
        await pilot.pause()

    assert snap_compare(_app("textual-light"), terminal_size=(100, 30), run_before=one_move)


def test_debrief_after_a_deal(snap_compare: Snap) -> None:
    async def to_the_end(pilot: Pilot[Any]) -> None:
        await pilot.press("enter")
        await play_out(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(100, 40), run_before=to_the_end)
