"""Events never take a person's decision, and a class can switch chance events off."""

from __future__ import annotations

import yaml
from scenario_factory import party, scenario

from sim.actors.human import Decision
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from sim.play.session import PlaySession

LAND = {"land": {"question": "Who holds the land?", "options": ["a", "b", "c"]}}
A_VALUES = {"land": {"a": 1.0, "b": 0.5, "c": 0.0}}
B_VALUES = {"land": {"a": 0.0, "b": 0.5, "c": 1.0}}


def walk_out_scenario(**event: object):
    spec = {"kind": "walk_out", "party": "A", "at": 1, **event}
    return scenario(LAND, {"A": party({"land": 1.0}, A_VALUES, budget=0.0),
                           "B": party({"land": 1.0}, B_VALUES, budget=0.0)},
                    deadline=6, events=[spec])


def play_rejecting(neg: Negotiation) -> list[dict]:
    request = neg.advance()
    while request is not None:
        neg.decide(Decision.reject() if request.kind == "respond"
                   else Decision.propose({"land": "a"}))
        request = neg.advance()
    return neg.recorder.records


def test_a_walk_out_event_on_a_side_a_person_plays_never_happens() -> None:
    game = compile_game(walk_out_scenario())
    scripted = Negotiation(game, 1).run()
    assert scripted.walked[0] == 0  # the scripted side walks out in round 1
    records = play_rejecting(Negotiation(game, 1, humans=["A"]))
    assert not any(r["type"] in ("walk_out", "event") for r in records)
    assert records[-1]["kind"] == "deadline"


def test_chance_events_can_be_switched_off_and_a_save_remembers_it(tmp_path) -> None:
    path = tmp_path / "s.yaml"
    game = compile_game(walk_out_scenario(at=None, between=[1, 2], chance=1.0))
    assert Negotiation(game, 1).run().walked[0] == 0
    quiet = Negotiation(game, 1, random_events=False).run()
    assert quiet.walked[0] == -1
    path.write_text(yaml.safe_dump(game.scenario.model_dump(mode="json", exclude_defaults=True),
                                   sort_keys=False))
    session = PlaySession(path, seed=1, humans=["B"], random_events=False)
    session.advance()
    session.save(tmp_path / "game.json")
    again = PlaySession.load(tmp_path / "game.json")
    assert again.random_events is False
