"""Web UI speed (run by hand: `.venv/bin/python benchmarks/web.py`).

A SQLite store with 1,000 workloads and one fully answered review (57 questions) is served by
`wellarch serve` (uvicorn; its default processes — two on a machine with two cores or more —
or `--workers N`) on a free loopback port.
Closed-loop clients measure p50/p95 latency at 1 and 20 concurrent clients of:

- the review page of a question (pillar/question navigation with 57 risk badges),
- saving an answer through the review form (CSRF token, version check, 303 redirect),
- saving an answer through the JSON API (PUT with expected_version),
- the workload list (1,000 workloads, first page),

against the target p95 < 50 ms at 20 clients. The peer, measured in the same run on the same
server and connections, is the trivial `/api/health` endpoint: its latency is the floor of
the HTTP stack and the load generator, so the ratio shows what wellarch's pages cost on top.

Every scenario uses wrk (Debian's `wrk`, written in C: the load generator takes little of the
two cores the server shares with it) when it is installed, else httpx threads (`--client
httpx` forces them), with the same threads for every scenario: up to 2, each driving its share
of the connections. A saving client is a question of its own (no two clients save the same
one) with its own CSRF token and cookie (fetched with httpx before the run) and the answer
version it tracks from every response; a wrk thread keeps its clients in a queue and sends
each request for the next one not in flight, so no question ever has two saves in flight (a
form save must answer 303, an API save 200 with the next version; anything else, such as a
409 for a stale version, fails the benchmark). One wrk thread per connection, as an earlier
version ran the saves, put 20 threads on the two cores and added their scheduling to the
latency. Every save alternates the chosen practices, so that it changes the answer. After a
1 s warm-up and after the measured run, the stored answers are read back through the API: each
version must have advanced by the saves wrk counted (plus at most the one request in flight
when wrk stopped) and hold the last selection sent. Every loop is bounded and the server is
stopped at the end.

    .venv/bin/python benchmarks/web.py [--workers N] [--client wrk|httpx]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import quote, urlencode

import httpx

from wellarch.lens.catalog import BuiltinLensSource
from wellarch.review import AnswerUpdate, Reviews
from wellarch.store import Database, SqlRepository, sqlite_url
from wellarch.web.csrf import COOKIE, FIELD

WORKLOADS = 1_000
TARGET_P95_MS = 50.0
REQUESTS = {1: 300, 20: 60}  # per client
SHOP = "bench-shop"
TOKEN = re.compile(rf'name="{FIELD}" value="([^"]+)"')


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


def start_server(db_url: str, workers: int | None = None) -> tuple[subprocess.Popen[str], str, int]:
    """The server, its URL and how many processes it said it runs."""
    command = [sys.executable, "-m", "wellarch", "--db", db_url, "serve", "--port", "0"]
    if workers is not None:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        match = re.search(r"(?: with (\d+) processes)? at (http://\S+?)/?\s", line)
        if match:
            processes, base = int(match.group(1) or 1), match.group(2)
            while time.monotonic() < deadline:  # workers start after the URL is printed
                try:
                    httpx.get(base + "/api/health", timeout=5).raise_for_status()
                    return process, base, processes
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
                for n in range(5, 5 + REQUESTS[clients]):  # n goes on: saves keep alternating
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


WRK_DONE = r"""
function summarize(summary, latency)
  io.write(string.format("WRK %d %d %.3f %.3f %d\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
"""

WRK_SCRIPT = Template(
    WRK_DONE
    + r"""
local paths = {$paths}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  summarize(summary, latency)
end
"""
)

# Saves run on wrk's usual threads (up to 2), several connections each. A thread's Lua state
# holds its pool of clients (one question each, as many as the thread has connections) and a
# queue of the ones not in flight: request() takes the next client from the queue, response()
# finds whose answer came back (the API's body names the question; the form's redirect goes
# back to the question's page), advances that client's version and queues it again. So no two
# requests for one question are ever in flight, whichever connection sends them. Every thread
# runs the whole script, pools included; setup() runs in wrk's main Lua state once per thread,
# in thread order, and tells each thread which pool is its own. wrk then calls request() once
# on thread 1 to check the script, before any connection opens: that call builds a request
# without taking a client from the queue. done() reads every thread's counters back — flat
# tables only (wrk 4.1 crashes copying nested tables between its Lua states).
SAVE_SCRIPT = Template(
    WRK_DONE
    + r"""
local pools = $pools
local method, expected, api = $method, $expected, $api
local threads, counter = {}, 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  threads[counter] = thread
end

function init(args)
  pool, queue, first, last, checked, by_key = pools[id], {}, 1, 0, false, {}
  qids, saves, bads, versions, pendings, whys, stray = {}, {}, {}, {}, {}, {}, ""
  for i, c in ipairs(pool) do
    last = last + 1
    queue[last], by_key[c.key] = i, i
    qids[i], saves[i], bads[i], versions[i], pendings[i], whys[i] = c.qid, 0, 0, c.version, 0, ""
  end
end

local function build(i)
  local c = pool[i]
  local k = (saves[i] + c.flip) % 2 + 1  -- alternate the two selections: every save changes it
  local body = c.heads[k] .. string.format("%d", versions[i]) .. c.tails[k]
  return wrk.format(method, c.path, c.headers, body)
end

local function excerpt(status, body)
  return status .. " " .. (string.gsub(string.sub(body or "", 1, 300), "%s+", " "))
end

function request()
  if id == 1 and not checked then  -- wrk's check of the script: nothing is sent
    checked = true
    return build(queue[first])
  end
  if first > last then error("no client left to send: more connections than clients") end
  local i = queue[first]
  queue[first], first = nil, first + 1
  pendings[i] = 1
  return build(i)
end

function response(status, hdrs, body)
  local key
  if api then
    key = string.match(body or "", '"question_id"%s*:%s*"([^"]+)"')
  else
    key = hdrs["location"] or hdrs["Location"]
  end
  local i = key and by_key[key]
  if i == nil then
    if stray == "" then stray = excerpt(status, body) end
    return
  end
  pendings[i] = 0
  local next_version = versions[i] + 1
  if api and status == expected then
    next_version = tonumber(string.match(body or "", '"version"%s*:%s*(%d+)'))
  end
  if status ~= expected or next_version ~= versions[i] + 1 then
    bads[i] = bads[i] + 1
    if whys[i] == "" then whys[i] = excerpt(status, body) end
  else
    versions[i], saves[i] = next_version, saves[i] + 1
  end
  last = last + 1
  queue[last] = i
end

function done(summary, latency, requests)
  summarize(summary, latency)
  for _, t in ipairs(threads) do
    local qids, saves, bads = t:get("qids"), t:get("saves"), t:get("bads")
    local versions, pendings, whys = t:get("versions"), t:get("pendings"), t:get("whys")
    for i, qid in ipairs(qids) do
      io.write(string.format("CLIENT %s %d %d %d %d\n", qid, saves[i], bads[i], versions[i],
        pendings[i]))
      if whys[i] ~= "" then io.write(string.format("BAD %s: %s\n", qid, whys[i])) end
    end
    local stray = t:get("stray")
    if stray ~= "" then io.write(string.format("BAD response of no client: %s\n", stray)) end
  end
end
"""
)


def lua(value: object) -> str:
    """``value`` as a Lua literal (strings byte-escaped: no quoting surprises)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        safe = (
            chr(b) if 32 <= b < 127 and b not in b'"\\' else f"\\{b:03d}" for b in value.encode()
        )
        return '"' + "".join(safe) + '"'
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{lua(k)}] = {lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "{" + ", ".join(lua(v) for v in value) + "}"
    raise TypeError(f"no Lua literal for {value!r}")


def wrk(
    base: str, script: str, threads: int, clients: int, seconds: int, folder: Path
) -> tuple[dict[str, float], str]:
    """Run wrk with ``script``; its stats and its whole output (the script's lines in it)."""
    path = folder / "bench.lua"
    path.write_text(script)
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(path), base]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"WRK (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)", output)
    if match is None:
        raise SystemExit(f"wrk printed no summary:\n{output}")
    requests, micros, p50, p95, errors = match.groups()
    if int(errors):
        raise SystemExit(f"wrk saw {errors} errors:\n{output}")
    stats = {
        "n": float(requests),
        "p50": float(p50),
        "p95": float(p95),
        "rps": int(requests) / (int(micros) / 1e6),
    }
    return stats, output


