"""Whole games on the shipped scenario: reproducible, equal alone and in a batch, drivable."""

from __future__ import annotations

import numpy as np
import pytest

from sim.actors.human import Decision, DecisionError
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from sim.negotiation.results import Outcome
from sim.play.session import PlaySession
from sim.transcript.format import to_jsonl


@pytest.fixture(scope="module")
def game(brussels):
    return compile_game(brussels)


def transcript(game, seed: int, **kw) -> str:
    neg = Negotiation(game, seed, **kw)
    neg.run()
    return to_jsonl(neg.recorder.records)


def test_the_same_seed_gives_the_same_transcript_byte_for_byte(game) -> None:
    assert transcript(game, 7) == transcript(game, 7)
    assert transcript(game, 7, protocol="mediated") == transcript(game, 7, protocol="mediated")


def test_different_seeds_tell_different_stories(game) -> None:
    assert len({transcript(game, s) for s in range(6)}) > 1


def test_default_strategies_reach_a_deal_in_some_runs_and_not_in_others(game) -> None:
    kinds = Negotiation(game, np.arange(400), record=False).run().kind
    assert (kinds == Outcome.DEAL).any()
    assert (kinds == Outcome.DEADLINE).any()
    assert (kinds == Outcome.WALK_OUT).any()


@pytest.mark.parametrize("protocol", ["alternating", "mediated"])
def test_a_run_inside_a_batch_ends_exactly_as_it_does_alone(game, protocol: str) -> None:
    seeds = np.arange(100, 160)
    batch = Negotiation(game, seeds, record=False, protocol=protocol).run()
    for k, seed in enumerate(seeds):
        alone = Negotiation(game, int(seed), protocol=protocol).run()
        assert (batch.kind[k], batch.round[k], batch.deal[k]) == \
            (alone.kind[0], alone.round[0], alone.deal[0])
        assert np.array_equal(batch.utility[k], alone.utility[0])
        assert np.array_equal(batch.spent[k], alone.spent[0])


def test_the_transcript_header_carries_what_replay_needs(game) -> None:
    neg = Negotiation(game, 3, humans=("Ukraine",))
    neg.advance()
    header = neg.recorder.records[0]
    assert header["type"] == "header"
    assert header["seed"] == 3 and header["humans"] == ["Ukraine"]
    assert header["protocol"] == "alternating" and len(header["scenario_hash"]) == 16
    assert header["parley"]


def test_every_answer_gives_its_reason_in_words(game) -> None:
    neg = Negotiation(game, 11)
    neg.run()
    answers = [r for r in neg.recorder.records if r["type"] == "answer"]
    assert answers
    for answer in answers:
        assert answer["reason"].startswith(answer["party"])
        assert ("accepts" in answer["reason"]) == answer["accept"]
    codes = {a["code"] for a in answers}
    assert {"red_line", "target"} <= codes


def test_a_person_can_play_ukraine_to_the_end_one_decision_at_a_time() -> None:
    session = PlaySession("brussels_2026_settlement", seed=5, humans=["Ukraine"])
    request = session.advance()
    asked = 0
    while request is not None:
        asked += 1
        assert request.party == "Ukraine"
        if request.kind == "propose":
            request = session.decide(Decision.propose(session.ideal_offer("Ukraine")))
        else:
            assert request.offer is not None
            fine = session.assess("Ukraine", request.offer)
            ok = fine.allowed and not fine.below_reservation
            request = session.decide(Decision.accept() if ok else Decision.reject())
    assert asked >= 6
    assert session.finished and session.outcome is not None
    people = [r for r in session.records if r["type"] == "answer" and r["party"] == "Ukraine"]
    assert people and all(r["code"] == "person" for r in people)


def test_the_engine_refuses_a_person_tabling_an_offer_across_their_own_red_line() -> None:
    session = PlaySession("brussels_2026_settlement", seed=2, humans=["Russia"])
    request = session.advance()
    while request is not None and request.kind != "propose":
        request = session.decide(Decision.reject())
    assert request is not None
    offer = dict(session.ideal_offer("Russia"), regions="ukraine_keeps_all")
    before = len(session.records)
    with pytest.raises(DecisionError, match="red line \"Donbas returns to Russia\""):
        session.decide(Decision.propose(offer))
    assert session.request == request and len(session.records) == before
    session.decide(Decision.propose(session.ideal_offer("Russia")))


def test_a_person_walking_out_ends_talks_that_need_their_consent() -> None:
    session = PlaySession("brussels_2026_settlement", seed=4, humans=["EU"])
    session.advance()
    assert session.decide(Decision.walk_out()) is None
    assert session.outcome_kind() == "walk_out"
    assert session.outcome is not None and session.outcome["walked_out"] == "EU"


def test_a_save_made_under_older_rules_is_refused_and_left_untouched(tmp_path) -> None:
    import json

    from sim import RULES
    from sim.play.session import SaveFileError

    session = PlaySession("brussels_2026_settlement", seed=5, humans=["Ukraine"])
    session.advance()
    path = tmp_path / "old.json"
    session.save(path)
    data = json.loads(path.read_text())
    assert data["rules"] == RULES
    data["rules"] = RULES - 1
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(SaveFileError, match=f"rules v{RULES - 1}.*not give back the same game"):
        PlaySession.load(path)
    assert path.read_bytes() == before
