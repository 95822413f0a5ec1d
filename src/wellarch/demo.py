"""``make demo``: the main job on the embedded defaults, for a newcomer's first run.

It loads and strictly validates the built-in lenses, checks every question's risk rules, and
exports the Well-Architected lens as AWS custom-lens JSON into ``out/``.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from wellarch.lens import check_lens, dump_lens
from wellarch.lens.catalog import BuiltinLensSource


def main(out_dir: Path = Path("out")) -> None:
    console = Console()
    source = BuiltinLensSource()
    table = Table("lens", "name", "pillars", "questions", "choices", "rule check", "load")
    for alias in source.aliases():
        started = time.perf_counter()
        entry = source.get(alias)
        assert entry is not None
        elapsed = (time.perf_counter() - started) * 1000
        lens = entry.lens
        violations = check_lens(lens)
        table.add_row(
            alias,
            lens.name,
            str(len(lens.pillars)),
            str(lens.question_count),
            str(sum(len(q.choices) for _, q in lens.questions())),
            "ok" if not violations else f"{len(violations)} violations",
            f"{elapsed:.0f} ms",
        )
    console.print(table)
    out_dir.mkdir(exist_ok=True)
    target = out_dir / "wellarchitected.json"
    entry = source.get("wellarchitected")
    assert entry is not None
    target.write_text(dump_lens(entry.lens), encoding="utf-8")
    console.print(f"Exported the Well-Architected lens for the AWS tool: {target}")
    console.print("Next: .venv/bin/wellarch lens show wellarchitected --question REL09")


if __name__ == "__main__":
    main()
