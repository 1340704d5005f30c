"""Engine invariants over generated scenarios (hypothesis)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.actors.mediator import known_lines
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from sim.negotiation.results import Outcome
from sim.scenario.schema import STRATEGIES
from sim.transcript.format import to_jsonl
from tests.scenario_factory import WHY, party, scenario

PACES = st.sampled_from(["boulware", "linear", "conceder", 0.5, 2.0])
STRATEGY = st.sampled_from(STRATEGIES)
unit = st.floats(0.0, 1.0, allow_nan=False).map(lambda x: round(x, 3))


@st.composite
def scenarios(draw: st.DrawFn) -> Any:
    n_issues = draw(st.integers(1, 3))
    issues = {f"i{k}": {"question": f"Issue {k}?",
                        "options": [f"o{j}" for j in range(draw(st.integers(2, 4)))]}
              for k in range(n_issues)}
    names = [f"P{k}" for k in range(draw(st.integers(2, 4)))]
    parties = {name: draw(party_specs(issues)) for name in names}
    if draw(st.booleans()):
        clash(draw, issues, parties)
    deadline = draw(st.integers(2, 14))
    events = draw(st.lists(event_specs(names, deadline), max_size=3))
    required = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
    kind = draw(st.sampled_from(["alternating", "mediated"]))
    s = scenario(issues, parties, deadline=deadline, protocol=kind, events=events)
    # Under `mediated`, a neutral broker or one of the parties drafts the texts.
    mediator = draw(st.sampled_from([None, *names])) if kind == "mediated" else None
    return s.model_copy(update={
        "consent": s.consent.model_copy(update={"required": required}),
        "protocol": s.protocol.model_copy(update={"mediator": mediator})})


def clash(draw: st.DrawFn, issues: dict[str, Any], parties: dict[str, Any]) -> None:
    """Give two parties public hard lines on one issue that exclude each other, so that no
    outcome avoids every public hard line (each party alone still has outcomes it accepts)."""
    first, second = draw(st.lists(st.sampled_from(sorted(parties)), min_size=2, max_size=2,
                                  unique=True))
    issue = draw(st.sampled_from(sorted(issues)))
    options = issues[issue]["options"]
    crossing = draw(st.lists(st.sampled_from(options), min_size=1, max_size=len(options) - 1,
                             unique=True))
    rest = [o for o in options if o not in crossing]
    for name, line in ((first, crossing), (second, rest)):
        kept = [old for old in parties[name]["red_lines"] if issue not in old.get("hard", {})]
        parties[name]["red_lines"] = [*kept, {"hard": {issue: line}, "public": True,
                                              "label": f"{name}'s line on {issue}",
                                              "because": WHY}]


@st.composite
def party_specs(draw: st.DrawFn, issues: dict[str, Any]) -> dict[str, Any]:
    raw = [draw(st.integers(1, 10)) for _ in issues]
    weights = [w / sum(raw) for w in raw]
    weights[-1] = 1.0 - sum(weights[:-1])
    values = {name: {o: draw(unit) for o in spec["options"]} for name, spec in issues.items()}
    lines = []
    for name, spec in issues.items():
        kind = draw(st.sampled_from([None, "hard", "soft"]))
        if kind is None:
            continue
        # Never every option: a party must have something it can accept.
        crossing = draw(st.lists(st.sampled_from(spec["options"]), min_size=1,
                                 max_size=len(spec["options"]) - 1, unique=True))
        line: dict[str, Any] = {kind: {name: crossing}}
        if kind == "soft":
            line["cost"] = draw(unit)
        line["public"] = draw(st.booleans())
        lines.append(line)
    hard = [line for line in lines if "hard" in line]
    if len(hard) == len(issues):
        lines.remove(hard[0])  # hard lines on every issue could rule out every outcome
    return party(dict(zip(issues, weights, strict=True)), values, reservation=draw(unit),
                 budget=draw(unit), pace=draw(PACES), strategy=draw(STRATEGY),
                 red_lines=lines)


@st.composite
def event_specs(draw: st.DrawFn, names: list[str], deadline: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(["shift_reservation", "shift_budget", "walk_out"]))
    spec: dict[str, Any] = {"kind": kind, "party": draw(st.sampled_from(names)),
                            "at": draw(st.integers(0, deadline - 1)),
                            "chance": draw(st.sampled_from([0.5, 1.0]))}
    if kind != "walk_out":
        spec["by"] = draw(st.floats(-0.3, 0.3).map(lambda x: round(x, 3)))
    return spec


PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def play(s: Any, seed: int) -> tuple[Negotiation, list[dict[str, Any]]]:
    neg = Negotiation(compile_game(s), seed)
    neg.run()
    return neg, neg.recorder.records


@PROPERTY
@given(scenarios(), st.integers(0, 2**32))
def test_no_deal_crosses_a_hard_red_line_of_a_party_that_accepted_it(s, seed) -> None:
    neg, records = play(s, seed)
    game = neg.game
    outcome = records[-1]
    if outcome["kind"] != "deal":
        return
    deal = game.encode(outcome["deal"])
    final = [r for r in records if r.get("round") == outcome["round"]]
    offer = next(r for r in reversed(final) if r["type"] == "offer")
    accepted = {r["party"] for r in final if r["type"] == "answer" and r["accept"]}
    accepted.add(offer["party"])
    for name in accepted | set(s.consent.required) - {"mediator"}:
        if name in game.parties and neg.active[0, game.party_index(name)]:
            assert not game.hard[game.party_index(name), deal], f"{name} crossed a hard line"


@PROPERTY
@given(scenarios(), st.integers(0, 2**32))
def test_no_scripted_party_spends_more_than_its_budget(s, seed) -> None:
    neg, records = play(s, seed)
    game = neg.game
    for p, name in enumerate(game.parties):
        budget = most = s.parties[name].budget.total
        for r in records:
            if r["type"] == "event" and r["kind"] == "shift_budget" and r["party"] == name:
                budget = min(max(budget + r["by"], 0.0), 1.0)
                most = max(most, budget)
        assert neg.results().spent[0, p] <= most + 1e-9


@PROPERTY
@given(scenarios(), st.integers(0, 2**32))
def test_a_mediator_notes_its_text_exactly_when_no_text_avoids_the_lines_it_knows(s, seed,
                                                                                   ) -> None:
    if s.protocol.kind != "mediated":
        return
    neg, records = play(s, seed)
    game = neg.game
    seat = game.party_index(s.protocol.mediator) if s.protocol.mediator else -1
    lines = known_lines(game, seat)
    crossing = np.sum([line.crossed for line in lines], axis=0) if lines else \
        np.zeros(game.n_outcomes)
    stuck = bool((crossing > 0).all())
    # A mediating party never drafts across its own hard lines, even then.
    own = game.hard[seat] if seat >= 0 else np.zeros(game.n_outcomes, dtype=bool)
    for offer in (r for r in records if r["type"] == "offer"):
        assert ("note" in offer) == stuck
        if stuck:
            text = game.encode(offer["outcome"])
            assert not own[text] and crossing[text] == crossing[~own].min()


@PROPERTY
@given(scenarios(), st.integers(0, 2**32))
def test_every_run_ends_by_the_deadline(s, seed) -> None:
    result = Negotiation(compile_game(s), np.arange(seed, seed + 8), record=False).run()
    assert (result.kind != Outcome.RUNNING).all()
    assert (result.round <= s.protocol.deadline).all()


@PROPERTY
@given(scenarios(), st.integers(0, 2**32))
def test_the_same_seed_gives_the_same_transcript(s, seed) -> None:
    assert to_jsonl(play(s, seed)[1]) == to_jsonl(play(s, seed)[1])


@PROPERTY
@given(scenarios(), st.integers(0, 2**32))
def test_a_run_alone_and_in_a_batch_agree_on_generated_scenarios(s, seed) -> None:
    game = compile_game(s)
    seeds = np.arange(seed, seed + 5)
    batch = Negotiation(game, seeds, record=False).run()
    for k, one in enumerate(seeds):
        alone = Negotiation(game, int(one), record=False).run()
        assert (batch.kind[k], batch.deal[k], batch.round[k]) == \
            (alone.kind[0], alone.deal[0], alone.round[0])
