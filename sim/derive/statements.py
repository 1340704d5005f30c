"""Who said what: statements attributed to parties, with the exact span of their words.

With a trained spaCy pipeline installed, its dependency parse decides the speaker first (the
speech verb's grammatical subject, `dep_subject`); the rules below decide where there is no
parse, which is what CI and the blank pipeline use.

A report gives a party's words in three ways, each read by rules over spaCy tokens:
- direct quotes, whole or split around their attribution (`"We will not," Marchetti said,
  "dismantle ..."`), with a quoted sentence that follows on its own read as the same speaker's;
- reported speech (`Putin said ...`, `He insists ...`) and stated stances (`MAHWU is demanding
  ...`, `the government has offered two`), one statement per clause ("X has proposed 450,
  while Y has asked for 600" is two);
- `according to X, ...`.

The speaker is the subject nearest the speech verb: the party, person or role noun just before
it (skipping a parenthesis such as ", who heads the delegation,"), or the one just after it in
inverted attribution (`..." said AOSIS chair Marianne Leclerc`). Datelines name no one.
Pronouns and role nouns are resolved to a recent party of their kind: "he"/"she" to the last
person who spoke or acted, "the union" to the party whose name has "Union", "the government"
to a state, "its delegation" or "they" to the last subject. People outside every party
(analysts, officials of bodies not at the table) are speakers too, so their words are never
given to a party. Sentences no rule attributes are kept aside for the report.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sim.derive.discover import NOT_NAMES, TITLES, Discovered, Person, text_of
from sim.derive.documents import Document
from sim.derive.pipeline import OUTSIDER, PARTY, PERSON
from sim.derive.places import demonym_of, places

SPEECH_VERBS = {"said", "says", "say", "told", "tells", "stated", "states", "added", "adding",
                "warned", "warns", "emphasized", "emphasised", "declared", "described",
                "argued", "argues", "noted", "announced", "acknowledged", "acknowledge",
                "acknowledges", "urged", "urges", "named", "called", "reiterated",
                "stressed", "repeated", "explained",
                "cautioned", "signalled", "signaled", "replied", "responded", "countered",
                "maintained", "maintains", "claimed", "claims", "believes", "believed",
                "indicated", "suggested", "conceded", "admitted", "vowed", "pledged",
                "promised", "threatened", "confirmed", "complained", "wrote", "tweeted"}
"""Verbs of speech: the statement is what follows the verb."""

STANCE_VERBS = {"wants", "want", "wanted", "seeks", "seek", "sought", "seeking", "intends",
                "intend", "demands", "demand", "demanded", "demanding", "rejected", "rejects",
                "refuses", "refused", "requires", "supports", "opposes", "opposed", "proposed",
                "proposes", "proposing", "offered", "offers", "asked", "asks", "pressed",
                "dismissed", "ruled", "rules", "tabled", "floated", "insisted", "expects",
                "expected", "accepts", "accepted", "backed", "backs", "objects", "objected",
                "insists", "insist",
                "could", "would", "will", "cannot", "must", "is", "has", "have", "was", "were",
                "led", "calls", "called", "made", "refusing", "agreed"}
"""Verbs (and auxiliaries) after which a party's own stance follows."""

PRONOUNS = {"he", "she"}
"""Pronouns read as the last person who spoke or acted."""

PLURAL = {"they", "it", "its", "their", "his", "her"}
"""Pronouns (and possessives) read as the last subject party."""

ROLE_WORDS = {"union", "unions", "workers", "employers", "operators", "management",
              "terminals", "government", "authorities", "administration",
              "rebels", "group", "movement", "fighters", "insurgents", "militants", "council",
              "bloc", "alliance", "coalition", "federation", "front", "islands", "association",
              "organisation", "organization", "commission", "delegation", "team", "side",
              "negotiators", "officials", "companies", "guild", "league", "party", "army",
              "members", "republic", "producers", "growers", "island", "company", "firm",
              "corporation", "ministry", "department", "bank", "agency"}
"""Nouns that stand for a party when preceded by "the" or a possessive ("the union")."""

OFFICE_WORDS = {"minister", "negotiator", "spokesperson", "spokesman", "spokeswoman", "envoy",
                "commissioner", "ambassador", "president", "premier", "chancellor", "secretary",
                "chair", "chairman", "chairwoman", "leader", "commander", "official"}
"""Offices that, after "the", stand for the person who last spoke ("the minister said")."""

OUTSIDE_CUES = ("not part of the talks", "not party to the talks", "not a party to",
                "not party to the negotiations", "not party to", "not taking part",
                "not at the table",
                "sent only observers", "not involved in the talks", "not participating",
                "not part of the negotiations", "not represented", "not taking part in",
                "not take part", "is not negotiating")
"""Phrases that put the bodies they follow outside the talks."""

OUTSIDE = re.compile(
    r"\b(?:(?:not|no|never|nor)\s+(?:[\w-]+\s+){0,3}?(?:party|parties|part|role|seat|say|"
    r"members?)\s+(?:[\w-]+\s+){0,4}?(?:talks|negotiations|table|consultations|bargaining|"
    r"process|discussions)"
    r"|(?:is|are|was|were)\s+(?:also\s+|still\s+)?not\s+(?:at|involved|participating|"
    r"represented|present|"
    r"negotiating|taking\s+part)\b"
    r"|take[sn]?\s+no\s+part|taking\s+no\s+part|(?:has|have|had)\s+no\s+(?:role|seat|part)"
    r"|not\s+at\s+the\s+(?:[\w-]+\s+)?table|sent\s+(?:only\s+)?observers"
    # "told reporters outside the talks at a Vienna hotel" is where they spoke, not a role.
    r"|(?<!reporters )(?<!journalists )outside\s+the\s+(?:talks|negotiations|process)"
    r"(?!\s+(?:at|in|venue|building|hall|room)\b))", re.I)
"""The same, in the many ways a report words it ("has no role in the negotiations", "take no
part in the bargaining", "is not a coastal state party to the consultations")."""

AT_TABLE_WORDS = {"talks", "negotiations", "delegations", "consultations", "met", "meeting",
                  "negotiating", "dispute", "summit", "truce", "deal", "exchange"}
"""Words of a sentence that lists who is at the table ("talks between X and Y")."""

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
    words: str = ""
    """The words read for the statement's meaning (a split quote's parts, joined)."""
    sentence: tuple[int, int] = (0, 0)
    """The sentence (or quoted passage) the statement stands in."""
    index: int = 0
    """Position of its sentence in the document (for reading the ones before it)."""

    def __post_init__(self) -> None:
        if not self.words:
            self.words = self.quote

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


@dataclass(frozen=True)
class Flag:
    """A sentence that says something about a party's place at the table."""

    party: str
    seed: str
    start: int
    end: int
    quote: str


@dataclass
class Attribution:
    """Every statement found in a set of documents, and what the text says of the parties."""

    statements: list[Statement] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    outside: dict[str, Flag] = field(default_factory=dict)
    """Party → where the text says it is not at the table."""
    mediators: dict[str, Flag] = field(default_factory=dict)
    """Party → where the text makes it a mediator or chair, in order of appearance."""
    at_table: dict[str, Flag] = field(default_factory=dict)
    """Party → where the text lists it among those negotiating."""
    outsiders: set[str] = field(default_factory=set)
    """Speakers outside every party (analysts, officials of bodies not at the table)."""
    mentions: dict[str, int] = field(default_factory=dict)
    """Party → how often it is named (people and role nouns included)."""
    people: dict[str, str] = field(default_factory=dict)
    """Person → the party they were read as speaking for."""
    sentences: dict[str, set[tuple[str, int]]] = field(default_factory=dict)
    """Party → the sentences (document, number) that name it."""
    length: int = 0
    """Sentences in all the documents."""


# --------------------------------------------------------------------------- units


@dataclass
class Unit:
    """A sentence, or several sentences inside one quotation, with its quoted parts."""

    span: Span
    quotes: list[tuple[int, int]]
    """Character spans of the quoted parts (without the marks)."""
    paragraph: int

    @property
    def text(self) -> str:
        return self.span.text

    def in_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.quotes)

    @property
    def pure_quote(self) -> bool:
        """Whether the unit is nothing but a quotation."""
        outside = self.frame_text()
        return bool(self.quotes) and not re.search(r"\w", outside)

    def frame_text(self) -> str:
        text = text_of(self.span.doc)
        pieces = []
        k = self.span.start_char
        for s, e in self.quotes:
            pieces.append(text[k:max(s - 1, k)])
            k = e + 1
        pieces.append(text[k:self.span.end_char])
        return " ".join(pieces)


