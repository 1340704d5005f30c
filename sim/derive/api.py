"""`derive`: from seed documents to a draft scenario, with everything the report needs.

Steps, each in its own module: read the documents; build the spaCy pipeline from the
gazetteer; discover the bodies and people the text names; attribute statements and note who
mediates or stands outside the talks; read the statements; decide who negotiates; group what
they say into issues; draft the parties; assemble the scenario. A draft is always written,
however little was found: what is missing is listed (`Derivation.missing`) and marked
`TO FILL:` in the draft.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sim.derive.classify import DEMANDING
from sim.derive.discover import Discovered, discover
from sim.derive.documents import Document, read_documents
from sim.derive.draft import Draft, draft_scenario
from sim.derive.gazetteer import (
    Gazetteer,
    gazetteer_from_file,
    gazetteer_from_scenario,
    merge,
    shipped_gazetteer,
)
from sim.derive.issues import DraftIssue, build_issues
from sim.derive.mediator import MediatorCue
from sim.derive.parties import HARD_FROM
from sim.derive.pipeline import alias_patterns, build_nlp, people_patterns, trained_pipeline_name
from sim.derive.readings import Finding, read_statements
from sim.derive.statements import Attribution, Flag, Unread, attribute

NEUTRAL = re.compile(r"\b(?:both|the two|each) (?:sides|parties|delegations|teams|"
                     r"governments|countries|camps)\b|\beach side\b|\bthe sides\b", re.I)
"""Words of someone speaking about the sides rather than as one of them."""

BROKERING = re.compile(r"\b(?:mediat\w*|facilitat\w*|broker\w*|host(?:s|ed|ing)?|chaired|"
                       r"chairs|chairing|envoy|"
                       r"convene\w*|auspices|good offices|go-betweens?|intermediar\w*|"
                       r"shuttl\w*)\b", re.I)
"""Words that make a speaker of "both sides" a go-between rather than an onlooker."""

ARTICLE = 8
"""Sentences from which a text is a report, where a side is named in more than one sentence;
in a shorter snippet one statement is enough to make a party."""


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
    """Bodies named but not negotiating (mentioned, outside the talks, or silent)."""
    mediators: list[str] = field(default_factory=list)
    """Every party the text makes a mediator or chair (the first mediates in the draft)."""
    outside: dict[str, str] = field(default_factory=dict)
    """Body → the words that put it outside the talks."""
    missing: list[str] = field(default_factory=list)
    """What the draft could not find and left to the author."""


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
        DeriveError: for unreadable, empty or too long documents only; a text in which
            nothing is found still gets a draft, with what is missing marked `TO FILL:`.
    """
    docs = read_documents(paths)
    sources: dict[str, str] = {p: "built-in gazetteer" for p in shipped_gazetteer()}
    layers: list[Gazetteer] = [shipped_gazetteer()]
    given: set[str] = set()
    for path in gazetteers or []:
        layers.append(gazetteer_from_file(path))
        sources.update({p: f"gazetteer {path.name}" for p in layers[-1]})
        given |= set(layers[-1])
    for path in alias_scenarios or []:
        layers.append(gazetteer_from_scenario(path))
        sources.update({p: f"aliases of {path.name}" for p in layers[-1]})
        given |= set(layers[-1])
    known = merge(*layers)
    model_name = trained_pipeline_name(model)
    nlp = build_nlp(known, model_name)
    found = discover(nlp, [d.text for d in docs], known)
    _first_names(found, docs)
    for party, how in found.how.items():
        sources.setdefault(party, how)
    gazetteer = merge(known, found.parties, _people_of_known(found, known))
    ruler = nlp.get_pipe("entity_ruler")
    ruler.add_patterns(alias_patterns(nlp, gazetteer))  # type: ignore[attr-defined]
    ruler.add_patterns(people_patterns(nlp, {  # type: ignore[attr-defined]
        p.name: (p.surname, p.body or "", p.outsider) for p in found.people.values()}))
    attribution = attribute(nlp, docs, found)
    findings = read_statements(attribution.statements)
    negotiating, mediators, dropped = _roles(found, attribution, findings, given,
                                             {d.name: d.text for d in docs})
    mediator = _mediator(mediators, attribution)
    names = {a for aliases in gazetteer.values() for a in aliases} | set(gazetteer)
    names |= {w for p in found.people.values() for w in p.name.split()}
    names |= {w for n in names for w in n.split() if w[:1].isupper()}
    issues = build_issues(findings, negotiating, mediator.party if mediator else None, names)
    parties = [PartyFound(p, sources.get(p, "gazetteer"), attribution.mentions.get(p, 0),
                          _aliases_seen(p, gazetteer, docs, attribution))
               for p in [*negotiating, *([mediator.party] if mediator else [])]]
    aliases = _unique_aliases({p.name: [a for a in p.aliases_seen if a != p.name]
                               for p in parties})
    draft = draft_scenario(docs, aliases, issues, findings, mediator)
    derivation = Derivation(docs, model_name, parties, findings, attribution.unread, issues,
                            mediator, draft, dropped, mediators,
                            {b: f.quote for b, f in attribution.outside.items()})
    derivation.missing = _missing(derivation)
    return derivation


def _first_names(found: Discovered, docs: list[Document]) -> None:
    """"Zhao said": a person named by the first word of their name (surname first, as in
    Chinese names) gets it as an alias, when no one else shares it."""
    text = "\n".join(d.text for d in docs)
    firsts = Counter(p.name.split()[0] for p in found.people.values())
    for person in found.people.values():
        first = person.name.split()[0]
        if firsts[first] > 1 or first == person.surname:
            continue
        if re.search(rf"\b{re.escape(first)},? (?:said|told|added|says|insisted|warned)\b",
                     text):
            person.surname = first


