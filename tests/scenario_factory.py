"""Small scenarios written in tests, with every evidence field filled as an assumption."""

from __future__ import annotations

from typing import Any

import yaml

from sim.scenario.loader import parse_scenario
from sim.scenario.schema import EVIDENCE_WHEN_SET, Scenario

WHY = {"assumption": "test scenario"}


def party(cares: dict[str, float], values: dict[str, Any], *, reservation: float = 0.0,
          budget: float = 1.0, pace: str | float = "linear", strategy: str = "time_based",
          red_lines: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    """A party mapping with evidence for every parameter (`extra` ones included)."""
    spec: dict[str, Any] = {
        "cares": cares, "values": values, "reservation": reservation,
        "budget": {"total": budget, "pace": pace}, "strategy": strategy,
        "red_lines": [dict(line, because=WHY) for line in (red_lines or [])],
        "because": {k: WHY for k in ("cares", "values", "reservation", "budget", "strategy")},
    }
    spec.update(extra)
    spec["because"].update({k: WHY for k in extra if k in EVIDENCE_WHEN_SET})
    return spec


def scenario(issues: dict[str, Any], parties: dict[str, Any], *, deadline: int = 10,
             protocol: str = "alternating", first: str | None = None,
             events: list[dict[str, Any]] | None = None, **extra: Any) -> Scenario:
    """A validated scenario from plain mappings (through the real YAML loader)."""
    data: dict[str, Any] = {
        "title": "Test scenario",
        "protocol": {"kind": protocol, "deadline": deadline, "first": first},
        "consent": {"required": list(parties), "because": WHY},
        "issues": issues,
        "parties": parties,
        "events": [dict(e, because=WHY) for e in (events or [])],
    }
    data.update(extra)
    return parse_scenario(yaml.safe_dump(data, sort_keys=False), source="<test>")


def stage(sid: str, issues: list[str], *, deadline: int | None = None,
          protocol: str | None = None, carry: list[dict[str, Any]] | None = None,
          **extra: Any) -> dict[str, Any]:
    """A stage mapping for `scenario(..., stages=[...])`, with evidence for its rules."""
    spec: dict[str, Any] = {"id": sid, "title": f"Stage {sid}", "issues": issues}
    if deadline is not None or protocol is not None:
        spec["protocol"] = {"kind": protocol or "alternating", "deadline": deadline or 10}
    spec["carry"] = [dict(rule, because=WHY) for rule in (carry or [])]
    for name, over in extra.pop("parties", {}).items():
        spec.setdefault("parties", {})[name] = {
            **over, "because": {k: WHY for k in over if k != "because"}}
    spec.update(extra)
    return spec
