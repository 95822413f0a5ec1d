"""Scanning: find IaC files, parse them (in parallel processes when there are many), run the
rules, apply suppressions and the baseline, and return findings in a stable order.

A file that cannot be scanned becomes one :class:`ScanProblem` (file, line, message) and the
scan goes on; nothing here raises on bad input.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from wellarch.errors import ScanError
from wellarch.evidence.model import Finding, Resource, Severity, Status
from wellarch.evidence.registry import REGISTRY, Check, Rule, RuleRegistry
from wellarch.evidence.suppression import Baseline

__all__ = ["ScanProblem", "ScanResult", "scan"]

MAX_FILE_BYTES = 10 * 1024 * 1024
CFN_SUFFIXES = (".yaml", ".yml", ".json", ".template")
SKIP_DIRS = {".git", ".terraform", "node_modules", ".venv", "__pycache__", ".hg", ".svn"}
PARALLEL_FROM = 24  # units; below this, process start-up costs more than it saves


@dataclass(frozen=True)
class ScanProblem:
    file: str
    message: str
    line: int | None = None

    def format(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"

    @classmethod
    def of(cls, exc: ScanError) -> ScanProblem:
        return cls(exc.file or "?", exc.message, exc.line)


@dataclass
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    problems: list[ScanProblem] = field(default_factory=list)
    files: int = 0
    resources: int = 0

    def failed(self, at_least: Severity | None) -> list[Finding]:
        if at_least is None:
            return []
        return [
            f for f in self.findings if f.status is Status.FAIL and f.severity.rank >= at_least.rank
        ]

    def summary(self) -> dict[str, object]:
        by_status = {s.value: 0 for s in Status}
        by_severity = {s.value: 0 for s in Severity}
        for f in self.findings:
            by_status[f.status.value] += 1
            if f.status is Status.FAIL:
                by_severity[f.severity.value] += 1
        return {
            "files": self.files,
            "resources": self.resources,
            "findings": len(self.findings),
            **by_status,
            "failed_by_severity": by_severity,
            "errors": len(self.problems),
        }


@cache
def _question_of() -> dict[str, str]:
    from wellarch.lens.catalog import BuiltinLensSource

    entry = BuiltinLensSource().get("wellarchitected")
    assert entry is not None
    return {c.id: q.id for _, q in entry.lens.questions() for c in q.choices}


def _finding(rule: Rule, resource: Resource, check: Check) -> Finding:
    line = resource.line_of(*check.at) if check.at else resource.line
    status = check.status
    suppression = None
    for rule_id in (rule.id, *rule.peer_ids):
        if rule_id in resource.suppressed:
            status, suppression = Status.SUPPRESSED, resource.suppressed[rule_id]
            break
    return Finding(
        rule_id=rule.id,
        pillar=rule.pillar,
        severity=rule.severity,
        status=status,
        resource_type=resource.type,
        resource=resource.name,
        file=resource.file,
        line=line,
        message=check.message,
        lens="wellarchitected",
        question_id=_question_of().get(rule.choice, ""),
        choice_id=rule.choice,
        title=rule.title,
        suppression=suppression,
    )


def evaluate(resources: Sequence[Resource], registry: RuleRegistry) -> list[Finding]:
    """Run every applicable rule on the resources of one unit (template or module)."""
    findings: list[Finding] = []
    for resource in resources:
        for rule in registry.for_type(resource.type):
            check = rule.check(resource)
            if isinstance(check, Check):
                findings.append(_finding(rule, resource, check))
    for rule in registry.unit_rules():
        relevant = [r for r in resources if r.type in rule.types] if rule.types else list(resources)
        result = rule.check(resources)
        for check in result if isinstance(result, Iterable) else ():
            if isinstance(check, Check):
                target = check.resource or (relevant[0] if relevant else None)
                if target is None and resources:
                    target = resources[0]
                if target is not None:
                    findings.append(_finding(rule, target, check))
    return findings


def _read(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ScanError(
            f"is {size / 1024 / 1024:.0f} MB; files over {MAX_FILE_BYTES // 1024 // 1024} MB "
            "are not scanned",
            file=str(path),
        )
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def _scan_file(path: Path, explicit: bool) -> tuple[list[Resource], int]:
    from wellarch.evidence.cloudformation import (
        is_cloudformation,
        load_template,
        parse_cloudformation,
    )
    from wellarch.evidence.terraform import is_plan, parse_plan

    data = _read(path)
    if b"\x00" in data[:8192]:
        raise ScanError("is a binary file, not a template", file=str(path))
    doc = load_template(data, str(path))
    if is_cloudformation(doc):
        return parse_cloudformation(doc, str(path), data), 1
    if is_plan(doc):
        return parse_plan(doc, str(path), data.decode("utf-8", "replace")), 1
    if explicit:
        raise ScanError("not a CloudFormation template or a Terraform plan", file=str(path))
    return [], 0


def _scan_unit(
    unit: tuple[str, str, bool], registry: RuleRegistry | None = None
) -> tuple[list[Finding], list[ScanProblem], int, int]:
    kind, name, explicit = unit
    registry = _default_registry() if registry is None else registry
    try:
        if kind == "tf":
            from wellarch.evidence.terraform import parse_terraform_dir

            resources, errors = parse_terraform_dir(Path(name))
            files = len(list(Path(name).glob("*.tf")))
            problems = [ScanProblem.of(e) for e in errors]
        else:
            resources, files = _scan_file(Path(name), explicit)
            problems = []
    except ScanError as exc:
        return [], [ScanProblem.of(exc) if exc.file else ScanProblem(name, exc.message)], 0, 0
    except OSError as exc:
        return [], [ScanProblem(name, f"cannot be read: {exc.strerror or exc}")], 0, 0
    return evaluate(resources, registry), problems, files, len(resources)


@cache
def _default_registry() -> RuleRegistry:
    import wellarch.evidence.rules  # noqa: F401 — registers the built-in rules

    return REGISTRY


def _drop_standalone_module_copies(findings: list[Finding]) -> list[Finding]:
    """A Terraform module found by walking is scanned on its own (inputs unknown) and again
    through each caller (inputs resolved); keep only the callers' findings for its lines."""
    called = {(f.rule_id, f.file, f.line) for f in findings if f.resource.startswith("module.")}
    if not called:
        return findings
    return [
        f
        for f in findings
        if f.resource.startswith("module.") or (f.rule_id, f.file, f.line) not in called
    ]


