"""Rules of the table: ratification, events, walk-outs, mediation, tit-for-tat."""

from __future__ import annotations

import numpy as np

from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from sim.negotiation.results import Outcome
from tests.scenario_factory import WHY, party, scenario

LAND = {"land": {"question": "Who keeps the land?", "options": ["a", "split", "b"]}}
A_VALUES = {"land": {"a": 1.0, "split": 0.5, "b": 0.0}}
B_VALUES = {"land": {"a": 0.0, "split": 0.5, "b": 1.0}}


def records(s, seed: int = 0, **kw):
    neg = Negotiation(compile_game(s), seed, **kw)
    neg.run()
    return neg.recorder.records


def test_a_parliament_that_demands_more_than_the_deal_gives_blocks_it_every_time() -> None:
    rat = {"body": "Parliament", "min_utility": 0.9, "because": WHY}
    s = scenario(LAND, {"A": party({"land": 1.0}, A_VALUES, ratification=rat),
                        "B": party({"land": 1.0}, B_VALUES, budget=0.5)}, deadline=6,
                 first="A")
    log = records(s)
    votes = [r for r in log if r["type"] == "ratification"]
    assert votes and not any(v["approved"] for v in votes)
    assert "below the 0.90 it would ever approve" in votes[0]["reason"]
    assert log[-1]["kind"] == "deadline"


def test_a_ratification_vote_passes_or_fails_by_the_seed_alone() -> None:
    rat = {"body": "Referendum", "probability": 0.5, "because": WHY}
    s = scenario(LAND, {"A": party({"land": 1.0}, A_VALUES, ratification=rat),
                        "B": party({"land": 1.0}, B_VALUES)}, deadline=4, first="A")
    game = compile_game(s)
    first_votes = []
    for seed in range(40):
        log = records(s, seed)
        votes = [r["approved"] for r in log if r["type"] == "ratification"]
        first_votes.append(votes[0])
        assert records(s, seed) == log
    assert any(first_votes) and not all(first_votes)
    assert game.n_outcomes == 3


def test_a_walk_out_by_a_party_whose_consent_is_not_needed_lets_talks_go_on() -> None:
    s = scenario(LAND, {"A": party({"land": 1.0}, A_VALUES),
                        "B": party({"land": 1.0}, B_VALUES),
                        "C": party({"land": 1.0}, A_VALUES)},
                 deadline=8, first="A",
                 events=[{"kind": "walk_out", "party": "C", "at": 1}])
    s = s.model_copy(update={"consent": s.consent.model_copy(update={"required": ["A", "B"]})})
    log = records(s)
    assert any(r["type"] == "walk_out" and r["party"] == "C" for r in log)
    assert not any(r["type"] == "answer" and r["party"] == "C" and r["round"] >= 1 for r in log)
    assert log[-1]["kind"] == "deal"


def test_a_walk_out_by_a_required_party_ends_the_talks() -> None:
    s = scenario(LAND, {"A": party({"land": 1.0}, A_VALUES, budget=0.0),
                        "B": party({"land": 1.0}, B_VALUES, budget=0.0)}, deadline=8,
                 events=[{"kind": "walk_out", "party": "B", "at": 3}])
    result = Negotiation(compile_game(s), 0).run()
    assert result.kind[0] == Outcome.WALK_OUT and result.round[0] == 3 and result.walked[0] == 1


def test_an_event_that_widens_a_budget_lets_a_stuck_party_settle() -> None:
    # Parties that keep to their own schedules, so that only the budget decides.
    keep = {"responsiveness": 0.0}
    stuck = {"A": party({"land": 1.0}, A_VALUES, budget=0.0, style=keep),
             "B": party({"land": 1.0}, B_VALUES, budget=0.5, style=keep)}
    assert records(scenario(LAND, stuck, deadline=6))[-1]["kind"] == "deadline"
    widened = scenario(LAND, stuck, deadline=6,
                       events=[{"kind": "shift_budget", "party": "A", "at": 2, "by": 0.5}])
    log = records(widened)
    assert any(r["type"] == "event" and r["kind"] == "shift_budget" for r in log)
    assert log[-1]["kind"] == "deal"


