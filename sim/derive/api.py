"""`derive`: from seed documents to a draft scenario, with everything the report needs.

Steps, each in its own module: read the documents; build the spaCy pipeline from the
gazetteer; discover parties it lacks; attribute statements; read them; group demands into
issues; draft the parties; assemble the scenario.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sim.derive.discover import discover
from sim.derive.documents import DeriveError, Document, read_documents
from sim.derive.draft import Draft, draft_scenario
from sim.derive.gazetteer import (
    Gazetteer,
    gazetteer_from_file,
    gazetteer_from_scenario,
    merge,
    shipped_gazetteer,
)
from sim.derive.issues import DraftIssue, build_issues
from sim.derive.mediator import MediatorCue, find_mediator
from sim.derive.pipeline import PARTY, alias_patterns, build_nlp, trained_pipeline_name
from sim.derive.readings import Finding, read_statements
from sim.derive.statements import Unread, attribute

MIN_MENTIONS = 2
"""A party neither quoted nor targeted joins the draft when named at least this often."""


@dataclass
class PartyFound:
    """A party in the draft and how the text showed it."""

    name: str
    source: str
    """Gazetteer, flag, scenario, or the discovery rule that found it."""
    mentions: int
    aliases_seen: list[str]


@dataclass
class Derivation:
    """Everything derive found and drafted, for writing and for the report."""

    documents: list[Document]
    model: str | None
    parties: list[PartyFound]
    findings: list[Finding]
    unread: list[Unread]
    issues: list[DraftIssue]
    mediator: MediatorCue | None
    draft: Draft
    dropped: list[str] = field(default_factory=list)
    """Parties named too rarely to join the draft."""


def derive(paths: list[Path], gazetteers: list[Path] | None = None,
           alias_scenarios: list[Path] | None = None, model: str | None = "auto") -> Derivation:
    """Draft a scenario from the documents in `paths`.

    Args:
        paths: seed documents (UTF-8 text).
        gazetteers: extra gazetteer files (party → aliases) to use beside the shipped one.
        alias_scenarios: scenarios whose party aliases extend the gazetteer.
        model: an installed trained spaCy pipeline, "auto" for any installed English one,
            or None for the blank pipeline.

    Raises:
        DeriveError: for unreadable documents, or when fewer than two parties are found.
    """
    docs = read_documents(paths)
    sources: dict[str, str] = {p: "built-in gazetteer" for p in shipped_gazetteer()}
    layers: list[Gazetteer] = [shipped_gazetteer()]
    for path in gazetteers or []:
        layers.append(gazetteer_from_file(path))
        sources.update({p: f"gazetteer {path.name}" for p in layers[-1]})
    for path in alias_scenarios or []:
        layers.append(gazetteer_from_scenario(path))
        sources.update({p: f"aliases of {path.name}" for p in layers[-1]})
    known = merge(*layers)
    model_name = trained_pipeline_name(model)
    nlp = build_nlp(known, model_name)
    found = discover(nlp, [d.text for d in docs], known)
    for party, how in found.how.items():
        sources.setdefault(party, how)
    gazetteer = merge(known, found.parties)
    nlp.get_pipe("entity_ruler").add_patterns(  # type: ignore[attr-defined]
        alias_patterns(nlp, found.parties))
    attribution = attribute(nlp, docs)
    findings = read_statements(attribution.statements)
    mediator = find_mediator(nlp, docs)
    issues = build_issues(findings, mediator.party if mediator else None)
    seen = _mentions(nlp, docs)
    parties, dropped = _parties(seen, findings, issues, sources)
    if not parties:
        names = ", ".join(d.name for d in docs)
        raise DeriveError(f"no party found in {names}; name the parties with "
                          "--gazetteer FILE (party: [aliases])")
    if len(parties) < 2:
        raise DeriveError(f"only one party ({parties[0].name}) found; a negotiation needs two. "
                          "Name the others with --gazetteer FILE")
    if not issues:
        raise DeriveError("no party makes a demand derive can read, so there is no issue to "
                          "negotiate; write the issues by hand")
    aliases = {p.name: [a for a in p.aliases_seen if a != p.name] for p in parties}
    del gazetteer  # the draft lists only aliases the documents use
    draft = draft_scenario(docs, aliases, issues, findings, mediator)
    return Derivation(docs, model_name, parties, findings, attribution.unread, issues,
                      mediator, draft, dropped)


def _mentions(nlp: object, docs: list[Document]) -> dict[str, Counter[str]]:
    """Party → how often each of its aliases appears, in order of first appearance."""
    seen: dict[str, Counter[str]] = {}
    for document in docs:
        doc = nlp(document.text)  # type: ignore[operator]
        for ent in doc.ents:
            if ent.label_ == PARTY:
                seen.setdefault(str(ent.ent_id_), Counter())[ent.text] += 1
    return seen


def _parties(seen: dict[str, Counter[str]], findings: list[Finding], issues: list[DraftIssue],
             sources: dict[str, str]) -> tuple[list[PartyFound], list[str]]:
    speakers = {f.speaker for f in findings}
    named_in_demands = {m.party for i in issues for fs in i.demands.values() for f in fs
                        for m in f.statement.mentions}
    kept: list[PartyFound] = []
    dropped: list[str] = []
    for party, counts in seen.items():
        total = sum(counts.values())
        if party in speakers or party in named_in_demands or total >= MIN_MENTIONS:
            kept.append(PartyFound(party, sources.get(party, "gazetteer"), total,
                                   [a for a, _ in counts.most_common()]))
        else:
            dropped.append(party)
    return kept, dropped
