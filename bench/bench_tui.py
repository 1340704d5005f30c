"""How fast Parley starts and feels: `parley play` to its first screen, a key press to the
table redrawn, and the start-up of `parley validate` and `parley batch -n 1`.

    .venv/bin/python bench/bench_tui.py [--moves 40] [--repeat 5]

Every figure is printed beside a baseline measured in the same run, interleaved with it, and
as the ratio to it (this machine's load changes from minute to minute; the ratios much less):

- a real terminal (tmux, when installed): from the shell command to the briefing on screen
  with its text (not just the title bar), against a one-line Textual app
  (`bench/baseline_app.py`) showing its line; aim: at most 3x;
- the same in-process: importing the app, then headless start-up until the brief's text is
  there, and until idle (the whole brief written, the table composed under it);
- key press to table redrawn, in tmux and headless with Pilot, over a whole game (of the
  seed scenario's one-table settlement);
- `parley validate scenarios/brussels_2026.yaml` and `parley batch -n 1` from the command to
  its exit, against `python -c pass`; aim: under 0.5 s each.

Medians are the figures to compare; the fastest run (min) shows what the machine can do.
Parley's bytecode is compiled first, as an installed Parley's is.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AIM_FIRST_RATIO, AIM_MOVE, AIM_COMMAND = 3.0, 0.050, 0.5

PLAY = f"{sys.executable} -m parley play brussels_2026 --side Russia --seed 6"
# Key presses are timed over a one-table game of 24 rounds: the seed scenario's talks about
# talks end in 8 rounds when Russia rejects everything, and a new stage opens with a dialog.
MOVES_SCENARIO = "brussels_2026_settlement"
PLAY_MOVES = f"{sys.executable} -m parley play {MOVES_SCENARIO} --side Russia --seed 6"
BASELINE = f"{sys.executable} {ROOT / 'bench' / 'baseline_app.py'}"
# What the first screen shows at 80x24 once it is there: the title bar and the brief's text
# (its first heading, "How a deal is made": the summary above it can be long, and a staged
# scenario's is, so "Your brief" may be off screen).
BRIEFING = ("Briefing for Russia", "How a deal is made")


@contextlib.contextmanager
def tmux_server() -> Iterator[None]:
    """Keep one tmux session open meanwhile: the server quits with its last session, and a
    session started while it quits fails."""
    if shutil.which("tmux") is None:
        yield
        return
    name = f"parley-bench-keep-{time.monotonic_ns()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "sleep 3600"], check=True)
    try:
        yield
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def first_screen_in_tmux(cmd: str = PLAY, marks: tuple[str, ...] = BRIEFING,
                         timeout: float = 15.0) -> float | None:
    """Seconds from starting `cmd` in a fresh 80x24 tmux pane to every one of `marks` showing."""
    if shutil.which("tmux") is None:
        return None
    name = f"parley-bench-{time.monotonic_ns()}"
    start = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24",
                    "-c", str(ROOT), cmd], check=True)
    try:
        while time.perf_counter() - start < timeout:
            pane = subprocess.run(["tmux", "capture-pane", "-p", "-t", name],
                                  capture_output=True, text=True).stdout
            if all(mark in pane for mark in marks):
                return time.perf_counter() - start
            time.sleep(0.005)
        return None
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def moves_in_tmux(moves: int, cmd: str = PLAY_MOVES, timeout: float = 5.0,
                  table: tuple[str, ...] = ("Your turn to table", "tabled an offer:")
                  ) -> list[float]:
    """Seconds from a key sent to a real 80x24 terminal to the screen changing, while one of
    `table` shows (the game is at the table; none given: every move)."""
    if shutil.which("tmux") is None:
        return []
    name = f"parley-bench-{time.monotonic_ns()}"

    def pane() -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", name],
                              capture_output=True, text=True).stdout

    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24",
                    "-c", str(ROOT), cmd], check=True)
    timings: list[float] = []
    try:
        start = time.perf_counter()
        while "Briefing for Russia" not in pane() and time.perf_counter() - start < timeout:
            time.sleep(0.01)
        subprocess.run(["tmux", "send-keys", "-t", name, "Enter"], check=True)
        time.sleep(0.5)
        # The game is set up while the brief is read: on a busy machine the table may come
        # later than half a second after Enter.
        start = time.perf_counter()
        while table and not any(m in pane() for m in table) \
                and time.perf_counter() - start < timeout:
            time.sleep(0.01)
        for _ in range(moves):
            before = pane()
            if "Round 24/24" in before or (table and not any(m in before for m in table)):
                break  # the last round, or no longer at the table (the game is over)
            key = "t" if "Your turn to table" in before else "r"
            t = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", name, key], check=True)
            while pane() == before and time.perf_counter() - t < timeout:
                time.sleep(0.002)
            timings.append(time.perf_counter() - t)
            time.sleep(0.05)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    return timings


def command_seconds(args: list[str]) -> float:
    """Seconds from starting `python ARGS` in a fresh process to its exit (it must succeed)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def interleaved(measures: dict[str, Callable[[], float | None]],
                repeat: int) -> dict[str, list[float]]:
    """Each measure `repeat` times, taking turns, so that a change of load hits all alike."""
    out: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(repeat):
        for name, measure in measures.items():
            value = measure()
            if value is not None:
                out[name].append(value)
    return out


