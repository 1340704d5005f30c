"""Finding the bodies a report names, and the people who speak for them.

Rules over spaCy tokens, no trained model needed:
- countries from the full ISO list (`sim.derive.places`: names, capitals used as actors,
  demonyms before an agent noun such as "Canadian officials" or "Swiss mediators");
- countries the text invents, from "the government of X", "the Republic of X", "X's
  delegation", or a place name used beside its demonym ("Marovia" and "Marovian officials");
- organisations from an acronym in parentheses ("the People's Unity Front (PUF)") or a title-case
  name ending in an organisation's head noun ("Southern Resistance Council");
- people from a title before their name ("Trade Minister Jane Roe", "MAHWU general secretary
  Sipho Ndlovu", "Canada's Minister of International Trade, Ellen Marchetti"), tied to the body
  their title names (a possessive, a demonym, an acronym, a role noun such as "the employers'",
  or "its" for the body just spoken of). People with no body (analysts, officials of bodies
  outside the talks) are kept apart, so that their words are never given to a party.
A trained pipeline's GPE and ORG entities that open a sentence of reported speech are taken
as bodies too. Which bodies negotiate, mediate or only get mentioned is decided later, from
what each is said to do (`sim.derive.api`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sim.derive.gazetteer import Gazetteer
from sim.derive.places import demonym_of, places

ORG_HEADS = {"Union", "Organisation", "Organization", "Council", "Alliance", "Association",
             "Group", "Federation", "Front", "Commission", "Committee", "Bank", "Fund",
             "Agency", "Party", "Movement", "Army", "Forces", "Coalition", "Confederation",
             "Congress", "Service", "Authority", "Board", "Institute", "Centre", "Center",
             "Centres", "Centers",
             "Ministry", "Department", "League", "Society", "Company", "Corporation",
             "Network", "Forum", "Assembly", "Parliament", "Court", "Office", "Secretariat",
             "Countries", "States", "Nations", "Republic", "Guild", "Chamber",
             "Consortium", "Bloc", "Brigades", "Brigade", "Delegation", "Conference",
             "Syndicate", "Cooperative", "Co-operative",
             "Unions", "Initiative", "Mission", "Tribunal", "Programme", "Program",
             "Cartel", "Club", "Federations", "Associations", "Organisations", "Trust",
             "Foundation", "Convention", "Government", "Administration", "Senate",
             "Police", "Navy", "Guard", "Command", "Directorate", "Institution",
             "Community", "Pool", "Holdings", "Pharma", "Pharmaceuticals", "Airlines",
             "Airways", "Industries", "Air", "Therapeutics", "Motors", "Petroleum", "Mining",
             "Shipping", "Logistics", "Telecom", "Technologies", "Railways", "Inc", "Ltd",
             "Plc", "AG", "GmbH", "Corp", "Force", "ASA", "SA", "AB", "NV", "BV", "SpA", "Oyj",
             "LLC", "PLC", "Biologics", "Biotech", "Biotherapeutics", "University", "College",
             "Hospital"}
"""Last words of an organisation's name."""

COUNTRY_HEADS = {"Federation", "Republic", "Kingdom", "Emirates", "Confederation",
                 "Principality", "Sultanate", "Commonwealth"}
"""Heads that make a name a state ("the Velan Federation")."""

OUTSIDE_HEADS = {"Bank", "Fund", "Institute", "Centre", "Center", "Court", "Tribunal",
                 "Programme", "Program", "Foundation", "Trust", "Convention", "Office",
                 "Agency", "Secretariat", "Council", "Mission"}
"""Heads of bodies that seldom sit at a table themselves (lenders, courts, think tanks);
they still count when they make demands of their own."""

MEDIATING_WORDS = {"Mediation", "Conciliation", "Arbitration"}

TITLES = {"minister", "president", "commissioner", "chair", "chairman", "chairwoman",
          "chairperson", "secretary", "secretary-general", "ambassador", "envoy",
          "negotiator", "spokesperson", "spokesman", "spokeswoman", "governor", "general",
          "colonel", "director", "chief", "head", "leader", "premier", "chancellor", "king",
          "queen", "deputy", "senator", "mayor", "official", "vice-minister", "representative",
          "commander", "captain", "admiral", "marshal", "mediator", "delegate", "executive",
          "officer", "adviser", "advisor", "counsel", "lawyer", "analyst", "fellow",
          "economist", "professor", "researcher", "expert", "organiser", "organizer",
          "coordinator", "co-chair", "vice-president", "vice", "prime", "foreign", "judge",
          "mp", "lawmaker", "legislator", "activist", "campaigner", "founder", "boss", "ceo",
          "chairs", "superintendent", "rector", "provost", "manager", "member",
          "undersecretary"}
"""Words of an office placed before a person's name ("Trade Minister Jane Roe")."""

OUTSIDERS = {"analyst", "fellow", "economist", "professor", "researcher", "expert",
             "lawyer", "activist", "campaigner", "judge"}
"""Titles of people who comment on talks rather than sit at them."""

AGENT_NOUNS = {"officials", "official", "negotiators", "negotiator", "delegation", "delegates",
               "delegate", "government", "side", "team", "authorities", "ministers",
               "minister", "mediators", "mediator", "leaders", "leader", "diplomats",
               "envoy", "envoys", "president", "prime", "military", "forces", "army", "diplomat",
               "administration", "ministry", "foreign", "defence", "defense", "trade",
               "justice", "energy", "water", "fisheries", "finance", "environment", "interior",
               "deputy", "vice-minister", "ambassador", "spokesperson", "spokesman",
               "spokeswoman", "chief", "senior", "top", "representatives", "representative",
               "counterparts", "parliament", "cabinet", "premier", "chancellor", "commission",
               "secretary", "agriculture", "economy", "labour", "labor", "transport", "health",
               "industry", "commerce", "climate", "state", "intermediaries", "intermediary",
               "treasury",
               "facilitators", "facilitator", "hosts"}
"""Nouns after a demonym that make it stand for its country ("Canadian officials")."""

STANDING_NOUNS = {"officials", "negotiators", "delegation", "government", "side", "team",
                  "authorities", "mediators", "diplomats", "delegates", "official", "diplomat",
                  "negotiator", "delegate", "treasury", "ministry", "embassy", "presidency",
                  "cabinet", "administration", "intermediaries"}
"""Nouns after a demonym that make the phrase a name of the state ("the French Treasury")."""

PORTFOLIOS = {"foreign", "defence", "defense", "interior", "finance", "trade", "economy",
              "health", "justice", "energy", "transport", "fisheries", "agriculture"}

PARTICLES = {"van", "der", "de", "den", "von", "bin", "ibn", "al", "da", "dos", "del", "la",
             "le", "di", "du", "el", "ben", "ter", "zu", "y"}
"""Lower-case words inside people's names ("Pieter van der Merwe")."""

CONNECTORS = {"of", "for", "and", "the", "on", "de", "&", "in", "del", "des", "du", "di", "della",
              "en", "y"}
"""Lower-case words inside organisations' names."""

NOT_NAMES = {"The", "On", "In", "At", "After", "Before", "When", "While", "As", "But", "And",
             "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
             "January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun",
             "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Meanwhile", "Earlier", "Later",
             "Last", "This", "That", "These", "Those", "A", "An", "Its", "His", "Her", "Their",
             "Our", "We", "They", "He", "She", "It", "Under", "Both", "Neither", "Every",
             "Any", "No", "Officials", "Analysts", "Delegates", "Negotiators", "Ministers",
             "If", "For", "Some", "Many", "Most", "Talks", "Fighting", "Since",
             "Asked", "According", "Also", "However", "Yet", "Still", "Even", "Only", "Such",
             "There", "Here", "What", "Who", "Why", "How", "Anything", "Nothing", "Everyone",
             "Nobody", "Mr", "Mrs", "Ms", "Dr", "Sir", "Dame", "Deputy", "Senior", "Secretary",
             "General", "Minister", "President", "Prime", "Ambassador", "Colonel",
             "Commissioner", "Chief", "Vice", "Chair", "Chairman", "Spokesperson", "Spokesman",
             "Spokeswoman", "Secretary-General",
             "Governor", "Mayor", "Senator", "Director", "Leader", "Premier", "Chancellor",
             "King", "Queen", "Envoy", "Head", "Negotiator", "Representative", "Commander",
             "Executive", "UN", "EU", "Photo", "Reuters", "AP", "AFP", "Representatives",
             "Delegations", "Members", "Leaders", "Envoys", "Diplomats", "Mediators"}
"""Title-case words that never begin (or make up) a body's or a person's name."""

DATELINE = re.compile(r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}[^\n]*\n+\s*)?"
                      r"([A-Z][A-Z .'’-]+,[^\n—–]{0,80}?\s[—–-]{1,2})\s")
"""A wire dateline, "GENEVA, Switzerland, March 4, 2026 —", whose place names no one."""


@dataclass
class Body:
    """A body the text names: a country, or an organisation, with the words for it."""

    name: str
    kind: str
    """`country` or `organisation`."""
    how: str
    aliases: list[str] = field(default_factory=list)
    """Exact forms the text uses for it (its name first)."""
    heads: set[str] = field(default_factory=set)
    """Lower-case role nouns that can stand for it ("union", "government", "islands")."""
    acronym: str | None = None
    mediates: bool = False
    """Whether its name or its people's office says it mediates ("State Mediator")."""

    def add(self, alias: str) -> None:
        """Record one more form of its name."""
        if alias and alias not in self.aliases:
            self.aliases.append(alias)


@dataclass
class Person:
    """Someone the text names with an office, and the body they speak for."""

    name: str
    surname: str
    body: str | None
    """The body's name, or None for someone outside every body found."""
    title: str
    """The words of their office, as written."""
    outsider: bool = False
    """A commentator (analyst, fellow) or an official of a body outside the talks."""
    start: int = 0
    """Where the first mention starts, in characters."""


@dataclass
class Discovered:
    """Every body and person found, with how each was found."""

    bodies: dict[str, Body] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    datelines: dict[int, tuple[int, int]] = field(default_factory=dict)
    """Text number → the dateline's character span."""
    terms: set[str] = field(default_factory=set)
    """Acronyms defined for lower-case terms ("total allowable catch (TAC)"): no bodies."""
    home: str | None = None
    """The government of the place the story is filed from, when the text speaks of a
    government it does not name ("the national government", "the Minister for Devolution")."""

    @property
    def parties(self) -> Gazetteer:
        """Body name → its aliases (people included)."""
        out: Gazetteer = {name: list(b.aliases) for name, b in self.bodies.items()}
        for person in self.people.values():
            if person.body in out:
                for alias in (person.name, person.surname):
                    if alias not in out[person.body]:
                        out[person.body].append(alias)
        return out

    @property
    def how(self) -> dict[str, str]:
        """Body name → how it was found."""
        return {name: b.how for name, b in self.bodies.items()}

    def body(self, name: str, kind: str, how: str, alias: str | None = None) -> Body:
        """The body called `name`, created if new."""
        found = self.bodies.get(name)
        if found is None:
            found = self.bodies[name] = Body(name, kind, how, [name])
            found.heads |= _heads(name, kind)
        if alias:
            found.add(alias)
        return found

    def owner(self, alias: str) -> str | None:
        """The body one of whose forms is `alias`."""
        for name, b in self.bodies.items():
            if alias == name or alias in b.aliases:
                return name
        return None


