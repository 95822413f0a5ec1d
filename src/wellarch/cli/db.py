"""``wellarch db ...``: schema upgrades, and whole-database export and import."""

from __future__ import annotations

import json
from pathlib import Path

import click

from wellarch.cli.context import Context, pass_context
from wellarch.errors import InputError
from wellarch.lens.reader import parse_json


@click.group()
def db() -> None:
    """Manage the database (SQLite by default; --db or WELLARCH_DB for another).

    \b
    Example:
        wellarch db upgrade
        wellarch db export backup.json
    """


@db.command()
@pass_context
def upgrade(app: Context) -> None:
    """Create or upgrade the database schema to this version of wellarch.

    \b
    Example:
        wellarch --db sqlite:///team.db db upgrade
    """
    app.database.upgrade()
    click.echo(f"database is up to date: {app.database.display}")


@db.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def export(app: Context, file: Path) -> None:
    """Export everything — workloads, answers, milestones, custom lenses — as JSON.

    \b
    Example:
        wellarch db export backup.json
    """
    data = app.repository.dump()
    text = json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n"
    try:
        file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", file=str(file)) from None
    click.echo(
        f"exported {len(data['workloads'])} workloads and {len(data['lenses'])} lenses to {file}"
    )


@db.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def import_(app: Context, file: Path) -> None:
    """Import a `db export` file; nothing is written if any part of it is refused.

    \b
    Example:
        wellarch --db sqlite:///new.db db import backup.json
    """
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", file=str(file)) from None
    data = parse_json(raw, str(file), max_chars=2_000_000_000, what="a wellarch export")
    if not isinstance(data, dict) or data.get("format") != "wellarch-db":
        raise InputError('not a wellarch export (no "format": "wellarch-db")', file=str(file))
    lenses, workloads = app.repository.load(data)
    click.echo(f"imported {workloads} workloads and {lenses} lenses from {file}")