def quote_pairs(text: str) -> list[tuple[int, int]]:
    """(opening, closing) positions of quotation marks, paired within paragraphs."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for k, ch in enumerate(text):
        if ch == "\n" and open_at is not None and "\n\n" in text[open_at:k + 2]:
            open_at = None
        if ch == "“":
            open_at = k
        elif ch == "”":
            if open_at is not None:
                pairs.append((open_at, k))
            open_at = None
        elif ch == "\"":
            before = text[k - 1] if k else " "
            if open_at is None and (before.isspace() or before in "([—–-:" or k == 0):
                open_at = k
            elif open_at is not None:
                pairs.append((open_at, k))
                open_at = None
    return pairs


def units_of(doc: Doc) -> list[Unit]:
    """The document's sentences, merged where one quotation runs across several."""
    pairs = quote_pairs(text_of(doc))
    sents = [s for s in doc.sents if s.text.strip()]
    units: list[Unit] = []
    paragraph = 0
    k = 0
    while k < len(sents):
        sent = sents[k]
        if "\n" in text_of(doc)[sents[k - 1].end_char if k else 0:sent.start_char + 1] or \
                sent.text.startswith(("\n", " \n")) or (k and "\n" in sents[k - 1].text[-3:]):
            paragraph += 1
        end = k
        # A quotation opened in this sentence and closed in a later one joins them.
        for o, c in pairs:
            if sent.start_char <= o < sent.end_char:
                while end + 1 < len(sents) and sents[end].end_char <= c and "\n\n" not in \
                        text_of(doc)[sents[end].end_char - 1:sents[end + 1].start_char + 1]:
                    end += 1
        stripped = _strip(doc[sents[k].start:sents[end].end])
        if stripped is not None:
            span = stripped
            quotes = [(o + 1, c) for o, c in pairs
                      if span.start_char <= o and c < span.end_char + 1]
            units.append(Unit(span, quotes, paragraph))
        k = end + 1
    return units


def _strip(span: Span) -> Span | None:
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return None
    return span.doc[tokens[0].i:tokens[-1].i + 1]


# --------------------------------------------------------------------------- resolution


@dataclass
class Context:
    """What a reader remembers going through a document: who was spoken of last."""

    found: Discovered
    last_subject: str | None = None
    last_person: str | None = None
    """The party of the last person who spoke or acted."""
    recent: list[str] = field(default_factory=list)
    """Parties named, most recent last."""
    subjects: list[str] = field(default_factory=list)
    """Parties that spoke or acted (a sentence's subject), most recent last: "the ministry"
    is the state that last spoke, not the one last named as an object."""
    people: dict[str, str] = field(default_factory=dict)
    """Person → party, as resolved in this document."""
    outsiders: set[str] = field(default_factory=set)
    demonyms: dict[str, str] | None = None
    _heads: set[str] | None = None
    _people_by_name: dict[str, Person] | None = None
    doc: Doc | None = None
    """The document being read."""

    def named(self, party: str) -> None:
        if party in self.recent:
            self.recent.remove(party)
        self.recent.append(party)

    def heads(self) -> set[str]:
        """Role nouns that stand for some body found ("the bondholders", "the committee")."""
        if self._heads is None:
            self._heads = {h for b in self.found.bodies.values() for h in b.heads
                           if " " not in h and b.kind == "organisation"}
        return self._heads

    def person(self, text: str) -> Person | None:
        """The person found whose name or surname is `text` (the first found, if several)."""
        if self._people_by_name is None:
            self._people_by_name = {}
            for p in self.found.people.values():
                self._people_by_name.setdefault(p.name, p)
                self._people_by_name.setdefault(p.surname, p)
        return self._people_by_name.get(text)

    def acted(self, party: str) -> None:
        """Note `party` as the subject of a sentence (it spoke or acted)."""
        if party in self.subjects:
            self.subjects.remove(party)
        self.subjects.append(party)

    def role(self, word: str, avoid: str | None = None) -> str | None:
        """The party a role noun stands for: of the parties of that kind, the one that last
        spoke or acted, else the one last named."""
        word = word.lower()
        candidates = [name for name, body in self.found.bodies.items() if word in body.heads]
        if word in {"delegation", "team", "side", "negotiators", "officials", "members"}:
            return self.last_subject
        if not candidates and word in FIRM_NOUNS:
            # "the utility" with no body called one: an organisation whose name says nothing
            # of what it is ("Energía Ibérica del Tajo"), if the text has just one.
            bare = [name for name, body in self.found.bodies.items()
                    if body.kind == "organisation" and not body.heads and name in self.recent]
            candidates = bare if len(bare) == 1 else []
        if not candidates:
            return None
        explicit = [c for c in candidates if word in {w.lower() for w in c.split()}
                    or any(word in a.lower().split() for a in self.found.bodies[c].aliases)]
        # A body whose own name has the word ("the union": the Workers' Union) wins, once it
        # has been named.
        pool = explicit if set(explicit) & set(self.recent) else candidates
        for party in [*reversed(self.subjects), *reversed(self.recent)]:
            if party in pool and party != avoid:
                return party
        return pool[0] if len(pool) == 1 else None


WRITTEN_WORDS = {"statement", "letter", "communique", "communiqué", "release", "memo"}
"""Nouns for a text that speaks for whoever issued it ("the statement said")."""

FIRM_NOUNS = {"utility", "company", "firm", "operator", "carrier", "airline", "insurer",
              "lender", "drugmaker", "carmaker", "developer", "contractor", "manufacturer",
              "producer", "supplier", "miner", "builder"}
"""Role nouns for a business, which may stand for a body named without any such word."""


@dataclass(frozen=True)
class Ref:
    """Something in the text that stands for a speaker."""

    start: int
    end: int
    party: str | None
    """The party, or None for an outsider."""
    kind: str
    """`name`, `person`, `role`, `pronoun` or `outsider`."""
    text: str


def refs(span: Span, ctx: Context, *, resolve: bool = True) -> list[Ref]:
    """Parties, people, role nouns and pronouns in `span`, in order."""
    out: list[Ref] = []
    covered: set[int] = set()
    for ent in ents_in(span):
        covered.update(range(ent.start, ent.end))
        if ent.label_ == PARTY:
            out.append(Ref(ent.start, ent.end, str(ent.ent_id_), "name", ent.text))
        elif ent.label_ == PERSON:
            party = ctx.people.get(str(ent.ent_id_)) or None
            kind = "outsider" if str(ent.ent_id_) in ctx.outsiders else "person"
            out.append(Ref(ent.start, ent.end, party, kind, ent.text))
        elif ent.label_ == OUTSIDER:
            out.append(Ref(ent.start, ent.end, None, "outsider", ent.text))
    doc = span.doc
    for tok in span:
        if tok.i in covered:
            continue
        word = tok.lower_
        prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
        if word in PRONOUNS and not _in_quote_token(tok):
            out.append(Ref(tok.i, tok.i + 1, ctx.last_person if resolve else None, "pronoun",
                           tok.text))
        elif word in OFFICE_WORDS and prev == "the" and not _in_quote_token(tok) and \
                tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in SPEECH_VERBS | {",", "has",
                                                                             "had", "was"}:
            # "the minister said": the person who last spoke or acted.
            out.append(Ref(tok.i - 1, tok.i + 1, ctx.last_person if resolve else None,
                           "pronoun", doc[tok.i - 1:tok.i + 1].text))
        elif word in {"they", "it"} and not _in_quote_token(tok) and _is_subject(tok):
            out.append(Ref(tok.i, tok.i + 1, ctx.last_subject if resolve else None, "pronoun",
                           tok.text))
        elif (word in ROLE_WORDS or word in ctx.heads()) \
                and prev in {"the", "its", "his", "her", "their"} \
                and not _in_quote_token(tok):
            party = ctx.role(word) if resolve else None
            if prev in {"its", "his", "her", "their"} and word in {"delegation", "team", "side",
                                                                  "members", "government"}:
                party = ctx.last_subject if prev in {"its", "their"} else (
                    ctx.last_person or ctx.last_subject)
            # "the island states", "the small islands": the head noun decides.
            out.append(Ref(tok.i - 1, tok.i + 1, party, "role", doc[tok.i - 1:tok.i + 1].text))
        elif word in {"its", "his", "her", "their"} and tok.i + 1 < len(doc) and \
                doc[tok.i + 1].lower_ in {"head", "spokesperson", "spokesman", "spokeswoman",
                                          "chief", "leader", "negotiator", "envoy"} \
                and not _in_quote_token(tok):
            party = ctx.last_subject if word in {"its", "their"} else ctx.last_person
            out.append(Ref(tok.i, tok.i + 2, party, "role", doc[tok.i:tok.i + 2].text))
    out.sort(key=lambda r: r.start)
    return out


def ents_in(span: Span) -> list[Span]:
    """The document's entities inside `span` (spaCy's `Span.ents` walks every entity)."""
    doc = span.doc
    ents = doc.user_data.get("ents")
    if ents is None:
        ents = doc.user_data["ents"] = list(doc.ents)
        doc.user_data["ent_starts"] = [e.start for e in ents]
    k = bisect.bisect_left(doc.user_data["ent_starts"], span.start)
    out = []
    while k < len(ents) and ents[k].start < span.end:
        if ents[k].end <= span.end:
            out.append(ents[k])
        k += 1
    return out


def _is_subject(tok: Token) -> bool:
    nxt = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
    return nxt in STANCE_VERBS | SPEECH_VERBS | {"had", "did", "do", "does", "should", "can",
                                                  "might", "may", "are"}


