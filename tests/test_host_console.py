"""The instructor's console (issue 15) with a real host on 127.0.0.1 and scripted students
joining it over the network: the terminal console driven by Textual's Pilot, the host in the
same event loop as `parley host --console` runs it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList, Static

from parley.cli import main
from parley.host.client import RemoteSession
from parley.host.server import Host, serve
from sim.actors.human import DecisionError
from sim.play.session import PlaySession
from sim.report.build import checked, debrief
from tests.host_helpers import play_all, scripted
from tui.console import ConsoleApp
from tui.screens.console_forms import FormScreen

SCENARIO = "mirin_ceasefire_2026"


def mirin_pack(folder: Path, students: int = 4) -> tuple[Path, dict[str, Any]]:
    """A pack of tables of two students (Tarsa and the Highland Front; Saldovia scripted)."""
    pack = folder / "pack"
    assert main(["class", SCENARIO, "--students", str(students), "--per-table", "2",
                 "--seed", "3", "-o", str(pack)]) == 0
    return pack, json.loads((pack / "codes.json").read_text())


@asynccontextmanager
async def hosted(pack: Path) -> AsyncIterator[tuple[Host, str]]:
    """A real host on 127.0.0.1 in this event loop (as `parley host --console` runs it)."""
    host = Host(pack)
    stop = asyncio.Event()
    listening: asyncio.Future[list[tuple[str, int]]] = \
        asyncio.get_running_loop().create_future()
    server = asyncio.ensure_future(serve(host, "127.0.0.1", 0, listening.set_result, stop))
    port = (await listening)[0][1]
    try:
        yield host, f"http://127.0.0.1:{port}"
    finally:
        stop.set()
        await server


async def join(address: str, code: str) -> RemoteSession:
    return await asyncio.to_thread(RemoteSession.connect, address, code)


async def until(found: Any, what: str, within: float = 20.0) -> None:
    """Wait (serving the host meanwhile) until `found()` holds."""
    for _ in range(int(within / 0.1)):
        if found():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"never saw {what}")


def shown(app: ConsoleApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def fill(app: ConsoleApp, **values: Any) -> None:
    """Fill the open form and send it."""
    form = app.screen
    assert isinstance(form, FormScreen)
    for name, value in values.items():
        form.query_one(f"#field-{name}").value = value  # type: ignore[attr-defined]
    form.action_send()


async def leave(seats: list[RemoteSession]) -> None:
    """Close the seats from threads: the host serves in this loop, so it must go on running
    while they say goodbye (a seat closed from the loop itself would wait for it in vain)."""
    await asyncio.gather(*(asyncio.to_thread(s.close) for s in seats))


def mover(seats: list[RemoteSession]) -> RemoteSession:
    return next(s for s in seats if s.request is not None)


pytestmark = pytest.mark.slow


async def test_the_console_shows_the_tables_pauses_one_and_sends_an_inject_that_replays(
        tmp_path: Path) -> None:
    pack, codes = mirin_pack(tmp_path)
    students = codes["students"]
    async with hosted(pack) as (host, address):
        app = ConsoleApp(host.teacher.state, host.teacher.act, opener=lambda _: None)
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            assert "Not yet joined (4 of 4)" in shown(app, "#console-students")
            seats = [await join(address, students[s]) for s in ("student-01", "student-02")]
            try:
                await pilot.pause(1.2)
                missing = shown(app, "#console-students")
                assert "Not yet joined (2 of 4): student-03 (Tarsa, table-02), student-04 " \
                       "(Highland Front, table-02)" in missing
                rows = app.screen.query_one("#console-tables", DataTable)
                first = [str(c) for c in rows.get_row("table-01")]
                seat = mover(seats)
                assert f"{seat.side} ({seat.student})" in first[2]

                # A paused table accepts no decision, and nothing is recorded.
                await pilot.press("p")
                await until(lambda: host.tables["table-01"].paused, "table-01 paused")
                request = seat.request
                assert request is not None
                with pytest.raises(DecisionError, match="paused this table"):
                    await asyncio.to_thread(seat.decide, scripted(seat, request))
                assert host.store.moves("table-01") == []
                await pilot.pause(1.1)
                assert "PAUSED" in str(rows.get_row("table-01")[4])
                await pilot.press("p")
                await until(lambda: not host.tables["table-01"].paused, "table-01 resumed")
                await asyncio.to_thread(seat.decide, scripted(seat, request))

                # An inject on Tarsa's reservation value, from the next round on.
                session = host.tables["table-01"].session
                sent_in = session.round
                await pilot.press("i")
                await fill(app, table="table-01", event=-1, kind="shift_reservation",
                           party="Tarsa", by="0.1", rounds="1",
                           headline="An aid convoy is turned back")
                await until(lambda: any(r.get("source") == "teacher" for r in session.records),
                            "the inject in the record")
                tarsa = next(s for s in seats if s.side == "Tarsa")
                await until(lambda: any(r.get("headline") == "An aid convoy is turned back"
                                        for r in tarsa.records), "the news at Tarsa's seat")
                twin = PlaySession(SCENARIO, seed=host.tables["table-01"].seed,
                                   humans=host.tables["table-01"].people)
                twin.advance()
                for decision in session.decisions:
                    twin.decide(decision)
                seat_of = session.game.party_index("Tarsa")
                assert float(session.table.reservation[0, seat_of]) == float(
                    twin.table.reservation[0, seat_of])  # not in this round
                await asyncio.to_thread(play_all, seats, len(session.decisions) + 12)
                assert session.round > sent_in and not session.finished
                twin = PlaySession(SCENARIO, seed=host.tables["table-01"].seed,
                                   humans=host.tables["table-01"].people)
                twin.advance()
                for decision in session.decisions:
                    twin.decide(decision)
                assert float(session.table.reservation[0, seat_of]) == pytest.approx(
                    min(1.0, float(twin.table.reservation[0, seat_of]) + 0.1))
                await asyncio.to_thread(play_all, seats)
            finally:
                await leave(seats)
            await pilot.pause(1.1)
            assert "over:" in str(rows.get_row("table-01")[4])
    transcript = pack / "transcripts" / "table-01.jsonl"
    records, _ = checked(transcript)  # the replay gives back every line, the inject's too
    news = [r for r in records if r.get("source") == "teacher"]
    assert len(news) == 1 and news[0]["from_round"] == sent_in + 1
    moves = debrief(transcript, runs=20).moves
    assert any(m.kind == "event" and "aid convoy" in m.text
               and "news sent by the teacher" in m.text for m in moves)


async def test_a_stalled_seat_is_timed_out_by_the_stand_in_and_the_class_summary_opens(
        tmp_path: Path) -> None:
    pack, codes = mirin_pack(tmp_path, students=2)
    opened: list[str] = []
    async with hosted(pack) as (host, address):
        app = ConsoleApp(host.teacher.state, host.teacher.act, opener=opened.append)
        async with app.run_test(size=(160, 45)) as pilot:
            seats = [await join(address, code) for code in codes["students"].values()]
            try:
                await pilot.press("t")
                await fill(app, seconds="5", table="")
                await until(lambda: host.teacher.class_timer == 5.0, "the timer set")
                assert seats[0].clock is not None and seats[0].clock.seconds == 5.0
                # Nobody moves: the stand-in does, once the time has run out.
                table = host.tables["table-01"]
                await until(lambda: any(r.get("stand_in") for r in table.session.records),
                            "a stand-in's move", within=15.0)
                await pilot.pause(1.1)
                rows = app.screen.query_one("#console-tables", DataTable)
                assert "stand-in" in str(rows.get_row("table-01")[4])
                await pilot.press("x")
                await pilot.press("y")
                await until(lambda: table.session.finished, "the table ended")
                # The students' screens are told the teacher ended it (their debrief says so).
                await until(lambda: all(s.finished for s in seats), "the end at the seats")
                assert all((s.outcome or {}).get("ended_by") == "teacher" for s in seats)
            finally:
                await leave(seats)
            await pilot.press("c")
            await until(lambda: bool(opened), "the class summary opened", within=120.0)
    transcript = pack / "transcripts" / "table-01.jsonl"
    records, _ = checked(transcript)
    stood = [r for r in records if r.get("stand_in")]
    assert stood and all(r["party"] in ("Tarsa", "Highland Front") for r in stood)
    assert records[-1]["ended_by"] == "teacher" and records[-1]["kind"] == "deadline"
    summary = pack / "class-summary.html"
    assert opened == [summary.absolute().as_uri()]
    page = summary.read_text()
    assert "table-01" in page and "moves by the stand-in (time ran out)" in page
    assert "ended by the teacher at the set time" in page


def console_call(address: str, code: str, action: dict[str, Any] | None = None
                 ) -> dict[str, Any]:
    """The browser console's own requests: the state, or one action."""
    import urllib.request

    body = json.dumps(action).encode() if action is not None else None
    request = urllib.request.Request(f"{address}/api/console", data=body,
                                     headers={"X-Parley-Code": code,
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        data: dict[str, Any] = json.loads(answer.read())
    return data


def test_a_host_killed_and_started_again_takes_up_the_teachers_actions(tmp_path: Path) -> None:
    import urllib.error

    from tests.host_helpers import free_port, start_host

    pack, codes = mirin_pack(tmp_path)
    teacher = codes["teacher"]
    port = free_port()
    host = start_host(pack, port)
    seats = [RemoteSession.connect(host.address, code) for code in codes["students"].values()]
    try:
        play_all(seats, until=4)
        with pytest.raises(urllib.error.HTTPError):  # a student's code opens no console
            console_call(host.address, codes["students"]["student-01"])
        done = console_call(host.address, teacher, {
            "action": "inject", "table": "table-01", "kind": "shift_budget",
            "party": "Saldovia", "by": -0.1, "headline": "Saldovia's parliament cuts the "
            "mandate"})
        assert done["ok"].startswith("sent to table-01")
        console_call(host.address, teacher, {"action": "timer", "seconds": 600})
        console_call(host.address, teacher, {"action": "pause", "table": "table-02"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            console_call(host.address, teacher, {"action": "timer", "seconds": 1})
        assert "from 5 to 3600 seconds" in refused.value.read().decode()

        def kept(state: dict[str, Any]) -> list[tuple[Any, ...]]:
            return [(t["label"], t["decisions"], t["round"], t["offers"], t["injects"],
                     t["paused"], t["timer"], t["best"]) for t in state["tables"]]

        before = kept(console_call(host.address, teacher))
        host.kill()
        host = start_host(pack, port)  # the seats join again by themselves
        assert kept(console_call(host.address, teacher)) == before
        console_call(host.address, teacher, {"action": "resume"})
        play_all(seats)
    finally:
        for s in seats:
            s.close()
        host.stop()
    for label in ("table-01", "table-02"):
        records, _ = checked(pack / "transcripts" / f"{label}.jsonl")
        news = [r for r in records if r.get("source") == "teacher"]
        assert len(news) == (1 if label == "table-01" else 0)


async def test_the_classes_switches_apply_to_tables_not_yet_started_and_outlive_a_restart(
        tmp_path: Path) -> None:
    from sim.negotiation.snapshot import ContinuationError

    pack, codes = mirin_pack(tmp_path)
    async with hosted(pack) as (host, address):
        seats = [await join(address, codes["students"][s]) for s in ("student-01",
                                                                       "student-02")]
        try:
            seat = mover(seats)
            request = seat.request
            assert request is not None
            await asyncio.to_thread(seat.decide, scripted(seat, request))  # table-01 starts
            said = await host.teacher.act({"action": "switch", "name": "difficulty",
                                           "value": "hard_line"})
            assert "for 1 tables not yet started; 1 under way keep theirs" in said
            assert host.tables["table-02"].session.difficulty == "hard_line"
            assert host.tables["table-01"].session.difficulty == "written"
            await host.teacher.act({"action": "switch", "name": "what_if", "value": False})
            with pytest.raises(ContinuationError, match="switched What if\\? off"):
                await asyncio.to_thread(seat.what_if, 10, 1)
        finally:
            await leave(seats)
    manifest = json.loads((pack / "class.json").read_text())
    assert manifest["settings"]["difficulty"] == "hard_line"
    assert manifest["settings"]["what_if"] is False
    again = Host(pack)
    try:
        state = again.teacher.state()
        assert [t["difficulty"] for t in state["tables"]] == ["written", "hard_line"]
        assert state["settings"]["what_if"] is False
        assert again.tables["table-01"].session.decisions
    finally:
        again.store.close()


async def test_every_table_ends_at_the_set_time_as_at_its_deadline(tmp_path: Path) -> None:
    from parley.host.teacher import ActionError

    pack, _ = mirin_pack(tmp_path)
    async with hosted(pack) as (host, _):
        with pytest.raises(ActionError, match="later than now"):
            await host.teacher.act({"action": "end_at", "at": 1.0})
        said = await host.teacher.act({"action": "end_at", "minutes": 0.01})
        assert said.startswith("every table ends at")
        await until(lambda: all(t.session.finished for t in host.tables.values()),
                    "every table over", within=10.0)
        assert host.teacher.end_at is None
    for label in ("table-01", "table-02"):
        records, _ = checked(pack / "transcripts" / f"{label}.jsonl")
        assert records[-1]["kind"] == "deadline" and records[-1]["ended_by"] == "teacher"
        assert debrief(pack / "transcripts" / f"{label}.jsonl", runs=20).outcome_sentence() \
            == "No deal: the teacher ended the talks at the set time, in round 1 of 16."


async def test_a_students_screen_shows_the_clock_a_pause_the_news_and_the_stand_in(
        tmp_path: Path) -> None:
    from tui.app import make_app

    pack, codes = mirin_pack(tmp_path, students=2)
    async with hosted(pack) as (host, address):
        tarsa = await join(address, codes["students"]["student-01"])
        front = await join(address, codes["students"]["student-02"])
        try:
            app = make_app(session=tarsa)
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("enter")  # from the briefing to the table
                await until(lambda: bool(app.screen.query("#clock")), "the table screen")
                clock = app.screen.query_one("#clock", Static)
                assert not clock.display  # no timer yet: nothing to say
                await host.teacher.act({"action": "timer", "seconds": 600})
                await until(lambda: "s left" in str(clock.render()), "the clock")
                assert str(clock.render()).startswith(("59", "600 s left to move"))
                await host.teacher.act({"action": "pause"})
                await until(lambda: "paused the table" in str(clock.render()), "the pause")
                await host.teacher.act({"action": "resume"})
                await host.teacher.act({"action": "inject", "kind": "shift_budget",
                                        "party": "Saldovia", "by": -0.1,
                                        "headline": "A mandate is cut"})
                await until(lambda: any("News from your teacher: A mandate is cut"
                                        in n.message for n in app._notifications),
                            "the news as a notice")
                await host.teacher.act({"action": "timer", "seconds": 5})
                table = host.tables["table-01"]
                await until(lambda: any(r.get("stand_in") for r in table.session.records),
                            "the stand-in's move", within=15.0)
                log = app.screen.query_one("#log", OptionList)

                def lines() -> str:
                    return " ".join(str(log.get_option_at_index(k).prompt)
                                    for k in range(log.option_count))

                await until(lambda: "(by the stand-in: time ran out)" in lines(),
                            "the stand-in's move in the log")
                assert "⚑ News from your teacher: A mandate is cut" in lines()
        finally:
            await leave([tarsa, front])
