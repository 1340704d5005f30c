"""Reading seed documents: UTF-8 text, refused with a clear reason when it cannot be used.

Offsets in evidence are indices into the text exactly as `sim.scenario.checks` reads it back
(`Path.read_text(encoding="utf-8")`, newlines normalised), so documents are read the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

MAX_CHARS = 200_000
"""Longest document derive reads (a news report is 2,000 to 20,000 characters); longer ones
are refused at once with a way out, instead of keeping the pipeline busy for minutes."""

MAX_TOTAL = 2 * MAX_CHARS
"""Most characters derive reads in one run, all documents together (about half a minute)."""


class DeriveError(Exception):
    """A document or request that derive cannot work from, explained in one line."""


@dataclass(frozen=True)
class Document:
    """One seed document: its file name (as scenarios cite it), path and text."""

    name: str
    path: Path
    text: str

    @property
    def headline(self) -> str:
        """The first line, without a leading ` date YYYY-MM-DD` stamp."""
        first = self.text.strip().splitlines()[0].strip()
        return _DATE_STAMP.sub("", first).strip() or self.name

    @property
    def date(self) -> dt.date | None:
        """The date stamped on the first line, if any."""
        match = _DATE_STAMP.match(self.text.strip())
        return dt.date.fromisoformat(match.group(1)) if match else None


_DATE_STAMP = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*")


def read_document(path: Path) -> Document:
    """Read one seed document.

    Raises:
        DeriveError: when the file is missing, not UTF-8, or holds no text.
    """
    try:
        if path.is_file() and path.stat().st_size > 16 * MAX_CHARS:
            # Far past the limit (a UTF-8 character is at most four bytes): refused from its
            # size, before reading it all into memory.
            raise DeriveError(f"{path}: {path.stat().st_size:,} bytes; derive reads documents "
                              f"of up to {MAX_CHARS:,} characters (about {MAX_CHARS // 6:,} "
                              "words, a long report). Split it into its articles and derive "
                              "from them together")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DeriveError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DeriveError(f"{path}: is a folder, not a text document") from None
    except UnicodeDecodeError as exc:
        raise DeriveError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                          "save it as UTF-8 and try again") from None
    if not text.strip():
        raise DeriveError(f"{path}: the document is empty")
    if "\x00" in text:
        raise DeriveError(f"{path}: looks like a binary file, not plain text")
    if len(text) > MAX_CHARS:
        raise DeriveError(f"{path}: {len(text):,} characters; derive reads documents of up to "
                          f"{MAX_CHARS:,} characters (about {MAX_CHARS // 6:,} words, a long "
                          "report). Split it into its articles and derive from them together")
    return Document(name=path.name, path=path, text=text)


def read_documents(paths: list[Path]) -> list[Document]:
    """Read every document, refusing two with the same file name (scenarios cite by name)."""
    docs = [read_document(p) for p in paths]
    seen: dict[str, Path] = {}
    for doc in docs:
        if doc.name in seen and seen[doc.name].resolve() != doc.path.resolve():
            raise DeriveError(f"two documents are named '{doc.name}' ({seen[doc.name]} and "
                              f"{doc.path}); scenarios cite seeds by file name, so rename one")
        seen[doc.name] = doc.path
    unique = {d.name: d for d in docs}
    total = sum(len(d.text) for d in unique.values())
    if total > MAX_TOTAL:
        raise DeriveError(f"the {len(unique)} documents hold {total:,} characters together; "
                          f"derive reads up to {MAX_TOTAL:,} in one run. Derive from fewer "
                          "documents, or from the articles that matter most")
    return list(unique.values())
