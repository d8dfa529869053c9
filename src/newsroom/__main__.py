"""``python -m newsroom``: the ``newsroom`` command (``flows.cli``).

The one module of the package that reaches up to the application layer: the core never
imports ``flows`` (ruff's banned-api rule holds everywhere else in ``src/newsroom``).
"""

from flows.cli import main

main()
