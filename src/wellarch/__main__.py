"""``python -m wellarch``: the same as the ``wellarch`` command."""

from wellarch.cli import main

main()
