r"""Fortnox error bodies: one error per response.

Shape [REC] (a recorded 400 on ``POST /3/orders``, ``Content-Type: application/json``)::

    {"ErrorInformation":{"error":1,"message":"Skattereduktion f\u00f6r ...","code":2003157}}

lower-case keys, ``error`` = 1, the code an integer (clearance's own codes stay strings,
and the ``Clearance-Undocumented`` header names their rules),
compact, non-ASCII escaped as lower-case ``\uXXXX``. The server answers only the first
problem it meets, so the body carries the first finding; ``Report.findings`` keeps all.

[INF] The escaping is PHP's ``json_encode`` default (the ``JSON_ERROR_SYNTAX`` text of
2002115 comes from PHP), which also writes ``/`` as ``\/``. "Not found" answers use
PascalCase keys [REC], but those codes need server state and are never rendered here.
For a request in the legacy XML form the same fields are answered as XML [INF].
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from clearance.envelopes import undocumented

if TYPE_CHECKING:
    from collections.abc import Sequence

    from clearance.report import Finding

__all__ = ["render"]

_JSON = {"Content-Type": "application/json"}
_XML = {"Content-Type": "application/xml"}


def _code(finding: Finding) -> int | str:
    return int(finding.code) if finding.code.isdigit() else finding.code


def render(findings: Sequence[Finding], form: str = "json") -> tuple[int, dict[str, str], bytes]:
    """The server's answer to a request with these findings (at least one)."""
    first = findings[0]
    if form == "xml":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<ErrorInformation><Error>1</Error><Message>{escape(first.message)}</Message>"
            f"<Code>{escape(str(_code(first)))}</Code></ErrorInformation>"
        )
        return first.status, {**_XML, **undocumented([first])}, body.encode()
    error = {"ErrorInformation": {"error": 1, "message": first.message, "code": _code(first)}}
    text = json.dumps(error, separators=(",", ":")).replace("/", "\\/")
    return first.status, {**_JSON, **undocumented([first])}, text.encode()
