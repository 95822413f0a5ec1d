"""Running the knowledge base's runnable examples: each one in its own Python process.

A fenced block whose info string is ``python runnable`` is a promise that the code runs as it
stands. Each block is written to a file in a fresh temporary directory and run with the same
interpreter as wellarch (``python -I``: isolated from the caller's environment variables,
user site-packages and working directory), with a time limit. A block fails when it exits
non-zero or runs out of time; the failure is reported at the file line of the code line that
raised, with the exception's last line.

Example:
    >>> from wellarch.content.document import CodeBlock
    >>> run_example(CodeBlock("python runnable", "assert 1 + 1 == 2\\n", line=10), "a.md")
    >>> run_example(CodeBlock("python runnable", "x = 1\\nassert x == 2\\n", 10), "a.md").line
    12
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from wellarch.content.document import CodeBlock
from wellarch.content.schema import Issue

__all__ = ["DEFAULT_TIMEOUT", "run_example", "run_examples"]

#: Seconds one example may take.
DEFAULT_TIMEOUT = 30.0
_SCRIPT = "example.py"
_FRAME = re.compile(r'File "[^"]*' + re.escape(_SCRIPT) + r'", line (\d+)')


def _failure(block: CodeBlock, file: str, stderr: str, returncode: int) -> Issue:
    lines = [line for line in stderr.splitlines() if line.strip()]
    reason = lines[-1].strip() if lines else f"exit status {returncode}"
    frames = _FRAME.findall(stderr)
    line = block.line + int(frames[-1]) if frames else block.line
    return Issue(file, line, "example", f"runnable example fails: {reason}")


def run_example(block: CodeBlock, file: str, *, timeout: float = DEFAULT_TIMEOUT) -> Issue | None:
    """Run one block; ``None`` when it succeeds, else the problem located in ``file``."""
    with tempfile.TemporaryDirectory(prefix="wellarch-example-") as folder:
        script = Path(folder) / _SCRIPT
        script.write_text(block.code, encoding="utf-8")
        try:
            done = subprocess.run(
                [sys.executable, "-I", _SCRIPT],
                cwd=folder,
                capture_output=True,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired:
            message = f"runnable example did not finish within {timeout:g} s"
            return Issue(file, block.line, "example", message)
    if done.returncode != 0:
        return _failure(block, file, done.stderr, done.returncode)
    return None


def run_examples(
    blocks: Sequence[tuple[str, CodeBlock]],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = 4,
) -> list[Issue]:
    """Run (file, block) pairs a few at a time; the problems, in the order of the blocks."""
    if not blocks:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(blocks)))) as pool:
        results = pool.map(lambda pair: run_example(pair[1], pair[0], timeout=timeout), blocks)
        return [issue for issue in results if issue is not None]
