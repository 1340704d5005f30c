"""How a class host holds up under a class: 40 seats on 10 tables, over the real protocol.

    .venv/bin/python bench/bench_host.py [--students 40] [--think 0.3] [--seed 5]

A pack of `--students` students at tables of four is written (`parley class brussels_2026
--per-table 4`: the seed scenario, two stages), `parley host` is started on 127.0.0.1 as a
teacher starts it, and every seat joins it over a websocket from this process, as the
students' machines do (`parley.host.protocol`: hello, then decisions). Each seat plays a
scripted player's decisions: for every table the same scripted player is first run against a
`PlaySession` in this process (the baseline below), and its seats send those decisions, each
when the host asks its side for it. Two runs:

- flat out: every seat answers the moment it is asked (every table busy at once: the worst a
  class can do to the host);
- a class's pace: each seat takes `--think` seconds to decide.

Figures:

- latency: from a seat sending a decision to every seat at its table having received the
  state with its result (median, p95, max over every decision of every table); aim: p95
  under 200 ms;
- the baseline, measured in the same run: the same decisions applied to a `PlaySession` in
  one process, no network, no host (what the engine alone costs per decision);
- the host's memory (RSS): started with its tables built, at its peak, and at the end; the
  baseline process's, holding the same games in `PlaySession`s, for comparison;
- the host's start-up, new and started again once the games are over (every table replayed
  from its seed and its recorded moves, as after a crash);
- every game's transcript at the host is checked byte for byte against the baseline's (the
  host plays a game as `parley play` does).

Everything has a timeout: a seat not moving for `--stall` seconds, or a run over `--limit`
seconds, ends the run with a message (and the host is stopped); nothing waits forever.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.actors.human import Decision  # noqa: E402
from sim.play.session import PlaySession  # noqa: E402
from sim.transcript.format import to_jsonl  # noqa: E402
from tests.host_helpers import HostProcess, scripted, start_host  # noqa: E402

SCENARIO = "brussels_2026"
AIM_P95 = 0.200
"""Seconds: the aim for the 95th percentile of decision-to-every-seat latency."""
START_WITHIN = 60.0
"""Seconds the host has to start."""


# The players are tests.host_helpers.scripted: the same deterministic player the host's tests
# use, so the benchmark plays the games the tests check.


@dataclass
class Baseline:
    """The games played in one process: each table's decisions, its transcript, and what
    applying each decision to a `PlaySession` cost."""

    decisions: dict[str, list[Decision]] = field(default_factory=dict)
    transcripts: dict[str, str] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    """Per decision: `PlaySession.decide` (applying it and running on to the next request)."""
    tables: list[dict[str, Any]] = field(default_factory=list)
    """The pack's tables (class.json) these games are of."""


def play_baseline(tables: list[dict[str, Any]]) -> Baseline:
    """Every table's game with `scripted` players at one machine, timed per decision."""
    out = Baseline(tables=tables)
    for table in tables:
        session = PlaySession(SCENARIO, seed=int(table["seed"]), humans=list(table["people"]))
        request = session.advance()
        made: list[Decision] = []
        while request is not None:
            decision = scripted(session, request)
            start = time.perf_counter()
            request = session.decide(decision)
            out.seconds.append(time.perf_counter() - start)
            made.append(decision)
        out.decisions[table["label"]] = made
        out.transcripts[table["label"]] = to_jsonl(session.records)
    return out


# --------------------------------------------------------------------------- the host


def rss(host: HostProcess) -> int:
    """The host's resident memory now, in bytes (0 once it has gone)."""
    try:
        return int(psutil.Process(host.process.pid).memory_info().rss)
    except psutil.Error:
        return 0


# --------------------------------------------------------------------------- the seats


class Stalled(Exception):
    """A seat waited too long for the host."""


@dataclass
class Table:
    """What the seats of one table have seen: when each decision was sent, and when each
    seat first held the state with its result."""

    label: str
    decisions: list[Decision]
    seats: int
    sent: dict[int, float] = field(default_factory=dict)
    seen: dict[int, list[float]] = field(default_factory=dict)
    finished: int = 0
    """Seats that have seen the game end."""

    def latencies(self) -> list[float]:
        """Per decision: from sending it to the last seat at the table seeing its result."""
        return [max(self.seen[n]) - at for n, at in self.sent.items()
                if len(self.seen.get(n, ())) == self.seats]