LABOUR_WORDS = {"workers", "teachers", "nurses", "players", "pilots", "drivers", "employees",
                "worker", "teacher", "nurse", "player", "pilot", "driver", "employee", "doctor",
                "miner", "docker", "seafarer", "firefighter", "educator", "physician",
                "staff", "educators", "education", "doctors", "physicians", "miners", "dockers",
                "dockworkers", "journalists", "officers", "midwives", "professional", "labour",
                "labor", "trade", "seafarers", "firefighters", "engineers", "clerks"}
"""Words of an association's name that make it a union of working people."""


def _heads(name: str, kind: str) -> set[str]:
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", name)}
    last = name.split()[-1] if name.split() else ""
    heads = words & {"union", "unions", "workers", "employers", "operators", "organisation",
                     "organization", "council", "federation", "front", "alliance",
                     "association", "group", "islands", "states", "countries", "commission",
                     "bank", "fund", "committee", "movement", "army", "party", "bloc",
                     "coalition", "confederation", "guild", "producers", "growers", "company",
                     "government", "authority", "board", "league", "nations", "republic"}
    if kind == "country":
        heads |= {"government", "country", "state", "authorities", "administration",
                  "ministry", "cabinet", "presidency"}
    elif last.endswith("s") and not last.endswith("ss") and last.isalpha() and \
            last not in COUNTRY_HEADS and last not in {"Nations", "States", "Countries"}:
        # "the Ad Hoc Committee of Sundara Bondholders" is "the bondholders".
        heads.add(last.lower())
    if (heads & {"union", "unions", "workers", "guild"} or (
            words & {"association", "federation", "organisation", "organization", "syndicate",
                     "confederation"} and words & LABOUR_WORDS)) and \
            not (name.split()[0] in {"International", "World"} or "nations" in words):
        # Not "the International Labour Organization", a body of states.
        # "the Oakland Education Association" is "the union" too.
        heads |= {"union", "workers", "unions"}
    if heads & {"employers", "operators", "company", "producers"} or \
            words & {"corporation", "company", "firm", "enterprise"} or \
            last in COMPANY_SUFFIXES:
        heads |= {"employers", "operators", "management", "companies", "terminals", "company",
                  "firm", "corporation"}
    if words & {"ministry", "department"}:
        heads |= {"ministry", "department"}
    if words & {"university", "college", "hospital"}:
        # "the university", "the administration" of Calder University
        heads |= (words & {"university", "college", "hospital"}) | {"administration"}
    if "community" in words and kind != "country":
        heads |= {"community", "bloc"}  # "the East African Community", a regional bloc
    if heads & {"alliance", "group", "countries", "states", "bloc", "coalition", "union"}:
        heads |= {"bloc", "group", "coalition"}
    if heads & {"islands"} or "island" in words:
        heads |= {"islands", "island states", "small islands"}
    if heads & {"front", "army", "movement", "council", "forces"} and kind != "country":
        heads |= {"rebels", "group", "movement", "fighters", "insurgents", "militants"}
    return heads


# --------------------------------------------------------------------------- discovery


def discover(nlp: Language, texts: list[str], known: Gazetteer) -> Discovered:
    """Bodies and people named in `texts`, with `known` parties recognised by their aliases."""
    found = Discovered()
    owner = {alias: party for party, aliases in known.items() for alias in [party, *aliases]}
    docs = [nlp.make_doc(_prose(text)) for text in texts]
    for k, doc in enumerate(docs):
        match = DATELINE.match(text_of(doc))
        if match:
            found.datelines[k] = (match.start(1), match.end(1))
    for k, doc in enumerate(docs):
        _acronyms(doc, found, owner, found.datelines.get(k))
    for k, doc in enumerate(docs):
        _organisations(doc, found, owner, found.datelines.get(k))
    for k, doc in enumerate(docs):
        _described(doc, found, owner, found.datelines.get(k))
    for k, doc in enumerate(docs):
        _countries(doc, found, owner, found.datelines.get(k))
    for k, doc in enumerate(docs):
        _invented_countries(doc, found, owner, found.datelines.get(k))
    for doc in docs:
        _learn_from_model(nlp, text_of(doc), found, owner)
    for doc in docs:
        _initials(doc, found, owner)
        _short_names(doc, found, owner)
    for doc in docs:
        _provinces(text_of(doc), found, owner)
    for k, doc in enumerate(docs):
        _people(doc, found, owner, found.datelines.get(k))
    for k, doc in enumerate(docs):
        _speakers(doc, found, owner, found.datelines.get(k))
    for k, doc in enumerate(docs):
        _listed_with_states(doc, found, owner, found.datelines.get(k))
        _cities(text_of(doc), found, owner)
    _merge_short_forms(found)
    _merge_departments(found)
    for doc in docs:
        _initials(doc, found, owner)
    _merge_national_agencies([text_of(d) for d in docs], found)
    _collectives([text_of(d) for d in docs], found, owner)
    for k, doc in enumerate(docs):
        _home_government(text_of(doc), found, owner, found.datelines.get(k))
        _plural_short_names(text_of(doc), found)
        _mediating_offices(text_of(doc), found)
    return found


UNNAMED_GOVERNMENT = re.compile(
    r"\b(?:the|The|this|This) (?:(national|provincial|federal|state|regional|central) )?"
    r"government\b")
"""A government the text does not name: "the national government", "this government"."""


GOVERNMENT_ACTS = re.compile(
    r"\b[Tt]he (?:\w+ )?government (?:has|have|had|said|says|wants|is|was|will|would|"
    r"offered|rejected|ruled|insists|insisted|proposed|refused|agreed|wanted|demands)\b")
"""An unnamed government as the subject of a sentence: a side that acts."""


def _home_government(text: str, found: Discovered, owner: dict[str, str],
                     dateline: tuple[int, int] | None) -> None:
    """The government of the place in the dateline, when ministers with no country speak
    ("Finance Minister Curtis Hale said the province ...") or "the national government" acts.

    It is the dateline's country when the text names that country outside the dateline
    ("Kisara's oil-producing region") and nothing else found it; else, when the text names
    no state at all, a body called "Government" (derive cannot tell whose: a province's, a
    city's), when the text speaks of "the provincial (national, federal...) government".
    """
    if found.home is not None or dateline is None:
        return
    ministers = [p for p in found.people.values() if p.body == "@government"]
    unnamed = [m for m in UNNAMED_GOVERNMENT.finditer(text) if m.start() >= dateline[1]]
    if not ministers and not unnamed:
        return
    place = re.match(r"[^,]+,\s*([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}),", text[dateline[0]:])
    country = place.group(1) if place else None
    body_text = text[dateline[1]:]
    states = [b for b in found.bodies.values() if b.kind == "country"]
    if country and (owner.get(country) or found.owner(country)):
        return  # a state found on its own: the context says whose ministers speak
    if country and country not in places().by_name and \
            re.search(rf"\b{re.escape(country)}\b(?!\s+[A-Z])", body_text):
        # A state the country list does not know (a real one would have been found by name).
        found.home = found.body(country, "country",
                                "the dateline's state, whose government acts").name
    elif not states and country in places().by_name and GOVERNMENT_ACTS.search(body_text) \
            and not any(m.group(1) in {"provincial", "state", "regional"} for m in unnamed):
        # "GOMA, Congo — ... The government has ruled out an amnesty": no other state is
        # named, so the government that acts is the dateline country's.
        found.home = _country_body(found, owner, places().by_name[country])
    elif not states and ministers and any(m.group(1) for m in unnamed):
        found.home = found.body("Government", "country",
                                "a government the text does not name, whose ministers "
                                "speak").name
    else:
        return
    body = found.bodies.get(found.home)
    if body is None:
        return
    for m in unnamed:
        if m.group(1):
            body.add(m.group(0)[0].lower() + m.group(0)[1:])
    if all(s.name == found.home for s in states):
        for person in ministers:
            person.body = found.home