def run_wrk(base: str, clients: int, paths: list[str], folder: Path) -> dict[str, float]:
    """``clients`` wrk connections for a few seconds over ``paths`` (in turn)."""
    script = WRK_SCRIPT.substitute(paths=", ".join(lua(p) for p in paths))
    return wrk(base, script, min(clients, 2), clients, 8, folder)[0]


@dataclass
class Saver:
    """One saving client: its question, the two selections it alternates, its session."""

    qid: str
    selections: tuple[tuple[str, ...], tuple[str, ...]]
    token: str = ""
    cookie: str = ""
    version: int = 0
    flip: int = 0  # the first save sends selections[flip]: not the stored one

    def read(self, http: httpx.Client, api_url: str) -> tuple[int, set[str]]:
        answer = http.get(f"{api_url}/{self.qid}").raise_for_status().json()
        return int(answer["version"]), set(answer["selected"])

    def refresh(self, http: httpx.Client, api_url: str) -> None:
        self.version, selected = self.read(http, api_url)
        self.flip = 1 if selected == set(self.selections[0]) else 0


def savers_for(
    base: str, form: bool, clients: int, questions: list[tuple[str, list[str]]], review_url: str
) -> list[Saver]:
    """One question per client (the form's first 20, the API's next 20): no conflicts."""
    savers = []
    for index in range(clients):
        qid, practices = questions[(index + (0 if form else 20)) % len(questions)]
        first, second = tuple(practices[:1]), tuple(practices[:2])
        assert first != second, f"{qid} has one practice: its saves could not alternate"
        saver = Saver(qid, (first, second))
        if form:  # its own CSRF cookie and the token signing it, as a browser gets them
            with httpx.Client(base_url=base, timeout=30) as http:
                page = http.get(f"{review_url}/{qid}").raise_for_status().text
                saver.token = TOKEN.search(page).group(1)  # type: ignore[union-attr]
                saver.cookie = http.cookies[COOKIE]
        savers.append(saver)
    return savers