_AUX = {"will", "would", "could", "can", "cannot", "must", "should", "may", "might", "is",
        "are", "was", "were", "has", "have", "had", "not", "did", "does", "do"}

NOUNISH = {"states", "claims", "notes", "calls"}
"""Speech verbs that are also nouns ("member states", "its claims")."""


def _noun_use(tok: Token) -> bool:
    """Whether a speech verb that is also a noun is used as one: it is a verb only right after
    a name or a pronoun ("Brazil claims", "it states")."""
    if tok.ent_type_:
        return True  # "the United States"
    if tok.lower_ not in NOUNISH or tok.i == 0:
        return False
    prev = tok.doc[tok.i - 1]
    return not (prev.ent_type_ or prev.lower_ in {"he", "she", "it", "they", "also", "now",
                                                  "still", "repeatedly"})


def _in_quote_token(tok: Token) -> bool:
    return tok.i in tok.doc.user_data.get("in_quote", ())


# --------------------------------------------------------------------------- attribution


def attribute(nlp: Language, docs: list[Document], found: Discovered | None = None,
              ) -> Attribution:
    """Find and attribute the statements in every document."""
    result = Attribution()
    for k, document in enumerate(docs):
        doc = nlp(document.text)
        ctx = Context(found or Discovered(), doc=doc)
        dateline = (found.datelines.get(k) if found else None) or (0, 0)
        _attribute_doc(document.name, doc, ctx, result, dateline)
        result.outsiders |= ctx.outsiders
        result.people.update({p: party for p, party in ctx.people.items() if party})
    return result


def _attribute_doc(seed: str, doc: Doc, ctx: Context, result: Attribution,
                   dateline: tuple[int, int]) -> None:
    units = units_of(doc)
    result.length += len(units)
    in_quote = {t.i for u in units for t in u.span if u.in_quote(t.idx)}
    doc.user_data["in_quote"] = in_quote
    _bind_people(doc, ctx)
    previous: Statement | None = None
    previous_unit: Unit | None = None
    for index, unit in enumerate(units):
        if unit.span.end_char <= dateline[1] and dateline[1]:
            continue
        span = unit.span
        if span.start_char < dateline[1]:
            cut = doc.char_span(dateline[1], span.end_char, alignment_mode="expand")
            if cut is None:
                continue
            span = _strip(cut) or span
            unit = Unit(span, unit.quotes, unit.paragraph)
        if not unit.span.text.rstrip().endswith((".", "!", "?", "\"", "”", "'", "’")):
            continue  # a heading, not a sentence
        found = _read_unit(seed, unit, ctx, result, previous, previous_unit, index)
        result.statements += [f for f in found if f is not previous]
        _flags(seed, unit, ctx, result, units[max(index - 2, 0):index])
        for ref in refs(unit.span, ctx):
            if ref.party:
                result.mentions[ref.party] = result.mentions.get(ref.party, 0) + 1
                if not modifier(doc, ref):
                    # "Austria's People's Party" names the party, not Austria in its own right.
                    result.sentences.setdefault(ref.party, set()).add((seed, index))
                if not unit.in_quote(doc[ref.start].idx):
                    ctx.named(ref.party)
        if found:
            previous = found[-1]
        elif not unit.pure_quote:
            previous = None
        previous_unit = unit


def _bind_people(doc: Doc, ctx: Context) -> None:
    """Note the people outside every party."""
    for ent in ents_in(doc[:]):
        if ent.label_ == OUTSIDER:
            ctx.outsiders.add(str(ent.ent_id_))


def _subject_of_unit(unit: Unit, ctx: Context, refs_: list[Ref]) -> Ref | None:
    """The first reference that opens the unit's frame (its grammatical subject)."""
    doc = unit.span.doc
    for ref in refs_:
        if unit.in_quote(doc[ref.start].idx):
            continue
        before = doc[unit.span.start:ref.start]
        words = [t for t in before if not t.is_punct and not t.is_space]
        if len(words) <= 3:
            return ref
        return None
    return None


def _read_unit(seed: str, unit: Unit, ctx: Context, result: Attribution,
               previous: Statement | None, previous_unit: Unit | None,
               index: int) -> list[Statement]:
    span = unit.span
    all_refs = refs(span, ctx)
    _resolve_people(unit, ctx, all_refs)
    all_refs = refs(span, ctx)
    statements: list[Statement] = []
    if unit.quotes and unit.pure_quote:
        # A quotation standing alone continues the quote before it, from the same speaker.
        if previous is not None and previous_unit is not None and \
                previous_unit.paragraph == unit.paragraph and previous_unit.quotes:
            _extend(previous, unit)
            return [previous]
        result.unread.append(Unread(seed, span.start_char, span.end_char, span.text,
                                    "quote with no speaker named"))
        return []
    if unit.quotes and _mostly_quoted(unit):
        speaker, verb = _quote_speaker(unit, ctx, all_refs)
        if verb is not None:
            if speaker is None:
                result.unread.append(Unread(seed, span.start_char, span.end_char, span.text,
                                            "quote whose speaker is no party found"))
                return []
            if speaker.party is None:
                if speaker.kind != "outsider":
                    result.unread.append(Unread(seed, span.start_char, span.end_char, span.text,
                                                f"quote by {speaker.text}, of no party found"))
                return []
            statement = _quote_statement(seed, unit, speaker, verb, ctx, index)
            if statement is not None:
                _speaker_seen(ctx, speaker)
                statements.append(statement)
                return statements
    for clause in _clauses(span):
        statement = _reported(seed, unit, clause, ctx, result, index)
        if statement is not None:
            statements.append(statement)
    subject = _subject_of_unit(unit, ctx, all_refs)
    if subject is not None and subject.party:
        ctx.last_subject = subject.party
        ctx.acted(subject.party)
        if subject.kind in {"person", "pronoun"} or _is_person_alias(ctx, subject.text):
            ctx.last_person = subject.party
    elif not statements and _someone_else_acts(unit, all_refs):
        # "A committee of seven banks ... represents the lenders. Its chairman said ...": the
        # subject is no party found, so "its", "he" and "she" next are not the last party.
        ctx.last_subject = ctx.last_person = None
    # "Indonesia's Trade Minister, Arief Santoso, struck a firm tone": the person named
    # before the first verb is who "he" or "she" will be next.
    doc = span.doc
    first_verb = next((t.i for t in span if t.lower_ in STANCE_VERBS | SPEECH_VERBS
                       and not unit.in_quote(t.idx)), span.end)
    people = [r for r in all_refs if r.end <= first_verb and r.party
              and not unit.in_quote(doc[r.start].idx)
              and (r.kind == "person" or _is_person_alias(ctx, r.text))]
    if people and not statements:
        ctx.last_person = people[0].party
    return statements


def _someone_else_acts(unit: Unit, unit_refs: list[Ref]) -> bool:
    """Whether the sentence opens with a subject that is no reference ("A committee of seven
    banks", "The diplomat, who asked not to be named,") and goes on to say or do something."""
    if unit.pure_quote or (unit.quotes and unit.in_quote(unit.span.start_char + 1)):
        return False
    doc = unit.span.doc
    first = unit.span[0]
    if first.lower_ not in {"a", "an", "the", "one", "two", "several", "some", "many"} or \
            len(unit.span) < 2 or not unit.span[1].is_lower:
        return False
    verb = next((t for t in unit.span if (t.lower_ in SPEECH_VERBS or t.lower_ in STANCE_VERBS)
                 and not _passive(t) and not _noun_use(t)), None)
    end = verb.i if verb is not None else unit.span.start + 12
    return not any(r.start < end and r.party for r in unit_refs
                   if not unit.in_quote(doc[r.start].idx) and not modifier(doc, r)
                   and not _governed(doc, r))


def _mostly_quoted(unit: Unit) -> bool:
    """Whether the quotation is the statement (not a phrase quoted inside reported speech)."""
    quoted = sum(e - s for s, e in unit.quotes)
    opens = unit.quotes[0][0] - unit.span.start_char <= 1
    return opens or quoted >= 0.5 * len(unit.span.text)


def _is_person_alias(ctx: Context, text: str) -> bool:
    return ctx.person(text) is not None


def _speaker_seen(ctx: Context, speaker: Ref) -> None:
    if speaker.party:
        ctx.last_subject = speaker.party
        ctx.acted(speaker.party)
        if speaker.kind in {"person", "pronoun"} or _is_person_alias(ctx, speaker.text) or \
                _office_after(ctx, speaker):
            ctx.last_person = speaker.party


def _office_after(ctx: Context, ref: Ref) -> bool:
    """"An SLF commander ...", "Qatar's minister of state ...": a party named with an office,
    so the one who spoke is a person ("he" next is them)."""
    doc = ctx.doc
    if doc is None or ref.end >= len(doc):
        return False
    if doc[ref.end - 1].lower_ in TITLES | OFFICE_WORDS:
        return True  # "a senior Azerbaijani official" is one person
    k = ref.end
    if doc[k].text in {"'s", "’s"}:
        k += 1
    for tok in doc[k:min(k + 4, len(doc))]:
        if tok.lower_ in TITLES or tok.lower_ in OFFICE_WORDS:
            return True
        if not (tok.is_alpha and tok.is_lower):
            return False
    return False


