"""Scanner speed and memory against its peers (run by hand: `.venv/bin/python benchmarks/scan.py`).

Runs `wellarch scan` and its peers, checkov and cfn-lint, on the same files in one run and
prints, per case and tool, the wall time, the peak RSS (largest process of the tool) and the
ratio peer time / wellarch time, then checks the targets:

1. ``cfn``  — the whole CloudFormation corpus (``../shared/corpus/cfn``): wellarch vs
   ``checkov --framework cloudformation`` vs ``cfn-lint`` (given every file wellarch reads —
   ``*.yaml``, ``*.yml``, ``*.json``, ``*.template`` — explicitly, in batches if needed).
   Target: ≥ 10x faster than checkov.
2. ``tf``   — the whole Terraform corpus (``../shared/corpus/tf``): wellarch vs
   ``checkov --framework terraform``. Target: ≥ 20x faster than checkov.
3. ``cold`` — one small template (tests/fixtures/evidence/WA-REL-001/pass.yaml), each tool
   started as a fresh process. Target: ≤ 0.3 s, ≥ 7x faster than checkov, ≥ 3x faster than
   cfn-lint.

And over every case: wellarch's peak RSS ≤ 150 MB.

The peers live in their own virtual environment, created on first use (a few minutes):
``python3 -m venv /tmp/wellarch-bench-peers && /tmp/wellarch-bench-peers/bin/pip install
checkov cfn-lint`` — pass ``--peers-venv DIR`` to use another one.

    .venv/bin/python benchmarks/scan.py                 # everything
    .venv/bin/python benchmarks/scan.py --only cold     # one case
    .venv/bin/python benchmarks/scan.py --repeat 5      # runs per tool and case

How it measures: every run goes through a small fresh ``python -c`` helper process that starts
the tool (or, for cfn-lint batches, its commands one after another), times it with
``time.perf_counter`` and reports ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` — so the figure is
the tool's alone and not mixed with earlier runs. On Linux that is the largest single process in
the tool's tree (a parallel worker or the main process), not the sum over concurrent workers.
Each tool is first run once unmeasured on the small template and the corpus files are read once
(warm page cache, compiled bytecode); then each case is run ``--repeat`` times (default 3 for
the corpora, 5 for cold start) and the median time and the largest peak RSS are reported.
Tools' exit codes are not judged (checkov and cfn-lint exit non-zero when they find problems);
their outputs are kept in a temporary folder whose path is printed, with a short summary of what
each tool reported and wellarch's stderr (one line per file it could not parse). A run whose
output is missing or not the expected JSON (the tool crashed) is flagged BAD OUTPUT, and a
target that rests on it is reported INVALID rather than ok or MISSED. The exit status is 0 only
when every target is ok.

checkov gets ``--skip-download`` so that it does not wait on the network, and in the ``cfn``
case ``--skip-path`` for the few Rain-module templates that make checkov 3.3 abort the whole run
(this shrinks checkov's work, so it can only make checkov look faster).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
COLD_FILE = ROOT / "tests" / "fixtures" / "evidence" / "WA-REL-001" / "pass.yaml"
DEFAULT_PEERS_VENV = Path("/tmp/wellarch-bench-peers")
CFN_SUFFIXES = (".yaml", ".yml", ".json", ".template")  # what wellarch reads as CloudFormation
MAX_ARGS_CHARS = 100_000  # per cfn-lint command line, far below ARG_MAX

# Runs in a fresh interpreter: starts the commands one after another with the given cwd and
# output files and prints their wall time, exit codes and the peak RSS of their process trees.
HELPER = """
import json, resource, subprocess, sys, time
spec = json.loads(sys.argv[1])
codes = []
with open(spec["stdout"], "wb") as out, open(spec["stderr"], "wb") as err:
    started = time.perf_counter()
    for command in spec["commands"]:
        codes.append(subprocess.run(command, stdout=out, stderr=err, cwd=spec["cwd"]).returncode)
    seconds = time.perf_counter() - started