def discover(paths: Sequence[str]) -> tuple[list[tuple[str, str, bool]], list[ScanProblem]]:
    """Units to scan — ("cfn", file, explicit) and ("tf", directory, explicit) — and problems
    with the paths themselves. Directories are walked without following symlinks."""
    units: dict[tuple[str, str], bool] = {}
    problems: list[ScanProblem] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(ScanProblem(raw, "no such file or directory"))
        elif path.is_file():
            if path.suffix == ".tf":
                units[("tf", str(path.parent))] = True
            elif path.suffix != ".tfvars":
                units[("cfn", raw)] = True
        elif path.is_dir():
            for folder, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                if any(f.endswith(".tf") for f in files):
                    units.setdefault(("tf", folder), False)
                for file in sorted(files):
                    if file.endswith(CFN_SUFFIXES):
                        units.setdefault(("cfn", str(Path(folder) / file)), False)
        else:
            problems.append(ScanProblem(raw, "is not a regular file or directory"))
    return [(kind, name, explicit) for (kind, name), explicit in sorted(units.items())], problems


def scan(
    paths: Sequence[str],
    *,
    registry: RuleRegistry | None = None,
    baseline: Baseline | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ScanResult:
    """Scan files and directories; findings sorted by file, line, resource and rule."""
    units, problems = discover(paths)
    result = ScanResult(problems=problems)
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    outcomes: Iterable[tuple[list[Finding], list[ScanProblem], int, int]]
    if registry is None and workers > 1 and len(units) >= PARALLEL_FROM:
        pool = ProcessPoolExecutor(max_workers=workers)
        outcomes = pool.map(_scan_unit, units, chunksize=max(1, len(units) // (workers * 8)))
    else:
        pool = None
        outcomes = (_scan_unit(unit, registry) for unit in units)
    seen_problems: set[ScanProblem] = set(problems)
    try:
        for done, (findings, unit_problems, files, resources) in enumerate(outcomes, 1):
            result.findings += findings
            for problem in unit_problems:
                if problem not in seen_problems:
                    seen_problems.add(problem)
                    result.problems.append(problem)
            result.files += files
            result.resources += resources
            if progress is not None:
                progress(done, len(units))
    finally:
        if pool is not None:
            pool.shutdown()
    if baseline is not None:
        result.findings = [
            Finding(**{**f.__dict__, "status": Status.SUPPRESSED, "suppression": "baseline"})
            if f.status is Status.FAIL and (f.file, f.resource, f.rule_id) in baseline
            else f
            for f in result.findings
        ]
    result.findings = _drop_standalone_module_copies(result.findings)
    result.findings.sort(key=Finding.sort_key)
    result.problems.sort(key=lambda p: (p.file, p.line or 0, p.message))
    return result
