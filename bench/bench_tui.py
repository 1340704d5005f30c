"""How fast `parley play` feels: command to first screen, and key press to table redrawn.

    .venv/bin/python bench/bench_tui.py [--moves 40]

Prints figures against the aims (first screen under 1 s, a move under 50 ms). Three
measures: a real terminal (tmux, when installed) from the shell command to the briefing
on screen; the same in-process (imports plus headless start-up); and, headless, the time from
a key press to the table redrawn with the engine's reply, over a whole game.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
AIM_FIRST, AIM_MOVE = 1.0, 0.050


PLAY = f"{sys.executable} -m parley play brussels_2026 --side Russia --seed 6"
BASELINE = f"{sys.executable} {ROOT / 'bench' / 'baseline_app.py'}"


def first_screen_in_tmux(cmd: str = PLAY, timeout: float = 10.0) -> float | None:
    """Seconds from starting `cmd` in a fresh tmux pane to "Briefing for Russia" showing."""
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
            if "Briefing for Russia" in pane:
                return time.perf_counter() - start
            time.sleep(0.01)
        return None
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def moves_in_tmux(moves: int, cmd: str = PLAY, timeout: float = 5.0) -> list[float]:
    """Seconds from a key sent to a real 80x24 terminal to the screen changing."""
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
        for _ in range(moves):
            before = pane()
            if "Round 24/24" in before:
                break
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


async def headless(moves: int) -> tuple[float, float, list[float]]:
    """Import time, headless start-up to the briefing, and per-move redraw times."""
    t0 = time.perf_counter()
    from tui.app import make_app
    from tui.screens.table import TableScreen

    imported = time.perf_counter() - t0
    app = make_app("brussels_2026", ["Russia"], seed=6)
    t1 = time.perf_counter()
    timings: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        started = time.perf_counter() - t1
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
    return imported, started, timings


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40)
    args = parser.parse_args()
    real = first_screen_in_tmux()
    floor = first_screen_in_tmux(BASELINE)
    real_moves = moves_in_tmux(args.moves)
    floor_moves = moves_in_tmux(args.moves, BASELINE)
    imported, started, timings = asyncio.run(headless(args.moves))
    print("parley play, brussels_2026 as Russia, seed 6; baseline: bench/baseline_app.py "
          "(a one-line Textual app), same terminal, same run")
    if real is None or floor is None:
        print("  command to first screen (tmux 80x24): not measured (no tmux)")
    else:
        print(f"  command to first screen (tmux 80x24): {real * 1000:7.0f} ms "
              f"(aim {AIM_FIRST * 1000:.0f} ms, {real / AIM_FIRST:.2f} of it); "
              f"baseline {floor * 1000:.0f} ms, ratio {real / floor:.2f}")
    print(f"  import tui.app:                      {imported * 1000:7.0f} ms")
    print(f"  headless start-up to the briefing:   {started * 1000:7.0f} ms")
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


if __name__ == "__main__":
    main()
