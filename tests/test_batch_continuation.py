"""Continuing a game from a round with scripted players (`--from SAVEFILE`, "What if?")."""

from __future__ import annotations

import numpy as np
import pytest

from sim.actors.human import Decision
from sim.negotiation import randomness as rnd
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from sim.negotiation.snapshot import ContinuationError
from sim.play.session import PlaySession


@pytest.fixture(scope="module")
def game(brussels):
    return compile_game(brussels)


def same(a, b) -> bool:
    return ((a.kind[0], a.round[0], a.deal[0], a.walked[0]) ==
            (b.kind[0], b.round[0], b.deal[0], b.walked[0])
            and np.array_equal(a.utility, b.utility) and np.array_equal(a.spent, b.spent)
            and np.array_equal(a.pressed, b.pressed))


@pytest.mark.parametrize("protocol", ["alternating", "mediated"])
@pytest.mark.parametrize("round_", [0, pytest.param(4, marks=pytest.mark.slow),
                                    pytest.param(11, marks=pytest.mark.slow), 17])
def test_a_game_continued_with_its_own_seed_ends_exactly_as_if_never_stopped(
        game, protocol: str, round_: int) -> None:
    for seed in range(25):
        whole = Negotiation(game, seed, protocol=protocol, record=False).run()
        stopped = Negotiation(game, seed, protocol=protocol, record=False)
        stopped.advance(until=round_)
        if stopped.finished:
            continue
        continued = Negotiation.resume(game, stopped.snapshot(), [seed]).run()
        assert same(continued, whole), (seed, round_)


def play_until(round_: int, seed: int = 5) -> PlaySession:
    session = PlaySession("brussels_2026_settlement", seed=seed, humans=["Ukraine"])
    request = session.advance()
    while request is not None and request.round < round_:
        if request.kind == "propose":
            request = session.decide(Decision.propose(session.ideal_offer("Ukraine")))
        else:
            request = session.decide(Decision.reject())
    return session


def test_continuations_of_a_saved_game_start_where_it_stands_and_vary_by_seed(tmp_path) -> None:
    session = play_until(6)
    session.save(tmp_path / "game.json")
    loaded = PlaySession.load(tmp_path / "game.json")
    results = loaded.what_if(runs=300, seed=1)
    assert results.round.min() >= 6
    assert len(set(results.kind.tolist())) > 1
    again = loaded.what_if(runs=300, seed=1)
    assert np.array_equal(results.deal, again.deal) and np.array_equal(results.kind, again.kind)
    assert (results.spent >= 0).all()


def test_run_i_of_a_continuation_is_the_same_alone_as_among_others() -> None:
    session = play_until(3)
    many = session.what_if(runs=40, seed=8)
    snap = session.snapshot()
    seeds = rnd.batch_seeds(8, 0, 40)
    for i in (0, 17, 39):
        alone = Negotiation.resume(session.game, snap, [seeds[i]]).run()
        assert (alone.kind[0], alone.deal[0], alone.round[0]) == \
            (many.kind[i], many.deal[i], many.round[i])


def test_the_budget_a_person_spent_before_the_save_still_counts_in_the_continuation() -> None:
    session = play_until(8)
    results = session.what_if(runs=100, seed=2)
    spent_so_far = session.assess("Ukraine", session.ideal_offer("Ukraine")).spent_before
    assert (results.spent[:, session.game.party_index("Ukraine")] >= spent_so_far - 1e-12).all()


def test_a_finished_game_cannot_be_continued() -> None:
    session = PlaySession("brussels_2026_settlement", seed=4, humans=["EU"])
    session.advance()
    session.decide(Decision.walk_out())
    with pytest.raises(ContinuationError, match="already over"):
        session.what_if(runs=10, seed=0)
