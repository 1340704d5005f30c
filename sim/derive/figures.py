"""Figures in a statement: numbers with their units, and the bounds a limit puts on them.

"an 11% wage increase" → 11 %; "400,000 tonnes" → 400000 tonnes; "eight percent" → 8 %;
"three and a half percent" → 3.5 %; "$1 trillion" → 1e12 $; "2032" → 2032 (a year).
"anything below eight percent" is a lower bound, "above 7%" an upper one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
         "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "hundred": 100, "half": 0.5}

UNITS = {
    "%": "%", "percent": "%", "per cent": "%", "percentage point": "points",
    "percentage points": "points", "tonnes": "tonnes", "tons": "tonnes", "tonne": "tonnes",
    "days": "days", "day": "days", "years": "years", "year": "years", "months": "months",
    "month": "months", "hours": "hours", "hour": "hours", "weeks": "weeks", "week": "weeks",
    "cents": "cents", "cent": "cents", "cubic metres": "m3", "cubic meters": "m3",
    "kilometres": "km", "km": "km", "megawatts": "MW", "people": "people",
    "prisoners": "people", "detainees": "people", "workers": "people", "observers": "people",
    "crossing points": "crossings", "crossings": "crossings",
}
"""Words after a number that name its unit (and the unit they stand for)."""

NOT_UNITS = {"times", "was", "has", "is", "as", "its", "this", "years", "less",
             "plus", "percent", "cents", "tonnes", "days", "hours", "weeks", "months", "unless",
             "across", "always", "perhaps", "thus", "towards", "afterwards", "besides"}
"""Words ending in s after a number that are no unit of their own (or one named already)."""

SCALES = {"trillion": 1e12, "billion": 1e9, "million": 1e6, "thousand": 1e3}

_NUMBER = (r"(?P<cur>[$€£]|US\$|C\$)?\s?(?P<num>\d[\d,]*(?:\.\d+)?|"
           + "|".join(sorted((w for w in WORDS if w != "half"), key=len, reverse=True))
           + r")(?:\s+and\s+a\s+half)?(?:\s*(?P<scale>trillion|billion|million|thousand))?")
_UNIT = "|".join(sorted((re.escape(u) for u in UNITS if u != "%"), key=len, reverse=True))
FIGURE = re.compile(_NUMBER + rf"(?:\s*(?P<pct>%)|[\s-]+(?:[a-z]+[\s-]+)?(?P<unit>{_UNIT})\b)?",
                    re.I)

LOWER = re.compile(r"\b(?:below|under|less than|fewer than|nothing less than|no less than|"
                   r"at least|anything below|anything less than|a minimum of|minimum of|"
                   r"not below|floor of)\s*(?:an?\s+|the\s+)?(?:level\s+of\s+)?\s*$", re.I)
UPPER = re.compile(r"\b(?:above|over|more than|beyond|exceeding|in excess of|at most|"
                   r"anything above|anything beyond|after|higher than|no more than|"
                   r"a maximum of|maximum of|cap of|up to)\s*(?:an?\s+|the\s+)?\s*$", re.I)


@dataclass(frozen=True)
class Figure:
    """A number in a text, with its unit and what bound it is given, if any."""

    value: float
    unit: str
    """`%`, `tonnes`, `years`, `$`, ... or "" for a bare number."""
    start: int
    end: int
    text: str
    bound: str | None = None
    """`min` ("not below 8%"), `max` ("above 7%"), or None."""

    @property
    def label(self) -> str:
        """How the figure is written as an option: "9%", "400,000 tonnes", "$500 billion"."""
        if self.unit == "%":
            return f"{_fmt(self.value)}%"
        if self.unit == "$":
            for word, scale in SCALES.items():
                if self.value >= scale and self.value % (scale / 10) == 0 and scale >= 1e6:
                    return f"${_fmt(self.value / scale)} {word}"
            return f"${_fmt(self.value)}"
        if self.unit == "year":
            return str(int(self.value))
        return f"{_fmt(self.value)} {self.unit}".strip()


def option_id(label: str) -> str:
    """A figure's label as an option id: no dots, which separate the parts of a parameter's
    path in a scenario ("4.5%" → "4_5%"); the label itself is kept as the option's label."""
    return label.replace(".", "_").strip()


def _fmt(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:g}"


def figures(text: str) -> list[Figure]:
    """Every figure in `text`, with its unit and bound."""
    out: list[Figure] = []
    for m in FIGURE.finditer(text):
        raw = m.group("num")
        if raw.lower() in WORDS:
            value = float(WORDS[raw.lower()])
        else:
            try:
                value = float(raw.replace(",", ""))
            except ValueError:
                continue
        if "and a half" in m.group(0).lower():
            value += 0.5
        if m.group("scale"):
            value *= SCALES[m.group("scale").lower()]
        unit = "%" if m.group("pct") else UNITS.get((m.group("unit") or "").lower(), "")
        if not unit and not m.group("cur"):
            # "40 seats", "19 prisoners": a plural noun right after the number is its unit.
            noun = re.match(r"\s+(?:[a-z]+\s+)?([a-z]{3,}s)\b", text[m.end():])
            if noun and noun.group(1) not in NOT_UNITS:
                unit = noun.group(1)
        if m.group("cur"):
            unit = "$"
        word = raw.lower() in WORDS
        if not unit:
            if word:
                continue  # "one" alone is no figure
            if re.fullmatch(r"(19|20)\d\d", raw) and not m.group("scale"):
                unit = "year"
        before = text[max(0, m.start() - 30):m.start()]
        bound = "min" if LOWER.search(before) else "max" if UPPER.search(before) else None
        if unit == "year" and re.search(r"\b(in|since|of|from|during)\s+$", before):
            continue  # a date in the story, not a figure on the table
        if unit == "year" and re.match(r"['’]?s\b", text[m.end():]):
            continue  # "the 1990s-era plant": a decade, not a year
        if re.search(r"\b(on|since|in)\s+(?:January|February|March|April|May|June|July|"
                     r"August|September|October|November|December)\s*$", before):
            continue
        out.append(Figure(value, unit, m.start(), m.end(), m.group(0).strip(), bound))
    return out


def halved(text: str) -> bool:
    """Whether the text asks for something to be at least halved."""
    return bool(re.search(r"\bat least halved\b|\bhalve[ds]?\b|\bcut in half\b", text, re.I))
