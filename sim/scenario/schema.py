"""The scenario format: pydantic models that are both the schema and its documentation.

A scenario file reads like a brief: issues with their options, parties with what they care
about, their red lines and how far they can bend, the rules of the table, and the events that
can shift the game. Every party-level parameter carries its evidence: a quote from a seed
document (file, character span, exact words) or an explicit assumption with its reason.

Structure and ranges are checked here; cross-references (does this option exist, does that
quote sit at that span) are checked in `sim.scenario.checks`, and `sim.scenario.loader`
ties both to file lines.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import sys
from collections.abc import Mapping
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Name = Annotated[str, Field(min_length=1, max_length=80)]


class Strict(BaseModel):
    """Base for every scenario model: unknown keys are errors and loaded scenarios are frozen.

    Validators are built when first used (`defer_build`), so one build of `Scenario` covers
    every model it holds; the docstring under each field becomes its description once this
    module has been read (`_describe_fields`, at the end).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True,
                              allow_inf_nan=False)


# --------------------------------------------------------------------------- evidence


class Quote(Strict):
    """Evidence taken from a seed document: the exact words and where they stand."""

    seed: str
    """File name of the seed document, as listed in the scenario's `seeds`."""
    span: tuple[int, int]
    """Start and end character offsets in the seed's text (Python string indices)."""
    quote: str = Field(min_length=1)
    """The exact text `seed_text[start:end]`; a test checks it."""
    reads_as: str | None = None
    """How `parley derive` read the quote (e.g. "red line", "demand or condition"); optional."""
    firmness: Fraction | None = None
    """How firm `parley derive` judged the wording, 0 (soft) to 1 (unyielding); optional."""

    @field_validator("span")
    @classmethod
    def _ordered(cls, span: tuple[int, int]) -> tuple[int, int]:
        start, end = span
        if start < 0 or end <= start:
            raise ValueError(f"span [{start}, {end}] must have 0 <= start < end")
        return span


class Assumption(Strict):
    """A parameter the sources do not settle: the modeller says so and why."""

    assumption: str = Field(min_length=3)
    """Why this value was chosen."""


Evidence = Quote | Assumption
"""Where a parameter comes from."""

Because = Evidence | list[Evidence]
"""One piece of evidence or several."""


def evidence_list(because: Because | None) -> list[Evidence]:
    """Flatten a `because` field into a list."""
    if because is None:
        return []
    return list(because) if isinstance(because, list) else [because]


# --------------------------------------------------------------------------- issues


class NumericRange(Strict):
    """A numeric issue split into evenly spaced steps, e.g. a tariff from 0 to 25 %."""

    start: float
    """Value of the first option."""
    stop: float
    """Value of the last option."""
    steps: int = Field(ge=2, le=21)
    """How many options, both ends included."""
    unit: str = ""
    """Shown after each value, e.g. `%` or `km`."""

    def values(self) -> list[float]:
        """The option values, first to last."""
        gap = (self.stop - self.start) / (self.steps - 1)
        return [round(self.start + k * gap, 6) for k in range(self.steps)]


class Issue(Strict):
    """A question on the table with ordered, labelled options."""

    question: str = Field(min_length=3)
    """The question in plain words, as a student would ask it."""
    options: list[Name] = Field(default_factory=list)
    """Option identifiers, in a meaningful order (e.g. from one side's ideal to the other's)."""
    labels: dict[str, str] = Field(default_factory=dict)
    """Optional readable label per option; the identifier is shown where none is given."""
    range: NumericRange | None = None
    """A numeric issue instead of listed options; options are generated from it."""
    because: Because | None = None
    """Why this question is on the table."""

    @model_validator(mode="after")
    def _options_or_range(self) -> Issue:
        if self.range is not None and self.options:
            raise ValueError("give either `options` or `range`, not both")
        opts = self.option_names()
        if len(opts) < 2:
            raise ValueError("an issue needs at least two options")
        if len(set(opts)) != len(opts):
            dup = sorted({o for o in opts if opts.count(o) > 1})
            raise ValueError(f"options repeat: {', '.join(dup)}")
        return self

    def option_names(self) -> list[str]:
        """Option identifiers, including those generated from a numeric range."""
        if self.range is not None:
            return [_fmt_number(v) for v in self.range.values()]
        return list(self.options)

    def label(self, option: str) -> str:
        """Readable label of one option."""
        if option in self.labels:
            return self.labels[option]
        if self.range is not None:
            return f"{option}{self.range.unit}"
        return option.replace("_", " ")


