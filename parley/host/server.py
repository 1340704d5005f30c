"""The host's web server (aiohttp): seats over a websocket, the browser's page, the teacher's view.

Routes, and nothing else (no file outside them is ever served):

- `GET /seat`: the seats' websocket (`protocol`);
- `GET /` and `GET /terminal`: the page a student's browser opens and the terminal behind it
  (`browser`), with textual-serve's script and font under `GET /static/`;
- `GET /api/tables`: every table's state, for the teacher's code (header `X-Parley-Code`);
- `GET /console` and `/api/console`, `/api/summary`: the instructor's console in the browser
  (`console_page`, behind the teacher's code).

One event loop owns every table. A decision is checked, committed to the store and applied
without yielding to the loop, so no two decisions at a table interleave; then every seat at
the table is sent its new state. "What if?" and the debrief's baseline run in threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from parley.host.codes import Codes, Gate, Seat
from parley.host.pacing import PacedTable
from parley.host.protocol import (
    MAX_MESSAGE,
    ProtocolError,
    decision_from_json,
    whole_number,
)
from parley.host.store import Store
from parley.host.tables import SeatView
from parley.host.teacher import Teacher, class_settings, replay_table, table_settings
from sim import MAX_SEED
from sim.actors.human import Decision, DecisionError
from sim.classroom.pack import HOST_DB, MANIFEST, Settings, read_manifest
from sim.negotiation import randomness as rnd
from sim.negotiation.engine import Negotiation
from sim.negotiation.results import Results
from sim.negotiation.snapshot import ContinuationError
from sim.negotiation.stages import StagedNegotiation, continue_staged
from sim.play.seat import results_json, scenario_json, seat_results, seat_scenario
from sim.report.baseline import BASELINE_RUNS, Baseline, computed_baseline

log = logging.getLogger("parley.host")

HELLO_WITHIN = 60.0
"""Seconds a new connection has to say which seat it is."""
MOST_RUNS = 2000
"""The most "What if?" continuations a seat may ask for at once."""


class HostError(Exception):
    """The pack cannot be hosted; the message says why."""


@dataclass(eq=False)
class Connection:
    """A seat's open websocket."""

    ws: web.WebSocketResponse
    seat: Seat
    view: SeatView

    async def send(self, message: dict[str, Any]) -> None:
        """Send one message (a seat that has gone is dropped by its own handler)."""
        if not self.ws.closed:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await self.ws.send_str(json.dumps(message))


