"""The catalogs for people: ``clearance rules`` lists them, ``clearance explain CODE`` tells one.

A rule is found by its id (``kassa:1030``), its code (``1030``), its catalog key or its
name (``sales-tax-percentage-not-allowed``). Its failing example and the fix come from
``clearance/rule_examples/<api>.json``, which ``scripts/rule_examples.py`` copies from
the test cases (``tests/`` is not installed).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from clearance import compiler
from clearance.apis import APIS, get_api
from clearance.config import UNUSED_SUPPRESSION
from clearance.envelopes import UNDOCUMENTED_HEADER
from clearance.errors import ClearanceError
from clearance.report import fact_for

if TYPE_CHECKING:
    from collections.abc import Iterable

    from clearance.catalog import Rule

__all__ = [
    "AmbiguousRuleError",
    "find",
    "operation_counts",
    "operations_line",
    "rule_rows",
    "to_json",
    "to_text",
]

SCOPES = {
    "payload": "decidable from the body (or the query) alone",
    "request": "needs the URL, method or headers: check a request file",
    "context": "needs a fact the caller supplies, such as today's date",
    "server": "needs the server's state: listed, never checked",
}
BASES = {
    "DOC": "the vendor's documentation",
    "FACT": "a fact the vendor's documentation states",
    "SPEC": "the vendor's formal specification",
    "REC": "recorded real traffic",
    "OFF-SDK": "the vendor's official SDK",
    "LIB": "a third-party library (inferred: can be switched off)",
    "3P": "a third-party reading (inferred: can be switched off)",
    "INF": "our reading where the documentation is silent (inferred: can be switched off)",
    "INFERENCE": "our reading where the documentation is silent (inferred: can be switched off)",
}
#: The linter's own findings, which belong to no API's catalog.
OWN = {
    UNUSED_SUPPRESSION: {
        "code": UNUSED_SUPPRESSION,
        "message": "Unused suppression '<file>#<pointer>': '<code>' matches no finding there",
        "what": (
            "A suppression in [tool.clearance.suppress] matched no finding in the file it "
            "names (or names a file that does not exist). The finding it was written for is "
            "gone: remove the suppression, so that it cannot hide a new finding later. "
            "Reported at the suppression's line in pyproject.toml; ignore = [\""
            + UNUSED_SUPPRESSION
            + '"] switches it off.'
        ),
    }
}


class AmbiguousRuleError(ClearanceError):
    """A bare code that several rules share; ``candidates`` lists their ids."""

    def __init__(self, query: str, candidates: Iterable[Rule]) -> None:
        """Name the query and the rules it could mean."""
        self.candidates = tuple(candidates)
        listing = "\n".join(f"  {rule.id}  {rule.message}" for rule in self.candidates)
        statuses = sorted({rule.api for rule in self.candidates if rule.key != rule.code})
        why = "".join(
            f" ({api} answers carry no code: {query} is the HTTP status its rules share; "
            "clearance check shows each finding's rule id in brackets, and that id is what "
            "to name here)"
            for api in statuses
        )
        super().__init__(f"{query!r} names several rules{why}; say which one:\n{listing}")


def _matches(rule: Rule, query: str) -> bool:
    return query in {rule.key, rule.code, rule.name}


def find(query: str) -> Rule | None:
    """The rule ``query`` names; ``None`` for the linter's own codes (see :data:`OWN`).

    Raises:
        AmbiguousRuleError: a bare code that rules of several APIs (or several rules of
            an API without codes) share.
        ClearanceError: no rule has that code.
    """
    if query in OWN:
        return None
    api, sep, key = query.partition(":")
    if sep and api in APIS:
        found = [rule for rule in get_api(api).catalog if _matches(rule, key)]
    else:
        found = [rule for name in APIS for rule in get_api(name).catalog if _matches(rule, query)]
    exact = [rule for rule in found if query in {rule.id, rule.key}]
    if len(found) > 1 and len(exact) == 1:
        found = exact
    if len(found) > 1:
        raise AmbiguousRuleError(query, found)
    if not found:
        raise ClearanceError(
            f"no rule {query!r}; try 'clearance rules' (codes look like 1030 or kassa:1030)"
        )
    return found[0]


@cache
def _examples(api: str) -> dict[str, Any]:
    try:
        text = (
            resources.files("clearance").joinpath("rule_examples", f"{api}.json").read_text("utf-8")
        )
    except FileNotFoundError:
        return {}
    examples: dict[str, Any] = json.loads(text)["examples"]
    return examples


def example(rule: Rule) -> dict[str, Any] | None:
    """The rule's failing example and its fix, as shipped with the package."""
    found: dict[str, Any] | None = _examples(rule.api).get(rule.key)
    return found


def enforced(rule: Rule) -> bool:
    """Whether clearance checks the rule."""
    return rule.key in compiler.enforced(get_api(rule.api))


def server_code(rule: Rule) -> str | None:
    """What the server answers for one of clearance's own rules (``None`` for the others)."""
    if not rule.own:
        return None
    if rule.answer is not None:
        answered = get_api(rule.api).catalog[rule.answer]
        return (
            f"answered with the server's own {answered.code} ({answered.message}): the "
            "response carries that code, message and status"
        )
    if rule.framework is not None:
        return (
            f"answered by {rule.framework} in front of the API, before its own code runs: "
            f"that body carries no code, only its message (basis {rule.basis})"
        )
    if rule.undocumented:
        return (
            "not documented: the server's own code for this case is not documented, so "
            f"the answer carries clearance's code {rule.code} in the vendor's body shape, "
            f"and Report.response() names the rule in the {UNDOCUMENTED_HEADER} header"
        )
    if rule.code == str(rule.status):  # an API whose answers carry no code (InvoiceXpress)
        return (
            f"the server's answer carries no code, its message is the identity (basis "
            f"{rule.basis}, see the note)"
        )
    return f"{rule.code}: the server's own code for this case (basis {rule.basis}, see the source)"


