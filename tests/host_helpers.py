"""A class host for tests: a real `parley host` process on 127.0.0.1, and scripted seats that
join it over the real protocol (`parley.host.client.RemoteSession`, the TUI's own client)."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from parley.host.client import RemoteSession
from sim.actors.human import Decision, DecisionError, DecisionRequest
from sim.play.seat import Seated


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class HostProcess:
    """A running `parley host`."""

    process: subprocess.Popen[str]
    address: str
    output: list[str] = field(default_factory=list)

    def kill(self) -> None:
        """SIGKILL: no chance to tidy anything up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        """Ctrl+C, as a teacher stops it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def start_host(pack: Path, port: int = 0, within: float = 60.0) -> HostProcess:
    """Start `parley host PACK` and wait (at most `within` seconds) until it prints the address
    students type; its output is read on by a thread, so nothing blocks on it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "parley", "host", str(pack), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "COLUMNS": "200"})
    lines: list[str] = []
    seen: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            seen.put(line)
        seen.put("")  # the host has gone

    threading.Thread(target=read, daemon=True).start()
    due = time.monotonic() + within
    while time.monotonic() < due:
        try:
            line = seen.get(timeout=max(0.0, due - time.monotonic()))
        except queue.Empty:
            break
        if line == "":
            break
        if line.strip().startswith("http://127.0.0.1:"):
            return HostProcess(process, line.strip(), lines)
    process.kill()
    raise AssertionError("the host did not start:\n" + "".join(lines))


@contextmanager
def running_host(pack: Path, port: int = 0) -> Iterator[HostProcess]:
    """A host for the length of a `with` block."""
    host = start_host(pack, port)
    try:
        yield host
    finally:
        host.stop()


def scripted(seat: Seated, request: DecisionRequest) -> Decision:
    """A plain, deterministic player that reads only what its side may know: it tables its
    ideal offer and accepts what is worth its falling target (ideal down to no deal)."""
    side = request.party
    ideal = seat.ideal_offer(side)
    own = seat.assess(side, ideal)
    share = request.round / max(request.deadline - 1, 1)
    target = own.ideal - (own.ideal - own.reservation) * share * 1.3
    if request.kind == "respond":
        assert request.offer is not None
        offer = seat.assess(side, request.offer)
        return Decision.accept() if offer.allowed and offer.utility >= target \
            else Decision.reject()
    return Decision.propose(ideal)


def play(seat: RemoteSession, until: int | None = None) -> None:
    """Play `seat` with `scripted` until its game ends (or its table has made `until`
    decisions); a refusal after a dropped connection is tried again."""
    moved = threading.Event()
    seat.watch(moved.set)
    while not seat.finished:
        moved.clear()
        request = seat.request
        if until is not None and seat._at >= until:
            return
        if request is None:
            moved.wait(0.5)
            continue
        try:
            seat.decide(scripted(seat, request))
        except DecisionError:
            moved.wait(0.2)


def play_all(seats: list[RemoteSession], until: int | Mapping[str, int] | None = None) -> None:
    """Every seat in a thread of its own, as students at their own machines (`until`: the
    decisions to stop at, for every table or by table)."""
    threads = [threading.Thread(target=play, args=(s, until.get(s.table) if isinstance(
        until, Mapping) else until), daemon=True) for s in seats]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
        assert not t.is_alive(), "a seat is still playing after two minutes"
