"""The second and third curated scenarios are games worth playing: some seeds deal, some do not."""

from __future__ import annotations

import pytest

from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from sim.scenario.library import resolve_scenario
from sim.scenario.loader import load_scenario

CURATED = ["saru_river_2026", "mirin_ceasefire_2026"]


@pytest.mark.parametrize("name", CURATED)
def test_default_strategies_reach_a_deal_in_some_seeds_and_not_in_others(name: str) -> None:
    game = compile_game(load_scenario(resolve_scenario(name)))
    kinds = []
    for seed in range(30):
        negotiation = Negotiation(game, seed)
        negotiation.run()
        kinds.append(negotiation.recorder.records[-1]["kind"])
    deals = kinds.count("deal")
    assert 0 < deals < len(kinds), kinds


def test_the_ceasefire_is_brokered_by_saldovia_and_needs_only_the_two_armed_sides() -> None:
    scenario = load_scenario(resolve_scenario("mirin_ceasefire_2026"))
    assert scenario.protocol.kind == "mediated" and scenario.protocol.mediator == "Saldovia"
    assert scenario.consent.required == ["Tarsa", "Highland Front"]


def test_cendrias_red_line_is_the_forty_billion_cubic_metres_it_named() -> None:
    cendria = load_scenario(resolve_scenario("saru_river_2026")).parties["Cendria"]
    flow = next(line for line in cendria.red_lines if "flow" in line.condition)
    assert flow.kind == "hard" and flow.condition["flow"] == ["no_guarantee", "35_bcm"]
