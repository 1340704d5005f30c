"""Staged talks (issue 16): invariants over generated staged scenarios, and a known answer."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.negotiation.results import Outcome
from sim.negotiation.stages import StagedNegotiation, StagedPlan, run_staged
from sim.scenario.schema import Scenario
from sim.transcript.format import Record, to_jsonl
from tests.scenario_factory import party, scenario, stage
from tests.test_engine_properties import party_specs


@st.composite
def staged_scenarios(draw: st.DrawFn) -> Scenario:
    """Two or three stages: preconditions first, the main issues last, carry-over rules that
    fix, leave out, admit a mediator and shift numbers."""
    n_pre, n_main = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    n_stages = draw(st.sampled_from([2, 2, 3]))
    issues: dict[str, Any] = {}
    for k in range(n_pre + n_main + (1 if n_stages == 3 else 0)):
        name = f"p{k}" if k < n_pre else f"m{k}"
        issues[name] = {"question": f"Issue {name}?",
                        "options": [f"{name}o{j}" for j in range(draw(st.integers(2, 3)))]}
    pre = [i for i in issues if i.startswith("p")]
    main = [i for i in issues if i.startswith("m")]
    middle = main[:1] if n_stages == 3 else []
    last = [i for i in main if i not in middle]
    names = [f"P{k}" for k in range(draw(st.integers(2, 3)))]
    parties = {name: draw(party_specs(issues)) for name in names}
    stages = []
    groups = [pre, *([middle] if middle else []), last]
    for k, own in enumerate(groups):
        later = [i for g in groups[k + 1:] for i in g]
        rules = []
        if later:
            for _ in range(draw(st.integers(0, 2))):
                issue = draw(st.sampled_from(own))
                options = issues[issue]["options"]
                rule: dict[str, Any] = {"when": {issue: draw(st.lists(
                    st.sampled_from(options), min_size=1, max_size=len(options), unique=True))}}
                what = draw(st.sets(st.sampled_from(["fix", "leave", "mediator", "shift"]),
                                    min_size=1))
                if "fix" in what:
                    target = draw(st.sampled_from(later))
                    rule["fix"] = {target: draw(st.sampled_from(issues[target]["options"]))}
                if "leave" in what:
                    rule["leave"] = [draw(st.sampled_from(names))]
                if "mediator" in what:
                    rule["mediator"] = draw(st.sampled_from(["neutral", *names]))
                if "shift" in what:
                    rule["shift"] = {draw(st.sampled_from(names)): {
                        "reservation": draw(st.sampled_from([-0.2, 0.1, 0.3])),
                        "delay_cost": draw(st.sampled_from([0.0, 0.02]))}}
                rules.append(rule)
        over = {}
        if k < len(groups) - 1 and draw(st.booleans()):
            over = {draw(st.sampled_from(names)): {"reservation": draw(st.sampled_from(
                [0.0, 0.3, 0.6]))}}
        stages.append(stage(f"s{k}", own, deadline=draw(st.integers(2, 8)),
                            protocol=draw(st.sampled_from(["alternating", "mediated"])),
                            carry=rules, parties=over))
    required = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
    s = scenario(issues, parties, deadline=8, stages=stages)
    return s.model_copy(update={"consent": s.consent.model_copy(update={"required": required})})


PROPERTY = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def play(s: Scenario, seed: int) -> tuple[StagedNegotiation, list[Record]]:
    game = StagedNegotiation(StagedPlan(s), seed)
    game.run()
    return game, game.recorder.records


def stage_blocks(records: list[Record]) -> list[tuple[Record, list[Record], Record]]:
    """(stage record, its records, its ending) for each stage played."""
    blocks: list[tuple[Record, list[Record], Record]] = []
    opened: Record | None = None
    inside: list[Record] = []
    for record in records[1:]:
        if record["type"] == "stage":
            opened, inside = record, []
        elif record["type"] in ("stage_end", "outcome"):
            if opened is not None:
                blocks.append((opened, inside, record))
                opened = None
        else:
            inside.append(record)
    return blocks


def accepting(inside: list[Record], ending: Record) -> set[str]:
    """Who said yes to the deal: answers in its round, and the author of its offer."""
    final = [r for r in inside if r.get("round") == ending["round"]]
    yes = {r["party"] for r in final if r["type"] == "answer" and r["accept"]}
    offers = [r for r in final if r["type"] == "offer"]
    if offers and offers[-1]["party"] != "mediator":
        yes.add(offers[-1]["party"])
    return yes


@PROPERTY
@given(staged_scenarios(), st.integers(0, 2**32))
def test_no_stage_agrees_across_a_hard_red_line_of_a_party_that_accepted(s, seed) -> None:
    game, records = play(s, seed)
    for table, (opened, inside, ending) in zip(game.tables, stage_blocks(records), strict=True):
        assert opened["stage"] == table.stage.id
        if ending.get("kind") != "deal":
            continue
        deal = table.game.encode(ending["deal"])
        for name in accepting(inside, ending):
            # The stage's own lines, and the scenario's lines wherever the deal settles
            # every issue they name and this stage negotiated one of them (a line about
            # issues settled earlier is no longer this table's to cross).
            assert not table.game.hard[table.game.party_index(name), deal], (name, ending)
            chosen = ending["deal"]
            for line in s.parties[name].red_lines:
                if (line.kind == "hard" and all(i in chosen for i in line.condition)
                        and any(i in table.own for i in line.condition)):
                    assert not line.crossed_by(chosen), (name, line, chosen)


@PROPERTY
@given(staged_scenarios(), st.integers(0, 2**32))
def test_what_a_stage_agrees_is_fixed_in_every_later_stage(s, seed) -> None:
    game, records = play(s, seed)
    agreed: dict[str, str] = {}
    for k, (opened, inside, ending) in enumerate(stage_blocks(records)):
        assert opened["fixed"] == {i: o for i, o in agreed.items() if i in opened["fixed"]}
        assert set(agreed) <= set(opened["fixed"])
        for issue, option in opened["fixed"].items():
            assert game.tables[k].game.options[game.tables[k].game.issues.index(issue)] == \
                (option,)
        for offer in (r for r in inside if r["type"] == "offer"):
            assert all(offer["outcome"][i] == o for i, o in opened["fixed"].items())
        if ending.get("kind") == "deal":
            agreed.update(ending["deal"])
            for note in (game.tables[k + 1].carried.notes if k + 1 < len(game.tables) else ()):
                for issue, option in note.fix:  # what is fixed first stays fixed
                    agreed.setdefault(issue, option)
    if records[-1]["kind"] == "deal":
        assert records[-1]["deal"] == {i: records[-1]["deal"][i] for i in s.issues}
        assert all(records[-1]["deal"][i] == o for i, o in agreed.items())


@PROPERTY
@given(staged_scenarios(), st.integers(0, 2**32))
def test_a_stage_that_fails_ends_the_game_as_talks_never_opened(s, seed) -> None:
    game, records = play(s, seed)
    blocks = stage_blocks(records)
    last = len(s.stages or ())
    for k, (_, _, ending) in enumerate(blocks[:-1]):
        assert ending["type"] == "stage_end" and ending["kind"] == "deal", k
    ending = records[-1]
    assert ending["type"] == "outcome"
    failed = blocks[-1][2]
    if len(blocks) < last:
        assert failed["type"] == "stage_end" and failed["kind"] in ("deadline", "walk_out")
        assert ending["kind"] == "never_opened" and ending["deal"] is None
        assert ending["stage"] == blocks[-1][0]["stage"]
        assert game.kind[0] == Outcome.NEVER_OPENED
    else:
        assert ending["kind"] != "never_opened"


@PROPERTY
@given(staged_scenarios(), st.integers(0, 2**32))
def test_the_same_seed_gives_the_same_transcript(s, seed) -> None:
    assert to_jsonl(play(s, seed)[1]) == to_jsonl(play(s, seed)[1])


@PROPERTY
@given(staged_scenarios(), st.integers(0, 2**32))
def test_a_run_alone_equals_the_same_run_among_others(s, seed) -> None:
    plan = StagedPlan(s)
    seeds = np.arange(seed, seed + 12, dtype=np.uint64)
    batch = run_staged(plan, seeds)
    for i, one in enumerate(seeds):
        alone = StagedNegotiation(StagedPlan(s), int(one), record=False).run()
        for name in ("kind", "round", "deal", "walked", "stage_kind", "stage_round", "agreed",
                     "first", "pressed"):
            assert np.array_equal(getattr(alone, name)[0], getattr(batch, name)[i]), name
        for name in ("utility", "spent"):
            assert np.allclose(getattr(alone, name)[0], getattr(batch, name)[i], atol=0), name


def test_preconditions_raising_both_no_deal_values_leave_one_outcome_that_scripts_reach() -> None:
    """Known answer: agreeing to talk at all (stage 1) raises what no deal is worth to both
    sides from 0.2 to 0.5; on a five-step issue where each side's gain is the other's loss,
    the only outcome both can sign is then the middle one (three were before), and scripted
    parties find it: tit-for-tat holds out while the other gives nothing and settles for its
    floor in the last round."""
    issues = {"talk": {"question": "Do we open talks?", "options": ["no", "yes"]},
              "line": {"question": "Where is the line?", "options": list("abcde")}}
    def side(values: list[float]) -> dict[str, Any]:
        line = dict(zip("abcde", values, strict=True))
        return party({"talk": 0.0, "line": 1.0}, {"talk": {"no": 0.0, "yes": 1.0}, "line": line},
                     reservation=0.2, budget=0.5, strategy="tit_for_tat")
    parties = {"A": side([1.0, 0.75, 0.5, 0.25, 0.0]), "B": side([0.0, 0.25, 0.5, 0.75, 1.0])}
    raise_both = {"reservation": 0.3}
    s = scenario(issues, parties, deadline=12, stages=[
        stage("opening", ["talk"], deadline=4,
              parties={"A": {"cares": {"talk": 1.0}}, "B": {"cares": {"talk": 1.0}}},
              carry=[{"when": {"talk": ["yes"]}, "shift": {"A": raise_both, "B": raise_both},
                      "label": "Both sides have staked their credibility on the talks"}]),
        stage("settlement", ["line"])])
    plan = StagedPlan(s)
    for seed in range(20):
        game = StagedNegotiation(plan, seed)
        results = game.run()
        assert [t.stage.id for t in game.tables] == ["opening", "settlement"]
        settlement = game.tables[1]
        assert settlement.fixed == {"talk": "yes"}
        g = settlement.game
        assert game.reservation[0].tolist() == [0.5, 0.5]  # 0.2 before the talks opened
        zone = [o for o in range(g.n_outcomes)
                if all(g.effective[p, o] >= 0.5 - 1e-9 for p in range(2))]
        assert [g.decode(o) for o in zone] == [{"talk": "yes", "line": "c"}]
        assert results.kind[0] == Outcome.DEAL
        assert plan.whole.decode(int(results.deal[0])) == {"talk": "yes", "line": "c"}
        assert results.utility[0].tolist() == [0.5, 0.5]
        stage_line = next(r for r in game.recorder.records if r["type"] == "stage"
                          and r["stage"] == "settlement")
        assert stage_line["carried"][0]["shift"] == {"A": raise_both, "B": raise_both}


def test_reasons_name_the_stage() -> None:
    issues = {"talk": {"question": "Do we open talks?", "options": ["no", "yes"]},
              "line": {"question": "Where is the line?", "options": list("abc")}}
    parties = {n: party({"talk": 0.5, "line": 0.5}, {"talk": {"no": 0.0, "yes": 1.0},
                        "line": dict(zip("abc", v, strict=True))}, reservation=0.1, budget=0.5)
               for n, v in (("A", [1.0, 0.5, 0.0]), ("B", [0.0, 0.5, 1.0]))}
    s = scenario(issues, parties, stages=[stage("opening", ["talk"]),
                                          stage("main", ["line"])])
    _, records = play(s, 3)
    answers = [r for r in records if r["type"] == "answer"]
    assert answers and all(r["reason"].startswith("In the stage ") for r in answers)


def _staged_yaml(**changes: Any) -> str:
    import yaml

    issues = {"talk": {"question": "Do we open talks?", "options": ["no", "yes"]},
              "line": {"question": "Where is the line?", "options": ["a", "b"]}}
    parties = {n: party({"talk": 0.5, "line": 0.5}, {"talk": {"no": 0.0, "yes": 1.0},
                        "line": {"a": 1.0, "b": 0.0}}) for n in ("A", "B")}
    stages = [stage("opening", ["talk"], carry=[{"when": {"talk": ["yes"]},
                                                 "fix": {"line": "a"}}]),
              stage("main", ["line"])]
    data: dict[str, Any] = {
        "title": "Staged", "protocol": {"kind": "alternating", "deadline": 6},
        "consent": {"required": ["A", "B"], "because": {"assumption": "test scenario"}},
        "issues": issues, "parties": parties, "stages": stages}
    for path, value in changes.items():
        target: Any = data
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(keys[-1]) if keys[-1].isdigit() else keys[-1]] = value
    return yaml.safe_dump(data, sort_keys=False)


@pytest.mark.parametrize(("changes", "message"), [
    ({"stages.0.issues": ["talks"]}, "stages[0].issues[0]: unknown issue 'talks' (did you mean"),
    ({"stages.1.issues": ["talk"]}, "issue 'line' is negotiated in no stage"),
    ({"stages.0.carry.0.fix": {"talk": "no"}}, "'talk' is not an issue of a later stage"),
    ({"stages.0.carry.0.when": {"line": ["a"]}}, "'line' is not negotiated in this stage"),
    ({"stages.1.carry": [{"when": {"line": ["a"]}, "leave": ["A"],
                          "because": {"assumption": "x x x"}}]},
     "the last stage has no stage after it"),
    ({"stages.0.carry.0.mediator": "Narnia"}, "unknown party 'Narnia'"),
    ({"stages": [stage("only", ["talk", "line"])]}, "staged talks need at least two stages"),
    ({"stages.0.parties": {"A": {"reservation": 0.4}}}, "`because` lacks: reservation"),
])
def test_a_wrong_stage_is_a_located_one_line_error(changes: dict[str, Any],
                                                   message: str) -> None:
    from sim.scenario.loader import ScenarioError, parse_scenario

    with pytest.raises(ScenarioError) as caught:
        parse_scenario(_staged_yaml(**changes), source="staged.yaml")
    lines = str(caught.value).splitlines()[1:]
    assert any(message in line and line.strip().startswith("staged.yaml:") for line in lines), \
        str(caught.value)
