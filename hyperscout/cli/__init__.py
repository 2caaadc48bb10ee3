"""The ``hyperscout`` command: ``hyperscout --help`` lists the commands.

``main(argv)`` runs it in-process and returns the exit status (0 ok, 2 user error).
"""

from hyperscout.cli._main import main

__all__ = ["main"]