async def seat(http: aiohttp.ClientSession, address: str, code: str, tables: dict[str, Table],
               think: float, stall: float) -> None:
    """One student's machine: join with `code`, then make the table's scripted decision for
    this side whenever the host asks it, `think` seconds after being asked."""
    async with http.ws_connect(address + "/seat", heartbeat=20.0, max_msg_size=0) as ws:
        await ws.send_str(json.dumps({"type": "hello", "code": code}))
        table: Table | None = None
        asked, last = -1, 0
        while True:
            try:
                message = await ws.receive(timeout=stall)
            except TimeoutError:
                raise Stalled(f"{code}: nothing from the host for {stall:.0f} s "
                              f"({table.label if table else 'not seated'})") from None
            now = time.perf_counter()
            if message.type != aiohttp.WSMsgType.TEXT:
                raise Stalled(f"{code}: the host closed the connection ({message.type})")
            data = json.loads(message.data)
            kind = data.get("type")
            if kind == "refused":
                raise Stalled(f"{code}: refused: {data.get('reason')}")
            if kind == "welcome":
                table = tables[data["table"]]
            elif kind == "reply" and "error" in data:
                raise Stalled(f"{code}: the host refused a move: {data['error']}")
            elif kind == "state":
                assert table is not None
                made = int(data["decisions"])
                if made > last:  # a state the teacher's clock sends again is not news
                    last = made
                    table.seen.setdefault(made - 1, []).append(now)
                if data["finished"]:
                    table.finished += 1
                    return
                if data.get("request") is not None and made > asked:
                    asked = made
                    if think:
                        await asyncio.sleep(think)
                    decision = table.decisions[made]
                    table.sent[made] = time.perf_counter()
                    await ws.send_str(json.dumps({
                        "type": "decide", "id": made, "at": made,
                        "decision": {"kind": decision.kind, "offer": decision.offer}}))


@dataclass
class Run:
    """One run's figures."""

    latencies: list[float]
    wall: float
    decisions: int
    rss_start: int
    rss_peak: int
    rss_end: int
    same: bool
    """Every transcript at the host equals the baseline's byte for byte."""
    start: float
    """Seconds from starting `parley host` on the new pack to its address printed."""
    restart: float
    """The same once every game is over (each table replayed from its moves)."""


async def drive(host: HostProcess, codes: dict[str, str], tables: dict[str, Table], think: float,
                stall: float, limit: float) -> tuple[float, int]:
    """Every seat at once; (seconds, peak RSS of the host) once every game is over."""
    peak = rss(host)
    start = time.perf_counter()
    async with aiohttp.ClientSession() as http:
        jobs = [asyncio.ensure_future(seat(http, host.address, code, tables, think, stall))
                for code in codes.values()]
        everything = asyncio.gather(*jobs)
        try:
            while not everything.done():
                if time.perf_counter() - start > limit:
                    raise Stalled(f"the run took longer than {limit:.0f} s")
                await asyncio.wait([everything], timeout=0.2)
                peak = max(peak, rss(host))
            everything.result()
        finally:
            for job in jobs:
                job.cancel()
            await asyncio.gather(*jobs, return_exceptions=True)
    return time.perf_counter() - start, peak


