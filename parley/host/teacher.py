"""The instructor's console at a class host: every table at a glance, and the teacher's hand.

`Teacher` is what both consoles (the terminal's, `tui.screens.console`, and the browser's,
`console_page`) read and call: `state()` is every table as the teacher sees it (private
numbers included), `act(action)` takes one of the teacher's actions, a JSON object:

- `{"action": "timer", "seconds": 90, "table": "table-02"}`: a move's time allowed (no
  `table`: the whole class; `seconds` null: no timer). When it runs out, a scripted stand-in
  (`sim.classroom.stand_in`) takes the move, and its record in the transcript says so;
- `{"action": "pause"}` / `{"action": "resume"}` (with or without `table`): a paused table
  accepts no decision and its clock stands still;
- `{"action": "end_at", "minutes": 12}` (or `"at"`: a Unix time; null: no set time) and
  `{"action": "end"}` (now): every unfinished table ends as at its deadline;
- `{"action": "inject", "event": 2}` (the scenario's third event) or `{"action": "inject",
  "kind": "shift_reservation", "party": "Russia", "by": 0.1, "headline": "..."}`, with
  `"rounds"` (from how many rounds on it acts; default 1) and `table` (default: all);
- `{"action": "switch", "name": "practice" | "random_events" | "what_if" | "difficulty",
  "value": ...}`: the class's switches (the game's own, for the tables not yet started);
- `{"action": "summary"}`: the class summary of the games finished so far, written to the
  pack.

Every action is committed to the host's record (`store.Store.act`) before it is taken, with
the number of decisions its table had made; a restarted host replays each table's decisions
and the injects and endings among them (`replay_table`), and takes up its pacing and switches
again. A stand-in's move is a decision like any other (recorded with the stand-in's mark), so
no replay depends on a clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import TypeAdapter

from sim.actors.human import DecisionError
from sim.classroom.difficulty import DIFFICULTIES
from sim.classroom.pack import MANIFEST, Settings, read_manifest
from sim.classroom.stand_in import StandIn, Temperament
from sim.files import write_atomic
from sim.negotiation.injects import (
    Inject,
    InjectError,
    effect_words,
    scenario_event,
    teacher_event,
)
from sim.scenario.schema import Event
from sim.transcript.provenance import abandoned_sides

if TYPE_CHECKING:
    from parley.host.pacing import PacedTable
    from parley.host.server import Host
    from parley.host.store import Store

log = logging.getLogger("parley.host")

STAND_IN = "(stand-in)"
"""Who made a decision the stand-in took, in the host's record."""
TICK = 0.25
"""Seconds between looks at the clocks."""
ABANDONED_AFTER = 3
"""A side whose last this many moves the stand-in made, with no one at its seat, is flagged."""
SUMMARY = "class-summary.html"
"""The class summary's file in the pack."""
LONGEST_TIMER = 3600
"""The longest time allowed for a move, in seconds."""

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)
GAME_SWITCHES = ("practice", "random_events", "difficulty")
"""Switches that change how a game plays: they apply to tables that have not started."""


class ActionError(ValueError):
    """An action the host cannot take; the message says why, in the teacher's words."""


@dataclass
class Pace:
    """One table's clock."""

    timer: float | None = None
    """This table's time allowed for a move (None: the class's)."""
    paused: bool = False
    paused_at: float = 0.0
    held: float = 0.0
    """Seconds of the current wait that do not count (paused, or before a timer was set)."""
    count: int = 0
    """The table's decisions when `held` last applied (a new move starts a new wait)."""


# --------------------------------------------------------------------------- replay


def class_settings(written: Settings, actions: list[tuple[Any, ...]]) -> Settings:
    """The class's switches: as the pack was written, then as the teacher set them."""
    settings = written
    for table, _, kind, data in actions:
        if kind == "switch" and table is None:
            settings = _switched(settings, data)
    return settings


