"""The ``inspection-graph`` command: a thin layer over the Python API.

Each command parses its options, calls one API function and formats the
answer; errors a user can cause are printed as ``Error: ...`` with exit 1. One
module per group of commands: :mod:`~graph.cli.build`, :mod:`~graph.cli.query`,
:mod:`~graph.cli.imports`, :mod:`~graph.cli.serve`, :mod:`~graph.cli.analysis`;
the group and the shared options are in :mod:`~graph.cli.app`.
"""

from graph.cli import (  # noqa: F401  (registers commands)
    analysis,
    authoring,
    build,
    imports,
    query,
    serve,
)
from graph.cli.app import main

__all__ = ["main"]

if __name__ == "__main__":  # pragma: no cover
    main()
