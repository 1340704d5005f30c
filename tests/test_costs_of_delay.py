"""Known answers for costs of delay: the more impatient party gets less, on average, and
symmetric parties split evenly."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_factory import party, scenario

from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game

PIE = {"share": {"question": "How much goes to A?",
                 "options": ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"]}}
A_GETS = {"share": {"linear": [0.0, 1.0]}}
B_GETS = {"share": {"linear": [1.0, 0.0]}}


def mean_utilities(cost_a: float, cost_b: float, runs: int = 400) -> np.ndarray:
    s = scenario(PIE, {"A": party({"share": 1.0}, A_GETS, reservation=0.3, delay_cost=cost_a),
                       "B": party({"share": 1.0}, B_GETS, reservation=0.3, delay_cost=cost_b)},
                 deadline=12)
    results = Negotiation(compile_game(s), np.arange(runs), record=False).run()
    return results.utility.mean(axis=0)


@settings(max_examples=8, deadline=None)
@given(st.floats(0.0, 0.01), st.floats(0.01, 0.05))
def test_the_more_impatient_party_gets_less_on_average(patient: float, extra: float) -> None:
    a, b = mean_utilities(patient + extra, patient)
    assert a < b


def test_symmetric_parties_split_evenly_on_average() -> None:
    a, b = mean_utilities(0.01, 0.01, runs=2000)
    assert abs(a - b) < 0.02
