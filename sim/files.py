"""Writing files so that they appear complete or not at all.

Saves, transcripts, drafts, reports, class packs and batch chunks are all written the same
way: to a hidden temporary file beside the target, flushed to disk, then renamed over it. A
reader (or a process killed half-way) sees the old file or the whole new one, never a part.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path

PARTIAL_SUFFIX = ".partial"
"""How the temporary files of `write_atomic` end: `.NAME.XXXXXXXX.partial`."""


def write_atomic(path: str | os.PathLike[str], content: str | bytes) -> Path:
    """Replace `path` with `content` (text is written as UTF-8, newlines untouched).

    The content goes to a hidden temporary file in the same folder, is flushed to disk and
    renamed over `path`, and the folder is synced so that the rename survives a crash. On
    any error (an interrupt included) the temporary file is removed and the error re-raised;
    `path` is then as it was.

    Returns:
        `path`.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    # A random name and exclusive creation: two writers never share a temporary file, and a
    # leftover of a killed one blocks nothing.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}")
    handle = open(tmp, "xb")  # noqa: SIM115 - closed below, before the rename
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)
    return path


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- the writing rule

SIGNATURE_BYTES = 4096
"""How much of an existing file is read to recognise it as one Parley wrote."""


class OutputError(Exception):
    """A file Parley will not write, or could not write: one line saying why, and what of
    the old file is left (always all of it)."""


def written_by_parley(path: str | os.PathLike[str], signature: bytes | None) -> bool:
    """Whether the file at `path` carries `signature` (a marker every file of its kind that
    Parley writes has near its start: a transcript's header, a save's format field, a page's
    generator tag, a draft's first comment)."""
    if signature is None:
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(SIGNATURE_BYTES)
    except OSError:
        return False
    return signature in head


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(path: str | os.PathLike[str], *, signature: bytes | None,
                 inputs: Iterable[str | os.PathLike[str] | None] = (), force: bool = False,
                 ) -> Path:
    """Check, before any work, that writing `path` loses nothing a user wants.

    The rule for every command that writes: never overwrite one of its `inputs`; never write
    over a folder, a device or another special file; replace an existing file only when
    Parley wrote it (it carries `signature`) or `force` is set.

    Raises:
        OutputError: saying why `path` is refused and how to go on.
    """
    path = Path(path)
    for item in inputs:
        if item is not None and _same_file(path, Path(item)):
            raise OutputError(f"{path} is also an input of this command, and Parley never "
                              "overwrites its inputs; choose another name")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; name a file to write")
    if path.exists() or path.is_symlink():
        if not path.is_file():
            raise OutputError(f"{path} is not a regular file; Parley writes only regular files")
        if not force:
            _check_replaceable(path, signature)
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"cannot write {path}: {parent} is a file, not a folder")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise OutputError(f"cannot write {path}: the folder {parent} is read-only "
                                  "(or not yours to write)")
            break
    return path


def _check_replaceable(path: Path, signature: bytes | None) -> None:
    """Refuse to replace `path` without --force when it holds a person's finished game (of
    any kind of writer: a game is never lost by a command that did not ask) or is not a file
    of the kind being written; the refusal says what the file is."""
    from sim.transcript.provenance import persons_game

    game = persons_game(path)
    if game is not None:
        raise OutputError(f"{path} holds {game}; to keep both, name another file (such as "
                          f"{free_name(path)}), or pass --force to replace it")
    if written_by_parley(path, signature):
        return
    kind = parley_kind(path)
    wanted = _kind_of_signature(signature)
    what = (f"is {kind}" + (f", not {wanted}" if wanted else "") if kind is not None
            else "was not written by Parley")
    raise OutputError(f"{path} already exists and {what}; pass --force to replace it, or "
                      "choose another name")


def free_name(path: Path) -> Path:
    """`path`, or the first of `NAME-1.EXT`, `NAME-2.EXT`, ... beside it that does not exist."""
    target, k = path, 1
    while target.exists() or target.is_symlink():
        target = path.with_name(f"{path.stem}-{k}{path.suffix}")
        k += 1
    return target


def _kinds() -> list[tuple[bytes, str]]:
    """Each kind of file Parley writes: the marker near its start (see `written_by_parley`)
    and its name in words. Imported here, not at the top: the modules that define the markers
    import this one, and only a refusal needs them."""
    from sim.batch.plot import SIGNATURE as CHART
    from sim.derive.writer import HEADER as DRAFT
    from sim.play.saves import SIGNATURE as SAVE
    from sim.report.html import GENERATOR
    from sim.transcript.format import SIGNATURE as TRANSCRIPT

    return [(TRANSCRIPT, "a game's transcript"), (SAVE, "a saved game"),
            (GENERATOR.encode(), "a Parley page (a debrief or a class summary)"),
            (DRAFT.split("{")[0].encode(), "a scenario draft"),
            (CHART.encode(), "a batch summary chart")]


def _kind_of_signature(signature: bytes | None) -> str | None:
    return next((words for marker, words in _kinds() if marker == signature), None)


def parley_kind(path: str | os.PathLike[str]) -> str | None:
    """What kind of Parley file `path` is, in words ("a game's transcript", "a class pack's
    roster (class.json)", ...); None for a file Parley does not write."""
    from sim.classroom.pack import CODES, MANIFEST, read_manifest

    path = Path(path)
    if path.name == MANIFEST and read_manifest(path) is not None:
        return f"a class pack's roster ({MANIFEST})"
    pack = next((folder for folder in (path.parent, path.parent.parent)
                 if read_manifest(folder / MANIFEST) is not None), None)
    part = {"briefs": "a student's brief", "instructor-key": "the instructor key",
            "roster": "the roster", CODES.split(".")[0]: "the join codes"}.get(
        path.parent.name if path.parent != pack else path.stem)
    if pack is not None and part is not None:
        return f"{part} of the class pack in {pack}"
    return next((words for marker, words in _kinds() if written_by_parley(path, marker)), None)


def write_output(path: str | os.PathLike[str], content: str | bytes) -> Path:
    """`write_atomic`, creating missing folders, with any failure (a full disk, a read-only
    folder, a folder where the file should be) turned into one line.

    Raises:
        OutputError: the file could not be written; the old one, if any, is unchanged and no
            temporary file is left.
    """
    path = Path(path)
    existed = path.is_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return write_atomic(path, content)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {describe_os_error(exc)}; "
                          + ("the old file is kept" if existed else "nothing was written")
                          ) from None


def describe_os_error(exc: OSError) -> str:
    """An OS error's reason in words, without Python's `[Errno N]` prefix."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return reason[:1].lower() + reason[1:]


# --------------------------------------------------------------------------- reading


class ReadError(Exception):
    """A file that cannot be read as asked; the message is the reason, without the path."""


def read_regular(path: str | os.PathLike[str], limit: int, what: str = "") -> bytes:
    """The bytes of a regular file of at most `limit` bytes: never a folder, a device or a
    pipe (which could block or never end), never more than `limit` read into memory.

    Raises:
        ReadError: saying why not (`what`, e.g. "scenario", names the kind of file wanted).
    """
    kind = f"{what} file" if what else "file"
    path = Path(path)
    try:
        if path.is_dir():
            raise ReadError(f"this is a folder, not a {kind}")
        if path.exists() and not path.is_file():
            raise ReadError(f"not a regular file, so not a {kind}")
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise ReadError("file not found") from None
    except OSError as exc:
        raise ReadError(f"cannot be read ({describe_os_error(exc)})") from None
    if len(data) > limit:
        raise ReadError(f"larger than {limit:,} bytes, far more than a {kind} holds")
    return data