def text_of(doc: Doc) -> str:
    """The document's text, built once (spaCy rebuilds `doc.text` from its tokens each time)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return str(text)


def _prose(text: str) -> str:
    """The text with headings blanked out (same length): their title case names no one.

    A heading is a paragraph of one line that ends without a full stop.
    """
    out = []
    for para in re.split(r"(\n\s*\n)", text):
        body = para.strip()
        if body and "\n" not in body and not body.endswith((".", "!", "?", "\"", "”", ":", ",")):
            out.append(re.sub(r"\S", " ", para))
        else:
            out.append(para)
    return "".join(out)


def _in_dateline(token: Token | Span, dateline: tuple[int, int] | None) -> bool:
    start = token.idx if isinstance(token, Token) else token.start_char
    return dateline is not None and dateline[0] <= start < dateline[1]


def _is_name_word(token: Token) -> bool:
    text = token.text
    return bool(text[:1].isupper()) and (token.is_title or token.is_upper or
                                          bool(re.match(r"^[A-Z][a-zà-ÿ]+[A-Z]", text)) or
                                          bool(re.match(r"^[A-Z][\w’'.-]*$", text)))


def sentence_initial(token: Token) -> bool:
    """Whether the token opens a sentence (or a quotation, or a line)."""
    k = token.i - 1
    while k >= 0 and (token.doc[k].is_space or token.doc[k].text in "\"“‘'("):
        if "\n" in token.doc[k].text:
            return True
        k -= 1
    return k < 0 or token.doc[k].text in {".", "!", "?", "—", ":", "–", ";", "”"}


def _run_left(doc: Doc, end: int, *, possessive: bool = False) -> tuple[int, list[str]]:
    """Title-case words ending just before token `end` (connectors allowed inside)."""
    k = end - 1
    words: list[str] = []
    start = end
    while k >= 0:
        tok = doc[k]
        if _is_name_word(tok) and tok.text not in {"The"}:
            words.insert(0, tok.text_with_ws)
            start = k
        elif (tok.lower_ in CONNECTORS and words and tok.text != "The"
              and not (tok.lower_ in {"and", "&"} and doc[k + 1].lower_ == "the")
              and not (tok.lower_ in {"and", "&"} and doc[k - 1].text in places().by_name)
              and _connects(doc, k)) or (
                possessive and tok.text == "," and words and k > 0
                and _is_name_word(doc[k - 1]) and words[0].strip() in MEDIATING_WORDS) or (
                tok.text in {"'", "’", "'s", "’s"} and words and k > 0
                and (possessive or doc[k - 1].text.endswith("s")
                     or doc[k - 1].text in {"Women", "Men", "Children", "People"})
                and _is_name_word(doc[k - 1])) or (
                tok.text == "-" and not doc[k - 1].whitespace_ and words and k > 0) or (
                words and _hyphen_tail(doc, k)):
            # "Co-operation": a hyphened word inside a name may go on in lower case.
            words.insert(0, tok.text_with_ws)
        else:
            break
        k -= 1
    # Drop leading connectors and words that open sentences.
    while words and (words[0].strip().lower() in CONNECTORS or words[0].strip() in NOT_NAMES
                     or words[0].strip() in {"'", "’", "-"}):
        words.pop(0)
        start += 1
    return start, words


def _connects(doc: Doc, k: int) -> bool:
    """Whether the connector at `k` ("of", "the") follows a name word, perhaps via another."""
    j = k - 1
    while j >= 0 and doc[j].lower_ in CONNECTORS and k - j < 3:
        j -= 1
    return j >= 0 and ((_is_name_word(doc[j]) and doc[j].text not in NOT_NAMES)
                       or _hyphen_tail(doc, j))


def _hyphen_tail(doc: Doc, k: int) -> bool:
    """Whether token `k` is the lower-case end of a hyphened name word ("Co-operation")."""
    return k >= 2 and doc[k].is_lower and doc[k].is_alpha and doc[k - 1].text == "-" and \
        not doc[k - 1].whitespace_ and not doc[k - 2].whitespace_ and _is_name_word(doc[k - 2])


def _joined(words: list[str]) -> str:
    return "".join(words).strip()


def _acronyms(doc: Doc, found: Discovered, owner: dict[str, str],
              dateline: tuple[int, int] | None) -> None:
    """"the Maritime and Harbour Workers' Union (MAHWU)": a body and its acronym."""
    for tok in doc:
        if tok.text != "(" or tok.i + 2 >= len(doc) or not (
                doc[tok.i + 2].text == ")" or (doc[tok.i + 2].text == "," and any(
                    t.text == ")" for t in doc[tok.i + 3:tok.i + 10]))):
            continue  # "(FPJ)", or "(FPJ, by its French initials)"
        acro = doc[tok.i + 1].text
        short_word = bool(re.fullmatch(r"[A-Z][a-z]{2,7}", acro)) and tok.i > 0 and \
            doc[tok.i - 1].text in ORG_HEADS
        # "Brazil's National Telecommunications Agency (Anatel)": a short name made of
        # syllables, not initials, after an organisation's head.
        # "DOTr", "DoJ": an acronym may end in a lower-case letter.
        if not (re.fullmatch(r"[A-Z][A-Za-z]?[A-Z]{1,7}[a-z]?", acro) or short_word) or \
                _in_dateline(tok, dateline):
            continue
        start, words = _run_left(doc, tok.i, possessive=True)
        words = _with_listed_words(doc, start, words, acro)
        if not short_word:
            words = _from_acronym_start(words, acro)
        possessive = next((k for k, w in enumerate(words) if w.strip() in {"'s", "’s"}), None)
        if possessive is not None:
            owner_name = _joined(words[:possessive])
            code = places().by_name.get(owner_name)
            if code and not _in_dateline(doc[start], dateline):
                # "Brazil's National Telecommunications Agency (Anatel)": a state's own agency
                # speaks for the state.
                state = found.bodies[_country_body(found, owner, code)]
                state.add(_joined(words[possessive + 1:]))
                state.add(acro)
                continue
        name = _joined(words)
        if not name or len(name) <= len(acro):
            prev = doc[tok.i - 1] if tok.i else None
            if prev is not None and prev.is_lower:
                found.terms.add(acro)
            continue
        if name in owner or acro in owner:
            continue
        tail = doc[tok.i + 3].lower_ if tok.i + 3 < len(doc) else ""
        kind = "country" if _is_country_name(name) else "organisation"
        body = found.body(name, kind, "acronym in parentheses", acro)
        body.acronym = acro
        if tail in {"group", "bloc", "alliance", "coalition"}:
            body.heads |= {tail, "bloc", "group"}
            body.add(f"{name} ({acro}) {tail}")
            body.add(f"{acro} {tail}")


def _from_acronym_start(words: list[str], acro: str) -> list[str]:
    """"Governor Joseph Adoyo of the Kisara National Party (KNP)": the name the acronym
    abbreviates starts at the first capitalised word with the acronym's first letter, when
    the run of title-case words in front of it starts with another letter."""
    def initials(ws: list[str]) -> str:
        return "".join(w.strip()[0] for w in ws if w.strip()[:1].isupper())

    if not words or words[0].strip()[:1] == acro[0]:
        return words
    for k, word in enumerate(words):
        # Only where the rest spells the acronym: "the Patriotic Front for Justice (FPJ)"
        # keeps its name, whatever language the letters come from.
        if k and word.strip()[:1] == acro[0] and initials(words[k:]) == acro.rstrip("s"):
            return words[k:]
    return words


def _with_listed_words(doc: Doc, start: int, words: list[str], acro: str) -> list[str]:
    """"The Rail, Tram and Bus Union (RTBU)": words before a comma belong to the name when
    the acronym's letters need them."""
    def initials(ws: list[str]) -> str:
        return "".join(w.strip()[0] for w in ws if w.strip()[:1].isupper())

    while start >= 2 and doc[start - 1].text == "," and _is_name_word(doc[start - 2]) \
            and doc[start - 2].text not in NOT_NAMES:
        longer = [doc[start - 2].text + ", ", *words]
        if not acro.startswith(initials(longer)[: len(acro)][:1]) or \
                len(initials(longer)) > len(acro) + 1:
            break
        if initials(words) and acro.startswith(initials(words)[:1]):
            break
        words, start = longer, start - 2
    return words


def _is_country_name(name: str) -> bool:
    words = name.split()
    if not words:
        return False
    if any(w.rstrip("'’").lower() in LABOUR_WORDS or w.endswith(("'", "’"))
           for w in words[:-1]):
        return False  # "the Alberta Educators’ Federation" is a union, not a state
    return words[-1] in COUNTRY_HEADS or words[0] in {"Republic", "Kingdom"}


def _organisations(doc: Doc, found: Discovered, owner: dict[str, str],
                   dateline: tuple[int, int] | None) -> None:
    """Title-case names ending in an organisation's head noun ("Southern Resistance Council")."""
    for tok in doc:
        if tok.text not in ORG_HEADS or _in_dateline(tok, dateline):
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in {"of", "for"}:
            # "Commission for Conciliation, Mediation and Arbitration": read the full name.
            end = _extend_right(doc, tok.i + 1)
            if end > tok.i + 1 and doc[end - 1].text not in NOT_NAMES:
                _, words = _run_left(doc, tok.i + 1)
                name = (_joined(words) + " " + doc[tok.i + 1:end].text).strip() if words else ""
                name = name.replace(" ,", ",")
                if name and name.split()[0] not in NOT_NAMES and len(name.split()) >= 3:
                    _add_org(found, owner, name)
                    continue
        _, words = _run_left(doc, tok.i + 1)
        if len(words) < 2:
            continue
        name = _joined(words)
        if name.split()[0] in {"Republic", "Kingdom", "Government"} and " of " in name:
            continue
        if _person_of_body(name, found, owner):
            continue
        first, _, rest = name.partition(" ")
        if (owner.get(first) or found.owner(first)) and rest.split()[0].lower() in TITLES:
            continue  # "DOTr Undersecretary for Railways Benjamin Dizon": an office
        _add_org(found, owner, name)


def _person_of_body(name: str, found: Discovered, owner: dict[str, str]) -> bool:
    """"Grace Wanjala of the Sefu People's Alliance": a person of a body already found, when
    the words before "of" hold no organisation's head."""
    head, of, tail = name.partition(" of ")
    if not of:
        return False
    tail = tail.removeprefix("the ")
    return bool(owner.get(tail) or found.owner(tail)) and not set(head.split()) & ORG_HEADS


def _extend_right(doc: Doc, k: int) -> int:
    """End of "for Conciliation, Mediation and Arbitration" after an organisation's head."""
    end = k
    while k < len(doc):
        tok = doc[k]
        if tok.lower_ in {"and", "&"} and k + 1 < len(doc) and (
                doc[k + 1].text in places().by_demonym or doc[k + 1].text in NOT_NAMES
                or doc[k + 1].lower_ == "the"):
            # "... Control and Prevention and Swiss drugmaker X", "the Conference of Catholic
            # Bishops and the Council of Protestant Churches": the name has ended.
            break
        if (_is_name_word(tok) and tok.text not in NOT_NAMES) or (
                tok.like_num and tok.is_digit and k > 0 and doc[k - 1].lower_ == "of"):
            end = k + 1  # "Group of 77 and China"
        elif tok.lower_ in CONNECTORS or (tok.text == "," and k + 1 < len(doc)
                                           and _is_name_word(doc[k + 1])
                                           and doc[k + 1].text in MEDIATING_WORDS):
            pass
        else:
            break
        k += 1
    return end


def _add_org(found: Discovered, owner: dict[str, str], name: str) -> None:
    if name in owner or found.owner(name):
        return
    if any(name in other for other in found.bodies) or name.split()[0] in COUNTRY_HEADS:
        return
    if name.removeprefix("the ") in places().by_name:
        return
    kind = "country" if _is_country_name(name) else "organisation"
    found.body(name, kind, "named as an organisation")


def _countries(doc: Doc, found: Discovered, owner: dict[str, str],
               dateline: tuple[int, int] | None) -> None:
    """Countries named by name, by capital used as an actor, or by demonym + agent noun."""
    place = places()
    counts: dict[str, Counter[str]] = {}
    for start, end, text in _phrases(doc, place.by_name):
        if _in_dateline(doc[start], dateline) or _inside_org(doc, start, end, found):
            continue
        code = place.by_name[text]
        counts.setdefault(code, Counter())[text] += 1
    for code, names in counts.items():
        name = names.most_common(1)[0][0]
        canonical = owner.get(name) or _country_name(found, code, name)
        kind = "country"
        body = found.body(canonical, kind, "named as a country (ISO list)")
        for alias in names:
            if owner.get(alias, canonical) == canonical:
                body.add(alias)
    for start, end, text in _phrases(doc, place.by_capital):
        if _in_dateline(doc[start], dateline) or not _acts(doc, start, end) or text in owner:
            continue
        code = place.by_capital[text]
        name = _country_name(found, code, place.countries[code].name)
        body = found.body(owner.get(name, name), "country", "capital standing for its country")
        body.add(text)
    for start, end, text in _phrases(doc, place.by_demonym):
        if _in_dateline(doc[start], dateline):
            continue
        nxt = doc[end] if end < len(doc) else None
        if nxt is None or nxt.lower_ not in AGENT_NOUNS:
            continue
        code = place.by_demonym[text]
        name = _country_name(found, code, place.countries[code].name)
        body = found.body(owner.get(name, name), "country", "demonym of a country")
        phrase = doc[start:end + 1].text
        if nxt.lower_ in TITLES or nxt.text in {"President", "Minister", "Prime"}:
            body.add(text)
        if nxt.lower_ in STANDING_NOUNS:
            body.add(phrase)
            article = doc[start - 1].text if start else ""
            if article in {"The", "the"}:
                body.add(f"{article} {phrase}")
        elif nxt.lower_ in PORTFOLIOS and end + 1 < len(doc) and \
                doc[end + 1].lower_ in {"ministry", "department"}:
            # "the Norwegian foreign ministry"
            body.add(doc[start:end + 2].text)


def _country_name(found: Discovered, code: str, default: str) -> str:
    country = places().countries[code]
    for name in country.names:
        if name in found.bodies:
            return name
    return default


