"""People at the table, played by hypothesis: whatever they decide, the rules hold."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.actors.human import Decision, DecisionError
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from sim.transcript.format import to_jsonl
from tests.test_engine_properties import scenarios


def play_randomly(game: Any, seed: int, humans: tuple[str, ...],
                  choices: st.DataObject) -> tuple[Negotiation, list[Decision], int]:
    """Drive a game with random decisions; return it, the decisions taken and the refusals."""
    neg = Negotiation(game, seed, humans=humans)
    taken: list[Decision] = []
    refused = 0
    request = neg.advance()
    while request is not None:
        if request.kind == "propose":
            offer = {issue: choices.draw(st.sampled_from(game.options[i]))
                     for i, issue in enumerate(game.issues)}
            decision = choices.draw(st.sampled_from(
                [Decision.propose(offer)] * 4 + [Decision.walk_out()]))
        else:
            decision = choices.draw(st.sampled_from(
                [Decision.accept(), Decision.reject(), Decision.accept(), Decision.walk_out()]))
        try:
            neg.decide(decision)
        except DecisionError:
            refused += 1
            hard = [line for line in game.crossed_lines(
                request.party, game.encode(decision.offer or request.offer or {}))
                if line.kind == "hard"]
            assert hard, "only a hard red line may refuse a well-formed decision"
            assert neg.pending == request, "a refused decision changes nothing"
            neg.decide(Decision.reject() if request.kind == "respond" else Decision.walk_out())
            decision = Decision.reject() if request.kind == "respond" else Decision.walk_out()
        taken.append(decision)
        request = neg.advance()
    return neg, taken, refused


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.integers(0, 2**32), st.data())
def test_whatever_people_decide_the_game_ends_and_no_one_accepts_across_a_hard_line(
        s, seed, data) -> None:
    game = compile_game(s)
    humans = tuple(data.draw(st.lists(st.sampled_from(game.parties), min_size=1,
                                      max_size=2, unique=True)))
    neg, taken, _ = play_randomly(game, seed, humans, data)
    assert neg.finished
    outcome = neg.recorder.records[-1]
    assert outcome["type"] == "outcome" and outcome["round"] <= s.protocol.deadline
    if outcome["kind"] == "deal":
        deal = game.encode(outcome["deal"])
        last = [r for r in neg.recorder.records if r.get("round") == outcome["round"]]
        said_yes = {r["party"] for r in last if r["type"] == "answer" and r["accept"]}
        said_yes.add(next(r for r in reversed(last) if r["type"] == "offer")["party"])
        for name in said_yes & set(game.parties):
            assert not game.hard[game.party_index(name), deal], f"{name} accepted across a line"
    # The same decisions replay into the same transcript, byte for byte.
    again = Negotiation(game, seed, humans=humans)
    for decision in taken:
        assert again.advance() is not None
        again.decide(decision)
    assert again.advance() is None
    assert to_jsonl(again.recorder.records) == to_jsonl(neg.recorder.records)