def _fmt_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# --------------------------------------------------------------------------- parties


class Linear(Strict):
    """Utilities that run in a straight line from the first option to the last."""

    linear: tuple[Fraction, Fraction]
    """Utility of the first and of the last option."""


OptionValues = dict[str, Fraction] | Linear
"""Utility (0 to 1) of each option of one issue, or a straight line across them."""


class RedLine(Strict):
    """An outcome a party will never accept (`hard`) or accepts only at a cost (`soft`).

    The condition maps issues to the options that cross the line; an outcome crosses it
    when, on every issue named, its option is one of those listed. One issue makes a
    single-option line; several issues make a combination ("not X together with Y").
    """

    hard: dict[str, list[str]] | None = None
    """Condition of a line the party never crosses."""
    soft: dict[str, list[str]] | None = None
    """Condition of a line the party crosses only at `cost`."""
    cost: Fraction | None = None
    """Utility a soft line costs when crossed (not allowed on hard lines)."""
    public: bool = True
    """Whether the other sides know of this line; scripted proposers avoid public lines."""
    label: str = ""
    """Short name shown to players, e.g. "no return to the 1991 borders"."""
    because: Because
    """Why the party holds this line."""

    @model_validator(mode="after")
    def _one_kind(self) -> RedLine:
        if (self.hard is None) == (self.soft is None):
            raise ValueError("a red line is either `hard:` or `soft:`, exactly one of them")
        if self.hard is not None and self.cost is not None:
            raise ValueError("a hard red line has no `cost`: it is never crossed")
        if self.soft is not None and self.cost is None:
            raise ValueError("a soft red line needs a `cost` (utility lost when crossed)")
        if not self.condition:
            raise ValueError("a red line must name at least one issue")
        for issue, options in self.condition.items():
            if not options:
                raise ValueError(f"red line on '{issue}' lists no options")
        return self

    @property
    def kind(self) -> Literal["hard", "soft"]:
        """`hard` or `soft`."""
        return "hard" if self.hard is not None else "soft"

    @property
    def condition(self) -> dict[str, list[str]]:
        """Issue → options that cross the line."""
        return self.hard if self.hard is not None else (self.soft or {})

    def crossed_by(self, choice: Mapping[str, str]) -> bool:
        """Whether an outcome (issue → option) crosses this line."""
        return all(choice[issue] in options for issue, options in self.condition.items())

    def describe(self) -> str:
        """The line in words: its label, or its condition."""
        if self.label:
            return self.label
        parts = [f"{issue} = {' or '.join(opts)}" for issue, opts in self.condition.items()]
        return " and ".join(parts)


Pace = Literal["boulware", "linear", "conceder"]

PACE_EXPONENT: dict[str, float] = {"boulware": 0.2, "linear": 1.0, "conceder": 3.0}
"""Exponent `e` of the time-based concession curve `(t/T)^(1/e)` for each named pace."""


class Budget(Strict):
    """How far below its ideal a party can go over the whole game, and how fast."""

    total: Fraction
    """Most utility the party may give up from its ideal outcome."""
    pace: Pace | Annotated[float, Field(gt=0.01, le=50.0)] = "linear"
    """`boulware` (holds out, concedes late), `linear`, `conceder` (gives early), or an exponent."""

    @property
    def exponent(self) -> float:
        """The pace as the exponent `e` of the concession curve."""
        return PACE_EXPONENT[self.pace] if isinstance(self.pace, str) else float(self.pace)


Strategy = Literal["time_based", "tit_for_tat", "hardliner"]
"""How a scripted party negotiates (see `sim.actors.strategies`)."""

STRATEGIES: tuple[Strategy, ...] = get_args(Strategy)
"""The strategy names; a name's place here is its code in the engine's arrays."""


