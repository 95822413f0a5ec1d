"""Suppressions: wellarch's own, the peers' dialects, and baseline files.

- Comments ``# wellarch:ignore WA-SEC-001[,WA-REL-004] reason`` (YAML and HCL; ``//`` too in
  HCL), and checkov's ``checkov:skip=CKV_AWS_16:reason``. A comment inside a resource, or on
  the lines just above it, applies to that resource.
- CloudFormation ``Metadata``: ``wellarch: {ignore: [WA-SEC-001 | {id, reason}]}``, checkov's
  ``checkov: {skip: [{id, comment}]}``, cfn-lint's ``cfn-lint: {config: {ignore_checks: [...]}}``
  and cfn-guard's ``guard: {SuppressedRules: [...]}``. Peer ids suppress the wellarch rule that
  lists them as equivalents, so teams migrating keep their decisions.
- A baseline file lists known findings by file + resource + rule; they are reported as
  suppressed, so only new problems fail a build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from wellarch.errors import InputError

__all__ = [
    "Baseline",
    "assign_comments",
    "comment_suppressions",
    "metadata_suppressions",
]

_WELLARCH = re.compile(
    rb"(?:#|//)\s*wellarch:ignore[ \t]+([A-Za-z0-9_,-]+)[ \t]*([^\r\n]*)", re.IGNORECASE
)
_CHECKOV = re.compile(rb"(?:#|//)\s*checkov:skip=([A-Za-z0-9_]+)(?::([^\r\n]*))?")


def comment_suppressions(text: bytes) -> list[tuple[int, str, str]]:
    """(line, rule id, reason) for every suppression comment in the text."""
    if b"wellarch:ignore" not in text.lower() and b"checkov:skip" not in text:
        return []
    found: list[tuple[int, str, str]] = []
    for pattern in (_WELLARCH, _CHECKOV):
        for match in pattern.finditer(text):
            line = text.count(b"\n", 0, match.start()) + 1
            reason = (match.group(2) or b"").decode("utf-8", "replace").strip()
            for rule_id in match.group(1).decode().split(","):
                if rule_id.strip():
                    found.append((line, rule_id.strip().upper(), reason or "suppressed inline"))
    return found


def assign_comments(
    comments: Sequence[tuple[int, str, str]], starts: Sequence[tuple[int, str]]
) -> dict[str, dict[str, str]]:
    """Which resource each comment belongs to: the one it sits in, or the one starting within
    two lines below it. ``starts`` are (line, resource name) pairs."""
    ordered = sorted(starts)
    result: dict[str, dict[str, str]] = {}
    for line, rule_id, reason in comments:
        owner = next((name for start, name in ordered if 0 < start - line <= 2), None)
        if owner is None:
            before = [name for start, name in ordered if start <= line]
            owner = before[-1] if before else None
        if owner is not None:
            result.setdefault(owner, {}).setdefault(rule_id, reason)
    return result


def _ids(items: Any, key: str = "id", reason_key: str = "reason") -> Iterable[tuple[str, str]]:
    if isinstance(items, str | Mapping):
        items = [items]
    if not isinstance(items, list):
        return
    for item in items:
        if isinstance(item, str):
            yield item.upper(), "suppressed in Metadata"
        elif isinstance(item, Mapping) and isinstance(item.get(key), str):
            yield item[key].upper(), str(item.get(reason_key) or "suppressed in Metadata")


def metadata_suppressions(metadata: Any) -> dict[str, str]:
    """Rule ids (wellarch's or a peer's) suppressed by a CloudFormation resource's Metadata."""
    if not isinstance(metadata, Mapping):
        return {}
    found: dict[str, str] = {}
    ours = metadata.get("wellarch")
    if isinstance(ours, Mapping):
        found.update(_ids(ours.get("ignore")))
    checkov = metadata.get("checkov")
    if isinstance(checkov, Mapping):
        found.update(_ids(checkov.get("skip"), reason_key="comment"))
    cfn_lint = metadata.get("cfn-lint")
    if isinstance(cfn_lint, Mapping) and isinstance(cfn_lint.get("config"), Mapping):
        found.update(_ids(cfn_lint["config"].get("ignore_checks")))
    guard = metadata.get("guard")
    if isinstance(guard, Mapping):
        found.update(_ids(guard.get("SuppressedRules")))
    return found


class Baseline:
    """Known findings, keyed on file + resource + rule."""

    def __init__(self, keys: Iterable[tuple[str, str, str]] = ()) -> None:
        self.keys = set(keys)

    def __contains__(self, key: tuple[str, str, str]) -> bool:
        return key in self.keys

    @classmethod
    def read(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = data["findings"]
            return cls((e["file"], e["resource"], e["rule_id"]) for e in entries)
        except OSError as exc:
            raise InputError(f"cannot read baseline: {exc.strerror}", file=str(path)) from None
        except (ValueError, KeyError, TypeError):
            raise InputError(
                'not a wellarch baseline (expected {"findings": [{"file", "resource", '
                '"rule_id"}]})',
                file=str(path),
            ) from None

    def dumps(self) -> str:
        findings = [{"file": f, "resource": r, "rule_id": i} for f, r, i in sorted(self.keys)]
        return json.dumps({"version": 1, "findings": findings}, indent=2) + "\n"