maxrss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "maxrss_kb": maxrss_kb, "codes": codes}))
"""


@dataclass
class Tool:
    name: str
    commands: list[list[str]]  # more than one for cfn-lint batches
    summarize: str  # "wellarch" | "checkov" | "cfn-lint"
    note: str = ""


@dataclass
class Measurement:
    case: str
    tool: Tool
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    bad_runs: list[str] = field(default_factory=list)  # runs whose output is unusable, and why
    stdout: Path | None = None
    stderr: Path | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mb(self) -> float:
        return max(self.rss_mb)


def run_once(tool: Tool, out_dir: Path, label: str) -> tuple[float, float, list[int], Path, Path]:
    stdout = out_dir / f"{label}.out"
    stderr = out_dir / f"{label}.err"
    spec = {
        "commands": tool.commands,
        "cwd": str(ROOT),
        "stdout": str(stdout),
        "stderr": str(stderr),
    }
    done = subprocess.run(
        [sys.executable, "-c", HELPER, json.dumps(spec)],
        check=True,
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout)
    return report["seconds"], report["maxrss_kb"] / 1024, report["codes"], stdout, stderr


def measure(case: str, tool: Tool, repeat: int, out_dir: Path) -> Measurement:
    label = f"{case}-{tool.name}"
    result = Measurement(case, tool)
    for i in range(repeat):
        seconds, rss, codes, stdout, stderr = run_once(tool, out_dir, f"{label}-{i}")
        result.seconds.append(seconds)
        result.rss_mb.append(rss)
        result.codes += codes
        result.stdout, result.stderr = stdout, stderr
        problem = output_problem(tool, stdout)
        note = ""
        if problem:
            result.bad_runs.append(f"run {i + 1}: {problem} (see {stderr})")
            note = f"  — BAD OUTPUT: {problem}"
        print(
            f"  {case:<5} {tool.name:<9} run {i + 1}/{repeat}: {seconds:7.2f} s{note}", flush=True
        )
    return result


# --- tools ----------------------------------------------------------------------------------


def ensure_peers(venv: Path) -> Path:
    bin_dir = venv / "bin"
    if not ((bin_dir / "checkov").exists() and (bin_dir / "cfn-lint").exists()):
        print(f"installing checkov and cfn-lint into {venv} (a few minutes) ...", flush=True)
        if not (bin_dir / "pip").exists():
            subprocess.run(["python3", "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(bin_dir / "pip"), "install", "--quiet", "checkov", "cfn-lint"], check=True
        )
    return bin_dir


def wellarch_bin() -> str:
    local = ROOT / ".venv" / "bin" / "wellarch"
    if local.exists():
        return str(local)
    sibling = Path(sys.executable).parent / "wellarch"
    return str(sibling) if sibling.exists() else "wellarch"


def wellarch(target: Path) -> Tool:
    command = [wellarch_bin(), "scan", str(target), "--format", "json", "--fail-on", "never"]
    return Tool("wellarch", [command], "wellarch")


def checkov(peers: Path, framework: str, target: Path, skip: Sequence[Path] = ()) -> Tool:
    where = ["-d", str(target)] if target.is_dir() else ["-f", str(target)]
    skip_args = [
        arg
        for file in skip
        for arg in ("--skip-path", re.escape(file.relative_to(target).as_posix()))
    ]
    command = [
        str(peers / "checkov"),
        *where,
        "--framework",
        framework,
        "-o",
        "json",
        "--quiet",
        "--skip-download",
        *skip_args,
    ]
    note = f"skipped {len(skip)} files it crashes on (Rain modules)" if skip else ""
    return Tool("checkov", [command], "checkov", note)


def cfn_lint(peers: Path, files: Sequence[Path]) -> Tool:
    base = [str(peers / "cfn-lint"), "--format", "json", "--"]
    commands: list[list[str]] = []
    batch: list[str] = []
    size = 0
    for file in files:
        if batch and size + len(str(file)) + 1 > MAX_ARGS_CHARS:
            commands.append(base + batch)
            batch, size = [], 0
        batch.append(str(file))
        size += len(str(file)) + 1
    if batch:
        commands.append(base + batch)
    return Tool("cfn-lint", commands, "cfn-lint")


def cfn_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith(CFN_SUFFIXES))


def checkov_crashers(files: Sequence[Path]) -> list[Path]:
    """Templates that make checkov 3.3 abort the whole run (so it reports nothing at all):
    Rain modules, whose resource Type is a mapping (`TypeError: unhashable type: 'dict'` in
    checkov's check registry). checkov is told to skip them, which only makes its job smaller."""
    return [f for f in files if b"Rain::Module" in f.read_bytes()]


# --- summaries of what each tool reported ----------------------------------------------------


def json_documents(text: str) -> list[object]:
    """Every JSON document in text (cfn-lint batches write one array each)."""
    decoder = json.JSONDecoder()
    docs: list[object] = []
    index = 0
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if index >= len(text):
            return docs
        doc, index = decoder.raw_decode(text, index)
        docs.append(doc)


def output_problem(tool: Tool, stdout: Path) -> str | None:
    """Why a run's output shows that the tool did not do the work, or None when it looks fine:
    a timing of a tool that crashed early means nothing."""
    try:
        docs = json_documents(stdout.read_text(encoding="utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        return f"output is not JSON ({exc.msg})"
    if not docs:
        return "no output"
    if tool.summarize == "wellarch" and not (isinstance(docs[0], dict) and "summary" in docs[0]):
        return "no summary in the JSON output"
    if tool.summarize == "cfn-lint" and len(docs) != len(tool.commands):
        return f"{len(docs)} JSON documents for {len(tool.commands)} commands"
    return None


def summarize(m: Measurement) -> str:
    assert m.stdout is not None
    try:
        docs = json_documents(m.stdout.read_text(encoding="utf-8", errors="replace"))
    except json.JSONDecodeError as exc:
        return f"output is not JSON ({exc.msg}) — see {m.stdout}"
    if not docs:
        return f"no output — see {m.stderr}"
    if m.tool.summarize == "wellarch":
        summary = docs[0]["summary"]  # type: ignore[index]
        return (
            f"{summary['files']} files, {summary['resources']} resources, "
            f"{summary['findings']} findings, {summary['errors']} files with errors"
        )
    if m.tool.summarize == "checkov":
        reports = docs[0] if isinstance(docs[0], list) else docs
        totals: dict[str, int] = {}
        for report in reports:
            for key, value in (report.get("summary") or {}).items():  # type: ignore[union-attr]
                if isinstance(value, int):
                    totals[key] = totals.get(key, 0) + value
        return (
            f"{totals.get('resource_count', 0)} resources, {totals.get('passed', 0)} passed, "
            f"{totals.get('failed', 0)} failed, {totals.get('parsing_errors', 0)} parsing errors"
        )
    matches = [match for doc in docs if isinstance(doc, list) for match in doc]
    levels: dict[str, int] = {}
    for match in matches:
        level = str(match.get("Level", "?"))
        levels[level] = levels.get(level, 0) + 1
    parse_errors = sum(1 for match in matches if match.get("Rule", {}).get("Id") == "E0000")
    files = {match.get("Filename") for match in matches}
    by_level = "".join(f", {n} {level}" for level, n in sorted(levels.items()))
    return f"{len(matches)} matches in {len(files)} files{by_level}, {parse_errors} parse errors"


def error_lines(m: Measurement, limit: int) -> tuple[int, list[str]]:
    assert m.stderr is not None
    lines = [
        line
        for line in m.stderr.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip()
    ]
    return len(lines), lines[:limit]


# --- report ------------------------------------------------------------------------------------


def print_table(results: list[Measurement]) -> None:
    by_case: dict[str, float] = {
        m.case: m.median for m in results if m.tool.name == "wellarch" and m.seconds
    }
    header = f"{'case':<6} {'tool':<9} {'seconds':>9} {'peak RSS MB':>12} {'ratio':>8}  exit codes"
    print(header)
    print("-" * len(header))
    for m in results:
        base = by_case.get(m.case)
        ratio = "—" if m.tool.name == "wellarch" or not base else f"{m.median / base:.1f}x"
        codes = ",".join(str(c) for c in sorted(set(m.codes)))
        bad = f"  BAD OUTPUT in {len(m.bad_runs)}/{len(m.seconds)} runs" if m.bad_runs else ""
        print(
            f"{m.case:<6} {m.tool.name:<9} {m.median:>9.3f} {m.peak_mb:>12.1f} {ratio:>8}  "
            f"{codes}{bad}"
        )


def check_targets(results: list[Measurement]) -> list[tuple[str, str, str]]:
    def get(case: str, tool: str) -> Measurement | None:
        return next((m for m in results if m.case == case and m.tool.name == tool), None)

    checks: list[tuple[str, str, str]] = []

    def verdict(ok: bool, *used: Measurement | None) -> str:
        if any(m is not None and m.bad_runs for m in used):
            return "INVALID"  # some run behind the figure did not do the work
        return "ok" if ok else "MISSED"

    def at_least(name: str, case: str, peer: str, target: float) -> None:
        ours, theirs = get(case, "wellarch"), get(case, peer)
        if ours and theirs:
            value = theirs.median / ours.median
            checks.append(
                (
                    name,
                    f"{value:.1f}x (target ≥ {target:g}x)",
                    verdict(value >= target, ours, theirs),
                )
            )

    at_least("cfn corpus: faster than checkov", "cfn", "checkov", 10)
    at_least("tf corpus: faster than checkov", "tf", "checkov", 20)
    cold = get("cold", "wellarch")
    if cold:
        value = f"{cold.median:.3f} s (target ≤ 0.3 s)"
        checks.append(("cold start: wellarch time", value, verdict(cold.median <= 0.3, cold)))
    at_least("cold start: faster than checkov", "cold", "checkov", 7)
    at_least("cold start: faster than cfn-lint", "cold", "cfn-lint", 3)
    ours = [m for m in results if m.tool.name == "wellarch"]
    if ours:
        peak = max(m.peak_mb for m in ours)
        value = f"{peak:.1f} MB (target ≤ 150 MB)"
        checks.append(("wellarch peak RSS", value, verdict(peak <= 150, *ours)))
    return checks


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", choices=["cfn", "tf", "cold"], help="run one case only")
    parser.add_argument(
        "--repeat",
        type=int,
        help="runs per tool and case, median reported (default: 3 for corpora, 5 for cold start)",
    )
    parser.add_argument(
        "--peers-venv",
        type=Path,
        default=DEFAULT_PEERS_VENV,
        help=f"virtual environment with checkov and cfn-lint (default: {DEFAULT_PEERS_VENV})",
    )
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")

    cases = [args.only] if args.only else ["cfn", "tf", "cold"]
    needed = {"cfn": CORPUS / "cfn", "tf": CORPUS / "tf", "cold": COLD_FILE}
    for case in cases:
        if not needed[case].exists():
            parser.error(f"{needed[case]} does not exist (needed by case {case!r})")
    peers = ensure_peers(args.peers_venv)
    out_dir = Path(tempfile.mkdtemp(prefix="wellarch-bench-scan-"))

    for name, command in [
        ("wellarch", [wellarch_bin(), "--version"]),
        ("checkov", [str(peers / "checkov"), "--version"]),
        ("cfn-lint", [str(peers / "cfn-lint"), "--version"]),
    ]:
        done = subprocess.run(command, capture_output=True, text=True)
        version = (done.stdout or done.stderr).strip().splitlines()
        print(f"{name:<9} {version[-1] if version else '?'}")
    print(f"cpus      {os.cpu_count()}")
    print(f"outputs   {out_dir}\n", flush=True)

    # Unmeasured warm-up: every tool once on the small template (bytecode compiled, libraries in
    # the page cache) and every corpus file read once — a corpus run of checkov takes minutes.
    print("warming up ...", flush=True)
    for tool in [
        wellarch(COLD_FILE),
        checkov(peers, "cloudformation", COLD_FILE),
        cfn_lint(peers, [COLD_FILE]),
    ]:
        run_once(tool, out_dir, f"warmup-{tool.name}")
    for case in cases:
        if case != "cold":
            for file in (CORPUS / case).rglob("*"):
                if file.is_file():
                    file.read_bytes()

    results: list[Measurement] = []
    for case in cases:
        if case == "cfn":
            folder = CORPUS / "cfn"
            files = cfn_files(folder)
            tools = [
                wellarch(folder),
                checkov(peers, "cloudformation", folder, checkov_crashers(files)),
                cfn_lint(peers, files),
            ]
        elif case == "tf":
            folder = CORPUS / "tf"
            tools = [wellarch(folder), checkov(peers, "terraform", folder)]
        else:
            tools = [
                wellarch(COLD_FILE),
                checkov(peers, "cloudformation", COLD_FILE),
                cfn_lint(peers, [COLD_FILE]),
            ]
        repeat = args.repeat or (5 if case == "cold" else 3)
        for tool in tools:
            results.append(measure(case, tool, repeat, out_dir))

    print()
    print_table(results)
    print()
    checks = check_targets(results)
    width = max(len(name) for name, _, _ in checks)
    for name, value, status in checks:
        print(f"{status:<7} {name:<{width}}  {value}")
    print()
    print("what each tool reported (last run):")
    for m in results:
        print(f"  {m.case:<5} {m.tool.name:<9} {summarize(m)}")
        if m.tool.note:
            print(f"        note: {m.tool.note}")
        for bad in m.bad_runs:
            print(f"        BAD OUTPUT {bad}")
        if m.tool.name == "wellarch":
            count, first = error_lines(m, 5)
            if count:
                print(f"        {count} lines on stderr, first {len(first)}:")
                for line in first:
                    print(f"          {line}")
    return 0 if all(status == "ok" for _, _, status in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
