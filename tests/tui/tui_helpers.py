"""Driving the Parley app as a player would, for Pilot and snapshot tests."""

from __future__ import annotations

from textual.pilot import Pilot

from tui.app import ParleyApp
from tui.screens.dialogs import ConfirmScreen
from tui.screens.table import TableScreen

DEAL_SEED = 6
"""As Russia, tabling its ideal and accepting every allowed offer ends in a deal (round 15)."""

SIDE = "Russia"


async def play_out(pilot: Pilot[None], accept: bool = True, limit: int = 80) -> int:
    """Play the pending games to the end: table the builder's offer, accept what the rules allow
    (or reject everything), confirming any warning. Returns the number of key presses."""
    app = pilot.app
    assert isinstance(app, ParleyApp)
    presses = 0
    while isinstance(app.screen, TableScreen | ConfirmScreen) and presses < limit:
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("y")
        else:
            session, request = app.session, app.session.request if app.session else None
            assert session is not None and request is not None
            if request.kind == "propose":
                key = "t"
            else:
                allowed = session.assess(request.party, request.offer or {}).allowed
                key = "a" if accept and allowed else "r"
            await pilot.press(key)
        await pilot.pause()
        presses += 1
    return presses
