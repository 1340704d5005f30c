"""The numbers behind a class summary: every game side by side, and what to discuss.

A game's "player" is the side a person played (the transcript header's `humans`). Discussion
prompts are drawn from what actually happened, most striking first: soft red lines the deals
crossed, walk-outs, deals that left value on the table, issues the class split on, the side
that beat the scripted players by most, and the deal rate against the scripted one.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from sim.analysis.statistics import TIE_TOLERANCE
from sim.negotiation.injects import TEACHER, is_inject
from sim.report.baseline import Baseline
from sim.report.source import Source
from sim.transcript.ending import (
    ENDINGS,
    NO_DEAL,
    VotedDown,
    ending_label,
    voted_down,
    without_deal,
)
from sim.transcript.format import Record
from sim.transcript.provenance import abandoned_sides, is_simulated, stand_in_moves


@dataclass(frozen=True)
class Played:
    """One game of the class."""

    name: str
    sides: tuple[str, ...]
    """Sides played by people."""
    kind: str
    round: int
    deal: dict[str, str] | None
    utilities: dict[str, float]
    reservations: dict[str, float]
    pareto_efficient: bool | None
    walked_out: str | None
    soft_lines: tuple[tuple[str, str, str], ...]
    """(party, line, issue) of each soft red line the deal crosses."""
    simulated: bool = False
    """Whether a simulated student played it (a teacher's dry run), not a person."""
    voted_down: VotedDown | None = None
    """A deal every side accepted that a ratifying body rejected, none following it."""
    overspent: tuple[str, ...] = ()
    """Sides played by people that gave up more than their concession budget allowed."""
    seed: int = 0
    random_events: bool = True
    practice: bool = False
    """How the game was set up (checked against the class's roster)."""
    difficulty: str = "written"
    """How hard the scripted sides bargained (`sim.classroom.difficulty`)."""
    stand_ins: dict[str, int] = field(default_factory=dict)
    """Side → moves a class host's stand-in made for it (its student's time ran out)."""
    abandoned: tuple[str, ...] = ()
    """Sides whose student seems to have left: the stand-in made their last three moves."""
    injects: tuple[str, ...] = ()
    """Headlines of the news the teacher sent the table."""
    ended_by_teacher: bool = False
    """The teacher ended the game at a set time (it ended as at its deadline)."""
    stage: str | None = None
    """Staged talks: the title of the last stage played (the one that failed, when the
    talks never opened)."""

    @property
    def ending(self) -> str:
        """How the game ended in a few words."""
        return ending_label(self.kind, self.voted_down, self.ended_by_teacher)


@dataclass(frozen=True)
class SideResult:
    """How the students who played one side did."""

    side: str
    players: int
    class_mean: float
    baseline_mean: float
    best: tuple[str, ...]
    """The students (transcript names) who did best: more than one when they tie."""
    best_utility: float
    best_percentile: float

    @property
    def margin(self) -> float:
        """The best student's utility over the scripted players' mean."""
        return self.best_utility - self.baseline_mean

    @property
    def class_margin(self) -> float:
        """The side's class mean over the scripted players' mean."""
        return self.class_mean - self.baseline_mean


@dataclass(frozen=True)
class RosterCheck:
    """What the roster says of the games summarised."""

    source: str
    """The roster file."""
    students: int
    """Students on the roster."""
    missing: tuple[tuple[str, str, str], ...]
    """(student, side, why) of each student on the roster with no game in the summary."""
    problems: tuple[tuple[str, str], ...]
    """(game, what is wrong) of each game that does not match the roster."""


@dataclass(frozen=True)
class ClassSummary:
    """Everything the class summary page shows."""

    title: str
    parties: tuple[str, ...]
    issues: tuple[str, ...]
    games: tuple[Played, ...]
    distribution: dict[str, list[tuple[str, int]]]
    """Issue → (option label, deals choosing it) in option order, then ("no deal: ENDING",
    count) for each ending of the games without a deal (`sim.transcript.ending`)."""
    sides: tuple[SideResult, ...]
    prompts: tuple[str, ...]
    baseline: Baseline
    reservations: dict[str, float]
    """Each side's reservation value as the scenario sets it."""
    skipped: tuple[tuple[str, str], ...] = ()
    """(file, why) of each transcript given but left out of the summary."""
    roster: RosterCheck | None = None
    """The class's roster against the games, when a roster (`class.json`) was found."""

    @property
    def dry_run(self) -> bool:
        """Whether every game summarised was played by simulated students."""
        return bool(self.games) and all(g.simulated for g in self.games)

    @property
    def deals(self) -> int:
        """Games that ended in a deal."""
        return sum(1 for g in self.games if g.kind == "deal")


def played(records: list[Record], source: Source, name: str) -> Played:
    """One game's row, from its transcript."""
    from sim.report.debrief import budgets_after_events

    header, outcome = records[0], records[-1]
    game = source.game
    budgets = budgets_after_events(records, source)
    deal = outcome.get("deal")
    soft: list[tuple[str, str, str]] = []
    if deal:
        o = game.encode(deal)
        for party in game.parties:
            soft += [(party, line.describe(), next(iter(line.condition)))
                     for line in game.crossed_lines(party, o) if line.kind == "soft"]
    return Played(name=name, sides=tuple(header.get("humans", ())), kind=outcome["kind"],
                  round=int(outcome["round"]), deal=deal,
                  utilities={k: float(v) for k, v in outcome["utilities"].items()},
                  reservations={k: float(v) for k, v in outcome["reservations"].items()},
                  pareto_efficient=outcome.get("pareto_efficient"),
                  walked_out=outcome.get("walked_out"), soft_lines=tuple(soft),
                  simulated=is_simulated(header), voted_down=voted_down(records),
                  overspent=tuple(side for side in header.get("humans", ())
                                  if float(outcome["budget_spent"][side])
                                  > budgets[side] + 1e-9),
                  seed=int(header.get("seed", 0)),
                  random_events=header.get("random_events", True) is not False,
                  practice=header.get("practice") is True,
                  difficulty=str(header.get("difficulty", "written")),
                  stand_ins=stand_in_moves(records),
                  abandoned=tuple(abandoned_sides(records, header.get("humans", ()))),
                  injects=tuple(str(r.get("headline")) for r in records if is_inject(r)),
                  ended_by_teacher=outcome.get("ended_by") == TEACHER,
                  stage=next((str(r.get("title")) for r in reversed(records)
                              if r.get("type") == "stage"), None))


def build_summary(games: list[Played], source: Source, baseline: Baseline,
                  skipped: tuple[tuple[str, str], ...] = (),
                  roster: RosterCheck | None = None) -> ClassSummary:
    """The class summary of `games`, all played on `source`'s scenario; `skipped` lists the
    transcripts left out, with why, and `roster` what the class's roster says of the games."""
    game = source.game
    issues = game.scenario.issues
    distribution: dict[str, list[tuple[str, int]]] = {}
    # Games without a deal, by how they ended: a chart never calls talks that never opened
    # (or a walk-out) by the same name as talks that ran out of time.
    unsettled = Counter(g.ending for g in games if not g.deal)
    endings = [(without_deal(e), unsettled[e]) for e in ENDINGS if unsettled[e]]
    for n, issue in issues.items():
        chosen = Counter(g.deal[n] for g in games if g.deal)
        rows = [(issue.label(o), chosen[o]) for o in issue.option_names()]
        distribution[n] = [*rows, *endings]
    sides = tuple(_side_result(side, games, baseline) for side in game.parties
                  if any(side in g.sides for g in games))
    reservations = {p: float(game.reservation[k]) for k, p in enumerate(game.parties)}
    partial = ClassSummary(game.scenario.title, game.parties, game.issues, tuple(games),
                           distribution, sides, (), baseline, reservations, skipped, roster)
    return replace(partial, prompts=tuple(prompts(partial)[:3]))


def _side_result(side: str, games: list[Played], baseline: Baseline) -> SideResult:
    mine = [g for g in games if side in g.sides]
    top = max(g.utilities[side] for g in mine)
    best = tuple(sorted(g.name for g in mine
                        if g.utilities[side] >= top - TIE_TOLERANCE - 1e-12))
    return SideResult(side=side, players=len(mine),
                      class_mean=float(np.mean([g.utilities[side] for g in mine])),
                      baseline_mean=baseline.mean(side), best=best, best_utility=top,
                      best_percentile=baseline.percentile(side, top))


def prompts(s: ClassSummary) -> list[str]:
    """Every discussion prompt the class's games support, most striking first."""
    out: list[str] = []
    unopened = [g for g in s.games if g.kind == "never_opened"]
    if unopened:
        out.append(f"In {len(unopened)} of {len(s.games)} games the talks never opened: an "
                   "earlier stage ended without agreement. Which precondition blocked them, "
                   "and who could have given ground on it at what cost in the settlement?")
    deals = [g for g in s.games if g.deal]
    crossed = Counter((p, line, issue) for g in deals for p, line, issue in set(g.soft_lines))
    if crossed:
        (party, line, issue), n = crossed.most_common(1)[0]
        out.append(f"On {issue}, {n} of {len(deals)} deals crossed {party}'s soft red line "
                   f"\"{line}\". What did {party} get in exchange for paying that cost, and "
                   "was it worth it?")
    rejected = Counter(g.voted_down.words() for g in s.games if g.voted_down is not None)
    if rejected:
        body, n = rejected.most_common(1)[0]
        out.append(f"In {n} of {len(s.games)} games every side accepted a deal that {body} "
                   "then voted down, and no other deal followed. Could the negotiators have "
                   "seen it coming, and what would have got a deal through?")
    walked = Counter(g.walked_out for g in s.games if g.kind == "walk_out" and g.walked_out)
    if walked:
        who, n = walked.most_common(1)[0]
        out.append(f"{who} walked out in {n} of {len(s.games)} games. What pushed them to "
                   "leave, and what would have kept them at the table?")
    wasteful = [g for g in deals if g.pareto_efficient is False]
    if wasteful:
        out.append(f"{len(wasteful)} of {len(deals)} deals were not Pareto-efficient: another "
                   "outcome was better for some side and worse for none. Why did no one "
                   "propose it?")
    split = _most_split(s, deals)
    if split is not None:
        issue, shares = split
        out.append(f"The class split on {issue}: {shares}. Which arguments moved it one way "
                   "or the other?")
    if s.sides:
        top = max(s.sides, key=lambda r: (r.class_margin, r.side))
        low = min(s.sides, key=lambda r: (r.class_margin, r.side))
        out.append(f"Students playing {top.side} averaged {top.class_margin:+.2f} against "
                   f"scripted players; {low.side} {low.class_margin:+.2f}. What did the "
                   f"{top.side} players do that the others did not?")
    rate = s.baseline.deals / s.baseline.runs if s.baseline.deals >= 0 else math.nan
    scripted = f"scripted players in {rate:.0%} of games" if rate == rate else "scripted players"
    out.append(f"The class reached a deal in {len(deals)} of {len(s.games)} games; "
               f"{scripted}. What made agreement easier or harder for people?")
    return out


def _most_split(s: ClassSummary, deals: list[Played]) -> tuple[str, str] | None:
    if len(deals) < 2:
        return None
    best: tuple[float, str] | None = None
    for issue in s.issues:
        counts = np.array([n for label, n in s.distribution[issue]
                           if not label.startswith(NO_DEAL)], float)
        p = counts[counts > 0] / counts.sum()
        entropy = float(-(p * np.log(p)).sum())
        if entropy > 0 and (best is None or entropy > best[0]):
            best = (entropy, issue)
    if best is None:
        return None
    issue = best[1]
    shares = ", ".join(f"{label} ({n})" for label, n in s.distribution[issue]
                       if n and not label.startswith(NO_DEAL))
    return issue, shares
