"""``wellarch scan``: evidence from CloudFormation and Terraform, for CI and for reviews."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from wellarch.cli.context import Context, pass_context
from wellarch.errors import InputError

FORMATS = ["table", "json", "sarif", "junit", "md"]


def _rules_catalogue() -> list[dict[str, Any]]:
    from wellarch.evidence.scanner import _default_registry, _question_of

    questions = _question_of()
    return [
        {
            "id": r.id,
            "title": r.title,
            "description": r.description,
            "severity": r.severity.value,
            "pillar": r.pillar,
            "choice_id": r.choice,
            "question_id": questions.get(r.choice, ""),
            "checkov": list(r.checkov),
            "cfn_lint": list(r.cfn_lint),
            "formats": list(r.formats),
        }
        for r in _default_registry()
    ]


def _table(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    failed = [f for f in data["findings"] if f["status"] == "fail"]
    if failed:
        table = Table("severity", "rule", "resource", "where", "problem")
        style = {"high": "bold red", "medium": "yellow", "low": "cyan"}
        for f in failed:
            table.add_row(
                f"[{style[f['severity']]}]{f['severity']}[/]",
                f["rule_id"],
                f["resource"],
                f"{f['file']}:{f['line']}",
                f["message"],
            )
        console.print(table)
    s = data["summary"]
    console.print(
        f"{s['files']} files, {s['resources']} resources: {s['fail']} failed, {s['pass']} passed, "
        f"{s['undetermined']} undetermined, {s['suppressed']} suppressed",
        highlight=False,
    )


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", help="Output format.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["high", "medium", "low", "never"]),
    default="high",
    help="Exit 1 when a failed finding is at least this severe.",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Report findings listed in this baseline file as suppressed.",
)
@click.option(
    "--create-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the current failed findings to a baseline file.",
)
@click.option(
    "--required-tag",
    "required_tags",
    multiple=True,
    metavar="KEY",
    help="Tag key every taggable resource must carry (repeatable; default cost-center).",
)
@click.option("--workload", help="Workload whose review the evidence is for (with --apply).")
@click.option(
    "--apply", "apply_", is_flag=True, help="Store the evidence and suggest answers on --workload."
)
@click.option("--jobs", type=click.IntRange(1, 64), help="Parallel processes (default: up to 4).")
@pass_context
def scan(
    app: Context,
    paths: tuple[str, ...],
    fmt: str,
    output: Path | None,
    fail_on: str,
    baseline: Path | None,
    create_baseline: Path | None,
    required_tags: tuple[str, ...],
    workload: str | None,
    apply_: bool,
    jobs: int | None,
) -> None:
    """Scan CloudFormation and Terraform for Well-Architected evidence.

    Exit codes: 0 when no failed finding is at or above --fail-on, 1 when there is one, 2 for
    usage errors or when nothing could be scanned. Files that cannot be parsed get one error
    line each on stderr and the scan goes on.

    \b
    Example:
        wellarch scan infra/ --format sarif -o wellarch.sarif
        wellarch scan template.yaml --workload web-shop --apply
    """
    from wellarch.evidence.model import Severity
    from wellarch.evidence.scanner import scan as run_scan
    from wellarch.evidence.suppression import Baseline

    if apply_ and not workload:
        raise click.UsageError("--apply needs --workload NAME")
    from wellarch.evidence.rules import cost

    try:  # every run sets it, so that nothing carries over between runs in one process
        cost.configure_required_tags(required_tags or None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--required-tag") from None
    known = Baseline.read(baseline) if baseline else None
    progress = None
    if sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True, console=None)
        task = bar.add_task("scanning", total=None)

        def progress(done: int, total: int) -> None:
            if done == 1:
                bar.start()
            bar.update(task, completed=done, total=total)
            if done == total:
                bar.stop()

    result = run_scan(list(paths), baseline=known, jobs=jobs, progress=progress)
    for problem in result.problems:
        click.echo(f"error: {problem.format()}", err=True)
    if result.files == 0 and result.problems:
        sys.exit(2)
    data = {
        "findings": [f.to_dict() for f in result.findings],
        "summary": result.summary(),
        "errors": [{"file": p.file, "line": p.line, "message": p.message} for p in result.problems],
    }
    if create_baseline:
        from wellarch.evidence.model import Status

        keys = [(f.file, f.resource, f.rule_id) for f in result.findings if f.status is Status.FAIL]
        create_baseline.write_text(Baseline(keys).dumps(), encoding="utf-8")
        click.echo(f"wrote a baseline of {len(set(keys))} findings to {create_baseline}", err=True)
    text: str | None
    if fmt == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "sarif":
        from wellarch.report.findings import render_sarif

        text = render_sarif(data, _rules_catalogue())
    elif fmt == "junit":
        from wellarch.report.findings import render_junit

        text = render_junit(data, _rules_catalogue())
    elif fmt == "md":
        from wellarch.report.findings import render_scan_markdown

        text = render_scan_markdown(data, _rules_catalogue())
    else:
        text = None
    if text is not None and output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror}", file=str(output)) from None
    elif text is not None:
        click.echo(text, nl=False)
    else:
        _table(data)
    if apply_ and workload:
        from wellarch.evidence.apply import collect_evidence

        outcome = app.reviews.apply_evidence(workload, collect_evidence(result.findings))
        click.echo(
            f"{workload}: suggested answers for {len(outcome.suggested)} questions"
            + (
                f"; kept {len(outcome.kept_manual)} answered by a person"
                if outcome.kept_manual
                else ""
            ),
            err=True,
        )
    threshold = None if fail_on == "never" else Severity(fail_on)
    if result.failed(threshold):
        sys.exit(1)
