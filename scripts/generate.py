"""Regenerate the parts of README.md that come from the catalogs, and the spec data.

Usage: ``python scripts/generate.py`` rewrites them; ``--check`` fails (exit 1) when
README.md is stale, so CI and the test suite catch a catalog change without its table.
Both modes also run ``scripts/derive_specs.py`` (``clearance/specs/*.json`` from
``../shared/specs``; it passes, saying so, where a clone has no ``../shared``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import derive_specs

from clearance.apis import APIS, get_api
from clearance.compiler import enforced
from clearance.explain import operation_counts

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START, END = "<!-- rules-start -->", "<!-- rules-end -->"


def rules_table() -> str:
    """A table of the APIs with how many codes each catalog holds and enforces."""
    lines = [
        (
            "| api | catalog | endpoints | of the specification's operations "
            "| documented codes | enforced | of them inferred | envelope heads "
            "| server-side | not enforced | clearance's own rules |"
        ),
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in APIS:
        api = get_api(name)
        rules = [r for r in api.catalog if not r.removed]
        vendor = [r for r in rules if not r.own]
        enforced_keys = enforced(api)
        enforced_rules = [r for r in vendor if r.key in enforced_keys]
        inferred = [r for r in enforced_rules if r.inferred]
        heads = [r for r in vendor if r.head and r.scope != "server"]
        server = [r for r in vendor if r.scope == "server"]
        skipped = [r for r in vendor if r.unenforced]
        own = [r for r in rules if r.own]
        known, covered, total = operation_counts(name)
        of_spec = "no specification" if total is None else f"{covered} of {total}"
        lines.append(
            f"| `{name}` | {api.catalog.title} | {known} | {of_spec} "
            f"| {len(vendor)} | {len(enforced_rules)} "
            f"| {len(inferred)} | {len(heads)} | {len(server)} | {len(skipped)} | {len(own)} |"
        )
    lines += [
        "",
        (
            "*Endpoints* are the operations clearance knows (each checked as the server "
            "checks it); *of the specification's operations*, how many of the vendor's "
            "machine-readable specification's (`clearance/specs/`) they cover "
            "(`clearance rules` says the same). "
            "*Documented codes* are the codes the vendor documents (and, where marked, codes "
            "seen in real traffic). *Envelope heads* only head an error body (KASSA.AT's 1000). "
            "*Not enforced* rules could be decided locally but are not, for the reason their "
            "catalog entry gives. *clearance's own rules* (`clearance:*`) are checks the "
            "documentation asks for without giving them a code (and the parser's own errors)."
        ),
    ]
    return "\n".join(lines)


def render(text: str) -> str:
    """README text with the generated block replaced."""
    head, sep, rest = text.partition(START)
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise SystemExit(f"README.md lacks the {START} … {END} markers")
    return f"{head}{START}\n{rules_table()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    """Rewrite README.md, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if README.md is stale")
    args = parser.parse_args(argv)
    specs = derive_specs.main(["--check"] if args.check else [])
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if args.check:
        if current != wanted:
            print("README.md is stale: run python scripts/generate.py", file=sys.stderr)
            return 1
        return specs
    README.write_text(wanted, encoding="utf-8")
    return specs


if __name__ == "__main__":
    raise SystemExit(main())
