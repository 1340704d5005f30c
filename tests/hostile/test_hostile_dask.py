"""Issue 13: a wrong or unreachable --dask address fails at once, in one line, leaving no
half-made results folder."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from parley.cli import main


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("address, message", [
    ("nonsense", "not a scheduler address"),
    ("tcp://host:99999", "not a scheduler address"),
    ("tcp://127.0.0.1:{port}", "no Dask scheduler answers there"),
])
def test_a_bad_dask_address_is_one_line_and_leaves_no_folder(tmp_path: Path, capsys,
                                                            address: str, message: str) -> None:
    out = tmp_path / "results.parquet"
    start = time.perf_counter()
    code = main(["batch", "-n", "10", "--dask", address.format(port=_closed_port()),
                 "--out", str(out)])
    assert time.perf_counter() - start < 10  # it waited 30 s, then left a manifest
    err = capsys.readouterr().err
    assert code == 2 and message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()
