"""``python -m clearance``."""

from clearance.cli import run

run()
