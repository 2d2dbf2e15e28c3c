"""Start-up stays cheap: listing commands and queries imports no heavy library."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("rdflib", "networkx", "pyvis", "pyoxigraph", "matplotlib", "pyshacl")
PROBE = """
import sys
from click.testing import CliRunner
from graph.cli import main
result = CliRunner().invoke(main, {args!r})
assert result.exit_code == 0, result.output
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["queries"]])
def test_command_imports_no_heavy_module(args):
    from graph.cli import main

    if args[0] not in main.commands and args[0] != "--help":
        pytest.skip(f"no {args[0]!r} command in this build")
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"{' '.join(args)} imported {out}"
