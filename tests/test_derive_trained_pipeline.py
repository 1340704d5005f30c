"""A trained spaCy pipeline, where one is given, adds the parties its entity recogniser finds.

No trained model can be downloaded here, so the test saves a small pipeline of its own (a
sentencizer and an entity recogniser named `ner` that knows one country) and derives with
it through `spacy.load`, exactly as an installed model would be used.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sim.derive.api import derive

TEXT = """ date 2026-05-01 Zorbia Joins the Talks

Zorbia said it will never accept any settlement that leaves its border open. The European
Union wants a clear list of demands addressed to Moscow, Kaja Kallas said. Russia has named
the withdrawal of Ukrainian forces as a condition for peace, and Putin said the proposals
from Brussels were unacceptable. Europe insists that its consent is required.
"""

def trained_pipeline(folder: Path) -> Path:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    recogniser = nlp.add_pipe("entity_ruler", name="ner")
    recogniser.add_patterns([{"label": "GPE", "pattern": "Zorbia"}])  # type: ignore[attr-defined]
    nlp.to_disk(folder)
    return folder


def test_a_trained_pipeline_s_entities_join_the_parties_the_gazetteer_knows(
        tmp_path: Path) -> None:
    seed = tmp_path / "zorbia.txt"
    seed.write_text(TEXT, encoding="utf-8")
    model = trained_pipeline(tmp_path / "model")
    with_model = derive([seed], model=str(model))
    without = derive([seed], model=None)
    found = {party.name: party for party in with_model.parties}
    assert with_model.model == str(model)
    assert "Zorbia" in found and "trained pipeline" in found["Zorbia"].source
    assert {"EU", "Russia"} <= set(found)
    # The blank pipeline finds it too, from how the text uses the name ("Zorbia said").
    blank = {party.name: party for party in without.parties}
    assert "Zorbia" in blank and "trained pipeline" not in blank["Zorbia"].source


PARSED = ("Canada and Indonesia opened talks on steel.\n\n"
          "The minister of Canada with Indonesia's envoy beside her said the duty must stay.\n")


@Language.component("parley_test_parser")
def _toy_parser(doc: Doc) -> Doc:
    """A stand-in for a trained parser: "minister" (with everything before "said") is the
    subject of "said"; every other token hangs from its sentence's first word."""
    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    heads = list(range(len(words)))
    deps = ["dep"] * len(words)
    start = 0
    for k, word in enumerate(words):
        if word in (".", "\n\n", "\n"):
            for j in range(start, k + 1):
                heads[j] = start
            deps[start] = "ROOT"
            start = k + 1
    if "said" in words:
        said = words.index("said")
        minister = words.index("minister")
        first = max(k for k in range(said) if words[k] in (".", "\n\n")) + 1
        for j in range(first, len(words)):
            heads[j] = said
        for j in range(first, said):
            heads[j] = minister
        heads[minister], deps[minister] = said, "nsubj"
        heads[said], deps[said] = said, "ROOT"
    return Doc(doc.vocab, words=words, spaces=spaces, heads=heads, deps=deps)


def test_a_trained_pipeline_s_parse_names_the_speaker(tmp_path: Path) -> None:
    seed = tmp_path / "parsed.txt"
    seed.write_text(PARSED, encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("parley_test_parser", name="parser")
    nlp.to_disk(tmp_path / "parser_model")
    parsed = derive([seed], model=str(tmp_path / "parser_model"))
    rules = derive([seed], model=None)

    def speaker(d: object) -> str | None:
        return next((f.speaker for f in d.findings  # type: ignore[attr-defined]
                     if "duty must stay" in f.statement.quote), None)

    # The rules see only "of Canada" and "with Indonesia's envoy" before the verb, neither a
    # speaker; the parse knows that the minister of Canada is the subject of "said".
    assert speaker(parsed) == "Canada"
    assert speaker(rules) != "Canada"
