"""``wellarch serve``: the web UI and its JSON API on a local address (uvicorn)."""

from __future__ import annotations

import ipaddress
import os
import socket
from typing import Any

import click

from wellarch.cli.context import Context, pass_context
from wellarch.errors import InputError, NotFound
from wellarch.web import factory

SAMPLE = "web-shop"


def _url(host: str, port: int) -> str:
    try:
        is_v6 = ipaddress.ip_address(host).version == 6
    except ValueError:
        is_v6 = False
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://[{shown}]:{port}/" if is_v6 else f"http://{shown}:{port}/"


def _allowed_hosts(host: str) -> list[str] | None:
    """Host headers to accept: loopback names for a loopback server (stops DNS rebinding)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return [host, "localhost", "127.0.0.1"]
    if address.is_unspecified or address.version == 6:
        return None
    return [host, "localhost", "127.0.0.1"]


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on such sockets, and without
    # it every response (headers and body are two writes) waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(2048)
    sock.setblocking(False)
    return sock


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 127.0.0.1 keeps the server to this machine.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0 picks a free one).",
)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Database URL (default: the global --db, WELLARCH_DB, or the user data file).",
)
@click.option(
    "--sample",
    is_flag=True,
    help="Load the sample web-shop review first, unless a workload named web-shop exists.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Server processes sharing the port [default: 2 on a machine with two or more cores, "
    "else 1; an in-memory database lives in one process]. A team server on PostgreSQL may "
    "want one per core.",
)
@pass_context
def serve(
    app: Context, host: str, port: int, db_url: str | None, sample: bool, workers: int | None
) -> None:
    """Start the web UI: workloads, reviews, dashboards, milestones, reports and lenses.

    Pages work without JavaScript; the JSON API is under /api/ and describes itself at
    /api/openapi.json. Ctrl+C stops the server.

    \b
    Example:
        wellarch serve --sample
        wellarch serve --port 8080 --db sqlite:///reviews.db
        wellarch serve --db postgresql+psycopg://wellarch@db/reviews --workers 4
    """
    import secrets

    import uvicorn

    if db_url:
        app.db_url = db_url
    workers = factory.server_processes(app.database, workers)
    reviews = app.reviews
    if sample:
        try:
            reviews.workload(SAMPLE)
            click.echo(f"sample workload {SAMPLE!r} is already in the database")
        except NotFound:
            from wellarch.samples import load_webshop

            milestones = load_webshop(reviews)
            click.echo(f"loaded sample workload {SAMPLE!r} with {len(milestones)} milestones")
    sock = _bind(host, port)
    actual_port = sock.getsockname()[1]
    url = _url(host, actual_port)
    if sample:
        url += f"workloads/{SAMPLE}"
    processes = f" with {workers} processes" if workers > 1 else ""
    click.echo(f"wellarch is serving {app.database.display}{processes} at {url}  (Ctrl+C stops it)")
    hosts = _allowed_hosts(host)
    settings = {
        factory.ENV_DB: app.database.url,
        factory.ENV_SECRET: secrets.token_urlsafe(32),
        factory.ENV_HOSTS: ",".join(hosts or []),
    }
    options: dict[str, Any] = {
        "log_level": "warning",
        "server_header": False,
        "date_header": False,
        "workers": workers,
    }
    if workers == 1:
        application = factory.app_for(
            app.database, secret_key=settings[factory.ENV_SECRET], allowed_hosts=hosts
        )
        factory.settle()
        uvicorn.Server(uvicorn.Config(application, **options)).run(sockets=[sock])
        return
    from uvicorn.supervisors import Multiprocess

    os.environ.update(settings)  # the workers (spawned processes) read them
    config = uvicorn.Config("wellarch.web.factory:app_from_environment", factory=True, **options)
    Multiprocess(config, sockets=[sock]).run()