def _resolve_people(unit: Unit, ctx: Context, unit_refs: list[Ref]) -> None:
    """A person first met with no party takes one from the office's words or the context."""
    doc = unit.span.doc
    for ref in unit_refs:
        if ref.kind != "person" or ref.party is not None:
            continue
        name = ctx.person(ref.text)
        if name is None or name.name in ctx.people:
            continue
        person = name
        party: str | None = None
        if person.body == "@government":
            party = _government_of(unit, ctx, unit_refs)
        elif person.body and person.body.startswith("@"):
            word = person.body[1:]
            if word in {"its", "their"}:
                # "The SPA wants five, and its secretary general, Daniel Kiprono, said":
                # the body named last before them in the sentence, else the last subject.
                owner_at = max((t.i for t in doc[unit.span.start:ref.start]
                                if t.lower_ == word), default=ref.start)
                near = [r.party for r in unit_refs if r.end <= owner_at and r.party
                        and r.kind in {"name", "role"} and not unit.in_quote(doc[r.start].idx)]
                party = near[-1] if near else ctx.last_subject
            elif word in {"his", "her"}:
                party = ctx.last_person or ctx.last_subject
            else:
                # '"The Liberals would never sign," said party chair Ines Hocevar': the one
                # body the quote names is the one whose office it is.
                quoted = {r.party for r in unit_refs if r.kind == "name" and r.party
                          and unit.in_quote(doc[r.start].idx)}
                party = quoted.pop() if len(quoted) == 1 else ctx.role(word)
        if party is None:
            # The party named elsewhere in the sentence, outside quotes, else the last subject.
            others = [r.party for r in unit_refs if r.party and r.kind in {"name", "role"}
                      and not unit.in_quote(doc[r.start].idx)]
            inside = [r.party for r in unit_refs if r.party and r.kind == "name"
                      and unit.in_quote(doc[r.start].idx)]
            party = (others[0] if len(set(others)) == 1 else None) or (
                inside[0] if len(set(inside)) == 1 else None) or ctx.last_subject
        if _outside_person(unit, ref):
            ctx.outsiders.add(person.name)
            ctx.people[person.name] = ""
            continue
        if party:
            ctx.people[person.name] = party


def _government_of(unit: Unit, ctx: Context, unit_refs: list[Ref]) -> str | None:
    """The state a minister named with no country speaks for: the one state the sentence
    names (outside its quotes, else inside them), else the last state spoken of."""
    doc = unit.span.doc

    def state(party: str | None) -> bool:
        body = ctx.found.bodies.get(party or "")
        return bool(party) and (body is None or body.kind == "country")

    for quoted in (False, True):
        named = {r.party for r in unit_refs if r.kind == "name" and state(r.party)
                 and unit.in_quote(doc[r.start].idx) is quoted}
        # A place where something happens ("has a consular team in Oslo") yields to a state
        # named otherwise, but may be all there is ("a spokesman said in Washington").
        acting = {r.party for r in unit_refs if r.kind == "name" and state(r.party)
                  and unit.in_quote(doc[r.start].idx) is quoted and not _locative(doc, r)}
        for choice in (named, acting):
            if len(choice) == 1:
                return choice.pop()
    if ctx.found.home:
        return ctx.found.home
    if state(ctx.last_subject):
        return ctx.last_subject
    return ctx.role("government")


def _outside_person(unit: Unit, ref: Ref) -> bool:
    after = unit.span.doc[ref.end:min(ref.end + 14, unit.span.end)].text.lower()
    return any(cue in after for cue in OUTSIDE_CUES)


def _quote_speaker(unit: Unit, ctx: Context, unit_refs: list[Ref],
                   ) -> tuple[Ref | None, Token | None]:
    """The speaker of a quotation: the reference nearest the speech verb outside the marks."""
    doc = unit.span.doc
    verbs = [t for t in unit.span if t.lower_ in SPEECH_VERBS and not unit.in_quote(t.idx)
             and not _noun_use(t)]
    if not verbs:
        return None, None
    verb = verbs[0]
    outside = [r for r in unit_refs if not unit.in_quote(doc[r.start].idx)
               and not _locative(doc, r) and not _governed(doc, r)]
    before = [r for r in outside if r.end <= verb.i and not _in_parenthesis(doc, r, verb.i)]
    after = [r for r in outside if r.start > verb.i]
    parsed = dep_subject(verb, outside)
    if parsed is not None:
        return _real(parsed, ctx), verb
    if _unknown_name_at(doc, verb, outside):
        # '"...," Nurse told reporters outside the league's offices': a speaker derive does
        # not know, not the league named after the verb.
        return None, verb
    quote_before = any(c < verb.idx for _, c in unit.quotes)
    # `"...," said X` puts the speaker after the verb; `"...," X said` before it.
    if before and (not quote_before or _after_last_quote(unit, before[-1])):
        return _real(before[-1], ctx), verb
    if after and doc[verb.i - 1].text in {",", "”", "\""} | set(CLOSING):
        return _real(after[0], ctx), verb
    if before:
        return _real(before[-1], ctx), verb
    if after:
        return _real(after[0], ctx), verb
    if verb.i >= 2 and doc[verb.i - 1].lower_ in WRITTEN_WORDS and \
            doc[verb.i - 2].lower_ in {"the", "its", "their"} and ctx.last_person:
        # '"Anything above 2,100 is more than we can absorb," the statement said': the
        # written statement of whoever was last quoted.
        return Ref(verb.i - 2, verb.i, ctx.last_person, "role",
                   doc[verb.i - 2:verb.i].text), verb
    return None, verb


def _unknown_name_at(doc: Doc, verb: Token, refs_: list[Ref]) -> bool:
    """Whether a name no reference covers stands right before the speech verb ('," Nurse
    said') or right after it ('," said Nurse.')."""
    covered = {k for r in refs_ for k in range(r.start, r.end)}
    for k, step in ((verb.i - 1, -1), (verb.i + 1, 1)):
        if not (0 <= k < len(doc)) or not doc[k].is_title or doc[k].text in NOT_NAMES:
            continue
        run = []
        while 0 <= k < len(doc) and (doc[k].is_title or doc[k].is_upper) and \
                not doc[k].is_punct:
            run.append(k)
            k += step
        if step == 1 and k < len(doc) and (doc[k].text == "-" or doc[k].is_lower):
            # "said Green co-leader Hana Lesjak": an office of lower-case and hyphened words
            # may stand between the run and the known person.
            j = k
            while j < len(doc) and j - k < 5 and (doc[j].text == "-" or doc[j].is_lower):
                j += 1
            if j in covered:
                continue
        # "said Dravian Justice Minister Nadia Kovač": a known person ends the run.
        if not covered & set(run) and not any(doc[j].ent_type_ for j in run) and \
                not all(doc[j].lower_ in TITLES for j in run):
            return True
    return False


def dep_subject(verb: Token, candidates: list[Ref]) -> Ref | None:
    """With a trained pipeline's parse: the reference that is the verb's subject.

    The subject is the verb's `nsubj` (or `nsubjpass`) child; the reference is the one
    inside its subtree nearest its head word ("Canada's minister, Ellen Marchetti, said":
    the subtree of "minister" holds both "Canada" and "Ellen Marchetti", and either speaks
    for Canada). With no parse (the blank pipeline), or no subject among the references,
    None: the rules over tokens decide.
    """
    doc = verb.doc
    if not doc.has_annotation("DEP"):
        return None
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass"):
            continue
        left, right = child.left_edge.i, child.right_edge.i + 1
        inside = [r for r in candidates if left <= r.start and r.end <= right]
        if inside:
            return min(inside, key=lambda r: min(abs(r.start - child.i), abs(r.end - 1
                                                                              - child.i)))
    return None


def _after_last_quote(unit: Unit, ref: Ref) -> bool:
    doc = unit.span.doc
    return all(c <= doc[ref.start].idx for _, c in unit.quotes if c <= doc[ref.start].idx)


def _real(ref: Ref, ctx: Context) -> Ref:
    if ref.kind == "outsider":
        return Ref(ref.start, ref.end, None, "outsider", ref.text)
    return ref


def _in_parenthesis(doc: Doc, ref: Ref, verb_at: int) -> bool:
    """Whether a reference stands in ", who heads the delegation," just before the verb."""
    between = doc[ref.end:verb_at]
    closed = between.text.strip().startswith(",") or any(t.text == "," for t in between)
    k = ref.start - 1
    while k >= 0 and doc[k].text != "," and ref.start - k < 12:
        if doc[k].lower_ in {"who", "which", "whose"}:
            return closed
        k -= 1
    # "Argentina, a Mercosur member, has insisted": an apposition names no speaker.
    return (k >= 0 and doc[k].text == "," and k + 1 < ref.start
            and doc[k + 1].lower_ in {"a", "an", "one", "led", "headed", "including"}
            and closed)


