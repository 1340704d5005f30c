"""Finding parties the gazetteer does not know, from how news text introduces them.

Reports name a party through the office that speaks for it: "Arvania's water minister,
Teodor Vask, said", "the government of Tarsa", "Cendrian President Mira Dalca". Matcher rules
over the tokens find those, learn the people as aliases (full name and surname), and a party's
demonym ("Arvanian", "Norvalese") from its name. A trained pipeline's GPE and ORG entities
that open a sentence of reported speech are taken as parties too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from sim.derive.gazetteer import Gazetteer

ROLES = ["minister", "president", "commissioner", "commander", "chancellor", "envoy",
         "spokesman", "spokeswoman", "spokesperson", "leader", "premier", "secretary",
         "negotiator", "ambassador", "chief", "king", "queen", "ministry", "government"]
"""Offices through which a party speaks ("X's foreign minister")."""

TITLES = ["President", "Prime", "Minister", "Chancellor", "Foreign", "Premier", "King",
          "Queen", "Commander", "General", "Envoy", "Defence", "Defense"]
"""Title-case offices placed before a name ("Cendrian President Mira Dalca")."""

NOT_NAMES = {"The", "On", "In", "At", "After", "Before", "When", "While", "As", "But", "And",
             "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
             "Meanwhile", "Earlier", "Later", "Last", "This", "That"}
"""Title-case words that open sentences and never belong to a party's name."""

DEMONYM_ENDINGS = ("n", "an", "ian", "ese", "i", "ish", "ns", "ans", "ians")
"""Endings that turn a place name into its people ("Arvania" → "Arvanian")."""


@dataclass
class Discovered:
    """Parties found from the text, with the aliases learned for them."""

    parties: Gazetteer = field(default_factory=dict)
    """Party id → aliases learned (people, short names, demonyms)."""
    how: dict[str, str] = field(default_factory=dict)
    """Party id → how it was found, for the derive report."""

    def add(self, party: str, alias: str | None, how: str) -> None:
        """Record `party` (and one alias of it) unless already known."""
        aliases = self.parties.setdefault(party, [])
        self.how.setdefault(party, how)
        if alias and alias != party and alias not in aliases:
            aliases.append(alias)


def discover(nlp: Language, texts: list[str], known: Gazetteer) -> Discovered:
    """Parties introduced in `texts` that `known` lacks, and new aliases for known ones."""
    found = Discovered()
    owner = {alias: party for party, aliases in known.items() for alias in [party, *aliases]}
    matcher = _office_matcher(nlp)
    docs = [nlp.make_doc(text) for text in texts]
    matches = [(nlp.vocab.strings[m], doc[s:e]) for doc in docs for m, s, e in matcher(doc)]
    # Offices first, then peers listed with them, then people titled by a demonym, which
    # may belong to a peer ("Cendrian President Mira Dalca").
    for rule, span in matches:
        if rule != "TITLED_PERSON":
            _learn(found, owner, rule, span)
    for doc in docs:
        _learn_peers(doc, found, owner)
    for rule, span in matches:
        if rule == "TITLED_PERSON":
            _learn(found, owner, rule, span)
    for doc in docs:
        _learn_from_model(nlp, doc.text, found, owner)
    for doc in docs:
        _learn_demonyms(doc, found, owner, known)
    return found


def _office_matcher(nlp: Language) -> Matcher:
    matcher = Matcher(nlp.vocab)
    person: list[dict[str, Any]] = [{"ORTH": ",", "OP": "?"}, {"IS_TITLE": True},
                                    {"IS_TITLE": True, "OP": "?"}]
    # "Arvania's water minister, Teodor Vask": the party's name is read leftwards from "'s".
    matcher.add("POSSESSIVE_OFFICE", [[{"ORTH": "'s"}, {"IS_LOWER": True, "OP": "*"},
                                       {"LOWER": {"IN": ROLES}}, *person]], greedy="LONGEST")
    matcher.add("GOVERNMENT_OF", [[{"LOWER": {"IN": ["government", "people", "republic"]}},
                                   {"LOWER": "of"}, {"IS_TITLE": True, "OP": "+"}]],
                greedy="LONGEST")
    matcher.add("TITLED_PERSON", [[{"IS_TITLE": True}, {"ORTH": {"IN": TITLES}, "OP": "+"},
                                   {"IS_TITLE": True}, {"IS_TITLE": True}]], greedy="LONGEST")
    return matcher


