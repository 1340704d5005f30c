"""Issue 13: every part of a results folder is checked on --resume and before a summary: a
truncated or changed part is found (and run again on resume), an edited manifest is refused,
and an unfinished batch says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from parley.cli import main
from sim.batch.parquet import read_results

BATCH = ["batch", "brussels_2026_settlement", "-n", "2000", "--seed", "4", "--chunk-size", "250"]


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "whole"
    assert main([*BATCH, "--out", str(out)]) == 0
    return out


@pytest.fixture
def copy(whole: Path, tmp_path: Path) -> Path:
    out = tmp_path / "copy"
    shutil.copytree(whole, out)
    return out


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err


def test_a_truncated_part_is_found_by_summary_and_run_again_on_resume(
        whole: Path, copy: Path, capsys) -> None:
    part = copy / "part-00003.parquet"
    part.write_bytes(part.read_bytes()[:500])
    capsys.readouterr()
    assert main(["summary", str(copy)]) == 2
    err = _err(capsys)
    assert "part-00003.parquet cannot be read" in err and "--resume" in err
    assert main([*BATCH, "--out", str(copy), "--resume"]) == 0
    assert "part-00003.parquet cannot be read" in _err(capsys)
    assert read_results(copy).equals(read_results(whole))


def test_a_part_changed_in_place_fails_its_checksum(copy: Path, capsys) -> None:
    part = copy / "part-00001.parquet"
    data = bytearray(part.read_bytes())
    data[100] ^= 0xFF
    part.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["summary", str(copy)]) == 2
    assert "part-00001.parquet changed since it was written" in _err(capsys)


def test_an_edited_manifest_is_refused_not_resumed_into_duplicate_runs(copy: Path,
                                                                       capsys) -> None:
    (copy / "part-00007.parquet").unlink()
    manifest = copy / "_batch.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["chunk_size"] = 300
    manifest.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main([*BATCH, "--out", str(copy), "--resume"]) == 2
    err = _err(capsys)
    assert "cannot be resumed" in err and "chunk_size 250 there, 300 in the manifest" in err
    assert len(list(copy.glob("part-*.parquet"))) == 7  # nothing written
    assert main(["summary", str(copy)]) == 2
    manifest.write_text("{not json", encoding="utf-8")
    assert main([*BATCH, "--out", str(copy), "--resume"]) == 2
    assert "manifest" in _err(capsys)


def test_a_summary_of_an_unfinished_batch_says_so(copy: Path, capsys) -> None:
    (copy / "part-00005.parquet").unlink()
    capsys.readouterr()
    assert main(["summary", str(copy)]) == 0
    captured = capsys.readouterr()
    assert "unfinished: 1,750 of 2,000 runs (7 of 8 chunks)" in captured.err
    assert "1,750 runs" in captured.out


def _rewrite_utilities(part: Path) -> None:
    """Change a part's numbers and write it back as a readable Parquet file: tampering that
    only the checksum in the log can tell."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(part)
    k = table.column_names.index("utility.Russia")
    pq.write_table(table.set_column(k, "utility.Russia", pa.array([1.0] * table.num_rows)),
                   part)


def test_a_debrief_refuses_a_tampered_batch_as_its_baseline(copy: Path, transcript: Path,
                                                             tmp_path: Path, capsys) -> None:
    _rewrite_utilities(copy / "part-00002.parquet")
    page = tmp_path / "debrief.html"
    capsys.readouterr()
    assert main(["report", str(transcript), "-o", str(page), "--batch", str(copy)]) == 2
    err = _err(capsys)
    assert f"{copy} is damaged: part-00002.parquet changed since it was written" in err
    assert "--resume" in err and "Traceback" not in err
    assert not page.exists()


def test_a_debrief_says_its_baseline_batch_is_unfinished(copy: Path, transcript: Path,
                                                         tmp_path: Path) -> None:
    (copy / "part-00005.parquet").unlink()
    page = tmp_path / "debrief.html"
    assert main(["report", str(transcript), "-o", str(page), "--batch", str(copy)]) == 0
    assert "an unfinished batch: 1,750 of its 2,000 runs were written" in page.read_text()
