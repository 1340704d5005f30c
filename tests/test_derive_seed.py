"""`parley derive` on the shipped seed finds what a careful reader finds, at the right spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.derive.api import Derivation, derive
from sim.derive.readings import Finding
from sim.derive.writer import render_yaml, write_draft
from sim.scenario.schema import Quote, Scenario, evidence_list

SEED = Path(__file__).parent.parent / "seeds" / "000_2c8abda6f011f619.txt"
TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def derivation() -> Derivation:
    return derive([SEED], model=None)


@pytest.fixture(scope="module")
def draft(derivation: Derivation, tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    out = tmp_path_factory.mktemp("draft") / "brussels_draft.yaml"
    scenario, _ = write_draft(render_yaml(derivation.draft.scenario), out, derivation.documents)
    return scenario


def _finding(derivation: Derivation, speaker: str, words: str) -> Finding:
    return next(f for f in derivation.findings
                if f.speaker == speaker and words in f.statement.quote)


def _cites(because: object, words: str) -> Quote:
    quotes = [ev for ev in evidence_list(because) if isinstance(ev, Quote)]  # type: ignore[arg-type]
    return next(q for q in quotes if words in q.quote)


def test_the_draft_finds_all_four_parties(draft: Scenario) -> None:
    assert set(draft.parties) == {"EU", "Russia", "Ukraine", "US"}


def test_russia_names_withdrawal_from_four_regions_as_its_condition(derivation, draft) -> None:
    found = _finding(derivation, "Russia", "withdrawal of Ukrainian forces")
    assert found.statement.how == "reported speech"
    assert found.reading.kind == "condition"
    assert (found.statement.start, found.statement.end) == (2193, 2349)
    assert "Kherson and Zaporizhzhia regions" in found.statement.quote
    # Its own red lines ("according to Putin, Donbas is a historical territory of Russia, and
    # Moscow will seek to regain control ...") are hard and cite the exact words.
    quotes = [ev for line in draft.parties["Russia"].red_lines if line.kind == "hard"
              for ev in evidence_list(line.because) if isinstance(ev, Quote)]
    cited = next(q for q in quotes if "regain control through military" in q.quote)
    assert TEXT[cited.span[0]:cited.span[1]] == cited.quote
    assert any("historical territory" in q.quote for q in quotes)


def test_the_eu_requires_european_consent_to_any_decision(derivation, draft) -> None:
    found = _finding(derivation, "EU", "European consent is required to make any decision")
    assert found.statement.how == "direct quote"
    assert found.reading.kind == "red_line" and found.reading.firmness >= 0.75
    seat = next(line for line in draft.parties["EU"].red_lines if line.kind == "hard")
    assert seat.label.startswith("European consent is required to make any decision")
    cited = _cites(draft.consent.because, "European consent is required")
    assert TEXT[cited.span[0]:cited.span[1]] == cited.quote


def test_the_us_calls_on_all_parties_to_make_concessions(derivation, draft) -> None:
    found = _finding(derivation, "US", "all parties would have to make concessions")
    assert found.reading.kind == "concede_call"
    assert (found.statement.start, found.statement.end) == (1117, 1203)
    us = draft.parties["US"]
    assert _cites(us.because["budget"], "make concessions").span == (1117, 1203)
    assert us.budget.pace == "conceder"


def test_russia_is_firmer_than_the_us_and_holds_out_longer(draft: Scenario) -> None:
    russia, us = draft.parties["Russia"], draft.parties["US"]
    assert russia.budget.total < us.budget.total
    assert russia.budget.pace == "boulware"


def test_ukraine_is_never_quoted_so_its_strategy_is_left_to_the_author(draft) -> None:
    ukraine = draft.parties["Ukraine"]
    assert ukraine.position.startswith("TO FILL:")
    assert ukraine.because["budget"].assumption.startswith("TO FILL:")  # type: ignore[union-attr]


def test_every_drafted_quote_records_how_derive_read_it(draft: Scenario) -> None:
    for party in draft.parties.values():
        for line in party.red_lines:
            for ev in evidence_list(line.because):
                assert isinstance(ev, Quote) and ev.reads_as and ev.firmness is not None
                assert TEXT[ev.span[0]:ev.span[1]] == ev.quote