def _inside_org(doc: Doc, start: int, end: int, found: Discovered) -> bool:
    """Whether a country's name is part of an organisation's ("Statistics Canada")."""
    window = doc[max(start - 6, 0):min(end + 6, len(doc))].text
    for name, body in found.bodies.items():
        if body.kind != "country" and doc[start:end].text in name and name in window:
            return True
    before = doc[start - 1] if start else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.text in {"Statistics"}:
        return True
    if after is not None and after.lower_ in {"cents", "dollars", "$", "dollar"}:
        return True
    return after is not None and after.text in ORG_HEADS and after.text not in COUNTRY_HEADS


def _phrases(doc: Doc, table: dict[str, str]) -> list[tuple[int, int, str]]:
    """Where the keys of `table` occur in `doc` (case-sensitive, longest first)."""
    text = text_of(doc)
    out: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for phrase in sorted(table, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
            span = doc.char_span(m.start(), m.end())
            if span is None or not taken.isdisjoint(range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            out.append((span.start, span.end, phrase))
    return sorted(out)


ACTING = {"has", "have", "had", "is", "was", "wants", "want", "said", "says", "imposed",
          "retaliated", "could", "would", "will", "insists", "insisted", "rejected", "offered",
          "proposed", "demanded", "demands", "refused", "refuses", "argued", "warned", "agreed",
          "accepted", "must", "cannot", "can", "should", "did", "does", "signalled",
          "signaled", "announced", "threatened", "'s", "’s", "and", "seeks", "sought",
          "believes", "fears", "hopes", "expects", "expected", "appeared", "responded",
          "replied", "objected", "countered", "dismissed", "pressed", "urged"}
"""Words after a capital that show it acting for its country ("Ottawa imposed")."""


def _acts(doc: Doc, start: int, end: int) -> bool:
    before = doc[start - 1].lower_ if start else ""
    if before in {"in", "at", "to", "from", "into", "near", "of", "outside", "via", "toward",
                  "towards", "around", "through"}:
        return False
    after = doc[end].lower_ if end < len(doc) else ""
    if after in {"'s", "’s"}:
        # "Moscow's negotiators" speak for Russia; "Victoria's public school teachers" and
        # "Wellington's bus drivers" are a city's people, not a state's.
        head = next((t.lower_ for t in doc[end + 1:end + 5]
                     if not (t.is_lower and t.is_alpha) or t.lower_ in SPEAKING_HEADS), "")
        return head in SPEAKING_HEADS
    return after in ACTING or (after == "," and before in {"", "and"})


SPEAKING_HEADS = {"government", "delegation", "negotiators", "negotiator", "officials",
                  "official", "envoy", "envoys", "minister", "ministers", "ministry",
                  "leaders", "leadership", "side", "team", "offer", "position", "demand",
                  "demands", "proposal", "president", "spokesman", "spokeswoman",
                  "spokesperson", "administration", "authorities", "diplomats", "cabinet"}
"""Nouns after "X's" that make X an actor ("Moscow's negotiators")."""


ARMED_NOUNS = {"fighters", "militants", "rebels", "insurgents", "guerrillas", "militiamen"}
"""Plural nouns after an armed group's name ("al-Shabaab fighters"), no article needed."""

ORG_NOUNS = {"union", "group", "movement", "faction", "party", "bloc", "alliance", "venture",
             "association", "federation", "coalition", "militia", "company", "firm",
             "operator", "airline", "carrier", "drugmaker", "lender", "insurer", "miner",
             "manufacturer", "carmaker", "automaker", "producer", "exporter", "developer",
             "regulator", "consortium", "conglomerate", "supplier", "contractor", "charity",
             "organisation", "organization", "guild", "syndicate", "cartel", "confederation",
             "opposition", "trust", "platform", *ARMED_NOUNS}
"""Lower-case nouns that name a body when a proper name stands beside them ("the Vereinigung
Cockpit union", "the rebel SPLM-IO faction", "the Danish drugmaker Nordvik Pharma")."""

COMPANY_NOUNS = {"company", "firm", "operator", "airline", "carrier", "drugmaker", "lender",
                 "insurer", "miner", "manufacturer", "carmaker", "automaker", "producer",
                 "exporter", "developer", "supplier", "contractor", "conglomerate"}


def _described(doc: Doc, found: Discovered, owner: dict[str, str],
               dateline: tuple[int, int] | None) -> None:
    """Bodies named beside a noun that says what they are: "the Vereinigung Cockpit union",
    "the rebel SPLM-IO faction" (name, then noun), "the Dubai-based operator DP World", "the
    airports association ADV" (noun, then name)."""
    for tok in doc:
        if tok.lower_ in COMPANY_NOUNS and tok.is_title and sentence_initial(tok) and \
                not _in_dateline(tok, dateline):
            # "Carmaker Korvell, the union and ...": the wire's way to open on a company.
            end = tok.i + 1
            while end < len(doc) and end - tok.i <= 3 and _proper(doc[end]) and \
                    doc[end].text not in NOT_NAMES:
                end += 1
            if end > tok.i + 1 and not (end < len(doc) and doc[end].text in {"'s", "’s"}):
                _add_described(found, owner, doc[tok.i + 1:end].text, tok.lower_)
            continue
        if tok.lower_ not in ORG_NOUNS or not tok.is_lower or _in_dateline(tok, dateline):
            continue
        # Name, then noun.
        k = tok.i
        while k > 0 and (_proper(doc[k - 1]) or (
                doc[k - 1].text == "-" and k >= 2 and _proper(doc[k - 2])
                and not doc[k - 2].whitespace_ and not doc[k - 1].whitespace_)):
            k -= 1
        if k < tok.i and k > 0 and (_determined(doc, k) or tok.lower_ in ARMED_NOUNS) and \
                _add_described(found, owner, doc[k:tok.i].text, tok.lower_):
            continue
        # Name, then ", the ... noun": "Gavi, the vaccine alliance,".
        j = tok.i - 1
        while j > 0 and doc[j].is_lower and doc[j].lower_ not in {"the", "a", "an"} \
                and tok.i - j <= 4:
            j -= 1
        if j >= 2 and doc[j].lower_ in {"the", "a", "an"} and doc[j - 1].text == "," and \
                tok.i + 1 < len(doc) and (doc[tok.i + 1].text in {",", "."} or (
                    tok.lower_ == "venture" and doc[tok.i + 1].lower_ == "of")):
            name_end = j - 1
            if name_end >= 3 and doc[name_end - 1].text == ")" and \
                    doc[name_end - 3].text == "(":
                name_end -= 3  # "Visayas Metro Partners (VMP), a joint venture of ..."
            k = name_end
            while k > 0 and _proper(doc[k - 1]):
                k -= 1
            if k < name_end:
                _add_described(found, owner, doc[k:name_end].text, tok.lower_)
                continue
        # Noun, comma, name: "the city's main operator, Tranzurban," (not "a spokesman for
        # the coalition, Mohammed Baayou,": the name is the spokesman's).
        if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "," and _determined(doc, tok.i) \
                and not _governed_noun(doc, tok.i):
            end = tok.i + 2
            while end < len(doc) and _proper(doc[end]) and end - tok.i <= 5:
                end += 1
            if end > tok.i + 2 and end < len(doc) and doc[end].text in {",", "."}:
                _add_described(found, owner, doc[tok.i + 2:end].text, tok.lower_)
                continue
        # Noun, then name.
        end = tok.i + 1
        while end < len(doc) and end - tok.i <= 5 and (_proper(doc[end]) or (
                doc[end].text == "-" and end + 1 < len(doc) and _proper(doc[end + 1])
                and not doc[end - 1].whitespace_ and not doc[end].whitespace_)):
            end += 1
        # "and operator Harbor Lines", "Norwegian carrier Nordavia": a trade noun with a
        # demonym or a conjunction before it needs no article.
        bare_trade = tok.lower_ in COMPANY_NOUNS and tok.i > 0 and (
            doc[tok.i - 1].lower_ in {"and", "with", "between", "from", "by"}
            or doc[tok.i - 1].text in places().by_demonym)
        if end > tok.i + 1 and (_determined(doc, tok.i) or bare_trade) and not (
                end < len(doc) and (doc[end].text in {"'s", "’s"} or doc[end].lower_ in TITLES
                                    or doc[end].text == "(")):
            _add_described(found, owner, doc[tok.i + 1:end].text, tok.lower_)


def _proper(tok: Token) -> bool:
    """A word of a proper name: title case or capitals (an acronym such as SPLM-IO), or an
    Arabic article joined to one ("al-Shabaab")."""
    doc = tok.doc
    if tok.lower_ in {"al", "el", "ad", "ash", "as"} and tok.i + 2 < len(doc) and \
            doc[tok.i + 1].text == "-" and not tok.whitespace_ and \
            _is_name_word(doc[tok.i + 2]):
        return True
    if tok.text == "-" and 0 < tok.i < len(doc) - 1 and not tok.whitespace_ and \
            not doc[tok.i - 1].whitespace_ and doc[tok.i - 1].lower_ in {"al", "el", "ad",
                                                                       "ash", "as"}:
        return True
    return (_is_name_word(tok) or bool(re.fullmatch(r"[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*", tok.text))
            ) and tok.text not in NOT_NAMES and tok.lower_ not in TITLES


def _governed_noun(doc: Doc, k: int) -> bool:
    """Whether the noun phrase ending at token `k` belongs to an office before it ("a
    spokesman for the coalition"), so that a name after it is the office holder's."""
    j = k - 1
    while j >= 0 and k - j <= 5 and doc[j].lower_ not in {"the", "a", "an", "its", "their"}:
        j -= 1
    return j > 1 and doc[j - 1].lower_ in {"for", "of"} and (
        doc[j - 2].lower_ in TITLES | {"spokesman", "spokeswoman", "spokesperson", "member"})


def _determined(doc: Doc, k: int) -> bool:
    """Whether an article or possessive stands before token `k`, across lower-case and
    hyphenated modifiers ("the Dubai-based operator", "the rebel")."""
    j = k - 1
    while j >= 0 and k - j <= 5 and (doc[j].is_lower or doc[j].text == "-" or "-" in doc[j].text
                                     or doc[j].text in places().by_demonym
                                     or (not doc[j].whitespace_ and j + 1 < k
                                         and doc[j + 1].text == "-")) \
            and doc[j].lower_ not in {"the", "a", "an", "its", "their"}:
        j -= 1
    return j >= 0 and doc[j].lower_ in {"the", "a", "an", "its", "their"}


def _add_described(found: Discovered, owner: dict[str, str], name: str, noun: str) -> bool:
    """Record a body named beside its noun; False when the name is a place or a person's."""
    name = name.strip()
    place = places()
    if len(name) < 2 or name in place.by_demonym or name in place.by_name or \
            name in place.by_capital or name in found.people or \
            any(name in (p.surname, p.name) for p in found.people.values()):
        return False
    known = owner.get(name) or found.owner(name)
    body = found.bodies.get(known or "")
    if body is None and known is None:
        body = found.body(name, "organisation", f"named beside what it is (the {noun})")
    if body is not None and body.kind == "organisation":
        body.heads.add(noun)
        if noun in {"faction", "militia", "movement"} | ARMED_NOUNS:
            body.heads |= {"rebels", "insurgents", "fighters", "militants", "movement"}
        if noun in {"union", "guild", "syndicate"}:
            body.heads |= {"union", "workers", "unions"}
        if noun in COMPANY_NOUNS:
            body.heads |= {"company", "firm", "operator", "management", "companies"}
        if noun == "venture":
            body.heads |= {"consortium", "venture", "builders", "contractor"}
    return True


COMPANY_SUFFIXES = {"Pharma", "Pharmaceuticals", "Therapeutics", "Air", "Airlines", "Airways",
                    "Motors", "Holdings", "Industries", "Petroleum", "Mining", "Shipping",
                    "Logistics", "Telecom", "Technologies", "Inc", "Ltd", "Plc", "AG", "GmbH",
                    "Corp", "ASA", "SA", "AB", "NV", "BV", "SpA", "Oyj", "LLC", "PLC",
                    "Biologics", "Biotech", "Biotherapeutics"}
"""Last words of a company's name that a report drops after the first mention ("Nordvik
Pharma" is then "Nordvik")."""


def _short_names(doc: Doc, found: Discovered, owner: dict[str, str]) -> None:
    """"Nordvik Pharma ... Nordvik is asking": a company's name without its suffix, where the
    text uses it alone."""
    text = text_of(doc)
    for body in list(found.bodies.values()):
        words = body.name.split()
        if body.kind != "organisation" or len(words) < 2 or words[-1] not in COMPANY_SUFFIXES:
            continue
        short = " ".join(words[:-1])
        if short in owner or found.owner(short) or short in places().by_name or \
                short in places().by_demonym or short in NOT_NAMES:
            continue
        if re.search(rf"(?<![\w-]){re.escape(short)}(?!\s+{re.escape(words[-1])})(?![\w-])",
                     text):
            body.add(short)


AGENCY_NOUNS = ("regulator|agency|ministry|department|authority|commission|office|service|"
                "watchdog|regulatory body|negotiating team|delegation")


def _merge_national_agencies(texts: list[str], found: Discovered) -> None:
    """"Argentina's communications agency, ENACOM,": a state's own agency, named in
    apposition, speaks for the state."""
    countries = {a: b.name for b in found.bodies.values() if b.kind == "country"
                 for a in b.aliases}
    for name in list(found.bodies):
        body = found.bodies.get(name)
        if body is None or body.kind != "organisation":
            continue
        for form in list(body.aliases):
            pattern = (r"\b([A-Z][\w’-]*(?: [A-Z][\w’-]*){0,3})['’]s (?:[a-z-]+ ){0,3}(?:" +
                       AGENCY_NOUNS +
                       r"),? " + re.escape(form) + r"\b")
            hit = next((m for t in texts for m in re.finditer(pattern, t)
                        if m.group(1).removeprefix("The ").removeprefix("the ") in countries),
                       None)
            if hit is None:
                continue
            target = found.bodies[countries[hit.group(1).removeprefix("The ").removeprefix(
                "the ")]]
            for alias in body.aliases:
                target.add(alias)
            del found.bodies[name]
            for person in found.people.values():
                if person.body == name:
                    person.body = target.name
            break


COLLECTIVES = (
    {"creditors", "lenders", "bondholders", "investors"},
    {"rebels", "insurgents", "fighters", "militants", "guerrillas"},
    {"workers", "employees", "drivers", "pilots", "teachers", "nurses", "doctors", "miners",
     "dockworkers", "strikers"},
    {"employers", "management", "operators"},
    {"opposition"},
    {"district", "school district"},
    {"league"},
    {"association"},
    {"company"},
    {"union"},
)
"""Plural nouns that can stand for an unnamed side, grouped by the sides they stand for."""

COLLECTIVE_VERBS = {"want", "wants", "wanted", "demand", "demanded", "demanding", "insist",
                    "insisted", "rejected", "reject", "refused", "refuse", "say", "said",
                    "have", "has", "had", "will", "would", "could", "can", "cannot", "are",
                    "were", "offered", "proposed", "called", "argue", "argued", "asked",
                    "accepted", "accept", "must", "also", "seek", "sought", "agreed",
                    "rejecting", "insisting", "refusing", "seeking", "offering",
                    "pushing", "pressing", "calling", "warned", "threatened"}


def _collectives(texts: list[str], found: Discovered, owner: dict[str, str]) -> None:
    """"The creditors rejected ...", "the lenders want ...": a side the report names only by a
    plural noun, when it acts at least twice and no body found can be read for the noun.
    The body is named by the noun ("Creditors") and answers to every noun of its group."""
    heads = {h for b in found.bodies.values() for h in b.heads} | {
        w.lower() for p in owner for w in p.split()}
    for group in COLLECTIVES:
        if group & heads:
            continue
        counts: Counter[str] = Counter()
        forms: list[str] = []
        for text in texts:
            for m in re.finditer(r"\b([Tt]he) (" + "|".join(sorted(group)) + r")\b(?:,[^,]{0,60},)?"
                                 r"\s+(\w+)", text):
                if m.group(3).lower() in COLLECTIVE_VERBS:
                    counts[m.group(2)] += 1
                    forms.append(f"{m.group(1)} {m.group(2)}")
        if sum(counts.values()) < 2:
            continue
        noun = counts.most_common(1)[0][0]
        body = found.body(noun.capitalize(), "organisation",
                          f"a side named only as \"the {noun}\"")
        body.heads |= group
        for form in dict.fromkeys(forms):
            body.add(form)
        singular = noun.removesuffix("s")
        for text in texts:
            # "the bondholder committee", "a committee of private bondholders": the side's
            # own committee, whose chair speaks for it.
            for m in re.finditer(rf"\b([Tt]he {singular}s?'? (committee|group|panel|"
                                 rf"council))\b|\bcommittee of (?:\w+ )?{noun}\b", text):
                body.heads.add(m.group(2) or "committee")
                if m.group(1):
                    body.add(m.group(1))


def _initials(doc: Doc, found: Discovered, owner: dict[str, str]) -> None:
    """"KPA" for the Kenya Ports Authority: an acronym never defined in parentheses, whose
    letters are the initials of exactly one body's name."""
    seen = {a for b in found.bodies.values() for a in b.aliases} | set(owner)
    for tok in doc:
        acro = tok.text
        if not re.fullmatch(r"[A-Z]{2,6}", acro) or acro in seen or acro in NOT_NAMES:
            continue
        bodies = [b for b in found.bodies.values()
                  if "".join(w[0] for w in b.name.split() if w[:1].isupper()) == acro]
        if len(bodies) == 1:
            bodies[0].add(acro)
            bodies[0].acronym = bodies[0].acronym or acro
        elif tok.i and _is_name_word(doc[tok.i - 1]):
            # "the Africa CDC" for the Africa Centres for Disease Control and Prevention: the
            # name's first word, then the initials of (the start of) the rest.
            first = doc[tok.i - 1].text
            led = [b for b in found.bodies.values() if b.name.split()[0] == first and
                   "".join(w[0] for w in b.name.split()[1:] if w[:1].isupper()).startswith(acro)]
            if len(led) == 1:
                led[0].add(f"{first} {acro}")
        seen.add(acro)


def _invented_countries(doc: Doc, found: Discovered, owner: dict[str, str],
                        dateline: tuple[int, int] | None) -> None:
    """Countries the text invents: "the government of X", "X" beside "Xian officials"."""
    words = Counter(t.text for t in doc if _is_name_word(t) and t.text not in NOT_NAMES
                    and not _in_dateline(t, dateline))
    known_words = set(places().by_demonym) | set(places().by_name)
    for tok in doc:
        if tok.lower_ == "government" and tok.i >= 2 and doc[tok.i - 1].text in {"'s", "’s"} \
                and _is_name_word(doc[tok.i - 2]) and doc[tok.i - 2].text not in NOT_NAMES \
                and not _in_dateline(tok, dateline) and not (
                    tok.i >= 3 and _is_name_word(doc[tok.i - 3])):
            # "Sabaria's government and the country's largest armed group"
            name = doc[tok.i - 2].text
            if name not in places().by_name and name not in places().by_demonym and \
                    not owner.get(name) and not found.owner(name) and len(name) >= 4:
                body = found.body(name, "country", "named as a state (X's government)")
                body.add(doc[tok.i - 2:tok.i + 1].text)
            continue
        if tok.lower_ in {"government", "republic", "kingdom"} and tok.i + 2 < len(doc) \
                and doc[tok.i + 1].lower_ == "of" and _is_name_word(doc[tok.i + 2]):
            end = tok.i + 2
            while end < len(doc) and _is_name_word(doc[end]) and doc[end].text not in NOT_NAMES:
                end += 1
            name = doc[tok.i + 2:end].text
            code = places().by_name.get(name)
            if code:
                name = _country_body(found, owner, code)
            if name and name not in NOT_NAMES and owner.get(name, name) == name:
                body = found.body(found.owner(name) or name, "country",
                                  f"named as a state ({tok.lower_} of {name})")
                body.add(doc[tok.i - 1:end].text if tok.i and doc[tok.i - 1].lower_ == "the"
                         else doc[tok.i:end].text)
                if tok.lower_ == "government":
                    body.heads.add("government")
    longer = {w: b for b in found.bodies.values() if b.kind == "country" and " " in b.name
              for w in b.name.split()[1:]}
    for word in words:
        if word in longer:
            longer[word].add(word)  # "Korea" for South Korea, beside "Korean"
            continue
        if word in known_words or word in owner or len(word) < 4:
            continue
        demonyms = [d for d in words if d != word and demonym_of(d, word)]
        if not demonyms:
            continue
        existing = found.owner(word)
        if existing:
            for d in demonyms:
                _demonym_aliases(doc, d, found.bodies[existing])
            continue
        used = any(_demonym_acts(doc, d) for d in demonyms)
        if used:
            body = found.body(word, "country", f"place named beside its demonym ({demonyms[0]})")
            for d in demonyms:
                _demonym_aliases(doc, d, body)


PROVINCES_OF = re.compile(
    r"\b[Tt]he (provinces|states|regions|cantons|counties|territories|emirates) of "
    r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) and ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\b")


def _provinces(text: str, found: Discovered, owner: dict[str, str]) -> None:
    """"the provinces of Mendoza and San Luis": two governments below a state's, each a side
    with its governor and ministers."""
    for m in PROVINCES_OF.finditer(text):
        for place in (m.group(2), m.group(3)):
            if owner.get(place) or found.owner(place) or place in NOT_NAMES:
                continue
            body = found.body(place, "country", f"named as one of the {m.group(1)} of ...")
            body.heads |= {m.group(1).rstrip("s") if m.group(1) != "counties" else "county",
                           m.group(1)}


CITY_OF = re.compile(r"\b[Tt]he [Cc]ity of ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)\b")


def _cities(text: str, found: Discovered, owner: dict[str, str]) -> None:
    """"The city of Cebu and the consortium building its metro": a city that is a side, with
    its mayor; its council, named apart, stays apart (it approves, it does not negotiate)."""
    for m in CITY_OF.finditer(text):
        place = m.group(1)
        if owner.get(place) or found.owner(place) or found.owner(f"City of {place}"):
            continue
        body = found.body(f"City of {place}", "organisation", "named as a city (the city of X)")
        body.add(m.group(0))
        body.heads |= {"city", "municipality", "mayor"}
        for person in found.people.values():
            if person.body is None and not person.outsider and \
                    re.search(r"\bMayor\b", person.title, re.I):
                person.body = body.name


def _listed_with_states(doc: Doc, found: Discovered, owner: dict[str, str],
                        dateline: tuple[int, int] | None) -> None:
    """"Negotiators from Belovia, Mardova and Ostrenia": a name the country list does not
    know, listed with states found, is a state too when the text also speaks of its people
    ("Ostrenian") or names it again."""
    states = {a for b in found.bodies.values() if b.kind == "country" for a in b.aliases}
    if not states:
        return
    # Counted once: a long report has thousands of lists.
    titled = Counter(t.text for t in doc if t.is_title)
    people = {w for p in found.people.values() for w in p.name.split()}
    k = 0
    while k < len(doc):
        if not _is_name_word(doc[k]) or _in_dateline(doc[k], dateline):
            k += 1
            continue
        items: list[Token] = []
        j = k
        while j < len(doc) and _is_name_word(doc[j]) and not (
                j + 1 < len(doc) and _is_name_word(doc[j + 1])):
            items.append(doc[j])
            if j + 2 < len(doc) and doc[j + 1].text == "," and doc[j + 2].lower_ == "and":
                j += 3
            elif j + 1 < len(doc) and doc[j + 1].lower_ in {",", "and"}:
                j += 2
            else:
                break
        k = max(j, k) + 1
        if len(items) < 3 or not any(i.text in states for i in items):
            continue
        for item in items:
            word = item.text
            if word in states or word in NOT_NAMES or word in owner or found.owner(word) \
                    or word in places().by_name or word in places().by_capital or len(word) < 4:
                continue
            if word in people:
                continue
            if titled[word] >= 2 or any(demonym_of(w, word) for w in titled):
                found.body(word, "country", "listed with states")
                states.add(word)


def _demonym_acts(doc: Doc, demonym: str) -> bool:
    return any(t.text in (demonym, demonym + "s") and t.i + 1 < len(doc)
               and (doc[t.i + 1].lower_ in AGENT_NOUNS or doc[t.i + 1].lower_ in TITLES)
               for t in doc)


def _demonym_aliases(doc: Doc, demonym: str, body: Body) -> None:
    for t in doc:
        if t.text != demonym or t.i + 1 >= len(doc):
            continue
        nxt = doc[t.i + 1]
        if nxt.lower_ in TITLES or nxt.text in {"President", "Minister", "Prime"}:
            body.add(demonym)
        if nxt.lower_ in STANDING_NOUNS:
            phrase = doc[t.i:t.i + 2].text
            body.add(phrase)
            if t.i and doc[t.i - 1].text in {"The", "the"}:
                body.add(f"{doc[t.i - 1].text} {phrase}")
    body.heads.add(demonym.lower())


def _learn_from_model(nlp: Language, text: str, found: Discovered, owner: dict[str, str],
                      ) -> None:
    if "ner" not in nlp.pipe_names:
        return
    reporting = {"said", "says", "told", "stated", "insisted", "warned", "demanded", "rejected",
                 "wants", "insists", "will", "would", "has", "rejects", "proposed", "offered"}
    for sent in nlp(text).sents:
        ents = [e for e in sent.ents if e.label_ in ("GPE", "ORG", "NORP")]
        if not ents or ents[0].start - sent.start > 2:
            continue
        ent = ents[0]
        after = {t.lower_ for t in sent.doc[ent.end:min(ent.end + 4, sent.end)]}
        if ent.text not in owner and not found.owner(ent.text) and after & reporting:
            kind = "country" if ent.label_ == "GPE" else "organisation"
            found.body(ent.text, kind, f"entity found by the trained pipeline ({ent.label_})")


# --------------------------------------------------------------------------- people


def _people(doc: Doc, found: Discovered, owner: dict[str, str],
            dateline: tuple[int, int] | None) -> None:
    """People named with an office, and the body the office belongs to."""
    for tok in doc:
        if _in_dateline(tok, dateline) or not _is_title_word(tok):
            continue
        k, name_end = _name_after_title(doc, tok.i)
        if name_end - k < 2:
            continue
        person_span = doc[k:name_end]
        name = person_span.text
        if name in found.people or owner.get(name) or found.owner(name):
            continue
        if any((t.text in NOT_NAMES and not (t.i + 1 < len(doc) and doc[t.i + 1].text == "-"
                                             and not t.whitespace_))
               or t.lower_ in TITLES for t in person_span):
            continue
        title_start = _title_start(doc, tok.i)
        title = doc[title_start:tok.i + 1].text
        outsider = bool({t.lower_ for t in doc[title_start:tok.i + 1]} & OUTSIDERS)
        body = _affiliation(doc, title_start, tok.i + 1, name_end, found, owner)
        surname = _surname(person_span)
        person = Person(name, surname, body, title, outsider, person_span.start_char)
        after = doc[name_end:min(name_end + 12, len(doc))].text.lower()
        if re.match(r"^,? (a|an|the) [\w -]*(fellow|analyst|professor|researcher|economist|"
                     r"expert)", after):
            person.outsider = True
            person.body = None
        found.people[name] = person
    for tok in doc:
        # "Mirela Costa, a senior fellow at ...", "said Priya Raman of the Centre for ...".
        if not _is_name_word(tok) or tok.text in NOT_NAMES or _in_dateline(tok, dateline):
            continue
        if tok.i and (_is_name_word(doc[tok.i - 1]) or doc[tok.i - 1].lower_ in PARTICLES):
            continue
        end = _name_end(doc, tok.i)
        if end - tok.i < 2:
            continue
        span = doc[tok.i:end]
        if span.text in found.people or found.owner(span.text) or owner.get(span.text):
            continue
        if any(t.text in NOT_NAMES or t.text in ORG_HEADS or t.text in places().by_name
               or t.text in places().by_demonym for t in span):
            continue
        following = [t.lower_ for t in doc[end:min(end + 10, len(doc))]]
        words = following
        before = doc[tok.i - 1].lower_ if tok.i else ""
        appositive = (len(words) > 2 and words[0] == "," and words[1] in {"a", "an", "the"}
                      and bool(set(words[2:]) & TITLES))
        of_body = before == "said" and len(words) > 1 and words[0] in {"of", ","}
        leader = before == "by" and tok.i >= 2 and doc[tok.i - 2].lower_ in {"led", "headed"}
        if leader:
            # "The US Trade Representative's office, led by Jamieson Greer,": the leader of
            # the body named just before.
            body = _body_before(doc, tok.i - 2, found, owner)
            if body:
                found.people[span.text] = Person(span.text, _surname(span), body,
                                                 "leader", False, span.start_char)
            continue
        # "Elena Marchetti, Calloway's Asia-Pacific president, said": an office in
        # apposition, owned by a body.
        owned = _possessive_office_after(doc, end, found, owner) if words[:1] == [","] \
            else None
        if not (appositive or of_body or owned):
            continue
        outsider = bool(set(words) & OUTSIDERS) or "based" in words
        body = None if outsider else (_affiliation_after(doc, end, found, owner) or owned)
        found.people[span.text] = Person(span.text, _surname(span), body,
                                         " ".join(words[:6]), outsider or body is None,
                                         span.start_char)


def _body_before(doc: Doc, k: int, found: Discovered, owner: dict[str, str]) -> str | None:
    """The last body named in the clause before token `k` (back to a sentence end)."""
    start = k
    while start > 0 and doc[start - 1].text not in {".", ";", "!", "?"} and k - start < 20:
        start -= 1
    text = doc[start:k].text
    forms = {a: n for n, b in found.bodies.items() for a in b.aliases} | owner
    best: tuple[int, str] | None = None
    for form, body in forms.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
            if best is None or m.end() > best[0]:
                best = (m.end(), body)
    return best[1] if best else None


def _name_after_title(doc: Doc, title: int) -> tuple[int, int]:
    """Where the name after an office starts and ends: "Minister Jane Roe", or after the
    office's own words and a comma, "Minister of International Trade, Ellen Marchetti"."""
    start = title + 1
    end = _name_end(doc, start)
    if end - start >= 2:
        return start, end
    k = start
    while k < len(doc) and k - start < 9:
        tok = doc[k]
        if tok.text == ",":
            end = _name_end(doc, k + 1)
            return k + 1, end
        if not (tok.lower_ in CONNECTORS or _is_name_word(tok)
                or (tok.is_lower and tok.is_alpha and k - start < 7)):
            break
        k += 1
    # "Secretary for Political Affairs Ricardo Montes": the last two words of a longer run
    # of title-case words after "of" or "for" are the person's name.
    if doc[start].lower_ in {"of", "for"}:
        run = start + 1
        while run < len(doc) and _is_name_word(doc[run]) and doc[run].text not in NOT_NAMES:
            run += 1
        if run - (start + 1) >= 3 and not doc[run - 1].is_upper and \
                doc[run - 1].text not in ORG_HEADS and doc[run - 2].text not in ORG_HEADS:
            return run - 2, run
    return start, start


def _is_title_word(tok: Token) -> bool:
    word = tok.lower_
    if word not in TITLES or word in {"foreign", "prime", "vice", "deputy", "senior", "state"}:
        return False
    return not (word in {"general", "head", "chief", "executive", "official", "chair"}
                and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].is_lower)


def _name_end(doc: Doc, k: int) -> int:
    """End of a person's name starting at token `k` (2 to 5 words, particles allowed)."""
    end = k
    n = 0
    while end < len(doc) and n < 5:
        tok = doc[end]
        hyphened = (end + 2 < len(doc) and doc[end + 1].text == "-" and not tok.whitespace_
                    and not doc[end + 1].whitespace_ and doc[end + 2].is_alpha)
        if _is_name_word(tok) and (tok.text not in NOT_NAMES or (hyphened and n >= 1)) \
                and not tok.is_upper:
            end += 1
            n += 1
        elif (tok.lower_ in PARTICLES and n >= 1 and _particles_then_name(doc, end)) or (
                tok.text == "-" and n >= 1 and not doc[end - 1].whitespace_
                and end + 1 < len(doc) and (_is_name_word(doc[end + 1])
                                            or doc[end + 1].is_lower)):
            # "Takht-Ravanchi", "Cheong In-kyo"
            end += 2 if doc[end + 1].is_lower else 1
        else:
            break
    return end


def _particles_then_name(doc: Doc, k: int) -> bool:
    while k < len(doc) and doc[k].lower_ in PARTICLES:
        k += 1
    return k < len(doc) and _is_name_word(doc[k])


def _surname(span: Span) -> str:
    """"Pieter van der Merwe" → "van der Merwe", "Khalid bin Saeed Al-Mansouri" →
    "Al-Mansouri", "Ellen Marchetti" → "Marchetti"."""
    tokens = list(span)
    k = len(tokens) - 1
    while k >= 2 and tokens[k - 1].text == "-":
        k -= 2
    while k >= 1 and tokens[k - 1].lower_ in PARTICLES - {"bin", "ibn"} and k - 1 >= 1:
        k -= 1
    return span.doc[tokens[k].i:span.end].text


def _title_start(doc: Doc, title_end: int) -> int:
    """Start of the office's words before a title ("Uzbek Water Resources Minister")."""
    k = title_end
    while k > 0:
        prev = doc[k - 1]
        if prev.text in {",", ".", "“", "\"", "—", ";", ":", "(", ")"} or prev.is_space:
            break
        if prev.lower_ in {"said", "says", "told", "by", "and", "according", "added"}:
            break
        if prev.is_lower and prev.is_alpha and title_end - k >= 3 and prev.lower_ not in (
                TITLES | OFFICE_MODIFIERS | PORTFOLIOS | CONNECTORS | AFFILIATION_ROLES
                | {"a", "an", "its", "his", "her", "their"}):
            # "... management met for the first time at the offices of the State Mediator,
            # Kari Solheim": an office is a few words, not the clause before it.
            break
        k -= 1
    return k


def _affiliation(doc: Doc, start: int, title_end: int, name_end: int, found: Discovered,
                 owner: dict[str, str]) -> str | None:
    """The body an office belongs to, read in the office's own words."""
    words = doc[start:title_end]
    lead = [t for t in doc[max(start - 4, 0):start]]
    while lead and lead[0].text in {".", "”", "\"", "!", "?"} | {"\n", "\n\n"}:
        lead.pop(0)
    if start >= 2 and doc[start - 1].text == "," and lead and lead[0].lower_ in {
            "its", "his", "her", "their"}:
        return f"@{lead[0].lower_}"
    appointed = _appointing_body(doc, start, found, owner)
    if appointed:
        return appointed
    if any(t.lower_ in {"former", "ex", "retired"} for t in words):
        # "former Botswana foreign minister Kagiso Molefe": an office they no longer hold
        # names no body they speak for now.
        return _affiliation_after(doc, name_end, found, owner)
    for tok in words:
        if tok.lower_ in {"its", "their"}:
            # "Chile's by its ambassador": the body named just before in the clause.
            return _owner_before(doc, tok.i, found, owner) or f"@{tok.lower_}"
        if tok.lower_ in {"his", "her"}:
            return f"@{tok.lower_}"
    side = _side_led_by(doc, start, found, owner)
    if side:
        return side
    for k in range(start, title_end):
        tok = doc[k]
        if tok.text in {"'s", "’s"} and k > start:
            _, run = _run_left(doc, k)
            name = _joined(run)
            if name and name not in NOT_NAMES:
                body = owner.get(name) or found.owner(name)
                if body is None and name not in places().by_name:
                    office = {t.lower_ for t in doc[k + 1:title_end]}
                    # "Zambara's finance minister": only a state has ministers.
                    kind = "country" if any(demonym_of(t.text, name) for t in doc) or (
                        office & {"minister", "vice-minister", "premier", "chancellor",
                                  "ambassador", "prime", "government", "foreign"}
                        and not set(name.split()) & ORG_HEADS) else "organisation"
                    body = found.body(name, kind, "named with an office (X's minister)").name
                elif body is None:
                    body = _country_body(found, owner, places().by_name[name])
                return body
        for n in (5, 4, 3, 2, 1):
            phrase = doc[k:min(k + n, title_end)].text
            body = owner.get(phrase) or found.owner(phrase)
            if body:
                return body
        led = _party_by_first_word(tok.text, found) if title_end - k <= 4 and not (
            k + 1 < len(doc) and doc[k + 1].text in {"'s", "’s"}) else None
        if led:
            return led  # "Green co-leader Hana Lesjak" of the Green Alliance
        country = places().by_demonym.get(tok.text) or places().by_name.get(tok.text)
        if country:
            return _country_body(found, owner, country)
        invented = _invented_demonym(tok.text, found)
        if invented:
            return invented
        if tok.lower_ in AFFILIATION_ROLES or any(tok.lower_ in b.heads and not tok.is_title
                                                  for b in found.bodies.values()):
            return f"@{tok.lower_}"
    company = _named_before_office(doc, start, title_end, found, owner)
    if company:
        return company
    title = doc[title_end - 1].lower_
    heads = [b.name for b in found.bodies.values()
             if any(title.startswith(w.lower()) and len(w) > 5 for w in b.name.split()
                    if w in ORG_HEADS)]
    if len(heads) == 1:
        return heads[0]
    after = _affiliation_after(doc, name_end, found, owner)
    if after is None and {t.lower_ for t in words} & GOVERNMENT_OFFICES:
        # "Health Minister Carla Nunes": a minister speaks for a state, the one in context.
        return "@government"
    return after


def _appointing_body(doc: Doc, start: int, found: Discovered, owner: dict[str, str],
                     ) -> str | None:
    """"The AU's special envoy, former ... minister Kagiso Molefe": an office named with its
    body just before the comma that opens this one is the office the person holds."""
    if start < 3 or doc[start - 1].text != ",":
        return None
    k = start - 2
    while k > 0 and start - k <= 5 and doc[k].text not in {"'s", "’s", ",", ".", "“", "\""}:
        k -= 1
    if doc[k].text not in {"'s", "’s"} or not any(
            t.lower_ in TITLES for t in doc[k + 1:start - 1]):
        return None
    _, run = _run_left(doc, k, possessive=True)
    name = _joined(run)
    return owner.get(name) or found.owner(name) if name else None


def _party_by_first_word(word: str, found: Discovered) -> str | None:
    """The one organisation whose name starts with `word` ("Green" of the Green Alliance),
    when `word` is no place, demonym or common opener."""
    if not word[:1].isupper() or word in NOT_NAMES or len(word) < 4 or \
            word in places().by_name or word in places().by_demonym:
        return None
    starts = [b.name for b in found.bodies.values() if b.kind == "organisation"
              and len(b.name.split()) > 1 and b.name.split()[0] == word]
    return starts[0] if len(starts) == 1 else None


def _mediating_offices(text: str, found: Discovered) -> None:
    """Mediators known by their office: "State Mediator Kari Lunde", an office with no other
    body, is a body of its own; "named Vesna Kralj ... as informateur": a person who mediates
    in their own name. (A body whose name says it mediates, "the Federal Mediation and
    Conciliation Service", mediates only where the text says it does: the union may have
    asked it in, and the other side declined.)"""
    for person in found.people.values():
        office = re.search(r"((?:[A-Z][a-z]+ )*)(Mediator|Conciliator|Informateur)\b",
                           person.title)
        if office is None or person.body:
            continue
        name = (office.group(1) + office.group(2)).strip()
        if name == office.group(2):
            continue  # "Mediator Graham Okafor" alone: the body comes from elsewhere
        body = found.body(name, "organisation", "an office that mediates")
        body.mediates = True
        person.body, person.outsider = body.name, False
    appointed = [*re.finditer(r"\b(?:named|appointed|asked) ([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+)"
                              r"(?:, [^.]{0,80}?,)? (?:as|to be|to act as) (?:the |an? )?"
                              r"(?:informateur|mediator|facilitator|conciliator)\b", text),
                 # "Commissioner Marcela Iturbe, appointed by the government to mediate"
                 *re.finditer(r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+),? (?:who was )?"
                              r"(?:appointed|named|sent) (?:by [^,.]{0,60}? )?to "
                              r"(?:mediate|facilitate|broker)\b", text)]
    for m in re.finditer(r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+),[^.;]{0,80}?\bappointed (?:as )?"
                         r"(?:the |its )?(?:special |chief |personal )?(?:envoy|mediator|"
                         r"facilitator) by (?:the )?([A-Z][^,.;]{2,80})", text):
        # "Henrik Aalto, a former president of Norrmark who was appointed special envoy by
        # the Organization for Security and Co-operation in Europe (OSCE)": the body's envoy.
        named = found.people.get(m.group(1))
        by = next((b for b in found.bodies.values()
                   if any(m.group(2).startswith(a) for a in b.aliases)), None)
        if named is not None and by is not None:
            named.body, named.outsider = by.name, False
            by.mediates = True
    for m in appointed:
        named = found.people.get(m.group(1)) or next(
            (p for p in found.people.values() if m.group(1).endswith(p.name)), None)
        if named is None or (named.body and named.body in found.bodies):
            continue
        office = re.fullmatch(r"(?:[A-Z][a-z]+ ){1,3}(?:Commissioner|Envoy|Mediator|"
                              r"Representative|Conciliator)", named.title.strip())
        body = found.body(office.group(0) if office else named.name, "organisation",
                          "a person named to mediate")
        body.mediates = True
        named.body, named.outsider = body.name, False