class Ratification(Strict):
    """A second level: a parliament or public that must still approve a deal."""

    body: str = Field(min_length=2)
    """Who ratifies, e.g. "Verkhovna Rada" or "referendum"."""
    min_utility: Fraction = 0.0
    """A deal worth less than this to the party is always rejected."""
    probability: Fraction = 1.0
    """Chance that a deal above `min_utility` is approved."""
    because: Because
    """Why this step exists and where its numbers come from."""


class Style(Strict):
    """How a scripted party reads the table. The defaults are Parley's own assumptions
    (documented in `sim.actors.strategies`); a scenario changes them only with evidence."""

    responsiveness: Fraction = 0.3
    """How far the others' concessions set the party's pace: 0 keeps to its own schedule,
    1 concedes exactly as much as the others have (in their own terms)."""
    sharpness: Annotated[float, Field(ge=1.0, le=1000.0)] = 12.0
    """Bounded-rational acceptance: the chance of accepting an offer a gap `g` below the
    round's target is `2 / (1 + exp(sharpness * g))`. High values accept only what meets
    the target; low values settle for a little less more often."""


PARTY_EVIDENCE = ("cares", "values", "reservation", "budget", "strategy")
"""Party parameters that must each carry evidence in the party's `because` map."""

EVIDENCE_WHEN_SET = ("delay_cost", "acts_with", "style")
"""Party parameters with defaults that need evidence only when a scenario sets them."""


class Party(Strict):
    """A side at the table: what it wants, what it will never accept, how far it can bend."""

    aliases: list[str] = Field(default_factory=list)
    """Other names for the party in the sources (people, capitals, institutions)."""
    position: str = ""
    """The party's public position in a sentence or two, shown to every player."""
    cares: dict[str, Fraction]
    """Salience: how much each issue matters to the party; the weights sum to 1."""
    values: dict[str, OptionValues]
    """Utility (0 to 1) of each option, for every issue the party cares about."""
    reservation: Fraction
    """What no deal is worth to the party (its BATNA); it refuses deals worth less."""
    red_lines: list[RedLine] = Field(default_factory=list)
    """Outcomes the party never accepts (hard) or accepts only at a cost (soft)."""
    budget: Budget
    """Concession budget: how far below its ideal it can go, and at what pace."""
    strategy: Strategy = "time_based"
    """How the party negotiates when no person plays it."""
    ratification: Ratification | None = None
    """A body that must approve a deal before it stands for this party."""
    delay_cost: Annotated[float, Field(ge=0.0, le=0.2)] = 0.0
    """Cost of no agreement per round (war, sanctions, markets, an election): what no deal
    is worth to the party falls by this much every round the talks go on."""
    acts_with: list[Name] = Field(default_factory=list)
    """Parties it acts together with: it rejects any text that crosses one of their public
    hard red lines, and says so."""
    style: Style = Field(default_factory=Style)
    """How the party reads the table when no person plays it."""
    because: dict[str, Because]
    """Evidence for `cares`, `values`, `reservation`, `budget` and `strategy`, and for
    `delay_cost`, `acts_with` and `style` when they are set (keys as named)."""

    @model_validator(mode="after")
    def _evidence_for_every_parameter(self) -> Party:
        needed = [*PARTY_EVIDENCE, *(k for k in EVIDENCE_WHEN_SET if k in self.model_fields_set)]
        missing = [key for key in needed if key not in self.because]
        if missing:
            raise ValueError(
                "every parameter needs evidence (a quote or an assumption); "
                f"`because` lacks: {', '.join(missing)}"
            )
        known = (*PARTY_EVIDENCE, *EVIDENCE_WHEN_SET, "position")
        unknown = [k for k in self.because if k not in known]
        if unknown:
            raise ValueError(
                f"`because` has unknown keys {', '.join(unknown)}; "
                f"expected {', '.join(known)}"
            )
        return self


# --------------------------------------------------------------------------- rules


class Consent(Strict):
    """Whose "yes" a deal needs."""

    required: list[Name]
    """Parties that must all accept for a deal to stand."""
    at_least: int | None = Field(default=None, ge=1)
    """Also require at least this many accepting parties in all (required ones included)."""
    because: Because
    """Where the rule comes from."""


