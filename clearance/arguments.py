"""Command-line options that every command which checks takes (``check``, ``serve``).

Light on purpose: building the parser (``clearance --version``) imports nothing else.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

__all__ = ["SELECTOR_HELP", "add_selection_arguments"]

#: What a selector is, for ``--help``.
SELECTOR_HELP = (
    "a code (1030), api:code (kassa:1030), an api (kassa), a basis (DOC, INF, ...), "
    "'inferred', or '*' for every rule; repeat or separate with commas"
)


def add_selection_arguments(parser: argparse.ArgumentParser, *, selected: str) -> None:
    """``--select``, ``--ignore`` and ``--today``, as every command that checks takes them.

    ``selected`` says what a selected rule does (``report only these rules``).
    """
    parser.add_argument(
        "--select", action="append", default=[], metavar="SELECTOR",
        help=f"{selected} (replaces the configuration's): {SELECTOR_HELP}",
    )  # fmt: skip
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="SELECTOR",
        help=f"switch rules off (adds to the configuration's): {SELECTOR_HELP}",
    )  # fmt: skip
    parser.add_argument(
        "--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
        help="the date date rules compare with (default: [tool.clearance] today, or today)",
    )  # fmt: skip
