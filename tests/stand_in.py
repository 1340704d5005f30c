"""A stand-in for the TUI in tests that drive `parley play` through `main`: it plays the
session directly (rejecting every offer, tabling its ideal), then saves if asked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sim.actors.human import Decision
from sim.play.session import PlaySession
from tui.app import ParleyApp


def play_out(session: PlaySession, moves: int | None = None) -> None:
    """Reject every offer and table the ideal, for `moves` decisions or to the end."""
    request = session.request or session.advance()
    made = 0
    while request is not None and (moves is None or made < moves):
        decision = (Decision.reject() if request.kind == "respond"
                    else Decision.propose(session.ideal_offer(request.party)))
        request = session.decide(decision)
        made += 1


def stand_in(moves: int | None = None, save: Path | None = None) -> Callable[[ParleyApp], None]:
    """A `ParleyApp.run` that plays instead of drawing screens, then saves if asked."""
    def run(app: ParleyApp) -> None:
        assert app.session is not None
        if app.transcript is not None:
            app.session.transcript = app.transcript
        play_out(app.session, moves)
        if save is not None:
            app.session.save(save)
    return run
