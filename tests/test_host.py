"""The class host with real clients: a `parley host` process on 127.0.0.1 and seats joining it
over the network, as students at their own machines do."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parley.cli import main
from parley.host.client import JoinError, RemoteSession
from parley.host.protocol import decision_json
from sim.actors.human import Decision, DecisionError
from sim.play.session import PlaySession
from sim.report.baseline import BASELINE_RUNS
from sim.transcript.format import to_jsonl
from tests.host_helpers import free_port, play_all, running_host, scripted, start_host

pytestmark = pytest.mark.slow


def table_pack(folder: Path, students: int = 8, per_table: int = 4,
               seed: int = 5) -> tuple[Path, dict]:
    pack = folder / "pack"
    assert main(["class", "brussels_2026", "--students", str(students), "--per-table",
                 str(per_table), "--seed", str(seed), "-o", str(pack)]) == 0
    return pack, json.loads((pack / "codes.json").read_text())


def local_game(seed: int, people: list[str]) -> str:
    """The same players at one machine: what `parley play` records for the same decisions."""
    session = PlaySession("brussels_2026", seed=seed, humans=people)
    request = session.advance()
    while request is not None:
        request = session.decide(scripted(session, request))
    return to_jsonl(session.records)


def assert_played_as_at_one_machine(manifest: dict[str, Any]) -> None:
    """Every table's transcript, byte for byte, is what its players record at one machine."""
    for table in manifest["tables"]:
        assert Path(table["transcript"]).read_text() == local_game(table["seed"],
                                                                    list(table["people"]))


def stage_opens(seed: int, people: list[str]) -> int:
    """How many decisions the same players make at one machine before the last stage opens
    (brussels_2026 runs in two stages)."""
    session = PlaySession("brussels_2026", seed=seed, humans=people)
    request = session.advance()
    while request is not None:
        assert session.stage is not None
        if session.stage.last:
            return len(session.decisions)
        request = session.decide(scripted(session, request))
    raise AssertionError(f"seed {seed}: the talks about talks failed; pick another seed")


def stored_decisions(pack: Path, table: str) -> list[Decision]:
    with sqlite3.connect(pack / "host.sqlite") as db:
        rows = db.execute("SELECT kind, offer FROM decisions WHERE tab = ? ORDER BY n",
                          (table,)).fetchall()
    return [Decision(kind, json.loads(offer) if offer else None) for kind, offer in rows]


def replayed(pack: Path, table: dict) -> str:
    """The table's game replayed from its seed and the decisions the host recorded."""
    session = PlaySession("brussels_2026", seed=table["seed"], humans=list(table["people"]))
    session.advance()
    for decision in stored_decisions(pack, table["label"]):
        session.decide(decision)
    assert session.finished
    return to_jsonl(session.records)


def test_two_tables_of_four_play_whole_games_and_the_pack_holds_their_transcripts(
        tmp_path: Path) -> None:
    pack, codes = table_pack(tmp_path)
    manifest = json.loads((pack / "class.json").read_text())
    with running_host(pack) as host:
        seats = [RemoteSession.connect(host.address, code)
                 for code in codes["students"].values()]
        try:
            assert {(s.table, s.side) for s in seats} == {
                (t, side) for t in ("table-01", "table-02")
                for side in ("EU", "Russia", "Ukraine", "US")}
            play_all(seats)
            assert all(s.finished and s.outcome is not None for s in seats)
            # Staged talks: every seat went through both stages, as its side hears them, and
            # ended at the settlement table (its game, its deadline) as the host did.
            for s in seats:
                stages = [r for r in s.records if r["type"] == "stage"]
                assert [r["number"] for r in stages] == [1, 2]
                assert all("drawn" not in r for r in stages)
                assert set(s.game.issues) == {*stages[1]["issues"], *stages[1]["fixed"]}
                assert s.deadline == stages[1]["deadline"]
                assert [r["stage"] for r in s.records if r["type"] == "stage_end"] == [
                    stages[0]["stage"]]
            # The debrief's baseline is the one `parley play` ranks against: whole staged games.
            here = PlaySession("brussels_2026", seed=1).baseline(runs=BASELINE_RUNS)
            hosted = seats[0].baseline()
            assert (hosted.runs, hosted.deals) == (here.runs, here.deals)
            assert hosted.utility[seats[0].side].tolist() == \
                here.utility[seats[0].side].tolist()
        finally:
            for s in seats:
                s.close()
    for table in manifest["tables"]:
        written = Path(table["transcript"]).read_text()
        assert '"number": 2' in written  # the settlement table was reached
        # Byte for byte: the game replayed from the seed and the recorded decisions, and the
        # same players at one machine.
        assert written == replayed(pack, table)
        assert written == local_game(table["seed"], list(table["people"]))
    # The transcripts feed the teacher's reports unchanged.
    first = manifest["tables"][0]["transcript"]
    assert main(["report", first, "-o", str(tmp_path / "d.html"), "--baseline-runs",
                 "50"]) == 0
    assert main(["class-summary", *(t["transcript"] for t in manifest["tables"]), "-o",
                 str(tmp_path / "s.html"), "--baseline-runs", "50"]) == 0
    assert "no game from" not in (tmp_path / "s.html").read_text()


