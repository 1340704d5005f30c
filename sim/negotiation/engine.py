"""The negotiation engine: SimPy owns time and turns, numpy arrays hold every run's state.

One `Negotiation` runs `N` games of one scenario in lockstep: round `t` is the SimPy time
interval `[t, t + 1)`, events land at its start (time `t`) and the table sits at `t + 0.5`.
A single interactive game is the same machinery with `N = 1`, so a game played alone and the
same run inside a batch cannot disagree.

Who tables and who answers in a round is the protocol's business (`sim.negotiation.protocols`);
what a party wants and says is its actor's (`sim.actors`). The engine keeps the clock and the
state, and provides the table's mechanics the protocols use: `propose`, `table`, `answer`.

Driving from outside: `advance()` runs the simulation until a person must decide and returns
that `DecisionRequest` (or None at the end); `decide()` answers it. The TUI and the tests
use exactly this. `snapshot()` and `resume()` stop a game at a round and continue it in
new runs.
"""

from __future__ import annotations

from collections.abc import Collection, Generator, Iterable
from dataclasses import replace
from typing import Any

import numpy as np
import simpy

from sim.actors.base import Actor, Answers, Reason, TableView
from sim.actors.human import (
    Decision,
    DecisionError,
    DecisionRequest,
    HumanActor,
    check_decision,
)
from sim.actors.opponent_model import OpponentModel
from sim.actors.strategies import ScriptedActor
from sim.negotiation import randomness as rnd
from sim.negotiation.consent import deal_stands
from sim.negotiation.events import Scheduled, schedule
from sim.negotiation.game import Game, utilities, world_tables
from sim.negotiation.injects import Inject, InjectError
from sim.negotiation.params import RunParams
from sim.negotiation.protocols import PROTOCOLS
from sim.negotiation.results import Outcome, Results
from sim.negotiation.snapshot import ContinuationError, Snapshot
from sim.scenario.schema import Event
from sim.transcript.recorder import Recorder


def _read_only(a: np.ndarray) -> np.ndarray:
    v = a.view()
    v.flags.writeable = False
    return v


