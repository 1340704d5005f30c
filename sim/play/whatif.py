"""What usually happens next: a game stopped at a round, continued by scripted players.

`snapshot` captures a single game at the start of a round (before that round's events): the
parameters as events have left them, who is still at the table, the last offers, how much
budget each side has spent, red lines pressed, and what the scripted players remember. `resume`
starts `N` runs from that state with new run seeds, every side scripted (people included), so
the seeds decide only what happens from then on. `continue_from` does both for a saved
`PlaySession`; the TUI's "What if?" panel and `parley batch --from SAVEFILE` use it.

Two simplifications, both documented for players: the continuation starts at the beginning
of the round in which the game was saved (what was said earlier in that round is said again
by scripted players); and an event that already happened never happens again, while one that
has not yet happened is drawn afresh from the new seed (rounds already past are skipped).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.actors.mediator import NashMediator
from sim.actors.strategies import ScriptedActor
from sim.negotiation import randomness as rnd
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import Game
from sim.negotiation.params import RunParams
from sim.negotiation.results import Results
from sim.play.session import PlaySession


class ContinuationError(ValueError):
    """A game that cannot be continued (it is over, or it is not a single game)."""


@dataclass(frozen=True, eq=False)
class Snapshot:
    """A single game's state at the start of round `round`, before that round's events."""

    round: int
    """The round to play next."""
    protocol: str
    """`alternating` or `mediated`."""
    params: RunParams
    """One row: parameters as the events so far have left them."""
    active: np.ndarray
    """[1, P] parties still at the table."""
    first: np.ndarray
    """[1] seat of the first proposer (the turn order continues from it)."""
    least: np.ndarray
    """[1, P] the least each party has offered or accepted (its budget spent so far)."""
    pressed: np.ndarray
    """[1, P] offers tabled so far that crossed each party's hard red lines."""
    memory: np.ndarray
    """[P] each scripted party's tit-for-tat target (NaN where none or played by a person)."""
    stated: np.ndarray
    """[1, P] what each party said it wanted in the last round played."""
    stated_before: np.ndarray
    """[1, P] the same, a round earlier (tit-for-tat reads the difference)."""
    mediator_demands: np.ndarray | None
    """[2, 1, P] what each party last told a Nash mediator it needs, and the hidden costs the
    mediator has inferred, if the game has one."""
    fired: tuple[int, ...]
    """Scenario events that have already happened."""


def _scripted_seats(neg: Negotiation) -> list[tuple[int, ScriptedActor]]:
    """(seat, strategy) of each scripted party; a mediating party's strategy is its `own`."""
    found = []
    for seat, actor in enumerate(neg.actors):
        scripted = actor.own if isinstance(actor, NashMediator) else actor
        if isinstance(scripted, ScriptedActor):
            found.append((seat, scripted))
    return found


def snapshot(neg: Negotiation, round_: int) -> Snapshot:
    """The state of single game `neg`, which must stand at the start of round `round_`.

    Raises:
        ContinuationError: `neg` is a batch, is over, or has run past that point.
    """
    if len(neg.seeds) != 1:
        raise ContinuationError("only a single game can be continued")
    if neg.finished:
        raise ContinuationError("the game is already over; there is nothing to continue")
    if not neg.start <= round_ < neg.deadline or neg.env.now > round_ or neg.pending:
        raise ContinuationError(f"the game is not at the start of round {round_}")
    memory = np.full(len(neg.game.parties), np.nan)
    demands = None
    for seat, scripted in _scripted_seats(neg):
        memory[seat] = scripted.memory[0]
    if isinstance(neg.mediator, NashMediator):
        demands = np.stack([neg.mediator.demands, neg.mediator.hidden])
    params = RunParams(reservation=neg.reservation.copy(), budget=neg.budget.copy(),
                       pace=neg.pace.copy(), strategy=neg.strategy.copy(),
                       weights=neg.weights.copy(), values=neg.values.copy())
    fired = tuple(ev.index for ev in neg.events
                  if bool(ev.fires[0]) and int(ev.rounds[0]) < round_)
    return Snapshot(round=round_, protocol=neg.protocol, params=params,
                    active=neg.active.copy(), first=neg.first.copy(),
                    least=neg.least.copy(), pressed=neg.pressed.copy(), memory=memory,
                    stated=neg.stated.copy(), stated_before=neg.stated_before.copy(),
                    mediator_demands=demands, fired=fired)


def resume(game: Game, snap: Snapshot, seeds: np.ndarray | list[int] | int,
           params: RunParams | None = None) -> Negotiation:
    """`N` all-scripted runs that continue `snap`, one per seed.

    Args:
        game: the compiled scenario the snapshot was taken from.
        snap: the state to continue from.
        seeds: run seeds; they decide everything random from round `snap.round` on.
        params: per-run parameters replacing the snapshot's (e.g. drawn by a batch); their
            preferences must be the snapshot's, since the budget spent so far is measured
            in them.
    """
    seeds = np.atleast_1d(np.asarray(seeds, dtype=np.uint64))
    n = len(seeds)
    rows = params if params is not None else snap.params.take(np.zeros(n, dtype=np.int64))
    neg = Negotiation(game, seeds, params=rows, protocol=snap.protocol, record=False,
                      start=snap.round)
    everyone = np.zeros(n, dtype=np.int64)
    neg.active[:] = snap.active[everyone]
    neg.first[:] = snap.first[everyone]
    neg.least[:] = snap.least[everyone]
    neg.pressed[:] = snap.pressed[everyone]
    neg.stated[:] = snap.stated[everyone]
    neg.stated_before[:] = snap.stated_before[everyone]
    for seat, scripted in _scripted_seats(neg):
        scripted.memory[:] = snap.memory[seat]
    if isinstance(neg.mediator, NashMediator) and snap.mediator_demands is not None:
        neg.mediator.demands[:] = snap.mediator_demands[0][everyone]
        neg.mediator.hidden[:] = snap.mediator_demands[1][everyone]
    for ev in neg.events:
        if ev.index in snap.fired:
            ev.fires[:] = False
    return neg


def snapshot_session(session: PlaySession) -> Snapshot:
    """The saved game at the start of its current round, replayed from its decisions.

    Raises:
        ContinuationError: the game is over.
    """
    if session.finished:
        raise ContinuationError("the game is already over; there is nothing to continue")
    round_ = session.round
    neg = Negotiation(session.game, session.seed, humans=session.humans,
                      protocol=session.protocol, record=False)
    decisions = iter(session.decisions)
    while True:
        request = neg.pending
        if request is not None:
            # Every decision made before this round is replayed; none of this round's is.
            neg.decide(next(decisions))
        elif neg.env.peek() >= round_:
            break
        else:
            neg.env.step()
    return snapshot(neg, round_)


def continue_from(session: PlaySession, runs: int, seed: int) -> Results:
    """What usually happens next in a game being played: `runs` scripted continuations.

    Every side, the people's included, is played by its scripted strategy from the start of
    the current round; run `i` uses seed `batch_seeds(seed, i, 1)`, as `parley batch --from`
    does, so the two agree run for run.

    Args:
        session: the game, paused at a decision (or freshly loaded from a save).
        runs: how many continuations.
        seed: the batch seed.

    Raises:
        ContinuationError: the game is already over.
    """
    snap = snapshot_session(session)
    return resume(session.game, snap, rnd.batch_seeds(seed, 0, runs)).run()
