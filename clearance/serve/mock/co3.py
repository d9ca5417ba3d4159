"""co3 successes: a ``<response>`` in the notation of the request.

Documented [DOC]: every call answers in the format of the request; a ``get`` method's
positive result holds the answer to the call, a ``set`` method's an acknowledgement whose
result "can be OK, or error"; ``setProduct`` returns the product's id; ``authenticate``
returns the session key. The bytes of a positive result are not documented.

The stand-in writes [INF], in the layout of the documented error body (declaration,
four-space indent, a final newline)::

    <?xml version="1.0" encoding="utf-8"?>
    <response>
        <result>OK</result>
        <id>17</id>
    </response>

``<id>`` for ``set`` methods (the id sent, ``id``/``<noun>_id``, when it is not 0, else a
new one); ``<session_key>`` for ``authenticate``; a ``get`` method answers the bare
acknowledgement (there is no stored state). In JSON: ``{"response": {"result": "OK",
"id": 17}}``, escaped as the JSON error body is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from clearance.serve.mock._call import json_body

if TYPE_CHECKING:
    from collections.abc import Callable

    from clearance.serve.mock._call import Answer, Call

__all__ = ["SPECIAL", "default", "parameters"]

_XML_HEADERS = {"Content-Type": "text/xml; charset=utf-8"}
_JSON_HEADERS = {"Content-Type": "application/json"}


def parameters(call: Call) -> dict[str, Any]:
    """The method's parameters: the children of ``<command><method>`` (or its JSON twin)."""
    if call.form == "json":
        value = call.payload()
        command = value.get("command") if isinstance(value, dict) else None
        method = command.get(call.endpoint) if isinstance(command, dict) else None
        return dict(method) if isinstance(method, dict) else {}
    try:
        root = ElementTree.fromstring(call.body)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return {}
    method = root.find(call.endpoint)
    if method is None:
        return {}
    return {child.tag: (child.text or "").strip() for child in method}


def _answer(call: Call, members: dict[str, Any]) -> Answer:
    if call.form == "json":
        body = json_body({"response": members}, ascii_only=True, escape_slash=True)
        return 200, dict(_JSON_HEADERS), body
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<response>"]
    for tag, value in members.items():
        text = str(value)
        if tag == "session_key":
            text = f"<![CDATA[{text}]]>"
        lines.append(f"    <{tag}>{text}</{tag}>")
    lines += ["</response>", ""]
    return 200, dict(_XML_HEADERS), "\n".join(lines).encode()


def _given_id(call: Call) -> int | None:
    params = parameters(call)
    noun = call.endpoint.removeprefix("set").lower()
    for name in ("id", f"{noun}_id"):
        text = str(params.get(name, "")).strip()
        if text.isdigit() and int(text):
            return int(text)
    return None


def default(call: Call) -> Answer:
    """``set`` methods: OK and the id; every other method: OK."""
    if call.endpoint.startswith("set"):
        ident = _given_id(call)
        return _answer(call, {"result": "OK", "id": ident or call.ids.number("co3")})
    return _answer(call, {"result": "OK"})


def _authenticate(call: Call) -> Answer:
    return _answer(call, {"result": "OK", "session_key": call.ids.token(16)})


#: Methods whose answer differs from :func:`default`.
SPECIAL: dict[str, Callable[[Call], Answer]] = {"authenticate": _authenticate}
