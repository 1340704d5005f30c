"""The reading rules of `parley derive`, one short text each: who speaks, what it is, which
party a name, role or pronoun stands for, what is about what."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.derive.api import Derivation, derive
from sim.derive.classify import classify


def _derive(tmp_path: Path, text: str) -> Derivation:
    seed = tmp_path / "article.txt"
    seed.write_text(text, encoding="utf-8")
    return derive([seed], model=None)


def _speaker(d: Derivation, words: str) -> str | None:
    return next((f.speaker for f in d.findings if words in f.statement.quote), None)


@pytest.mark.parametrize(("words", "kind", "firm"), [
    ("We will not accept a freeze dressed up as a compromise", "red_line", True),
    ("Withdrawing our complaint is off the table", "red_line", True),
    ("The reinstatement of our comrades is not up for discussion", "red_line", True),
    ("Iceland will accept nothing less than 12.5 percent", "red_line", True),
    ("a quota above 400,000 tonnes was a non-starter", "red_line", True),
    ("the islands would walk away from any arrangement that gave them less than 15%",
     "red_line", True),
    ("Under no circumstances will Colonel Maric be part of this exchange", "red_line", True),
    ("We cannot give up on our journalists", "red_line", True),
    ("Dravia has ruled out releasing all 62 detainees", "red_line", True),
    ("they would find it very difficult to sign, though they stopped short of calling it a "
     "condition", "red_line", False),
    ("a share above 12% would be very hard to defend, but she did not rule it out",
     "red_line", False),
    ("That is not a red line for us", "position", False),
    ("the union is demanding an 11% wage increase", "condition", False),
    ("the employers were willing to phase the cranes in over three years", "compromise", False),
    ("Madrid has proposed a 2.5% target", "offer", False),
])
def test_the_lexicon_reads_negation_and_hedges(words: str, kind: str, firm: bool) -> None:
    reading = classify(words)
    assert reading.kind == kind
    if kind == "red_line":
        assert (reading.firmness >= 0.75) is firm


def test_a_split_quote_a_dateline_and_a_pronoun(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "OTTAWA, Canada, March 4, 2026 — Canada and Indonesia resumed talks on steel.\n\n"
        "Canada's trade minister, Ellen Marchetti, spoke first. \"We will not,\" Marchetti "
        "said, \"dismantle the protections that keep our mills open.\"\n\n"
        "Indonesia's Trade Minister, Arief Santoso, struck a firm tone. He said Jakarta would "
        "never accept a duty above 9%.\n"))
    assert _speaker(d, "dismantle the protections") == "Canada"
    assert _speaker(d, "never accept a duty") == "Indonesia"
    quote = next(f.statement.quote for f in d.findings if "dismantle" in f.statement.quote)
    assert quote.startswith("We will not,\" Marchetti said, \"dismantle")


def test_titles_acronyms_and_roles_name_the_parties(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "The People's Unity Front (PUF) and the government of Marovia met on Monday.\n\n"
        "PUF leader Sara Odum said the front wanted 40 seats in parliament. The government "
        "has offered 25 seats.\n\n"
        "Marovian Defence Minister Ilan Petrov said the government would never accept more "
        "than 30 seats. The front rejected that limit.\n"))
    names = {p.name for p in d.parties}
    assert names == {"People's Unity Front", "Marovia"}
    assert _speaker(d, "wanted 40 seats") == "People's Unity Front"
    assert _speaker(d, "has offered 25 seats") == "Marovia"
    assert _speaker(d, "would never accept more than 30 seats") == "Marovia"
    assert _speaker(d, "rejected that limit") == "People's Unity Front"
    seats = next(i for i in d.issues if i.numeric)
    assert seats.options == ["25 seats", "30 seats", "40 seats"]
    assert seats.poles == {"People's Unity Front": "40 seats", "Marovia": "25 seats"}


def test_mediators_and_bystanders_are_told_apart(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "GENEVA, Switzerland, Feb. 11, 2026 — Swiss mediators said on Wednesday that Dravia "
        "and the Velan Federation were close to a prisoner exchange.\n\n"
        "Dravia has offered to release 19 prisoners. Velan wants all 62 of its nationals "
        "freed, and Velanese officials said anything below 40 was out of the question.\n\n"
        "The International Committee of the Red Cross (ICRC), which is not a party to the "
        "talks, said it was ready to help. Analysts said a deal was within reach.\n"))
    assert d.mediator is not None and d.mediator.party == "Switzerland"
    assert {p.name for p in d.parties} == {"Dravia", "Velan Federation", "Switzerland"}
    assert "International Committee of the Red Cross" in d.outside
    assert _speaker(d, "a deal was within reach") is None


def test_figures_become_ordered_options_and_bounds_become_red_lines(tmp_path: Path) -> None:
    d = _derive(tmp_path, (
        "Talks between the Dock Workers Union and the Port Employers Association resumed.\n\n"
        "The Dock Workers Union is demanding an 11% pay rise. The Port Employers Association "
        "has offered a 4% pay rise.\n\n"
        "\"We will not accept anything below eight percent,\" the union's secretary, Sipho "
        "Ndlovu, said.\n"))
    pay = next(i for i in d.issues if i.numeric)
    assert pay.options == ["4%", "8%", "11%"]
    lines = d.draft.scenario["parties"]["Dock Workers Union"]["red_lines"]
    assert any(line.get("hard", {}).get(pay.key) == ["4%"] for line in lines)


def test_names_in_the_draft_have_no_dots(tmp_path: Path) -> None:
    """A dot separates the parts of a parameter's path (Russia.reservation): "4.5%" is the
    option "4_5%" labelled "4.5%", and "U.S." the party "US"."""
    d = _derive(tmp_path, (
        "Talks between the Dock Workers Union and the Port Employers Association resumed.\n\n"
        "The Dock Workers Union is demanding an 11.5% pay rise. The Port Employers "
        "Association has offered a 4.5% pay rise.\n"))
    pay = next(i for i in d.issues if i.numeric)
    assert pay.options == ["4_5%", "11_5%"]
    labels = d.draft.scenario["issues"][pay.key]["labels"]
    assert labels["4_5%"].startswith("4.5%") and labels["11_5%"].startswith("11.5%")
    names = [*d.draft.scenario["parties"], *d.draft.scenario["issues"]]
    assert not any("." in n for n in names)
