"""Scoring `parley derive` against the hand-written answer keys in `tests/data/derive_corpus/`.

Run `derive` on an article through its public API, take the draft scenario it writes, and
compare that draft with the article's key. What counts as found is defined here, once:

Parties
    A drafted party's names are its id and its `aliases`; a key party's names are its `name`
    and `aliases`. Names are compared after lower-casing, straightening quotes and dropping a
    leading "the" and a trailing "'s". A drafted party matches a key party when they share at
    least one name; the score of a pair is the number of shared names, plus 3 when the
    drafted id itself is one of the key party's names. Pairs are assigned one to one, best
    score first, so one drafted party never counts for two key parties. The party the draft
    makes its mediator (and any other the derivation reports as a mediator) is scored against
    the key's `mediators` instead. Every other drafted party that matches no key party (say a
    body the key lists as "mentioned, not negotiating") counts against precision.

Issues
    A drafted issue's sentences are the quotes it cites in its own `because` and the quotes
    of every red line on it. A key issue's sentences are those of its red lines and demands.
    Two spans overlap when they share at least half of the shorter one's characters. A drafted
    issue matches a key issue when one of its quotes overlaps one of the key issue's
    sentences. The score of a pair is the number of key sentences overlapped plus half the
    number of the key's numeric options (figures such as 9%, 400,000 tonnes, 2032) that the
    drafted options also name; pairs are assigned one to one, best first.

Red lines
    A drafted red line matches a key red line when one of the quotes it cites overlaps the
    key's sentence. Pairs are assigned one to one, best first; the score is the overlapping
    length, plus a bonus when the party or the issue also agree (so that of two drafted lines
    citing one sentence, the one that reads it right is paired). Recall and precision count
    matched pairs whatever their party; *attribution* is the share of matched pairs whose
    drafted party is the one assigned to the key's party; *issue* the share whose drafted
    issue is the one assigned to the key's issue; *kind* the share with the key's hard/soft.

An article on which derive raises, or whose draft does not load, counts as finding nothing.

Sets
    An article's set is the `set:` field of its key, never its number: `development` and
    `own` (derive's own test articles, in `tests/data/derive_own/`) may be read and itemised;
    every other key, including one with no `set:`, is held out, so a newly added article is
    held out until its key says otherwise.

Run as a script for the aggregate table, `--detail` adds a per-article table for the
development (or own) articles only (held-out articles are never itemised); `--development`
derives only the development articles, `--own` scores `tests/data/derive_own/` instead of
the corpus, and `--held-out` the held-out articles of `tests/data/derive_fresh/` (in aggregate
only; each run of it spends some of their worth, so run it to measure, never to tune):

    .venv/bin/python tests/derive_score.py [--detail] [--development | --own | --held-out]
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).parent / "data" / "derive_corpus"
OWN = Path(__file__).parent / "data" / "derive_own"
"""Articles written by whoever works on derive, for tests of general causes (set `own`)."""
FRESH = Path(__file__).parent / "data" / "derive_fresh"
"""Held-out articles written by someone who had not read derive; scored only in aggregate."""
SETS = ("development", "held-out")
OPEN_SETS = ("development", "own")
"""Sets whose articles may be read, tuned on and itemised; every other key is held out."""


# --------------------------------------------------------------------------- the key


@dataclass
class KeyLine:
    party: str
    issue: str
    kind: str
    span: tuple[int, int]


@dataclass
class Key:
    name: str
    set: str
    text: str
    parties: dict[str, set[str]]
    mediators: dict[str, set[str]]
    issues: dict[str, list[str]]
    """Issue id → options."""
    issue_spans: dict[str, list[tuple[int, int]]]
    red_lines: list[KeyLine]


def articles(folder: Path = CORPUS) -> list[Path]:
    """Every article of a corpus folder (each with its key), in order."""
    return sorted(p for p in folder.glob("*.txt")
                  if p.with_suffix(".key.yaml").exists())


def read_key(article: Path) -> Key:
    """The key of one article (read only by the scorer: never print a held-out one)."""
    data = yaml.safe_load(article.with_suffix(".key.yaml").read_text(encoding="utf-8"))
    text = article.read_text(encoding="utf-8")

    def names(bodies: list[dict[str, Any]] | None) -> dict[str, set[str]]:
        return {b["name"]: {norm(b["name"]), *(norm(a) for a in b["aliases"])}
                for b in bodies or []}

    def span(sentence: str) -> tuple[int, int]:
        at = text.find(sentence)
        return (at, at + len(sentence))

    issue_spans: dict[str, list[tuple[int, int]]] = {i["id"]: [] for i in data["issues"]}
    lines = []
    for entry in data.get("red_lines") or []:
        lines.append(KeyLine(entry["party"], entry["issue"], entry["kind"],
                             span(entry["sentence"])))
        issue_spans[entry["issue"]].append(span(entry["sentence"]))
    for entry in data.get("demands") or []:
        issue_spans[entry["issue"]].append(span(entry["sentence"]))
    # Anything not marked development counts as held out: a new article is held out until
    # its key says otherwise, so it is never itemised by mistake.
    kind = data.get("set") if data.get("set") in OPEN_SETS else "held-out"
    return Key(article.name, kind, text, names(data["parties"]),
               names(data.get("mediators")), {i["id"]: [str(o) for o in i["options"]]
                                              for i in data["issues"]},
               {k: list(dict.fromkeys(v)) for k, v in issue_spans.items()}, lines)


def norm(name: str) -> str:
    """A name as compared: lower case, straight quotes, no leading "the", no trailing "'s"."""
    name = re.sub(r"\s+", " ", name.replace("’", "'").lower()).strip()
    name = re.sub(r"^the ", "", name)
    return re.sub(r"'s?$", "", name)


# --------------------------------------------------------------------------- the draft


@dataclass
class DraftLine:
    party: str
    issue: str
    kind: str
    spans: list[tuple[int, int]]


@dataclass
class Found:
    """What derive drafted for one article, reduced to what the key can check."""

    parties: dict[str, set[str]] = field(default_factory=dict)
    mediators: dict[str, set[str]] = field(default_factory=dict)
    issues: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    issue_numbers: dict[str, set[float]] = field(default_factory=dict)
    red_lines: list[DraftLine] = field(default_factory=list)
    error: str | None = None
    """Why nothing was found: derive raised, or the draft did not load."""
    crashed: bool = False
    """Whether the error was an unexpected exception (a traceback), not a DeriveError."""


def _spans(because: Any) -> list[tuple[int, int]]:
    pieces = because if isinstance(because, list) else [because]
    return [(int(p["span"][0]), int(p["span"][1])) for p in pieces
            if isinstance(p, dict) and "span" in p]


def reduce_draft(scenario: dict[str, Any], mediators: Iterable[str] = ()) -> Found:
    """The parts of a draft scenario mapping that the key can check."""
    found = Found()
    mediating = set(mediators)
    if scenario.get("protocol", {}).get("mediator"):
        mediating.add(scenario["protocol"]["mediator"])
    for name, party in scenario["parties"].items():
        names = {norm(name), *(norm(a) for a in party.get("aliases", []))}
        (found.mediators if name in mediating else found.parties)[name] = names
        for line in party.get("red_lines", []):
            kind = "hard" if "hard" in line else "soft"
            for issue in line[kind]:
                found.red_lines.append(DraftLine(name, issue, kind, _spans(line["because"])))
    for mediator in mediating - set(scenario["parties"]):
        found.mediators[mediator] = {norm(mediator)}
    for key, issue in scenario["issues"].items():
        found.issues[key] = _spans(issue.get("because"))
        words = [*issue.get("options", []), *issue.get("labels", {}).values()]
        if issue.get("range"):
            r = issue["range"]
            words += [str(r["start"]), str(r["stop"])]
        found.issue_numbers[key] = {n for w in words for n in numbers(str(w))}
    for line in found.red_lines:
        found.issues.setdefault(line.issue, []).extend(line.spans)
    return found


_NUMBER_WORDS = {"half": 0.5, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}


def numbers(text: str) -> set[float]:
    """The figures a piece of text names: 9% → 9, 400,000 → 400000, $1 trillion → 1e12."""
    text = text.replace("_", " ")
    out: set[float] = set()
    for m in re.finditer(r"(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million)?", text):
        value = float(m.group(1).replace(",", ""))
        scale = {"trillion": 1e12, "billion": 1e9, "million": 1e6}.get(m.group(2) or "", 1)
        out.add(value * scale)
    for word, value in _NUMBER_WORDS.items():
        if re.search(rf"\b{word}\b", text.lower()):
            out.add(float(value))
    return out


def derive_article(article: Path, derive: Callable[..., Any] | None = None) -> Found:
    """Run derive on one article and load its draft through the scenario loader."""
    from sim.derive.documents import DeriveError
    from sim.derive.writer import render_yaml, write_draft
    from sim.scenario.loader import ScenarioError

    if derive is None:
        from sim.derive.api import derive
    try:
        derivation = derive([article], model=None)
    except DeriveError as exc:
        return Found(error=f"DeriveError: {exc}")
    except Exception:
        return Found(error=traceback.format_exc(limit=3), crashed=True)
    with tempfile.TemporaryDirectory(prefix="parley-score-") as tmp:
        out = Path(tmp) / "draft.yaml"
        try:
            write_draft(render_yaml(derivation.draft.scenario), out, derivation.documents)
        except ScenarioError as exc:
            return Found(error=f"draft does not validate: {exc}")
        finally:
            shutil.rmtree(Path(tmp) / "seeds", ignore_errors=True)
    mediators = getattr(derivation, "mediators", None) or []
    return reduce_draft(derivation.draft.scenario, [getattr(m, "name", m) for m in mediators])


# --------------------------------------------------------------------------- matching


def _assign(pairs: list[tuple[float, str | int, str | int]]) -> dict[str | int, str | int]:
    """One-to-one assignment, best score first: found item → key item."""
    taken: set[str | int] = set()
    out: dict[str | int, str | int] = {}
    for _, a, b in sorted(pairs, key=lambda p: (-p[0], str(p[1]), str(p[2]))):
        if a not in out and b not in taken:
            out[a] = b
            taken.add(b)
    return out


def match_bodies(found: dict[str, set[str]], key: dict[str, set[str]]) -> dict[str, str]:
    """Drafted party → key party, by shared names (see the module's docstring)."""
    pairs: list[tuple[float, str | int, str | int]] = []
    for name, names in found.items():
        for kname, knames in key.items():
            shared = len(names & knames)
            if shared:
                pairs.append((shared + (3 if norm(name) in knames else 0), name, kname))
    return {str(a): str(b) for a, b in _assign(pairs).items()}


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters shared by two spans when at least half the shorter one; else 0."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shortest = min(a[1] - a[0], b[1] - b[0])
    return shared if shared > 0 and shared * 2 >= shortest else 0


def match_issues(found: Found, key: Key) -> dict[str, str]:
    """Drafted issue → key issue (see the module's docstring)."""
    pairs: list[tuple[float, str | int, str | int]] = []
    for issue, spans in found.issues.items():
        for kissue, kspans in key.issue_spans.items():
            hits = sum(1 for ks in kspans if any(overlaps(s, ks) for s in spans))
            if not hits:
                continue
            knums = {n for o in key.issues[kissue] for n in numbers(o)}
            shared = len(knums & found.issue_numbers.get(issue, set()))
            pairs.append((hits + 0.5 * shared, issue, kissue))
    return {str(a): str(b) for a, b in _assign(pairs).items()}


@dataclass
class Score:
    """Counts for one article or one set of articles."""

    articles: int = 0
    errors: int = 0
    crashes: int = 0
    parties_key: int = 0
    parties_found: int = 0
    parties_hit: int = 0
    mediators_key: int = 0
    mediators_found: int = 0
    mediators_hit: int = 0
    issues_key: int = 0
    issues_found: int = 0
    issues_hit: int = 0
    lines_key: int = 0
    lines_found: int = 0
    lines_hit: int = 0
    lines_party_right: int = 0
    lines_issue_right: int = 0
    lines_kind_right: int = 0

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    def rates(self) -> dict[str, float | None]:
        """Recall, precision and accuracy figures (None where nothing was counted)."""
        s = self._share
        return {
            "parties recall": s(self.parties_hit, self.parties_key),
            "parties precision": s(self.parties_hit, self.parties_found),
            "mediators recall": s(self.mediators_hit, self.mediators_key),
            "mediators precision": s(self.mediators_hit, self.mediators_found),
            "issues recall": s(self.issues_hit, self.issues_key),
            "issues precision": s(self.issues_hit, self.issues_found),
            "red lines recall": s(self.lines_hit, self.lines_key),
            "red lines precision": s(self.lines_hit, self.lines_found),
            "red lines attribution": s(self.lines_party_right, self.lines_hit),
            "red lines issue": s(self.lines_issue_right, self.lines_hit),
            "red lines kind": s(self.lines_kind_right, self.lines_hit),
            "drafts that load": s(self.articles - self.errors, self.articles),
        }


def score(found: Found, key: Key) -> Score:
    """Compare what derive drafted for one article with its key."""
    out = Score(articles=1, errors=int(found.error is not None), crashes=int(found.crashed),
                parties_key=len(key.parties), mediators_key=len(key.mediators),
                issues_key=len(key.issues), lines_key=len(key.red_lines),
                parties_found=len(found.parties), mediators_found=len(found.mediators),
                issues_found=len(found.issues), lines_found=len(found.red_lines))
    parties = match_bodies(found.parties, key.parties)
    out.parties_hit = len(parties)
    out.mediators_hit = len(match_bodies(found.mediators, key.mediators))
    issues = match_issues(found, key)
    out.issues_hit = len(issues)
    pairs: list[tuple[float, str | int, str | int]] = []
    for k, line in enumerate(found.red_lines):
        for j, kline in enumerate(key.red_lines):
            shared = max((overlaps(s, kline.span) for s in line.spans), default=0)
            if shared:
                bonus = (parties.get(line.party) == kline.party) + (
                    issues.get(line.issue) == kline.issue)
                pairs.append((shared + 1000 * bonus, k, j))
    for k, j in _assign(pairs).items():
        line, kline = found.red_lines[int(k)], key.red_lines[int(j)]
        out.lines_hit += 1
        out.lines_party_right += parties.get(line.party) == kline.party
        out.lines_issue_right += issues.get(line.issue) == kline.issue
        out.lines_kind_right += line.kind == kline.kind
    return out


# --------------------------------------------------------------------------- the corpus


@dataclass
class Report:
    """Scores per set, per article (development detail only), and what went wrong."""

    sets: dict[str, Score]
    detail: dict[str, Score]
    """Development (and own) articles only."""
    errors: dict[str, str]
    """Article → error, for development (and own) articles; held-out ones are counted, not
    named."""
    crashes: dict[str, str]
    """Every article whose derive raised something other than a DeriveError (a traceback)."""


def score_corpus(derive: Callable[..., Any] | None = None,
                 only: str | None = None, folder: Path = CORPUS) -> Report:
    """Derive every article of the corpus and score it against its key.

    Args:
        derive: the derive function to score (the shipped one by default).
        only: score only the articles of this set ("development" while tuning, so that the
            held-out articles are not even run).
        folder: the corpus folder (`OWN` for derive's own test articles).
    """
    report = Report({s: Score() for s in SETS} if folder == CORPUS else {}, {}, {}, {})
    for article in articles(folder):
        key = read_key(article)
        if only is not None and key.set != only:
            continue
        found = derive_article(article, derive)
        result = score(found, key)
        report.sets.setdefault(key.set, Score()).add(result)
        open_set = key.set in OPEN_SETS
        if found.crashed:
            # A held-out article is named by its number only, and its error by where it
            # happened in the code, never by its message (which may quote the article).
            where = found.error if open_set else _where(found.error or "")
            report.crashes[article.name if open_set else
                           f"held-out {article.name[:2]}"] = where
        if open_set:
            report.detail[article.name] = result
            if found.error:
                report.errors[article.name] = found.error
    return report


def _where(error: str) -> str:
    """The exception's type and the innermost code location of a formatted traceback."""
    places = re.findall(r'File "([^"]+)", line (\d+)', error)
    kind = error.strip().splitlines()[-1].split(":")[0] if error.strip() else "?"
    return f"{kind} at {places[-1][0]}:{places[-1][1]}" if places else kind


def table(report: Report, detail: bool = False) -> str:
    """The report as plain text: one column per set (and per development article)."""
    columns = dict(report.sets)
    if detail:
        columns |= {name[:2]: s for name, s in report.detail.items()}
    rates = {name: s.rates() for name, s in columns.items()}
    width = max(len(r) for r in next(iter(rates.values())))
    head = f"{'':{width}}  " + "  ".join(f"{name:>11}" for name in columns)
    rows = [head]
    for metric in next(iter(rates.values())):
        cells = []
        for r in rates.values():
            value = r[metric]
            cells.append(f"{'-' if value is None else f'{value:.0%}':>11}")
        rows.append(f"{metric:{width}}  " + "  ".join(cells))
    rows += [
        f"{name}: parties {s.parties_hit}/{s.parties_key} (of {s.parties_found} drafted), "
        f"issues {s.issues_hit}/{s.issues_key} (of {s.issues_found}), "
        f"red lines {s.lines_hit}/{s.lines_key} (of {s.lines_found}), "
        f"errors {s.errors}, crashes {s.crashes}" for name, s in report.sets.items()]
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    folder = OWN if "--own" in argv else FRESH if "--held-out" in argv else CORPUS
    only = "development" if "--development" in argv else None
    report = score_corpus(only=only, folder=folder)
    print(table(report, detail="--detail" in argv))
    for name, error in report.errors.items():
        print(f"{name}: {error.splitlines()[0] if error else ''}")
    for name, where in report.crashes.items():
        print(f"{name} raised an unexpected exception: {where.strip().splitlines()[-1]}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent.parent))
    sys.exit(main(sys.argv[1:]))