def account(rule: Rule) -> str | None:
    """The account fact the rule reads, and how its reading changes with it."""
    fact = fact_for(rule.id)
    return fact.help if fact is not None else None


def to_json(rule: Rule) -> dict[str, Any]:
    """Everything ``explain`` says of a rule, as data."""
    catalog = get_api(rule.api).catalog
    fact = fact_for(rule.id)
    return {
        "id": rule.id,
        "api": rule.api,
        "code": rule.code,
        "name": rule.name,
        "message": rule.message,
        "error": rule.error,
        "status": rule.status,
        "scope": rule.scope,
        "basis": rule.basis,
        "inferred": rule.inferred,
        "severity": rule.severity,
        "enforced": enforced(rule),
        "unenforced": rule.unenforced,
        "endpoints": list(rule.endpoints),
        "note": rule.note,
        "source": rule.source or catalog.source,
        "removed": rule.removed,
        "server_code": server_code(rule),
        "undocumented": rule.undocumented,
        "answer": rule.answer,
        "framework": rule.framework,
        "account": None if fact is None else f"{fact.api}.{fact.name}",
        "account_help": account(rule),
        "example": example(rule),
    }


def _block(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=2)
    return "\n".join(f"    {line}" if line else "" for line in text.splitlines())


def _example_text(found: dict[str, Any], verdict: str = "Refused") -> list[str]:
    if "request" in found:
        refused = (
            f"{verdict} request ({found['request'].get('method')} {found['request'].get('url')}):"
        )
        lines = [refused, _block(found["request"])]
    else:
        lines = [f"{verdict} payload ({found['endpoint']}):", _block(found["payload"])]
    if found.get("context"):
        lines.append(f"  with context {json.dumps(found['context'], ensure_ascii=False)}")
    if found.get("fix") is not None:
        lines += ["Accepted (the fix):", _block(found["fix"])]
    if found.get("abridged"):
        lines.append("  (long strings abridged)")
    if found.get("doc"):
        lines.append(f"  {found['doc']}")
    return lines


def to_text(rule: Rule | None, query: str = "") -> str:
    """The ``explain`` page of a rule (``None``: the linter's own code ``query``)."""
    if rule is None:
        own = OWN[query]
        return f"clearance {own['code']}\n\n  {own['message']}\n\n{own['what']}\n"
    info = to_json(rule)
    title = get_api(rule.api).catalog.title
    if info["enforced"]:
        state = "yes"
        if rule.warning:
            state = "yes, as a warning: it never fails a request nor enters the server's answer"
    elif rule.scope == "server":
        state = "no: only the server can tell"
    else:
        state = f"no: {rule.unenforced or 'not checked'}"
    rows = [
        ("status", str(rule.status)),
        ("error", rule.error or ""),
        ("scope", f"{rule.scope}: {SCOPES.get(rule.scope, '')}"),
        ("basis", f"{rule.basis}: {BASES.get(rule.basis, '')}"),
        ("enforced", state),
        ("endpoints", ", ".join(rule.endpoints)),
        ("server", info["server_code"] or ""),
        ("account", info["account_help"] or ""),
        ("note", rule.note or ""),
        ("removed", rule.removed or ""),
        ("source", info["source"]),
    ]
    lines = [f"{rule.id}  {rule.name}  ({title})", "", f"  {rule.message}", ""]
    lines += [f"{label:<10}{value}" for label, value in rows if value]
    found = info["example"]
    if found:
        lines += ["", *_example_text(found, "Warned" if rule.warning else "Refused")]
        if "request" in found:
            lines += ["", "Check a request file: clearance check FILE"]
        else:
            command = f'clearance check --api {rule.api} --endpoint "{found["endpoint"]}" FILE'
            lines += ["", f"Check a payload: {command}"]
    return "\n".join(lines) + "\n"


def rule_rows(apis: Iterable[str]) -> list[dict[str, Any]]:
    """Every catalog entry of ``apis`` with scope, basis and whether it is enforced."""
    rows: list[dict[str, Any]] = []
    for name in apis:
        api = get_api(name)
        rows.extend(
            {
                "api": rule.api,
                "code": rule.code,
                "key": rule.key,
                "name": rule.name,
                "status": rule.status,
                "scope": rule.scope,
                "basis": rule.basis,
                "enforced": rule.key in compiler.enforced(api),
                "message": rule.message,
            }
            for rule in api.catalog
        )
    return rows


def operation_counts(name: str) -> tuple[int, int | None, int | None]:
    """How many endpoints ``name`` knows, and of its specification's operations how many.

    The second and third numbers are ``None`` for an API without a machine-readable
    specification (KASSA.AT, co3).
    """
    from clearance.specs import SPECIFIED, load  # noqa: PLC0415 - only for this report

    api = get_api(name)
    if name not in SPECIFIED:
        return len(api.endpoints), None, None
    operations = load(name)["operations"]
    return len(api.endpoints), len(set(api.endpoints) & set(operations)), len(operations)


def operations_line(name: str) -> str:
    """``fortnox: 332 endpoints, 331 of the specification's 331 operations``."""
    known, covered, total = operation_counts(name)
    if total is None:
        return f"{name}: {known} endpoints (no machine-readable specification)"
    return f"{name}: {known} endpoints, {covered} of the specification's {total} operations"
