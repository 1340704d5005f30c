"""A slice of a batch pays only for the preference worlds its runs live in (issue 17): each
world costs utility and offer tables over every outcome, and `parley batch -n 1` lives in one
of 64. Which worlds a slice holds never changes a run's result."""

from __future__ import annotations

import numpy as np
import pytest

from sim.batch.perturb import draw
from sim.negotiation import randomness as rnd
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from sim.negotiation.params import RunParams
from sim.scenario.uncertainty import merge, parse_vary, scenario_variations


@pytest.fixture(scope="module")
def game(brussels):
    return compile_game(brussels)


@pytest.fixture(scope="module")
def variations(brussels):
    # The evidence-implied ranges draw salience and option values, so runs live in worlds.
    return merge(scenario_variations(brussels, None),
                 parse_vary("EU.cares.europe=uniform(0.15, 0.35)", brussels))


def drawn(game, variations, seeds: np.ndarray) -> RunParams:
    return draw(game, list(variations), rnd.seed_keys(seeds),
                worlds=rnd.world_keys(3, 64)).params


def test_a_single_run_of_a_batch_builds_the_tables_of_its_own_world_only(game,
                                                                         variations) -> None:
    params = drawn(game, variations, rnd.batch_seeds(3, 0, 1))
    assert params.values.shape[0] == 64 and params.world is not None
    neg = Negotiation(game, rnd.batch_seeds(3, 0, 1), params=params, record=False)
    assert neg.effective.shape[0] == 1 and neg.values.shape[0] == 1
    assert np.array_equal(neg.values[0], params.values[int(params.world[0])])


def test_a_slice_keeps_the_worlds_its_runs_use_in_order_and_plays_as_the_whole(
        game, variations) -> None:
    seeds = rnd.batch_seeds(3, 0, 40)
    params = drawn(game, variations, seeds)
    used = sorted(set(params.world.tolist()))
    assert 1 < len(used) < 64
    kept = params.worlds_in_use()
    assert kept.values.shape[0] == len(used)
    assert np.array_equal(kept.values[kept.world], params.values[params.world])
    assert np.array_equal(kept.weights[kept.world], params.weights[params.world])
    whole = Negotiation(game, seeds, params=params, record=False).run()
    for k in (0, 17, 39):  # each run alone, in a slice holding its world only
        alone = Negotiation(game, seeds[k], params=params.take(np.array([k])),
                            record=False).run()
        assert int(alone.kind[0]) == int(whole.kind[k])
        assert int(alone.deal[0]) == int(whole.deal[k])
        assert np.array_equal(alone.utility[0], whole.utility[k])
        assert np.array_equal(alone.spent[0], whole.spent[k])


def test_parameters_without_worlds_or_using_every_world_are_kept_as_they_are(game) -> None:
    plain = RunParams.defaults(game, 3)
    assert plain.worlds_in_use() is plain
    two = RunParams.defaults(game, 2)
    both = RunParams(**{**two.__dict__, "values": np.repeat(two.values, 2, axis=0),
                        "world": np.array([1, 0])})
    assert both.worlds_in_use() is both