def test_an_event_that_raises_an_option_value_changes_what_a_party_accepts() -> None:
    parties = {"A": party({"land": 1.0}, A_VALUES, budget=0.0),
               "B": party({"land": 1.0}, B_VALUES, budget=0.0)}
    shifted = scenario(LAND, parties, deadline=6, first="B", events=[
        {"kind": "shift_value", "party": "A", "at": 0, "issue": "land", "option": "b",
         "by": 1.0}])
    log = records(shifted)
    assert log[-1]["kind"] == "deal" and log[-1]["deal"] == {"land": "b"}


def test_a_neutral_mediator_finds_the_nash_point_of_a_symmetric_dispute() -> None:
    s = scenario(LAND, {"A": party({"land": 1.0}, A_VALUES, reservation=0.1),
                        "B": party({"land": 1.0}, B_VALUES, reservation=0.1)},
                 deadline=6, protocol="mediated")
    log = records(s)
    texts = [r for r in log if r["type"] == "offer"]
    assert texts[0]["party"] == "mediator" and texts[0]["outcome"] == {"land": "split"}
    assert log[-1]["kind"] == "deal" and log[-1]["deal"] == {"land": "split"}


def test_the_mediated_text_moves_toward_a_party_that_objects() -> None:
    issues = {"x": {"question": "Which x?", "range": {"start": 0, "stop": 10, "steps": 11}}}
    s = scenario(issues, {
        "A": party({"x": 1.0}, {"x": {"linear": [0.0, 1.0]}}, budget=0.2, pace="boulware"),
        "B": party({"x": 1.0}, {"x": {"linear": [1.0, 0.0]}}, budget=0.6)},
        deadline=10, protocol="mediated")
    texts = [int(r["outcome"]["x"]) for r in records(s) if r["type"] == "offer"]
    assert texts[0] == 5 and max(texts) > 5, "A keeps objecting, so texts drift toward A"


def test_tit_for_tat_concedes_only_after_the_other_side_does() -> None:
    issues = {"x": {"question": "Which x?", "range": {"start": 0, "stop": 10, "steps": 11}}}
    s = scenario(issues, {
        "A": party({"x": 1.0}, {"x": {"linear": [0.0, 1.0]}}, strategy="tit_for_tat"),
        "B": party({"x": 1.0}, {"x": {"linear": [1.0, 0.0]}}, strategy="hardliner")},
        deadline=20, first="A")
    offers = [(r["round"], int(r["outcome"]["x"])) for r in records(s)
              if r["type"] == "offer" and r["party"] == "A"]
    b_moves = [(r["round"], int(r["outcome"]["x"])) for r in records(s)
               if r["type"] == "offer" and r["party"] == "B"]
    first_b_move = next(rd for (rd, x), (_, prev) in zip(b_moves[1:], b_moves, strict=False)
                        if x != prev)
    assert all(x == 10 for rd, x in offers if rd <= first_b_move)
    assert offers[-1][1] < 10


def test_runs_in_a_batch_can_end_differently() -> None:
    s = scenario(LAND, {"A": party({"land": 1.0}, A_VALUES),
                        "B": party({"land": 1.0}, B_VALUES)}, deadline=6,
                 events=[{"kind": "walk_out", "party": "A", "at": 1, "chance": 0.5}])
    kinds = Negotiation(compile_game(s), np.arange(50), record=False).run().kind
    assert set(kinds.tolist()) == {Outcome.DEAL, Outcome.WALK_OUT}


def test_a_mediating_party_that_plays_tit_for_tat_still_mirrors_concessions() -> None:
    issues = {"x": {"question": "Which x?", "range": {"start": 0, "stop": 10, "steps": 11}}}
    s = scenario(issues, {
        "A": party({"x": 1.0}, {"x": {"linear": [0.0, 1.0]}}, budget=0.6),
        "B": party({"x": 1.0}, {"x": {"linear": [1.0, 0.0]}}, budget=0.6),
        "M": party({"x": 1.0}, {"x": {"linear": [0.0, 1.0]}}, budget=0.6,
                   strategy="tit_for_tat")},
        deadline=8, protocol="mediated")
    s = s.model_copy(update={"protocol": s.protocol.model_copy(update={"mediator": "M"})})
    wanted = [r["wanted"] for r in records(s) if r["type"] == "answer" and r["party"] == "M"]
    assert wanted[0] == 1.0 and min(wanted[:-1]) < 1.0, "M concedes as A and B do"
