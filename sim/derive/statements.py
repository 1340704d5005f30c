"""Who said what: statements attributed to parties, with the exact span of their words.

Three ways a report gives a party's words, each a rule over spaCy tokens:
- a direct quote of whole sentences, with its speaker after it (`"...," Kallas told journalists`);
- reported speech (`Putin said ...`, `Vask described the idea as ...`) and stated stances
  (`Cendria insists on ...`, `Arvania rejected ...`), the speaker being the first party named
  before the verb, or the last speaker when a sentence opens with "He" or "She";
- `according to X, ...`.
Sentences no rule attributes are kept aside so the report can say what was left unread.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from sim.derive.documents import Document
from sim.derive.pipeline import PARTY

SPEECH_VERBS = ["said", "says", "say", "told", "tells", "stated", "states", "added", "warned",
                "warns", "emphasized", "emphasised", "declared", "described", "argued", "noted",
                "announced", "acknowledged", "acknowledge", "acknowledges", "urged", "urges",
                "named", "called", "calls", "reiterated", "stressed", "repeated"]
"""Verbs of speech: the statement is what follows the verb."""

STANCE_VERBS = ["wants", "want", "seeks", "seek", "intends", "intend", "insists", "insist",
                "demands", "demand", "rejected", "rejects", "refuses", "refused", "requires",
                "supports", "opposes", "opposed", "vowed", "threatened"]
"""Verbs of stance: the statement is the whole clause, from its subject on."""

PRONOUNS = {"he", "she"}
"""Pronouns read as the last speaker of the document."""

OPENING = "\"“"
CLOSING = "\"”"


@dataclass(frozen=True)
class Mention:
    """A party named inside a statement."""

    party: str
    text: str
    negated: bool
    """Named after a "not" ("not be imposed on the Ukrainians"): spared, not targeted."""


@dataclass
class Statement:
    """Words attributed to one party, with where they stand in their document."""

    seed: str
    speaker: str
    start: int
    end: int
    quote: str
    how: str
    """How the speaker was found: direct quote, reported speech, according to, ..."""
    mentions: list[Mention] = field(default_factory=list)
    """Other parties named in the statement."""

    @property
    def others(self) -> list[str]:
        """Parties the statement is aimed at (named, not negated, not the speaker)."""
        return list(dict.fromkeys(m.party for m in self.mentions if not m.negated))


@dataclass(frozen=True)
class Unread:
    """A sentence that sounds like a statement but that no rule could attribute."""

    seed: str
    start: int
    end: int
    quote: str
    reason: str


@dataclass
class Attribution:
    """Every statement found in a set of documents, and the sentences left unattributed."""

    statements: list[Statement] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)


def attribute(nlp: Language, docs: list[Document]) -> Attribution:
    """Find and attribute the statements in every document."""
    found = Attribution()
    matcher = _verb_matcher(nlp)
    for document in docs:
        doc = nlp(document.text)
        _attribute_doc(document.name, doc, matcher, found)
    return found


def _verb_matcher(nlp: Language) -> Matcher:
    matcher = Matcher(nlp.vocab)
    # Lower-case only, so that "States" in "United States" is no verb.
    matcher.add("SPEECH", [[{"ORTH": {"IN": SPEECH_VERBS}}]])
    matcher.add("STANCE", [[{"ORTH": {"IN": STANCE_VERBS}}]])
    matcher.add("ACCORDING", [[{"LOWER": "according"}, {"LOWER": "to"}]])
    return matcher


def _attribute_doc(seed: str, doc: Doc, matcher: Matcher, found: Attribution) -> None:
    blocks = _quote_blocks(doc)
    in_block = {s.start for block in blocks for s in block.sentences}
    last_speaker: str | None = None
    block_at = {block.sentences[0].start: block for block in blocks}
    for sent in doc.sents:
        if sent.start in block_at:
            block, tail = block_at[sent.start].parts, block_at[sent.start].tail
            speaker = _first_party(tail) or (last_speaker if _opens_with_pronoun(tail) else None)
            for part in block:
                _add(found, seed, part, speaker, "direct quote")
            last_speaker = speaker or last_speaker
            continue
        if sent.start in in_block or not _is_prose(sent):
            continue
        speaker = _reported(seed, sent, matcher, found, last_speaker)
        last_speaker = speaker or last_speaker


@dataclass(frozen=True)
class _Block:
    """A quoted passage: the sentences it covers, their parts inside the marks, the tail."""

    sentences: list[Span]
    parts: list[Span]
    tail: Span


def _quote_blocks(doc: Doc) -> list[_Block]:
    """Quoted passages that open a sentence, with the tail that names their speaker.

    A quotation mark in mid-sentence quotes a phrase of reported speech and is left to it.
    """
    blocks: list[_Block] = []
    sents = list(doc.sents)
    for open_at, close_at in _quote_marks(doc.text):
        # The sentencizer may leave an opening straight quote at the end of the sentence
        # before, so look at the sentence holding the first quoted character.
        first = next((s for s in sents if s.start_char <= open_at + 1 < s.end_char), None)
        if first is None or doc.text[first.start_char:open_at + 1].strip() not in ("", *OPENING):
            continue
        inside = [s for s in sents if s.start_char <= close_at and s.end_char > open_at + 1]
        parts = [doc.char_span(max(s.start_char, open_at + 1), min(s.end_char, close_at),
                               alignment_mode="contract") for s in inside]
        last = inside[-1]
        tail = doc.char_span(close_at + 1, last.end_char, alignment_mode="contract")
        if tail is None:
            continue
        kept = [p for p in parts if p is not None and len(p) > 0]
        if kept:
            blocks.append(_Block(inside, kept, tail))
    return blocks


def _quote_marks(text: str) -> list[tuple[int, int]]:
    """Pairs of (opening, closing) quotation-mark positions."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for k, ch in enumerate(text):
        if open_at is None and ch in OPENING:
            open_at = k
        elif open_at is not None and ch in CLOSING:
            pairs.append((open_at, k))
            open_at = None
    return pairs


