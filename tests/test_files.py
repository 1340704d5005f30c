"""`write_atomic`: a file appears complete or not at all, and leaves nothing behind."""

from __future__ import annotations

import os

import pytest

from sim.files import write_atomic


def test_text_and_bytes_replace_the_file_and_leave_no_temporary(tmp_path) -> None:
    target = tmp_path / "save.json"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new\r\nline é")
    assert target.read_bytes() == "new\r\nline é".encode()
    write_atomic(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert os.listdir(tmp_path) == ["save.json"]


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary(tmp_path, monkeypatch
                                                                       ) -> None:
    target = tmp_path / "transcript.jsonl"
    target.write_text("complete", encoding="utf-8")

    def broken_rename(src: object, dst: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", broken_rename)
    with pytest.raises(OSError, match="disk gone"):
        write_atomic(target, "half")
    assert target.read_text(encoding="utf-8") == "complete"
    assert os.listdir(tmp_path) == ["transcript.jsonl"]
