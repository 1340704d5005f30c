"""From transcript files to finished pages: the steps `parley report` and `class-summary` run."""

from __future__ import annotations

import os
from pathlib import Path

from sim.report.baseline import BASELINE_RUNS, Baseline, computed_baseline, read_batch
from sim.report.class_summary import ClassSummary, Played, RosterCheck, build_summary, played
from sim.report.class_summary_page import render_summary
from sim.report.debrief import Debrief, build_debrief
from sim.report.debrief_page import render_debrief
from sim.report.roster import check_roster
from sim.report.source import ScenarioMismatch, Source, scenario_for
from sim.report.verify import check_replays
from sim.transcript.check import check_records
from sim.transcript.format import Record, TranscriptError, read_transcript

PathLike = str | os.PathLike[str]


def _baseline(source: Source, header: Record, batch: PathLike | None, runs: int) -> Baseline:
    events = header.get("random_events", True) is not False
    # Staged talks: `protocol` names the first stage's; only an override applies to all.
    protocol = header.get("protocol_override") if header.get("stages") else header.get(
        "protocol")
    if batch is not None:
        return read_batch(batch, source.game, protocol=protocol, random_events=events)
    return computed_baseline(source.game, protocol=protocol, runs=runs, random_events=events)


def checked(transcript: PathLike,
            scenario: PathLike | None = None) -> tuple[list[Record], Source]:
    """A transcript's records and scenario, once every check a report makes has passed: its
    form, its scenario (by content hash), its fit to the game, and that replaying the game
    gives back every line. `parley report`, `class-summary` and `replay` all refuse the same.

    Raises:
        TranscriptError, ScenarioMismatch: naming the file (and line) at fault.
    """
    records = read_transcript(transcript)
    source = scenario_for(records[0], scenario, transcript)
    check_records(records, source.game, transcript)
    check_replays(records, source, transcript)
    return records, source


def debrief(transcript: PathLike, scenario: PathLike | None = None,
            batch: PathLike | None = None, runs: int = BASELINE_RUNS) -> Debrief:
    """The debrief of one transcript file.

    Raises:
        TranscriptError, ScenarioMismatch, BatchFileError: with a message naming the file.
    """
    records, source = checked(transcript, scenario)
    return build_debrief(records, source, _baseline(source, records[0], batch, runs),
                         Path(transcript).stem)


def debrief_html(transcript: PathLike, scenario: PathLike | None = None,
                 batch: PathLike | None = None, runs: int = BASELINE_RUNS) -> str:
    """The debrief page of one transcript file."""
    return render_debrief(debrief(transcript, scenario, batch, runs))


def summary(transcripts: list[PathLike], scenario: PathLike | None = None,
            batch: PathLike | None = None, runs: int = BASELINE_RUNS,
            roster: PathLike | None = None) -> ClassSummary:
    """The summary of a class's transcripts.

    A transcript that cannot be graded (damaged, edited, unfinished, of another scenario or
    other rules) does not block the rest: it is left out and listed with the reason, line
    included. The class's roster (`class.json`, given or found beside the transcripts'
    folder) lists the students with no game and the games played with another seed, side or
    setting than their command gives.

    Raises:
        TranscriptError, ScenarioMismatch: no transcript at all could be summarised (the
            reasons of each).
        BatchFileError: the batch cannot serve as the baseline.
    """
    if not transcripts:
        raise ValueError("no transcripts given")
    skipped: list[tuple[str, str]] = []
    loaded: list[tuple[Path, list[Record]]] = []
    for t in transcripts:
        try:
            records = read_transcript(t)
        except TranscriptError as exc:
            skipped.append((Path(t).stem, str(exc)))
            continue
        twice = _counted_already(Path(t), records, loaded)
        if twice is not None:
            skipped.append((Path(t).stem, twice))
        else:
            loaded.append((Path(t), records))
    source, first = _source(loaded, scenario, skipped)
    games = []
    for path, records in loaded:
        if records[0].get("scenario_hash") != first[0].get("scenario_hash"):
            skipped.append((path.stem, f"{path}: was played on '{records[0].get('scenario')}', "
                            f"not on the scenario of the others ('{first[0].get('scenario')}')"))
            continue
        try:
            check_records(records, source.game, path)
            check_replays(records, source, path)
        except TranscriptError as exc:
            skipped.append((path.stem, str(exc)))
            continue
        games.append(played(records, source, path.stem))
    games, apart = _apart(games)
    skipped += apart
    if not games:
        raise TranscriptError("no game could be summarised: "
                              + "; ".join(why for _, why in skipped))
    kept = next(records for path, records in loaded if path.stem == games[0].name)
    check = _roster(roster, transcripts, games, tuple(skipped), source)
    return build_summary(games, source, _baseline(source, kept[0], batch, runs),
                         tuple(skipped), check)


def _counted_already(path: Path, records: list[Record],
                     loaded: list[tuple[Path, list[Record]]]) -> str | None:
    """Why the game in `path` is already among `loaded` (None when it is not): the same file
    named twice (or by two paths), or a copy of another file. A game is counted once."""
    for other, _records in loaded:
        try:
            same = path.resolve() == other.resolve() or os.path.samefile(path, other)
        except OSError:
            same = False
        if same:
            return (f"{path}: the same file as {other}, named twice; its game is counted "
                    "once")
    for other, theirs in loaded:
        if theirs == records:
            return (f"{path}: the same game as {other}, record for record (a copy); it is "
                    "counted once")
    return None


def _source(loaded: list[tuple[Path, list[Record]]], scenario: PathLike | None,
            skipped: list[tuple[str, str]]) -> tuple[Source, list[Record]]:
    """The scenario of the first transcript whose scenario is found (and its records)."""
    problems: list[str] = []
    for path, records in loaded:
        try:
            return scenario_for(records[0], scenario, path), records
        except ScenarioMismatch as exc:
            problems.append(str(exc))
    reasons = [why for _, why in skipped] + problems
    raise ScenarioMismatch("no game could be summarised: " + "; ".join(reasons)
                           if reasons else "no transcripts given")


def _roster(roster: PathLike | None, transcripts: list[PathLike], games: list[Played],
            skipped: tuple[tuple[str, str], ...], source: Source) -> RosterCheck | None:
    """The roster check, from `roster` or the pack the first transcript lies in."""
    from sim.classroom.pack import MANIFEST, pack_of, read_manifest
    from sim.scenario.loader import scenario_hash

    if roster is not None:
        manifest = read_manifest(roster)
        if manifest is None:
            raise ValueError(f"{roster}: not a class roster (a pack's class.json)")
        where = str(roster)
    else:
        found = pack_of(transcripts[0])
        if found is None:
            return None
        where, manifest = str(found[0] / MANIFEST), found[1]
    return check_roster(manifest, where, games, skipped, scenario_hash(source.game.scenario))


def _apart(games: list[Played]) -> tuple[list[Played], tuple[tuple[str, str], ...]]:
    """Simulated students' games never stand beside real ones: with any real game given, the
    simulated ones are left out (and listed); given only simulated ones, it is a dry run."""
    real = [g for g in games if not g.simulated]
    if not real or len(real) == len(games):
        return games, ()
    return real, tuple((g.name, "played by a simulated student (a dry run), not a person")
                       for g in games if g.simulated)


def summary_html(transcripts: list[PathLike], scenario: PathLike | None = None,
                 batch: PathLike | None = None, runs: int = BASELINE_RUNS,
                 roster: PathLike | None = None) -> str:
    """The class summary page of `transcripts`."""
    return render_summary(summary(transcripts, scenario, batch, runs, roster))
