"""Reading and running the data-driven case files under ``tests/cases/<api>/{valid,invalid}``.

A case carries its own expectations::

    {"api": "kassa", "endpoint": "POST /articles", "payload": {...},
     "context": {"today": "2026-11-21", "path_params": {"id": "42"},
                 "account": {"co3": {"currencies": ["USD", "EUR"]}}},
     "expect": ["1030 /sales_tax_percentage"],
     "warn": ["clearance:too-long /name"],
     "twin": {...}}

or, to check a whole request, ``"request": {"method", "url", "headers", "body"}`` in
place of ``endpoint`` and ``payload``. ``expect`` lists ``"<key> <where>"`` in order,
``<key>`` being the rule's catalog key (the server's code, except for InvoiceXpress,
whose rules are keyed by name),
where ``<where>`` is the JSON pointer (empty for the root) or, for URL and header
findings, the location (``url``, ``header:Authorization``, ``path:id``). ``warn`` lists
the warnings the same way (rules whose severity is ``warning``: the request passes, so a
case that only warns has ``"expect": []``; without ``warn``, none). An invalid case
has a ``twin``: the same payload (or request) corrected, which must pass; the twin may
carry its own ``twin_context``. ``warn`` lists the warnings expected, as ``expect`` does
the findings (a rule of severity ``warning`` never fails a request, so such a case is
``valid``); a case with ``warn`` has a ``twin`` without them. ``account`` holds the account's facts, keyed per api as
``[tool.clearance.account]`` writes them (see :class:`clearance.Account`).

A string too long to keep in a file is written ``{"$repeat": "x", "times": 15000000}``
(optionally with ``"end": "=="`` appended), and expanded when the case is loaded.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import clearance
from clearance.report import Account, Context, Report

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(CASES_DIR.glob("*/*/*.json"))


def case_id(path: Path) -> str:
    return f"{path.parts[-3]}/{path.parts[-2]}/{path.stem}"


def expand(value: Any) -> Any:
    """Expand ``{"$repeat": s, "times": n, "end": tail}`` into ``s * n + tail``."""
    if isinstance(value, dict):
        if "$repeat" in value and set(value) <= {"$repeat", "times", "end"}:
            return value["$repeat"] * value["times"] + value.get("end", "")
        return {key: expand(item) for key, item in value.items()}
    if isinstance(value, list):
        return [expand(item) for item in value]
    return value


def load(path: Path) -> dict[str, Any]:
    case: dict[str, Any] = expand(json.loads(path.read_text(encoding="utf-8")))
    return case


def context(spec: dict[str, Any] | None) -> Context:
    spec = spec or {}
    today = spec.get("today")
    return Context(
        today=date.fromisoformat(today) if today else date(2026, 11, 21),
        path_params=spec.get("path_params"),
        account=Account.of(spec.get("account")),
        **({"max_body_bytes": spec["max_body_bytes"]} if "max_body_bytes" in spec else {}),
    )


def run(case: dict[str, Any], *, twin: bool = False) -> Report:
    ctx = context(
        case.get("twin_context") if twin and "twin_context" in case else case.get("context")
    )
    if "request" in case:
        request = case["twin"] if twin else case["request"]
        return clearance.check_request(
            case["api"],
            request["method"],
            request["url"],
            headers=request.get("headers"),
            body=request.get("body"),
            context=ctx,
        )
    payload = case["twin"] if twin else case["payload"]
    return clearance.check(case["api"], case["endpoint"], payload, context=ctx)


def summary(report: Report, *, warnings: bool = False) -> list[str]:
    """``"<key> <where>"`` of each finding (or, with ``warnings``, of each warning)."""
    return [
        f"{f.rule.key} {f.pointer if f.pointer is not None else f.location}".rstrip()
        for f in (report.warnings if warnings else report.findings)
    ]


def warned(report: Report) -> list[str]:
    """The warnings, as :func:`summary` writes the findings."""
    return [
        f"{f.rule.key} {f.pointer if f.pointer is not None else f.location}".rstrip()
        for f in report.warnings
    ]
