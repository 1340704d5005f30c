"""The instructor's console in a real browser (issue 15): headless Chromium opens /console on a
real host, is refused a student's code, opens with the teacher's, sees every table and the
students not yet joined, pauses a table (the student's move is then refused) and sends an
inject that reaches the table. Needs Chromium, chromedriver and selenium, as
tests/test_host_browser.py; a screenshot is left in PARLEY_SCREENSHOTS, if set.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from parley.cli import main
from parley.host.client import RemoteSession
from sim.actors.human import DecisionError
from tests.browser import chromium as browser
from tests.host_helpers import running_host, scripted

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser(1400, 1000) as driver:
        yield driver


def wait_for(found: Callable[[], bool], what: str, driver: Any, within: float = 30.0) -> None:
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if found():
                return
        except StaleElementReferenceException:  # the page redraws every second
            pass
        time.sleep(0.2)
    raise AssertionError(f"the console never showed {what}; it showed:\n"
                         + driver.find_element("css selector", "body").text[-3000:])


def click(driver: Any, selector: str) -> None:
    """Click, again if the page redrew the element meanwhile."""
    from selenium.common.exceptions import StaleElementReferenceException

    for _ in range(10):
        try:
            driver.find_element("css selector", selector).click()
            return
        except StaleElementReferenceException:
            time.sleep(0.1)
    raise AssertionError(f"could not click {selector}")


def test_the_teacher_opens_the_console_pauses_a_table_and_sends_news(
        chromium: Any, tmp_path: Path) -> None:
    from selenium.webdriver.support.ui import Select

    pack = tmp_path / "pack"
    assert main(["class", "mirin_ceasefire_2026", "--students", "4", "--per-table", "2",
                 "--seed", "3", "-o", str(pack)]) == 0
    codes = json.loads((pack / "codes.json").read_text())
    with running_host(pack) as host:
        tarsa = RemoteSession.connect(host.address, codes["students"]["student-01"])
        try:
            chromium.get(host.address + "/console")
            assert codes["teacher"] not in chromium.page_source  # the page holds no secret
            code = chromium.find_element("id", "code")
            code.send_keys(codes["students"]["student-01"])
            click(chromium, "#enter")
            wait_for(lambda: "does not open" in chromium.find_element(
                "id", "login-error").text, "the student's code refused", chromium)
            code.clear()
            code.send_keys(codes["teacher"])
            click(chromium, "#enter")
            wait_for(lambda: len(chromium.find_elements("css selector", "#tables .table"))
                     == 2, "both tables", chromium)
            missing = chromium.find_element("id", "missing-list").text
            assert "student-01" not in missing
            assert "student-02 (Highland Front, table-01)" in missing

            card = "#tables .table[data-label='table-01']"
            click(chromium, f"{card} button[data-act='pause']")
            wait_for(lambda: "PAUSED" in chromium.find_element("css selector", card).text,
                     "table-01 paused", chromium)
            if tarsa.request is not None:
                with pytest.raises(DecisionError, match="paused"):
                    tarsa.decide(scripted(tarsa, tarsa.request))

            Select(chromium.find_element("id", "inject-table")).select_by_value("table-01")
            Select(chromium.find_element("id", "inject-kind")).select_by_value("shift_budget")
            Select(chromium.find_element("id", "inject-party")).select_by_value("Saldovia")
            by = chromium.find_element("id", "inject-by")
            by.clear()
            by.send_keys("-0.1")
            chromium.find_element("id", "inject-headline").send_keys("A mandate is cut")
            click(chromium, "#send-inject")
            wait_for(lambda: "sent to table-01" in chromium.find_element("id", "message").text,
                     "the inject sent", chromium)
            wait_for(lambda: "News sent: A mandate is cut" in chromium.find_element(
                "css selector", card).text, "the news on table-01's card", chromium)
            wait_for(lambda: any(r.get("headline") == "A mandate is cut"
                                 for r in tarsa.records), "the news at Tarsa's seat", chromium)
            folder = os.environ.get("PARLEY_SCREENSHOTS")
            if folder:
                chromium.save_screenshot(str(Path(folder) / "host-console.png"))
        finally:
            tarsa.close()
