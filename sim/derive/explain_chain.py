"""The chain behind each party's parameters: quote → how it reads → parameter it sets.

For `parley explain`. Drafts record how derive read each quote (`reads_as`, `firmness`); for
quotes without them (hand-curated scenarios) the quote is read now with the same lexicon, and
the row says so. Assumptions appear as links with no quote, so nothing is hidden.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sim.derive.classify import classify
from sim.scenario.explain import party_parameters, public_parameters
from sim.scenario.schema import Because, Quote, Scenario, evidence_list


@dataclass(frozen=True)
class Link:
    """One step from words to a number."""

    parameter: str
    """Which parameter: "red line", "concession budget", ..."""
    value: str
    """Its value in words."""
    quote: str | None
    """The words cited, or None for an assumption."""
    where: str
    """`seed [start, end]` of the quote, or the assumption's text."""
    reads_as: str
    """How the quote reads ("red line", ...), or "assumption"."""
    firmness: float | None
    recorded: bool
    """Whether the reading was recorded in the scenario (False: read now)."""


def chain(scenario: Scenario, private: bool = True) -> dict[str, list[Link]]:
    """Party → the links from its evidence to its parameters (`party_parameters`' order);
    with `private` off, only what the public record shows (`public_parameters`)."""
    params = party_parameters if private else public_parameters
    return {name: [link for p in params(party) for link in _links(p.name, p.value, p.because)]
            for name, party in scenario.parties.items()}


def _links(parameter: str, value: str, because: Because) -> Iterator[Link]:
    for ev in evidence_list(because):
        if isinstance(ev, Quote):
            recorded = ev.reads_as is not None
            if recorded:
                reads_as, firmness = ev.reads_as or "", ev.firmness
            else:
                reading = classify(ev.quote)
                reads_as, firmness = reading.label, reading.firmness
            yield Link(parameter, value, ev.quote, f"{ev.seed} [{ev.span[0]}, {ev.span[1]}]",
                       reads_as, firmness, recorded)
        else:
            yield Link(parameter, value, None, ev.assumption, "assumption", None, True)


def render_chain(scenario: Scenario, parties: list[str] | None = None,
                 private: bool = True) -> RenderableType:
    """One table per party: quote → reads as (firmness) → parameter = value (with `private`
    off, only the public record's parameters)."""
    tables: list[RenderableType] = []
    for name, links in chain(scenario, private).items():
        if parties and name not in parties:
            continue
        table = Table(title=name, title_justify="left", show_lines=True)
        table.add_column("quote (or assumption)", ratio=3)
        table.add_column("reads as", ratio=1)
        table.add_column("sets", ratio=2)
        for link in links:
            if link.quote is None:
                words = Text(link.where, style="italic dim")
            else:
                words = Text(f"“{link.quote}”\n")
                words.append(link.where, style="dim")
            reading = Text(link.reads_as)
            if link.firmness is not None:
                reading.append(f"\nfirmness {link.firmness:.2f}", style="dim")
            if not link.recorded:
                reading.append("\n(read now)", style="dim")
            table.add_row(words, reading, Text(f"{link.parameter}: {link.value}"))
        tables.append(table)
    return Group(*tables)
