"""Time to load and strictly validate lenses (run by hand: `make bench`).

Measures the built-in `wellarchitected` lens and the largest lens the AWS limits allow
(10 pillars × 20 questions × 15 choices, every text at its maximum length), and prints each
against the peer measured in the same run: plain `json.loads` of the same bytes, the floor
any validator pays. Targets on the 2-core machine: 50 ms and 200 ms.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from importlib import resources

from wellarch.lens import check_lens, parse_lens_bytes


def largest_lens() -> bytes:
    """10 × 20 × 15 (the AWS maxima), texts as long as the 500,000-character limit leaves."""

    def build(text_len: int) -> bytes:
        text = "x" * text_len

        def question(p: int, q: int) -> dict:
            ids = [f"c{p}_{q}_{c}" for c in range(14)]
            return {
                "id": f"q{p}_{q}",
                "title": "T" * 128,
                "description": text,
                "choices": [
                    {"id": i, "title": text, "improvementPlan": {"displayText": text}} for i in ids
                ]
                + [{"id": f"q{p}_{q}_no", "title": "None of these"}],
                "riskRules": [
                    {"condition": " && ".join(ids), "risk": "NO_RISK"},
                    {"condition": " && ".join(ids[:5]), "risk": "MEDIUM_RISK"},
                    {"condition": "default", "risk": "HIGH_RISK"},
                ],
            }

        doc = {
            "schemaVersion": "2021-11-01",
            "name": "Largest lens at the AWS limits",
            "pillars": [
                {"id": f"pil{p}", "name": f"P{p}", "questions": [question(p, q) for q in range(20)]}
                for p in range(10)
            ],
        }
        return json.dumps(doc, separators=(",", ":")).encode()

    text_len = 60
    while len(build(text_len + 1)) <= 500_000:
        text_len += 1
    while len(build(text_len)) > 500_000:
        text_len -= 1
    return build(text_len)


def best_of(fn: Callable[[], object], repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    builtin = (resources.files("wellarch.lens") / "lenses" / "wellarchitected.json").read_bytes()
    cases = [
        ("wellarchitected (built-in)", builtin, 50),
        ("10x20x15 at the limits", largest_lens(), 200),
    ]
    print(
        f"{'lens':28} {'chars':>8} {'load+validate':>14} {'json.loads':>11} {'ratio':>6}"
        f" {'check':>8} target"
    )
    for name, data, target in cases:
        ours = best_of(lambda data=data, name=name: parse_lens_bytes(data, source=name))
        peer = best_of(lambda data=data: json.loads(data))
        lens = parse_lens_bytes(data, source=name).lens
        checked = best_of(lambda lens=lens: check_lens(lens), repeat=3)
        verdict = "ok" if ours < target else "MISSED"
        print(
            f"{name:28} {len(data):>8,} {ours:>11.1f} ms {peer:>8.1f} ms {ours / peer:>5.1f}x"
            f" {checked:>5.0f} ms {target} ms {verdict}"
        )


if __name__ == "__main__":
    main()
