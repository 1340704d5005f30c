"""Broken scenarios get one clear, located message each: file, line, field, reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario.loader import ScenarioError, load_scenario, parse_scenario
from tests.conftest import parley

BROKEN = Path(__file__).parent / "data" / "broken"

EXPECTED = {
    "event_past_deadline": ":12: events[0].at: round 12 is past the deadline (rounds 0 to 9)",
    "missing_evidence": ":12: parties.A: every parameter needs evidence (a quote or an "
                        "assumption); `because` lacks: strategy",
    "missing_option_value": ":26: parties.B.values.land: party 'B' gives no value for split "
                            "on issue 'land'",
    "quote_not_at_span": ":21: parties.A.red_lines[0].because.quote: quote does not match "
                         "'000_2c8abda6f011f619.txt'[640:689], which reads ' that European "
                         "consent is required to make any de'; the quote stands at [646, 695]",
    "red_line_on_unknown_issue": ":17: parties.A.red_lines[0].hard.sea: party 'A' has a red "
                                 "line on unknown issue 'sea' (known: land)",
    "red_line_rules_out_everything": ":16: parties.A.red_lines: party 'A': its hard red lines "
                                     "together rule out every outcome",
    "soft_line_without_cost": ":17: parties.A.red_lines[0]: a soft red line needs a `cost`",
    "span_past_end": ":20: parties.A.red_lines[0].because.span: span [646, 99999] runs past "
                     "the end of '000_2c8abda6f011f619.txt' (2959 characters)",
    "typo_in_field": ":15: parties.A.reservaton: unknown field 'reservaton' (did you mean "
                     "'reservation'?)",
    "unknown_consent_party": ":5: consent.required[1]: unknown party 'C' (known: A, B)",
    "unknown_option_in_red_line": ":17: parties.A.red_lines[0].hard.land[0]: party 'A' has a "
                                  "red line on unknown option 'b_keep' of issue 'land' (did "
                                  "you mean 'b_keeps'?)",
    "value_out_of_range": ":14: parties.A.values.land.a_keeps: Input should be less than or "
                          "equal to 1",
    "weights_do_not_sum": ":25: parties.B.cares: party 'B': salience weights sum to 0.700; "
                          "they must sum to 1",
}


def test_the_base_of_the_broken_scenarios_is_itself_valid() -> None:
    assert load_scenario(BROKEN / "valid.yaml").title


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_broken_scenario_names_file_line_field_and_reason(name: str) -> None:
    path = BROKEN / f"{name}.yaml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert f"{path}{EXPECTED[name]}" in message
    assert "Traceback" not in message


def test_broken_yaml_syntax_names_the_line_and_what_the_parser_expected() -> None:
    path = BROKEN / "bad_yaml.yaml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    # libyaml reports where it noticed (11), the pure-Python parser the token before (10).
    assert problem.line in (10, 11)
    assert problem.reason.startswith("not valid YAML:") and "expected ',' or ']'" in problem.reason


def test_a_typo_is_reported_once_not_also_as_a_missing_field() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(BROKEN / "typo_in_field.yaml")
    assert len(caught.value.problems) == 1


def test_an_empty_scenario_says_so() -> None:
    with pytest.raises(ScenarioError, match="the file is empty"):
        parse_scenario("", source="empty.yaml")


def test_a_scenario_that_is_not_a_mapping_says_what_it_should_be() -> None:
    with pytest.raises(ScenarioError, match="a scenario must be a mapping"):
        parse_scenario("- just\n- a list\n", source="list.yaml")


def test_a_scenario_that_is_not_utf8_is_refused_clearly(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match="not UTF-8 text"):
        load_scenario(bad)


def test_parley_validate_prints_the_problem_and_no_traceback() -> None:
    proc = parley("validate", str(BROKEN / "weights_do_not_sum.yaml"))
    assert proc.returncode == 1
    assert "salience weights sum to 0.700" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_parley_run_on_a_broken_scenario_exits_2_without_a_traceback() -> None:
    proc = parley("run", str(BROKEN / "unknown_consent_party.yaml"))
    assert proc.returncode == 2
    assert "unknown party 'C'" in proc.stderr
    assert "Traceback" not in proc.stderr
