"""`explain`'s chain: each party's quotes, how they read, and the parameter they set."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from sim.derive.api import derive
from sim.derive.explain_chain import chain, render_chain
from sim.derive.writer import render_yaml, write_draft
from sim.scenario.library import resolve_scenario
from sim.scenario.loader import load_scenario

DATA = Path(__file__).parent / "data"


def test_a_curated_scenarios_quotes_are_read_now_when_no_reading_is_recorded() -> None:
    links = chain(load_scenario(resolve_scenario("brussels_2026")))["Russia"]
    donbas = next(link for link in links if link.parameter == "red line"
                  and link.quote and "historical territory" in link.quote)
    assert (donbas.reads_as, donbas.recorded) == ("red line", False)
    assert donbas.firmness is not None and donbas.firmness >= 0.9
    assert donbas.where == "000_2c8abda6f011f619.txt [2372, 2486]"


def test_a_drafts_chain_shows_the_reading_derive_recorded(tmp_path) -> None:
    derivation = derive([DATA / "003_mirin_ceasefire.txt"], model=None)
    draft, _ = write_draft(render_yaml(derivation.draft.scenario), tmp_path / "c.yaml",
                           derivation.documents)
    links = chain(draft)["Tarsa"]
    line = next(link for link in links if link.parameter == "red line" and link.quote
                and link.quote.startswith("There will be no ceasefire"))
    assert line.recorded and line.reads_as == "red line"
    assert line.firmness is not None and line.firmness >= 0.9
    assert line.value.startswith("hard: There will be no ceasefire while rebel artillery")
    assert any(link.reads_as == "assumption" and link.parameter == "reservation value"
               for link in links)


def test_the_rendered_chain_puts_quote_reading_and_parameter_on_one_row() -> None:
    console = Console(width=200, record=True)
    console.print(render_chain(load_scenario(resolve_scenario("brussels_2026")), ["US"]))
    text = console.export_text()
    row = next(line for line in text.splitlines() if "all parties would have to make" in line
               and "concession budget" in line)
    assert "call on others to concede" in row