def _people_of_known(found: Discovered, known: Gazetteer) -> Gazetteer:
    """People whose office names a party of the gazetteer ("EU climate commissioner Vos")."""
    out: Gazetteer = {}
    for person in found.people.values():
        if person.body in known and not person.outsider:
            out.setdefault(person.body, []).extend([person.name, person.surname])
    return out


def _roles(found: Discovered, attribution: Attribution, findings: list[Finding],
           given: set[str], texts: dict[str, str] | None = None,
           ) -> tuple[list[str], list[str], list[str]]:
    """Who negotiates, who mediates, and who is only mentioned, in order of first mention.

    A party negotiates when it states a position of its own (a demand, a red line, an offer,
    willingness to compromise) or is listed among those at the table, unless the text puts it
    outside the talks. A party the text makes a mediator mediates, unless it makes demands of
    its own (a host that also bargains is a party).
    """
    stances: dict[str, int] = {}
    demands: dict[str, int] = {}
    hard = Counter(f.speaker for f in findings
                   if f.reading.kind == "red_line" and f.reading.firmness >= HARD_FROM)
    said = Counter(f.speaker for f in findings)
    neutral = Counter(f.speaker for f in findings if f.reading.kind == "concede_call"
                      or NEUTRAL.search(f.statement.words))
    for f in findings:
        if f.reading.kind in (*DEMANDING, "concede_call"):
            stances[f.speaker] = stances.get(f.speaker, 0) + 1
        if f.reading.kind in ("condition", "red_line"):
            demands[f.speaker] = demands.get(f.speaker, 0) + 1
    order = list(dict.fromkeys([*(f.speaker for f in findings), *attribution.mentions]))
    # A mediator is no party to the deal: "Uruguay, which is not a party to the draft, has
    # chaired the talks" mediates, whatever else puts it outside.
    # A host that draws a hard line of its own ("Ghana will not carry that bill alone", said
    # the minister "who hosted the talks") bargains: it is a side, not a go-between.
    mediators = [p for p, flag in attribution.mediators.items() if demands.get(p, 0) < 2
                 and not (hard[p] and re.search(r"\bhost", flag.quote, re.I))]
    negotiating = []
    for party in order:
        if party in mediators or party in attribution.outside or not party:
            continue
        if party in attribution.at_table or party in given:
            negotiating.append(party)
        elif neutral[party] and not demands.get(party) and _brokers(
                party, findings, texts or {}, attribution):
            # It speaks of "both sides", asks nothing for itself and its sentences say it
            # brokers: a go-between, not a side.
            mediators.append(party)
            continue
        elif stances.get(party, 0) >= 2 or said[party] >= 3 or (
                stances.get(party) and (len(attribution.sentences.get(party, ())) >= 2
                                        or attribution.length < ARTICLE)):
            # One statement in a report that names the body nowhere else ("the Commission,
            # which manages the high seas, said it cannot set a limit until ...") is a
            # bystander's, not a side's.
            negotiating.append(party)
    for party in given:
        if party not in negotiating and party not in mediators and \
                attribution.mentions.get(party):
            negotiating.append(party)
    dropped = [p for p in order if p not in negotiating and p not in mediators and p]
    return negotiating, mediators, dropped


def _brokers(party: str, findings: list[Finding], texts: dict[str, str],
             attribution: Attribution) -> bool:
    """Whether a sentence where `party` speaks says it brokers; notes it as a mediator's."""
    for f in findings:
        text = texts.get(f.statement.seed, "")
        start, end = f.statement.sentence
        if f.speaker == party and BROKERING.search(text[start:end]):
            attribution.mediators.setdefault(party, Flag(party, f.statement.seed, start, end,
                                                         text[start:end]))
            return True
    return False


def _mediator(mediators: list[str], attribution: Attribution) -> MediatorCue | None:
    if not mediators:
        return None
    flag = attribution.mediators[mediators[0]]
    return MediatorCue(flag.party, flag.seed, flag.start, flag.end, flag.quote)


def _aliases_seen(party: str, gazetteer: Gazetteer, docs: list[Document],
                  attribution: Attribution) -> list[str]:
    forms = [party, *gazetteer.get(party, [])]
    forms += [p for p, owner in attribution.people.items() if owner == party]
    text = "\n".join(d.text for d in docs)
    return list(dict.fromkeys(a for a in forms if a and a in text))


def _unique_aliases(aliases: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each alias for one party only (the first that claims it), never another's name."""
    names = {n.lower() for n in aliases}
    seen: set[str] = set()
    out: dict[str, list[str]] = {}
    for party, forms in aliases.items():
        kept = []
        for alias in forms:
            low = alias.lower()
            if low in seen or (low in names and low != party.lower()) or len(alias) > 80:
                continue
            seen.add(low)
            kept.append(alias)
        out[party] = kept
    return out


def _missing(d: Derivation) -> list[str]:
    missing = []
    real = [p for p in d.parties if d.mediator is None or p.name != d.mediator.party]
    if len(real) < 2:
        missing.append(f"only {len(real)} negotiating part{'y' if len(real) == 1 else 'ies'} "
                       "found: name the others (a placeholder stands in)")
    if not d.issues:
        missing.append("no issue found: write what is negotiated (a placeholder stands in)")
    quiet = [p.name for p in real if not any(f.speaker == p.name for f in d.findings)]
    if quiet:
        missing.append(f"no statement attributed to {', '.join(quiet)}: their values and "
                       "red lines are to fill")
    if d.mediator is None:
        missing.append("no mediator found: the draft alternates proposers")
    return missing
