"""Known answers: outcomes theory predicts, checked against the engine and the frontier."""

from __future__ import annotations

import numpy as np

from sim.analysis.frontier import frontier, pareto_mask
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from sim.negotiation.results import Outcome
from tests.scenario_factory import party, scenario


def split_the_pie(deadline: int = 11):
    issues = {"share": {"question": "How much does A get?",
                        "range": {"start": 0, "stop": 100, "steps": 11, "unit": "%"}}}
    return scenario(issues, {
        "A": party({"share": 1.0}, {"share": {"linear": [0.0, 1.0]}}),
        "B": party({"share": 1.0}, {"share": {"linear": [1.0, 0.0]}}),
    }, deadline=deadline, first="A")


def test_two_symmetric_linear_conceders_split_a_pie_in_the_middle() -> None:
    game = compile_game(split_the_pie())
    result = Negotiation(game, 0).run()
    assert result.kind[0] == Outcome.DEAL
    assert game.decode(int(result.deal[0])) == {"share": "50"}
    assert np.allclose(result.utility[0], [0.5, 0.5])


def test_the_nash_point_of_a_symmetric_split_is_the_middle() -> None:
    game = compile_game(split_the_pie())
    front = frontier(game)
    assert front.nash is not None
    assert game.decode(front.nash) == {"share": "50"}
    assert front.efficient.all(), "every split of a pie is Pareto-efficient"


def test_reservation_values_move_the_nash_point_toward_the_stronger_side() -> None:
    base = split_the_pie()
    stronger = base.model_copy(update={"parties": {
        "A": base.parties["A"].model_copy(update={"reservation": 0.4}),
        "B": base.parties["B"]}})
    game = compile_game(stronger)
    front = frontier(game)
    assert front.nash is not None
    # max (a - 0.4) * (1 - a) over a in {0, .1, ..., 1} is at a = 0.7.
    assert game.decode(front.nash) == {"share": "70"}


def test_pareto_frontier_of_a_hand_checked_two_issue_game() -> None:
    issues = {"x": {"question": "Issue x?", "options": ["x0", "x1"]},
              "y": {"question": "Issue y?", "options": ["y0", "y1"]}}
    s = scenario(issues, {
        # A cares most about x, B most about y: logrolling (x1, y0)... is efficient.
        "A": party({"x": 0.8, "y": 0.2}, {"x": {"x0": 0, "x1": 1}, "y": {"y0": 0, "y1": 1}}),
        "B": party({"x": 0.2, "y": 0.8}, {"x": {"x0": 1, "x1": 0}, "y": {"y0": 1, "y1": 0}}),
    })
    game = compile_game(s)
    names = [tuple(game.decode(o).values()) for o in range(game.n_outcomes)]
    front = frontier(game)
    efficient = {names[o] for o in np.flatnonzero(front.efficient)}
    # Utilities: (x0,y0)=(0,1) (x0,y1)=(.2,.2) (x1,y0)=(.8,.8) (x1,y1)=(1,0).
    assert efficient == {("x0", "y0"), ("x1", "y0"), ("x1", "y1")}
    assert front.nash is not None and names[front.nash] == ("x1", "y0")


def test_pareto_mask_keeps_ties_and_drops_dominated_points() -> None:
    points = np.array([[1.0, 0.0], [0.5, 0.5], [0.5, 0.5], [0.4, 0.4], [0.0, 1.0]])
    assert pareto_mask(points).tolist() == [True, True, True, False, True]


def test_a_hard_red_line_removes_outcomes_from_the_feasible_set() -> None:
    issues = {"x": {"question": "Issue x?", "options": ["a", "b", "c"]}}
    s = scenario(issues, {
        "A": party({"x": 1.0}, {"x": {"a": 1, "b": 0.5, "c": 0}}),
        "B": party({"x": 1.0}, {"x": {"a": 0, "b": 0.5, "c": 1}},
                   red_lines=[{"hard": {"x": ["a"]}}]),
    })
    game = compile_game(s)
    front = frontier(game)
    assert front.feasible.tolist() == [False, True, True]
    assert game.decode(front.nash or 0) == {"x": "b"}