class Protocol(Strict):
    """How rounds run."""

    kind: Literal["alternating", "mediated"] = "alternating"
    """`alternating`: proposers take turns and the others answer. `mediated`: one text,
    tabled and revised by a mediator from the objections."""
    deadline: int = Field(ge=2, le=500)
    """Rounds before the talks end without a deal."""
    mediator: str | None = None
    """For `mediated`: the party that mediates, or none for a neutral broker."""
    first: str | None = None
    """Who proposes first; none draws the first proposer from the run's seed."""
    because: Because | None = None
    """Where the rules come from."""


# --------------------------------------------------------------------------- events


class _EventBase(Strict):
    at: int | None = Field(default=None, ge=0)
    """The round in which the event happens."""
    between: tuple[int, int] | None = None
    """Instead of `at`: a round drawn from the seed in this range (both ends included)."""
    chance: Fraction = 1.0
    """Probability, drawn from the seed, that the event happens at all."""
    party: Name
    """The party it affects."""
    headline: str = ""
    """What players read when it happens."""
    because: Because
    """Why this event is in the game."""

    @model_validator(mode="after")
    def _when(self) -> _EventBase:
        if (self.at is None) == (self.between is None):
            raise ValueError("an event needs exactly one of `at: ROUND` or `between: [FROM, TO]`")
        if self.between is not None and not 0 <= self.between[0] <= self.between[1]:
            raise ValueError(f"`between` {list(self.between)} must be [FROM, TO] with FROM <= TO")
        return self


class ShiftReservation(_EventBase):
    """The party's alternative to a deal gets better or worse (e.g. a battlefield shift)."""

    kind: Literal["shift_reservation"]
    """Which kind of event this is."""
    by: Annotated[float, Field(ge=-1, le=1)]
    """Change to the reservation value."""


class ShiftBudget(_EventBase):
    """Pressure at home widens (or narrows) how far the party can bend."""

    kind: Literal["shift_budget"]
    """Which kind of event this is."""
    by: Annotated[float, Field(ge=-1, le=1)]
    """Change to the concession budget's total."""


class ShiftValue(_EventBase):
    """The party values one option more or less than before."""

    kind: Literal["shift_value"]
    """Which kind of event this is."""
    issue: Name
    """Issue of the option."""
    option: Name
    """The option whose utility changes."""
    by: Annotated[float, Field(ge=-1, le=1)]
    """Change to that option's utility (kept within 0 and 1)."""


class WalkOut(_EventBase):
    """The party leaves the table for good."""

    kind: Literal["walk_out"]
    """Which kind of event this is."""


Event = Annotated[
    ShiftReservation | ShiftBudget | ShiftValue | WalkOut, Field(discriminator="kind")
]
"""Something that changes the game mid-way, on a schedule or by chance."""

EVENT_KINDS: tuple[str, ...] = tuple(get_args(model.model_fields["kind"].annotation)[0]
                                     for model in get_args(get_args(Event)[0]))
"""The event kinds (`shift_reservation`, ...), as the event models above name them."""


# --------------------------------------------------------------------------- uncertainty


class Uncertainty(Strict):
    """How uncertain the parameters are, for Monte Carlo batches (`parley batch`).

    Example: `level: 0.05` and `vary: {Russia.reservation: "uniform(0.30, 0.45)",
    "*.strategy": "choice(time_based, hardliner)"}`. Single games ignore this block.
    """

    level: Annotated[float, Field(ge=0.0, le=0.5)] | None = None
    """Every party's reservation value and budget drawn within ± this much of its value."""
    vary: dict[str, str] = Field(default_factory=dict)
    """Parameter path → distribution, as `--vary PATH=DIST` takes them: paths `PARTY.reservation`,
    `PARTY.budget`, `PARTY.pace`, `PARTY.strategy`, `PARTY.cares.ISSUE`,
    `PARTY.values.ISSUE.OPTION` (`*` for every party); distributions `uniform(LOW, HIGH)`,
    `normal(MEAN, SD)`, `triangular(LOW, MODE, HIGH)`, `around(SPREAD)`, `choice(A, B, ...)`."""
    because: Because | None = None
    """Where the ranges come from."""


