"""Run seeds and parameter draws: reproducible per run, whatever the chunking, and checked."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sim.batch.perturb import draw
from sim.negotiation import randomness as rnd
from sim.negotiation.game import compile_game
from sim.scenario.loader import ScenarioError
from sim.scenario.uncertainty import (
    VaryError,
    level_variations,
    merge,
    parse_vary,
    scenario_variations,
)
from tests.scenario_factory import party, scenario


@pytest.fixture(scope="module")
def game(brussels):
    return compile_game(brussels)


def spawned(seed: int, start: int, count: int) -> np.ndarray:
    children = np.random.SeedSequence(seed).spawn(start + count)[start:]
    return np.array([c.generate_state(1, np.uint64)[0] for c in children], dtype=np.uint64)


@given(seed=st.integers(0, 2**96), start=st.integers(0, 2**32 - 8))
@example(seed=0, start=0)
@example(seed=2**32, start=2**32 - 8)
def test_vectorised_batch_seeds_equal_seed_sequence_spawn_keys(seed: int, start: int) -> None:
    expected = np.array([np.random.SeedSequence(seed, spawn_key=(start + k,))
                         .generate_state(1, np.uint64)[0] for k in range(8)], dtype=np.uint64)
    assert np.array_equal(rnd.batch_seeds(seed, start, 8), expected)


def test_batch_seeds_are_the_children_that_seed_sequence_spawn_gives() -> None:
    assert np.array_equal(rnd.batch_seeds(42, 3, 5), spawned(42, 3, 5))


def test_a_run_draws_the_same_parameters_whatever_chunk_it_is_in(brussels, game) -> None:
    variations = merge(level_variations(0.1, brussels),
                       parse_vary("*.strategy=choice(time_based, hardliner)", brussels),
                       parse_vary("Russia.pace=normal(1.0, 0.5)", brussels),
                       parse_vary("EU.cares.europe=triangular(0.1, 0.25, 0.4)", brussels))
    keys = rnd.seed_keys(rnd.batch_seeds(9, 0, 300))
    whole = draw(game, variations, keys)
    parts = [draw(game, variations, keys[a:a + 70]) for a in range(0, 300, 70)]
    for column, values in whole.columns.items():
        assert np.array_equal(values, np.concatenate([p.columns[column] for p in parts]))
    assert np.array_equal(whole.params.weights[120], parts[1].params.weights[50])


def test_adding_a_variation_does_not_move_the_draws_of_another(brussels, game) -> None:
    keys = rnd.seed_keys(rnd.batch_seeds(1, 0, 50))
    one = parse_vary("Russia.reservation=uniform(0.3, 0.45)", brussels)
    two = one + parse_vary("US.budget=uniform(0.2, 0.8)", brussels)
    column = "drawn.Russia.reservation"
    assert np.array_equal(draw(game, one, keys).columns[column],
                          draw(game, two, keys).columns[column])


def test_draws_stay_in_range_and_salience_still_sums_to_one(brussels, game) -> None:
    variations = merge(parse_vary("*.reservation=normal(0.5, 0.6)", brussels),
                       parse_vary("Ukraine.cares.regions=uniform(0, 1)", brussels))
    drawn = draw(game, variations, rnd.seed_keys(np.arange(2000)))
    assert drawn.params.reservation.min() >= 0 and drawn.params.reservation.max() <= 1
    assert np.allclose(drawn.params.weights.sum(axis=2), 1.0)
    uniform = drawn.columns["drawn.Ukraine.cares.regions"]
    assert 0.45 < uniform.mean() < 0.55


@pytest.mark.parametrize(("text", "message"), [
    ("Rusia.reservation=uniform(0, 1)", "unknown party 'Rusia' \\(did you mean 'Russia'\\?\\)"),
    ("Russia.reservaton=0.3", "no parameter 'reservaton'.*did you mean 'reservation'"),
    ("Russia.reservation=unifrm(0, 1)", "unknown distribution 'unifrm' \\(did you mean 'uniform'"),
    ("Russia.reservation=uniform(0, 2)", "2 is outside 0 to 1, the range of reservation"),
    ("Russia.reservation=uniform(0.6, 0.2)", "needs LOW <= HIGH"),
    ("Russia.reservation=normal(0.5)", "takes 2 numbers, not 1"),
    ("Russia.strategy=uniform(0, 1)", "a strategy is drawn with choice"),
    ("Russia.strategy=choice(tit_for_tat, hardlinr)", "unknown strategy 'hardlinr'"),
    ("EU.values.europe.nope=0.2", "'nope' is not an option of issue 'europe'"),
    ("EU.cares.crimea=0.2", "unknown issue 'crimea'"),
    ("Russia.cares=0.3", "write PARTY.cares.ISSUE"),
    ("Russia", "write PATH=DIST"),
    ("Russia.budget=around(x)", "'x' is not a number"),
])
def test_a_bad_vary_is_refused_naming_the_path_or_distribution(brussels, text: str,
                                                                message: str) -> None:
    with pytest.raises(VaryError, match=message):
        parse_vary(text, brussels)


SIMPLE = {"deal": {"question": "Which deal?", "options": ["a", "b", "c"]}}


def two_parties() -> dict[str, object]:
    values = {"deal": {"a": 1.0, "b": 0.5, "c": 0.0}}
    return {"North": party({"deal": 1.0}, values), "South": party({"deal": 1.0}, values)}


def test_a_scenario_states_its_own_uncertainty_and_a_level_overrides_its_level() -> None:
    s = scenario(SIMPLE, two_parties(), uncertainty={
        "level": 0.1, "vary": {"North.strategy": "choice(time_based, hardliner)"},
        "because": {"assumption": "test"}})
    paths = {v.path: str(v.dist) for v in scenario_variations(s, pinned=True)}
    assert paths == {"North.reservation": "around(0.1)", "South.reservation": "around(0.1)",
                     "North.budget": "around(0.1)", "South.budget": "around(0.1)",
                     "North.strategy": "choice(time_based, hardliner)"}
    assert {str(v.dist) for v in scenario_variations(s, level=0.2, pinned=True)
            if v.field == "budget"} == {"around(0.2)"}
    # Unpinned, every other parameter varies by its evidence; the block still wins.
    drawn = {v.path: str(v.dist) for v in scenario_variations(s)}
    assert drawn["North.strategy"] == "choice(time_based, hardliner)"
    assert drawn["North.budget"] == "around(0.1)" and drawn["North.pace"] == "scale(2.0)"


def test_a_firm_quote_varies_less_than_a_hedged_one_and_an_assumption_most(brussels) -> None:
    from sim.scenario.grounding import ASSUMED, FIRM, HEDGED, evidence_ranges, grounding
    from sim.scenario.schema import Assumption, Quote

    firm = Quote(seed="s.txt", span=(0, 10), quote="We will never accept it")
    hedged = Quote(seed="s.txt", span=(0, 10), quote="It may consider a compromise")
    assert grounding(firm) == FIRM and grounding(hedged) == HEDGED
    assert grounding(Assumption(assumption="a guess")) == ASSUMED
    assert grounding([firm, hedged]) == FIRM
    # Words that a modeller's assumption turns into a number: hedged.
    assert grounding([Assumption(assumption="a guess"), firm]) == HEDGED
    ranges = {r.path: r for r in evidence_ranges(brussels)}
    # Ukraine's reservation value is quoted ("already under enormous pressure"); Russia's
    # cares are the modeller's assumption.
    assert ranges["Ukraine.reservation"].why == FIRM
    assert ranges["Ukraine.reservation"].dist == "around(0.02)"
    assert ranges["Ukraine.delay_cost"].dist == "scale(1.15)"
    assert all(r.dist in ("around(0.1)", "scale(2)") for r in ranges.values()
               if r.why == ASSUMED)


def test_a_bad_uncertainty_entry_in_a_scenario_is_located_and_named() -> None:
    with pytest.raises(ScenarioError) as info:
        scenario(SIMPLE, two_parties(), uncertainty={"vary": {"Nort.budget": "uniform(0, 1)"}})
    assert "uncertainty.vary.Nort.budget: 'Nort.budget': unknown party 'Nort' " \
           "(did you mean 'North'?)" in str(info.value)
