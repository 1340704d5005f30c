"""A teacher's hand in a game (issue 15): injects acting from the next round, stand-ins' moves
marked as such, a game ended at a set time; all of it replayed from the transcript alone."""

from __future__ import annotations

import numpy as np
import pytest

from sim.classroom.stand_in import StandIn, Temperament
from sim.negotiation.injects import (
    Inject,
    InjectError,
    inject_of_record,
    inject_record,
    scenario_event,
    teacher_event,
)
from sim.play.session import STAND_IN, PlaySession
from sim.report.source import scenario_for
from sim.report.verify import TamperedTranscript, check_replays

SCENARIO = "brussels_2026"
PEOPLE = ("EU", "Russia")


def played(moves: int, seed: int = 3) -> tuple[PlaySession, dict[str, StandIn]]:
    """A game with two people's sides played by stand-ins for `moves` decisions."""
    session = PlaySession(SCENARIO, seed=seed, humans=PEOPLE)
    players = {side: StandIn(session, side, Temperament.draw(np.random.default_rng(k)))
               for k, side in enumerate(PEOPLE)}
    request = session.advance()
    for _ in range(moves):
        assert request is not None
        request = session.decide(players[request.party].decide(request))
    return session, players


def finish(session: PlaySession, players: dict[str, StandIn], stand_in: bool = False) -> None:
    request = session.request
    while request is not None:
        request = session.decide(players[request.party].decide(request), stand_in=stand_in)


def replays(session: PlaySession) -> None:
    records = [dict(r) for r in session.records]
    check_replays(records, scenario_for(records[0], None, "game"), "game")


def reservation(session: PlaySession, side: str) -> float:
    return float(session.table.reservation[0, session.game.party_index(side)])


def test_an_inject_changes_a_reservation_from_the_next_round_and_replays() -> None:
    session, players = played(3)
    twin, twin_players = played(3)
    sent = session.round
    session.inject(Inject(sent + 1, teacher_event(session.game, "shift_reservation", "Ukraine",
                                                  sent + 1, by=0.1)))
    record = session.records[-1]
    assert record["source"] == "teacher" and record["round"] == sent
    assert record["from_round"] == sent + 1 and record["by"] == 0.1
    assert reservation(session, "Ukraine") == reservation(twin, "Ukraine")  # not yet
    while session.round == sent and session.request is not None:
        request = session.request
        session.decide(players[request.party].decide(request))
        twin.decide(twin_players[request.party].decide(request))
    if not session.finished:
        assert reservation(session, "Ukraine") == pytest.approx(
            reservation(twin, "Ukraine") + 0.1)
    finish(session, players)
    replays(session)


def test_an_edited_inject_is_caught_by_the_replay() -> None:
    session, players = played(2)
    session.inject(Inject(session.round + 1, teacher_event(
        session.game, "shift_budget", "US", session.round + 1, by=-0.2)))
    finish(session, players)
    records = [dict(r) for r in session.records]
    sent = next(k for k, r in enumerate(records) if r.get("source") == "teacher")
    records[sent]["by"] = 0.3
    # An inject is an input, as a person's decision is: the replay follows it, and the game
    # it gives no longer matches what was recorded after it.
    with pytest.raises(TamperedTranscript, match="changed after the game"):
        check_replays(records, scenario_for(records[0], None, "game"), "game")


def test_an_inject_must_act_in_a_round_still_to_come() -> None:
    session, _ = played(1)
    now = session.round
    with pytest.raises(InjectError, match="a round still to come"):
        session.inject(Inject(now, teacher_event(session.game, "walk_out", "US", now)))
    with pytest.raises(InjectError, match="no side 'Narnia'"):
        teacher_event(session.game, "walk_out", "Narnia", now + 1)
    with pytest.raises(InjectError, match="by"):
        teacher_event(session.game, "shift_budget", "US", now + 1, by=3.0)
    event = scenario_event(session.game, 0, now + 1)
    assert event.at == now + 1 and event.chance == 1.0
    record = inject_record(Inject(now + 1, event), now)
    back = inject_of_record(record).spec
    assert back.model_dump(exclude={"because"}) == event.model_dump(exclude={"because"})


def test_a_stand_ins_moves_are_marked_in_the_transcript_and_replay() -> None:
    session, players = played(0)
    finish(session, players, stand_in=True)
    marked = [r for r in session.records if r.get("stand_in")]
    people = [r for r in session.records if r.get("party") in PEOPLE
              and r["type"] in ("offer", "answer")]
    assert marked and marked == people
    assert all(STAND_IN in r["reason"] for r in marked if r["type"] == "answer")
    replays(session)
    records = [dict(r) for r in session.records]
    first = records.index(marked[0])
    del records[first]["stand_in"]
    with pytest.raises(TamperedTranscript):
        check_replays(records, scenario_for(records[0], None, "game"), "game")


def test_a_game_ended_at_the_set_time_ends_as_a_deadline_and_replays() -> None:
    session, _ = played(5)
    session.close()
    outcome = session.records[-1]
    assert session.finished and outcome["type"] == "outcome"
    assert outcome["ended_by"] == "teacher" and outcome["deal"] is None
    assert outcome["kind"] in ("deadline", "never_opened")
    replays(session)


def test_what_if_continuations_carry_the_news_already_sent() -> None:
    session, _ = played(4)
    calm = session.what_if(30, 1)
    session.inject(Inject(session.round + 1, teacher_event(
        session.game, "shift_reservation", "Russia", session.round + 1, by=0.6)))
    stormy = session.what_if(30, 1)
    # Russia's alternative to a deal is now better than nearly any text: fewer deals.
    assert (stormy.deal >= 0).sum() <= (calm.deal >= 0).sum()
    assert not np.array_equal(stormy.utility, calm.utility)


@pytest.mark.parametrize("difficulty", ["hard_line", "cooperative"])
def test_scripted_sides_lean_to_one_end_of_their_ranges_and_people_keep_their_numbers(
        difficulty: str) -> None:
    from sim.scenario.grounding import SPREAD, grounding

    written = PlaySession(SCENARIO, seed=3, humans=PEOPLE)
    leaning = PlaySession(SCENARIO, seed=3, humans=PEOPLE, difficulty=difficulty)
    firm = 1 if difficulty == "hard_line" else -1
    for side in written.game.parties:
        before, after = reservation(written, side), reservation(leaning, side)
        if side in PEOPLE:
            assert after == before
        else:
            party = written.game.scenario.parties[side]  # in staged talks, the stage's
            spread = SPREAD[grounding(party.because.get("reservation"))]
            assert after == pytest.approx(min(max(before + firm * spread, 0.0), 1.0))
    players = {side: StandIn(leaning, side, Temperament.draw(np.random.default_rng(k)))
               for k, side in enumerate(PEOPLE)}
    leaning.advance()
    finish(leaning, players)
    assert leaning.records[0]["difficulty"] == difficulty
    replays(leaning)
    with pytest.raises(ValueError, match="difficulty 'brutal'"):
        PlaySession(SCENARIO, seed=3, humans=PEOPLE, difficulty="brutal")