def test_a_host_killed_mid_game_resumes_every_table_at_the_same_move(tmp_path: Path) -> None:
    pack, codes = table_pack(tmp_path)
    manifest = json.loads((pack / "class.json").read_text())
    port = free_port()
    host = start_host(pack, port)
    seats = [RemoteSession.connect(host.address, code) for code in codes["students"].values()]
    try:
        play_all(seats, until=25)
        before = {t["label"]: len(stored_decisions(pack, t["label"]))
                  for t in manifest["tables"]}
        assert all(n >= 25 for n in before.values())
        host.kill()
        assert not any(Path(t["transcript"]).exists() for t in manifest["tables"])
        host = start_host(pack, port)  # the seats join again by themselves
        status = teacher_status(host.address, codes["teacher"])
        assert {t["label"]: t["decisions"] for t in status["tables"]} == before
        play_all(seats)
    finally:
        for s in seats:
            s.close()
        host.stop()
    assert_played_as_at_one_machine(manifest)


def test_a_host_killed_on_either_side_of_a_stage_change_resumes_at_the_same_move(
        tmp_path: Path) -> None:
    pack, codes = table_pack(tmp_path)
    manifest = json.loads((pack / "class.json").read_text())
    opens = {t["label"]: stage_opens(t["seed"], list(t["people"])) for t in manifest["tables"]}
    port = free_port()
    host = start_host(pack, port)
    seats = [RemoteSession.connect(host.address, code) for code in codes["students"].values()]
    try:
        # Killed twice: two moves before the settlement table opens, and three after.
        for until, stage in (({k: n - 2 for k, n in opens.items()}, 1),
                             ({k: n + 3 for k, n in opens.items()}, 2)):
            play_all(seats, until=until)
            host.kill()
            host = start_host(pack, port)  # the seats join again by themselves
            status = teacher_status(host.address, codes["teacher"])
            assert {t["label"]: (t["decisions"], t["stage"]) for t in status["tables"]} == {
                label: (n, stage) for label, n in until.items()}
            for s in seats:  # each seat is back at its table's move, in the right stage
                assert wait_for(lambda s=s: s.connected and s._at == until[s.table])  # noqa: B023
                assert [r["number"] for r in s.records if r["type"] == "stage"][-1] == stage
            # What if? at the host continues as `parley play`'s does, through the stages.
            asker, table = seats[0], manifest["tables"][0]
            assert asker.table == table["label"]
            here = PlaySession("brussels_2026", seed=table["seed"], humans=list(table["people"]))
            here.advance()
            for decision in stored_decisions(pack, table["label"]):
                here.decide(decision)
            mine, hosted = here.what_if(40, 3), asker.what_if(40, 3)
            p = here.game.party_index(asker.side)
            assert (hosted.kind.tolist(), hosted.round.tolist()) == (mine.kind.tolist(),
                                                                    mine.round.tolist())
            assert hosted.utility[:, p].tolist() == mine.utility[:, p].tolist()
        play_all(seats)
    finally:
        for s in seats:
            s.close()
        host.stop()
    assert_played_as_at_one_machine(manifest)


def test_a_seat_that_leaves_rejoins_at_the_same_move_and_a_move_sent_twice_counts_once(
        tmp_path: Path) -> None:
    pack, codes = table_pack(tmp_path, students=4)
    students = list(codes["students"].values())
    with running_host(pack) as host:
        seats = [RemoteSession.connect(host.address, code) for code in students]
        try:
            play_all(seats, until=6)
            mover = next(s for s in seats if s.request is not None)
            index = seats.index(mover)
            before = (mover._at, mover.request, mover.records, mover.game.issues)
            mover.close()  # the student's browser closes...
            seats[index] = mover = RemoteSession.connect(host.address, students[index])
            assert (mover._at, mover.request, mover.records, mover.game.issues) == before
            # ...and a move whose answer was lost is sent again: the host applies it once.
            assert mover.request is not None
            message = {"type": "decide", "at": mover._at,
                       "decision": decision_json(scripted(mover, mover.request))}
            assert mover._call(message).get("ok") is True
            assert mover._call(message).get("ok") is True
            status = teacher_status(host.address, codes["teacher"])
            assert status["tables"][0]["decisions"] == 7
            assert len(stored_decisions(pack, "table-01")) == 7
            play_all(seats)
        finally:
            for s in seats:
                s.close()
    table = json.loads((pack / "class.json").read_text())["tables"][0]
    assert Path(table["transcript"]).read_text() == local_game(table["seed"],
                                                                list(table["people"]))


def wait_for(condition: Callable[[], bool], within: float = 30.0) -> bool:
    """Whether `condition` holds within `within` seconds (a seat joining again)."""
    due = time.monotonic() + within
    while not condition():
        if time.monotonic() > due:
            return False
        time.sleep(0.05)
    return True


