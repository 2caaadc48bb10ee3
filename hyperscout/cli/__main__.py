"""``python -m hyperscout.cli``: the same as the ``hyperscout`` command."""

from hyperscout.cli import main

raise SystemExit(main())
