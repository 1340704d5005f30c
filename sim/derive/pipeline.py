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


@Language.component("parley_paragraphs")
def _paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after any whitespace holding a newline: headings end without a stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


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
    else:
        log.info("using trained spaCy pipeline %s", model)
        nlp = spacy.load(model)
        # First, so that the parser's sentences respect the blank-line breaks.
        nlp.add_pipe("parley_paragraphs", first=bool(nlp.pipe_names))
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
            tokens = [t.text for t in nlp.tokenizer(alias)]
            pattern = [{"LOWER": "the"} if k == 0 and tok.lower() == "the" else {"ORTH": tok}
                       for k, tok in enumerate(tokens)]
            patterns.append({"label": PARTY, "pattern": pattern, "id": party})
    return patterns
