"""Issue 13: a batch killed outright leaves no workers behind, and SIGTERM stops it like
Ctrl+C (chunks kept, --resume finishes it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from sim.batch.parquet import read_results

pytestmark = pytest.mark.slow


def _start(out: Path, *extra: str) -> tuple[subprocess.Popen[str], list[psutil.Process]]:
    proc = subprocess.Popen([sys.executable, "-m", "parley", "batch", "-n", "20000",
                             "--seed", "5", "--jobs", "2", "--chunk-size", "500", "--out",
                             str(out), *extra], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(list(out.glob("part-*.parquet"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.poll() is None, "the batch ended before it could be killed"
    children = psutil.Process(proc.pid).children(recursive=True)
    assert len(children) >= 2, "expected the worker processes and the resource tracker"
    return proc, children


def _group(pgid: int) -> list[psutil.Process]:
    """Live processes of the batch's session (workers outlive their parent's pid there)."""
    found = []
    for p in psutil.process_iter():
        try:
            if os.getpgid(p.pid) == pgid and p.status() != psutil.STATUS_ZOMBIE:
                found.append(p)
        except (psutil.Error, ProcessLookupError):
            continue
    return found


def _all_gone(proc: subprocess.Popen[str], children: list[psutil.Process],
              seconds: float = 15) -> bool:
    _, alive = psutil.wait_procs(children, timeout=seconds)
    left = [p for p in _group(proc.pid) if p.pid != proc.pid]
    for p in left:  # leave nothing behind even when the test fails
        p.kill()
    return not alive and not left


def test_kill_9_of_a_batch_takes_its_workers_and_tracker_with_it(tmp_path: Path) -> None:
    proc, children = _start(tmp_path / "out")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert _all_gone(proc, children)


def test_sigterm_stops_a_batch_like_ctrl_c_and_resume_finishes_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc, children = _start(out)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted" in err and "--resume" in err and "Traceback" not in err
    assert _all_gone(proc, children)
    done = subprocess.run([sys.executable, "-m", "parley", "batch", "-n", "20000", "--seed",
                           "5", "--jobs", "2", "--chunk-size", "500", "--out", str(out),
                           "--resume"], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    runs = read_results(out, columns=["run"])["run"].to_pylist()
    assert runs == list(range(20000))
