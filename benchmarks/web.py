"""Web UI speed (run by hand: `.venv/bin/python benchmarks/web.py`).

A SQLite store with 1,000 workloads and one fully answered review (57 questions) is served by
`wellarch serve` (uvicorn; `--workers N` processes, default 1) on a free loopback port.
Closed-loop clients measure p50/p95 latency at 1 and 20 concurrent clients of:

- the review page of a question (pillar/question navigation with 57 risk badges),
- saving an answer through the review form (CSRF token, version check, 303 redirect),
- saving an answer through the JSON API (PUT with expected_version),
- the workload list (1,000 workloads, first page),

against the target p95 < 50 ms at 20 clients. The peer, measured in the same run on the same
server and connections, is the trivial `/api/health` endpoint: its latency is the floor of
the HTTP stack and the load generator, so the ratio shows what wellarch's pages cost on top.

The GET scenarios use wrk (Debian's `wrk`, written in C: the load generator takes little of the
two cores the server shares with it) when it is installed, else httpx threads (`--client
httpx` forces them). Saves always use httpx threads: each client keeps its own CSRF token and
answer version. Every loop is bounded and the server is stopped at the end.

    .venv/bin/python benchmarks/web.py [--workers 2] [--client wrk|httpx]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review import AnswerUpdate, Reviews
from wellarch.store import Database, SqlRepository, sqlite_url

WORKLOADS = 1_000
TARGET_P95_MS = 50.0
REQUESTS = {1: 300, 20: 60}  # per client
SHOP = "bench-shop"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def build_store(path: Path) -> tuple[str, list[tuple[str, list[str]]]]:
    database = Database(sqlite_url(path))
    database.ensure_ready()
    reviews = Reviews(SqlRepository(database), [BuiltinLensSource()])
    started = time.perf_counter()
    for i in range(WORKLOADS - 1):
        reviews.create_workload(f"workload-{i:04d}", owner=f"team-{i % 37}")
    reviews.create_workload(SHOP, owner="bench")
    lens = reviews.catalog.get("wellarchitected").lens
    questions = []
    for i, (_, question) in enumerate(lens.questions()):
        practices = [c.id for c in question.practices]
        chosen = tuple(practices[: 1 + i % len(practices)])
        reviews.answer(SHOP, question.id, AnswerUpdate(selected=chosen))
        questions.append((question.id, practices))
    database.close()
    print(
        f"store: {WORKLOADS:,} workloads, {len(questions)} answers in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return sqlite_url(path), questions


def start_server(db_url: str, workers: int = 1) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "wellarch", "--db", db_url, "serve", "--port", "0"]
    command += ["--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        match = re.search(r"at (http://\S+?)/?\s", line)
        if match:
            base = match.group(1)
            while time.monotonic() < deadline:  # workers start after the URL is printed
                try:
                    httpx.get(base + "/api/health", timeout=5).raise_for_status()
                    return process, base
                except httpx.HTTPError:
                    time.sleep(0.2)
        if not line:
            break
    process.terminate()  # SIGTERM: the supervisor stops its workers too (SIGKILL would orphan them)
    process.wait(timeout=30)
    raise SystemExit("the server did not start")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


Request = Callable[[httpx.Client, int, int], None]


def run(
    base: str,
    clients: int,
    request: Request,
    setup: Callable[[httpx.Client, int], None] | None = None,
) -> dict[str, float]:
    """Closed loop: ``clients`` threads, each sending REQUESTS[clients] requests."""
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        mine: list[float] = []
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                if setup:
                    setup(client, index)
                for n in range(5):  # warm the connection and the server's caches
                    request(client, index, n)
                barrier.wait()
                for n in range(REQUESTS[clients]):
                    started = time.perf_counter()
                    request(client, index, n)
                    mine.append((time.perf_counter() - started) * 1000)
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return {
        "n": len(latencies),
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "rps": len(latencies) / elapsed,
    }


WRK_SCRIPT = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("WRK %%d %%d %%.3f %%.3f %%d\\n", summary.requests,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def run_wrk(base: str, clients: int, paths: list[str], folder: Path) -> dict[str, float]:
    """``clients`` wrk connections for a few seconds over ``paths`` (in turn)."""
    script = folder / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    threads = min(clients, 2)
    command = ["wrk", f"-t{threads}", f"-c{clients}", "-d8s", "-s", str(script), base]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"WRK (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)", output)
    if match is None:
        raise SystemExit(f"wrk printed no summary:\n{output}")
    requests, micros, p50, p95, errors = match.groups()
    if int(errors):
        raise SystemExit(f"wrk saw {errors} errors:\n{output}")
    return {
        "n": float(requests),
        "p50": float(p50),
        "p95": float(p95),
        "rps": int(requests) / (int(micros) / 1e6),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--client", choices=["wrk", "httpx"], help="GET load generator")
    args = parser.parse_args()
    client = args.client or ("wrk" if shutil.which("wrk") else "httpx")
    folder = Path(tempfile.mkdtemp(prefix="wellarch-web-bench-"))
    db_url, questions = build_store(folder / "bench.db")
    process, base = start_server(db_url, args.workers)
    review_url = f"/workloads/{SHOP}/review/wellarchitected"
    api_url = f"/api/workloads/{SHOP}/lenses/wellarchitected/answers"
    try:
        state: dict[int, dict[str, object]] = {}

        def health(client: httpx.Client, index: int, n: int) -> None:
            assert client.get("/api/health").status_code == 200

        def review_page(client: httpx.Client, index: int, n: int) -> None:
            qid = questions[(index * 7 + n) % len(questions)][0]
            response = client.get(f"{review_url}/{qid}")
            assert response.status_code == 200 and "qnav-link" in response.text

        def workload_list(client: httpx.Client, index: int, n: int) -> None:
            assert client.get("/workloads").status_code == 200

        def form_setup(client: httpx.Client, index: int) -> None:
            qid, practices = questions[index % len(questions)]
            page = client.get(f"{review_url}/{qid}").text
            version = int(re.search(r'name="version" value="(\d+)"', page).group(1))  # type: ignore[union-attr]
            token = TOKEN.search(page).group(1)  # type: ignore[union-attr]
            state[index] = {"qid": qid, "practices": practices, "version": version, "token": token}

        def save_form(client: httpx.Client, index: int, n: int) -> None:
            s = state[index]
            practices = s["practices"]
            assert isinstance(practices, list)
            choices = practices[: 1 + n % 2]  # alternate, so that every save changes the answer
            response = client.post(
                f"{review_url}/{s['qid']}",
                data={
                    "csrf_token": s["token"],
                    "version": str(s["version"]),
                    "action": "save",
                    "choice": choices,
                },
            )
            assert response.status_code == 303, response.text[:300]
            s["version"] = int(str(s["version"])) + 1

        def api_setup(client: httpx.Client, index: int) -> None:
            qid, practices = questions[(index + 20) % len(questions)]
            version = client.get(f"{api_url}/{qid}").json()["version"]
            state[100 + index] = {"qid": qid, "practices": practices, "version": version}

        def save_api(client: httpx.Client, index: int, n: int) -> None:
            s = state[100 + index]
            practices = s["practices"]
            assert isinstance(practices, list)
            body = {"selected": practices[: 1 + n % 2], "expected_version": s["version"]}
            response = client.put(f"{api_url}/{s['qid']}", json=body)
            assert response.status_code == 200, response.text[:300]
            s["version"] = response.json()["version"]

        review_paths = [f"{review_url}/{qid}" for qid, _ in questions]
        scenarios: list[tuple[str, Request, Callable[[httpx.Client, int], None] | None]] = [
            ("peer: GET /api/health", health, None),
            ("review page (GET)", review_page, None),
            ("save answer (form POST)", save_form, form_setup),
            ("save answer (API PUT)", save_api, api_setup),
            ("workload list, 1,000 (GET)", workload_list, None),
        ]
        wrk_paths = {
            "peer: GET /api/health": ["/api/health"],
            "review page (GET)": review_paths,
            "workload list, 1,000 (GET)": ["/workloads"],
        }
        results: dict[tuple[str, int], dict[str, float]] = {}
        for clients in (1, 20):
            for name, request, setup in scenarios:
                if client == "wrk" and name in wrk_paths:
                    results[(name, clients)] = run_wrk(base, clients, wrk_paths[name], folder)
                else:
                    results[(name, clients)] = run(base, clients, request, setup)
    finally:
        process.terminate()
        process.wait(timeout=30)

    processes = f"{args.workers} process{'es' if args.workers > 1 else ''}"
    gets = "wrk" if client == "wrk" else "httpx threads"
    print(f"\nserver: wellarch serve (uvicorn, {processes}) on {base}")
    print(f"clients: GETs {gets}, saves httpx threads; peer = /api/health, same run")
    header = f"{'scenario':<28} {'clients':>7} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8}"
    print(header + f" {'req/s':>7} {'p95 / peer':>10}  target p95 < {TARGET_P95_MS:.0f} ms")
    for (name, clients), r in results.items():
        peer = results[("peer: GET /api/health", clients)]["p95"]
        verdict = ""
        if clients == 20 and not name.startswith("peer"):
            verdict = "ok" if r["p95"] < TARGET_P95_MS else "MISSED"
        print(
            f"{name:<28} {clients:>7} {r['n']:>8.0f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
            f"{r['rps']:>7.0f} {r['p95'] / peer:>9.1f}x  {verdict}"
        )


if __name__ == "__main__":
    main()
