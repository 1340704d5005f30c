"""A class of simulated students, from pack to summary, through the commands a teacher runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parley.cli import main
from sim.transcript.format import read_transcript


@pytest.mark.slow
def test_a_simulated_class_produces_a_pack_transcripts_reports_and_a_summary(
        tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    assert main(["class", "brussels_2026", "--students", "8", "--seed", "11", "-o", str(pack),
                 "--simulate"]) == 0
    transcripts = sorted((pack / "simulated").glob("*.jsonl"))
    assert not any((pack / "transcripts").iterdir()), "a dry run keeps apart from real games"
    assert [t.stem for t in transcripts] == [f"student-{k:02d}" for k in range(1, 9)]
    kinds = set()
    for t in transcripts:
        records = read_transcript(t)
        assert records[0]["humans"] in (["EU"], ["Russia"], ["Ukraine"], ["US"])
        assert records[0]["simulated"] is True
        kinds.add(records[-1]["kind"])
        report = pack / "reports" / f"{t.stem}.html"
        assert main(["report", str(t), "-o", str(report), "--baseline-runs", "200"]) == 0
        html = report.read_text(encoding="utf-8")
        side = records[0]["humans"][0]
        assert f'class="percentile" data-party="{side}"' in html
        assert "played by a person" not in html and "simulated student" in html
    assert len(kinds) >= 2, "simulated students should not all end the same way"

    summary = pack / "summary.html"
    assert main(["class-summary", *map(str, transcripts), "-o", str(summary),
                 "--baseline-runs", "200"]) == 0
    html = summary.read_text(encoding="utf-8")
    assert "played by a person" not in html and 'id="dry-run"' in html
    for t in transcripts:
        assert f"<td>{t.stem}</td>" in html
    prompts = re.search(r'<ol class="prompts">(.*?)</ol>', html)
    assert prompts is not None and prompts.group(1).count("<li>") == 3
    deals = sum(read_transcript(t)[-1]["kind"] == "deal" for t in transcripts)
    assert f"8 games · {deals} deals" in html


def test_a_summary_leaves_out_a_transcript_of_another_scenario_and_says_why(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sim.classroom.stand_in import play_student

    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    play_student("brussels_2026", "EU", seed=1, student_seed=1, transcript=first)
    records = second_records = first.read_text().splitlines()
    second_records[0] = records[0].replace('"scenario_hash": "', '"scenario_hash": "f')
    second.write_text("\n".join(second_records) + "\n")
    out = tmp_path / "s.html"
    assert main(["class-summary", str(first), str(second), "-o", str(out),
                 "--baseline-runs", "20"]) == 0
    assert f"left out b: {second}: was played on" in " ".join(capsys.readouterr().out.split())
    assert "Transcripts left out" in out.read_text(encoding="utf-8")
