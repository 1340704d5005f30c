"""Issue 13: every command that writes keeps a user's files.

The rule: never overwrite an input; never replace an existing file Parley did not write
without --force; write beside the target and rename; on any write error keep the old file,
leave no temporary file, and say so in one line.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from parley.cli import main
from sim.play.saves import SaveFileError
from sim.play.session import PlaySession

THESIS = "Chapter 1. My thesis, three years of work.\n"


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def _thesis(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text(THESIS, encoding="utf-8")
    return path


def _no_temporaries(folder: Path) -> None:
    assert not [p for p in folder.iterdir() if p.name.endswith(".partial")]


def test_report_never_overwrites_its_transcript(transcript: Path, capsys) -> None:
    before = transcript.read_bytes()
    assert main(["report", str(transcript), "-o", str(transcript)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert "input" in line
    assert transcript.read_bytes() == before


def test_class_summary_never_overwrites_a_transcript(transcript: Path, capsys) -> None:
    before = transcript.read_bytes()
    assert main(["class-summary", str(transcript), "-o", str(transcript)]) == 1
    assert "input" in _one_line(capsys.readouterr().err)
    assert transcript.read_bytes() == before


def test_run_refuses_to_replace_a_file_parley_did_not_write(tmp_path: Path, capsys) -> None:
    thesis = _thesis(tmp_path, "thesis.txt")
    assert main(["run", "--quiet", "--transcript", str(thesis)]) == 1
    assert "--force" in _one_line(capsys.readouterr().err)
    assert thesis.read_text(encoding="utf-8") == THESIS
    assert main(["run", "--quiet", "--transcript", str(thesis), "--force"]) == 0
    assert thesis.read_text(encoding="utf-8").startswith('{"type": "header"')


def test_run_replaces_its_own_transcript(tmp_path: Path) -> None:
    target = tmp_path / "game.jsonl"
    assert main(["run", "--quiet", "--seed", "1", "--transcript", str(target)]) == 0
    assert main(["run", "--quiet", "--seed", "2", "--transcript", str(target)]) == 0
    assert '"seed": 2' in target.read_text(encoding="utf-8").splitlines()[0]
    _no_temporaries(tmp_path)


def test_report_replaces_its_own_page_but_not_notes(transcript: Path, tmp_path: Path,
                                                    capsys) -> None:
    page = tmp_path / "debrief.html"
    args = ["report", str(transcript), "--baseline-runs", "20"]
    assert main([*args, "-o", str(page)]) == 0
    assert main([*args, "-o", str(page)]) == 0  # its own page: replaced without asking
    notes = _thesis(tmp_path, "notes.html")
    capsys.readouterr()
    assert main([*args, "-o", str(notes)]) == 1
    assert "not written by Parley" in _one_line(capsys.readouterr().err)
    assert notes.read_text(encoding="utf-8") == THESIS


def test_o_naming_a_folder_or_a_path_through_a_file_is_one_line(transcript: Path,
                                                                 tmp_path: Path,
                                                                 capsys) -> None:
    assert main(["report", str(transcript), "-o", str(tmp_path)]) == 1
    assert "is a folder" in _one_line(capsys.readouterr().err)
    thesis = _thesis(tmp_path, "thesis.txt")
    assert main(["report", str(transcript), "-o", str(thesis / "debrief.html")]) == 1
    assert "not a folder" in _one_line(capsys.readouterr().err)
    assert thesis.read_text(encoding="utf-8") == THESIS


def test_a_device_or_pipe_is_never_replaced(tmp_path: Path, capsys) -> None:
    # A rename over /dev/full would replace the device itself (as root): a named pipe stands
    # in for it here.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert main(["run", "--quiet", "--transcript", str(pipe), "--force"]) == 1
    assert "not a regular file" in _one_line(capsys.readouterr().err)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_class_pack_refuses_a_file_and_a_folder_of_other_files(tmp_path: Path, capsys) -> None:
    thesis = _thesis(tmp_path, "thesis.txt")
    assert main(["class", "brussels_2026", "--students", "2", "-o", str(thesis)]) == 2
    assert "is a file" in _one_line(capsys.readouterr().err)
    assert thesis.read_text(encoding="utf-8") == THESIS
    # tmp_path holds the thesis, not a pack: writing briefs among it needs --force.
    assert main(["class", "brussels_2026", "--students", "2", "-o", str(tmp_path)]) == 2
    assert "--force" in _one_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.txt"]


def test_derive_never_overwrites_its_article(tmp_path: Path, capsys) -> None:
    article = _thesis(tmp_path, "article.txt")
    assert main(["derive", str(article), "-o", str(article)]) == 1
    assert "input" in _one_line(capsys.readouterr().err)
    assert article.read_text(encoding="utf-8") == THESIS
    draft = _thesis(tmp_path, "draft.yaml")
    assert main(["derive", str(article), "-o", str(draft)]) == 1
    assert "--force" in _one_line(capsys.readouterr().err)
    assert draft.read_text(encoding="utf-8") == THESIS


def test_batch_and_summary_plots_keep_a_users_image(tmp_path: Path, capsys) -> None:
    image = tmp_path / "holiday.png"
    image.write_bytes(b"\x89PNG holiday")
    out = tmp_path / "results.parquet"
    assert main(["batch", "-n", "5", "--out", str(out), "--plot", str(image)]) == 1
    assert "--force" in _one_line(capsys.readouterr().err)
    assert not out.exists()  # refused before any run
    assert main(["batch", "-n", "5", "--out", str(out)]) == 0
    assert main(["summary", str(out), "--plot", str(image)]) == 1
    assert image.read_bytes() == b"\x89PNG holiday"
    chart = tmp_path / "chart.svg"
    assert main(["summary", str(out), "--plot", str(chart)]) == 0
    assert main(["summary", str(out), "--plot", str(chart)]) == 0  # its own chart


def test_a_save_never_replaces_a_file_parley_did_not_write(tmp_path: Path) -> None:
    session = PlaySession("brussels_2026", seed=3, humans=["EU"])
    session.advance()
    notes = _thesis(tmp_path, "notes.md")
    with pytest.raises(SaveFileError, match="not written by Parley"):
        session.save(notes)
    assert notes.read_text(encoding="utf-8") == THESIS
    with pytest.raises(SaveFileError, match="is a folder"):
        session.save(tmp_path)
    save = tmp_path / "game.json"
    session.save(save)
    session.save(save)  # its own save: replaced
    assert json.loads(save.read_text(encoding="utf-8"))["format"] == "parley-save"
    _no_temporaries(tmp_path)


@pytest.mark.slow
def test_play_refuses_the_transcript_file_before_the_game_starts(tmp_path: Path) -> None:
    thesis = _thesis(tmp_path, "thesis.txt")
    proc = subprocess.run([sys.executable, "-m", "parley", "play", "brussels_2026", "--side",
                           "EU", "--transcript", str(thesis)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60, check=False)
    assert proc.returncode == 1
    assert "--force" in _one_line(proc.stderr)
    assert thesis.read_text(encoding="utf-8") == THESIS


# ------------------------------------------------------------------ full and read-only disks


@pytest.mark.slow
def test_every_writer_keeps_the_old_file_on_a_full_disk(full_disk: Path, transcript: Path,
                                                        capsys) -> None:
    calls = [
        ["report", str(transcript), "--baseline-runs", "20", "-o", str(full_disk / "mine.html")],
        ["class-summary", str(transcript), "--baseline-runs", "20", "-o",
         str(full_disk / "old.html"), "--force"],
        ["run", "--quiet", "--transcript", str(full_disk / "old.jsonl"), "--force"],
    ]
    for argv in calls:
        target = Path(argv[argv.index("-o") + 1] if "-o" in argv else argv[-2])
        before = target.read_bytes()
        assert main(argv) == 1, argv
        line = _one_line(capsys.readouterr().err)
        assert "no space left" in line.lower() and "old file is kept" in line, line
        assert target.read_bytes() == before
    session = PlaySession("brussels_2026", seed=3, humans=["EU"])
    session.advance()
    with pytest.raises(SaveFileError, match="old file is kept"):
        session.save(full_disk / "old.json", force=True)
    assert (full_disk / "old.json").read_bytes() == b"OLD"
    results = full_disk.parent / "results"
    assert main(["batch", "-n", "5", "--out", str(results)]) == 0
    capsys.readouterr()
    assert main(["summary", str(results), "--plot", str(full_disk / "old.png"), "--force"]) == 1
    assert "old file is kept" in _one_line(capsys.readouterr().err)
    assert (full_disk / "old.png").read_bytes() == b"OLD"
    # Writers of new files and folders: one line each, nothing half-written left behind.
    for argv in (["class", "brussels_2026", "--students", "2", "-o", str(full_disk / "pack")],
                 ["batch", "-n", "5", "--out", str(full_disk / "results.parquet")]):
        assert main(argv) == 1, argv
        assert "no space left" in _one_line(capsys.readouterr().err).lower(), argv
    _no_temporaries(full_disk)


@pytest.mark.slow
def test_a_read_only_folder_is_one_line_for_every_writer(read_only: Path, transcript: Path,
                                                         capsys) -> None:
    calls = [
        ["report", str(transcript), "--baseline-runs", "20", "-o", str(read_only / "mine.html")],
        ["run", "--quiet", "--transcript", str(read_only / "new.jsonl")],
        ["class", "brussels_2026", "--students", "2", "-o", str(read_only / "pack")],
        ["class", "brussels_2026", "--students", "2", "-o", str(read_only / "new-pack")],
        ["batch", "-n", "5", "--out", str(read_only / "results.parquet")],
        ["derive", str(transcript), "-o", str(read_only / "draft.yaml")],
    ]
    for argv in calls:
        assert main(argv) == 1, argv
        assert "read-only" in _one_line(capsys.readouterr().err).lower(), argv
    assert (read_only / "mine.html").read_text().endswith("OLD")


@pytest.mark.slow
def test_derive_on_a_full_disk_keeps_the_old_draft_and_leaves_no_half_copied_seed(
        full_disk: Path, tmp_path: Path, capsys) -> None:
    # The article is copied beside the draft (so its quotes can be checked) before the draft
    # is written; a copy cut short by the full disk would later pass for the article itself.
    article = tmp_path / "strike.txt"
    article.write_text("Talks between the Dock Workers Union and the Port Employers "
                       "Association resumed.\n\n" + "The union is demanding an 11% pay rise. "
                       * 2000, encoding="utf-8")
    (full_disk / "seeds").mkdir(exist_ok=True)
    assert main(["derive", str(article), "-o", str(full_disk / "old.yaml"), "--force"]) == 1
    line = _one_line(capsys.readouterr().err)
    assert "no space left" in line.lower() and "is kept" in line, line
    assert (full_disk / "old.yaml").read_bytes() == b"OLD"
    assert not (full_disk / "seeds" / "strike.txt").exists()
    _no_temporaries(full_disk)