class Negotiation:
    """`N` runs of one scenario, advanced together.

    Args:
        game: the compiled scenario.
        seeds: one run seed per run (an int for a single game).
        params: per-run parameters (defaults: the scenario's own).
        humans: party names played by people (single games only).
        protocol: a protocol name (see `PROTOCOLS`), overriding the scenario's.
        record: keep a transcript (single games only).
        drawn: the parameters drawn for a single game's world (path → value), for its
            transcript's header.
        random_events: whether events left to chance (a `chance` below 1, or a round drawn
            `between` two) may happen; a teacher may switch them off for a class.
        absent: parties that do not sit at this table (a stage of staged talks that leaves
            one out): they neither table nor answer, as if they had left before round 0.

    A scenario event never takes a decision that belongs to a person: a walk-out event on a
    side a person plays does not happen (whether to leave is theirs to decide).
    """

    def __init__(self, game: Game, seeds: int | Iterable[int] | np.ndarray, *,
                 params: RunParams | None = None, humans: Iterable[str] = (),
                 protocol: str | None = None, record: bool = True,
                 drawn: dict[str, float] | None = None, random_events: bool = True,
                 absent: Iterable[str] = ()) -> None:
        self._drawn = drawn
        self.random_events = random_events
        self.absent = tuple(absent)
        self._setup(game, seeds, params=params, humans=humans, protocol=protocol,
                    record=record, start=0, fired=())

    def _setup(self, game: Game, seeds: int | Iterable[int] | np.ndarray, *,
               params: RunParams | None, humans: Iterable[str], protocol: str | None,
               record: bool, start: int, fired: Collection[int]) -> None:
        self.game = game
        self.seeds = np.atleast_1d(np.asarray(seeds, dtype=np.uint64))
        n, n_p = len(self.seeds), len(game.parties)
        self.params = params or RunParams.defaults(game, n)
        if self.params.n_runs != n:
            raise ValueError(f"{self.params.n_runs} parameter rows for {n} runs")
        self.humans = tuple(humans)
        unknown = [h for h in self.humans if h not in game.parties]
        if unknown:
            raise ValueError(f"unknown party {unknown[0]!r}; parties: {', '.join(game.parties)}")
        if self.humans and n != 1:
            raise ValueError("people can only play single games, not batches")
        name = protocol or game.scenario.protocol.kind
        if name not in PROTOCOLS:
            raise ValueError(f"unknown protocol {name!r} ({' or '.join(PROTOCOLS)})")
        self.protocol = name
        self.deadline = game.scenario.protocol.deadline
        self.keys = rnd.seed_keys(self.seeds)
        self.start = start
        self.env = simpy.Environment(initial_time=start)
        self._init_state(n, n_p)
        self.model = OpponentModel(n, n_p, game.n_options, game.table)
        self.actors: list[Actor] = [
            HumanActor(seat, self.env) if party in self.humans
            else ScriptedActor(seat, n, self.model)
            for seat, party in enumerate(game.parties)]
        self.rules = PROTOCOLS[name]()
        self._extra_actors = self.rules.attach(self)
        self.recorder = Recorder(game, enabled=record and n == 1)
        self._pending: tuple[DecisionRequest, simpy.Event] | None = None
        self.injects: list[Inject] = []
        """A teacher's injects (single games at a class host), each acting from its round."""
        self.events = [ev if self._may_happen(ev, fired)
                       else replace(ev, fires=np.zeros_like(ev.fires))
                       for ev in schedule(game, self.keys)]
        for scheduled in self.events:
            self.env.process(self._event_process(scheduled))
        self.env.process(self._rounds())

    def _may_happen(self, ev: Scheduled, fired: Collection[int]) -> bool:
        """Whether scenario event `ev` may still happen in this game."""
        spec = ev.spec
        if ev.index in fired:
            return False  # it already happened before a snapshot
        if spec.kind == "walk_out" and spec.party in self.humans:
            return False  # leaving is the person's decision
        return self.random_events or (spec.chance >= 1.0 and spec.between is None)

    def _init_state(self, n: int, n_p: int) -> None:
        p = self.params.worlds_in_use()
        self.reservation = p.reservation.copy()
        self.budget = p.budget.copy()
        self.pace = p.pace.copy()
        self.strategy = p.strategy.copy()
        self.delay_cost = p.delay_cost.copy()
        self.responsiveness = p.responsiveness.copy()
        self.sharpness = p.sharpness.copy()
        self.ratify_prob = p.ratify_prob.copy()
        self._ratifiers: np.ndarray | None = None
        self.weights = p.weights.copy()
        self.values = p.values.copy()
        self.world = p.rows().copy()
        # Shared read-only tables of the runs' worlds (the same for every slice of a batch).
        tables = world_tables(self.game, p.weights, p.values)
        self.effective, self.public = tables.effective, tables.public
        self.ideal = tables.ideal[self.world]
        self._refresh_floor()
        self.active = np.ones((n, n_p), dtype=bool)
        for name in self.absent:
            self.active[:, self.game.party_index(name)] = False
        self.done = np.zeros(n, dtype=bool)
        self.kind = np.full(n, Outcome.RUNNING, dtype=np.int8)
        self.ended = np.full(n, self.deadline, dtype=np.int16)
        self.deal = np.full(n, -1, dtype=np.int64)
        self.walked = np.full(n, -1, dtype=np.int8)
        self.stated = np.full((n, n_p), np.nan)
        self.stated_before = np.full((n, n_p), np.nan)
        self.opening = np.full((n, n_p), np.nan)
        self.least = self.ideal.copy()
        self.pressed = np.zeros((n, n_p), dtype=np.int16)
        first = self.game.scenario.protocol.first
        if first is not None:
            self.first = np.full(n, self.game.party_index(first), dtype=np.int64)
        else:
            self.first = rnd.integers(self.keys, rnd.slot(rnd.Tag.FIRST_PROPOSER), 0, n_p - 1)

    def _set_utilities(self, utility: np.ndarray) -> None:
        g = self.game
        self.effective = utility - g.soft_cost[None]
        self.public = utility - g.public_soft_cost[None]
        masked = np.where(g.hard[None], -np.inf, self.effective)
        self.ideal = masked.max(axis=2)[self.world]
        self._refresh_floor()

    def _refresh_floor(self) -> None:
        self.floor = np.maximum(self.reservation, self.ideal - self.budget)

    @property
    def n_runs(self) -> int:
        """Number of runs advanced together."""
        return len(self.seeds)

    @property
    def everyone(self) -> list[Actor]:
        """Every actor: one per seat, then any the protocol added (a neutral mediator)."""
        return [*self.actors, *self._extra_actors]

    def view(self, round_: int) -> TableView:
        """A read-only view of the whole table in round `round_` (the modeller's truth;
        each actor is handed only its party's share of it, `TableView.for_party`)."""
        ro = _read_only
        g = self.game
        return TableView(
            round=round_, deadline=self.deadline, keys=ro(self.keys), world=ro(self.world),
            effective=ro(self.effective), public=ro(self.public), hard=g.hard,
            public_hard=g.public_hard, ideal=ro(self.ideal), floor=ro(self.floor),
            reservation=ro(self.reservation), budget=ro(self.budget), pace=ro(self.pace),
            strategy=ro(self.strategy), delay_cost=ro(self.delay_cost),
            responsiveness=ro(self.responsiveness), sharpness=ro(self.sharpness),
            partners=g.partners, active=ro(self.active), stated=ro(self.stated),
            stated_before=ro(self.stated_before), opening=ro(self.opening))

    def live(self) -> np.ndarray:
        """Runs still going."""
        return np.flatnonzero(~self.done)

    # ------------------------------------------------------------------ driving

    def run(self) -> Results:
        """Run every game to its end (only when no party is played by a person)."""
        if self.humans:
            raise RuntimeError("a game with human players is driven with advance()/decide()")
        self.env.run()
        return self.results()

    def advance(self, until: int | None = None) -> DecisionRequest | None:
        """Run until a person must decide and return that request; None once the game is
        over, or, with `until`, once the clock reaches the start of round `until`."""
        stop = simpy.core.Infinity if until is None else until
        while self._pending is None:
            if self.env.peek() >= stop:
                return None
            self.env.step()
        return self._pending[0]

    @property
    def pending(self) -> DecisionRequest | None:
        """The decision the game is waiting for, if any."""
        return self._pending[0] if self._pending else None

    def decide(self, decision: Decision) -> None:
        """Answer the pending request.

        Raises:
            DecisionError: the decision does not fit the request or breaks a hard red line;
                the request stays pending.
        """
        if self._pending is None:
            raise DecisionError("no decision is pending")
        request, event = self._pending
        check_decision(self.game, request, decision)
        self._pending = None
        event.succeed(decision)

    @property
    def finished(self) -> bool:
        """Whether every run has ended."""
        return bool(self.done.all())

    @property
    def round(self) -> int:
        """Current round (the deadline once over)."""
        return min(int(self.env.now), self.deadline)

    # ------------------------------------------------------------------ snapshots

    def snapshot(self) -> Snapshot:
        """This single game's state; it must stand at the start of a round (see `advance`).

        Raises:
            ContinuationError: it is a batch, is over, or stands inside a round.
        """
        if self.n_runs != 1:
            raise ContinuationError("only a single game can be continued")
        if self.finished:
            raise ContinuationError("the game is already over; there is nothing to continue")
        round_ = int(np.ceil(self.env.now))
        if self.pending or self.env.peek() < round_ or round_ >= self.deadline:
            raise ContinuationError("the game does not stand at the start of a round")
        params = RunParams(reservation=self.reservation.copy(), budget=self.budget.copy(),
                           pace=self.pace.copy(), strategy=self.strategy.copy(),
                           weights=self.weights.copy(), values=self.values.copy(),
                           delay_cost=self.delay_cost.copy(),
                           responsiveness=self.responsiveness.copy(),
                           sharpness=self.sharpness.copy(), ratify_prob=self.ratify_prob.copy(),
                           world=self.world.copy())
        fired = tuple(ev.index for ev in self.events
                      if bool(ev.fires[0]) and int(ev.rounds[0]) < round_)
        return Snapshot(round=round_, protocol=self.protocol, params=params,
                        active=self.active.copy(), first=self.first.copy(),
                        least=self.least.copy(), pressed=self.pressed.copy(),
                        stated=self.stated.copy(), stated_before=self.stated_before.copy(),
                        opening=self.opening.copy(),
                        memories=tuple(actor.memory() for actor in self.everyone),
                        model=self.model.memory(), random_events=self.random_events,
                        fired=fired,
                        injects=tuple(i for i in self.injects if i.round >= round_))

    @classmethod
    def resume(cls, game: Game, snap: Snapshot, seeds: int | Iterable[int] | np.ndarray,
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
        everyone = np.zeros(n, dtype=np.int64)
        neg = cls.__new__(cls)
        neg._drawn = None
        neg.random_events = snap.random_events
        neg.absent = ()  # who sits at the table is in the snapshot's `active`
        neg._setup(game, seeds, params=params or snap.params.take(everyone), humans=(),
                   protocol=snap.protocol, record=False, start=snap.round, fired=snap.fired)
        neg.active[:] = snap.active[everyone]
        neg.first[:] = snap.first[everyone]
        neg.least[:] = snap.least[everyone]
        neg.pressed[:] = snap.pressed[everyone]
        neg.stated[:] = snap.stated[everyone]
        neg.stated_before[:] = snap.stated_before[everyone]
        neg.opening[:] = snap.opening[everyone]
        for actor, memory in zip(neg.everyone, snap.memories, strict=True):
            actor.restore(memory)
        neg.model.restore(snap.model)
        neg.injects = list(snap.injects)
        return neg

    # ------------------------------------------------------------------ processes

    def _ask(self, event: simpy.Event, request: DecisionRequest,
             ) -> Generator[simpy.Event, Any, Decision]:
        self._pending = (request, event)
        decision = yield event
        assert isinstance(decision, Decision)
        return decision

    def _rounds(self) -> Generator[simpy.Event, Any, None]:
        self.recorder.header(self.seeds[0], self.protocol, self.deadline, self.humans,
                             int(self.first[0]), self._drawn)
        yield self.env.timeout(0.5)
        for t in range(self.start, self.deadline):
            if self.done.all():
                break
            if self.injects:
                self._injected(t)
            if t > 0:
                self._delay()
            yield from self.rules.round(self, t)
            self._close_round(t)
            if t < self.deadline - 1:
                yield self.env.timeout(1)
        self._end(~self.done, Outcome.DEADLINE, self.deadline)
        self.recorder.outcome(self.view(self.deadline), self.results())

    def _delay(self) -> None:
        """Another round without agreement: what no deal is worth falls by each party's
        cost of delay (never below zero)."""
        if not self.delay_cost.any():
            return
        # Masked copies rather than gathers and scatters of the live rows: the same values.
        lowered = np.maximum(self.reservation - self.delay_cost, 0.0)
        np.copyto(self.reservation, lowered, where=~self.done[:, None])
        self._refresh_floor()

    def _close_round(self, t: int) -> None:
        """Every party states what it wanted this round; strategies learn from the round."""
        live = self.live()
        if not live.size:
            return
        view = self.view(t)
        going = ~self.done[:, None]
        np.copyto(self.stated_before, self.stated, where=going)
        for seat, actor in enumerate(self.actors):
            self.stated[live, seat] = actor.wants(view.for_party(seat), live)
        np.copyto(self.opening, self.stated, where=np.isnan(self.opening) & going)
        for actor in self.everyone:
            actor.end_round(view.for_party(actor.party), live)

    def _event_process(self, ev: Scheduled) -> Generator[simpy.Event, Any, None]:
        for t in ev.rounds_to_visit():
            if t < self.start:
                continue
            if t > self.env.now:
                yield self.env.timeout(t - self.env.now)
            runs = np.flatnonzero(ev.fires & (ev.rounds == t) & ~self.done)
            if runs.size:
                self._apply_event(ev, runs, t)

    def _apply_event(self, ev: Scheduled, runs: np.ndarray, t: int) -> None:
        self.recorder.event(ev, t)  # its words are the spec's: recorded before or after alike
        self._effect(ev.spec, ev.party, runs, t)

    def _effect(self, spec: Event, p: int, runs: np.ndarray, t: int) -> None:
        """What event `spec` on seat `p` does in `runs` in round `t`."""
        if spec.kind == "walk_out":
            self._walk_out(runs, p, t)
            return
        if spec.kind == "shift_reservation":
            self.reservation[runs, p] = np.clip(self.reservation[runs, p] + spec.by, 0.0, 1.0)
        elif spec.kind == "shift_budget":
            self.budget[runs, p] = np.clip(self.budget[runs, p] + spec.by, 0.0, 1.0)
        else:
            self._shift_value(runs, p, spec.issue, spec.option, spec.by)
        self._refresh_floor()

    # ------------------------------------------------------------------ a teacher's hand

    def inject(self, inject: Inject) -> None:
        """A teacher's inject, sent now (while the game waits for a person): recorded at
        once, acting from the start of round `inject.round` (see `sim.negotiation.injects`).

        Raises:
            InjectError: not a single game in play, or a round that is not still to come.
        """
        if self.n_runs != 1 or self.finished:
            raise InjectError("the game is over" if self.finished
                              else "injects are for single games")
        if not self.round < inject.round < self.deadline:
            raise InjectError(f"an inject acts from a round still to come: round "
                              f"{self.round + 2} to {self.deadline} (it is round "
                              f"{self.round + 1} of {self.deadline})")
        if inject.spec.party not in self.game.parties:
            raise InjectError(f"{inject.spec.party} does not sit at this table")
        self.recorder.inject(inject, self.round)
        self.injects.append(inject)

    def _injected(self, t: int) -> None:
        """The injects that act from round `t` (a walk-out threat against a person's side is
        news only: leaving is the person's decision)."""
        for inject in self.injects:
            spec = inject.spec
            if inject.round != t or (spec.kind == "walk_out" and spec.party in self.humans):
                continue
            runs = self.live()
            if runs.size:
                self._effect(spec, self.game.party_index(spec.party), runs, t)

    def close(self) -> None:
        """End the game now as at its deadline (a teacher ending the class at a set time):
        no deal, every side left with what no deal is worth now; the decision the game was
        waiting for is no longer asked."""
        if self.finished:
            return
        t = self.round
        self._pending = None
        self._end(~self.done, Outcome.DEADLINE, t)
        self.recorder.outcome(self.view(t), self.results())

    def _shift_value(self, runs: np.ndarray, p: int, issue: str, option: str, by: float) -> None:
        g = self.game
        i = g.issues.index(issue)
        k = g.options[i].index(option)
        n = self.n_runs
        if self.values.shape[0] == 1 and n > 1:
            self.values = np.repeat(self.values, n, axis=0)
            self.weights = np.repeat(self.weights, n, axis=0)
        rows = runs if self.values.shape[0] > 1 else np.zeros(1, dtype=np.int64)
        self.values[rows, p, i, k] = np.clip(self.values[rows, p, i, k] + by, 0.0, 1.0)
        least_gap = self.ideal - self.least
        self._set_utilities(utilities(self.weights, self.values, g.table))
        self.least = self.ideal - least_gap
        for actor in self.everyone:
            actor.utilities_changed()

    # ------------------------------------------------------------------ the table

    def propose(self, actor: Actor, view: TableView, runs: np.ndarray,
                t: int) -> Generator[simpy.Event, Any, np.ndarray]:
        """[n] what `actor` tables in `runs` (-1 where a person walked out instead)."""
        out = actor.propose(view.for_party(actor.party), runs)
        if not isinstance(out, simpy.Event):
            return out
        name = self.game.parties[actor.party]
        request = DecisionRequest("propose", name, t, self.deadline,
                                  allowed=("propose", "walk_out"))
        decision = yield from self._ask(out, request)
        if decision.kind == "walk_out":
            self._walk_out(runs, actor.party, t)
            return np.full(len(runs), -1, dtype=np.int64)
        return np.full(len(runs), self.game.encode(decision.offer or {}), dtype=np.int64)

    def table(self, view: TableView, runs: np.ndarray, author: np.ndarray,
              offers: np.ndarray, t: int, drafted: bool = False,
              endorsed: np.ndarray | None = None) -> None:
        """Put offers on the table: record them, count red lines pressed, note budget spent,
        and let every actor see them.

        An author's own offer is its concession and spends its budget. A mediator's drafted
        text is not: a mediating party is charged only for what it accepts (its answers,
        or, with `endorsed`, where its text counts as its yes).

        Args:
            runs: where offers are tabled.
            author: [n] seat of whoever tabled each (-1 for a neutral mediator).
            offers: [n] the outcomes tabled.
            drafted: a mediator's text rather than its author's own offer.
            endorsed: [n] for drafted texts, where the text counts as its author's yes.
        """
        if not runs.size:
            return
        self.pressed[runs] += np.take(self.game.hard.T, offers, axis=0)
        named = author >= 0
        charged = named.copy()
        if drafted:
            charged &= endorsed if endorsed is not None else False
        # Seats by bincount, not np.unique: np.unique imports numpy.ma (~7 ms) on first use.
        for seat in np.flatnonzero(np.bincount(author[charged], minlength=1)):
            mine = charged & (author == seat)
            self._spend(runs[mine], int(seat), offers[mine])
        self.recorder.offer(view, runs, author, offers, t)
        if not drafted and named.any():
            self.model.offered(runs[named], author[named], offers[named])
        for actor in self.everyone:
            actor.tabled(view.for_party(actor.party), runs, author, offers, drafted)

    def answer(self, view: TableView, live: np.ndarray, offers: np.ndarray,
               accepts: np.ndarray, author: np.ndarray,
               t: int) -> Generator[simpy.Event, Any, None]:
        """Every party at the table but each run's author answers its offer; then the runs
        whose offer has the consent it needs settle.

        Args:
            live: runs with an offer on the table.
            offers: [N] the offer in each run.
            accepts: [N, P] yeses so far (an author's endorsement); answers are added.
            author: [N] seat that need not answer in each run (-1: everyone answers).
        """
        heard: list[tuple[np.ndarray, int]] = []
        by = author[live]
        for seat, actor in enumerate(self.actors):
            runs = live[(by != seat) & self.active[live, seat] & ~self.done[live]]
            if not runs.size:
                continue
            reply = actor.respond(view.for_party(seat), runs, offers[runs])
            if isinstance(reply, simpy.Event):
                asked = yield from self._ask_answer(reply, seat, runs, offers, author, t)
                if asked is None:
                    continue
                reply = asked
            accepts[runs, seat] = reply.accept
            yes = runs[reply.accept]
            self._spend(yes, seat, offers[yes])
            if yes.size:
                heard.append((yes, seat))
            self.recorder.answers(view, runs, seat, offers[runs], reply, t)
            for listener in self.everyone:
                listener.hear(view.for_party(listener.party), runs, seat, offers[runs], reply)
        if heard:
            yes = np.concatenate([runs for runs, _ in heard])
            seats = np.concatenate([np.full(len(runs), seat) for runs, seat in heard])
            self.model.accepted(yes, seats, offers[yes])
        self._settle(live[~self.done[live]], offers, accepts, t)

    def _ask_answer(self, event: simpy.Event, seat: int, runs: np.ndarray, offers: np.ndarray,
                    author: np.ndarray, t: int) -> Generator[simpy.Event, Any, Answers | None]:
        g = self.game
        who = int(author[runs[0]])
        request = DecisionRequest(
            "respond", g.parties[seat], t, self.deadline, offer=g.decode(int(offers[runs[0]])),
            # A mediating party answers its own text (author -1), but tabled it all the same.
            proposer=g.parties[who] if who >= 0 else (g.scenario.protocol.mediator
                                                      or "mediator"),
            allowed=("accept", "reject", "walk_out"))
        decision = yield from self._ask(event, request)
        if decision.kind == "walk_out":
            self._walk_out(runs, seat, t)
            return None
        yes = decision.kind == "accept"
        return Answers(np.array([yes]), np.array([Reason.PERSON], dtype=np.int8),
                       np.array([np.nan]))

    def _rows(self, runs: np.ndarray) -> np.ndarray:
        """Row of the utility tables for each run."""
        return self.world[runs]

    def _spend(self, runs: np.ndarray, seat: int, outcomes: np.ndarray) -> None:
        """Note that `seat` offered or accepted `outcomes` (budget spent: the least of them)."""
        _, n_p, n_o = self.effective.shape
        own = np.take(self.effective, (self._rows(runs) * n_p + seat) * n_o + outcomes)
        self.least[runs, seat] = np.minimum(self.least[runs, seat], own)

    def _settle(self, live: np.ndarray, offers: np.ndarray, accepts: np.ndarray, t: int) -> None:
        """Turn consent into deals, after any ratification each accepting party needs."""
        g = self.game
        if not live.size:
            return
        stands = deal_stands(accepts[live], self.active[live], g.required, g.at_least)
        runs = live[stands]
        if not runs.size:
            return
        ok = np.ones(len(runs), dtype=bool)
        rows = self._rows(runs)
        if self._ratifiers is None:  # parties that may need a vote; ratify_prob never changes
            self._ratifiers = np.flatnonzero((g.ratify_min > 0)
                                             | (self.ratify_prob < 1).any(axis=0))
        for seat in self._ratifiers:
            voting = accepts[runs, seat] & self.active[runs, seat]
            if not voting.any():
                continue
            utility = self.effective[rows, seat, offers[runs]]
            draw = rnd.uniform(self.keys[runs], rnd.slot(rnd.Tag.RATIFICATION, int(seat), t))
            approved = (utility >= g.ratify_min[seat]) & (draw < self.ratify_prob[runs, seat])
            self.recorder.ratification(runs[voting], int(seat), approved[voting],
                                       utility[voting], t)
            ok &= approved | ~voting
        self.deal[runs[ok]] = offers[runs[ok]]
        self._end(runs[ok], Outcome.DEAL, t)

    def _walk_out(self, runs: np.ndarray, seat: int, t: int) -> None:
        runs = runs[~self.done[runs] & self.active[runs, seat]]
        self.active[runs, seat] = False
        self.recorder.walk_out(runs, seat, t)
        if self.game.required[seat]:
            self.walked[runs] = seat
            self._end(runs, Outcome.WALK_OUT, t)

    def _end(self, runs: np.ndarray, kind: Outcome, t: int) -> None:
        if isinstance(runs, np.ndarray) and runs.dtype == bool:
            runs = np.flatnonzero(runs)
        runs = runs[~self.done[runs]]
        self.done[runs] = True
        self.kind[runs] = kind
        self.ended[runs] = t

    # ------------------------------------------------------------------ results

    def results(self) -> Results:
        """How every run ended (so far)."""
        utility = self.reservation.copy()
        dealt = np.flatnonzero(self.deal >= 0)
        if dealt.size:
            utility[dealt] = self.effective[self._rows(dealt), :, self.deal[dealt]]
        spent = np.clip(self.ideal - self.least, 0.0, None)
        return Results(kind=self.kind.copy(), round=self.ended.astype(np.int64),
                       deal=self.deal.copy(), walked=self.walked.astype(np.int64).copy(),
                       utility=utility, spent=spent, pressed=self.pressed.copy())
