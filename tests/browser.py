"""Headless Chromium for the tests that check what Parley serves or writes for a browser.

Debian's `chromium` and `chromium-driver` (installed by `.ci/run` where it can), driven by
selenium; a test that needs them is skipped, saying how to install them, where they are not.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest


@contextmanager
def chromium(width: int, height: int = 1000, *flags: str,
             performance_log: bool = False) -> Iterator[Any]:
    """A headless Chromium window of `width` x `height` pixels, quit on leaving; `flags` are
    added to the usual ones, and `performance_log` keeps the network log for the test."""
    webdriver = pytest.importorskip("selenium.webdriver")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if browser is None or driver_path is None:
        pytest.skip("Chromium and chromedriver are needed (apt-get install chromium "
                    "chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                 f"--window-size={width},{height}", *flags):
        options.add_argument(flag)
    if performance_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options,
                              service=webdriver.ChromeService(executable_path=driver_path))
    try:
        driver.set_window_size(width, height)
        yield driver
    finally:
        driver.quit()
