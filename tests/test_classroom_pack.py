"""The class pack: who plays what, and what each student may and may not read."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sim.classroom.pack import assign, write_pack

SIDES = ["EU", "Russia", "Ukraine", "US"]


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("class") / "pack"
    write_pack("brussels_2026", students=9, seed=4, folder=folder, baseline_runs=100)
    return folder


def test_sides_are_dealt_in_turn_and_seeds_follow_from_the_class_seed() -> None:
    roster = assign(SIDES, 9, seed=4)
    assert [s.side for s in roster] == SIDES * 2 + ["EU"]
    assert [s.seed for s in roster] == [s.seed for s in assign(SIDES, 9, seed=4)]
    assert len({s.seed for s in roster}) == 9
    assert [s.seed for s in roster] != [s.seed for s in assign(SIDES, 9, seed=5)]


def test_every_student_gets_a_brief_with_the_exact_command_of_their_game(pack: Path) -> None:
    rows = list(csv.DictReader((pack / "roster.csv").open(encoding="utf-8")))
    assert len(rows) == 9
    for row in rows:
        brief = (pack / "briefs" / f"{row['student']}-{row['side']}.md").read_text()
        transcript = pack / "transcripts" / f"{row['student']}.jsonl"
        command = (f"parley play brussels_2026 --side {row['side']} --seed {row['seed']} "
                   f"--transcript {transcript}")
        assert row["command"] == command
        assert f"```\n{command}\n```" in brief
    manifest = json.loads((pack / "class.json").read_text())
    assert manifest["scenario"] == "brussels_2026" and len(manifest["students"]) == 9


def test_a_brief_holds_only_its_own_sides_private_numbers(pack: Path) -> None:
    eu = (pack / "briefs" / "student-01-EU.md").read_text()
    ukraine = (pack / "briefs" / "student-03-Ukraine.md").read_text()
    # Ukraine's army cap is a private red line: Ukraine's student reads it, the EU's does not.
    assert "No cap on Ukraine's army" in ukraine
    assert "No cap on Ukraine's army" not in eu
    assert "## Your instructions: EU (private)" in eu
    for other in ("Russia", "Ukraine", "US"):
        assert f"## Your instructions: {other}" not in eu
    assert "reservation value | 0.30" in eu  # the EU's own reservation value
    assert eu.count("reservation value |") == 1


def test_a_brief_carries_the_public_record_with_its_sources(pack: Path) -> None:
    eu = (pack / "briefs" / "student-01-EU.md").read_text()
    assert "## The sides, as the record shows them" in eu
    assert "European consent is required to make any decision" in eu
    assert "000_2c8abda6f011f619.txt [646:695]" in eu
    assert "Public position:" in eu


def test_the_instructor_key_holds_everyones_numbers_the_frontier_and_the_baseline(
        pack: Path) -> None:
    key = (pack / "instructor-key.md").read_text()
    for side in SIDES:
        assert f"## {side}\n" in key
    assert "No cap on Ukraine's army" in key
    assert "## The Pareto frontier and the Nash point" in key
    assert "| Nash |" in key
    assert "## What scripted players typically reach" in key
    assert "Deal rate" in key


def test_a_pack_that_holds_students_games_is_never_written_over(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from parley.cli import main

    folder = tmp_path / "pack"
    write_pack("brussels_2026", students=4, seed=4, folder=folder, baseline_runs=20)
    game = folder / "transcripts" / "student-02.jsonl"
    game.write_text('{"type": "header"}\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert main(["class", "brussels_2026", "--students", "6", "--seed", "5", "-o", str(folder),
                 "--simulate"]) == 2
    err = capsys.readouterr().err
    assert "already holds 1 students' game" in err and "student-02.jsonl" in err
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before  # not one file touched


def test_a_new_pack_over_an_old_one_leaves_no_old_brief_beside_the_new_roster(
        tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    write_pack("brussels_2026", students=8, seed=4, folder=folder, baseline_runs=20)
    write_pack("brussels_2026", students=3, seed=9, folder=folder, baseline_runs=20)
    briefs = sorted(p.name for p in (folder / "briefs").iterdir())
    assert briefs == [f"{name}.{ext}" for name in
                      ("student-01-EU", "student-02-Russia", "student-03-Ukraine")
                      for ext in ("html", "md")]
    assert len(json.loads((folder / "class.json").read_text())["students"]) == 3


def test_a_dry_run_writes_its_games_apart_marked_as_simulated(tmp_path: Path) -> None:
    from sim.classroom.pack import Pack, assign, simulate_class
    from sim.transcript.format import read_transcript

    folder = tmp_path / "pack"
    pack = Pack(folder, "brussels_2026", assign(SIDES, 2, seed=3))
    written = simulate_class(pack)
    assert written == [folder / "simulated" / "student-01.jsonl",
                       folder / "simulated" / "student-02.jsonl"]
    for path in written:
        records = read_transcript(path)
        assert records[0]["simulated"] is True
        people = [r for r in records if r["type"] == "answer" and r["code"] == "person"]
        assert people and all("(played by a simulated student)." in r["reason"] for r in people)
        assert not any("played by a person" in str(r.get("reason")) for r in records)


def test_a_brief_a_17_year_old_can_use(pack: Path) -> None:
    from sim.classroom.briefs import GLOSSARY, PLAYING_KEYS

    for path in sorted((pack / "briefs").glob("*.md")):
        brief = path.read_text(encoding="utf-8")
        # No settings jargon left unexplained.
        for jargon in ("pace boulware", "pace linear", "tit_for_tat", "tit for tat",
                       "time_based", "hardliner", "salience"):
            assert jargon not in brief.lower(), (path.name, jargon)
        if "Boulware" in brief:
            assert "(what negotiators call a Boulware pace)" in brief
        # Sources as numbered footnotes, each quoted once, not after every line.
        assert "Source:" not in brief and "[^1]: " in brief
        assert brief.count("000_2c8abda6f011f619.txt [646:695]") == 1
        # Red lines name the options they rule out.
        assert "It rules out regions: *Ukraine restores control of all four regions* or " \
               "*The line of contact is frozen where it stands*" in brief
        # The playing keys and a glossary.
        for key, _ in PLAYING_KEYS:
            assert f"| `{key}` |" in brief
        assert "## Glossary" in brief
        for word, _ in GLOSSARY:
            assert f"- **{word}**:" in brief


def test_briefs_and_the_key_come_as_printable_html_too(pack: Path) -> None:
    for md in [*sorted((pack / "briefs").glob("*.md")), pack / "instructor-key.md"]:
        html = md.with_suffix(".html").read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and "<script" not in html
        assert "<table>" in html and "[^" not in html  # every mark became a footnote link
        if md.parent.name == "briefs":
            assert 'class="footnotes' in html
    key = (pack / "instructor-key.md").read_text(encoding="utf-8")
    assert "## This class's settings" in key and "## Glossary" in key