def _quote_statement(seed: str, unit: Unit, speaker: Ref, verb: Token, ctx: Context,
                     index: int) -> Statement | None:
    doc = unit.span.doc
    text = text_of(doc)
    words = [text[s:e] for s, e in unit.quotes]
    start, end = unit.quotes[0][0], unit.quotes[-1][1]
    # "..., adding that disarmament "cannot even be discussed" before ...": the reported part
    # after the verb belongs to the statement too.
    tail = text[end + 1:unit.span.end_char]
    added = re.search(r"\b(adding|added|saying|and said|but said)\b(.*)$", tail, re.S)
    if added and re.search(r"\w", added.group(2)):
        words.append(added.group(2))
        end = unit.span.end_char
    elif verb.idx > end:
        pass
    elif any(s > verb.idx for s, _ in unit.quotes) and verb.idx < start:
        # `X said: "..."` reads only the quote.
        pass
    start, end = _trim_chars(text, start, end)
    if end - start < 8:
        return None
    return Statement(seed, speaker.party or "", start, end, text[start:end],
                     "direct quote" if speaker.kind != "pronoun"
                     else f"direct quote ({speaker.text} read as {speaker.party})",
                     _mentions(doc, start, end, speaker.party or "", ctx),
                     " ".join(w.strip(" ,") for w in words),
                     (unit.span.start_char, unit.span.end_char), index)


def _extend(statement: Statement, unit: Unit) -> None:
    doc = unit.span.doc
    text = text_of(doc)
    end = unit.quotes[-1][1]
    _, end = _trim_chars(text, statement.start, end)
    statement.end = end
    statement.quote = text[statement.start:end]
    statement.words += " " + " ".join(text[s:e] for s, e in unit.quotes)
    statement.sentence = (statement.sentence[0], unit.span.end_char)


def _trim_chars(text: str, start: int, end: int) -> tuple[int, int]:
    edge = " \n\t.,;:!?\"“”'—-"
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        end -= 1
    return start, end


_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=while\s|whereas\s)|\s+while\s+(?=[A-Z])|"
                           r",\s+(?=but\s+(?:it|they|he|she|the)\s)|"
                           # "... pressed for a steep rise and Spain refused to commit to it"
                           r",?\s+and\s+(?=(?:[A-Z][\w'’-]*\s+){1,4}(?:has|have|had|is|was|"
                           r"refused|rejected|wants|said|insisted|insists|offered|proposed|"
                           r"demanded|will|would|could|cannot|says)\b)")


def _clauses(span: Span) -> list[Span]:
    """The clauses of a sentence that may each carry a stance of their own."""
    doc = span.doc
    out: list[Span] = []
    start = span.start_char
    for m in _CLAUSE_BREAK.finditer(span.text):
        at = span.start_char + m.start()
        piece = doc.char_span(start, at, alignment_mode="contract")
        if piece is not None and len(piece):
            out.append(piece)
        start = span.start_char + m.end()
    piece = doc.char_span(start, span.end_char, alignment_mode="contract")
    if piece is not None and len(piece):
        out.append(piece)
    return out


def _reported(seed: str, unit: Unit, clause: Span, ctx: Context, result: Attribution,
              index: int) -> Statement | None:
    """One clause of reported speech or stated stance, if a party holds it."""
    doc = clause.doc
    clause_refs = [r for r in refs(clause, ctx) if not unit.in_quote(doc[r.start].idx)]
    according = re.search(r"\b[Aa]ccording to\b", clause.text)
    if according and clause.text.lstrip().lower().startswith("according to"):
        after = [r for r in clause_refs if doc[r.start].idx > clause.start_char +
                 according.end()][:1]
        comma = next((t for t in clause if t.text == "," and t.idx > clause.start_char +
                      according.end()), None)
        if after and after[0].party and comma is not None:
            content = doc[comma.i + 1:clause.end]
            return _make(seed, content, after[0], "according to", ctx, unit, index)
    verbs = [t for t in clause if t.lower_ in SPEECH_VERBS and not unit.in_quote(t.idx)
             and not _noun_use(t)]
    inverted = _inverted(clause, clause_refs, verbs, ctx)
    if inverted is not None:
        speaker, content, how = inverted
        if speaker.party is None:
            return None
        statement = _make(seed, content, speaker, how, ctx, unit, index)
        if statement is not None:
            _speaker_seen(ctx, speaker)
        return statement
    tail = _tail_attribution(clause, clause_refs, verbs, ctx)
    if tail is not None:
        speaker, content = tail
        if speaker.party is None:
            return None
        statement = _make(seed, content, speaker, "reported speech (speaker after the words)",
                          ctx, unit, index)
        if statement is not None:
            _speaker_seen(ctx, speaker)
        return statement
    for verb in verbs:
        if _anonymous_subject(doc, verb, clause_refs):
            # "..., diplomats said": the speakers are not a party.
            result.unread.append(Unread(seed, clause.start_char, clause.end_char, clause.text,
                                        "reported speech whose speakers are no party"))
            return None
        before = [r for r in clause_refs if r.end <= verb.i and not _in_parenthesis(doc, r, verb.i)
                  and not _in_according(doc, r) and not _locative(doc, r)]
        parsed = dep_subject(verb, clause_refs)
        if parsed is not None and parsed.end <= verb.i:
            before = [parsed]
        if not before:
            if _unknown_speaker(clause, verb):
                # "Greer, speaking in Washington, said the administration would ...", "The
                # ferry's owner ... said it would not pay": someone no party found is
                # speaking; what follows is theirs, not its subject's.
                result.unread.append(Unread(seed, clause.start_char, clause.end_char,
                                            clause.text, "reported speech whose speaker is "
                                            "no party found"))
                return None
            continue
        speaker = _real(before[-1], ctx)
        if speaker.party is None:
            if speaker.kind != "outsider":
                result.unread.append(Unread(seed, clause.start_char, clause.end_char,
                                            clause.text, f"said by {speaker.text}, of no party "
                                            "found"))
            return None
        content = _reported_content(clause, speaker, verb)
        how = "reported speech" if speaker.kind != "pronoun" else \
            f"reported speech ({speaker.text} read as {speaker.party})"
        statement = _make(seed, content, speaker, how, ctx, unit, index)
        if statement is not None:
            _speaker_seen(ctx, speaker)
        return statement
    # A stance: "MAHWU is demanding ...", "the government has offered two".
    by = re.search(r"\b(opposed|rejected|backed|supported|demanded|proposed) by\b", clause.text)
    if by:
        agents = [r for r in clause_refs if doc[r.start].idx > clause.start_char + by.end()]
        if agents and agents[0].party:
            return _make(seed, clause, agents[0], "stated stance (by ...)", ctx, unit, index)
    subject = _clause_subject(clause, clause_refs)
    if subject is not None and subject.party is None and subject.kind in {"role", "person"}:
        result.unread.append(Unread(seed, clause.start_char, clause.end_char, clause.text,
                                    f"stance of {subject.text}, no party found"))
        return None
    if subject is None or subject.party is None:
        if verbs:
            result.unread.append(Unread(seed, clause.start_char, clause.end_char, clause.text,
                                        "reported speech with no known party as its speaker"))
        return None
    how = "stated stance" if subject.kind not in {"pronoun", "role"} else \
        f"stated stance ({subject.text} read as {subject.party})"
    start = subject.start
    if start >= 2 and doc[start - 1].text == "(":
        named = [r for r in clause_refs if r.end == start - 1]
        start = named[0].start if named else start
    content = doc[start:clause.end] if start > clause.start + 3 else clause
    statement = _make(seed, content, subject, how, ctx, unit, index)
    if statement is not None:
        _speaker_seen(ctx, subject)
    return statement


LOCATIVE = {"in", "at", "from", "near", "outside", "to", "into", "of", "for", "with", "on",
             "inside", "across", "over", "against", "between", "under", "within", "without",
             "beyond", "about", "through", "among", "amid", "despite", "via", "toward",
             "towards", "around", "behind", "like", "than"}
"""Prepositions before a name that make it a place or an object, never a speaker."""


def _outside_subjects(unit: Unit, unit_refs: list[Ref], cue_at: int) -> list[Ref]:
    """The parties a sentence puts outside the talks, its wording starting at `cue_at`.

    In a relative clause ("..., which is not part of the talks"), the names just before it;
    otherwise the sentence's own subjects before the wording, not the places and objects it
    names ("with the government", "to Doha"), the owners of its subject ("Sundara's
    creditors") or names inside a parenthesis ("Israel, which opposes any deal that leaves
    Iran able to enrich, has no role").
    """
    doc = unit.span.doc
    text = text_of(doc)
    before = [r for r in unit_refs if doc[r.start].idx < cue_at]
    clauses = [(unit.span.start_char + m.start(), unit.span.start_char + m.end())
               for m in re.finditer(r",\s+(?:which|who|whose|a|an|the|led by|headed by)\b"
                                    r"[^,;]*(?=,|$)", unit.span.text)]
    for start, end in clauses:
        if start < cue_at < end:
            ahead = [r for r in before if doc[r.end - 1].idx < start and not modifier(doc, r)
                     and not any(s <= doc[r.start].idx < e for s, e in clauses)]
            if not ahead:
                return []
            last = ahead[-1]
            gap = text[doc[last.end - 1].idx + len(doc[last.end - 1]):start].strip()
            if gap.startswith(("'s", "’s")):
                # "Indonesia's Industry Ministry, which is not part of the talks": the clause
                # is about what the name owns, not about the name.
                return []
            group = [last]
            k = len(ahead) - 2
            while k >= 0 and text[doc[ahead[k].end - 1].idx + len(doc[ahead[k].end - 1]):
                                  doc[group[0].start].idx].strip(" ,") in {"", "and", "the",
                                                                            "and the"}:
                group.insert(0, ahead[k])
                k -= 1
            return group
    return [r for r in before if not _governed(doc, r) and not modifier(doc, r)
            and not any(s <= doc[r.start].idx < e for s, e in clauses)]


