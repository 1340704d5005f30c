"""The debrief and the class summary as a teacher sees them: headless Chromium, 1280 px wide.

Checks what reading the HTML cannot: that no table cell cuts its text off, that every table
stays within the page's column, that no chart label runs out of its chart, that the page
needs no sideways scrolling, and that a debrief prints on a few pages. Screenshots are
written beside the pages (and to the folder named by PARLEY_SCREENSHOTS, if set) to look at
by eye. Needs Chromium, chromedriver and selenium (`apt-get install chromium
chromium-driver`; selenium is in the dev extras).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parley.cli import main
from tests.browser import chromium

pytestmark = pytest.mark.slow

WIDTH = 1280

CUT_CELLS = """
return Array.from(document.querySelectorAll('td, th'))
  .filter(c => c.scrollWidth > c.clientWidth + 1)
  .map(c => c.textContent.trim().slice(0, 80));
"""

TABLES_OUT = """
const body = document.body.getBoundingClientRect();
const style = getComputedStyle(document.body);
const left = body.left + parseFloat(style.paddingLeft);
const right = body.right - parseFloat(style.paddingRight);
return Array.from(document.querySelectorAll('table'))
  .filter(t => { const b = t.getBoundingClientRect();
                 return b.left < left - 0.5 || b.right > right + 0.5; })
  .map(t => (t.closest('section') || {}).id + ': ' + Math.round(t.getBoundingClientRect().right
                                                                - right) + ' px too wide');
"""
"""Tables that run out of the page's content column (the body's box within its padding)."""

CUT_LABELS = """
const out = [];
for (const svg of document.querySelectorAll('svg.chart')) {
  const box = svg.getBoundingClientRect();
  for (const t of svg.querySelectorAll('text')) {
    const b = t.getBoundingClientRect();  // after any rotation, in page pixels
    if (b.left < box.left - 1 || b.right > box.right + 1
        || b.top < box.top - 1 || b.bottom > box.bottom + 1
        || t.textContent.includes('\u2026')) {  // out of the chart, or shortened to fit
      out.push(svg.getAttribute('aria-label') + ': ' + t.textContent.slice(0, 60));
    }
  }
}
return out;
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(WIDTH, 1000, "--disable-gpu", "--hide-scrollbars") as driver:
        yield driver


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    pack = folder / "pack"
    assert main(["class", "brussels_2026", "--students", "8", "--seed", "11", "-o", str(pack),
                 "--simulate"]) == 0
    games = sorted((pack / "simulated").glob("*.jsonl"))
    out = {"debrief": folder / "debrief.html", "summary": folder / "summary.html"}
    assert main(["report", str(games[1]), "-o", str(out["debrief"]),
                 "--baseline-runs", "200"]) == 0
    assert main(["class-summary", *map(str, games), "-o", str(out["summary"]),
                 "--baseline-runs", "200"]) == 0
    return out


def _open(browser: Any, page: Path) -> None:
    browser.set_window_size(WIDTH, 1000)
    browser.get(page.as_uri())
    assert browser.execute_script("return window.innerWidth") == WIDTH


def _screenshot(browser: Any, page: Path) -> Path:
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(WIDTH, height + 20)
    shot = page.with_suffix(".png")
    browser.save_screenshot(str(shot))
    where = os.environ.get("PARLEY_SCREENSHOTS")
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(where) / shot.name)
    browser.set_window_size(WIDTH, 1000)
    return shot


@pytest.mark.parametrize("name", ["debrief", "summary"])
def test_no_text_is_cut_off_at_1280_pixels(browser: Any, pages: dict[str, Path],
                                           name: str) -> None:
    _open(browser, pages[name])
    assert browser.execute_script(CUT_CELLS) == []
    assert browser.execute_script(TABLES_OUT) == []
    assert browser.execute_script(CUT_LABELS) == []
    sideways = browser.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth")
    assert sideways <= 0
    shot = _screenshot(browser, pages[name])
    assert shot.stat().st_size > 10_000


def test_a_debrief_prints_on_a_few_pages(browser: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.print_page_options import PrintOptions

    _open(browser, pages["debrief"])
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(browser.print_page(options))
    pages_printed = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages_printed <= 6
