"""SnelStart B2B v2 successes: the model itself, with its ``id`` and ``uri``.

Status and body shape come from the packaged specification's ``responses`` [SPEC, the
vendor's own export]: ``POST`` answers 201 with the written model, but for the
operations it specifies as 200 (``POST /documenten/{documenttype}``: a
``DocumentIdentifierModel`` ``{id, uri}``; ``POST /inkoopboekingen/ubl``: the
boeking; ``POST /inkoopboekingen/CreateFromAttachment``: ``{instanceId}``; ``POST
/bankafschriftbestanden``: a result per file); ``PUT`` 200 with the written model
(``PUT /btwaangiftes/{id}/externAangeven``: 204 without a body); ``DELETE`` 200 with
``{}`` (``DELETE /verkooporders/{id}`` and ``/offertes/{id}``: 201, as specified, though
its text says 200; ``DELETE /memoriaalboekingen/{id}``: the model); lists 200 with a
bare array, no paging envelope [SPEC, DOC]; ``GET /echo/{input}`` 200 with the input.
Models carry ``id`` (a GUID) and ``uri`` where their schema has them. Json.NET writes
compact UTF-8.

What the stand-in fills in [INF]: there is no stored state, so a list is ``[]`` and a
read answers the model's ``id`` (the URL's) and ``uri`` only; a create echoes the
members of the body the answer's model has, with a new GUID as ``id`` and ``uri``
``/<resource>/<id>``; an update does the same with the GUID of the URL; each bank
statement file is reported a success, an attachment's import ``Completed`` with a new
boeking id, and the user to have access to the administration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clearance.serve.mock import _spec
from clearance.serve.mock._call import json_body

if TYPE_CHECKING:
    from collections.abc import Callable

    from clearance.serve.mock._call import Answer, Call

__all__ = ["SPECIAL", "default"]

API = "snelstart"
CREATED = 201
_HEADERS = {"Content-Type": "application/json; charset=utf-8"}


def _answer(status: int, body: Any) -> Answer:
    return status, dict(_HEADERS), json_body(body)


def _collection(call: Call) -> str:
    """The first segment: ``/relaties`` of ``/relaties/{id}/customFields``."""
    return "/" + call.template.removeprefix("/").partition("/")[0]


def _status(call: Call) -> int:
    listed = _spec.statuses(API, call.endpoint)
    return listed[0] if listed else 200


def _model(call: Call, node: dict[str, Any], status: int) -> dict[str, Any]:
    """The model ``node`` describes: the body's members it has, its ``id`` and ``uri``."""
    members = _spec.properties(API, node)
    body: dict[str, Any] = {}
    if call.method in {"POST", "PUT"}:
        body.update((k, v) for k, v in call.fields().items() if k in members)
    if "id" in members:
        if call.method == "POST" and status == CREATED:
            body["id"] = call.ids.guid()
        elif "id" in call.params:
            body["id"] = call.params["id"]
        elif call.method == "POST":  # a write answered with another model: a new one
            body["id"] = call.ids.guid()
    if "uri" in members and isinstance(body.get("id"), str):
        body["uri"] = f"{_collection(call)}/{body['id']}"
    return body


def default(call: Call) -> Answer:
    """The answer to an endpoint, from the specification (see the module docstring)."""
    status = _status(call)
    node = _spec.json_responses(API, call.endpoint).get(status)
    if node is None:
        return status, {}, b""
    if _spec.resolve(API, node).get("type") == "array":
        return _answer(status, [])
    return _answer(status, _model(call, node, status))


# -- specified answers that need more than the model -----------------------------------


def _document(call: Call) -> Answer:
    ident = call.ids.guid()
    kind = call.params.get("documenttype", "")
    return _answer(_status(call), {"id": ident, "uri": f"/documenten/{kind}/{ident}"})


def _echo(call: Call) -> Answer:
    text = call.params.get("input", "")
    return (200, dict(_HEADERS), json_body(text)) if text else (204, {}, b"")


def _bank_files(call: Call) -> Answer:
    files = call.payload()
    results: list[dict[str, Any]] = [
        {"name": item.get("name"), "errors": [], "isSuccess": True}
        for item in (files if isinstance(files, list) else [])
        if isinstance(item, dict)
    ]
    return _answer(_status(call), results)


def _article_custom_fields(call: Call) -> Answer:
    sent = call.payload()
    fields: list[dict[str, Any]] = [
        {"definition": {"name": item.get("name")}, "value": item.get("value")}
        for item in (sent if isinstance(sent, list) else [])
        if isinstance(item, dict)
    ]
    return _answer(_status(call), fields)


def _attachment_import(call: Call) -> Answer:
    return _answer(_status(call), {"instanceId": call.ids.guid()})


def _attachment_import_status(call: Call) -> Answer:
    return _answer(_status(call), {"status": "Completed", "inkoopboekingId": call.ids.guid()})


def _access(call: Call) -> Answer:
    return _answer(_status(call), {"hasAccess": True})


#: Endpoints whose specified answer needs more than :func:`default` gives.
SPECIAL: dict[str, Callable[[Call], Answer]] = {
    "POST /documenten/{documenttype}": _document,
    "GET /echo/{input}": _echo,
    "POST /bankafschriftbestanden": _bank_files,
    "PUT /artikelen/{id}/customFields": _article_custom_fields,
    "POST /inkoopboekingen/CreateFromAttachment": _attachment_import,
    "GET /inkoopboekingen/GetCreateFromAttachmentStatus": _attachment_import_status,
    "GET /authorization/HasUserAccessToAdministration": _access,
}
