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
from typing import TYPE_CHECKING

import derive_specs

from clearance.apis import APIS, get_api
from clearance.compiler import enforced
from clearance.explain import operation_counts
from clearance.specs import load

if TYPE_CHECKING:
    from clearance.catalog import Rule

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START, END = "<!-- rules-start -->", "<!-- rules-end -->"
OWN_START, OWN_END = "<!-- own-codes-start -->", "<!-- own-codes-end -->"
OPS_START, OPS_END = "<!-- operations-start -->", "<!-- operations-end -->"


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


def _answered(rule: Rule) -> str:
    """How the server answers one of clearance's own rules: its code, or (no codes) message."""
    if rule.answer is not None:
        return f"`{rule.key}`: {get_api(rule.api).catalog[rule.answer].code}"
    if rule.code == str(rule.status):  # an API whose answers carry no code
        return f'`{rule.key}`: "{rule.message}"'
    return f"`{rule.key}`: {rule.code}"


def own_codes_table() -> str:
    """The own rules (``clearance:*``) per API: whose server code is not documented, or not."""
    header = (
        "| api | the server's own code is not documented: the answer carries clearance's "
        "| answered with the server's own code | answered without a code, by the framework "
        "in front of the API |"
    )
    lines = [header, "|---|---|---|---|"]
    for name in APIS:
        catalog = get_api(name).catalog
        own = [r for r in catalog if r.own and not r.removed]
        kept = ", ".join(f"`{r.key}`" for r in own if r.undocumented) or "none"
        answered = (
            ", ".join(_answered(r) for r in own if not r.undocumented and not r.framework) or "none"
        )
        framed = ", ".join(f"`{r.key}` ({r.framework})" for r in own if r.framework)
        lines.append(f"| `{name}` | {kept} | {answered} | {framed or 'none'} |")
    return "\n".join(lines)


def operations_table() -> str:
    """Per API, how many operations clearance knows, and how many its specification has."""
    lines = [
        (
            "| api | machine-readable specification | its operations | known to clearance "
            "| of them in the specification | beyond it |"
        ),
        "|---|---|---:|---:|---:|---:|",
    ]
    for name in APIS:
        known, covered, total = operation_counts(name)
        if total is None or covered is None:
            lines.append(f"| `{name}` | none published | | {known} | | |")
            continue
        source = load(name)["source"]
        spec = f"`{source['file']}` ({source['kind']})"
        lines.append(f"| `{name}` | {spec} | {total} | {known} | {covered} | {known - covered} |")
    lines += [
        "",
        (
            "*Its operations* count each operation of the specification once its path "
            "parameters that enumerate types are expanded (`clearance/specs/README.md`). "
            "*Beyond it* are operations the vendor documents and the specification lacks."
        ),
    ]
    return "\n".join(lines)


def _replace(text: str, start: str, end: str, block: str) -> str:
    head, sep, rest = text.partition(start)
    _, sep2, tail = rest.partition(end)
    if not sep or not sep2:
        raise SystemExit(f"README.md lacks the {start} … {end} markers")
    return f"{head}{start}\n{block}\n{end}{tail}"


def render(text: str) -> str:
    """README text with the generated blocks replaced."""
    text = _replace(text, START, END, rules_table())
    text = _replace(text, OPS_START, OPS_END, operations_table())
    return _replace(text, OWN_START, OWN_END, own_codes_table())


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