def _learn(found: Discovered, owner: dict[str, str], rule: str, span: Span) -> None:
    doc = span.doc
    if rule == "POSSESSIVE_OFFICE":
        name = _name_leftwards(doc, span.start)
        person = _trailing_person(span)
        if name:
            party = owner.get(name, name)
            found.add(party, person, "named with an office (X's minister)")
            if person:
                found.add(party, person.split()[-1], "named with an office (X's minister)")
    elif rule == "GOVERNMENT_OF":
        words = [t.text for t in span[2:] if t.text not in NOT_NAMES]
        if words:
            name = " ".join(words)
            found.add(owner.get(name, name), None, "named as a government (government of X)")
    elif rule == "TITLED_PERSON":
        head = span[0].text
        person = f"{span[-2].text} {span[-1].text}"
        country = owner.get(head) or _demonym_owner(head, [*owner, *found.parties])
        if country is not None:
            party = owner.get(country, country)
            found.add(party, person, "a titled person of a known party")
            found.add(party, span[-1].text, "a titled person of a known party")


def _learn_peers(doc: Doc, found: Discovered, owner: dict[str, str]) -> None:
    """Names listed with a known party in running text ("between Arvania, Belmora and Cendria")."""
    for token in doc:
        if token.lower_ != "and" or not _in_paragraph(token):
            continue
        names = [_run_right(doc, token.i + 1), *_runs_left(doc, token.i)]
        names = [n for n in names if n]
        known = [n for n in names if n in owner or n in found.parties]
        if known and len(names) >= 2:
            for name in names:
                if name not in owner and name not in found.parties:
                    found.add(name, None, f"listed alongside {known[0]}")


def _in_paragraph(token: Token) -> bool:
    """Whether the token stands in a line of prose (headings end without punctuation)."""
    text = token.doc.text
    end = text.find("\n", token.idx)
    line = text[text.rfind("\n", 0, token.idx) + 1: end if end >= 0 else len(text)].rstrip()
    return line.endswith((".", "!", "?", "\"", "”"))


def _run_right(doc: Doc, k: int) -> str:
    if k < len(doc) and doc[k].lower_ == "the":
        k += 1
    words: list[str] = []
    while k < len(doc) and doc[k].is_title and doc[k].text not in NOT_NAMES:
        words.append(doc[k].text)
        k += 1
    return " ".join(words) if len(words) <= 3 else ""


def _runs_left(doc: Doc, k: int) -> list[str]:
    """Comma-separated names before position `k`, nearest first."""
    names: list[str] = []
    while True:
        name = _name_leftwards(doc, k)
        if not name or len(name.split()) > 3:
            break
        names.append(name)
        k -= len(name.split())
        if k - 1 < 0 or doc[k - 1].text != ",":
            break
        k -= 1
    return names


def _name_leftwards(doc: Doc, possessive: int) -> str:
    """Title-case words just before "'s", without a leading article or time word."""
    k = possessive - 1
    words: list[str] = []
    while k >= 0 and doc[k].is_title and doc[k].text not in NOT_NAMES:
        words.insert(0, doc[k].text)
        k -= 1
    return " ".join(words)


def _trailing_person(span: Span) -> str | None:
    titled = [t.text for t in span if t.is_title]
    tail: list[str] = []
    for token in reversed(span):
        if not token.is_title:
            break
        tail.insert(0, token.text)
    return " ".join(tail) if tail and titled else None


def _demonym_owner(word: str, names: list[str]) -> str | None:
    for name in names:
        if " " in name or len(name) < 4 or word == name:
            continue
        for stem in (name, name[:-1]):
            if word.startswith(stem) and word[len(stem):] in DEMONYM_ENDINGS:
                return name
    return None


def _learn_demonyms(doc: Doc, found: Discovered, owner: dict[str, str], known: Gazetteer,
                    ) -> None:
    names = [*found.parties, *known]
    for token in doc:
        if not token.is_title or token.text in owner:
            continue
        country = _demonym_owner(token.text, names)
        if country is not None and token.text not in found.parties.get(country, []):
            found.add(owner.get(country, country), token.text, "demonym of a party's name")
    for party in list(found.parties):
        # "the Highland Front" is "the Front" on second mention.
        words = party.split()
        if len(words) > 1 and words[-1] not in owner:
            found.add(party, words[-1], found.how[party])


def _learn_from_model(nlp: Language, text: str, found: Discovered, owner: dict[str, str],
                      ) -> None:
    if "ner" not in nlp.pipe_names:
        return
    reporting = {"said", "says", "told", "stated", "insisted", "warned", "demanded", "rejected"}
    for sent in nlp(text).sents:
        ents = [e for e in sent.ents if e.label_ in ("GPE", "ORG")]
        if not ents or ents[0].start - sent.start > 2:
            continue
        ent = ents[0]
        after = {t.lower_ for t in sent.doc[ent.end:min(ent.end + 4, sent.end)]}
        if ent.text not in owner and after & reporting:
            found.add(ent.text, None, f"entity found by the trained pipeline ({ent.label_})")
