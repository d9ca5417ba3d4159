"""SnelStart B2B API v2 error bodies.

Validation failures [3P fixture, INF layout]: HTTP 400, a JSON array with one object per
failed rule, camelCase keys as ASP.NET's camelCase serializer writes them, ``details``
null::

    [{"errorCode":"REL-0011","message":"Iban is ongeldig","details":null}]

Json.NET writes compact JSON and leaves non-ASCII characters as they are (UTF-8).

Answers given before the API reads the body have their own shapes, and the server gives
one of them alone, in the order the request meets them:

* no subscription key: Azure API Management, 401, ``{ "statusCode": 401, "message": ... }``
  (APIM's default layout, with its spaces) [LIB];
* no bearer token: ASP.NET Web API, 401, ``{"Message": ...}`` [LIB];
* a body of a media type without formatter: ASP.NET Web API, 415, ``{"Message": ...}`` [LIB];
* an OData ``$top``/``$skip`` the OData layer refuses: 400, ``{"Message": ...}``, the shape
  a third-party test server recorded for OData errors [3P].

clearance's own checks (``clearance:*``) without a known body go into the array, with
their code as ``errorCode``, and the response names them in ``Clearance-Undocumented``.
The framework answers above carry the framework's own text and no code.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from clearance.envelopes import undocumented

if TYPE_CHECKING:
    from collections.abc import Sequence

    from clearance.report import Finding

__all__ = ["render"]

JSON = {"Content-Type": "application/json"}
ASPNET = {"Content-Type": "application/json; charset=utf-8"}

#: The layer in front of the API that answers first, with its own body (the catalog's
#: ``framework``).
_APIM = "Azure API Management"
#: Findings answered alone with ASP.NET's ``{"Message": ...}``, first match wins; then any
#: other a framework answers (OData's).
_ASPNET_FIRST = ("clearance:bearer-token-missing", "clearance:unsupported-media-type")


def _compact(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def _apim(finding: Finding) -> bytes:
    inner = json.dumps(finding.message, ensure_ascii=False)
    return f'{{ "statusCode": {finding.status}, "message": {inner} }}'.encode()


def render(findings: Sequence[Finding], form: str = "json") -> tuple[int, dict[str, str], bytes]:
    """The server's answer to a request with these findings (at least one).

    One body shape, whatever ``form`` the request was written in.
    """
    del form
    for finding in findings:
        if finding.rule.framework == _APIM:
            return finding.status, dict(JSON), _apim(finding)
    for code in _ASPNET_FIRST:
        for finding in findings:
            if finding.code == code:
                return finding.status, dict(ASPNET), _compact({"Message": finding.message})
    for finding in findings:
        if finding.rule.framework is not None:
            return finding.status, dict(ASPNET), _compact({"Message": finding.message})
    status = max(f.status for f in findings)
    items = [{"errorCode": f.code, "message": f.message, "details": None} for f in findings]
    return status, {**JSON, **undocumented(findings)}, _compact(items)
