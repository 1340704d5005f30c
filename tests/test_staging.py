"""A stage's one-table scenario is worked out from the scenario alone (`sim.scenario.staging`),
so that loading and briefing a staged scenario import no engine; the engine compiles each
stage's game from it, so its numbers are exactly what numpy would give."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.scenario.staging import linspace

ENDS = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_subnormal=True)


@given(ENDS, ENDS, st.integers(min_value=0, max_value=40))
def test_linspace_is_numpys_bit_for_bit(start: float, stop: float, num: int) -> None:
    assert linspace(start, stop, num) == np.linspace(start, stop, num).tolist()

