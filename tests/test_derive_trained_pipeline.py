"""A trained spaCy pipeline, where one is given, adds the parties its entity recogniser finds.

No trained model can be downloaded here, so the test saves a small pipeline of its own (a
sentencizer and an entity recogniser named `ner` that knows one country) and derives with
it through `spacy.load`, exactly as an installed model would be used.
"""

from __future__ import annotations

from pathlib import Path

import spacy

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