# --------------------------------------------------------------------------- stages


NEUTRAL = "neutral"
"""What a carry-over rule's `mediator` says to admit a neutral broker rather than a party."""

STAGE_PARTY_FIELDS = ("cares", "reservation", "budget", "delay_cost", "strategy")
"""A party's parameters that a stage may set for itself (each with its own evidence)."""


class StageParty(Strict):
    """How a party plays one stage, where that differs from its numbers in the scenario.

    What no agreement in this stage is worth to it (say, talks never opening), how far it
    bends here, which of this stage's issues matter to it. Each number set needs evidence."""

    cares: dict[str, Fraction] | None = None
    """Salience over this stage's issues (sums to 1); without it, the party's own weights
    on the issues at this stage's table, scaled to sum to 1."""
    reservation: Fraction | None = None
    """What no agreement in this stage is worth to the party, on this stage's scale."""
    budget: Budget | None = None
    """Concession budget in this stage."""
    delay_cost: Annotated[float, Field(ge=0.0, le=0.2)] | None = None
    """Cost of no agreement per round of this stage."""
    strategy: Strategy | None = None
    """How the party negotiates in this stage when no person plays it."""
    because: dict[str, Because] = Field(default_factory=dict)
    """Evidence for each number set here (keys as named)."""

    @model_validator(mode="after")
    def _evidence_for_every_number(self) -> StageParty:
        set_here = [k for k in STAGE_PARTY_FIELDS if getattr(self, k) is not None]
        missing = [k for k in set_here if k not in self.because]
        if missing:
            raise ValueError("every number a stage sets needs evidence (a quote or an "
                             f"assumption); `because` lacks: {', '.join(missing)}")
        unknown = [k for k in self.because if k not in set_here]
        if unknown:
            raise ValueError(f"`because` has keys for numbers this stage does not set: "
                             f"{', '.join(unknown)}")
        return self


class Shift(Strict):
    """A change to a party's numbers in every later stage."""

    reservation: Annotated[float, Field(ge=-1, le=1)] = 0.0
    """Change to what no deal is worth (kept within 0 and 1)."""
    budget: Annotated[float, Field(ge=-1, le=1)] = 0.0
    """Change to the concession budget (kept within 0 and 1)."""
    delay_cost: Annotated[float, Field(ge=-0.2, le=0.2)] = 0.0
    """Change to the cost of delay per round (kept within 0 and 0.2): a ceasefire agreed
    first lowers it."""


class Carry(Strict):
    """What an agreement in this stage carries into the stages after it.

    It applies when the stage's agreement settles the options named in `when`."""

    when: dict[str, list[str]]
    """The agreement this rule is about: issue → options; it applies when, on every issue
    named, the agreed option is one of those listed (as a red line's condition reads)."""
    fix: dict[str, str] = Field(default_factory=dict)
    """Issues of later stages settled by it: issue → the option it is fixed at."""
    leave: list[Name] = Field(default_factory=list)
    """Parties that no longer sit at the table in later stages."""
    no_veto: list[Name] = Field(default_factory=list)
    """Parties that stay at the table in later stages but whose yes a deal no longer needs
    (say, a side that is consulted but cannot block)."""
    mediator: Name | None = None
    """A party admitted to chair the later stages as mediator (or `neutral` for a neutral
    broker): they run under the single-text protocol."""
    shift: dict[str, Shift] = Field(default_factory=dict)
    """Party → how its numbers change in later stages."""
    label: str = ""
    """What it means, in a sentence players read when it happens."""
    because: Because
    """Why the agreement has this consequence."""

    @model_validator(mode="after")
    def _does_something(self) -> Carry:
        if not self.when:
            raise ValueError("`when` must name at least one issue")
        for issue, options in self.when.items():
            if not options:
                raise ValueError(f"`when` lists no options for '{issue}'")
        if not (self.fix or self.leave or self.no_veto or self.mediator or self.shift):
            raise ValueError("a carry-over rule needs at least one of `fix`, `leave`, "
                             "`no_veto`, `mediator` or `shift`")
        return self


