"""When the sides' hard red lines exclude each other: validate warns, explain shows an empty
zone of agreement, the mediator tables the text crossing the fewest lines and says so, and no
one (a mediating party included) spends more than its budget (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from sim.actors.human import Decision
from sim.negotiation.engine import Negotiation
from sim.negotiation.game import compile_game
from sim.scenario.checks import agreement_zone, no_deal_reason
from sim.scenario.loader import load_with_warnings, parse_scenario, parse_with_warnings
from sim.scenario.schema import Scenario
from tests.conftest import parley
from tests.scenario_factory import WHY, party

GUARANTEE = "written no-job-loss guarantee"
NO_GUARANTEE = "no guarantee against compulsory job losses"
NO_FREEZE = "no pay freeze"

ISSUES = {
    "jobs": {"question": "What does the employer promise on jobs?",
             "options": ["written_guarantee", "verbal_assurance", "none"]},
    "pay": {"question": "How much do wages rise?", "options": ["freeze", "two", "four"]},
}


def union(**extra: Any) -> dict[str, Any]:
    return party({"jobs": 0.6, "pay": 0.4},
                 {"jobs": {"written_guarantee": 1.0, "verbal_assurance": 0.4, "none": 0.0},
                  "pay": {"freeze": 0.0, "two": 0.5, "four": 1.0}},
                 red_lines=[{"hard": {"jobs": ["verbal_assurance", "none"]}, "label": GUARANTEE},
                            {"hard": {"pay": ["freeze"]}, "label": NO_FREEZE}],
                 **{"reservation": 0.2, "budget": 0.4, **extra})


def employer(**extra: Any) -> dict[str, Any]:
    return party({"jobs": 0.5, "pay": 0.5},
                 {"jobs": {"written_guarantee": 0.0, "verbal_assurance": 0.6, "none": 1.0},
                  "pay": {"freeze": 1.0, "two": 0.6, "four": 0.0}},
                 red_lines=[{"hard": {"jobs": ["written_guarantee"]}, "label": NO_GUARANTEE}],
                 **{"reservation": 0.2, "budget": 0.4, **extra})


def conciliator(budget: float = 0.1) -> dict[str, Any]:
    """A conciliation service: it cares only that the two sides meet in the middle."""
    return party({"jobs": 0.5, "pay": 0.5},
                 {"jobs": {"written_guarantee": 0.3, "verbal_assurance": 1.0, "none": 0.3},
                  "pay": {"freeze": 0.0, "two": 1.0, "four": 0.3}},
                 reservation=0.1, budget=budget, pace="conceder")


def text(parties: dict[str, Any], *, protocol: str = "alternating",
         mediator: str | None = None, required: list[str] | None = None,
         at_least: int | None = None, deadline: int = 8,
         issues: dict[str, Any] | None = None) -> str:
    consent: dict[str, Any] = {"required": required if required is not None else list(parties),
                               "because": WHY}
    if at_least is not None:
        consent["at_least"] = at_least
    data = {"title": "Labour dispute", "protocol": {"kind": protocol, "deadline": deadline,
                                                    "mediator": mediator},
            "consent": consent, "issues": issues or ISSUES, "parties": parties}
    return yaml.safe_dump(data, sort_keys=False)


def labour(protocol: str = "alternating", mediator: str | None = None,
           conciliator_budget: float = 0.1) -> Scenario:
    parties = {"Union": union(), "Employer": employer()}
    if mediator is not None:
        parties["Conciliation"] = conciliator(conciliator_budget)
    return parse_scenario(text(parties, protocol=protocol, mediator=mediator,
                               required=["Union", "Employer"]))


# --------------------------------------------------------------------------- validate


def test_validate_warns_naming_both_lines_and_still_passes(tmp_path: Path) -> None:
    path = tmp_path / "labour.yaml"
    path.write_text(text({"Union": union(), "Employer": employer()}), encoding="utf-8")
    proc = parley("validate", str(path))
    out = " ".join(proc.stdout.split())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok, with 1 warning" in out
    assert (f"{path}:6: consent: no deal is possible: Union's '{GUARANTEE}' and Employer's "
            f"'{NO_GUARANTEE}' leave no outcome both can sign") in out
    assert NO_FREEZE not in out  # only the lines that collide are named
    assert "Traceback" not in proc.stderr


def test_a_scenario_with_room_for_a_deal_validates_without_warnings(tmp_path: Path) -> None:
    path = tmp_path / "labour.yaml"
    softer = employer()
    softer["red_lines"] = []
    path.write_text(text({"Union": union(), "Employer": softer}), encoding="utf-8")
    assert load_with_warnings(path)[1] == []
    proc = parley("validate", str(path))
    assert proc.returncode == 0 and "warning" not in proc.stdout and ": ok —" in proc.stdout


def test_only_the_parties_whose_yes_a_deal_needs_count() -> None:
    # The employer's line still collides with the union's, but its yes is not needed.
    parties = {"Union": union(), "Employer": employer()}
    assert parse_with_warnings(text(parties, required=["Union"]))[1] == []
    # Once at_least asks for both yeses, it counts again.
    _, warnings = parse_with_warnings(text(parties, required=["Union"], at_least=2))
    assert len(warnings) == 1 and warnings[0].warning and warnings[0].field == "consent"
    assert f"Union's '{GUARANTEE}' and Employer's '{NO_GUARANTEE}'" in warnings[0].reason


def test_at_least_warns_only_when_no_group_of_enough_parties_can_sign() -> None:
    third = party({"jobs": 0.5, "pay": 0.5},
                  {"jobs": {"written_guarantee": 0.5, "verbal_assurance": 1.0, "none": 0.5},
                   "pay": {"freeze": 0.5, "two": 1.0, "four": 0.5}},
                  red_lines=[{"hard": {"jobs": ["written_guarantee"]}, "label": "no promises"}])
    parties = {"Union": union(), "Employer": employer(), "Council": third}
    s = parse_scenario(text(parties, required=["Union"], at_least=2))
    reason = no_deal_reason(s)
    assert reason is not None
    assert "needs 2 yeses, but Union and any 1 other party" in reason
    assert f"with Employer, Union's '{GUARANTEE}' and Employer's '{NO_GUARANTEE}'" in reason
    assert f"with Council, Union's '{GUARANTEE}' and Council's 'no promises'" in reason
    third["red_lines"] = []
    s = parse_scenario(text(parties, required=["Union"], at_least=2))
    assert no_deal_reason(s) is None  # the council can sign with the union


def test_three_lines_that_collide_only_together_are_all_named() -> None:
    issues = {"seat": {"question": "Who chairs?", "options": ["a", "b", "c"]}}
    values = {"seat": {"a": 1.0, "b": 0.5, "c": 0.0}}
    parties = {name: party({"seat": 1.0}, values,
                           red_lines=[{"hard": {"seat": [option]}, "label": f"not {option}"}])
               for name, option in (("A", "a"), ("B", "b"), ("C", "c"))}
    _, warnings = parse_with_warnings(text(parties, issues=issues))
    assert len(warnings) == 1
    assert ("A's 'not a', B's 'not b' and C's 'not c' leave no outcome all 3 can sign"
            in warnings[0].reason)


# --------------------------------------------------------------------------- explain


def test_explain_shows_an_empty_zone_of_agreement(tmp_path: Path) -> None:
    path = tmp_path / "labour.yaml"
    path.write_text(text({"Union": union(), "Employer": employer()}), encoding="utf-8")
    proc = parley("explain", str(path))
    out = " ".join(proc.stdout.split())
    assert proc.returncode == 0, proc.stderr
    assert "Zone of possible agreement: 0 of 9 outcomes" in out
    assert f"No deal is possible: Union's '{GUARANTEE}' and Employer's '{NO_GUARANTEE}'" in out


def test_explain_counts_the_zone_on_hard_lines_and_on_reservation_values(tmp_path) -> None:
    softer = employer(reservation=0.55)
    softer["red_lines"] = []
    path = tmp_path / "labour.yaml"
    path.write_text(text({"Union": union(), "Employer": softer}), encoding="utf-8")
    # Clear of the union's hard lines: a written guarantee with a rise of two or four (2 of 9).
    # Worth 0.55 to the employer: neither (0.30 and 0.00), so 0 on reservation values.
    assert agreement_zone(load_with_warnings(path)[0]) == (9, 2, 0)
    out = " ".join(parley("explain", str(path)).stdout.split())
    assert "Zone of possible agreement: 2 of 9 outcomes" in out
    assert "0 of them also give each of those parties at least its reservation value" in out


# --------------------------------------------------------------------------- the mediator


def public_lines_crossed(game, outcome: int) -> int:
    return sum(line.kind == "hard" and line.public
               for name in game.parties for line in game.crossed_lines(name, outcome))


@pytest.mark.parametrize("mediator", ["Conciliation", None])
def test_with_nothing_admissible_the_mediator_tables_the_text_crossing_fewest_lines(
        mediator: str | None) -> None:
    s = labour("mediated", mediator)
    game = compile_game(s)
    fewest = min(public_lines_crossed(game, o) for o in range(game.n_outcomes))
    assert fewest == 1
    # Outcome 0 (a written guarantee and a pay freeze) crosses two lines: no default to it.
    assert public_lines_crossed(game, 0) == 2
    neg = Negotiation(game, 3)
    neg.run()
    offers = [r for r in neg.recorder.records if r["type"] == "offer"]
    assert len(offers) == s.protocol.deadline
    for offer in offers:
        outcome = game.encode(offer["outcome"])
        assert public_lines_crossed(game, outcome) == fewest
        crossed = [f"{name}'s '{line.label}'" for name in game.parties
                   for line in game.crossed_lines(name, outcome)]
        assert offer["note"] == ("No text avoids every side's public red lines; this one "
                                 f"crosses the fewest (1): {crossed[0]}.")
    assert neg.recorder.records[-1]["kind"] == "deadline"


def test_a_mediator_with_admissible_texts_adds_no_note() -> None:
    softer = employer()
    softer["red_lines"] = []
    s = parse_scenario(text({"Union": union(), "Employer": softer,
                             "Conciliation": conciliator()}, protocol="mediated",
                            mediator="Conciliation", required=["Union", "Employer"]))
    neg = Negotiation(compile_game(s), 3)
    neg.run()
    offers = [r for r in neg.recorder.records if r["type"] == "offer"]
    assert offers and not any("note" in r for r in offers)


def test_a_mediator_never_reads_a_private_line_of_another_party() -> None:
    hidden = union()
    hidden["red_lines"][0]["public"] = False
    s = parse_scenario(text({"Union": hidden, "Employer": employer(),
                             "Conciliation": conciliator()}, protocol="mediated",
                            mediator="Conciliation", required=["Union", "Employer"]))
    neg = Negotiation(compile_game(s), 3)
    neg.run()
    # Without the union's guarantee line it can see, a text that avoids every public line
    # exists (no guarantee, a rise): no note, and it never sees the hidden line to name it.
    offers = [r for r in neg.recorder.records if r["type"] == "offer"]
    assert offers and not any("note" in r for r in offers)


# --------------------------------------------------------------------------- budgets


@pytest.mark.parametrize("protocol,mediator", [("alternating", None), ("mediated", None),
                                               ("mediated", "Conciliation")])
@pytest.mark.parametrize("seed", range(4))
def test_no_party_spends_more_than_its_budget_when_no_deal_is_possible(
        protocol: str, mediator: str | None, seed: int) -> None:
    # Under alternating offers the conciliation service proposes like any party.
    s = parse_scenario(text({"Union": union(), "Employer": employer(),
                             "Conciliation": conciliator(0.1)}, protocol=protocol,
                            mediator=mediator, required=["Union", "Employer"]))
    neg = Negotiation(compile_game(s), seed)
    spent = neg.run().spent[0]
    for p, name in enumerate(neg.game.parties):
        assert spent[p] <= s.parties[name].budget.total + 1e-9, name


def test_a_person_who_mediates_is_charged_for_the_text_that_is_their_yes() -> None:
    s = labour("mediated", "Conciliation")
    neg = Negotiation(compile_game(s), 0, humans=["Conciliation"])
    request = neg.advance()
    assert request is not None and request.kind == "propose"
    text_ = {"jobs": "written_guarantee", "pay": "freeze"}
    neg.decide(Decision.propose(text_))
    neg.advance(until=1)
    seat = neg.game.party_index("Conciliation")
    worth = neg.game.effective[seat, neg.game.encode(text_)]
    ideal = neg.game.effective[seat].max()
    assert np.isclose(neg.results().spent[0, seat], ideal - worth)


# --------------------------------------------------------------------------- derive


DOCKS = ("Talks between the Dock Workers Union and the Port Employers Association resumed.\n\n"
         "The Dock Workers Union is demanding an 11% pay rise. The Port Employers Association "
         "has offered a 4% pay rise.\n\n"
         "\"We will not accept anything below eight percent,\" the union's secretary, Sipho "
         "Ndlovu, said.\n\n"
         "\"Under no circumstances will we pay more than four percent,\" the association's "
         "chairman, Pieter de Wet, said.\n")


def test_derive_says_no_deal_was_possible_naming_both_lines_and_drafts_one_that_is(
        tmp_path: Path) -> None:
    article = tmp_path / "docks.txt"
    article.write_text(DOCKS, encoding="utf-8")
    out = tmp_path / "draft" / "docks.yaml"
    proc = parley("derive", str(article), "-o", str(out))
    said = " ".join(proc.stdout.split())
    assert proc.returncode == 0, proc.stderr
    assert ("no deal was possible: Dock Workers Union's 'We will not accept anything below "
            "eight percent' and Port Employers Association's 'Under no circumstances will we "
            "pay more than four percent' left no outcome every party could sign, so the least "
            "firm, Dock Workers Union's red line on 'pay', was made soft.") in said
    # The draft written is one a deal can come from: validate has nothing to warn about.
    assert load_with_warnings(out)[1] == []


# --------------------------------------------------------------------------- the note, shown

NOTE = ("No text avoids every side's public red lines; this one crosses the fewest (1): "
        f"Union's '{GUARANTEE}'.")


def test_parley_run_prints_the_mediators_note_under_its_text(tmp_path: Path) -> None:
    path = tmp_path / "labour.yaml"
    path.write_text(text({"Union": union(), "Employer": employer(),
                          "Conciliation": conciliator()}, protocol="mediated",
                         mediator="Conciliation", required=["Union", "Employer"]),
                    encoding="utf-8")
    proc = parley("run", str(path), "--seed", "3", "--pinned")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    first = next(k for k, line in enumerate(lines) if "offers jobs: verbal_assurance" in line)
    # The note stands right under the text it explains, in every round.
    assert NOTE in " ".join(" ".join(line.split("│")[3].split()) for line in lines[first:first + 3])
    assert " ".join(proc.stdout.split()).count("crosses the fewest (1)") == 8


def test_a_person_answering_a_mediating_party_is_told_who_tabled_the_text() -> None:
    neg = Negotiation(compile_game(labour("mediated", "Conciliation")), 3, humans=["Union"])
    request = neg.advance()
    assert request is not None and request.kind == "respond"
    assert request.proposer == "Conciliation"