def _plural_short_names(text: str, found: Discovered) -> None:
    """"The Greens", "the Liberals": a party called by the plural of its name's first word."""
    for body in list(found.bodies.values()):
        first = body.name.split()[0]
        if body.kind != "organisation" or len(body.name.split()) < 2 or \
                _party_by_first_word(first, found) != body.name:
            continue
        plural = f"{first}s"
        if re.search(rf"\b[Tt]he {re.escape(plural)}\b", text):
            body.add(plural)


def _owner_before(doc: Doc, k: int, found: Discovered, owner: dict[str, str]) -> str | None:
    """The body named as an owner just before token `k` in its clause ("Chile's ... its"),
    back to the last semicolon or sentence end, at most eight tokens away."""
    j = k - 1
    while j >= 0 and k - j <= 8 and doc[j].text not in {";", ".", "!", "?", ":", "—"}:
        if doc[j].text in {"'s", "’s"} and j > 0:
            _, run = _run_left(doc, j)
            name = _joined(run)
            body = owner.get(name) or found.owner(name)
            if body is None and name in places().by_name:
                body = _country_body(found, owner, places().by_name[name])
            return body
        j -= 1
    return None


def _side_led_by(doc: Doc, start: int, found: Discovered, owner: dict[str, str],
                 ) -> str | None:
    """"Velan's delegation, led by ...", "The Andean side, headed by ...": the person leads
    the side named just before, whatever their own office says."""
    before = doc[max(start - 8, 0):start].text
    led = re.search(r"(\w[\w’' -]*?)(?:'s|’s)? (?:delegation|team|side|negotiators)\s*,\s*"
                    r"(?:led|headed) by\s*$", before) or re.search(
        # "Varnia, whose delegation is led by Foreign Minister Petra Halim"
        r"(\w[\w’' -]*?), whose (?:delegation|team|negotiators|side) (?:is|are|was|were) "
        r"(?:led|headed) by\s*$", before)
    if not led:
        return None
    words = re.sub(r"^(?:the|The)\s+", "", led.group(1).strip())
    body = owner.get(words) or found.owner(words)
    if body:
        return body
    # "The Andean side": the body whose name starts with the word.
    starts = [b.name for b in found.bodies.values() if b.name.split()[0] == words]
    return starts[0] if len(starts) == 1 else None


