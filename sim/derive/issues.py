"""Issues from what each demand is about, and options from the figures each side named.

Every statement that says where a party stands (a demand, a red line, an offer, willingness to
compromise) is about something: the content words of its clause ("duty", "quota", "levy",
"reinstatement") and its figures ("9%", "400,000 tonnes"). Statements that share a content
word that recurs in the text, or a figure's unit with such a word, are about one issue; a
statement with no word of its own ("Anything beyond that is off the table") joins the issue of
the speaker's statement just before.

Options: when the statements of an issue name two or more figures of one unit, the figures are
its ordered options, each side's own figure being its pole. Otherwise each party's ask is an
option ("as X asks"), with a middle ground between two asks, or "partly" and "not at all"
with one. A party's red line on an issue rules out the figures beyond its bound ("anything
below 8%"), or the other side's ask.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from sim.derive.classify import DEMANDING
from sim.derive.figures import Figure, figures, option_id
from sim.derive.readings import Finding

MAX_ISSUES = 6
"""Most issues a draft proposes (the most discussed); more make a game few students can read."""

MAX_OPTIONS = 5
"""Most options of a numeric issue (its poles and the figures nearest between them)."""

MAX_DEMANDERS = 3
"""Most parties whose asks are options of a non-numeric issue."""

MIDDLE = "middle_ground"
PARTLY = "partly"
NOT_AT_ALL = "not_at_all"

STOP = set("""
tonne tonnes ton tons percent cent cents dollar dollars euro euros billion million trillion
thousand hundred metre metres meter meters kilometre kilometres hour hours minute minutes
member members
one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
sixty seventy eighty ninety hundred half zero first second third
front union unions government governments group groups bloc alliance council movement
employers employer operators operator company companies firm ministry islands federation
rebels side sides delegation delegations team negotiator negotiators
the and for but not any all its are was has had our who his her they them can may
discuss discussing discussed commit committed support supported reach reached agree agreed
present presented sign signed talk talking move moved meet met want wanted called calling
a about above accept acceptable accepted across added after again against ago agreement
agreements all allow allowed almost already also although always am among an and another any
anyone anything april are around as asked asking at august away back backed be because been
before being below between beyond both bring brings brought but by called calling can cannot
case circumstances condition conditions consider could countries country current day days deal
deals december delegation delegations demand demanded demanding demands did difficult discussion
do does doing done double down during each either else even ever every everyone everything fact
faith february figure figures firm firmly first for formal formally friday from full fully
further get gets give given go going good government governments had half hard has have having
he her here hers him his how however i if in include includes including insisted insists instead
into is issue issues it its itself january july june just keep kept last least leave leaves left
less level levels like line lines made make many march matter may me meeting might minister
ministers monday month months more most much must my nearly negotiating negotiation negotiations
neither never new next no nobody non none nor not nothing november now number numbers october of
off offer offered offers official officials on once one only open or other others our out over
own part parts people per percent perhaps point points position positions prepared pressed
proposal proposals proposed public publicly put puts question rather ready really red refuse
refused reject rejected rejects remain remained remains reporters rest reward round rounds rule
ruled rules ruling said same saturday say says second seek seeking seeks september seriously
session set sets she should side sides signaled signalled simply since single so some someone
something stand stands starter still such sunday support supported table take taken takes talk
talks term terms than that the their them then there these they thing things third this those
though through thursday thus time times to today told tomorrow too total toward towards tuesday
unacceptable under until up upon us very walk want wanted wants warned was way we wednesday week
weeks were what when where whether which while who whole whom whose why will willing with within
without would year years yesterday yet you your yours
""".split())  # noqa: SIM905
"""Words that say nothing about what a statement is about."""


@dataclass
class DraftIssue:
    """An issue proposed from the statements, with who asks what on it."""

    key: str
    question: str
    demanders: list[str]
    """Parties with an ask of their own on the issue, firmest first."""
    demands: dict[str, list[Finding]]
    """Party → its statements on this issue, firmest first."""
    options: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    poles: dict[str, str] = field(default_factory=dict)
    """Party → the option it asks for."""
    numeric: bool = False
    values: dict[str, float] = field(default_factory=dict)
    """Option → its figure, for a numeric issue."""
    unit: str = ""
    bends: list[str] = field(default_factory=list)
    """Parties that only offer to compromise here: they value the middle ground most."""

    @property
    def middle(self) -> str:
        """The option between the asks."""
        if self.numeric:
            return self.options[len(self.options) // 2]
        return PARTLY if PARTLY in self.options else MIDDLE

    @property
    def weight(self) -> float:
        """How much the issue is discussed: the firmness of all its statements."""
        return sum(f.reading.firmness for fs in self.demands.values() for f in fs)

    @property
    def findings(self) -> list[Finding]:
        """Every statement on the issue."""
        return [f for fs in self.demands.values() for f in fs]


def slug(party: str) -> str:
    """A party's name as part of an option id: `Oster Union` → `oster_union`."""
    return re.sub(r"[^0-9a-z]+", "_", party.lower()).strip("_") or "party"