def teacher_status(address: str, code: str) -> dict:
    request = urllib.request.Request(f"{address}/api/tables", headers={"X-Parley-Code": code})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def test_codes_open_only_their_own_seat_and_the_teachers_view_needs_the_teachers_code(
        tmp_path: Path) -> None:
    pack, codes = table_pack(tmp_path, students=4)
    students = codes["students"]
    with running_host(pack) as host:
        with pytest.raises(JoinError, match="no seat has that code"):
            RemoteSession.connect(host.address, "AAAAA-AAAAA")
        with pytest.raises(JoinError, match="teacher's code"):
            RemoteSession.connect(host.address, codes["teacher"])
        # Any spelling of a code opens its seat, and only that one.
        eu = RemoteSession.connect(host.address, students["student-01"].lower())
        russia = RemoteSession.connect(host.address, students["student-02"])
        try:
            assert (eu.side, russia.side) == ("EU", "Russia")
            mover = eu if eu.request is not None else russia
            other = russia if mover is eu else eu
            assert other.request is None and other.waiting_for == mover.side
            # A seat cannot move for another side: the host refuses, nothing changes.
            with pytest.raises(DecisionError, match=f"it is {mover.side}'s move"):
                other.decide(scripted(mover, mover.request))  # type: ignore[arg-type]
            assert other._at == 0
            for code in ("", students["student-01"], "WRONG"):
                with pytest.raises(urllib.error.HTTPError) as refused:
                    teacher_status(host.address, code)
                assert refused.value.code == 403
            status = teacher_status(host.address, codes["teacher"])
            assert status["tables"][0]["joined"] == {"EU": ["student-01"],
                                                     "Russia": ["student-02"]}
            assert status["tables"][0]["waiting_for"] == mover.side
        finally:
            eu.close()
            russia.close()


def test_the_host_serves_nothing_outside_its_pages(tmp_path: Path) -> None:
    pack, codes = table_pack(tmp_path, students=4)
    with running_host(pack) as host:
        for path in ("/codes.json", "/class.json", "/static/../codes.json",
                     "/static/%2e%2e/%2e%2e/codes.json", "/static/..%2fcodes.json",
                     "/briefs/student-01-EU.md", "/static/", "/host.sqlite"):
            try:
                with urllib.request.urlopen(host.address + path, timeout=10) as answer:
                    body = answer.read().decode("utf-8", "replace")
                    status = answer.status
            except urllib.error.HTTPError as exc:
                body, status = exc.read().decode("utf-8", "replace"), exc.code
            assert status in (403, 404), path
            assert codes["teacher"] not in body and "student-01" not in body
        with urllib.request.urlopen(host.address + "/", timeout=10) as answer:
            page = answer.read().decode()
        assert "/static/js/textual.js" in page
        assert f'data-session-websocket-url="ws://127.0.0.1:{host.address.rsplit(":", 1)[1]}' \
               '/terminal"' in page


def test_a_pack_without_tables_or_with_another_packs_record_is_refused_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["class", "brussels_2026", "--students", "2", "-o", str(tmp_path / "plain")]) == 0
    capsys.readouterr()
    assert main(["host", str(tmp_path / "plain"), "--port", str(free_port())]) == 2
    assert "a class pack without tables" in capsys.readouterr().err
    pack, _ = table_pack(tmp_path, students=4)
    assert main(["host", str(pack), "--port", "70000"]) == 2
    assert "--port must be from 0 to 65535" in capsys.readouterr().err
    other, _ = table_pack(tmp_path / "other", students=4, seed=6)
    with running_host(pack):
        pass
    (other / "host.sqlite").write_bytes((pack / "host.sqlite").read_bytes())
    capsys.readouterr()
    assert main(["host", str(other), "--port", str(free_port())]) == 2
    assert "records games of other tables" in capsys.readouterr().err


def test_what_if_at_a_host_takes_every_seed_play_does_and_names_the_range_of_the_rest(
        tmp_path: Path) -> None:
    from sim import MAX_SEED
    from sim.negotiation.snapshot import ContinuationError

    pack, codes = table_pack(tmp_path, students=4, seed=MAX_SEED)
    table = json.loads((pack / "class.json").read_text())["tables"][0]
    with running_host(pack) as host:
        seat = RemoteSession.connect(host.address, next(iter(codes["students"].values())))
        try:
            hosted = seat.what_if(20, MAX_SEED)
            with pytest.raises(ContinuationError, match="seed must be a whole number from 0 "
                                                        f"to {MAX_SEED}"):
                seat.what_if(20, MAX_SEED + 1)
        finally:
            seat.close()
    here = PlaySession("brussels_2026", seed=table["seed"], humans=list(table["people"]))
    here.advance()
    mine = here.what_if(20, MAX_SEED)
    assert (hosted.kind.tolist(), hosted.round.tolist()) == (mine.kind.tolist(),
                                                            mine.round.tolist())
