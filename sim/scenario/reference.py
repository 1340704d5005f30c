"""The scenario format's reference, written from the pydantic models' own docstrings.

The models in `sim.scenario.schema` are the single source of truth; this renders them as Markdown
(`parley schema`) or JSON Schema (`parley schema --json`) so a teacher never reads a
reference that has drifted from the code.
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any

from pydantic import BaseModel

from sim.scenario import schema

SECTIONS: tuple[type[BaseModel], ...] = (
    schema.Scenario, schema.Protocol, schema.Consent, schema.Issue, schema.NumericRange,
    schema.Party, schema.RedLine, schema.Budget, schema.Ratification, schema.Linear,
    schema.Quote, schema.Assumption, schema.ShiftReservation, schema.ShiftBudget,
    schema.ShiftValue, schema.WalkOut, schema.Uncertainty, schema.Stage, schema.StageParty,
    schema.Carry, schema.Shift,
)


def type_name(annotation: Any) -> str:
    """A short readable name of a field's type."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(type_name(a) for a in args if a is not type(None))
    if origin is typing.Literal:
        return " | ".join(f"`{a}`" for a in args)
    if origin in (list, tuple):
        inner = ", ".join(type_name(a) for a in args if a is not Ellipsis)
        return f"list of {inner}" if origin is list else f"[{inner}]"
    if origin is dict:
        return f"mapping {type_name(args[0])} → {type_name(args[1])}"
    if isinstance(annotation, type):
        return {"str": "text", "float": "number", "int": "whole number", "bool": "yes/no",
                "date": "date"}.get(annotation.__name__, annotation.__name__)
    return str(annotation).replace("typing.", "")


def markdown() -> str:
    """The whole reference as Markdown."""
    out = ["# Scenario format", "",
           "Generated from `sim/scenario.py` by `parley schema`. Unknown keys are errors.", ""]
    for model in SECTIONS:
        out += [f"## {model.__name__}", "", (model.__doc__ or "").strip().splitlines()[0], "",
                "| field | type | required | meaning |", "| --- | --- | --- | --- |"]
        for name, field in model.model_fields.items():
            default = repr(field.default) if isinstance(field.default, str) else field.default
            required = "yes" if field.is_required() else f"no (default `{default}`)"
            if field.default_factory is not None:
                required = "no"
            doc = (field.description or "").replace("\n", " ").replace("|", "\\|")
            kind = type_name(field.annotation).replace("|", "\\|")
            out.append(f"| `{name}` | {kind} | {required} | {doc} |")
        out.append("")
    return "\n".join(out)


def json_schema() -> str:
    """The JSON Schema of a scenario file."""
    return json.dumps(schema.Scenario.model_json_schema(), indent=2)