def table_settings(label: str, written: Settings, actions: list[tuple[Any, ...]]) -> Settings:
    """The settings table `label`'s game was started with (the last a switch gave it)."""
    settings = written
    for table, _, kind, data in actions:
        if kind == "settings" and table == label:
            settings = Settings.from_json(data)
    return settings


def _switched(settings: Settings, data: dict[str, Any]) -> Settings:
    fields = {k: v for k, v in data.items() if k in ("practice", "random_events", "what_if",
                                                      "difficulty")}
    return replace(settings, **fields)


def _with(settings: Settings, name: str, value: Any) -> Settings:
    """`settings` with switch `name` set to `value` (checked by the caller)."""
    return replace(settings, **{name: value})


def _inject_of(data: dict[str, Any]) -> Inject:
    return Inject(int(data["round"]), _EVENT.validate_python(data["spec"]))


def replay_table(table: PacedTable, store: Store, actions: list[tuple[Any, ...]]) -> None:
    """Replay a table's decisions and, among them, the injects and the ending the teacher
    sent it: the same game, at the same move.

    Raises:
        DecisionError, StoreError, InjectError: the record does not replay.
    """
    session = table.session
    mine = [(n, kind, data) for label, n, kind, data in actions
            if label == table.label and kind in ("inject", "end")]

    def acts_before(k: int) -> None:
        while mine and mine[0][0] is not None and mine[0][0] <= k:
            _, kind, data = mine.pop(0)
            if kind == "inject":
                session.inject(_inject_of(data))
            else:
                session.close()

    for k, (decision, student) in enumerate(store.moves(table.label)):
        acts_before(k)
        session.decide(decision, stand_in=student == STAND_IN)
    acts_before(len(session.decisions))
    table.finish_replay()


# --------------------------------------------------------------------------- the console


