"""Renderers of scan results: SARIF 2.1.0, JUnit XML and Markdown.

They read the scan's JSON shape (``{"findings": [...], "summary": {...}}``) plus the rule
catalogue (``[{"id", "title", "description", "severity", "pillar", "choice_id", ...}]``), so
that they stay independent of the scanner's classes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from wellarch import __version__

__all__ = ["render_junit", "render_sarif", "render_scan_markdown"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"high": "error", "medium": "warning", "low": "note"}
_SCORE = {"high": "8.0", "medium": "5.0", "low": "2.0"}


def render_sarif(scan: Mapping[str, Any], rules: Sequence[Mapping[str, Any]]) -> str:
    """SARIF 2.1.0: one run, every rule with help text and severity, failed findings as
    results (suppressed ones carry a suppression, undetermined ones are notes)."""
    index = {r["id"]: i for i, r in enumerate(rules)}
    descriptors = [
        {
            "id": r["id"],
            "name": r["id"].replace("-", ""),
            "shortDescription": {"text": r["title"]},
            "fullDescription": {"text": r["description"]},
            "help": {
                "text": f"{r['description']} Evidence for Well-Architected practice "
                f"{r['choice_id']} ({r['question_id']}).",
            },
            "defaultConfiguration": {"level": _LEVEL[r["severity"]]},
            "properties": {
                "tags": ["well-architected", r["pillar"]],
                "security-severity": _SCORE[r["severity"]],
                "pillar": r["pillar"],
                "choice_id": r["choice_id"],
            },
        }
        for r in rules
    ]
    results = []
    for f in scan["findings"]:
        if f["status"] not in ("fail", "suppressed", "undetermined"):
            continue
        result: dict[str, Any] = {
            "ruleId": f["rule_id"],
            "ruleIndex": index.get(f["rule_id"], 0),
            "level": "note" if f["status"] == "undetermined" else _LEVEL[f["severity"]],
            "message": {"text": f"{f['resource']}: {f['message']}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f["file"].replace("\\", "/")},
                        "region": {"startLine": max(1, int(f["line"]))},
                    },
                    "logicalLocations": [
                        {
                            "name": f["resource"],
                            "kind": "resource",
                            "fullyQualifiedName": f["resource_type"],
                        }
                    ],
                }
            ],
            "properties": {"status": f["status"], "question_id": f["question_id"]},
        }
        if f["status"] == "suppressed":
            result["suppressions"] = [
                {"kind": "inSource", "justification": f.get("suppression") or "suppressed"}
            ]
        results.append(result)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wellarch",
                        "version": __version__,
                        "informationUri": "https://docs.aws.amazon.com/wellarchitected/",
                        "rules": descriptors,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_junit(scan: Mapping[str, Any], rules: Sequence[Mapping[str, Any]]) -> str:
    """JUnit XML: a test suite per rule, a test case per resource checked."""
    by_rule: dict[str, list[Mapping[str, Any]]] = {}
    for f in scan["findings"]:
        by_rule.setdefault(f["rule_id"], []).append(f)
    titles = {r["id"]: r["title"] for r in rules}
    failures = sum(1 for f in scan["findings"] if f["status"] == "fail")
    skipped = sum(1 for f in scan["findings"] if f["status"] in ("suppressed", "undetermined"))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="wellarch" tests="{len(scan["findings"])}" failures="{failures}" '
        f'skipped="{skipped}">',
    ]
    for rule_id in sorted(by_rule):
        cases = by_rule[rule_id]
        failed = sum(1 for f in cases if f["status"] == "fail")
        skip = sum(1 for f in cases if f["status"] in ("suppressed", "undetermined"))
        name = f"{rule_id} {titles.get(rule_id, '')}".strip()
        lines.append(
            f'  <testsuite name={quoteattr(name)} tests="{len(cases)}" failures="{failed}" '
            f'skipped="{skip}">'
        )
        for f in cases:
            case = f"{f['resource']} ({f['file']}:{f['line']})"
            lines.append(f"    <testcase name={quoteattr(case)} classname={quoteattr(rule_id)}>")
            if f["status"] == "fail":
                lines.append(
                    f"      <failure type={quoteattr(f['severity'])} "
                    f"message={quoteattr(f['message'])}>{escape(f['message'])}</failure>"
                )
            elif f["status"] in ("suppressed", "undetermined"):
                why = f.get("suppression") or f["message"]
                lines.append(f"      <skipped message={quoteattr(f['status'] + ': ' + why)}/>")
            lines.append("    </testcase>")
        lines.append("  </testsuite>")
    lines.append("</testsuites>")
    return "\n".join(lines) + "\n"


def _cell(text: Any) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_scan_markdown(scan: Mapping[str, Any], rules: Sequence[Mapping[str, Any]]) -> str:
    """A Markdown summary for pull-request comments: failed findings first."""
    summary = scan["summary"]
    titles = {r["id"]: r["title"] for r in rules}
    out = [
        "## wellarch scan",
        "",
        f"{summary['files']} files, {summary['resources']} resources: "
        f"**{summary['fail']} failed**, {summary['pass']} passed, "
        f"{summary['undetermined']} undetermined, {summary['suppressed']} suppressed.",
        "",
    ]
    failed = [f for f in scan["findings"] if f["status"] == "fail"]
    if failed:
        out += ["| severity | rule | resource | where | problem |", "|---|---|---|---|---|"]
        order = {"high": 0, "medium": 1, "low": 2}
        for f in sorted(failed, key=lambda f: (order[f["severity"]], f["file"], f["line"])):
            rule = f"{f['rule_id']} {titles.get(f['rule_id'], '')}".strip()
            out.append(
                f"| {f['severity']} | {_cell(rule)} | `{_cell(f['resource'])}` | "
                f"`{_cell(f['file'])}:{f['line']}` | {_cell(f['message'])} |"
            )
    else:
        out.append("No failed findings.")
    return "\n".join(out) + "\n"
