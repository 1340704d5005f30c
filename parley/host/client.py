"""A seat at a class host, for the TUI: `sim.play.seat.Seated` over the network.

`RemoteSession.connect(ADDRESS, CODE)` joins the seat the code opens. The TUI drives it as it
drives a `PlaySession`: it reads the scenario (as its side knows it), the records (as its side
hears them), the pending request (when it is this seat's), and weighs offers with its own
numbers, all held here; `decide`, "What if?" and the baseline ask the host. The websocket
lives in a thread of its own with its own event loop, so the TUI's calls stay plain calls; a
state the host sends replaces what is held here at once, and `watch`'s callback says so.

If the connection drops (a host restarted, a network hiccup) the seat joins again with the
same code, and the host sends the whole game again: the screen is back at the same move.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import aiohttp
import numpy as np

from parley.host.protocol import decision_json, request_from_json
from sim.actors.human import Decision, DecisionError, DecisionRequest
from sim.negotiation.game import Game, compile_game
from sim.negotiation.results import Results
from sim.play.saves import SaveFileError
from sim.play.seat import SeatClock, results_from_json, stage_game
from sim.play.session import Assessment
from sim.report.baseline import BASELINE_RUNS, Baseline
from sim.scenario.schema import Scenario
from sim.transcript.format import Record

ANSWER_WITHIN = 30.0
"""Seconds to wait for the host to answer a request (a decision, "What if?")."""
RETRY_EVERY = 1.0
"""Seconds between tries to join again after the connection dropped."""
MOST_WAIT = 30.0
"""The longest pause between tries to join again (after a message the seat could not read,
the pause doubles each time)."""
LOST = "the connection to the class host was lost; joining again…"
"""What a request answers while the seat is joining again."""

log = logging.getLogger("parley.seat")
log.addHandler(logging.NullHandler())  # the TUI owns the terminal: logged only if asked for


class JoinError(ValueError):
    """The seat could not be joined: a wrong code, or no host at the address."""


def seat_url(address: str) -> str:
    """The seats' websocket at the host `address` (`http://10.0.0.5:8765`, or without the
    `http://`)."""
    address = address.strip().rstrip("/")
    if "://" not in address:
        address = "http://" + address
    scheme, rest = address.split("://", 1)
    ws = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}.get(scheme.lower())
    if ws is None:
        raise JoinError(f"{address}: a host's address starts with http://")
    return f"{ws}://{rest}/seat"


class RemoteSession:
    """One seat at a class host; build it with `connect`."""

    hosted = True
    transcript: Path | None = None

    def __init__(self, url: str, code: str, via: str | None) -> None:
        self.url, self.code, self.via = url, code, via
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True,
                                       name="parley-seat")
        self.thread.start()
        self.session_http: aiohttp.ClientSession | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.connected = False
        """Whether the seat has joined and has the host's state (False while joining again)."""
        self.closing = False
        self.gone: str | None = None
        """Why the host no longer takes this seat (it refused the code when joining again)."""
        self._joined = threading.Condition()
        """Guards `connected`, `ws` and `_generation`; notified when they change."""
        self._generation = 0
        """How many times the seat has joined (a request sent again waits for the next)."""
        self._replies: dict[int, Future[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        """Request numbers: `next` on it is atomic, and the TUI asks from more than one
        thread (What if? runs in a worker while a move may be sent)."""
        self._moved: Callable[[], None] | None = None
        self._runner: Future[None] | None = None
        # What the host has said, replaced as a whole at each state:
        self.table = ""
        self.side = ""
        self.student = ""
        self.scenario: Scenario
        self.game: Game
        self.scenario_path = Path("scenario")
        self.seed = 0
        self.people: tuple[str, ...] = ()
        self.practice = False
        self.decisions: list[Decision] = []
        self._records: list[Record] = []
        self._request: DecisionRequest | None = None
        self._waiting_for: str | None = None
        self._finished = False
        self._round = 0
        self._deadline = 0
        self._at = 0
        self._own: dict[str, Any] = {}
        self._utility = np.zeros(0)
        self._stage: dict[str, Any] | None = None
        """The stage last built (staged talks; `sim.play.seat.stage_json`)."""
        self.clock: SeatClock | None = None
        """The teacher's clock for the current move (from the last state)."""

    # ------------------------------------------------------------------ connecting

    @classmethod
    def connect(cls, address: str, code: str, via: str | None = None) -> RemoteSession:
        """Join the seat `code` opens at the host at `address`.

        Args:
            via: the ticket of the host's own browser terminal (`PARLEY_VIA`), if any.

        Raises:
            JoinError: saying why not.
        """
        seat = cls(seat_url(address), code, via if via is not None
                   else os.environ.get("PARLEY_VIA"))
        first: Future[None] = Future()
        seat._runner = asyncio.run_coroutine_threadsafe(seat._run(first), seat.loop)
        try:
            first.result()
        except JoinError:
            seat.close()
            raise
        return seat

    async def _run(self, first: Future[None]) -> None:
        """Join, listen, and join again whenever the connection drops (until `close`).

        Nothing ends this loop but `close`, or the host refusing the code (at once, or when
        joining again): a network error, a host gone for a while, even a message this seat
        cannot read, is logged and followed by joining again (the host then sends the whole
        game again, so the seat is back at the same move)."""
        self.session_http = aiohttp.ClientSession()
        pause = RETRY_EVERY
        try:
            while not self.closing:
                try:
                    await self._listen(first)
                    pause = RETRY_EVERY
                except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                    if not first.done():
                        first.set_exception(JoinError(
                            f"cannot reach the class host at {self.url.rsplit('/', 1)[0]} "
                            f"({exc or type(exc).__name__}): check the address"))
                        return
                    log.info("the connection to the class host dropped (%s); joining again",
                             exc or type(exc).__name__)
                except JoinError as exc:
                    if not first.done():
                        first.set_exception(exc)
                    else:
                        self.gone = f"the class host no longer takes this seat: {exc}"
                        log.error("%s", self.gone)
                    return
                except Exception as exc:  # a message this seat cannot read: join afresh
                    log.exception("could not read what the class host sent")
                    if not first.done():
                        first.set_exception(JoinError(
                            f"the class host at {self.url.rsplit('/', 1)[0]} sent what this "
                            f"seat cannot read ({exc}): is it another version of Parley?"))
                        return
                    pause = min(pause * 2, MOST_WAIT)  # the same again: not in a tight loop
                finally:
                    self._lost()
                if not self.closing:
                    await asyncio.sleep(pause)
        finally:
            self._lost()
            await self.session_http.close()

    async def _listen(self, first: Future[None]) -> None:
        assert self.session_http is not None
        async with self.session_http.ws_connect(self.url, heartbeat=20.0,
                                                max_msg_size=0) as ws:
            self.ws = ws
            await ws.send_str(json.dumps({"type": "hello", "code": self.code,
                                          **({"via": self.via} if self.via else {})}))
            async for message in ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    break
                data = json.loads(message.data)
                kind = data.get("type")
                if kind == "refused":
                    raise JoinError(str(data.get("reason")))
                if kind == "welcome":
                    self._welcome(data)
                elif kind == "state":
                    self._state(data)
                    with self._joined:
                        if not self.connected:
                            self.connected = True
                            self._generation += 1
                        self._joined.notify_all()
                    if not first.done():
                        first.set_result(None)
                    elif self._moved is not None:
                        self._moved()
                elif kind == "reply":
                    reply = self._replies.pop(int(data.get("id") or -1), None)
                    if reply is not None and not reply.done():
                        reply.set_result(data)

    def _lost(self) -> None:
        """The connection is gone: every request waiting for an answer is told so (`_call`
        sends it again once the seat has joined again)."""
        with self._joined:
            self.connected = False
            self.ws = None
            self._joined.notify_all()
        for reply in list(self._replies.values()):
            if not reply.done():
                reply.set_result({"error": LOST, "lost": True})
        self._replies.clear()

    def _welcome(self, data: dict[str, Any]) -> None:
        scenario = Scenario.model_validate(data["scenario"])
        if not hasattr(self, "scenario") or scenario != self.scenario:
            self.scenario = scenario
            self.game = compile_game(scenario)
            self._stage = None
        self.table, self.side, self.student = data["table"], data["side"], data["student"]
        self.scenario_path = Path(f"{data['scenario_name']}.yaml")
        self.seed = int(data["seed"])
        self.people = tuple(data["people"])
        self.practice = bool(data["practice"])
        self._deadline = int(data["deadline"])

    def _state(self, data: dict[str, Any]) -> None:
        start = int(data["from"])
        self._records = [*self._records[:start], *data["records"]]
        own = dict(data["own"])
        stage = own.pop("stage", None)
        if stage is not None and stage != self._stage:
            # Staged talks: a new stage's table, built as the engine builds it (the same one
            # sent again after joining again keeps its game: the screen keeps its draft).
            self.game = stage_game(self.scenario, stage)
            self._stage = stage
        if "deadline" in data:  # each stage has its own
            self._deadline = int(data["deadline"])
        if "utility" in own:
            self._utility = np.asarray(own["utility"], dtype=float)
        self._own = own
        self._at = int(data["decisions"])
        self._round = int(data["round"])
        self._finished = bool(data["finished"])
        self._waiting_for = data.get("waiting_for")
        self._request = request_from_json(data.get("request"))
        clock = data.get("clock")
        if isinstance(clock, dict):
            left = clock.get("left")
            self.clock = SeatClock(seconds=clock.get("seconds"),
                                   due=time.monotonic() + float(left) if left is not None
                                   else None, paused=bool(clock.get("paused")))

    def close(self) -> None:
        """Leave the table (the host keeps the seat for a return with the same code)."""
        with self._joined:
            self.closing = True
            self._joined.notify_all()

        async def shut() -> None:
            if self.ws is not None:
                await self.ws.close()

        if self.loop.is_running():
            with contextlib.suppress(Exception):  # leaving anyway
                asyncio.run_coroutine_threadsafe(shut(), self.loop).result(5)
            if self._runner is not None:
                if not self.connected:  # between tries to join again: stop trying now
                    self._runner.cancel()
                with contextlib.suppress(Exception):
                    self._runner.result(5)
            self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    def _call(self, message: dict[str, Any], within: float = ANSWER_WITHIN) -> dict[str, Any]:
        """Send a numbered request and wait for its reply, within `within` seconds in all.

        A request the connection dropped under is sent again once the seat has joined again
        (within the same time): every request may be sent twice. A decision carries the
        number of decisions seen when it was made, so the host applies it at most once (and
        answers a repeat of one it applied as done)."""
        due = time.monotonic() + within
        while True:
            with self._joined:
                while not self.connected and self.gone is None and not self.closing:
                    left = due - time.monotonic()
                    if left <= 0:
                        return {"error": LOST}
                    self._joined.wait(left)
                if self.gone is not None or self.closing:
                    return {"error": self.gone or "this seat has left the table"}
                ws, generation = self.ws, self._generation
            ident = next(self._ids)
            reply: Future[dict[str, Any]] = Future()
            self._replies[ident] = reply
            try:
                if ws is None:
                    raise ConnectionError("no connection")
                asyncio.run_coroutine_threadsafe(
                    ws.send_str(json.dumps({**message, "id": ident})), self.loop
                ).result(max(0.0, due - time.monotonic()))
                answer = reply.result(max(0.0, due - time.monotonic()))
            except TimeoutError:
                self._replies.pop(ident, None)
                return {"error": "the class host did not answer in time; try again"}
            except (aiohttp.ClientError, ConnectionError, RuntimeError) as exc:
                # The socket closed under the message: wait for the seat to join again.
                self._replies.pop(ident, None)
                log.info("could not send to the class host (%s); sending again once joined",
                         exc or type(exc).__name__)
                answer = {"error": LOST, "lost": True}
            if not answer.get("lost"):
                return answer
            with self._joined:  # wait until this connection is seen gone, then join again
                while (self.connected and self._generation == generation
                       and time.monotonic() < due):
                    self._joined.wait(min(RETRY_EVERY, max(0.0, due - time.monotonic())))

    # ------------------------------------------------------------------ Seated

    @property
    def humans(self) -> tuple[str, ...]:
        """The seat's side (the one side played at this machine)."""
        return (self.side,)

    @property
    def request(self) -> DecisionRequest | None:
        """The decision the game waits for from this seat, if any."""
        return self._request

    @property
    def waiting_for(self) -> str | None:
        """The side the game waits for, when it is another seat's move."""
        return None if self._request is not None else self._waiting_for

    @property
    def finished(self) -> bool:
        """Whether the game has ended."""
        return self._finished

    @property
    def round(self) -> int:
        """Current round (the deadline once over)."""
        return self._round

    @property
    def deadline(self) -> int:
        """Number of rounds."""
        return self._deadline

    @property
    def records(self) -> list[Record]:
        """The transcript so far, as this seat's side hears it."""
        return self._records

    @property
    def outcome(self) -> Record | None:
        """The closing record once the game is over (this side's numbers only)."""
        last = self._records[-1] if self._records else None
        return last if last and last["type"] == "outcome" else None

    def advance(self) -> DecisionRequest | None:
        """The decision asked of this seat now, if any (the host runs the game)."""
        return self._request

    def decide(self, decision: Decision) -> DecisionRequest | None:
        """Send the decision; once the host has recorded it, the next request of this seat
        (None while others move, or at the end).

        Raises:
            DecisionError: the host refused it (the rules, a team-mate's move first, a lost
                connection); nothing changed.
        """
        reply = self._call({"type": "decide", "at": self._at,
                            "decision": decision_json(decision)})
        if "error" in reply:
            raise DecisionError(str(reply["error"]))
        return self._request

    def assess(self, party: str, offer: Mapping[str, str]) -> Assessment:
        """What `offer` would mean for this seat's side (the only side it can weigh)."""
        if party != self.side:
            raise ValueError(f"a seat for {self.side} cannot weigh offers for {party}")
        outcome = self.game.encode(offer)
        lines = self.game.crossed_lines(party, outcome)
        own = self._own
        return Assessment(utility=float(self._utility[outcome]),
                          hard_lines=tuple(line for line in lines if line.kind == "hard"),
                          soft_lines=tuple(line for line in lines if line.kind == "soft"),
                          ideal=float(own["ideal"]), reservation=float(own["reservation"]),
                          budget=float(own["budget"]), spent_before=float(own["spent"]))

    def ideal_offer(self, party: str) -> dict[str, str]:
        """This side's best outcome among those crossing none of its hard red lines."""
        seat = self.game.party_index(party)
        utility = np.where(self.game.hard[seat], -np.inf, self._utility)
        return self.game.decode(int(np.argmax(utility)))

    def what_if(self, runs: int, seed: int) -> Results:
        """The host's scripted continuations from this round, as this seat may see them.

        Raises:
            ContinuationError: the host could not run them (the game is over, a lost
                connection), with its reason.
        """
        from sim.negotiation.snapshot import ContinuationError

        reply = self._call({"type": "what_if", "runs": runs, "seed": seed}, within=120.0)
        if "error" in reply:
            raise ContinuationError(str(reply["error"]))
        return results_from_json(reply["results"])

    def baseline(self, runs: int = BASELINE_RUNS) -> Baseline:
        """How scripted players of this side fare in this game (the host's baseline)."""
        reply = self._call({"type": "baseline"}, within=300.0)
        if "error" in reply:
            raise RuntimeError(str(reply["error"]))
        return Baseline(utility={self.side: np.asarray(reply["utility"], dtype=float)},
                        deals=int(reply["deals"]), runs=int(reply["runs"]),
                        source=str(reply["source"]))

    def save(self, path: str | os.PathLike[str], force: bool = False) -> None:
        """Nothing to save: the class host records every move."""
        raise SaveFileError("the class host records every move; join again with your code "
                            "to come back to this game")

    def watch(self, moved: Callable[[], None]) -> None:
        """Call `moved` (from the network thread) whenever the host sends a new state."""
        self._moved = moved
