"""A seat in a real browser: headless Chromium opens the class host, types a join code, reads the
briefing, tables an offer and sees the other side's answer.

The terminal draws on a canvas, so what the student sees is read from what the browser was
sent: Chromium's own log of the terminal's websocket frames, escape codes stripped. The other
side is a scripted seat joined over the network. Needs Chromium, chromedriver and selenium
(`apt-get install chromium chromium-driver`; selenium is in the dev extras); a screenshot is
left in PARLEY_SCREENSHOTS, if set.
"""

from __future__ import annotations

import base64
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from parley.cli import main
from parley.host.client import RemoteSession
from tests.browser import chromium as browser
from tests.host_helpers import play, running_host

pytestmark = pytest.mark.slow

ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]"  # cursor moves, colours
                     r"|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-B]")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser(1400, 1000, performance_log=True) as driver:
        yield driver


class Screen:
    """The text the browser's terminal has been sent so far."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.text = ""

    def read(self) -> str:
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") != "Network.webSocketFrameReceived":
                continue
            frame = message["params"]["response"]
            data = frame["payloadData"]
            raw = base64.b64decode(data) if frame.get("opcode") == 2 else data.encode()
            self.text += ESCAPES.sub("", raw.decode("utf-8", "replace"))
        return self.text

    def wait_for(self, found: Callable[[str], bool], what: str, within: float = 60.0) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if found(self.read()):
                return
            time.sleep(0.3)
        raise AssertionError(f"the browser never showed {what}; it showed:\n"
                             + " ".join(self.text.split())[-3000:])


def test_a_student_joins_in_the_browser_reads_the_brief_and_plays_a_move(
        chromium: Any, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    assert main(["class", "brussels_2026", "--students", "2", "--per-table", "2",
                 "--people", "EU", "--people", "Russia", "--seed", "2", "-o", str(pack)]) == 0
    codes = json.loads((pack / "codes.json").read_text())["students"]
    with running_host(pack) as host:
        russia = RemoteSession.connect(host.address, codes["student-02"])
        opponent = threading.Thread(target=play, args=(russia,), daemon=True)
        opponent.start()
        try:
            chromium.get(host.address + "/")
            screen = Screen(chromium)
            screen.wait_for(lambda t: "join your table" in t, "the join screen")
            keys = chromium.find_element("css selector", ".xterm-helper-textarea")
            keys.send_keys(codes["student-01"])
            time.sleep(0.5)
            keys.send_keys("\n")
            screen.wait_for(lambda t: "Briefing for EU" in t, "the EU's briefing")
            assert "only EU may read this" in screen.text
            keys.send_keys("\n")  # to the table
            # The EU moves first or answers Russia; either way it tables an offer once asked.
            screen.wait_for(lambda t: "Your turn to table an offer" in t
                            or "tabled an offer: accept it" in t, "a move asked of the EU")
            if "Your turn to table an offer" not in screen.text:
                keys.send_keys("r")  # reject Russia's opening
                screen.wait_for(lambda t: "Your turn to table an offer" in t,
                                "the EU's turn to table")
            keys.send_keys("t")
            screen.wait_for(lambda t: "You tabled an offer" in t, "the EU's offer in the log")
            screen.wait_for(lambda t: re.search(r"Russia (rejected|accepted)", t) is not None,
                            "Russia's answer")
            folder = os.environ.get("PARLEY_SCREENSHOTS")
            if folder:
                chromium.save_screenshot(str(Path(folder) / "host-browser-seat.png"))
        finally:
            russia.close()
            opponent.join(10)