def ask_option(party: str) -> str:
    """The option id meaning "as `party` asks"."""
    return f"as_{slug(party)}_asks"


def is_demand(finding: Finding, mediator: str | None) -> bool:
    """Whether the statement says where a party stands (a mediator's never does)."""
    return finding.reading.kind in DEMANDING and finding.speaker != mediator


def stem(word: str) -> str:
    """A crude stem, so that "quotas" and "quota", "releases" and "release" meet."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 4:
        return word[:-1]
    return word


def terms(text: str, names: set[str]) -> list[str]:
    """Content words of a statement: no stop words, no party names, no numbers."""
    out = []
    for word in re.findall(r"[A-Za-z][A-Za-z'-]+", text):
        low = word.lower().strip("'-")
        if len(low) < 3 or low in STOP or word in names or low in names:
            continue
        out.append(stem(low))
    return out


@dataclass
class _Group:
    findings: list[Finding] = field(default_factory=list)
    words: Counter[str] = field(default_factory=Counter)
    units: Counter[str] = field(default_factory=Counter)
    counted: Counter[str] = field(default_factory=Counter)
    """What its figures count ("revenue" of "12% of revenue", "workers" of "85% of the
    workers")."""


def _counted(text: str, figs: list[Figure], names: set[str]) -> list[str]:
    """The nouns right after a statement's figures `figs`: what "12% of revenue" is 12% of."""
    out = []
    for fig in figs:
        after = re.match(r"\s*(?:(?:of|a|an|the|its|their|our|per|in)\s+){0,3}([A-Za-z][\w-]+)",
                         text[fig.end:])
        if after:
            words = terms(after.group(1), names)
            if words and words[0] not in ACTOR_WORDS:
                out.append(words[0])
    return out


def build_issues(findings: list[Finding], parties: list[str], mediator: str | None = None,
                 names: set[str] | None = None) -> list[DraftIssue]:
    """Issues from the statements of `parties`, the most discussed first."""
    names = names or set()
    mine = [f for f in findings if f.speaker in parties and is_demand(f, mediator)]
    words = {id(f): terms(f.statement.words, names) for f in mine}
    spread = Counter(w for ws in words.values() for w in set(ws))
    n = max(len(mine), 1)
    common = max(3, int(COMMON_SHARE * n))

    def weight(word: str) -> float:
        """How much sharing `word` says two statements are about one thing (idf)."""
        df = spread[word]
        return math.log(n / df) if 2 <= df <= common else 0.0

    groups: list[_Group] = []
    last: dict[str, _Group] = {}
    for finding in mine:
        own = [w for w in words[id(finding)] if weight(w) > 0]
        # In order of appearance (not a set), so that ties break the same way every run.
        figs = figures(finding.statement.words)
        units = list(dict.fromkeys(f.unit for f in figs if f.unit))
        counted = _counted(finding.statement.words, figs, names)
        best, score = None, 0.0
        for group in groups:
            main = group.units.most_common(1)[0][0] if group.units else None
            if units and main and main not in units:
                continue  # a share in % and a catch in tonnes are two questions
            if counted and group.counted and not set(counted) & set(group.counted):
                continue  # 12% of revenue and 85% of the workers are two questions
            shared = sum(weight(w) for w in set(own) if group.words[w])
            common_unit = set(units) & set(group.units)
            if shared and common_unit:
                # Sharing "seats" or "tonnes" says more than sharing "%".
                shared += 0.5 if common_unit <= {"%", "$", "year"} else 1.0
            if shared >= MATCH and shared > score:
                best, score = group, shared
        if best is None and _points_back(finding):
            best = last.get(finding.speaker)
            if best is not None and counted and best.counted and \
                    not set(counted) & set(best.counted):
                best = None  # short, but about something else the figures count
        if best is None and units and not own:
            # "The company has offered 10%": no word of its own, but one figure's unit that a
            # single issue uses.
            alike = [g for g in groups if set(units) & set(g.units)]
            best = alike[0] if len(alike) == 1 else None
        if best is None:
            best = _Group()
            groups.append(best)
        best.findings.append(finding)
        best.words.update(own or words[id(finding)])
        best.units.update(units)
        best.counted.update(counted)
        last[finding.speaker] = best
    issues = [_issue(g, names) for g in groups if g.findings]
    issues.sort(key=lambda i: (-len(i.demands), -len(i.findings), -i.weight))
    kept = issues[:MAX_ISSUES]
    _unique_keys(kept)
    return kept


COMMON_SHARE = 0.4
"""A word in more than this share of the statements ("deal", the article's subject) links
nothing: every statement is about it."""

MATCH = 1.0
"""How much shared, specific wording puts a statement on an existing issue."""


def _points_back(finding: Finding) -> bool:
    """A short statement that points back ("Anything beyond that is off the table")."""
    text = finding.statement.words.lower().lstrip(" \"“")
    return len(text.split()) <= 12 or text.startswith(("that ", "this ", "it ", "anything ",
                                                       "such ", "these ", "those "))


def _issue(group: _Group, names: set[str]) -> DraftIssue:
    demands: dict[str, list[Finding]] = {}
    for f in group.findings:
        demands.setdefault(f.speaker, []).append(f)
    for fs in demands.values():
        fs.sort(key=lambda f: -f.reading.firmness)
    ranked = sorted(demands, key=lambda p: -max(f.reading.firmness for f in demands[p]))
    topic = _topic(group, names)
    issue = DraftIssue(slug(topic)[:40] or "issue", _question(topic, group), ranked,
                       demands)
    if not _numeric_options(issue):
        _ask_options(issue)
    return issue


ACTOR_WORDS = {stem(w) for w in (
    "agency", "association", "company", "union", "government", "ministry", "council",
    "committee", "federation", "side", "delegation", "official", "minister", "spokesman",
    "spokeswoman", "spokesperson", "negotiator", "president", "director", "chair", "group",
    "party", "insurer", "corporation", "firm", "employer", "worker", "member", "country",
    "state", "bloc", "consortium", "city", "province", "league", "alliance", "authority",
    "department", "board", "mediator", "envoy", "people", "told", "reporter", "statement")}
"""Words for those at the table (and for speaking), never what an issue is about: an issue
is "the floor price", not "the association"."""


def _topic(group: _Group, names: set[str]) -> str:
    """The issue's name: the word most used beside its figures ("25% pay rise"), else the
    word its statements share most; never a party's name or a word for a party."""
    near: Counter[str] = Counter()
    for f in group.findings:
        text = f.statement.words
        for fig in figures(text):
            window = text[max(0, fig.start - 40):fig.end + 40]
            near.update(w for w in terms(window, names)
                        if group.words[w] and w not in ACTOR_WORDS)
    if near:
        return near.most_common(1)[0][0]
    shared = [(w, n) for w, n in group.words.most_common() if w not in ACTOR_WORDS]
    if not shared:
        return group.words.most_common(1)[0][0] if group.words else "issue"
    return shared[0][0]


def _question(topic: str, group: _Group) -> str:
    unit = group.units.most_common(1)[0][0] if group.units else ""
    if unit in {"%", "$", "tonnes", "days", "years", "cents", "m3", "people", "crossings",
                "hours", "months", "points", "MW", "km"}:
        return f"How much, or how many, for the {topic}? (in {unit})"
    if unit == "year":
        return f"By when: the {topic}?"
    return f"What is agreed on the {topic}?"


def _numeric_options(issue: DraftIssue) -> bool:
    """Options from the figures the statements name, when two or more share a unit."""
    named: list[tuple[str, Figure]] = []
    for party, fs in issue.demands.items():
        for f in fs:
            named += [(party, fig) for fig in figures(f.statement.words)]
    units = Counter(fig.unit for _, fig in named if fig.unit)
    if not units:
        return False
    unit = units.most_common(1)[0][0]
    # "as high as 350", "Uzbekistan has asked for 600": a bare number near the issue's own
    # figures counts in its unit.
    known = [fig.value for _, fig in named if fig.unit == unit]
    low, high = min(known) / 10, max(known) * 10
    named = [(p, dataclasses.replace(fig, unit=unit) if not fig.unit and low <= fig.value
              <= high and unit not in ("year", "$") else fig) for p, fig in named]
    values = sorted({fig.value for _, fig in named if fig.unit == unit})
    if len(values) < 2:
        return False
    poles: dict[str, float] = {}
    for party, fs in issue.demands.items():
        for f in sorted(fs, key=lambda f: f.reading.kind == "red_line"):
            own = [fig for fig in _in_unit(figures(f.statement.words), unit, low, high)]
            if own and party not in poles:
                poles[party] = own[0].value
    if len(values) > MAX_OPTIONS:
        keep = {values[0], values[-1], *poles.values()}
        rest = [v for v in values if v not in keep]
        while len(keep) < MAX_OPTIONS and rest:
            keep.add(rest.pop(len(rest) // 2))
        values = sorted(keep)[:MAX_OPTIONS] if len(keep) > MAX_OPTIONS else sorted(keep)
    sample = next(fig for _, fig in named if fig.unit == unit)
    readable = {v: Figure(v, unit, 0, 0, "").label for v in values}
    labels = {v: option_id(text) for v, text in readable.items()}
    issue.numeric = True
    issue.unit = unit
    issue.options = [labels[v] for v in values]
    issue.values = {labels[v]: v for v in values}
    issue.poles = {p: labels[v] for p, v in poles.items() if v in labels}
    for v, option in labels.items():
        if option != readable[v]:
            issue.labels[option] = readable[v]
    for party, option in issue.poles.items():
        issue.labels[option] = f"{readable[issue.values[option]]}, as {party} asks"
    del sample
    return True


def _in_unit(figs: list[Figure], unit: str, low: float, high: float) -> list[Figure]:
    """The figures in `unit`, bare numbers between `low` and `high` included."""
    out = []
    for fig in figs:
        if fig.unit == unit:
            out.append(fig)
        elif not fig.unit and low <= fig.value <= high and unit not in ("year", "$"):
            out.append(dataclasses.replace(fig, unit=unit))
    return out


def _ask_options(issue: DraftIssue) -> None:
    bending = [p for p in issue.demanders
               if all(f.reading.kind == "compromise" for f in issue.demands[p])]
    firm = [p for p in issue.demanders if p not in bending]
    if firm:
        issue.bends = bending
        issue.demanders = firm + bending
    demanders = (firm or issue.demanders)[:MAX_DEMANDERS]
    asks = [ask_option(p) for p in demanders]
    for party, option in zip(demanders, asks, strict=True):
        demand = issue.demands[party][0].statement.quote
        issue.labels[option] = f"As {party} asks: {short(demand)}"
        issue.poles[party] = option
    if len(asks) == 1:
        party = demanders[0]
        issue.options = [asks[0], PARTLY, NOT_AT_ALL]
        issue.labels[PARTLY] = f"Partly as {party} asks"
        issue.labels[NOT_AT_ALL] = f"Not as {party} asks"
    else:
        issue.options = [asks[0], MIDDLE, *asks[1:]]
        issue.labels[MIDDLE] = f"A middle ground between {' and '.join(demanders)}"


def _unique_keys(issues: list[DraftIssue]) -> None:
    seen: Counter[str] = Counter()
    for issue in issues:
        seen[issue.key] += 1
        if seen[issue.key] > 1:
            issue.key = f"{issue.key}_{seen[issue.key]}"


def ruled_out(issue: DraftIssue, party: str, finding: Finding) -> list[str]:
    """The options a red line of `party` on `issue` rules out (never all of them)."""
    out: list[str] = []
    if issue.numeric:
        known = list(issue.values.values())
        figs = _in_unit(figures(finding.statement.words), issue.unit, min(known) / 10,
                        max(known) * 10)
        for fig in figs:
            if fig.bound == "min":
                out += [o for o, v in issue.values.items() if v < fig.value]
            elif fig.bound == "max":
                out += [o for o, v in issue.values.items() if v > fig.value]
        if not out:
            own = issue.poles.get(party)
            if own is not None:
                mine = issue.values[own]
                far = max(issue.values.items(), key=lambda ov: abs(ov[1] - mine))
                out = [far[0]]
            elif figs:
                out = [o for o, v in issue.values.items() if v == figs[0].value]
            else:
                # "We will not hand over a strip of our territory": no figure of its own, so
                # it rules out what the other side asks.
                out = [o for p, o in issue.poles.items() if p != party][:1]
    else:
        own = issue.poles.get(party)
        others = [o for p, o in issue.poles.items() if p != party]
        if own is not None and others:
            out = others
        elif own is not None:
            out = [NOT_AT_ALL] if NOT_AT_ALL in issue.options else []
        else:
            out = others[:1]
    out = [o for o in dict.fromkeys(out) if o in issue.options]
    if len(out) >= len(issue.options):
        keep = issue.poles.get(party) or issue.options[0]
        out = [o for o in out if o != keep]
    return out


def short(text: str, limit: int = 70) -> str:
    """`text` cut at a word boundary to about `limit` characters."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
