"""``make demo``: a complete review of the sample web shop on the embedded SQLite store.

Creates ``out/demo.db``, defines the workload, answers all 57 questions of the built-in
Well-Architected lens, saves a milestone, improves some answers, saves another, and writes
the reports (HTML, Markdown, JSON and, with WeasyPrint, PDF) with the improvement plan into
``out/``. ``make demo`` then serves the web UI on the same database.
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from wellarch.errors import PdfUnavailable
from wellarch.lens.catalog import BuiltinLensSource
from wellarch.report import RENDERERS
from wellarch.review.service import Reviews
from wellarch.samples import load_webshop
from wellarch.store import Database, SqlRepository, sqlite_url


def main(out_dir: Path = Path("out")) -> None:
    console = Console()
    out_dir.mkdir(exist_ok=True)
    db_path = out_dir / "demo.db"
    db_path.unlink(missing_ok=True)
    database = Database(sqlite_url(db_path.resolve()))
    database.ensure_ready()
    reviews = Reviews(SqlRepository(database), [BuiltinLensSource()])
    first, second = load_webshop(reviews)
    workload = reviews.workload("web-shop")
    [review] = reviews.lens_reviews(workload)

    table = Table("pillar", "high", "medium", "no risk", "n/a", title="web-shop: risks now")
    for pillar in review.pillars:
        counts = pillar.risk_counts
        table.add_row(
            pillar.pillar.name,
            str(counts["HIGH"]),
            str(counts["MEDIUM"]),
            str(counts["NONE"]),
            str(counts["NOT_APPLICABLE"]),
        )
    console.print(table)
    totals = reviews.diff("web-shop", first.number, second.number).totals()
    console.print(
        f"Milestone {first.number} → {second.number}: {totals['hris_fixed']} high risks fixed, "
        f"{totals['hris_new']} new; {totals['mris_fixed']} medium fixed.",
        highlight=False,
    )
    plan = reviews.plan(workload, [review])
    console.print(f"Improvement plan: {len(plan)} questions; first up:", highlight=False)
    for item in plan[:3]:
        console.print(
            f"  {item.risk.value:<6} {item.question_id} {item.question_title}", highlight=False
        )

    # The same shop's CloudFormation pre-fills a fresh review from evidence.
    from wellarch.evidence.apply import collect_evidence
    from wellarch.evidence.scanner import scan
    from wellarch.samples import webshop_template

    template = webshop_template()
    scanned = scan([str(template)])
    reviews.create_workload("web-shop-iac", description="The web shop, reviewed from its IaC")
    outcome = reviews.apply_evidence("web-shop-iac", collect_evidence(scanned.findings))
    summary = scanned.summary()
    console.print(
        f"Scanned {template.name}: {summary['resources']} resources, {summary['pass']} passed, "
        f"{summary['fail']} failed checks → suggested answers for {len(outcome.suggested)} "
        "questions of workload web-shop-iac, each citing file:line.",
        highlight=False,
    )

    report = reviews.report("web-shop")
    written = []
    for fmt, text in [
        ("html", RENDERERS["html"](report)),
        ("md", RENDERERS["md"](report)),
        ("json", json.dumps(report, indent=2, ensure_ascii=False) + "\n"),
    ]:
        path = out_dir / f"web-shop-report.{fmt}"
        path.write_text(text, encoding="utf-8")
        written.append(str(path))
    try:
        from wellarch.report.pdf import report_pdf

        pdf = out_dir / "web-shop-report.pdf"
        pdf.write_bytes(report_pdf(report))
        written.append(str(pdf))
    except PdfUnavailable as exc:  # the other reports stand; say what is missing
        console.print(f"[yellow]No PDF:[/yellow] {exc}", highlight=False)
    database.close()
    console.print(f"Reports: {', '.join(written)}", highlight=False)
    console.print(
        f"Explore: .venv/bin/wellarch --db sqlite:///{db_path.resolve()} workload show web-shop",
        highlight=False,
    )


if __name__ == "__main__":
    main()
