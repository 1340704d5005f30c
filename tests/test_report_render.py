"""The debrief renders in a real headless Chromium, charts and all (skipped without Chromium)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from parley.cli import main
from sim.classroom.stand_in import play_student
from sim.report.svg import PALETTE

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "render_report.sh"
BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)),
               None)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[k:k + 2], 16) for k in (1, 3, 5))  # type: ignore[return-value]


@pytest.mark.slow
@pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (apt-get install chromium)")
def test_the_debrief_renders_in_headless_chromium_with_its_charts_drawn(tmp_path: Path) -> None:
    transcript = tmp_path / "student-02.jsonl"
    play_student("brussels_2026", "Russia", seed=101, student_seed=1, transcript=transcript)
    report = tmp_path / "debrief.html"
    assert main(["report", str(transcript), "-o", str(report), "--baseline-runs", "200"]) == 0
    png = tmp_path / "debrief.png"
    done = subprocess.run([str(SCRIPT), str(report), str(png), "1000,3000"],
                          capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    image = Image.open(png).convert("RGB")
    assert image.size == (1000, 3000)
    colours = {c for _, c in image.getcolors(maxcolors=1 << 20) or []}
    # Each party's colour fills bars and dots in the charts: if the SVG did not draw, the
    # page would hold only text and greys.
    for party_colour in PALETTE[:4]:
        assert _rgb(party_colour) in colours, party_colour
    # The top of the page carries the title in dark text on white: it is not a blank image.
    top = image.crop((0, 0, 1000, 120))
    assert top.convert("L").getextrema()[0] < 70