class Host:
    """Every table of the pack at `folder`, and the web application that serves them.

    Raises:
        HostError: not a pack with tables, or its record belongs to other games.
    """

    def __init__(self, folder: Path) -> None:
        from parley.host.codes import CodesError
        from parley.host.store import StoreError

        self.folder = folder
        manifest = read_manifest(folder / MANIFEST)
        if manifest is None:
            raise HostError(f"{folder} is not a class pack (no readable {MANIFEST}); write "
                            "one with `parley class SCENARIO --students N --per-table K -o "
                            f"{folder}`")
        tables = manifest.get("tables")
        if not isinstance(tables, list) or not tables:
            raise HostError(f"{folder} is a class pack without tables: each student plays on "
                            "their own machine (the command on their brief); for a class "
                            "host write the pack with --per-table K")
        self.scenario = str(manifest["scenario"])
        self.settings = Settings.from_json(manifest.get("settings"))
        try:
            self.codes = Codes.of_pack(folder, manifest)
            fingerprint = {"scenario_hash": manifest.get("scenario_hash"),
                           "tables": [[t["label"], t["seed"], t["people"]] for t in tables]}
            self.store = Store(folder / HOST_DB, fingerprint)
        except (CodesError, StoreError) as exc:
            raise HostError(str(exc)) from None
        # The teacher's actions so far: the class's switches, each table's settings, and
        # the injects and endings replayed among its decisions (parley.host.teacher).
        actions = self.store.actions()
        written = self.settings
        self.settings = class_settings(written, actions)
        self.tables: dict[str, PacedTable] = {}
        for t in tables:
            label = str(t["label"])
            table = PacedTable(label, self.scenario, int(t["seed"]), tuple(t["people"]),
                               table_settings(label, written, actions),
                               Path(t["transcript"]), self.store)
            try:
                replay_table(table, self.store, actions)
            except (DecisionError, StoreError, ValueError) as exc:
                raise HostError(f"{folder / HOST_DB}: {table.label} does not replay ({exc})"
                                ) from None
            self.tables[table.label] = table
        self.seated: dict[str, set[Connection]] = {label: set() for label in self.tables}
        self.gate = Gate()
        self.tickets: dict[str, str] = {}
        """Browser terminals' tickets → the browser's address (for the gate)."""
        self._seat_scenarios: dict[str, dict[str, Any]] = {}
        self._baseline: asyncio.Task[Baseline] | None = None
        self.local_address = ""
        """Where this host's own browser terminals reach it (set once it listens)."""
        self.teacher = Teacher(self, actions)
        """The instructor's console: its view of the tables and its actions."""

    def forget_seat_scenarios(self) -> None:
        """Forget the scenarios sent to seats (practice mode was switched)."""
        self._seat_scenarios.clear()

    # ------------------------------------------------------------------ the application

    def application(self) -> web.Application:
        """The aiohttp application: the routes above, and nothing else."""
        from parley.host.browser import STATIC, page, terminal
        from parley.host.console_page import console_routes

        async def browser_terminal(request: web.Request) -> web.StreamResponse:
            return await terminal(request, self)

        app = web.Application(client_max_size=MAX_MESSAGE)
        app.add_routes([
            web.get("/", page),
            web.get("/terminal", browser_terminal),
            web.get("/seat", self.seat_socket),
            web.get("/api/tables", self.tables_status),
            web.static("/static", STATIC, show_index=False, follow_symlinks=False),
            *console_routes(self),
        ])
        app.on_shutdown.append(self._close_all)
        app.cleanup_ctx.append(self._teacher_clock)
        return app

    async def _teacher_clock(self, app: web.Application) -> AsyncIterator[None]:
        """The console's clocks run while the host serves."""
        clock = asyncio.ensure_future(self.teacher.run())
        yield
        clock.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await clock

    async def _close_all(self, app: web.Application) -> None:
        for connections in self.seated.values():
            for conn in list(connections):
                await conn.ws.close()

    def ticket(self, browser: str) -> str:
        """A ticket for a browser terminal at address `browser`: its seat's wrong codes are
        slowed down as the browser's, not as this host's own."""
        ticket = secrets.token_urlsafe(24)
        self.tickets[ticket] = browser
        return ticket

    # ------------------------------------------------------------------ seats

    async def seat_socket(self, request: web.Request) -> web.WebSocketResponse:
        """A seat's websocket: hello, then decisions and questions until it closes."""
        ws = web.WebSocketResponse(heartbeat=20.0, max_msg_size=MAX_MESSAGE)
        await ws.prepare(request)
        conn = await self._hello(ws, request.remote or "?")
        if conn is None:
            await ws.close()
            return ws
        seat = conn.seat
        self.seated[seat.table].add(conn)
        log.info("%s: %s joined for %s", seat.table, seat.student, seat.side)
        try:
            try:
                await conn.send(self._welcome(seat))
                table = self.tables[seat.table]
                await conn.send(table.seat_state(conn.view))
            except Exception:  # a fault of the host's: logged, and the seat told why
                log.exception("%s: could not seat %s", seat.table, seat.student)
                await conn.send({"type": "refused", "reason": "the class host could not "
                                 "seat you (a fault of its own, in its log): tell your "
                                 "teacher"})
                return ws
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                await self._handle(conn, message.data)
        finally:
            self.seated[seat.table].discard(conn)
            log.info("%s: %s left", seat.table, seat.student)
        return ws

    async def _hello(self, ws: web.WebSocketResponse, remote: str) -> Connection | None:
        try:
            message = await ws.receive(timeout=HELLO_WITHIN)
            data = json.loads(message.data) if message.type == WSMsgType.TEXT else None
        except (TimeoutError, ValueError):
            data = None
        if not isinstance(data, dict) or data.get("type") != "hello":
            await ws.send_json({"type": "refused", "reason": "say hello with a join code first"})
            return None
        source = self.tickets.get(str(data.get("via", "")), remote)
        await asyncio.sleep(self.gate.wait(source))
        code = str(data.get("code", ""))[:64]
        seat = self.codes.seat(code)
        if seat is None:
            self.gate.failed(source)
            reason = ("that is the teacher's code: it opens no seat; type a student's code"
                      if self.codes.is_teacher(code) else
                      "no seat has that code: check it on your brief (letters and digits, "
                      "such as K7QM4-XPD2R)")
            await ws.send_json({"type": "refused", "reason": reason})
            return None
        return Connection(ws, seat, SeatView(seat.side, seat.student))

    def _welcome(self, seat: Seat) -> dict[str, Any]:
        table = self.tables[seat.table]
        session = table.session
        if seat.side not in self._seat_scenarios:
            scenario = (session.scenario if self.settings.practice
                        else seat_scenario(session.scenario, seat.side))
            self._seat_scenarios[seat.side] = scenario_json(scenario)
        mates = sorted(c.seat.student for c in self.seated[seat.table]
                       if c.seat.side == seat.side and c.seat.student != seat.student)
        return {"type": "welcome", "table": seat.table, "side": seat.side,
                "student": seat.student, "scenario": self._seat_scenarios[seat.side],
                "scenario_name": Path(str(session.scenario_path)).stem, "seed": session.seed,
                "people": list(table.people), "practice": session.practice,
                "deadline": session.deadline, "mates_here": mates}

    async def _handle(self, conn: Connection, text: str) -> None:
        ident: object = None
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise ProtocolError("a message is a JSON object")
            ident = data.get("id")
            kind = data.get("type")
            if kind == "decide":
                await self._decide(conn, data)
            elif kind == "what_if":
                if not self.settings.what_if:
                    raise ProtocolError("your teacher has switched What if? off for this "
                                        "class")
                await conn.send({"type": "reply", "id": ident,
                                 "results": await self._what_if(conn.seat, data)})
            elif kind == "baseline":
                baseline = await self.baseline()
                await conn.send({"type": "reply", "id": ident, "runs": baseline.runs,
                                 "deals": baseline.deals, "source": baseline.source,
                                 "utility": baseline.utility[conn.seat.side].tolist()})
            else:
                raise ProtocolError(f"unknown message type {kind!r}")
        except (ProtocolError, ValueError, DecisionError, ContinuationError) as exc:
            await conn.send({"type": "reply", "id": ident, "error": str(exc)})
        except Exception:  # a fault of the host's: logged, and the seat told, never dropped
            log.exception("%s: %s's request failed", conn.seat.table, conn.seat.student)
            await conn.send({"type": "reply", "id": ident,
                             "error": "the class host could not do that (a fault of its own, "
                                      "in its log); try again, or tell your teacher"})

    async def _decide(self, conn: Connection, data: dict[str, Any]) -> None:
        seat = conn.seat
        decision = decision_from_json(data.get("decision"))
        at = whole_number(data, "at")
        table = self.tables[seat.table]
        if self._made(table, seat, decision, at):
            # Sent again after a dropped connection: it was recorded the first time.
            await conn.send(table.seat_state(conn.view))
            await conn.send({"type": "reply", "id": data.get("id"), "ok": True})
            return
        try:
            table.decide(seat.side, decision, at, seat.student)
        except sqlite3.Error as exc:
            log.error("%s: could not record a move (%s)", seat.table, exc)
            raise DecisionError("the host could not record your move (its disk?); try again, "
                                "or tell your teacher") from None
        await self.push(seat.table)
        await conn.send({"type": "reply", "id": data.get("id"), "ok": True})

    def _made(self, table: PacedTable, seat: Seat, decision: Decision, at: int) -> bool:
        """Whether decision number `at` of `table` is this very decision by this student
        (a seat sends a request again when its connection dropped before the answer)."""
        if at >= len(table.session.decisions) or table.session.decisions[at] != decision:
            return False
        moves = self.store.moves(table.label)
        return at < len(moves) and moves[at][1] == seat.student

    async def push(self, label: str) -> None:
        """Send every seat at table `label` its new state. A state that cannot be made for
        one seat (a fault of the host's) is logged; the others get theirs, and that seat
        gets what it missed with the next state."""
        table = self.tables[label]
        messages = []
        for c in list(self.seated[label]):
            try:
                messages.append(c.send(table.seat_state(c.view)))
            except Exception:
                log.exception("%s: could not make %s's state", label, c.seat.student)
        await asyncio.gather(*messages)

    async def _what_if(self, seat: Seat, data: dict[str, Any]) -> dict[str, Any]:
        runs = whole_number(data, "runs", 1, MOST_RUNS)
        seed = whole_number(data, "seed", high=MAX_SEED)  # as every --seed (sim.check_seed)
        session = self.tables[seat.table].session
        snap = session.snapshot()  # here, in the loop: the game does not move meanwhile
        seeds = rnd.batch_seeds(seed, 0, runs)
        staged = session.negotiation
        if isinstance(staged, StagedNegotiation):
            # As `PlaySession.what_if`: on through the later stages, told in the whole
            # scenario's terms; the stages so far copied here, as they are now.
            plan, tables = staged.plan, list(staged.tables)
            done, firsts = list(staged.stage_results), list(staged.firsts)
            results: Results = await asyncio.to_thread(
                lambda: continue_staged(plan, tables, snap, seeds, done, firsts))
        else:
            game = session.game
            results = await asyncio.to_thread(lambda: Negotiation.resume(game, snap, seeds).run())
        return results_json(seat_results(results, session.game, seat.side, session.practice))

    async def baseline(self) -> Baseline:
        """How scripted players fare in the pack's game (every table's: one scenario and
        protocol, the class's chance events): the debrief's comparison, computed once."""
        if self._baseline is None:
            # The whole scenario's game, as `PlaySession.baseline` plays it: in staged talks
            # through every stage (a table's `game` is only the stage it is at).
            game = next(iter(self.tables.values())).session.whole
            self._baseline = asyncio.ensure_future(asyncio.to_thread(
                computed_baseline, game, runs=BASELINE_RUNS,
                random_events=self.settings.random_events))
        return await self._baseline

    # ------------------------------------------------------------------ the teacher

    async def tables_status(self, request: web.Request) -> web.Response:
        """Every table's state, for the teacher's code only."""
        source = request.remote or "?"
        await asyncio.sleep(self.gate.wait(source))
        if not self.codes.is_teacher(request.headers.get("X-Parley-Code", "")[:64]):
            self.gate.failed(source)
            raise web.HTTPForbidden(text="the teacher's code is needed (header X-Parley-Code)")
        tables = []
        for label, table in self.tables.items():
            joined: dict[str, list[str]] = {}
            for conn in self.seated[label]:
                joined.setdefault(conn.seat.side, []).append(conn.seat.student)
            tables.append(table.status({k: sorted(v) for k, v in joined.items()}))
        return web.json_response({"scenario": self.scenario, "tables": tables})


async def serve(host: Host, bind: str, port: int,
                ready: Callable[[list[tuple[str, int]]], None],
                stop: asyncio.Event) -> None:
    """Listen on `bind`:`port` until `stop` is set; `ready` gets the addresses listened on."""
    runner = web.AppRunner(host.application(), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, bind, port)
    try:
        await site.start()
        addresses = [(str(a[0]), int(a[1])) for a in runner.addresses]
        listening = addresses[0][1]
        host.local_address = f"http://{_loopback(bind)}:{listening}"
        ready(addresses)
        await stop.wait()
    finally:
        await runner.cleanup()
        host.store.close()


def _loopback(bind: str) -> str:
    """Where a program on this machine reaches a host bound to `bind`."""
    if bind in ("0.0.0.0", ""):
        return "127.0.0.1"
    if bind == "::":
        return "[::1]"
    return f"[{bind}]" if ":" in bind else bind
