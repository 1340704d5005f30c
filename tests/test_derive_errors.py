"""Documents derive cannot work from are refused with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.cli import main
from sim.derive.api import derive
from sim.derive.documents import DeriveError
from sim.derive.writer import render_yaml, validate_text

NO_PARTIES = "The weather was fine on Tuesday. Nobody said anything of note.\n"
HARBOUR = ("The Harbour Board said port duties must rise before any deal on berths.\n\n"
           "The Fishers' Guild rejected the proposal from the Harbour Board as unacceptable.\n")


def test_a_document_that_is_not_utf8_is_refused_with_the_byte_named(tmp_path) -> None:
    seed = tmp_path / "latin1.txt"
    seed.write_bytes("Moscow said the talks were “over”, café".encode("cp1252"))
    with pytest.raises(DeriveError, match=r"latin1.txt: not UTF-8 text .* at byte 27"):
        derive([seed], model=None)


def test_an_empty_document_is_refused(tmp_path) -> None:
    seed = tmp_path / "empty.txt"
    seed.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(DeriveError, match=r"empty\.txt: the document is empty"):
        derive([seed], model=None)


def test_a_document_naming_no_party_still_gets_a_draft_that_says_what_is_missing(
        tmp_path) -> None:
    seed = tmp_path / "weather.txt"
    seed.write_text(NO_PARTIES, encoding="utf-8")
    found = derive([seed], model=None)
    assert list(found.draft.scenario["parties"]) == ["Party A", "Party B"]
    assert list(found.draft.scenario["issues"]) == ["issue_to_fill"]
    assert any("negotiating parties found" in m for m in found.missing)
    assert any("no issue found" in m for m in found.missing)
    validate_text(render_yaml(found.draft.scenario), found.documents)


def test_the_cli_prints_the_reason_in_one_line_and_exits_2(tmp_path, capsys) -> None:
    seed = tmp_path / "empty.txt"
    seed.write_text("", encoding="utf-8")
    assert main(["derive", str(seed), "--model", "none"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"parley: {seed}: the document is empty"


def test_organisations_are_found_by_name_and_a_gazetteer_renames_them(tmp_path) -> None:
    seed = tmp_path / "harbour.txt"
    seed.write_text(HARBOUR, encoding="utf-8")
    found = derive([seed], model=None)
    assert [p.name for p in found.parties] == ["Harbour Board", "Fishers' Guild"]
    extra = tmp_path / "harbour_parties.yaml"
    extra.write_text("Harbour Board: [the Harbour Board]\nFishers: [Fishers' Guild]\n",
                     encoding="utf-8")
    found = derive([seed], gazetteers=[extra], model=None)
    assert [p.name for p in found.parties] == ["Harbour Board", "Fishers"]
    board = next(f for f in found.findings if f.speaker == "Harbour Board")
    assert board.statement.quote == "port duties must rise before any deal on berths"
    assert board.reading.kind == "condition"
    guild = next(f for f in found.findings if f.speaker == "Fishers")
    assert guild.reading.kind == "red_line"


def test_a_scenarios_aliases_extend_the_gazetteer(tmp_path) -> None:
    seed = tmp_path / "harbour.txt"
    seed.write_text(HARBOUR, encoding="utf-8")
    scenario = tmp_path / "harbour.yaml"
    scenario.write_text("parties:\n  Board: {aliases: [Harbour Board]}\n"
                        "  Guild: {aliases: [Fishers' Guild]}\n", encoding="utf-8")
    found = derive([seed], alias_scenarios=[scenario], model=None)
    assert {p.name for p in found.parties} == {"Board", "Guild"}


def test_derive_writes_a_draft_that_loads_and_copies_its_seed(tmp_path, capsys) -> None:
    data = Path(__file__).parent / "data" / "002_norvale_oster_trade.txt"
    out = tmp_path / "trade.yaml"
    assert main(["derive", str(data), "-o", str(out), "--model", "none"]) == 0
    assert (tmp_path / "seeds" / data.name).read_bytes() == data.read_bytes()
    printed = capsys.readouterr().out
    assert "it loads and validates" in printed and "TO FILL" in printed
