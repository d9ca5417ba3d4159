r"""InvoiceXpress error bodies.

Shape [FACT]: HTTP 422 and ``{"errors": [{"error": "<message>"}, ...]}``, one object per
message, as recorded from a real account
(``{"errors":[{"error":"Cliente não é válido"},{"error":"Fiscal não é válido"}]}``).

A refusal the server makes before it reads the body (plain HTTP, no ``api_key``, a body
it cannot parse or will not take) is answered alone, with its own status; its body is
not documented, so the same shape carries its message [INF].

Serialisation [INF]: compact JSON as Rails writes it: UTF-8 unescaped, except ``<``,
``>``, ``&``, U+2028 and U+2029, which Rails escapes as ``\u003c`` and so on.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from clearance.envelopes import undocumented

if TYPE_CHECKING:
    from collections.abc import Sequence

    from clearance.report import Finding

__all__ = ["render"]

_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
#: Statuses of refusals that come before validation, in the order the server makes them.
_REFUSALS = (403, 401, 413, 400)
_RAILS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                  "\u2029": "\\u2029"}  # fmt: skip


def _dumps(findings: list[Finding]) -> bytes:
    text = json.dumps(
        {"errors": [{"error": finding.message} for finding in findings]},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    for char, escape in _RAILS_ESCAPES.items():
        text = text.replace(char, escape)  # only strings hold these characters
    return text.encode()


def render(findings: Sequence[Finding], form: str = "json") -> tuple[int, dict[str, str], bytes]:
    """The server's answer to a request with these findings (at least one).

    One body shape, whatever ``form`` the request was written in.
    """
    del form
    for status in _REFUSALS:
        refused = [f for f in findings if f.status == status]
        if refused:
            return status, {**_HEADERS, **undocumented(refused)}, _dumps(refused)
    status = findings[0].status
    answered = [f for f in findings if f.status == status]
    return status, {**_HEADERS, **undocumented(answered)}, _dumps(answered)
