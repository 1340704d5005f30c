"""The hang guard of the hostile-input tests trips on a hang and lets work that ends pass."""

from __future__ import annotations

import time

import pytest

from tests.hang_guard import no_hang


def test_a_block_that_hangs_is_interrupted_and_named() -> None:
    with (pytest.raises(pytest.fail.Exception, match="sleeping forever hung"),
          no_hang("sleeping forever", limit=0.2)):
        time.sleep(30)


def test_a_block_that_ends_passes_and_leaves_no_alarm_behind() -> None:
    with no_hang("a short sleep", limit=5):
        time.sleep(0.01)
    time.sleep(0.05)  # an alarm left armed would fire in here
