"""Issue 13: numbers and names that look fine but are not: NaN, spreads wider than a range,
names with invisible characters or dots."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.cli import main
from sim.scenario.loader import ScenarioError, load_scenario
from sim.scenario.uncertainty import VaryError, parse_dist
from tests.hostile.conftest import edited_brussels


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_a_number_that_is_not_one_is_called_so(tmp_path: Path, value: str) -> None:
    path = edited_brussels(tmp_path, "    reservation: 0.35\n", f"    reservation: {value}\n")
    with pytest.raises(ScenarioError, match="reservation: Input should be a finite number"):
        load_scenario(path)


@pytest.mark.parametrize("name, why", [
    ('"Rus\\u200bsia"', "invisible or control character (U+200B)"),
    ('"Rus\\u00a0sia"', "invisible or control character (U+00A0)"),
    ("Russia.Federation", "contains a dot"),
    ('"Russia "', "starts or ends with a space"),
])
def test_a_party_name_with_an_invisible_character_or_a_dot_is_refused(
        tmp_path: Path, name: str, why: str) -> None:
    path = edited_brussels(tmp_path, "\n  Russia:\n", f"\n  {name}:\n")
    with pytest.raises(ScenarioError, match="the party name") as info:
        load_scenario(path)
    assert why in str(info.value)


def test_an_option_with_a_dot_is_refused(tmp_path: Path) -> None:
    path = edited_brussels(tmp_path, "russia_gets_donbas", "russia.gets.donbas")
    text = path.read_text(encoding="utf-8").replace("russia_gets_donbas", "russia.gets.donbas")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert "the option name 'russia.gets.donbas' contains a dot" in str(info.value)


@pytest.mark.parametrize("text", ["around(5)", "normal(0.3, 2)"])
def test_a_spread_wider_than_the_range_is_refused_as_uniform_is(text: str) -> None:
    with pytest.raises(VaryError, match="is too wide for reservation"):
        parse_dist(text, "reservation")
    with pytest.raises(VaryError, match="outside 0 to 1"):
        parse_dist("uniform(-5, 5)", "reservation")
    assert parse_dist("around(0.5)", "reservation").args == (0.5,)


def test_batch_says_so_in_one_line(tmp_path: Path, capsys) -> None:
    assert main(["batch", "-n", "5", "--vary", "Russia.reservation=around(5)", "--out",
                 str(tmp_path / "r")]) == 2
    assert "is too wide for reservation" in capsys.readouterr().err
