"""Save files: the scenario, the seed and the people's decisions, enough to replay a game.

The format is JSON, written atomically; reading refuses anything damaged, foreign, from
another format version or from other rules, with the reason, and never touches the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sim import RULES, check_seed
from sim.files import ReadError, read_regular
from sim.scenario.library import scenarios_dir

SAVE_FORMAT = "parley-save"
SAVE_VERSION = 1
SIGNATURE = f'"format": "{SAVE_FORMAT}"'.encode()
"""Near the start of every save file (its first field): how saving recognises a file it may
replace."""


MAX_SAVE_BYTES = 16 * 1024 * 1024
"""Largest save file read (a long hot-seat game's is a few kB)."""


class SaveFileError(Exception):
    """A save file that cannot be resumed; the message says why."""


def portable(scenario_path: Path) -> str:
    """A built-in scenario by name (so saves move between machines), others by full path."""
    if scenario_path.resolve().parent == scenarios_dir().resolve():
        return scenario_path.stem
    return str(scenario_path.resolve())


def read_save(path: Path) -> dict[str, Any]:
    """The checked content of save file `path`.

    Raises:
        SaveFileError: saying why it cannot be resumed.
    """
    if not path.exists():
        raise SaveFileError(f"{path}: no such save file")
    try:
        data = json.loads(read_regular(path, MAX_SAVE_BYTES, "save").decode("utf-8"))
    except ReadError as exc:
        raise SaveFileError(f"{path}: {exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise SaveFileError(f"{path}: damaged save file ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveFileError(f"{path}: not a Parley save file")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        # "1" or true reads as 1 to a person; say what is wrong with it.
        raise SaveFileError(f"{path}: save format version {json.dumps(version)} is not "
                            f"supported: the version must be the number {SAVE_VERSION}")
    if version != SAVE_VERSION:
        raise SaveFileError(f"{path}: save format version {json.dumps(version)} is not "
                            f"supported (this Parley reads version {SAVE_VERSION})")
    needed = {"scenario": str, "scenario_hash": str, "seed": int, "humans": list,
              "decisions": list}
    for key, kind in needed.items():
        if not isinstance(data.get(key), kind) or isinstance(data.get(key), bool):
            raise SaveFileError(f"{path}: damaged save file (field '{key}' missing or wrong)")
    try:
        check_seed(data["seed"])
    except ValueError as exc:
        raise SaveFileError(f"{path}: damaged save file ({exc})") from None
    humans = data["humans"]
    if not all(isinstance(h, str) for h in humans) or len(set(humans)) != len(humans):
        raise SaveFileError(f"{path}: damaged save file (humans must name each side played "
                            "once)")
    if not (data.get("protocol") is None or isinstance(data.get("protocol"), str)):
        raise SaveFileError(f"{path}: damaged save file (field 'protocol' is wrong)")
    if data.get("rules") != RULES:
        raise SaveFileError(f"{path}: saved under Parley's rules v{data.get('rules', 1)}, but "
                            f"scripted players now follow rules v{RULES}; replaying it would "
                            "not give back the same game")
    return data
