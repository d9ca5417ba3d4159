"""Generate the per-API hooks of ``.pre-commit-hooks.yaml`` from ``APIS``.

Everything above the ``# --AUTOGEN_HOOKS_START-- #`` marker is written by hand (the
generic ``clearance`` hook); below it, one hook per API: ``clearance-<api>`` runs
``clearance check --api <api>`` on the files in folders named after the API.

Usage: ``python scripts/hooks.py`` rewrites the file; ``--check`` fails (exit 1) when it
is stale, so the test suite catches an API added without its hook.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from clearance.apis import APIS, get_api

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"
MARKER = "# --AUTOGEN_HOOKS_START-- #"
#: What an API that reads XML answers for an XML body (co3 takes XML and JSON).
_XML_PROBE = b'<?xml version="1.0" encoding="UTF-8"?><request/>'


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _types(api: str) -> str:
    takes_xml = get_api(api).form_of(_XML_PROBE) == "xml"
    return "[json, xml]" if takes_xml else "[json]"


def hooks() -> str:
    """The generated part: one hook per API in ``APIS``."""
    blocks = []
    for api in APIS:
        title = get_api(api).catalog.title
        blocks.append(
            "\n".join(
                [
                    f"- id: clearance-{api}",
                    f"  name: {_quoted(f'clearance ({title})')}",
                    "  description: "
                    + _quoted(f"Check {title} request fixtures in folders named {api}/."),
                    f"  entry: clearance check --api {api}",
                    "  language: python",
                    f"  types_or: {_types(api)}",
                    f"  files: {_quoted(f'(^|/){api}/')}",
                ]
            )
        )
    return "\n".join(blocks) + "\n"


def render(current: str) -> str:
    """The file with the generated part replaced."""
    head, sep, _ = current.partition(MARKER)
    if not sep:
        raise SystemExit(f"{HOOKS.name} lacks the {MARKER} marker")
    return f"{head}{MARKER}\n{hooks()}"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the hooks, or with ``--check`` report whether they are current."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    current = HOOKS.read_text(encoding="utf-8")
    wanted = render(current)
    if args.check:
        if current != wanted:
            print(f"{HOOKS.name} is stale: run python scripts/hooks.py", file=sys.stderr)
            return 1
        return 0
    HOOKS.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
