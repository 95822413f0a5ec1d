"""``wellarch serve``: starts uvicorn, loads the sample once, prints the URL."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import httpx
import pytest

from wellarch.cli.serve import _allowed_hosts, _url


def start(*args):
    process = subprocess.Popen(
        [sys.executable, "-m", "wellarch", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        match = re.search(r"at (http://\S+)", line)
        if match:
            return process, match.group(1), lines
    process.kill()
    raise AssertionError("no URL printed: " + "".join(lines))


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def test_serve_sample_prints_the_url_and_serves_it(tmp_path):
    db = f"sqlite:///{tmp_path / 'serve.db'}"
    process, url, lines = start("serve", "--port", "0", "--db", db, "--sample")
    try:
        assert "loaded sample workload 'web-shop' with 2 milestones" in "".join(lines)
        assert url.startswith("http://127.0.0.1:") and url.endswith("/workloads/web-shop")
        response = httpx.get(url, timeout=30)
        assert response.status_code == 200
        assert "web-shop" in response.text
        api = httpx.get(url.split("/workloads")[0] + "/api/workloads", timeout=30).json()
        assert [w["name"] for w in api] == ["web-shop"]
        rebound = httpx.get(url, headers={"Host": "attacker.example"}, timeout=30)
        assert rebound.status_code == 400
    finally:
        stop(process)
    # Again on the same database: the sample is not loaded twice.
    process, url, lines = start("--db", db, "serve", "--port", "0", "--sample")
    try:
        assert "already in the database" in "".join(lines)
    finally:
        stop(process)


def test_workers_share_the_port_the_database_and_the_signing_key(tmp_path):
    db = f"sqlite:///{tmp_path / 'serve.db'}"
    process, url, lines = start("--db", db, "serve", "--port", "0", "--sample", "--workers", "2")
    base = url.split("/workloads")[0]
    try:
        assert " with 2 processes at http://" in "".join(lines)
        deadline = time.monotonic() + 60
        while True:  # the workers start after the URL is printed
            try:
                httpx.get(base + "/api/health", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the workers did not start"
                time.sleep(0.2)
        # Forms rendered by one worker must be accepted by the other: save many times over
        # fresh connections, so that both workers take part, and every save must land.
        for number in range(12):
            with httpx.Client(base_url=base, timeout=30) as client:
                page = client.get("/workloads/web-shop/edit").text
                token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
                form = {
                    "csrf_token": token,
                    "name": "web-shop",
                    "owner": f"Team {number}",
                    "lenses": "wellarchitected",
                }
                response = client.post("/workloads/web-shop/edit", data=form)
                assert response.status_code == 303, response.text[:300]
        owner = httpx.get(base + "/api/workloads/web-shop", timeout=30).json()["owner"]
        assert owner == "Team 11"
    finally:
        stop(process)


def test_serve_refuses_a_busy_port(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        db = f"sqlite:///{tmp_path / 'x.db'}"
        result = subprocess.run(
            [sys.executable, "-m", "wellarch", "--db", db, "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_serve_refuses_processes_for_a_database_in_memory():
    result = subprocess.run(
        [sys.executable, "-m", "wellarch", "--db", "sqlite://", "serve", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "lives in one process: serve it with --workers 1" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("host", "url", "allowed"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000/", ["127.0.0.1", "localhost", "127.0.0.1"]),
        ("localhost", "http://localhost:8000/", ["localhost", "localhost", "127.0.0.1"]),
        ("0.0.0.0", "http://127.0.0.1:8000/", None),
        ("::1", "http://[::1]:8000/", None),
    ],
)
def test_urls_and_allowed_hosts(host, url, allowed):
    assert _url(host, 8000) == url
    assert _allowed_hosts(host) == allowed
