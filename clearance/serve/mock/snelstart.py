"""SnelStart B2B v2 successes: the model itself, with its ``id`` and ``uri``.

Specified [SPEC]: ``POST`` answers 201 with the written model (``POST
/documenten/{documenttype}``: 200 with a ``DocumentIdentifierModel``, ``{id, uri}``);
``PUT`` 200 with the written model; ``DELETE`` 200 with ``{}``; lists 200 with an array.
Models carry ``id`` (a GUID) and ``uri``. Json.NET writes compact UTF-8.

From the endpoint id and the request [INF beyond the above]: a create echoes the body
with a new GUID as ``id`` and ``uri`` ``/<resource>/<id>``; an update echoes the body
with the GUID of the URL; ``GET /<resource>`` answers ``[]`` and ``GET /<resource>/{id}``
the bare ``{id, uri}`` (no stored state).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clearance.serve.mock._call import json_body

if TYPE_CHECKING:
    from collections.abc import Callable

    from clearance.serve.mock._call import Answer, Call

__all__ = ["SPECIAL", "default"]

_HEADERS = {"Content-Type": "application/json; charset=utf-8"}


def _answer(status: int, body: Any) -> Answer:
    return status, dict(_HEADERS), json_body(body)


def _collection(call: Call) -> str:
    """``/relaties`` for ``/relaties``, ``/relaties/{id}`` and ``/relaties/{id}/customFields``."""
    return call.template.partition("/{")[0]


def _model(call: Call, ident: str) -> dict[str, Any]:
    return {**call.fields(), "id": ident, "uri": f"{_collection(call)}/{ident}"}


def default(call: Call) -> Answer:
    """The answer to an endpoint, from its id (see the module docstring)."""
    if call.method == "DELETE":
        return _answer(200, {})
    if call.method == "GET":
        if "id" in call.params:
            ident = call.params["id"]
            return _answer(200, {"id": ident, "uri": f"{_collection(call)}/{ident}"})
        return _answer(200, [])
    if call.method == "PUT":
        value = call.payload()
        if call.template.endswith("}") and isinstance(value, dict | None):
            return _answer(200, _model(call, call.params.get("id", "")))
        return _answer(200, value if value is not None else {})  # a sub-resource: as sent
    return _answer(201, _model(call, call.ids.guid()))


def _document(call: Call) -> Answer:
    ident = call.ids.guid()
    kind = call.params.get("documenttype", "")
    return _answer(200, {"id": ident, "uri": f"/documenten/{kind}/{ident}"})


#: Endpoints whose specified answer differs from :func:`default`.
SPECIAL: dict[str, Callable[[Call], Answer]] = {
    "POST /documenten/{documenttype}": _document,
}
