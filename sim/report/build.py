"""From transcript files to finished pages: the steps `parley report` and `class-summary` run."""

from __future__ import annotations

import os
from pathlib import Path

from sim.report.baseline import BASELINE_RUNS, Baseline, computed_baseline, read_batch
from sim.report.class_summary import ClassSummary, Played, build_summary, played
from sim.report.class_summary_page import render_summary
from sim.report.debrief import Debrief, build_debrief
from sim.report.debrief_page import render_debrief
from sim.report.source import ScenarioMismatch, Source, scenario_for
from sim.report.verify import check_replays
from sim.transcript.check import check_records
from sim.transcript.format import Record, read_transcript

PathLike = str | os.PathLike[str]


def _baseline(source: Source, header: Record, batch: PathLike | None, runs: int) -> Baseline:
    events = header.get("random_events", True) is not False
    if batch is not None:
        return read_batch(batch, source.game, protocol=header.get("protocol"),
                          random_events=events)
    return computed_baseline(source.game, protocol=header.get("protocol"), runs=runs,
                             random_events=events)


def debrief(transcript: PathLike, scenario: PathLike | None = None,
            batch: PathLike | None = None, runs: int = BASELINE_RUNS) -> Debrief:
    """The debrief of one transcript file.

    Raises:
        TranscriptError, ScenarioMismatch, BatchFileError: with a message naming the file.
    """
    records = read_transcript(transcript)
    source = scenario_for(records[0], scenario, transcript)
    check_records(records, source.game, transcript)
    check_replays(records, source, transcript)
    return build_debrief(records, source, _baseline(source, records[0], batch, runs),
                         Path(transcript).stem)


def debrief_html(transcript: PathLike, scenario: PathLike | None = None,
                 batch: PathLike | None = None, runs: int = BASELINE_RUNS) -> str:
    """The debrief page of one transcript file."""
    return render_debrief(debrief(transcript, scenario, batch, runs))


def summary(transcripts: list[PathLike], scenario: PathLike | None = None,
            batch: PathLike | None = None, runs: int = BASELINE_RUNS) -> ClassSummary:
    """The summary of a class's transcripts, which must all be of one scenario.

    Raises:
        TranscriptError, ScenarioMismatch, BatchFileError: with a message naming the file.
    """
    if not transcripts:
        raise ValueError("no transcripts given")
    loaded = [(Path(t), read_transcript(t)) for t in transcripts]
    first_path, first = loaded[0]
    source = scenario_for(first[0], scenario, first_path)
    for path, records in loaded[1:]:
        if records[0].get("scenario_hash") != first[0].get("scenario_hash"):
            raise ScenarioMismatch(
                f"{path}: was played on '{records[0].get('scenario')}', not on the scenario "
                f"of {first_path} ('{first[0].get('scenario')}')")
    games = []
    for path, records in loaded:
        check_records(records, source.game, path)
        check_replays(records, source, path)
        games.append(played(records, source, path.stem))
    games, skipped = _apart(games)
    return build_summary(games, source, _baseline(source, first[0], batch, runs), skipped)


def _apart(games: list[Played]) -> tuple[list[Played], tuple[tuple[str, str], ...]]:
    """Simulated students' games never stand beside real ones: with any real game given, the
    simulated ones are left out (and listed); given only simulated ones, it is a dry run."""
    real = [g for g in games if not g.simulated]
    if not real or len(real) == len(games):
        return games, ()
    return real, tuple((g.name, "played by a simulated student (a dry run), not a person")
                       for g in games if g.simulated)


def summary_html(transcripts: list[PathLike], scenario: PathLike | None = None,
                 batch: PathLike | None = None, runs: int = BASELINE_RUNS) -> str:
    """The class summary page of `transcripts`."""
    return render_summary(summary(transcripts, scenario, batch, runs))
