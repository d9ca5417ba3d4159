"""KASSA.AT error bodies.

Shape [DOC]: ``{"status", "error_code", "error", "details": [{"error_code", "error",
"error_message"}]}``. Validation failures (the 1000 series) are all listed under the head
1000 with HTTP 400; a missing token is answered alone, HTTP 401, under the head 2009; a
missing company subdomain alone, HTTP 401, under 2001 (which repeats in its detail).
The server refuses credentials before it reads parameters, so a 401 carries no
validation details.

Serialisation [INF]: compact JSON as Rails' ``render json:`` writes it, UTF-8 unescaped.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from clearance.envelopes import undocumented

if TYPE_CHECKING:
    from collections.abc import Sequence

    from clearance.report import Finding

__all__ = ["render"]

_HEADERS = {"Content-Type": "application/json; charset=utf-8"}


def _code(finding: Finding) -> int | str:
    return int(finding.code) if finding.code.isdigit() else finding.code


def _detail(finding: Finding) -> dict[str, Any]:
    return {
        "error_code": _code(finding),
        "error": finding.rule.error or finding.message,
        "error_message": finding.message,
    }


def _body(status: int, code: int, error: str, details: list[dict[str, Any]]) -> bytes:
    body = {"status": status, "error_code": code, "error": error, "details": details}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def render(findings: Sequence[Finding], form: str = "json") -> tuple[int, dict[str, str], bytes]:
    """The server's answer to a request with these findings (at least one).

    One body shape, whatever ``form`` the request was written in.
    """
    del form
    for finding in findings:
        if finding.code == "2001":
            return 401, dict(_HEADERS), _body(401, 2001, "Company missing!", [_detail(finding)])
    for finding in findings:
        if finding.code == "2003":
            return 401, dict(_HEADERS), _body(401, 2009, "Unauthorized!", [_detail(finding)])
    status = max(f.status for f in findings) if any(f.status != 400 for f in findings) else 400  # noqa: PLR2004
    details = [_detail(f) for f in findings]
    headers = {**_HEADERS, **undocumented(findings)}
    return status, headers, _body(status, 1000, "Parametervalidation failed!", details)
