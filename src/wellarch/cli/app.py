"""The root command group, global options and the one place errors become messages.

Every command opens what it needs through :class:`Context`, calls one library function and
prints the result. A :class:`~wellarch.errors.WellarchError` becomes one clear line on stderr
(every line, for a lens with several problems) and its exit code; click's usage errors exit 2;
anything else is a bug, reported in one line unless ``--debug`` asks for the traceback.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from wellarch import __version__
from wellarch.cli.context import Context
from wellarch.errors import LensError, WellarchError


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when used, so that start-up stays fast."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module_name, _, attribute = self.lazy[cmd_name].partition(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


class WellarchGroup(LazyGroup):
    """A group whose commands report wellarch errors as one line each, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WellarchError as exc:
            if ctx.obj is not None and ctx.obj.debug:
                raise
            lines = exc.lines() if isinstance(exc, LensError) else [str(exc)]
            for line in lines:
                click.echo(f"error: {line}", err=True)
            ctx.exit(exc.exit_code)


COMMANDS = {
    "lens": "wellarch.cli.lens:lens",
    "workload": "wellarch.cli.workload:workload",
    "answer": "wellarch.cli.answer:answer",
    "review": "wellarch.cli.review:review",
    "report": "wellarch.cli.answer:report",
    "milestone": "wellarch.cli.milestone:milestone",
    "db": "wellarch.cli.db:db",
    "scan": "wellarch.cli.scan:scan",
    "rules": "wellarch.cli.rules:rules",
    "practice": "wellarch.cli.practice:practice",
    "serve": "wellarch.cli.serve:serve",
    "calc": "wellarch.cli.calc:calc",
    "decide": "wellarch.cli.decide:decide",
    "content": "wellarch.cli.content:content",
    "learn": "wellarch.cli.learn:learn",
    "study": "wellarch.cli.study:study",
}


@click.group(
    cls=WellarchGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="wellarch")
@click.option(
    "--db",
    "db_url",
    envvar="WELLARCH_DB",
    metavar="URL",
    help="Database URL (default: a SQLite file in the user data directory; env WELLARCH_DB).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, debug: bool) -> None:
    """Review cloud architectures against the AWS Well-Architected Framework, offline.

    \b
    Example:
        wellarch lens list
        wellarch lens validate my-lens.json
    """
    ctx.obj = Context(db_url=db_url, debug=debug)
    ctx.call_on_close(ctx.obj.close)


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="wellarch")
    except Exception as exc:  # the last resort: a bug, reported without a traceback
        if debug:
            raise
        click.echo(
            f"error: internal error ({type(exc).__name__}: {exc}); "
            "run again with --debug for the traceback",
            err=True,
        )
        sys.exit(1)