AFFILIATION_ROLES = {"employers", "union", "government", "rebels", "group", "council", "bloc",
                     "university", "college", "hospital", "utility", "airline", "bank",
                     "alliance", "islands", "operators", "company", "firm", "ministry",
                     "federation", "front", "association", "organisation", "organization",
                     "commission", "corporation", "movement", "committee", "board",
                     "authority", "agency", "department", "delegation", "coalition",
                     "consortium", "bondholders", "creditors", "lenders", "community"}
"""Role nouns in an office's words that tie it to a body of that kind ("the union's
secretary", "the committee's spokesman")."""

OFFICE_MODIFIERS = {"managing", "acting", "interim", "former", "executive", "assistant",
                    "associate", "general", "senior", "deputy", "chief", "vice", "lead",
                    "principal", "national", "regional", "special", "permanent"}
"""Words that open an office's name ("Managing director"), never a body's."""

GOVERNMENT_OFFICES = {"minister", "vice-minister", "premier", "chancellor", "president",
                      "ambassador", "prime"}
"""Offices held only in a state's government: with no body named, the state in context."""


def _named_before_office(doc: Doc, start: int, title_end: int, found: Discovered,
                         owner: dict[str, str]) -> str | None:
    """"Harbour City Buses chief executive Graham Birch": title-case words before a lower-case
    office name the body it belongs to (a company, say, whose name has no head noun)."""
    k = start
    while k < title_end and _is_name_word(doc[k]) and doc[k].text not in NOT_NAMES \
            and doc[k].lower_ not in TITLES | OFFICE_MODIFIERS:
        k += 1
    office = doc[k:title_end]
    if k == start or not len(office) or not all(t.is_lower for t in office):
        return None
    name = doc[start:k].text
    if name in places().by_demonym or name in places().by_name or name in places().by_capital:
        return None
    body = owner.get(name) or found.owner(name)
    if body:
        return body
    # "League commissioner Amy Scheer" after "the Canadian Women's Hockey League".
    heads = [b.name for b in found.bodies.values() if b.name.endswith(f" {name}")]
    if len(heads) == 1:
        return heads[0]
    company = found.body(name, "organisation", "named before an office (X chief executive)")
    company.heads |= {"company", "firm", "operator", "management", "companies"}
    return company.name


