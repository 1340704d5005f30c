"""Where a played game's transcript goes: checked before the game starts, never lost at the end.

A student types the command from their brief, plays for half an hour, and quits: the game
must be on disk. So `parley play --transcript FILE` checks that FILE can be written before
the first move, and if writing it fails anyway at the end (a folder removed, a full disk),
the transcript goes beside the save file, or into the current folder, or the home or
temporary folder, and the player is told where.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sim.transcript.format import Record, to_jsonl, write_transcript

if TYPE_CHECKING:
    from sim.play.session import PlaySession


class RecordingError(Exception):
    """The transcript cannot be written where asked; the message says why and what to do."""


def check_recordable(path: str | os.PathLike[str]) -> Path:
    """Check, before the game starts, that a transcript can be written at `path`.

    Returns:
        The path made absolute (so a save file names it wherever the game is resumed).

    Raises:
        RecordingError: saying why not, with the folder looked in and what to do.
    """
    target = Path(path).expanduser()
    shown = str(path)
    folder = target.parent
    here = Path.cwd()
    if target.is_dir():
        raise RecordingError(f"cannot record your game at {shown}: that is a folder; name a "
                             "file such as student-07.jsonl")
    if not folder.is_dir():
        where = "" if target.is_absolute() else f" (looked in {here})"
        raise RecordingError(
            f"cannot record your game at {shown}: the folder {folder} does not exist{where}. "
            f"Run the command from the folder that holds {_top(folder)}, or create the folder "
            "first; nothing was played yet")
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".parley-check-"):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise RecordingError(f"cannot record your game at {shown}: the folder {folder} cannot "
                             f"be written ({reason.lower()}); nothing was played yet") from None
    return target.absolute()


def _top(folder: Path) -> str:
    parts = folder.parts
    return f"{parts[0]}{os.sep}" if parts and parts[0] not in (os.sep, ".") else str(folder)


@dataclass(frozen=True)
class Written:
    """Where a finished game's transcript ended up."""

    path: Path
    """The file written."""
    wanted: Path
    """The file asked for."""
    problem: str | None = None
    """Why the file asked for could not be written (None when it was)."""

    @property
    def moved(self) -> bool:
        """Whether the transcript went somewhere other than asked."""
        return self.problem is not None


def write_finished(records: list[Record], path: str | os.PathLike[str],
                   beside: Iterable[str | os.PathLike[str] | None] = ()) -> Written:
    """Write a finished game's transcript to `path`, or, if that fails, to the first of these
    folders that takes it: those of the files in `beside` (the save file), the current folder,
    the home folder, the temporary folder. An existing file there is never replaced: the name
    gets `-1`, `-2`, ... instead.

    Raises:
        OSError: no folder at all could take it (the caller prints the transcript instead).
    """
    wanted = Path(path)
    try:
        write_transcript(records, wanted)
        return Written(wanted, wanted)
    except OSError as exc:
        problem = exc.strerror or str(exc)
    folders = [Path(p).expanduser().absolute().parent for p in beside if p]
    folders += [Path.cwd(), Path.home(), Path(tempfile.gettempdir())]
    last: OSError | None = None
    for folder in dict.fromkeys(folders):
        target = _free_name(folder, wanted.name or "parley-game.jsonl")
        try:
            write_transcript(records, target)
        except OSError as exc:
            last = exc
            continue
        return Written(target, wanted, problem)
    assert last is not None
    raise last


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    k = 1
    while target.exists():
        target = folder / f"{stem}-{k}{suffix}"
        k += 1
    return target


def record_game(session: PlaySession | None,
                path: str | os.PathLike[str]) -> tuple[int, str, str | None]:
    """Write the transcript of `session` once the game is over: what `parley play` does last.

    Returns:
        The exit code, the message for the player, and the transcript's text when no folder
        at all could take it (to print, so that even then the game is not lost).
    """
    if session is None or not session.finished:
        resume = (f"; resume it with `parley play --resume {session.saved_to}` and it will be "
                  "recorded there when it ends" if session is not None and session.saved_to
                  else "")
        return 1, (f"parley: the game was not finished, so no transcript was written to "
                   f"{path}{resume}"), None
    try:
        written = write_finished(session.records, path, beside=[session.saved_to])
    except OSError as exc:
        return 1, (f"parley: could not write the transcript anywhere ({exc}); here it is, to "
                   "copy into a file:"), to_jsonl(session.records)
    if written.moved:
        return 1, (f"parley: could not write {written.wanted} ({written.problem}); your game "
                   f"is safe in {written.path}. Hand that file in (or copy it to "
                   f"{written.wanted})."), None
    return 0, f"transcript written to {written.path}", None