def save_script(
    savers: list[Saver], threads: int, form: bool, review_url: str, api_url: str
) -> str:
    """The Lua script of a save run: ``savers`` dealt to ``threads`` pools in turn."""
    pools: list[list[dict[str, object]]] = [[] for _ in range(threads)]
    for index, s in enumerate(savers):
        if form:
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"{COOKIE}={s.cookie}",
            }
            heads = [
                urlencode([(FIELD, s.token), ("action", "save")] + [("choice", c) for c in sel])
                + "&version="
                for sel in s.selections
            ]
            tails = ["", ""]
        else:
            headers = {"Content-Type": "application/json"}
            heads = [
                f'{{"selected": {json.dumps(sel)}, "expected_version": ' for sel in s.selections
            ]
            tails = ["}", "}"]
        path = f"{review_url if form else api_url}/{quote(s.qid)}"
        # what a response names it by: the form redirects back to the question's page
        key = path if form else s.qid
        client: dict[str, object] = {"qid": s.qid, "key": key, "path": path}
        client.update(headers=headers, heads=heads, tails=tails, version=s.version, flip=s.flip)
        pools[index % threads].append(client)
    return SAVE_SCRIPT.substitute(
        pools=lua(pools),
        method=lua("POST" if form else "PUT"),
        expected=303 if form else 200,
        api=lua(not form),
    )