def _governed(doc: Doc, ref: Ref) -> bool:
    """Whether a reference of any kind is the object of a preposition ("with the
    government", "to Doha")."""
    k = ref.start - 1
    while k >= 0 and doc[k].lower_ in {"the"}:
        k -= 1
    return k >= 0 and doc[k].lower_ in LOCATIVE | {"by"} and not (
        doc[k].lower_ == "of" and k > 0 and doc[k - 1].lower_ in {"none", "neither", "both",
                                                                   "all", "each"})


HEADS_OF_SPEAKERS = {"delegation", "government", "team", "side", "negotiators", "officials",
                     "negotiator", "official", "leaders", "leader", "representatives",
                     "representative", "spokesman", "spokeswoman", "spokesperson", "envoy",
                     "envoys", "diplomats", "diplomat", "delegates", "delegate", "ministry",
                     "administration", "authorities", "cabinet", "office", "head", "chief",
                     "members", "management", "board", "lawyers", "mediators", "mediator"}
"""Nouns after a possessive that make the phrase speak for its owner ("Canada's
negotiators"), where other nouns make the owner a mere modifier ("Sundara's creditors")."""


def modifier(doc: Doc, ref: Ref) -> bool:
    """Whether a party's name only qualifies another noun, so the party is not the subject.

    "Sundara's official creditors", "the EU farm lobby": the subject is the creditors, the
    lobby. "Canada's trade minister", "Velan's delegation", "the EU negotiators" still speak
    for the party named.
    """
    if ref.kind != "name" or ref.end >= len(doc):
        return False
    if doc[ref.end].text in {"-", "–"} and not doc[ref.end - 1].whitespace_:
        return True  # "London-based Halcyon Capital"
    k = ref.end
    possessive = doc[k].text in {"'s", "’s", "'", "’"}
    if possessive:
        k += 1
    elif ref.start == 0 or doc[ref.start - 1].lower_ not in {"the", "a", "an"}:
        return False
    nouns: list[str] = []
    while k < len(doc) and doc[k].is_lower and doc[k].is_alpha and len(nouns) < 4 \
            and doc[k].lower_ not in _VERBISH and not doc[k].lower_.endswith(("ed", "ing")):
        nouns.append(doc[k].lower_)
        k += 1
    if not nouns or nouns[-1] in HEADS_OF_SPEAKERS | TITLES | ROLE_WORDS | STANCE_NOUNS:
        return False
    closed = k >= len(doc) or doc[k].is_punct or doc[k].lower_ in {"which", "who", "that"}
    # "the EU farm lobby": two nouns, or one closed by a comma, are a noun phrase of their own;
    # "the EU wants" is a verb.
    return possessive or len(nouns) >= 2 or closed


STANCE_NOUNS = {"position", "positions", "demand", "demands", "offer", "offers", "proposal",
                "proposals", "stance", "plan", "view", "views", "condition", "conditions",
                "insistence", "refusal", "priority", "priorities", "line", "bid", "claim",
                "claims", "response", "message", "statement", "answer", "terms", "counter",
                "counteroffer", "counterproposal", "reply", "objection", "objections"}
"""Nouns after a possessive that still state the owner's stance ("Canada's position")."""

_VERBISH = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can",
            "must", "should", "may", "might", "did", "does", "do", "also", "now", "still",
            "and", "or", "but", "who", "which", "that", "on", "in", "at", "for", "to", "of",
            "with", "by", "not", "never", "then", "later", "again", "as", "from", "into",
            *SPEECH_VERBS, *STANCE_VERBS}


def _locative(doc: Doc, ref: Ref) -> bool:
    k = ref.start - 1
    while k >= 0 and doc[k].lower_ in {"the"}:
        k -= 1
    return k >= 0 and doc[k].lower_ in LOCATIVE and ref.kind == "name"


ANONYMOUS = {"diplomats", "officials", "analysts", "sources", "observers", "experts", "people",
             "delegates", "residents", "critics", "economists", "aides", "insiders", "reports",
             "witnesses", "lawmakers", "negotiators", "participants", "commentators",
             "correspondents", "diplomat", "source", "analyst", "observer", "expert",
             "producers", "companies", "firms", "exporters", "manufacturers", "executives",
             "businesses", "farmers", "traders", "elders", "activists", "campaigners",
             "scientists", "bankers", "investors", "unions", "groups"}
"""Plain nouns that, just before a speech verb, make its speakers nobody in particular."""


def _unknown_speaker(clause: Span, verb: Token) -> bool:
    """Whether a speech verb with no reference before it still has a speaker of its own: a
    name no rule knows at the clause's start ("Greer, speaking in Washington, said"), or a
    noun phrase whose words are then picked up by a pronoun ("The ferry's owner ... said it
    would not pay")."""
    doc = clause.doc
    if verb.i == clause.start:
        return False
    first = clause[0]
    nxt = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "that":
        nxt = doc[verb.i + 2] if verb.i + 2 < len(doc) else None
    named = first.is_title and first.text not in NOT_NAMES | {"Speaking", "Separately"} \
        and not (first.i > 0 and doc[first.i - 1].text in {"“", "\""})
    return named or (nxt is not None and nxt.lower_ in {"it", "they", "he", "she"})


def _anonymous_subject(doc: Doc, verb: Token, clause_refs: list[Ref]) -> bool:
    k = verb.i - 1
    while k >= 0 and doc[k].lower_ in {"also", "have", "has", "had", "later", "privately"}:
        k -= 1
    if k < 0 or doc[k].lower_ not in ANONYMOUS:
        return False
    return not any(r.start <= k < r.end for r in clause_refs)


def _inverted(clause: Span, clause_refs: list[Ref], verbs: list[Token], ctx: Context,
              ) -> tuple[Ref, Span, str] | None:
    """"Withdrawing is off the table, said Santoso." and "..., according to Santoso.": the
    speaker named after the words, which stand before the comma."""
    doc = clause.doc
    for verb in verbs:
        if verb.i == clause.start or doc[verb.i - 1].text != ",":
            continue
        if any(r.end <= verb.i and not _locative(doc, r) for r in clause_refs):
            continue  # "X, who heads the delegation, said": the speaker stands before
        after = [r for r in clause_refs if r.start > verb.i]
        if not after or after[0].start - verb.i > 4 or after[0].kind in {"pronoun", "role"}:
            continue
        nxt = doc[after[0].end] if after[0].end < clause.end else None
        if nxt is not None and not nxt.is_punct and nxt.lower_ not in {
                "who", "adding", "on", "in", "at", "after", "before", "told", "according",
                "during", "when", "while", "as", "of"}:
            # "X, said the LNA would not ...": a name after the verb that goes on to a verb
            # of its own is the subject of what was said, not the speaker.
            continue
        content = doc[clause.start:verb.i - 1]
        if len(content) < 4:
            continue
        return _real(after[0], ctx), content, "reported speech (speaker after the words)"
    according = re.search(r",\s+according to\s+", clause.text)
    if according:
        at = clause.start_char + according.end()
        after = [r for r in clause_refs if doc[r.start].idx >= at][:1]
        tail = doc.char_span(at, clause.end_char, alignment_mode="expand")
        if after and tail is not None and doc[after[0].start - 1].lower_ in {"to", "the"} \
                and doc[after[0].start].idx - at <= 4 \
                and all(t.is_punct for t in doc[after[0].end:clause.end]):
            cut = doc.char_span(clause.start_char, clause.start_char + according.start(),
                                alignment_mode="contract")
            if cut is not None and len(cut) >= 4:
                return _real(after[0], ctx), cut, "according to (after the words)"
    return None


TAIL_VERBS = {"said", "says", "told", "added", "noted", "warned", "insisted", "argued",
              "stressed", "explained", "acknowledged", "conceded", "claimed", "maintained",
              "cautioned", "replied", "countered", "responded", "confirmed", "wrote"}
TAIL_GAP = {"'s", "’s", "also", "later", "then", "has", "had", "chief", "senior", "top",
            "lead", "deputy"}