async def headless(moves: int) -> tuple[float, float, float, list[float]]:
    """Import time, headless start-up to the brief's text and on to idle, and per-move
    redraw times."""
    t0 = time.perf_counter()
    from textual.widgets import Markdown

    from tui.app import make_app
    from tui.screens.table import TableScreen

    imported = time.perf_counter() - t0
    app = make_app("brussels_2026", ["Russia"], seed=6)
    t1 = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.screen.query_one(Markdown).children:
            await asyncio.sleep(0.001)
        text = time.perf_counter() - t1
        await pilot.pause()
        started = time.perf_counter() - t1
    timings: list[float] = []
    app = make_app(MOVES_SCENARIO, ["Russia"], seed=6)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        while isinstance(app.screen, TableScreen) and len(timings) < moves:
            session = app.session
            assert session is not None and session.request is not None
            request = session.request
            key = "t" if request.kind == "propose" else "r"
            t = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            timings.append(time.perf_counter() - t)
    return imported, text, started, timings


def ms(seconds: float) -> str:
    """Milliseconds, as printed."""
    return f"{seconds * 1000:,.0f} ms"


def spread(values: list[float]) -> str:
    """Median and fastest of `values`."""
    return f"median {ms(statistics.median(values))} (min {ms(min(values))})"


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of each start-up measure (default 5)")
    args = parser.parse_args()
    # An installed Parley starts from compiled bytecode (pip compiles it at install). In a
    # working tree under PYTHONDONTWRITEBYTECODE=1, every module changed since it was last
    # compiled would be compiled from source on every start, and counted against Parley.
    for package in ("sim", "tui", "parley"):
        compileall.compile_dir(ROOT / package, quiet=1)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.parquet"

        def batch() -> float:
            shutil.rmtree(out, ignore_errors=True)
            return command_seconds(["-m", "parley", "batch", "-n", "1", "--out", str(out)])

        commands = interleaved({
            "python -c pass": lambda: command_seconds(["-c", "pass"]),
            "parley validate": lambda: command_seconds(
                ["-m", "parley", "validate", "scenarios/brussels_2026.yaml"]),
            "parley batch -n 1": batch,
        }, args.repeat)
    with tmux_server():
        first = interleaved({"parley": lambda: first_screen_in_tmux(PLAY),
                             "baseline": lambda: first_screen_in_tmux(BASELINE, BRIEFING[:1])},
                            args.repeat)
        real_moves = moves_in_tmux(args.moves)
        floor_moves = moves_in_tmux(args.moves, BASELINE, table=())
    imported, text, started, timings = asyncio.run(headless(args.moves))

    print("parley play, brussels_2026 as Russia, seed 6; baseline: bench/baseline_app.py "
          "(a one-line Textual app), same terminal, same run, taking turns")
    if len(first["parley"]) < args.repeat or len(first["baseline"]) < args.repeat:
        print("  command to first screen (tmux 80x24): not measured (no tmux, or it timed out)")
    else:
        real, floor = (statistics.median(first[k]) for k in ("parley", "baseline"))
        print(f"  command to first screen with its text (tmux 80x24, {args.repeat} runs): "
              f"{spread(first['parley'])}; baseline {spread(first['baseline'])}")
        print(f"    ratio {real / floor:.2f} of medians (min to min "
              f"{min(first['parley']) / min(first['baseline']):.2f}); aim at most "
              f"{AIM_FIRST_RATIO:g}")
    print(f"  import tui.app: {ms(imported)}; headless start-up to the brief's text "
          f"{ms(text)}, to idle on the briefing {ms(started)} (the whole brief written, the "
          "game set up and the table composed under it)")
    if real_moves and floor_moves:
        med = statistics.median(real_moves)
        base = statistics.median(floor_moves)
        print(f"  key to table redrawn (tmux, {len(real_moves)} moves): median {med * 1000:.1f} ms,"
              f" worst {max(real_moves) * 1000:.1f} ms (aim {AIM_MOVE * 1000:.0f} ms, "
              f"{med / AIM_MOVE:.2f} of it; includes polling tmux); baseline median "
              f"{base * 1000:.1f} ms, ratio {med / base:.2f}")
    median = statistics.median(timings)
    worst = max(timings)
    p90 = sorted(timings)[int(0.9 * (len(timings) - 1))]
    print(f"  headless, Pilot press+pause ({len(timings)} moves, Pilot adds ~70 ms): "
          f"median {median * 1000:.1f} ms, "
          f"p90 {p90 * 1000:.1f} ms, worst {worst * 1000:.1f} ms "
          f"(aim {AIM_MOVE * 1000:.0f} ms, median {median / AIM_MOVE:.2f} of it)")

    print(f"command start-up, command to exit ({args.repeat} runs each, taking turns); "
          "baseline: python -c pass")
    floor = statistics.median(commands["python -c pass"])
    print(f"  {'python -c pass':<18} {spread(commands['python -c pass'])}")
    for name in ("parley validate", "parley batch -n 1"):
        med = statistics.median(commands[name])
        print(f"  {name:<18} {spread(commands[name])}: {med / floor:.1f}x the baseline; "
              f"aim under {ms(AIM_COMMAND)} ({med / AIM_COMMAND:.2f} of it)")


if __name__ == "__main__":
    main()
