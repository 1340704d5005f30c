"""`parley derive` on awkward input: never a traceback, always a draft that loads (or one clear
line saying why the document cannot be read), and no hang on a long text."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.cli import main
from sim.derive.api import derive
from sim.derive.documents import MAX_CHARS, DeriveError
from sim.derive.writer import render_yaml, validate_text
from tests.hang_guard import no_hang

AWKWARD = {
    "pronoun_first": "He insists the border must stay closed. She said nothing more.\n",
    "pronoun_only": "They refused. It will never happen. He insists.\n",
    "unbalanced_quotes": 'Norway said "we will never accept this. Iceland wants 12%.\n',
    "quote_alone": '"We will not accept anything less than 10%," said.\n',
    "only_punctuation": "... !!! ??? --- “” \"\" ''\n",
    "numbers_only": "12% 400,000 tonnes $1 trillion 2032 3.5%\n",
    "dateline_only": "GENEVA, Switzerland, March 4, 2026 —\n",
    "heading_only": "Talks Resume Between Two Sides\n",
    "one_word": "Dravia\n",
    "long_sentence": "Canada said " + "the duty must fall and " * 400 + "that is all.\n",
    "unicode": "Reykjavík’s minister, Katrín Jónsdóttir, said Ísland “will never” accept 8 %.\n",
    "many_parties": " ".join(f"Country{k} Federation said it will never accept {k}%."
                           for k in range(40)) + "\n",
    "split_quote": '"We will not," the minister said, "accept a freeze dressed up as a '
                   'compromise."\n',
    "nested_parentheses": "The Front (PUF (People's Unity Front)) rejected the (8%) offer.\n",
}


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_awkward_text_gets_a_draft_that_loads(name: str, tmp_path: Path) -> None:
    seed = tmp_path / f"{name}.txt"
    seed.write_text(AWKWARD[name], encoding="utf-8")
    found = derive([seed], model=None)
    validate_text(render_yaml(found.draft.scenario), found.documents)
    assert len(found.draft.scenario["parties"]) >= 2
    assert found.draft.scenario["issues"]


def test_a_sentence_opening_with_he_insists_reads_as_the_last_speaker(tmp_path: Path) -> None:
    seed = tmp_path / "insists.txt"
    seed.write_text("Dravia's justice minister, Nadia Kovac, spoke on Monday. He insists the "
                    "journalists must be released.\n\nVelan wants all 62 prisoners returned.\n",
                    encoding="utf-8")
    found = derive([seed], model=None)
    validate_text(render_yaml(found.draft.scenario), found.documents)


def test_we_will_not_accept_x_dressed_up_as_a_compromise_is_a_red_line(tmp_path: Path) -> None:
    seed = tmp_path / "freeze.txt"
    seed.write_text('"We will not accept a freeze dressed up as a compromise," Norway\'s '
                    'minister, Ingrid Solberg, said.\n\nIceland wants a freeze on quotas.\n',
                    encoding="utf-8")
    found = derive([seed], model=None)
    reading = next(f.reading for f in found.findings if f.speaker == "Norway")
    assert reading.kind == "red_line" and reading.firmness >= 0.75


def test_a_text_past_the_length_limit_is_refused_unread_with_a_way_out(tmp_path: Path,
                                                                        capsys) -> None:
    seed = tmp_path / "huge.txt"
    seed.write_text("Canada said the duty must fall. " * 35_000, encoding="utf-8")  # ~1 MB
    with no_hang("refusing a 1 MB text", limit=60):
        with pytest.raises(DeriveError, match=r"huge\.txt: 1,120,000 characters; .* Split it"):
            derive([seed], model=None)
        assert main(["derive", str(seed), "--model", "none"]) == 2
    assert "Split it" in capsys.readouterr().err


@pytest.mark.slow
def test_a_long_text_within_the_limit_is_read(tmp_path: Path) -> None:
    corpus = Path(__file__).parent / "data" / "derive_corpus"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("0[1-8]_*.txt")))
    seed = tmp_path / "long.txt"
    seed.write_text((text * 40)[:MAX_CHARS], encoding="utf-8")
    with no_hang("deriving a text at the length limit", limit=600):
        found = derive([seed], model=None)
    validate_text(render_yaml(found.draft.scenario), found.documents)


@pytest.mark.slow  # two fresh interpreters with spaCy
def test_the_draft_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    """No set order decides anything: two runs with different hash seeds write one draft."""
    import subprocess
    import sys

    article = Path(__file__).parent / "data" / "derive_corpus" / "01_steel_canola_tariffs.txt"
    code = ("import sys; from pathlib import Path; from sim.derive.api import derive; "
            "from sim.derive.writer import render_yaml; "
            "sys.stdout.write(render_yaml(derive([Path(sys.argv[1])], model=None)"
            ".draft.scenario))")
    runs = [subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True,
                           text=True, check=True, cwd=Path(__file__).parent.parent,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
            for seed in ("1", "2")]
    assert runs[0] == runs[1] and "issues:" in runs[0]