def _tail_attribution(clause: Span, clause_refs: list[Ref], verbs: list[Token], ctx: Context,
                      ) -> tuple[Ref, Span] | None:
    """"Tehran is prepared to cap enrichment, a senior Iranian official said.": the speaker
    named in a short phrase between the last comma and a speech verb that ends the clause;
    the words are everything before that comma."""
    doc = clause.doc
    for verb in verbs:
        if verb.lower_ not in TAIL_VERBS:
            continue
        rest = [t for t in doc[verb.i + 1:clause.end] if not t.is_punct and not t.is_space]
        if len(rest) > 4 or any(t.lower_ in {"that", "but", "and"} for t in rest):
            continue
        comma = next((k for k in range(verb.i - 1, max(clause.start, verb.i - 8) - 1, -1)
                      if doc[k].text == ","), None)
        if comma is None or comma - clause.start < 4:
            continue
        named = [r for r in clause_refs if comma < r.start and r.end <= verb.i
                 and r.kind not in {"pronoun"} and not _governed(doc, r)
                 and all(t.lower_ in TAIL_GAP or t.lower_ in TITLES
                         for t in doc[r.end:verb.i])]
        if not named:
            continue
        return _real(named[-1], ctx), doc[clause.start:comma]
    return None


def _in_according(doc: Doc, ref: Ref) -> bool:
    k = ref.start - 1
    return k >= 1 and doc[k].lower_ == "to" and doc[k - 1].lower_ == "according"


def _clause_subject(clause: Span, clause_refs: list[Ref]) -> Ref | None:
    """The subject of a clause's first verb: the reference nearest before it, outside a
    parenthesis ("The Highland Front's commander, Lena Vos, rejected ...")."""
    doc = clause.doc
    verb = next((t for t in clause if t.lower_ in STANCE_VERBS and not t.is_title
                 and not _in_quote_token(t) and not _passive(t)), None)
    if verb is None:
        return None
    before = [r for r in clause_refs if r.end <= verb.i and not _in_parenthesis(doc, r, verb.i)
              and not _in_according(doc, r) and not _locative(doc, r)
              and not modifier(doc, r) and not _embedded(doc, clause, r)]
    if not before:
        return None
    ref = before[-1]
    between = doc[ref.end:verb.i]
    if any(t.lower_ in {"how", "whether", "what", "why"} for t in between):
        return None  # "X failed to agree how much water Spain must release"
    if len(between) > 2 and between[0].text == "," and between[-1].text == "," and \
            between[1].lower_ in {"which", "who", "whose", "a", "an", "the", "one", "its",
                                  "whom", "led", "headed", "for", "long", "once"}:
        # "The government of Sundara, which stopped paying ... in 2024, is seeking": the
        # parenthesis stands between the subject and its verb.
        return ref
    gap = [t for t in between if not t.is_punct and not t.is_space]
    if len(gap) > 10:
        return None
    return ref


def _embedded(doc: Doc, clause: Span, ref: Ref) -> bool:
    """Whether a reference stands in an embedded question ("failed to agree how much water
    Spain must release"): its verb is not a stance of its own."""
    k = ref.start - 1
    while k >= clause.start and doc[k].text not in {",", ";"}:
        if doc[k].lower_ in {"how", "whether", "what", "why", "where", "when"}:
            return True
        k -= 1
    return False


def _passive(tok: Token) -> bool:
    """"led by", "backed by": a participle whose subject is someone else."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.lower_ == "by" and tok.lower_ not in {"is", "was", "has",
                                                                         "have", "were"}


def _reported_content(clause: Span, speaker: Ref, verb: Token) -> Span:
    """What a reported-speech clause says: after the verb, or the words around the speaker.

    "X, an official said, speaking on condition of anonymity": the words before the speaker.
    "Dieng rejected a full withdrawal but said ...": the clause from the speaker on, since the
    speaker's own stance stands before the speech verb.
    """
    doc = clause.doc
    after = _after_verb(clause, verb)
    if verb.lower_ in {"called", "calls", "urged", "pressed"} and verb.i + 1 < clause.end \
            and doc[verb.i + 1].lower_ in {"for", "on"}:
        return doc[speaker.start:clause.end]  # "The SLM has called for a force of 3,000"
    head = doc[clause.start:speaker.start]
    if len(head) > 3 and doc[speaker.start - 1].text == "," and after and \
            after[0].text == ",":
        return clause  # "A filling period of eight years, he added, was out of the question"
    if len(head) > 6 and doc[speaker.start - 1].text == "," and (
            len(after) < 4 or after[0].lower_ in {"speaking", "adding", "according", "on"}):
        return head
    between = [t for t in doc[speaker.end:verb.i] if not t.is_punct]
    stance = any(t.lower_ in STANCE_VERBS - {"is", "has", "have", "was", "were", "will",
                                             "would", "could", "must", "cannot", "led"}
                 for t in between)
    if stance or (len(between) >= 2 and not _in_parenthesis(doc, speaker, verb.i)
                  and doc[speaker.end].text != ","
                  and any(t.lower_ not in {"also", "has", "had", "have", "was", "then",
                                           "later", "again", "repeatedly", "previously",
                                           "publicly", "on", "monday", "said"}
                          for t in between)):
        return doc[speaker.start:clause.end]
    return after


def _after_verb(clause: Span, verb: Token) -> Span:
    doc = clause.doc
    k = verb.i + 1
    if k < clause.end and doc[k].lower_ != "that":
        # "told a news conference in Paris that ...", "said in a statement that ...", "told
        # reporters ..."
        that = next((t.i for t in doc[k:min(k + 9, clause.end)] if t.lower_ == "that"), None)
        if that is not None and not any(t.is_punct or t.lower_ in _AUX for t in doc[k:that]):
            k = that
        elif verb.lower_ in {"told", "tells"}:
            k += 1
    if k < clause.end and doc[k].lower_ == "that":
        k += 1
    return doc[k:clause.end] if k < clause.end else doc[verb.i:clause.end]


def _make(seed: str, content: Span, speaker: Ref, how: str, ctx: Context, unit: Unit,
          index: int) -> Statement | None:
    doc = content.doc
    start, end = _trim_chars(text_of(doc), content.start_char, content.end_char)
    text = text_of(doc)[start:end]
    if sum(1 for w in re.findall(r"[A-Za-z]+", text)) < 3:
        return None
    return Statement(seed, speaker.party or "", start, end, text, how,
                     _mentions(doc, start, end, speaker.party or "", ctx), text,
                     (unit.span.start_char, unit.span.end_char), index)


def _mentions(doc: Doc, start: int, end: int, speaker: str, ctx: Context) -> list[Mention]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    out = []
    for ref in refs(span, ctx):
        if ref.party and ref.party != speaker and ref.kind in {"name", "role"}:
            window = doc[max(ref.start - 6, span.start):ref.start]
            negated = any(t.lower_ in ("not", "never", "n't") for t in window)
            out.append(Mention(ref.party, ref.text, negated))
    return out


# --------------------------------------------------------------------------- flags


def _flags(seed: str, unit: Unit, ctx: Context, result: Attribution,
           before: list[Unit]) -> None:
    """What the sentence says of parties' places: outside the talks, mediating, at the table."""
    doc = unit.span.doc
    text = unit.span.text
    lower = text.lower()
    unit_refs = [r for r in refs(unit.span, ctx) if not unit.in_quote(doc[r.start].idx)]

    def flag(where: dict[str, Flag], party: str | None, start: int, end: int) -> None:
        if party and party not in where:
            where[party] = Flag(party, seed, start, end, text_of(doc)[start:end])

    cues: tuple[str, ...] = OUTSIDE_CUES
    if lower.startswith(("neither", "none of")):
        # "Neither institution is taking part in the talks."
        cues = (*OUTSIDE_CUES, "taking part", "party to", "part of the talks", "involved",
                "at the table", "represented")
    places_at = [lower.find(cue) for cue in cues if cue in lower]
    wording = OUTSIDE.search(text)
    outside_at = min([*places_at, *([wording.start()] if wording else [])], default=-1)
    for at in [outside_at] if outside_at >= 0 else []:
        hit = _outside_subjects(unit, unit_refs, unit.span.start_char + at)
        if lower.startswith(("neither", "none of", "both")) and not hit:
            for prev in before:
                hit += [r for r in refs(prev.span, ctx)
                        if r.party and ctx.found.bodies.get(r.party) is not None
                        and ctx.found.bodies[r.party].kind == "organisation"]
        if not hit and at < 40 and not any(doc[r.start].idx < unit.span.start_char + at
                                           for r in unit_refs):
            # "Not at the table are X and Y": the names after wording that opens the
            # sentence (not those after "Councilwoman Dana Okafor, who is not involved").
            hit = [r for r in unit_refs if r.kind == "name"]
        for ref in hit:
            flag(result.outside, ref.party, unit.span.start_char, unit.span.end_char)
    _mediator_flags(unit, unit_refs, ctx, result, flag)
    if set(re.findall(r"[a-z]+", lower)) & AT_TABLE_WORDS and outside_at < 0:
        for group in _listed(doc, unit, unit_refs):
            lead = doc[max(group[0].start - 3, unit.span.start):group[0].start].text.lower()
            if re.search(r"(?:led by|including|such as|like|among them|notably)\s*$", lead):
                continue  # "member states, led by Italy and Greece": examples of a wider set
            if re.search(r"\b(?:in|at|across|throughout|inside|near)(?: the)?\s*$", lead):
                continue  # "on sale in the United States and Europe": places, not sides
            for ref in group:
                flag(result.at_table, ref.party, unit.span.start_char, unit.span.end_char)


