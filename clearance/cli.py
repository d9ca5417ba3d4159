"""The ``clearance`` command line.

Exit status: 0 no findings, 1 findings, 2 a usage or configuration error.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

from clearance import __version__

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "server")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clearance",
        description="Check API request payloads offline, with the server's own error codes.",
    )
    parser.add_argument("--version", action="version", version=f"clearance {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check payload files")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders of .json/.xml")
    check.add_argument("--api", help="the api of every file (kassa, snelstart, ...)")
    check.add_argument("--endpoint", help='the endpoint id of every file, e.g. "POST /articles"')
    check.add_argument("--format", choices=FORMATS, default="text", help="output format")
    check.add_argument(
        "--ignore", action="append", default=[], metavar="SELECTOR",
        help="switch rules off: a code, api:code, an api, or INF for every inferred rule",
    )  # fmt: skip
    check.add_argument(
        "--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
        help="the date date rules compare with (default: today)",
    )  # fmt: skip

    rules = commands.add_parser("rules", help="list the catalogs' rules")
    rules.add_argument("--api", help="only this api")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _check(args: argparse.Namespace) -> int:
    from clearance.errors import ClearanceError  # noqa: PLC0415 - keep --version light
    from clearance.linter import check_file, expand_paths  # noqa: PLC0415
    from clearance.report import Context  # noqa: PLC0415
    from clearance.reporters import REPORTER_BY_NAME  # noqa: PLC0415

    if (args.api is None) != (args.endpoint is None):
        sys.stderr.write("clearance: --api and --endpoint go together\n")
        return EXIT_ERROR
    context = Context(today=args.today, ignore=frozenset(args.ignore))
    results = []
    status = EXIT_OK
    for path in expand_paths(args.paths):
        try:
            results.append(check_file(path, api=args.api, endpoint=args.endpoint, context=context))
        except (OSError, ClearanceError) as exc:
            sys.stderr.write(f"clearance: {exc}\n")
            status = EXIT_ERROR
    REPORTER_BY_NAME[args.format](results, sys.stdout)
    if status == EXIT_ERROR:
        return EXIT_ERROR
    return EXIT_FINDINGS if any(not r.report.ok for r in results) else EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from clearance.engine import get_api  # noqa: PLC0415
    from clearance.errors import ClearanceError  # noqa: PLC0415
    from clearance.linter import dumps  # noqa: PLC0415
    from clearance.validators import APIS  # noqa: PLC0415

    try:
        apis = [get_api(args.api)] if args.api else [get_api(name) for name in APIS]
    except ClearanceError as exc:
        sys.stderr.write(f"clearance: {exc}\n")
        return EXIT_ERROR
    rows = [
        {
            "api": rule.api,
            "code": rule.code,
            "name": rule.name,
            "status": rule.status,
            "scope": rule.scope,
            "basis": rule.basis,
            "enforced": rule.key in api.catalog.used,
            "message": rule.message,
        }
        for api in apis
        for rule in api.catalog
    ]
    if args.format == "json":
        sys.stdout.write(dumps(rows) + "\n")
    else:
        for row in rows:
            mark = "enforced" if row["enforced"] else row["scope"]
            sys.stdout.write(
                f"{row['api']} {row['code']} [{mark}, {row['basis']}] {row['message']}\n"
            )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "check":
        return _check(args)
    return _rules(args)