class Teacher:
    """The teacher's view of `host` and hand on it (built once its tables are replayed).

    Args:
        host: the class host.
        actions: the record's actions so far (to take up the pacing again).
        clock: the wall clock (Unix seconds).
    """

    def __init__(self, host: Host, actions: list[tuple[Any, ...]],
                 clock: Callable[[], float] = time.time) -> None:
        self.host = host
        self.clock = clock
        self.class_timer: float | None = None
        self.end_at: float | None = None
        self.paces = {label: Pace() for label in host.tables}
        self.ever: set[str] = set()
        """Students who have joined since the host started."""
        self.summary: Path | None = None
        self.summary_task: asyncio.Task[Path] | None = None
        for label, _, kind, data in actions:
            self._take_up(label, kind, data)
        for label, table in host.tables.items():
            table.clock = lambda label=label: self.seat_clock(label)

    def _take_up(self, label: str | None, kind: str, data: dict[str, Any]) -> None:
        """Set the pacing an action left (the clocks start again from now)."""
        now = self.clock()
        targets = [label] if label is not None else list(self.paces)
        if kind == "timer":
            if label is None:
                self.class_timer = data.get("seconds")
                for pace in self.paces.values():
                    pace.timer = None
            else:
                self.paces[label].timer = data.get("seconds")
        elif kind in ("pause", "resume"):
            for t in targets:
                self.paces[t].paused = self.host.tables[t].paused = kind == "pause"
                self.paces[t].paused_at = now
        elif kind == "end_at":
            self.end_at = data.get("at")

    # ------------------------------------------------------------------ clocks

    def timer(self, label: str) -> float | None:
        """The time allowed for a move at `label` (None: no timer)."""
        own = self.paces[label].timer
        return own if own is not None else self.class_timer

    def left(self, label: str) -> float | None:
        """Seconds before the stand-in takes the move `label` waits for (None: no timer, or
        nothing to wait for)."""
        table = self.host.tables[label]
        timer = self.timer(label)
        if timer is None or table.waiting_for is None:
            return None
        pace = self._pace(label)
        now = self.clock()
        stopped = now - pace.paused_at if pace.paused else 0.0
        return max(0.0, timer - (now - table.since - pace.held - stopped))

    def _pace(self, label: str) -> Pace:
        """The table's clock, started afresh at each new move."""
        pace = self.paces[label]
        count = len(self.host.tables[label].session.decisions)
        if count != pace.count:
            pace.count, pace.held = count, 0.0
            if pace.paused:
                pace.paused_at = max(pace.paused_at, self.host.tables[label].since)
        return pace

    def _restart_wait(self, label: str) -> None:
        """The current move's clock starts again from now (a timer newly set)."""
        pace = self._pace(label)
        table = self.host.tables[label]
        pace.held = self.clock() - table.since
        if pace.paused:
            pace.paused_at = self.clock()

    def seat_clock(self, label: str) -> dict[str, Any]:
        """What a seat's state says of the clock: the time allowed, what is left, paused."""
        return {"seconds": self.timer(label), "left": self.left(label),
                "paused": self.paces[label].paused}

    async def run(self) -> None:
        """Watch the clocks until cancelled: stand-ins for moves out of time, the class's
        set ending time, who has joined."""
        while True:
            await asyncio.sleep(TICK)
            try:
                await self.tick()
            except Exception:  # a clock's bug must not stop the class
                log.exception("the console's clock failed; it goes on")

    async def tick(self) -> None:
        """One look at the clocks."""
        for connections in self.host.seated.values():
            self.ever.update(c.seat.student for c in connections)
        if self.end_at is not None and self.clock() >= self.end_at:
            self.end_at = None
            await self._end(None, "the set time has come")
        for label, table in self.host.tables.items():
            if table.session.finished or self.paces[label].paused:
                continue
            left = self.left(label)
            if left is not None and left <= 0.0:
                await self._stand_in(label)

    async def _stand_in(self, label: str) -> None:
        """The stand-in takes the move the table waits for."""
        table = self.host.tables[label]
        session = table.session
        request = session.request
        if request is None:
            return
        seat = session.game.party_index(request.party)
        rng = np.random.default_rng([table.seed, seat])
        decision = StandIn(session, request.party, Temperament.draw(rng)).decide(request)
        try:
            table.decide(request.party, decision, len(session.decisions), STAND_IN,
                         stand_in=True)
        except DecisionError as exc:  # the record could not be written: try again later
            log.error("%s: the stand-in could not move (%s)", label, exc)
            return
        log.info("%s: time ran out; the stand-in moved for %s", label, request.party)
        await self.broadcast(label)

    async def broadcast(self, label: str) -> None:
        """Send every seat at `label` its new state (`Host.push`: a state that cannot be
        made for one seat is logged, and the others still get theirs)."""
        await self.host.push(label)

    # ------------------------------------------------------------------ actions

    async def act(self, action: dict[str, Any]) -> str:
        """Take one of the teacher's actions (see the module text); what was done, in words.

        Raises:
            ActionError: saying why it cannot be taken.
        """
        kind = action.get("action")
        handlers = {"timer": self._set_timer, "pause": self._pause, "resume": self._pause,
                    "end_at": self._end_at, "end": self._end_now, "inject": self._inject,
                    "switch": self._switch, "summary": self._summary}
        handler = handlers.get(str(kind))
        if handler is None:
            raise ActionError(f"unknown action {kind!r}: one of {', '.join(handlers)}")
        try:
            return await handler(action)
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, ActionError):
                raise
            raise ActionError(f"{kind}: {exc}") from None

    def _targets(self, action: dict[str, Any]) -> list[str]:
        label = action.get("table")
        if label in (None, "", "all"):
            return list(self.host.tables)
        if label not in self.host.tables:
            raise ActionError(f"no table {label!r} (tables: {', '.join(self.host.tables)})")
        return [str(label)]

    def _record(self, kind: str, data: dict[str, Any], label: str | None = None) -> None:
        number = len(self.host.tables[label].session.decisions) if label else None
        try:
            self.host.store.act(kind, data, label, number)
        except Exception as exc:
            raise ActionError(f"the host could not record the action (its disk?): {exc}"
                              ) from None

    async def _set_timer(self, action: dict[str, Any]) -> str:
        seconds = action.get("seconds")
        if seconds is not None:
            if isinstance(seconds, bool) or not isinstance(seconds, int | float) \
                    or not 5 <= seconds <= LONGEST_TIMER:
                raise ActionError(f"a move's time is from 5 to {LONGEST_TIMER} seconds, or "
                                  "none")
            seconds = float(seconds)
        label = action.get("table")
        labels = self._targets(action)
        scope = None if label in (None, "", "all") else labels[0]
        self._record("timer", {"seconds": seconds}, scope)
        self._take_up(scope, "timer", {"seconds": seconds})
        for t in labels:
            self._restart_wait(t)
            await self.broadcast(t)
        said = f"{seconds:g} s a move" if seconds is not None else "no timer"
        return f"{said} at {scope or 'every table'}"

    async def _pause(self, action: dict[str, Any]) -> str:
        kind = str(action["action"])
        changed = []
        for label in self._targets(action):
            pace = self._pace(label)
            if pace.paused == (kind == "pause") or self.host.tables[label].session.finished:
                continue
            self._record(kind, {}, label)
            now = self.clock()
            if kind == "pause":
                pace.paused, pace.paused_at = True, now
            else:
                pace.held += now - pace.paused_at
                pace.paused = False
            self.host.tables[label].paused = pace.paused
            changed.append(label)
            await self.broadcast(label)
        verb = "paused" if kind == "pause" else "resumed"
        return f"{verb}: {', '.join(changed)}" if changed else f"nothing to be {verb}"

    async def _end_at(self, action: dict[str, Any]) -> str:
        at = action.get("at")
        if "minutes" in action:
            at = self.clock() + 60.0 * float(action["minutes"])
        if at is not None and float(at) <= self.clock():
            raise ActionError("the set time must be later than now")
        self._record("end_at", {"at": at})
        self.end_at = float(at) if at is not None else None
        if self.end_at is None:
            return "no set time to end"
        return "every table ends at " + time.strftime("%H:%M:%S", time.localtime(self.end_at))

    async def _end_now(self, action: dict[str, Any]) -> str:
        return await self._end(action.get("table"), "the teacher ended it")

    async def _end(self, label: str | None, why: str) -> str:
        ended = []
        for t in self._targets({"table": label}):
            table = self.host.tables[t]
            if table.session.finished:
                continue
            self._record("end", {}, t)
            table.close()
            log.info("%s: ended as at its deadline (%s)", t, why)
            ended.append(t)
            await self.broadcast(t)
        return f"ended: {', '.join(ended)}" if ended else "every table had already finished"

    async def _inject(self, action: dict[str, Any]) -> str:
        rounds = int(action.get("rounds", 1))
        if rounds < 1:
            raise ActionError("an inject acts from the next round at the soonest (rounds: 1)")
        sent, skipped = [], []
        for label in self._targets(action):
            session = self.host.tables[label].session
            at = session.round + rounds
            if session.finished or at >= session.deadline:
                skipped.append(label)
                continue
            try:
                spec = (scenario_event(session.game, int(action["event"]), at)
                        if action.get("event") is not None else
                        teacher_event(session.game, str(action.get("kind")),
                                      str(action.get("party")), at,
                                      by=float(action.get("by", 0.0)),
                                      issue=action.get("issue"), option=action.get("option"),
                                      headline=str(action.get("headline", ""))))
            except InjectError as exc:
                raise ActionError(str(exc)) from None
            inject = Inject(at, spec)
            self._record("inject", {"round": at, "spec": spec.model_dump(mode="json")}, label)
            session.inject(inject)
            sent.append(label)
            await self.broadcast(label)
        if not sent:
            raise ActionError("no table could take it: each is over, or in its last round")
        record = self.host.tables[sent[0]].session.records[-1]
        words = f"sent to {', '.join(sent)}: {record['headline']} ({effect_words(record)})"
        return words + (f"; not to {', '.join(skipped)} (over, or in the last round)"
                        if skipped else "")

    async def _switch(self, action: dict[str, Any]) -> str:
        name, value = str(action.get("name")), action.get("value")
        if name == "difficulty":
            if value not in DIFFICULTIES:
                raise ActionError(f"difficulty: one of {', '.join(DIFFICULTIES)}")
        elif name in ("practice", "random_events", "what_if"):
            if not isinstance(value, bool):
                raise ActionError(f"{name}: true or false")
        else:
            raise ActionError("a switch is practice, random_events, what_if or difficulty")
        self._record("switch", {name: value})
        host = self.host
        host.settings = _with(host.settings, name, value)
        self._write_settings(host.settings)
        if name not in GAME_SWITCHES:
            return f"{name.replace('_', ' ')}: {'on' if value else 'off'} for every student"
        fresh = [label for label, t in host.tables.items()
                 if not t.session.decisions and not t.session.injects]
        for label, table in host.tables.items():
            if label not in fresh:  # kept as they are, whatever class.json says from now on
                self._record("settings", table.settings.as_json(), label)
        for label in fresh:
            settings = _with(host.tables[label].settings, name, value)
            self._record("settings", settings.as_json(), label)
            host.tables[label].restart(settings)
            await self.broadcast(label)
        host.forget_seat_scenarios()
        under_way = len(host.tables) - len(fresh)
        return (f"{name.replace('_', ' ')}: {value} for {len(fresh)} tables not yet started"
                + (f"; {under_way} under way keep theirs" if under_way else "")
                + ("; students already at a table see it when they join again"
                   if name == "practice" else ""))

    def _write_settings(self, settings: Settings) -> None:
        """The pack's `class.json` says how the class plays now (the reports check games
        against it)."""
        path = self.host.folder / MANIFEST
        manifest = read_manifest(path)
        if manifest is not None:
            manifest["settings"] = settings.as_json()
            with contextlib.suppress(OSError):
                write_atomic(path, json.dumps(manifest, indent=2) + "\n")

    async def _summary(self, action: dict[str, Any]) -> str:
        path = await self.summarise()
        return f"the class summary of the games finished so far: {path}"

    async def summarise(self) -> Path:
        """Write the class summary of the finished games to the pack (in a thread).

        Raises:
            ActionError: no game has finished, or none could be summarised.
        """
        from sim.report.build import summary_html

        games = [t.transcript for t in self.host.tables.values()
                 if t.session.finished and t.transcript.exists()]
        if not games:
            raise ActionError("no game has finished yet: the summary needs one at least")
        target = self.host.folder / SUMMARY
        roster = self.host.folder / MANIFEST

        def work() -> Path:
            html = summary_html(list(games), roster=roster)
            return write_atomic(target, html)

        from sim.report.source import ScenarioMismatch
        from sim.transcript.format import TranscriptError

        try:
            self.summary = await asyncio.to_thread(work)
        except (ValueError, OSError, TranscriptError, ScenarioMismatch) as exc:
            raise ActionError(f"the summary could not be made: {exc}") from None
        return self.summary

    # ------------------------------------------------------------------ the view

    def state(self) -> dict[str, Any]:
        """Every table as the teacher sees it, the students not yet joined, the switches."""
        host = self.host
        connected: dict[str, dict[str, list[str]]] = {label: {} for label in host.tables}
        for label, connections in host.seated.items():
            for c in connections:
                connected[label].setdefault(c.seat.side, []).append(c.seat.student)
        seats = sorted(host.codes.seats.values(), key=lambda s: s.student)
        missing = [{"student": s.student, "side": s.side, "table": s.table} for s in seats
                   if s.student not in self.ever]
        away = [{"student": s.student, "side": s.side, "table": s.table} for s in seats
                if s.student in self.ever and s.student not in connected[s.table].get(s.side, [])]
        game = next(iter(host.tables.values())).session
        settings = host.settings
        return {
            "scenario": host.scenario, "now": self.clock(), "end_at": self.end_at,
            "timer": self.class_timer,
            "settings": {"practice": settings.practice, "random_events": settings.random_events,
                         "what_if": settings.what_if, "difficulty": settings.difficulty},
            "tables": [self._table(label, connected[label]) for label in host.tables],
            "missing": missing, "away": away, "students": len(seats),
            "events": [{"number": k, "party": e.party, "kind": e.kind,
                        "headline": e.headline or e.kind.replace("_", " ")}
                       for k, e in enumerate(game.scenario.events)],
            "parties": list(game.scenario.parties),
            "summary": str(self.summary) if self.summary else None,
        }

    def _table(self, label: str, joined: dict[str, list[str]]) -> dict[str, Any]:
        table = self.host.tables[label]
        session = table.session
        records = session.records
        waiting = table.waiting_for
        pace = self.paces[label]
        outcome = session.outcome
        stand_ins: dict[str, int] = {}
        for r in records:
            if r.get("stand_in"):
                stand_ins[str(r["party"])] = stand_ins.get(str(r["party"]), 0) + 1
        stage = session.stage
        return {
            "label": label, "round": min(session.round + 1, session.deadline),
            "deadline": session.deadline, "stage": stage.stage.title if stage else None,
            "people": {side: sorted(s.student for s in self.host.codes.seats.values()
                                    if s.table == label and s.side == side)
                       for side in table.people},
            "joined": {k: sorted(v) for k, v in joined.items()},
            "waiting_for": waiting,
            "waiting_students": sorted(joined.get(waiting, [])) if waiting else [],
            "waiting_seconds": round(self.clock() - table.since, 1) if waiting else None,
            "timer": self.timer(label), "left": self.left(label), "paused": pace.paused,
            "decisions": len(session.decisions),
            "offers": sum(1 for r in records if r["type"] == "offer"),
            "best": best_text(session),
            "injects": [r["headline"] for r in records if r.get("source") == "teacher"],
            "stand_ins": stand_ins, "abandoned": self._abandoned(label, joined),
            "finished": session.finished,
            "outcome": outcome["kind"] if outcome else None,
            "ended_by": outcome.get("ended_by") if outcome else None,
            "transcript": str(table.transcript) if session.finished else None,
            "difficulty": table.settings.difficulty,
        }

    def _abandoned(self, label: str, joined: dict[str, list[str]]) -> list[str]:
        """The people's sides at `label` that seem abandoned: the stand-in made their last
        `ABANDONED_AFTER` moves and no one holds the seat now."""
        table = self.host.tables[label]
        return [side for side in abandoned_sides(table.session.records, table.people,
                                                  ABANDONED_AFTER) if not joined.get(side)]


def best_text(session: Any) -> dict[str, Any] | None:
    """The best text tabled so far at the current table: the one whose worst-off side gains
    most over what no deal is worth to it now (the nearest to a deal every side can sign),
    with its worth to each side and each side's reservation value (private numbers: the
    teacher's view only)."""
    records = session.records
    start = max((k for k, r in enumerate(records) if r["type"] == "stage"), default=0)
    game = session.game
    table = session.table
    reservations = {name: float(table.reservation[0, p]) for p, name in enumerate(game.parties)
                    if bool(table.active[0, p])}
    best, margin = None, -np.inf
    for record in records[start:]:
        if record["type"] != "offer":
            continue
        utilities = record.get("utilities", {})
        gains = [utilities[n] - r for n, r in reservations.items() if n in utilities]
        if gains and min(gains) > margin:
            best, margin = record, min(gains)
    if best is None:
        return None
    return {"round": int(best["round"]) + 1, "party": best["party"], "text": best["outcome"],
            "worth": best.get("utilities", {}), "reservations": reservations,
            "margin": float(margin)}
