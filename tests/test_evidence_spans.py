"""Every quote in every shipped scenario stands in its seed at exactly the span it claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario.checks import iter_evidence
from sim.scenario.library import find_seed
from sim.scenario.loader import load_scenario
from sim.scenario.schema import Quote, evidence_list
from tests.conftest import shipped_scenarios


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.stem)
def test_every_quote_is_the_seed_text_at_its_span(path: Path) -> None:
    scenario = load_scenario(path)
    quotes = [ev for _, because in iter_evidence(scenario) for ev in evidence_list(because)
              if isinstance(ev, Quote)]
    assert quotes, "a shipped scenario cites its seed at least once"
    for ev in quotes:
        seed = find_seed(ev.seed, path)
        assert seed is not None, f"seed {ev.seed} missing"
        text = seed.read_text(encoding="utf-8")
        start, end = ev.span
        assert text[start:end] == ev.quote


def test_the_seed_document_is_shipped_verbatim() -> None:
    shipped = Path(__file__).parent.parent / "seeds" / "000_2c8abda6f011f619.txt"
    assert shipped.read_bytes().startswith(b" date 2026-02-10 Brussels Wants Concessions")
    assert len(shipped.read_text(encoding="utf-8")) == 2959


def test_the_issue_brief_cites_russia_eu_and_us_positions(brussels) -> None:
    russia_lines = [line for line in brussels.parties["Russia"].red_lines if line.kind == "hard"]
    regions = next(line for line in russia_lines if "regions" in line.condition)
    assert isinstance(regions.because, Quote)
    assert "Donbas is a historical territory of Russia" in regions.because.quote
    consent = [ev for ev in evidence_list(brussels.consent.because) if isinstance(ev, Quote)]
    assert any("European consent is required" in ev.quote for ev in consent)
    eu_lines = brussels.parties["EU"].red_lines
    eu_burden = next(line for line in eu_lines if "burden" in line.condition)
    assert isinstance(eu_burden.because, Quote)
    assert "not be imposed on the Ukrainians" in eu_burden.because.quote
    us_budget = brussels.parties["US"].because["budget"]
    assert isinstance(us_budget, Quote)
    assert "all parties would have to make concessions" in us_budget.quote
