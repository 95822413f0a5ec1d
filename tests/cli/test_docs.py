"""Every command, and every option, is documented; every command's help shows an example."""

from __future__ import annotations

import click
import pytest

from wellarch.cli import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(cli))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_command_is_documented_with_an_example(path, command):
    assert command.help, f"wellarch {' '.join(path)} has no docstring"
    assert "Example:" in command.help, f"wellarch {' '.join(path)} has no Example: block"
    example = command.help.split("Example:")[1]
    assert "wellarch " in example and path[-1] in example, f"example does not run {path}"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"wellarch {' '.join(path)} {param.opts[0]} has no help"


def test_root_help_shows_an_example():
    assert "Example:" in cli.help