class Stage(Strict):
    """One stage of staged talks, with its own issues, deadline, consent rule and protocol.

    Say, talks about talks, then the settlement. A stage that ends without agreement ends the
    game: the talks never opened."""

    id: Name
    """Short identifier, e.g. `pre_talks` (batch columns and transcripts use it)."""
    title: str = Field(min_length=3)
    """Its name as players read it, e.g. "Talks about talks"."""
    summary: str = ""
    """What this stage is about, for the briefs."""
    issues: list[Name] = Field(min_length=1)
    """The scenario's issues negotiated here; an issue agreed in an earlier stage is fixed
    here at what was agreed."""
    protocol: Protocol | None = None
    """How this stage's rounds run (default: the scenario's `protocol`)."""
    consent: Consent | None = None
    """Whose yes this stage's agreement needs (default: the scenario's `consent`)."""
    absent: list[Name] = Field(default_factory=list)
    """Parties not at this stage's table (they neither table nor answer; their yes is not
    needed)."""
    parties: dict[str, StageParty] = Field(default_factory=dict)
    """Party → the numbers it plays this stage with, where they differ from its own."""
    events: list[Event] = Field(default_factory=list)
    """What can change this stage mid-way (the scenario's own `events` happen in the last
    stage)."""
    carry: list[Carry] = Field(default_factory=list)
    """What an agreement here carries into later stages (fixed issues, who sits at the
    table, changed numbers). Every stage's agreed options also stay agreed."""
    because: Because | None = None
    """Why the talks have this stage."""


# --------------------------------------------------------------------------- scenario


class Scenario(Strict):
    """A negotiation built from source documents."""

    title: str = Field(min_length=3)
    """Headline of the scenario."""
    date: dt.date | None = None
    """Date of the situation it models."""
    summary: str = ""
    """Public background every player reads first."""
    seeds: list[str] = Field(default_factory=list)
    """Seed documents (in `seeds/`) that evidence quotes come from."""
    protocol: Protocol
    """How rounds run and when the talks end."""
    consent: Consent
    """Whose acceptance makes a deal."""
    issues: dict[str, Issue]
    """The questions on the table, in the order they are shown."""
    parties: dict[str, Party]
    """The sides, in the order they sit."""
    events: list[Event] = Field(default_factory=list)
    """What can change the game mid-way."""
    uncertainty: Uncertainty | None = None
    """Ranges the parameters are drawn from in Monte Carlo batches (optional)."""
    stages: list[Stage] | None = None
    """Staged talks, in order (optional): each stage negotiates some of the issues, and what
    it agrees carries into the next; without it the whole scenario is one table."""

    @field_validator("issues", "parties")
    @classmethod
    def _not_empty(cls, value: dict[str, object]) -> dict[str, object]:
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("stages")
    @classmethod
    def _two_or_more(cls, value: list[Stage] | None) -> list[Stage] | None:
        if value is not None and len(value) < 2:
            raise ValueError("staged talks need at least two stages (leave `stages` out for "
                             "one table)")
        return value

    @property
    def staged(self) -> bool:
        """Whether the scenario runs in stages."""
        return bool(self.stages)


def _describe_fields() -> None:
    """Give every field the docstring written under it as its description (what pydantic's
    `use_attribute_docstrings` does, reading this module's source once instead of once per
    model). It runs before any model is built, so validators and JSON Schema include them."""
    try:
        tree = ast.parse(inspect.getsource(sys.modules[__name__]))
    except (OSError, TypeError):  # no source to read: no descriptions, as with pydantic
        return
    docs: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            docs[node.name] = own = {}
            for stmt, after in zip(node.body, node.body[1:], strict=False):
                if (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                        and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                        and isinstance(after.value.value, str)):
                    own[stmt.target.id] = inspect.cleandoc(after.value.value)
    for name in docs:
        model = globals()[name]
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        for field_name, field in model.model_fields.items():
            # The docstring of the class that declares the field, as pydantic reads it.
            owner = next(c for c in model.__mro__ if field_name in inspect.get_annotations(c))
            text = docs.get(owner.__name__, {}).get(field_name)
            if field.description is None and text is not None:
                field.description = text


_describe_fields()
