"""What a statement is, how firm it is, and what it is about, read from its wording.

The cues live in `lexicon.yaml` and are matched on lower-cased tokens with spaCy's
`PhraseMatcher`, so adding a phrase needs no code. A statement's kind is the one whose cues
weigh most; its firmness starts at 0.5 and moves with each cue ("required", "unacceptable",
"military or other means" up; "wants", "intends", "would have to" down).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher

KINDS: dict[str, str] = {
    "condition": "demand or condition",
    "red_line": "red line",
    "compromise": "willingness to compromise",
    "concede_call": "call on others to concede",
    "coordination": "coordination or alliance",
    "hostility": "hostility to another's proposals",
    "position": "statement of position",
}
"""Statement kinds and how they read in reports; `position` is the kind with no cue."""

DEMANDING = ("condition", "red_line", "concede_call")
"""Kinds that put something on the table for others to give."""

TOPIC_SHARE = 0.7
"""A statement is also about every topic scoring this share of its best topic's score."""


@dataclass(frozen=True)
class Reading:
    """How one statement reads."""

    kind: str
    """Key of `KINDS`."""
    firmness: float
    """0 (soft) to 1 (unyielding), from the wording."""
    cues: tuple[str, ...]
    """Phrases that decided kind and firmness, in text order."""
    topics: tuple[str, ...]
    """Topics of `lexicon.yaml` the statement is about, best first."""

    @property
    def label(self) -> str:
        """The kind in words."""
        return KINDS[self.kind]


@dataclass(frozen=True)
class Lexicon:
    """Cue phrases and weights, with matchers built from them."""

    kinds: dict[str, dict[str, float]]
    firmness: dict[str, float]
    topics: dict[str, dict[str, Any]]
    nlp: Language
    matcher: PhraseMatcher


@cache
def lexicon() -> Lexicon:
    """The shipped lexicon (loaded once)."""
    text = resources.files("sim.derive").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    phrases = set(data["firmness"])
    for cues in data["kinds"].values():
        phrases |= set(cues)
    for topic in data["topics"].values():
        phrases |= set(topic["cues"])
    for phrase in sorted(phrases):
        matcher.add(phrase, [nlp.make_doc(phrase)])
    return Lexicon(data["kinds"], data["firmness"], data["topics"], nlp, matcher)


def classify(text: str) -> Reading:
    """Read one statement's kind, firmness and topics from its words."""
    lex = lexicon()
    doc = lex.nlp.make_doc(text)
    found = [lex.nlp.vocab.strings[m] for m, _, _ in sorted(lex.matcher(doc), key=lambda m: m[1])]
    distinct = list(dict.fromkeys(found))
    scores = {kind: sum(w for cue, w in cues.items() if cue in distinct)
              for kind, cues in lex.kinds.items()}
    best = max(scores, key=lambda k: scores[k])
    kind = best if scores[best] > 0 else "position"
    firmness = 0.5 + sum(lex.firmness.get(cue, 0.0) for cue in distinct)
    cues = tuple(c for c in distinct if c in lex.firmness or c in lex.kinds.get(kind, {}))
    return Reading(kind, round(min(max(firmness, 0.05), 0.98), 2), cues, _topics(distinct))


def _topics(cues: list[str]) -> tuple[str, ...]:
    lex = lexicon()
    scores = {name: sum(w for cue, w in topic["cues"].items() if cue in cues)
              for name, topic in lex.topics.items()}
    ranked = sorted((s, -k, name) for k, (name, s) in enumerate(scores.items()) if s > 0)
    if not ranked:
        return ()
    top = ranked[-1][0]
    keep = [name for s, _, name in reversed(ranked) if s >= max(1.0, TOPIC_SHARE * top)]
    return tuple(keep)


def topic_question(topic: str) -> str:
    """The question an issue on `topic` asks."""
    return str(lexicon().topics[topic]["question"])


def key_clause(text: str) -> str:
    """The clause of `text` that carries most of its cues, for labels.

    "Everyone sitting at the table ..., needs to understand that European consent is required
    to make any decision" is labelled by "European consent is required to make any decision".
    """
    lex = lexicon()
    pieces = [p.strip(" ,;:") for p in _CLAUSE_BREAKS.split(text) if p.strip(" ,;:")]
    if len(pieces) < 2:
        return text
    def weight(piece: str) -> int:
        return len(lex.matcher(lex.nlp.make_doc(piece)))
    return max(pieces, key=weight)


_CLAUSE_BREAKS = re.compile(r",\s+(?:and|but|while|which|who)\s+|;\s+|\bthat\s+|,\s+(?=[A-Z])")
