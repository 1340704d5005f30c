"""A pack with tables for a class host: who sits where, each seat's join code, the roster."""

from __future__ import annotations

import csv
import json
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parley.cli import main
from sim.classroom.pack import simulate_class, write_pack
from sim.classroom.seating import CODE_ALPHABET, Layout, new_code, normal_code, seat_tables

SIDES = ["EU", "Russia", "Ukraine", "US"]


@given(students=st.integers(1, 60), per_table=st.integers(1, 9),
       people=st.sets(st.sampled_from(SIDES)))
def test_every_student_sits_once_and_every_side_is_held_by_people_or_scripted(
        students: int, per_table: int, people: set[str]) -> None:
    tables, placed = seat_tables(SIDES, students, 7, Layout(per_table, tuple(people)))
    assert [p.number for p in placed] == list(range(1, students + 1))
    assert len(tables) == -(-students // per_table)
    allowed = people or set(SIDES)
    for t in tables:
        held = [n for _, team in t.seats for n in team]
        assert len(held) == len(set(held)) <= per_table
        assert set(t.people) <= allowed
        assert sorted([*t.people, *t.scripted]) == sorted(SIDES)
        sizes = [len(team) for _, team in t.seats]
        assert max(sizes) - min(sizes) <= 1  # teams as even as the table allows


def test_a_big_table_seats_teams_and_a_small_one_leaves_sides_to_scripted_players() -> None:
    tables, placed = seat_tables(SIDES, 8, 1, Layout(6))
    assert tables[0].seats == (("EU", (1, 5)), ("Russia", (2, 6)), ("Ukraine", (3,)),
                               ("US", (4,)))
    assert tables[1].seats == (("EU", (7,)), ("Russia", (8,)))
    assert tables[1].scripted == ("Ukraine", "US")
    assert placed[0].mates == (5,)
    only, _ = seat_tables(SIDES, 4, 1, Layout(2, ("Russia", "Ukraine")))
    assert [t.seats for t in only] == [(("Russia", (1,)), ("Ukraine", (2,))),
                                       (("Russia", (3,)), ("Ukraine", (4,)))]
    assert only[0].seed != only[1].seed


def test_codes_are_long_unambiguous_and_read_however_they_are_typed() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(f"[{CODE_ALPHABET}]{{5}}-[{CODE_ALPHABET}]{{5}}", code)
    code = next(iter(codes))
    assert normal_code(code.lower().replace("-", " ")) == code


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tables") / "pack"
    assert main(["class", "brussels_2026", "--students", "9", "--seed", "3", "--per-table", "6",
                 "-o", str(folder)]) == 0
    return folder


def test_each_brief_carries_its_own_code_its_table_and_its_team(pack: Path) -> None:
    codes = json.loads((pack / "codes.json").read_text())
    assert len(set(codes["students"].values()) | {codes["teacher"]}) == 10
    brief = (pack / "briefs" / "student-01-EU.md").read_text()
    mine = codes["students"]["student-01"]
    assert f"Your join code is **{mine}**" in brief
    assert f"parley join ADDRESS {mine}" in brief
    assert "You sit at **table-01** for **EU** with student-05: you are a team" in brief
    for label, code in codes["students"].items():
        if label != "student-01":
            assert code not in brief
    assert codes["teacher"] not in brief
    assert "--transcript" not in brief  # the host records the game, not the student
    html = (pack / "briefs" / "student-01-EU.html").read_text()
    assert mine in html


def test_the_codes_file_is_the_teachers_alone_and_the_manifest_holds_no_code(
        pack: Path) -> None:
    assert stat.S_IMODE((pack / "codes.json").stat().st_mode) == 0o600
    codes = json.loads((pack / "codes.json").read_text())
    manifest = (pack / "class.json").read_text()
    for code in [codes["teacher"], *codes["students"].values()]:
        assert code not in manifest
        assert code not in (pack / "instructor-key.md").read_text()


def test_the_manifest_and_roster_say_who_sits_where(pack: Path) -> None:
    manifest = json.loads((pack / "class.json").read_text())
    first, second = manifest["tables"]
    assert first["people"] == {"EU": ["student-01", "student-05"],
                               "Russia": ["student-02", "student-06"],
                               "Ukraine": ["student-03"], "US": ["student-04"]}
    assert second["people"] == {"EU": ["student-07"], "Russia": ["student-08"],
                                "Ukraine": ["student-09"]}
    assert second["scripted"] == ["US"]
    assert second["transcript"] == str(pack / "transcripts" / "table-02.jsonl")
    students = {s["label"]: s for s in manifest["students"]}
    assert students["student-08"]["table"] == "table-02"
    assert students["student-08"]["seed"] == second["seed"]
    rows = list(csv.DictReader((pack / "roster.csv").open(encoding="utf-8")))
    assert [r["table"] for r in rows] == ["table-01"] * 6 + ["table-02"] * 3


def test_a_pack_without_tables_is_written_as_before(tmp_path: Path) -> None:
    pack = write_pack("brussels_2026", students=3, seed=4, folder=tmp_path / "p",
                      baseline_runs=20)
    assert pack.tables == [] and not (tmp_path / "p" / "codes.json").exists()
    assert "tables" not in json.loads((tmp_path / "p" / "class.json").read_text())
    assert pack.students[0].command("brussels_2026", tmp_path / "p").startswith("parley play")


def test_people_without_tables_and_unknown_sides_are_refused_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["class", "brussels_2026", "--students", "4", "--people", "EU",
                 "-o", str(tmp_path / "a")]) == 2
    assert "--people needs --per-table" in capsys.readouterr().err
    assert main(["class", "brussels_2026", "--students", "4", "--per-table", "4", "--people",
                 "France", "-o", str(tmp_path / "b")]) == 2
    assert "unknown side 'France'" in capsys.readouterr().err


def test_a_dry_run_of_a_table_pack_plays_each_table_and_the_summary_checks_it_against_the_roster(
        tmp_path: Path) -> None:
    from sim.report.build import summary

    pack = write_pack("brussels_2026", students=6, seed=2, folder=tmp_path / "p",
                      baseline_runs=20, layout=Layout(4))
    written = simulate_class(pack)
    assert [p.name for p in written] == ["table-01.jsonl", "table-02.jsonl"]
    header = json.loads(written[1].read_text().splitlines()[0])
    assert header["humans"] == ["EU", "Russia"] and header["seed"] == pack.tables[1].seed
    games = tmp_path / "p" / "transcripts"
    (games / "table-01.jsonl").write_bytes(written[0].read_bytes())
    s = summary([str(games / "table-01.jsonl")], None, None, 20, None)
    assert s.roster is not None
    assert [m[0] for m in s.roster.missing] == ["student-05", "student-06"]
    assert s.roster.problems == ()
