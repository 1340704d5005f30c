"""What a statement is and how firm it is, read from its wording with negation and modality.

The cues, their kinds, firmness and weights are one table, `lexicon.yaml` (its header explains
the rules); they are matched on lower-cased tokens with spaCy's `PhraseMatcher`, so adding a
phrase needs no code. A cue preceded by a negation within a few tokens ("will not *accept*",
"did not *rule it out*", "is not a *red line*") changes kind as the table says. A red-line cue
decides the statement whatever else it says; a hedge ("very difficult", "stopped short of")
makes a limit soft.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

KINDS: dict[str, str] = {
    "red_line": "red line",
    "condition": "demand or condition",
    "offer": "proposal or offer",
    "compromise": "willingness to compromise",
    "concede_call": "call on others to concede",
    "coordination": "coordination or alliance",
    "hostility": "hostility to another's proposals",
    "position": "statement of position",
}
"""Statement kinds and how they read in reports; `position` is the kind with no cue."""

DEMANDING = ("condition", "red_line", "offer", "compromise")
"""Kinds that say where the speaker stands on something on the table."""

NEGATORS = {"not", "n't", "never", "no", "nor", "cannot", "without", "neither"}
"""Words that negate a cue standing shortly after them."""

BRIDGE = {"will", "would", "could", "can", "should", "shall", "may", "might", "must", "do",
          "does", "did", "be", "is", "are", "was", "were", "been", "being", "even", "yet",
          "so", "far", "has", "have", "had", "it", "formally", "also", "still", "a", "an",
          "the", "to", "ever", "any", "really", "publicly", "simply", "go", "ca",
          "wo", "sign", "up"}
"""Words that may stand between a negation and the cue it negates ("not *even* be")."""

WINDOW = 4
"""How many tokens before a cue are searched for its negation."""


@dataclass(frozen=True)
class Reading:
    """How one statement reads."""

    kind: str
    """Key of `KINDS`."""
    firmness: float
    """0 (soft) to 1 (unyielding), from the wording."""
    cues: tuple[str, ...]
    """Phrases that decided kind and firmness, in text order ("not " before a negated one)."""
    hedged: bool = False
    """Whether a hedge made the statement softer than its strongest cue."""

    @property
    def label(self) -> str:
        """The kind in words."""
        return KINDS[self.kind]


@dataclass(frozen=True)
class Cue:
    phrase: str
    kind: str
    firmness: float
    weight: float


@dataclass(frozen=True)
class Lexicon:
    """Cue phrases, their readings and the rules that combine them."""

    cues: dict[str, Cue]
    negated: dict[str, str]
    negated_firmness: dict[str, float]
    negated_phrase: dict[str, tuple[str, float]]
    resolution: dict[str, Any]
    nlp: Language
    matcher: PhraseMatcher


@cache
def lexicon() -> Lexicon:
    """The shipped lexicon (loaded once)."""
    text = resources.files("sim.derive").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    cues = {phrase: Cue(phrase, kind, float(firm), float(weight))
            for phrase, (kind, firm, weight) in data["cues"].items()}
    for phrase in sorted(cues):
        matcher.add(phrase, [nlp.make_doc(phrase)])
    return Lexicon(cues, data["negated"], data.get("negated_firmness", {}),
                   {k: (v[0], float(v[1])) for k, v in data.get("negated_phrase", {}).items()},
                   data["resolution"], nlp, matcher)


def cue_matches(doc: Doc) -> list[tuple[int, int, Cue]]:
    """Cues in `doc`, longest first where two overlap, in text order."""
    lex = lexicon()
    found = [(s, e, lex.cues[lex.nlp.vocab.strings[m]]) for m, s, e in lex.matcher(doc)]
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: set[int] = set()
    kept = []
    for start, end, cue in found:
        if taken.isdisjoint(range(start, end)):
            kept.append((start, end, cue))
            taken.update(range(start, end))
    return sorted(kept, key=lambda m: m[0])


def negated(doc: Doc, start: int) -> bool:
    """Whether the cue starting at token `start` stands in the scope of a negation."""
    k = start - 1
    seen = 0
    while k >= 0 and seen < WINDOW:
        word = doc[k].lower_
        if word in NEGATORS or (word == "of" and k > 0 and doc[k - 1].lower_ == "short"):
            return True
        if word not in BRIDGE:
            return False
        k -= 1
        seen += 1
    return False


def classify(text: str) -> Reading:
    """Read one statement's kind and firmness from its words."""
    lex = lexicon()
    rules = lex.resolution
    doc = lex.nlp.make_doc(text)
    votes: dict[str, float] = defaultdict(float)
    firm: dict[str, float] = {}
    cues: list[str] = []
    boosts = 0
    for start, _, cue in cue_matches(doc):
        kind, firmness = cue.kind, cue.firmness
        if negated(doc, start):
            if cue.phrase in lex.negated_phrase:
                kind, firmness = lex.negated_phrase[cue.phrase]
            else:
                firmness = lex.negated_firmness.get(kind, firmness)
                kind = lex.negated.get(kind, "position")
            cues.append(f"not {cue.phrase}")
        else:
            cues.append(cue.phrase)
        if kind == "boost":
            boosts += 1
            continue
        if kind == "position":
            continue
        votes[kind] += cue.weight or 1.0
        firm[kind] = max(firm.get(kind, 0.0), firmness)
    hedged = "hedge" in votes
    if "red_line" in votes and rules.get("red_line_wins", True):
        kind = "red_line"
        firmness = firm["red_line"]
    elif hedged:
        kind, firmness = "red_line", firm["hedge"]
    elif votes:
        kind = max(votes, key=lambda k: votes[k])
        firmness = firm[kind]
    else:
        kind, firmness = "position", float(rules.get("plain_firmness", 0.5))
    if hedged and kind == "red_line":
        firmness = min(firmness, float(rules.get("hedged_firmness", 0.6)))
    elif boosts and kind != "position":
        firmness += boosts * float(rules.get("boost", 0.04))
    return Reading(kind, round(min(max(firmness, 0.05), 0.98), 2), tuple(cues), hedged)


def key_clause(text: str) -> str:
    """The clause of `text` that carries most of its cues, for labels.

    "Everyone sitting at the table ..., needs to understand that European consent is required
    to make any decision" is labelled by "European consent is required to make any decision".
    """
    lex = lexicon()
    pieces = [p.strip(" ,;:\"“”") for p in _CLAUSE_BREAKS.split(text) if p.strip(" ,;:\"“”")]
    if len(pieces) < 2:
        return text.strip(" \"“”")

    def weight(piece: str) -> float:
        return sum(c.weight for _, _, c in cue_matches(lex.nlp.make_doc(piece))
                   if c.kind != "boost")

    return max(pieces, key=weight)


_CLAUSE_BREAKS = re.compile(r",\s+(?:and|but|while|which|who)\s+|;\s+|\bthat\s+|,\s+(?=[A-Z])")
