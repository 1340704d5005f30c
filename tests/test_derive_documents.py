"""Derive on three news-style documents of our own: valid, playable drafts, right firm lines."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from sim.derive.api import derive
from sim.derive.writer import render_yaml, write_draft
from sim.scenario.schema import Quote, Scenario, evidence_list

DATA = Path(__file__).parent / "data"

EXPECTED = {
    "001_saru_river_water.txt": {
        "parties": {"Arvania", "Belmora", "Cendria"},
        "hard": {"Arvania": "is not up for negotiation",
                 "Cendria": "never accept a flow below 40 billion cubic metres"},
    },
    "002_norvale_oster_trade.txt": {
        "parties": {"Norvale", "Oster Union", "Kestria"},
        "hard": {"Oster Union": "The removal of the steel tariff is a precondition"},
    },
    "003_mirin_ceasefire.txt": {
        "parties": {"Tarsa", "Highland Front", "Saldovia"},
        "hard": {"Tarsa": "There will be no ceasefire while rebel artillery remains",
                 "Highland Front": "rejected disarmament as surrender"},
    },
}


def _draft(name: str, tmp_path: Path) -> Scenario:
    derivation = derive([DATA / name], model=None)
    scenario, _ = write_draft(render_yaml(derivation.draft.scenario), tmp_path / "d.yaml",
                              derivation.documents)
    return scenario


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_draft_validates_and_names_the_parties_a_reader_finds(name, tmp_path) -> None:
    draft = _draft(name, tmp_path)
    assert set(draft.parties) == EXPECTED[name]["parties"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_firmest_conditions_become_hard_red_lines_citing_their_words(name, tmp_path) -> None:
    draft = _draft(name, tmp_path)
    text = (DATA / name).read_text(encoding="utf-8")
    for party, words in EXPECTED[name]["hard"].items():
        quotes = [ev for line in draft.parties[party].red_lines if line.kind == "hard"
                  for ev in evidence_list(line.because) if isinstance(ev, Quote)]
        cited = [q for q in quotes if words in q.quote]
        assert cited, f"{party} has no hard red line citing {words!r}"
        assert text[cited[0].span[0]:cited[0].span[1]] == cited[0].quote


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_some_outcome_crosses_no_partys_hard_red_line(name, tmp_path) -> None:
    draft = _draft(name, tmp_path)
    lines = [line for p in draft.parties.values() for line in p.red_lines if line.kind == "hard"]
    issues = {k: i.option_names() for k, i in draft.issues.items()}
    open_outcomes = [combo for combo in itertools.product(*issues.values())
                     if not any(all(dict(zip(issues, combo, strict=True))[i] in opts
                                    for i, opts in line.condition.items()) for line in lines)]
    assert open_outcomes


def test_the_ceasefire_draft_is_mediated_by_the_party_that_chairs_the_talks(tmp_path) -> None:
    draft = _draft("003_mirin_ceasefire.txt", tmp_path)
    assert draft.protocol.kind == "mediated" and draft.protocol.mediator == "Saldovia"
    cited = [ev for ev in evidence_list(draft.protocol.because) if isinstance(ev, Quote)]
    assert cited[0].quote == "Saldovia's foreign minister, Hana Ostrova, who chairs the talks"


def test_people_and_demonyms_are_learned_as_aliases_of_their_party(tmp_path) -> None:
    draft = _draft("001_saru_river_water.txt", tmp_path)
    assert {"Teodor Vask", "Vask"} <= set(draft.parties["Arvania"].aliases)
    assert {"Mira Dalca", "Cendrian"} <= set(draft.parties["Cendria"].aliases)


def test_a_party_offering_to_compromise_values_the_middle_ground_most(tmp_path) -> None:
    belmora = _draft("001_saru_river_water.txt", tmp_path).parties["Belmora"]
    rows = [row for row in belmora.values.values() if isinstance(row, dict)]
    assert any(max(row, key=row.__getitem__) in ("middle_ground", "partly") for row in rows)
    assert belmora.budget.pace == "conceder"


def test_documents_too_long_together_or_far_too_long_alone_are_refused_with_a_way_out(
        tmp_path: Path) -> None:
    """Each within the length limit but too much together; and a 10 MB file, refused from its
    size before it is read."""
    from sim.derive.documents import MAX_CHARS, DeriveError, read_documents

    sentence = "Canada said the duty must fall. "
    seeds = []
    for k in range(3):
        seeds.append(tmp_path / f"part{k}.txt")
        seeds[-1].write_text(sentence * (MAX_CHARS // len(sentence)), encoding="utf-8")
    with pytest.raises(DeriveError, match=r"the 3 documents hold 600,000 characters together; "
                                          r".* Derive from fewer documents"):
        read_documents(seeds)
    huge = tmp_path / "dump.txt"
    huge.write_text("x" * 10_000_000, encoding="utf-8")
    with pytest.raises(DeriveError, match=r"dump\.txt: 10,000,000 bytes; .* Split it"):
        read_documents([huge])