MEDIATOR_AFTER = re.compile(r"\b(?:under the auspices of|co-chaired by|chaired by|mediated by|"
                            r"(?:chaired|mediated|brokered|hosted|convened|facilitated) "
                            r"(?:jointly|together|separately) by|"
                            r"[Mm]ediators from(?: the)?|"
                            r"brokered by|hosted by|convened by|facilitated by|"
                            r"through the mediation of|with the mediation of|mediation by|"
                            r"under the chairmanship of|presided over by|moderated by)\s", re.I)
MEDIATOR_BEFORE = re.compile(r"\b(?:mediators?|(?:who|which) (?:leads|is leading|led) the "
                             r"(?:talks|mediation|negotiations|conciliation)|"
                             r"(?:envoy |mediator )?chairing the (?:talks|negotiations|meeting)|"
                             r"(?:has|have) (?:hosted and )?chaired the (?:talks|negotiations)|"
                             r"(?:who|which) (?:chairs|chaired|is chairing|"
                             r"presides over|is mediating|mediates|"
                             r"mediated|brokered|hosted|hosts|is hosting|convened|"
                             r"holds the [\w ]*presidency)"
                             r"(?: the (?:talks|meeting|negotiations|summit|conference|session|"
                             r"consultations))?|the chief mediator|"
                             r"convened the (?:two sides|parties|talks)|presides over the|"
                             r"facilitators?|"
                             r"acting as (?:an? |the )?(?:mediators?|go-betweens?|"
                             r"facilitators?|intermediar(?:y|ies))|is facilitating|"
                             r"facilitated the talks|"
                             r"(?:has |have )?offered to mediate|is brokering|are brokering|"
                             r"chairs the (?:talks|negotiations|meeting)|intermediar(?:y|ies)|"
                             r"holds the [\w ]*presidency|chaired the (?:meeting|talks)|"
                             r"is mediating|are mediating|(?:has been |have been |is |are )?"
                             r"shuttling between)\b", re.I)


def _mediator_flags(unit: Unit, unit_refs: list[Ref], ctx: Context, result: Attribution,
                    mark: Callable[[dict[str, Flag], str | None, int, int], None]) -> None:
    doc = unit.span.doc
    for ref in unit_refs:
        # "the Office of Labour Mediation", "State Mediator Kari Lunde": a body whose name, or
        # a person whose office, says they mediate.
        body = ctx.found.bodies.get(ref.party or "")
        person = ctx.person(ref.text)
        if (body is not None and body.mediates) or (
                person is not None and MEDIATING_OFFICE.search(person.title)):
            start = doc[ref.start].idx
            mark(result.mediators, ref.party, start, doc[ref.end - 1].idx + len(doc[ref.end - 1]))
    for m in MEDIATOR_AFTER.finditer(unit.span.text):
        if re.search(r"\b(?:earlier|previous|past|former|last|failed|first)\s+(?:\w+\s+){0,2}$",
                     unit.span.text[:m.start()]):
            continue  # "when earlier talks hosted by Kenya collapsed": not these talks
        at = unit.span.start_char + m.end()
        comma = unit.span.text.find(",", m.end())
        stop = unit.span.start_char + comma if comma >= 0 else unit.span.end_char
        # "chaired by London-based Halcyon Capital, represents the lenders": the mediator is
        # named before the next comma, not anywhere after the cue.
        after = [r for r in unit_refs if at <= doc[r.start].idx < stop
                 and not modifier(doc, r)][:2]
        for k, ref in enumerate(after):
            if k == 1 and doc[after[0].end:ref.start].text.strip() not in {
                    "and", ", and", "and the", ", and the"}:
                break
            end = doc[ref.end - 1].idx + len(doc[ref.end - 1].text)
            mark(result.mediators, ref.party, unit.span.start_char + m.start(), end)
    for m in MEDIATOR_BEFORE.finditer(unit.span.text):
        at = unit.span.start_char + m.start()
        if "conciliation" in m.group(0).lower() and not unit_refs:
            continue
        before = [r for r in unit_refs if doc[r.end - 1].idx < at]
        if not before:
            continue
        if m.group(0).lower().startswith("which"):
            # "at the Workplace Relations Commission, which chaired the talks": the name
            # just before the relative clause.
            last = before[-1]
            gap = text_of(doc)[doc[last.end - 1].idx + len(doc[last.end - 1]):at].strip()
            # "The Energy Community secretariat, which hosted the meeting"
            if re.fullmatch(r"(?:[a-z-]+ ){0,2}[a-z-]*,|,", gap):
                mark(result.mediators, last.party, doc[last.start].idx,
                     unit.span.start_char + m.end())
            continue
        if m.group(0).lower().startswith(("who", "the chief")):
            # "X, a former Swedish prime minister who chaired the meeting": the one the
            # relative clause describes is the sentence's first name, not the nearest.
            mark(result.mediators, before[0].party, doc[before[0].start].idx,
                 unit.span.start_char + m.end())
            continue
        if re.fullmatch(r"(?:mediators?|facilitators?|intermediar(?:y|ies))", m.group(0),
                        re.I) and not _names_the_noun(doc, before[-1], at):
            # "Iranian and American officials exchanged proposals through Omani
            # intermediaries": the noun names its own (demonyms, below), not the sentence's.
            continue
        group = [before[-1]]
        # "Qatari and Turkish mediators": every name in the list just before the cue.
        k = len(before) - 2
        while k >= 0 and doc[before[k].end:group[0].start].text.strip() in {"and", ",", ", and"}:
            group.insert(0, before[k])
            k -= 1
        for ref in group:
            start = doc[ref.start].idx
            mark(result.mediators, ref.party, start, unit.span.start_char + m.end())
    for m in re.finditer(r"\b(?:mediators|intermediaries|facilitators|go-betweens)\b",
                         unit.span.text):
        # "Swiss mediators", "Qatari and Turkish mediators": demonyms before the word.
        at = unit.span.start_char + m.start()
        token = next((t for t in unit.span if t.idx == at), None)
        if token is None:
            continue
        k = token.i - 1
        while k >= unit.span.start and (doc[k].lower_ in {"and", ","}
                                         or doc[k].text in _demonym_words(ctx)):
            party = _demonym_words(ctx).get(doc[k].text) if doc[k].lower_ not in {
                "and", ","} else None
            if party:
                mark(result.mediators, party, doc[k].idx, unit.span.start_char + m.end())
            k -= 1
    if re.search(r"\bleading the (?:conciliation|mediation)\b", unit.span.text):
        subject = unit_refs[:1]
        for ref in subject:
            mark(result.mediators, ref.party, unit.span.start_char, unit.span.end_char)


MEDIATING_OFFICE = re.compile(r"\b(?:mediator|conciliator|informateur|facilitator|"
                              r"arbitrator)\b", re.I)
"""Offices whose holder mediates ("Mediator Graham Okafor", "informateur")."""


def _names_the_noun(doc: Doc, ref: Ref, noun_at: int) -> bool:
    """Whether a reference stands for the mediator a noun names: just before it ("Swiss
    mediators", "Norway's mediators"), or in apposition ("Norway, the mediator,", "Norway, as
    mediator")."""
    text = text_of(doc)
    end = doc[ref.end - 1].idx + len(doc[ref.end - 1].text)
    between = text[end:noun_at].strip().lower()
    return bool(re.fullmatch(r"(?:['’]s?)?\s*(?:[a-z-]+\s+){0,2}|,\s*(?:the|a|an|its|as)"
                             r"(?:\s+(?:chief|lead|main|senior|[a-z]+))?\s*|,?\s*as(?: the| a)?",
                             between))


def _demonym_words(ctx: Context) -> dict[str, str]:
    """Demonym → party, for the parties found ("Swiss" → Switzerland)."""
    if ctx.demonyms is not None:
        return ctx.demonyms
    out: dict[str, str] = {}
    place = places()
    for name, body in ctx.found.bodies.items():
        if body.kind != "country":
            continue
        code = place.by_name.get(name) or next(
            (place.by_name[a] for a in body.aliases if a in place.by_name), None)
        if code:
            for d in place.countries[code].demonyms:
                out[d] = name
        for word in body.heads:
            if word[:1].isalpha() and demonym_of(word.capitalize(), name):
                out[word.capitalize()] = name
    ctx.demonyms = out
    return out


def _listed(doc: Doc, unit: Unit, unit_refs: list[Ref]) -> list[list[Ref]]:
    """Names listed together ("between X and Y", "Norway, Iceland and the UK")."""
    groups: list[list[Ref]] = []
    current: list[Ref] = []
    for ref in unit_refs:
        if ref.kind != "name" or not ref.party:
            continue
        if current and ref.start < current[-1].end:
            continue  # two readings of one name ("U.S."), not two names in a list
        if current and doc[current[-1].end:ref.start].text.strip() in {
                "and", ",", ", and", "and the", ", the", "and the government of", "&"}:
            current.append(ref)
        else:
            if len({r.party for r in current}) >= 2:
                groups.append(current)
            current = [ref]
    if len({r.party for r in current}) >= 2:
        groups.append(current)
    return groups
