"""The spaCy pipeline derive reads with: sentences, and party mentions from the gazetteer.

The default is spaCy's blank English pipeline (no model download): a component that starts a
sentence after every blank line (headings carry no full stop), the rule-based sentencizer,
and an `EntityRuler` whose patterns map each alias to its party id. When a trained English
pipeline is installed it can be used instead; its own entities (GPE, ORG, PERSON) then help
find parties the gazetteer does not know.
"""

from __future__ import annotations

import logging

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sim.derive.gazetteer import Gazetteer

log = logging.getLogger(__name__)

PARTY = "PARTY"
"""Entity label of a party mention; the entity's `ent_id_` is the party id."""
PERSON = "PARTY_PERSON"
"""Entity label of a person whose party is read from the context; `ent_id_` is their name."""
OUTSIDER = "OUTSIDER"
"""Entity label of a person outside every party (an analyst); `ent_id_` is their name."""


@Language.component("parley_paragraphs")
def _paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after any whitespace holding a newline: headings end without a stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text and (
                "\n\n" in token.text.replace(" ", "") or token.i == 0
                or (doc[token.i - 1].text[-1:] not in ".!?\"”’'"
                and _line_alone(doc, token.i))):
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("parley_quotes")
def _quote_sentences(doc: Doc) -> Doc:
    """An opening quotation mark left at the end of a sentence starts the next one."""
    for token in doc[1:-1]:
        if token.text not in ("“", "\"") or token.is_sent_start:
            continue
        before = doc[token.i - 1]
        opening = token.text == "“" or bool(before.whitespace_) or before.is_space
        if opening and before.text in (".", "!", "?", "”", "\""):
            token.is_sent_start = True
            doc[token.i + 1].is_sent_start = False
    return doc


def _line_alone(doc: Doc, k: int) -> bool:
    """Whether the line ending at the newline token `k` stands alone (a heading)."""
    text = doc.text
    at = doc[k].idx
    start = text.rfind("\n", 0, at) + 1
    return start == 0 or text[max(start - 2, 0):start] == "\n\n" or not text[:start].strip()


def trained_pipeline_name(requested: str | None) -> str | None:
    """Which trained pipeline to use: `requested`, or with "auto" an installed English one."""
    if requested in (None, "", "none"):
        return None
    if requested != "auto":
        return requested
    installed = sorted(name for name in spacy.util.get_installed_models()
                       if name.startswith("en_"))
    return installed[0] if installed else None


def build_nlp(gazetteer: Gazetteer, model: str | None = None) -> Language:
    """A pipeline that splits sentences and tags every gazetteer alias as a PARTY entity.

    Args:
        gazetteer: party id → aliases.
        model: name of an installed trained spaCy pipeline, or None for the blank one.
    """
    if model is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        # After the sentencizer, which resets every token's sentence start.
        nlp.add_pipe("parley_paragraphs")
        nlp.add_pipe("parley_quotes")
    else:
        log.info("using trained spaCy pipeline %s", model)
        nlp = spacy.load(model)
        # First, so that the parser's sentences respect the blank-line breaks.
        nlp.add_pipe("parley_paragraphs", first=bool(nlp.pipe_names))
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("parley_quotes", after="parley_paragraphs")
        else:
            nlp.add_pipe("parley_quotes")
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", before=before, config={"overwrite_ents": True})
    ruler.add_patterns(alias_patterns(nlp, gazetteer))  # type: ignore[attr-defined]
    return nlp


def alias_patterns(nlp: Language, gazetteer: Gazetteer) -> list[dict[str, object]]:
    """EntityRuler patterns: one per alias, case-sensitive except a leading "the".

    Case matters so that the alias `US` never matches the pronoun "us".
    """
    patterns: list[dict[str, object]] = []
    for party, aliases in gazetteer.items():
        for alias in dict.fromkeys([party, *aliases]):
            patterns.append(_pattern(nlp, alias, PARTY, party))
    return patterns


def people_patterns(nlp: Language, people: dict[str, tuple[str, str, bool]],
                    ) -> list[dict[str, object]]:
    """EntityRuler patterns for people whose party is read in context, or who have none.

    Args:
        people: full name → (surname, party or "", outsider).
    """
    patterns = []
    for name, (surname, party, outsider) in people.items():
        if party and not party.startswith("@") and not outsider:
            continue
        label = OUTSIDER if outsider else PERSON
        for alias in dict.fromkeys([name, surname]):
            patterns.append(_pattern(nlp, alias, label, name))
    return patterns


def _pattern(nlp: Language, alias: str, label: str, ent_id: str) -> dict[str, object]:
    tokens = [t.text for t in nlp.tokenizer(alias)]
    pattern = [{"LOWER": "the"} if k == 0 and tok.lower() == "the" else {"ORTH": tok}
               for k, tok in enumerate(tokens)]
    return {"label": label, "pattern": pattern, "id": ent_id}