def run_wrk_saves(
    base: str,
    clients: int,
    form: bool,
    questions: list[tuple[str, list[str]]],
    folder: Path,
    review_url: str,
    api_url: str,
) -> dict[str, float]:
    """``clients`` wrk connections (on up to 2 threads) saving their own question in a loop.

    A warm-up second, then the measured run; after each, every stored answer is checked.
    """
    savers = savers_for(base, form, clients, questions, review_url)
    threads = min(clients, 2)
    with httpx.Client(base_url=base, timeout=30) as http:
        for seconds in (1, 8):
            for saver in savers:
                saver.refresh(http, api_url)
            script = save_script(savers, threads, form, review_url, api_url)
            stats, output = wrk(base, script, threads, clients, seconds, folder)
            time.sleep(1)  # the request in flight when wrk stopped may still be being saved
            rows = {
                qid: row
                for qid, *row in re.findall(
                    r"^CLIENT (\S+) (\d+) (\d+) (\d+) ([01])$", output, re.M
                )
            }
            bad = [line for line in output.splitlines() if line.startswith("BAD ")]
            if bad or sorted(rows) != sorted(s.qid for s in savers):
                raise SystemExit("save answers failed:\n" + "\n".join(bad or [output]))
            saves = in_flight = 0
            for saver in savers:
                done, _, version, pending = rows[saver.qid]
                stored, selected = saver.read(http, api_url)
                advanced = stored - saver.version
                if int(version) != saver.version + int(done):
                    raise SystemExit(f"{saver.qid}: wrk tracked version {version}, not +{done}")
                if not int(done) <= advanced <= int(done) + int(pending):
                    raise SystemExit(
                        f"{saver.qid}: stored version {stored} advanced by {advanced}, "
                        f"wrk counted {done} saves (+{pending} in flight)"
                    )
                last = saver.selections[(advanced - 1 + saver.flip) % 2]
                if advanced and selected != set(last):
                    raise SystemExit(f"{saver.qid}: stored {sorted(selected)}, last sent {last}")
                saves += int(done)
                in_flight += advanced - int(done)
            if stats["n"] != saves:
                raise SystemExit(f"wrk counted {stats['n']:.0f} responses, clients {saves}")
            kind = "form POST" if form else "API PUT"
            print(
                f"{kind}, {clients} client{'s' if clients > 1 else ''}, {seconds} s: "
                f"{saves} saves of {clients} question{'s' if clients > 1 else ''}, stored "
                f"versions advanced by {saves + in_flight} ({in_flight} in flight when wrk "
                "stopped), each answer holds the last selection sent"
            )
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, help="server processes (default: serve's)")
    parser.add_argument("--client", choices=["wrk", "httpx"], help="load generator")
    args = parser.parse_args()
    client = args.client or ("wrk" if shutil.which("wrk") else "httpx")
    folder = Path(tempfile.mkdtemp(prefix="wellarch-web-bench-"))
    db_url, questions = build_store(folder / "bench.db")
    process, base, processes = start_server(db_url, args.workers)
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

        def flip(client: httpx.Client, qid: str, practices: list[str]) -> int:
            """1 when the stored answer is the first selection: the first save must differ."""
            selected = client.get(f"{api_url}/{qid}").json()["selected"]
            return 1 if set(selected) == set(practices[:1]) else 0

        def form_setup(client: httpx.Client, index: int) -> None:
            qid, practices = questions[index % len(questions)]
            page = client.get(f"{review_url}/{qid}").text
            version = int(re.search(r'name="version" value="(\d+)"', page).group(1))  # type: ignore[union-attr]
            token = TOKEN.search(page).group(1)  # type: ignore[union-attr]
            state[index] = {"qid": qid, "practices": practices, "version": version, "token": token}
            state[index]["flip"] = flip(client, qid, practices)

        def save_form(client: httpx.Client, index: int, n: int) -> None:
            s = state[index]
            practices = s["practices"]
            assert isinstance(practices, list)
            # alternate, so that every save changes the answer
            choices = practices[: 1 + (n + int(str(s["flip"]))) % 2]
            response = client.post(
                f"{review_url}/{s['qid']}",
                data={
                    FIELD: s["token"],
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
            state[100 + index]["flip"] = flip(client, qid, practices)

        def save_api(client: httpx.Client, index: int, n: int) -> None:
            s = state[100 + index]
            practices = s["practices"]
            assert isinstance(practices, list)
            selected = practices[: 1 + (n + int(str(s["flip"]))) % 2]
            body = {"selected": selected, "expected_version": s["version"]}
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
                elif client == "wrk" and request in (save_form, save_api):
                    form = request is save_form
                    results[(name, clients)] = run_wrk_saves(
                        base, clients, form, questions, folder, review_url, api_url
                    )
                else:
                    results[(name, clients)] = run(base, clients, request, setup)
    finally:
        process.terminate()
        process.wait(timeout=30)

    shown = f"{processes} process{'es' if processes > 1 else ''}"
    clients_used = "wrk (up to 2 threads)" if client == "wrk" else "httpx threads (1 per client)"
    print(f"\nserver: wellarch serve (uvicorn, {shown}) on {base}")
    print(f"clients: {clients_used} for every scenario; peer = /api/health, same run")
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