def _affiliation_after(doc: Doc, end: int, found: Discovered, owner: dict[str, str],
                       ) -> str | None:
    """"Tesfaye Alemu of Ethiopia": a body named right after a person."""
    if (end + 1 < len(doc) and doc[end].lower_ == "of") or (
            end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ == "of"):
        k = end + 1 if doc[end].lower_ == "of" else end + 2
        if doc[k].lower_ == "the":
            k += 1
        if k + 2 < len(doc) and doc[k + 1].text in {"'s", "’s"}:
            k += 2  # "of the province's Office of Labour Mediation"
        for n in (6, 5, 4, 3, 2, 1):
            phrase = doc[k:min(k + n, len(doc))].text
            body = owner.get(phrase) or found.owner(phrase)
            if body:
                return body
            country = places().by_name.get(phrase)
            if country:
                return _country_body(found, owner, country)
    return None


def _possessive_office_after(doc: Doc, end: int, found: Discovered, owner: dict[str, str],
                             ) -> str | None:
    """"said Gabriela Sosa, Mendoza's minister of infrastructure": the body whose office
    follows the name in apposition."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    j = end + 1
    while j < len(doc) and j - end <= 5 and doc[j].text not in {"'s", "’s", ",", "."}:
        j += 1
    if j >= len(doc) or doc[j].text not in {"'s", "’s"} or \
            not any(t.lower_ in TITLES for t in doc[j + 1:j + 5]):
        return None
    if j > 0 and doc[j - 1].is_lower and (doc[j - 1].lower_ in AFFILIATION_ROLES or any(
            doc[j - 1].lower_ in b.heads for b in found.bodies.values())):
        return f"@{doc[j - 1].lower_}"  # "Anders Lindholm, the union's executive director"
    _, run = _run_left(doc, j)
    name = _joined(run)
    if not name or name in NOT_NAMES:
        return None
    known = owner.get(name) or found.owner(name)
    if known:
        return known
    if name in places().by_name:
        return _country_body(found, owner, places().by_name[name])
    office = {t.lower_ for t in doc[j + 1:j + 5]}
    # Only a state has ministers; a company has presidents too.
    kind = "country" if office & {"minister", "vice-minister", "premier", "chancellor",
                                  "ambassador", "prime", "foreign"} else "organisation"
    body = found.body(name, kind, "named with an office (X's minister)")
    if kind == "organisation":
        body.heads |= {"company", "firm", "companies"}
    return body.name


def _country_body(found: Discovered, owner: dict[str, str], code: str) -> str:
    country = places().countries[code]
    for name in country.names:
        if name in owner:
            return owner[name]
        if name in found.bodies:
            return name
    body = found.body(country.name, "country", "named through a person's office")
    return body.name


def _invented_demonym(word: str, found: Discovered) -> str | None:
    for name, body in found.bodies.items():
        if body.kind == "country" and demonym_of(word, name):
            return name
    return None


def _speakers(doc: Doc, found: Discovered, owner: dict[str, str],
              dateline: tuple[int, int] | None) -> None:
    """A bare title-case name that speaks or acts like a party ("Dravia has offered")."""
    people = {w for p in found.people.values() for w in p.name.split()}
    for tok in doc:
        if not _is_name_word(tok) or tok.text in NOT_NAMES or _in_dateline(tok, dateline):
            continue
        if tok.text in people or tok.is_upper or len(tok.text) < 4:
            continue
        if tok.i and (_is_name_word(doc[tok.i - 1]) or doc[tok.i - 1].text in {"'", "’", "-"}
                      or doc[tok.i - 1].lower_ in PARTICLES):
            continue
        if tok.i + 1 < len(doc) and _is_name_word(doc[tok.i + 1]):
            continue
        after = [t.lower_ for t in doc[tok.i + 1:tok.i + 4]]
        whose = after[:3] in (
            [",", "whose", w] for w in ("delegation", "team", "negotiators", "government"))
        if whose:
            after = ["has", "offered"]  # "Velmar, whose delegation is led by ...": it acts
        if not after or after[0] not in {"has", "is", "wants", "insists", "said", "says",
                                         "rejected", "offered", "proposed", "demanded",
                                         "'s", "’s"}:
            continue
        if after[0] in {"'s", "’s"} and (len(after) < 2 or after[1] not in {
                "delegation", "government", "team", "side", "negotiators", "officials",
                "minister", "president", "chief", "envoy"}):
            continue
        if after[0] in {"has", "is"} and (len(after) < 2 or after[1] not in {
                "offered", "proposed", "demanded", "rejected", "insisted", "said", "holding",
                "seeking", "refused", "signalled", "signaled", "asked", "demanding"}):
            continue
        name = tok.text
        if name in owner or found.owner(name) or name in places().by_demonym:
            continue
        if name.lower() in GROUPS_OF_PEOPLE:
            continue  # "Aides said": people of no name, not a body
        if re.search(rf"\b{re.escape(name.lower())}\b", text_of(doc)):
            continue  # "Management has rejected": a common noun that opens a sentence
        firsts = {m.group(1) for m in re.finditer(rf"\b([A-Z][a-zà-ÿ]+) {re.escape(name)}\b",
                                                   text_of(doc))}
        if firsts - NOT_NAMES - COUNTRY_HEADS - {"Republic", "Kingdom"} - set(
                places().by_demonym):
            continue  # "Montes said" after "Ricardo Montes": a person's surname
        if any(name in other.split() for other in found.bodies):
            continue
        if name in places().by_capital:
            continue
        kind = "country"
        body = found.body(name, kind, "named as a speaker or actor")
        # A bare name that acts may as well be a company or a movement ("Tranzurban",
        # "Hamas"): "the company" or "the group" can stand for it too.
        body.heads |= {"group", "company", "firm", "movement", "organisation", "organization"}


GROUPS_OF_PEOPLE = {
    "aides", "sources", "critics", "observers", "lawyers", "residents", "protesters",
    "economists", "experts", "insiders", "organisers", "organizers", "investors", "officers",
    "campaigners", "activists", "witnesses", "voters", "citizens", "families", "relatives",
    "survivors", "authorities", "police", "diplomats", "officials", "analysts", "advisers",
    "advisors", "spokespeople", "representatives", "participants", "attendees", "scientists",
    "doctors", "nurses", "teachers", "workers", "farmers", "fishermen", "traders", "bankers",
    "executives", "managers", "employers", "creditors", "lenders", "bondholders", "donors",
    "parents", "students", "staff", "members", "delegates", "envoys", "mediators", "leaders",
    "negotiators", "ministers", "legislators", "lawmakers", "rebels", "fighters", "militants",
    "shareholders", "regulators", "inspectors", "monitors", "troops", "soldiers", "judges",
    "prosecutors", "unions", "governments", "states", "countries", "delegations"}
"""Plural nouns for people of no name: "Aides said" opens a sentence, it names no body."""


STATE_ORGANS = {"Department", "Ministry", "Office", "Forces", "Army", "Navy", "Police",
                "Government", "Presidency", "Cabinet", "Treasury", "Guard"}
"""Heads of a state's own organs: "the Kenya Defence Forces" speak for Kenya."""