def _reported(seed: str, sent: Span, matcher: Matcher, found: Attribution,
              last_speaker: str | None) -> str | None:
    """Attribute one sentence of reported speech; returns its speaker, if any."""
    hits = sorted(((sent.doc.vocab.strings[m], s) for m, s, _ in matcher(sent.as_doc())),
                  key=lambda h: h[1])
    for rule, start in hits:
        verb_at = sent.start + start
        if rule == "ACCORDING":
            after = sent.doc[verb_at + 2:sent.end]
            speaker = _first_party(after[:4])
            comma = next((t.i for t in after if t.text == ","), None)
            if speaker and comma is not None:
                _add(found, seed, sent.doc[comma + 1:sent.end], speaker, "according to")
                return speaker
            continue
        before = sent.doc[sent.start:verb_at]
        speaker = _first_party(before)
        how = "reported speech" if rule == "SPEECH" else "stated stance"
        if speaker is None and _opens_with_pronoun(before) and last_speaker:
            speaker, how = last_speaker, f"{how} (he/she read as {last_speaker})"
        if speaker is None:
            continue
        if rule == "SPEECH":
            content = _after_verb(sent, verb_at)
            if sent.doc[verb_at].lower_ == "named" and _has_words(content, "as", "conditions"):
                how = "named as conditions"
        else:
            subject = next(e for e in before.ents if e.label_ == PARTY)
            content = sent.doc[subject.start:sent.end]
        _add(found, seed, content, speaker, how)
        return speaker
    if any(rule == "SPEECH" for rule, _ in hits):
        found.unread.append(Unread(seed, sent.start_char, sent.end_char, sent.text.strip(),
                                   "reported speech with no known party as its speaker"))
    return None


def _after_verb(sent: Span, verb_at: int) -> Span:
    k = verb_at + 1
    if sent.doc[verb_at].lower_ in ("told", "tells") and k < sent.end and not _is_that(sent, k):
        k += 1  # "told reporters (that)"
    if k < sent.end and _is_that(sent, k):
        k += 1
    return sent.doc[k:sent.end]


def _is_that(sent: Span, k: int) -> bool:
    return sent.doc[k].lower_ == "that"


def _has_words(span: Span, *words: str) -> bool:
    lowered = {t.lower_ for t in span}
    return all(w in lowered for w in words)


def _first_party(span: Span) -> str | None:
    for ent in span.ents:
        if ent.label_ == PARTY:
            return str(ent.ent_id_)
    return None


def _opens_with_pronoun(span: Span) -> bool:
    return any(t.lower_ in PRONOUNS for t in span[:3])


def _is_prose(sent: Span) -> bool:
    """Sentences end with punctuation; headings and datelines do not."""
    return sent.text.rstrip().endswith((".", "!", "?", "\"", "”", ","))


def _add(found: Attribution, seed: str, content: Span, speaker: str | None, how: str) -> None:
    trimmed = _trim(content)
    if trimmed is None:
        return
    if speaker is None:
        found.unread.append(Unread(seed, trimmed.start_char, trimmed.end_char, trimmed.text,
                                   "quote with no known party as its speaker"))
        return
    mentions = [Mention(str(e.ent_id_), e.text, _negated(e)) for e in trimmed.ents
                if e.label_ == PARTY and e.ent_id_ != speaker]
    found.statements.append(Statement(seed, speaker, trimmed.start_char, trimmed.end_char,
                                      trimmed.text, how, mentions))


def _trim(span: Span) -> Span | None:
    """The span without edge punctuation and without a closing `, Reuters reports`."""
    tokens = list(span)
    commas = [k for k, t in enumerate(tokens) if t.text == ","]
    if commas:
        tail = tokens[commas[-1] + 1:]
        if len(tail) <= 5 and any(t.lower_ in ("reports", "reported", *SPEECH_VERBS)
                                  for t in tail):
            tokens = tokens[:commas[-1]]
    edge = set(".,;:!?\"“”'") | {"—", "-"}
    while tokens and (tokens[0].is_space or tokens[0].text in edge):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_space or tokens[-1].text in edge):
        tokens = tokens[:-1]
    if sum(1 for t in tokens if t.is_alpha) < 3:
        return None
    return span.doc[tokens[0].i:tokens[-1].i + 1]


def _negated(ent: Span) -> bool:
    window = ent.doc[max(ent.start - 6, ent.sent.start):ent.start]
    return any(t.lower_ in ("not", "never", "n't") for t in window)