def one_run(folder: Path, students: int, seed: int, baseline: Baseline | None, think: float,
            stall: float, limit: float) -> tuple[Run, Baseline]:
    """Write a pack, host it, play every table through its seats; the figures."""
    pack = folder / "pack"
    made = subprocess.run([sys.executable, "-m", "parley", "class", SCENARIO, "--students",
                           str(students), "--per-table", "4", "--seed", str(seed), "-o",
                           str(pack)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    if made.returncode != 0:
        raise RuntimeError(f"parley class failed: {made.stderr or made.stdout}")
    manifest = json.loads((pack / "class.json").read_text())
    codes = json.loads((pack / "codes.json").read_text())["students"]
    if baseline is None:
        baseline = play_baseline(manifest["tables"])
    tables = {t["label"]: Table(t["label"], baseline.decisions[t["label"]],
                                sum(len(v) for v in t["people"].values()))
              for t in manifest["tables"]}
    began = time.perf_counter()
    host = start_host(pack, within=START_WITHIN)
    fresh = time.perf_counter() - began
    try:
        time.sleep(0.5)  # settled after start-up
        rss_start = rss(host)
        wall, peak = asyncio.run(drive(host, codes, tables, think, stall, limit))
        rss_end = rss(host)
    finally:
        host.stop()
    # Started again on the same pack: every table replayed from its seed and its moves.
    began = time.perf_counter()
    again = start_host(pack, within=START_WITHIN)
    replayed = time.perf_counter() - began
    again.stop()
    same = all(Path(t["transcript"]).exists()
               and Path(t["transcript"]).read_text() == baseline.transcripts[t["label"]]
               for t in manifest["tables"])
    latencies = [x for t in tables.values() for x in t.latencies()]
    return Run(latencies, wall, sum(len(t.sent) for t in tables.values()), rss_start,
               max(peak, rss_end), rss_end, same, fresh, replayed), baseline


# --------------------------------------------------------------------------- report


def quantile(values: list[float], q: float) -> float:
    """The `q` quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def baseline_rss(tables: list[dict[str, Any]]) -> int:
    """Resident memory of a process holding the same games in `PlaySession`s, played out."""
    code = ("import json, sys, psutil\n"
            f"sys.path.insert(0, {str(ROOT / 'bench')!r})\n"
            "from bench_host import play_baseline\n"
            "kept = play_baseline(json.loads(sys.stdin.read()))\n"
            "print(psutil.Process().memory_info().rss)\n")
    done = subprocess.run([sys.executable, "-c", code], input=json.dumps(tables),
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return int(done.stdout.split()[-1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--think", type=float, default=0.3,
                        help="seconds a seat takes per move in the class-pace run")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--stall", type=float, default=60.0,
                        help="seconds a seat may wait for the host before the run fails")
    parser.add_argument("--limit", type=float, default=240.0,
                        help="seconds a run may take before it fails")
    args = parser.parse_args(argv)
    if args.students % 4:
        parser.error("--students must be a multiple of 4 (tables of four)")
    print(f"class host, {SCENARIO} (staged), {args.students} seats on {args.students // 4} "
          f"tables of 4, scripted seats over websockets from one process, "
          f"{psutil.cpu_count()} cores", flush=True)
    baseline: Baseline | None = None
    failed = False
    for name, think in (("flat out", 0.0), (f"class pace ({args.think:g} s a move)",
                                             args.think)):
        folder = Path(tempfile.mkdtemp(prefix="parley-bench-host-"))
        try:
            run, baseline = one_run(folder, args.students, args.seed, baseline, think,
                                    args.stall, args.limit)
        except (Stalled, RuntimeError, subprocess.TimeoutExpired) as exc:
            print(f"{name}: FAILED: {exc}", flush=True)
            failed = True
            continue
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        lat = run.latencies
        print(f"\n{name}: {run.decisions} decisions in {run.wall:.1f} s "
              f"({run.decisions / run.wall:.0f}/s across the tables)")
        if not lat:
            print("  no decision was seen by its whole table")
            failed = True
            continue
        p95 = quantile(lat, 0.95)
        print(f"  decision to every seat at its table: median {ms(statistics.median(lat))}, "
              f"p95 {ms(p95)}, max {ms(max(lat))} "
              f"(aim p95 < {AIM_P95 * 1000:.0f} ms: {'met' if p95 < AIM_P95 else 'NOT met'})")
        base = baseline.seconds
        print(f"  baseline, PlaySession.decide in one process: median "
              f"{ms(statistics.median(base))}, p95 {ms(quantile(base, 0.95))} "
              f"(host median / baseline median: "
              f"{statistics.median(lat) / statistics.median(base):.1f}x)")
        print(f"  host RSS: {run.rss_start / 2**20:.0f} MiB started, peak "
              f"{run.rss_peak / 2**20:.0f} MiB, {run.rss_end / 2**20:.0f} MiB at the end")
        print(f"  host start-up: {run.start:.2f} s new, {run.restart:.2f} s started again "
              f"after the games (replaying {run.decisions} decisions)")
        print(f"  transcripts at the host equal the baseline's byte for byte: "
              f"{'yes' if run.same else 'NO'}", flush=True)
        failed |= not run.same
    if baseline is not None:
        try:
            print(f"\nbaseline process holding the same {len(baseline.tables)} games in "
                  f"PlaySessions: RSS {baseline_rss(baseline.tables) / 2**20:.0f} MiB")
        except (RuntimeError, subprocess.SubprocessError) as exc:
            print(f"baseline RSS: FAILED: {exc}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