GENERIC_MINISTRY = re.compile(
    r"(?:(?:Federal |State )?(?:Ministry|Department) (?:of|for) (?:the )?[A-Z][\w’']*"
    r"(?:(?:,| and| &) [A-Z][\w’']*)*(?: Affairs)?|(?:[A-Z][a-z]+ ){1,2}(?:Ministry|Department))")
"""A ministry named by its portfolio alone ("State Department", "Ministry of Finance"): a
part of some state's government, not a body of its own."""


def _merge_departments(found: Discovered) -> None:
    """"the Swiss Federal Department of Foreign Affairs" speaks for Switzerland; a ministry
    named by its portfolio alone speaks for the state in context (its people become
    "@government")."""
    place = places()
    for name in list(found.bodies):
        body = found.bodies[name]
        words = name.split()
        if body.kind != "organisation" or not STATE_ORGANS & set(words):
            continue
        code = place.by_demonym.get(words[0]) or place.by_name.get(words[0])
        armed = {"Forces", "Army", "Navy", "Police", "Guard"} & set(words)
        if armed and not set(words[1:]) - armed <= {"Defence", "Defense", "Armed", "Federal",
                                                    "Royal", "Air", "Border", "Coast",
                                                    "Security", "Force"}:
            continue  # "Sudan People's Liberation Army" is no organ of Sudan
        if code is None:
            if GENERIC_MINISTRY.fullmatch(name) and not body.acronym:
                del found.bodies[name]
                for person in found.people.values():
                    if person.body == name:
                        person.body = "@government"
            continue
        country = _country_body(found, {}, code)
        target = found.bodies[country]
        for alias in body.aliases:
            target.add(alias)
        del found.bodies[name]
        for person in found.people.values():
            if person.body == name:
                person.body = country


def _merge_short_forms(found: Discovered) -> None:
    """"Velan" is the "Velan Federation": a single word opening a longer body's name."""
    for name in list(found.bodies):
        body = found.bodies.get(name)
        if body is None or " " in name:
            continue
        longer = [b for n, b in found.bodies.items()
                  if n != name and n.split()[0] == name and len(n.split()) == 2]
        if len(longer) == 1:
            target = longer[0]
            for alias in body.aliases:
                target.add(alias)
            target.heads |= body.heads
            if body.kind == "country":
                target.kind = "country"
                target.heads |= _heads(target.name, "country")
            del found.bodies[name]
            for person in found.people.values():
                if person.body == name:
                    person.body = target.name
