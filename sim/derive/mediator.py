"""Spotting a mediator: the party that chairs, hosts or brokers the talks."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from sim.derive.documents import Document
from sim.derive.pipeline import PARTY

CUES = ["chairs the talks", "chaired the talks", "hosts the talks", "hosted the talks",
        "mediator", "mediates", "mediated", "mediating", "brokers", "brokered", "broker"]
"""Phrases that make the party named just before them the mediator."""


@dataclass(frozen=True)
class MediatorCue:
    """Where the text makes a party the mediator."""

    party: str
    seed: str
    start: int
    end: int
    quote: str


def find_mediator(nlp: Language, docs: list[Document]) -> MediatorCue | None:
    """The first party the text calls a mediator, preferring prose over headlines."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("MEDIATOR", [nlp.make_doc(c) for c in CUES])
    found: list[tuple[bool, MediatorCue]] = []
    for document in docs:
        doc = nlp(document.text)
        for _, start, end in matcher(doc):
            sent = doc[start].sent
            before = [e for e in sent.ents if e.label_ == PARTY and e.end <= start]
            if not before:
                continue
            who = before[-1]
            span = doc[who.start:end]
            headline = not sent.text.rstrip().endswith((".", "\"", "”"))
            found.append((headline, MediatorCue(str(who.ent_id_), document.name,
                                                span.start_char, span.end_char, span.text)))
    found.sort(key=lambda item: item[0])
    return found[0][1] if found else None
