"""A guard against hangs, for the tests of hostile input (issue 13: "never hang").

It is not a speed test: the limits are ten times or more what the work takes on a loaded
machine, so only a hang (or work that grows without bound) trips them. How fast the same work
runs is measured in `bench/bench_hostile.py`, against a baseline in the same run.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import pytest


@contextmanager
def no_hang(what: str, limit: float = 120.0) -> Iterator[None]:
    """Fail the test, naming `what`, if the block is still running after `limit` seconds.

    Uses SIGALRM, so the block is interrupted rather than waited for; where alarms are not
    available (another thread, another platform) the block simply runs unguarded.
    """
    if not hasattr(signal, "setitimer")\
            or threading.current_thread() is not threading.main_thread():
        yield
        return

    def hung(signum: int, frame: FrameType | None) -> None:
        pytest.fail(f"{what} hung: still running after {limit:g} s (a hang guard, not a "
                    "speed limit; speed is measured in bench/bench_hostile.py)")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
