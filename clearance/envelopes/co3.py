"""co3 error bodies: one ``<error>``, in the notation of the request.

Shape [DOC]: the error-handling page shows::

    <?xml version="1.0" encoding="utf-8"?>
    <response>
        <error>
            <code>Error code number</code>
            <description><![CDATA[Error description]]></description>
        </error>
    </response>

clearance writes exactly that layout (four-space indent, LF, a final newline) [INF: the
bytes the server sends are not documented]. "Every method will return with a response
with the same format as the request was" [DOC]; the JSON twin is not documented, and
clearance writes ``{"response":{"error":{"code":N,"description":"..."}}}`` compactly, with
non-ASCII and ``/`` escaped as PHP's ``json_encode`` does by default [INF].

One error per response [INF: the documentation shows one]: the first finding the server
would meet. A URL finding (11, or 3 for the wrong plugin) stands alone; otherwise a
missing credential (4 at ``api_key``, ``session_key``, ``username`` or ``password``) comes
before the parameters, which the server can only read for an authenticated session; then
the first finding in document order. A finding of one of clearance's own checks that the
server answers with one of its codes (the catalog's ``answer``: ``password-not-md5`` is
answered as 7, Authentication error) carries that code, message and status.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from clearance.catalog import load_catalog
from clearance.envelopes import undocumented

if TYPE_CHECKING:
    from collections.abc import Sequence

    from clearance.report import Finding

__all__ = ["render"]

_XML_HEADERS = {"Content-Type": "text/xml; charset=utf-8"}
_JSON_HEADERS = {"Content-Type": "application/json"}
_CREDENTIALS = ("/api_key", "/session_key", "/username", "/password")
#: Characters XML 1.0 cannot carry, even in CDATA.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _first(findings: Sequence[Finding]) -> Finding:
    for finding in findings:
        if finding.location != "payload":
            return finding
    for finding in findings:
        if finding.code == "4" and (finding.pointer or "").endswith(_CREDENTIALS):
            return finding
    return findings[0]


def _cdata(text: str) -> str:
    text = _NOT_XML.sub("\ufffd", text)
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _escape(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text).replace("&", "&amp;").replace("<", "&lt;")


def render(findings: Sequence[Finding], form: str = "xml") -> tuple[int, dict[str, str], bytes]:
    """The server's answer to a request (written in ``form``) with these findings."""
    first = _first(findings)
    status, code, message = first.status, first.code, first.message
    flagged = undocumented([first])
    if first.rule.answer is not None:
        rule = load_catalog("co3")[first.rule.answer]
        status, code, message = rule.status, rule.code, rule.message
    if form == "json":
        error = {"code": int(code) if code.isdigit() else code, "description": message}
        body = json.dumps({"response": {"error": error}}, separators=(",", ":"))
        return status, {**_JSON_HEADERS, **flagged}, body.replace("/", "\\/").encode()
    lines = (
        '<?xml version="1.0" encoding="utf-8"?>',
        "<response>",
        "    <error>",
        f"        <code>{_escape(code)}</code>",
        f"        <description>{_cdata(message)}</description>",
        "    </error>",
        "</response>",
        "",
    )
    return status, {**_XML_HEADERS, **flagged}, "\n".join(lines).encode("utf-8", "replace")
