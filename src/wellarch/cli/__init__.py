"""The ``wellarch`` command line: thin commands over the library (see ``wellarch --help``)."""

from wellarch.cli.app import cli, main

__all__ = ["cli", "main"]
