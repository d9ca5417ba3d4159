"""The ``clearance`` command line.

::

    clearance check [--api API [--endpoint ENDPOINT]] [--format FORMAT] [-o FILE] PATH...
    clearance check [--stdin-filename PATH] ... -
    clearance rules [--api API] [--format text|json]
    clearance explain CODE [--format text|json]
    clearance schema --api API --endpoint ENDPOINT [-o FILE]
    clearance schema --all DIR [--api API]
    clearance serve [--host HOST] [--port PORT] [--mode mock|proxy] [--upstream API=URL]

Exit status: 0 no findings, 1 findings, 2 a usage or configuration error. Nothing but
``argparse`` loads before a command runs, so ``clearance --version`` stays instant.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from typing import TYPE_CHECKING, TextIO

from clearance._version import __version__
from clearance.arguments import add_selection_arguments

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = ["main", "run"]

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "github", "sarif", "server")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clearance",
        description="Check API request payloads offline, with the server's own error codes.",
    )
    parser.add_argument("--version", action="version", version=f"clearance {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check payload files",
        description="Check payload files. Exit status: 0 no findings, 1 findings, 2 errors.",
    )
    check.add_argument(
        "paths", nargs="+", metavar="PATH", help="files, folders of .json/.xml, or - for stdin"
    )
    check.add_argument("--api", help="the api of every file (kassa, snelstart, ...)")
    check.add_argument(
        "--endpoint", help='the endpoint id of every file, e.g. "POST /articles" (needs --api)'
    )
    check.add_argument("--format", choices=FORMATS, default="text", help="output format")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    add_selection_arguments(check, selected="report only these rules")
    where = check.add_mutually_exclusive_group()
    where.add_argument(
        "--config", metavar="PYPROJECT", help="use this file's [tool.clearance] for every path"
    )
    where.add_argument(
        "--isolated", action="store_true", help="ignore every pyproject.toml configuration"
    )
    check.add_argument(
        "--stdin-filename", metavar="PATH",
        help="the name of standard input (-): shown in the output, and placed by the "
        "configuration as that file would be",
    )  # fmt: skip
    check.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto",
        help="color the text output (auto: on a terminal, unless NO_COLOR is set)",
    )  # fmt: skip

    rules = commands.add_parser("rules", help="list the catalogs' rules")
    rules.add_argument("--api", help="only this api")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain = commands.add_parser(
        "explain", help="explain one rule: message, scope, basis, a failing example and its fix"
    )
    explain.add_argument("code", metavar="CODE", help="1030, kassa:1030 or a rule name")
    explain.add_argument("--format", choices=("text", "json"), default="text")

    schema = commands.add_parser(
        "schema", help="export the JSON Schema of an endpoint's payload, for editors"
    )
    schema.add_argument("--api", help="the api")
    schema.add_argument("--endpoint", help='the endpoint id, e.g. "POST /articles"')
    schema.add_argument(
        "--all", metavar="DIR", help="write DIR/<api>/<endpoint>.schema.json for every endpoint"
    )
    schema.add_argument("-o", "--output", metavar="FILE", help="write the schema to FILE")

    serve = commands.add_parser(
        "serve",
        help="run a local stand-in for the APIs (or a checking proxy), for clients in any language",
        description="Answer requests to http://HOST:PORT/<api>/... as the API would: refused "
        "ones with its own error, accepted ones with its documented success (--mode mock) or "
        "its real answer (--mode proxy). Needs the serve extra: pip install 'clearance[serve]'.",
    )
    from clearance.serve.command import add_arguments  # noqa: PLC0415 - argparse only

    add_arguments(serve)
    return parser


def _fail(message: str) -> int:
    sys.stderr.write(f"clearance: {message}\n")
    return EXIT_ERROR


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="\n") as handle:  # noqa: PTH123
        yield handle


def _color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _check(args: argparse.Namespace) -> int:
    from clearance.config import ConfigError, parse_selectors, validate_selectors  # noqa: PLC0415
    from clearance.errors import ClearanceError  # noqa: PLC0415
    from clearance.linter import Linter  # noqa: PLC0415
    from clearance.reporters import REPORTER_BY_NAME, Style  # noqa: PLC0415

    select, ignore = parse_selectors(args.select), parse_selectors(args.ignore)
    try:
        validate_selectors(sorted(select), "--select")
        validate_selectors(sorted(ignore), "--ignore")
        linter = Linter(
            api=args.api,
            endpoint=args.endpoint,
            select=select,
            ignore=ignore,
            today=args.today,
            config=args.config,
            isolated=args.isolated,
            stdin_filename=args.stdin_filename,
        )
    except (ConfigError, ClearanceError, OSError) as exc:
        return _fail(str(exc))
    if not gc.isenabled():  # the command's start-up (run) is over: collect from here on,
        gc.freeze()  # among the objects the checks make, not those of the imports
        gc.enable()
    outcome = linter.run(args.paths)
    for problem in outcome.problems:
        sys.stderr.write(f"clearance: {problem.message}\n")
    try:
        with _output(args.output) as out:
            style = Style(color=_color(args.color, out) and args.format == "text")
            REPORTER_BY_NAME[args.format](outcome, out, style)
    except OSError as exc:
        return _fail(f"{args.output}: {exc.strerror or exc}")
    if outcome.problems:
        return EXIT_ERROR
    # Warnings alone pass: the server would take the request (they are shown all the same).
    findings = any(item.severity != "warning" for item in outcome.diagnostics)
    return EXIT_FINDINGS if findings and not args.exit_zero else EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from clearance.apis import APIS  # noqa: PLC0415
    from clearance.errors import ClearanceError  # noqa: PLC0415
    from clearance.explain import operations_line, rule_rows  # noqa: PLC0415
    from clearance.linter import dumps  # noqa: PLC0415

    apis = [args.api] if args.api else APIS
    try:
        rows = rule_rows(apis)
    except ClearanceError as exc:
        return _fail(str(exc))
    if args.format == "json":
        sys.stdout.write(dumps(rows) + "\n")
        return EXIT_OK
    for name in apis:  # how much of each API clearance knows (issue 18)
        sys.stdout.write(f"# {operations_line(name)}\n")
    width = min(max((len(f"{row['api']}:{row['key']}") for row in rows), default=0), 20)
    for row in rows:
        rule_id = f"{row['api']}:{row['key']}"
        state = "enforced" if row["enforced"] else "-"
        sys.stdout.write(
            f"{rule_id:<{width}}  {row['status']}  {row['scope']:<7}  {row['basis']:<9}  "
            f"{state:<8}  {row['message']}\n"
        )
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from clearance import explain  # noqa: PLC0415
    from clearance.errors import ClearanceError  # noqa: PLC0415
    from clearance.linter import dumps  # noqa: PLC0415

    try:
        rule = explain.find(args.code)
    except ClearanceError as exc:
        return _fail(str(exc))
    if args.format == "json":
        data = explain.OWN[args.code] if rule is None else explain.to_json(rule)
        sys.stdout.write(dumps(data) + "\n")
    else:
        sys.stdout.write(explain.to_text(rule, args.code))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from clearance.apis import APIS  # noqa: PLC0415
    from clearance.errors import ClearanceError  # noqa: PLC0415
    from clearance.linter import dumps  # noqa: PLC0415
    from clearance.schema import endpoint_schema, write_all  # noqa: PLC0415

    try:
        if args.all is not None:
            if args.endpoint is not None or args.output is not None:
                return _fail("--all writes every endpoint: drop --endpoint and --output")
            for path in write_all(args.all, (args.api,) if args.api else APIS):
                sys.stdout.write(f"{path}\n")
            return EXIT_OK
        if args.api is None or args.endpoint is None:
            return _fail("schema needs --api and --endpoint, or --all DIR")
        schema = endpoint_schema(args.api, args.endpoint)
        with _output(args.output) as out:
            out.write(dumps(schema) + "\n")
    except (ClearanceError, OSError) as exc:
        return _fail(str(exc))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "serve":
        from clearance.serve.command import run  # noqa: PLC0415

        return run(args)
    command = {"check": _check, "rules": _rules, "explain": _explain, "schema": _schema}
    return command[args.command](args)


def run() -> None:
    """The ``clearance`` command: :func:`main`, then exit without tearing Python down.

    Once a command has written its output, the interpreter's teardown (every module and
    object freed one by one) is a sixth of a one-file check's time: the process ends at
    once instead, output flushed; and the cyclic garbage collector waits for start-up
    to end (see :func:`_check`). ``serve``
    (a long-running server whose libraries may leave work to exit hooks) and a failing
    flush exit the usual way.
    """
    argv = sys.argv[1:]
    if argv[:1] == ["serve"]:
        sys.exit(main(argv))
    # Start-up (imports, models) leaves nothing for the cyclic collector, which would walk
    # every object made so far again and again: it is off until the files are checked.
    gc.disable()
    status = main(argv)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken stream: Python reports it as usual
        sys.exit(status)
    os._exit(status)
