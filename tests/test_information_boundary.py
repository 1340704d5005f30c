"""What each side can know: scripted parties decide from public positions, what was said and
tabled, and their own private numbers, never another party's. Checked by what crosses the
boundary: changing one party's private numbers must not change what another does before the
first party has said or done anything."""

from __future__ import annotations

import pytest
from scenario_factory import party, scenario

from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game

ISSUES = {"land": {"question": "Who holds the land?", "options": ["a", "b", "c", "d"]},
          "water": {"question": "How much water flows?", "options": ["low", "mid", "high"]}}
A_VALUES = {"land": {"a": 1.0, "b": 0.7, "c": 0.4, "d": 0.0},
            "water": {"low": 1.0, "mid": 0.5, "high": 0.0}}
B_VALUES = {"land": {"a": 0.0, "b": 0.4, "c": 0.7, "d": 1.0},
            "water": {"low": 0.0, "mid": 0.6, "high": 1.0}}


def b_party(**private):
    values = {"reservation": 0.2, "budget": 0.5, "red_lines": [
        {"hard": {"land": ["a"]}, "public": False, "label": "not all of it"}]}
    values.update(private)
    return party({"land": 0.6, "water": 0.4}, B_VALUES, **values)


VARIANTS = [
    {},
    {"reservation": 0.55},
    {"budget": 0.05, "pace": "conceder"},
    {"red_lines": [{"hard": {"land": ["b"]}, "public": False, "label": "hidden"}]},
    {"red_lines": [{"soft": {"water": ["low"]}, "cost": 0.3, "public": False}]},
    {"delay_cost": 0.05, "style": {"responsiveness": 0.9, "sharpness": 5.0}},
]


def first_moves(protocol: str, **private) -> list[dict]:
    s = scenario(ISSUES, {"A": party({"land": 0.5, "water": 0.5}, A_VALUES, reservation=0.1,
                                     budget=0.6),
                          "B": b_party(**private)}, deadline=8, protocol=protocol, first="A")
    neg = Negotiation(compile_game(s), 3)
    neg.run()
    # Round 0: what was tabled before B had said or done anything.
    return [r for r in neg.recorder.records
            if r["type"] == "offer" and r["round"] == 0]


@pytest.mark.parametrize("protocol", ["alternating", "mediated"])
@pytest.mark.parametrize("private", VARIANTS[1:])
def test_another_partys_private_numbers_do_not_change_the_first_offer(protocol, private) -> None:
    plain = [r["outcome"] for r in first_moves(protocol)]
    changed = [r["outcome"] for r in first_moves(protocol, **private)]
    assert plain and plain == changed
