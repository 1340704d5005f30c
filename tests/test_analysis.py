"""Percentiles and confidence intervals used by debriefs and batch summaries."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.statistics import percentile_of, wilson


def test_a_player_who_ties_everyone_sits_at_the_fiftieth_percentile() -> None:
    assert percentile_of(0.5, np.full(10, 0.5)) == 50.0


def test_percentile_counts_the_share_below() -> None:
    assert percentile_of(0.35, np.array([0.1, 0.2, 0.3, 0.4])) == 75.0
    assert percentile_of(0.0, np.array([0.1, 0.2])) == 0.0


def test_wilson_interval_brackets_the_share_and_stays_in_bounds() -> None:
    p = wilson(27, 100)
    assert p.low < 0.27 < p.high
    assert p.low == pytest.approx(0.1929, abs=1e-3) and p.high == pytest.approx(0.3643, abs=1e-3)
    assert wilson(0, 50).low == 0.0
    assert wilson(50, 50).high == 1.0
