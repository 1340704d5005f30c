"""Check every *.key.yaml in a folder against its article.

Each red-line and demand sentence occurs exactly once, verbatim, in the article; the parties,
issues and options it names exist; every alias occurs in the text; no red line rules out every
option of its issue.

Usage: .venv/bin/python tests/data/derive_corpus/check_keys.py tests/data/derive_corpus
"""

import pathlib
import sys

import yaml


def check_key(folder: pathlib.Path, key: pathlib.Path) -> tuple[list[str], dict]:
    k = yaml.safe_load(key.read_text(encoding="utf-8"))
    article = (folder / k["article"]).read_text(encoding="utf-8")
    problems = []
    options = {i["id"]: i["options"] for i in k["issues"]}
    names = {p["name"] for p in k["parties"]}
    for section in ("red_lines", "demands"):
        for entry in k.get(section) or []:
            found = article.count(entry["sentence"])
            if found != 1:
                problems.append(f"{section} sentence found {found} times: {entry['sentence']!r}")
            if entry["issue"] not in options:
                problems.append(f"unknown issue {entry['issue']}")
                continue
            if entry["party"] not in names:
                problems.append(f"unknown party {entry['party']}")
            named = entry.get("rules_out", []) + ([entry["wants"]] if "wants" in entry else [])
            problems += [
                f"option {o!r} not in {entry['issue']}"
                for o in named
                if o not in options[entry["issue"]]
            ]
            if section == "red_lines":
                if entry["kind"] not in ("hard", "soft"):
                    problems.append(f"kind must be hard or soft: {entry['kind']}")
                if set(entry["rules_out"]) >= set(options[entry["issue"]]):
                    problems.append(f"red line rules out every option of {entry['issue']}")
    for issue in k["issues"]:
        for party, option in (issue.get("preferences") or {}).items():
            if party not in names or option not in issue["options"]:
                problems.append(f"bad preference {party}: {option}")
    bodies = k["parties"] + (k.get("mediators") or []) + (k.get("mentioned_not_negotiating") or [])
    problems += [
        f"alias not in article: {a!r}" for b in bodies for a in b["aliases"] if a not in article
    ]
    counts = {
        "words": len(article.split()),
        "parties": len(k["parties"]),
        "mediators": len(k.get("mediators") or []),
        "issues": len(k["issues"]),
        "red_lines": len(k["red_lines"]),
        "demands": len(k.get("demands") or []),
    }
    return [f"{key.name}: {p}" for p in problems], {
        "article": k["article"],
        "set": k["set"],
        **counts,
    }


def main(folder: pathlib.Path) -> int:
    problems = []
    totals = {"parties": 0, "issues": 0, "red_lines": 0}
    for key in sorted(folder.glob("*.key.yaml")):
        found, row = check_key(folder, key)
        problems += found
        for name in totals:
            totals[name] += row[name]
        print(" ".join(f"{k}={v}" for k, v in row.items()))
    print("totals", totals)
    print("\n".join(problems) or "no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(
        main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent))
    )
