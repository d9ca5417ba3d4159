"""InvoiceXpress successes: the object under its root key, ``{"invoice": {...}}``.

Documented [FACT]: 201 Created for a create, 200 OK otherwise; every body is wrapped in
a root key named after the resource, and a created object comes back with its ``id``
(clients also get ``payment_days`` and ``open_account_link``); a document is created as
a ``draft``, and a change of state answers the document with its new ``status`` (
``finalized`` makes it ``final``). A specification written against a live account
[SPEC, third party] adds: updates of documents and clients, and sending by e-mail,
answer 200 without a body; updates of items and taxes answer the object; the SAF-T
export answers 202 while the file is being made.

From the endpoint id and the request [INF beyond the above]: ``POST /<resource>.json``
201 with the request's object under its root key and a new ``id``; ``PUT`` of an item or
a tax 200 with the object and the URL's id; other ``PUT`` 200, no body. Rails writes
compact UTF-8 with ``<``, ``>``, ``&`` escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clearance.serve.mock._call import json_body

if TYPE_CHECKING:
    from collections.abc import Callable

    from clearance.serve.mock._call import Answer, Call

__all__ = ["SPECIAL", "default"]

_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
#: Resources whose objects are documents, created as drafts.
DOCUMENTS = frozenset(
    {
        "invoices", "simplified_invoices", "invoice_receipts", "credit_notes", "debit_notes",
        "quotes", "proformas", "fees_notes", "shippings", "transports", "devolutions",
    }
)  # fmt: skip
#: Resources whose update answers the object [SPEC].
ANSWERED_UPDATES = frozenset({"items", "taxes"})
#: The ``status`` a document has after a change of ``state`` [FACT: finalized -> final].
STATUS_AFTER = {"finalized": "final", "accept": "accepted", "refuse": "refused"}
_RAILS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def _answer(status: int, body: Any) -> Answer:
    text = json_body(body).decode()
    for char, escape in _RAILS_ESCAPES.items():
        text = text.replace(char, escape)
    return status, dict(_HEADERS), text.encode()


def _no_content() -> Answer:
    return 200, {}, b""


def _resource(call: Call) -> str:
    """``invoices`` for ``/invoices.json`` and ``/invoices/{id}/change-state.json``."""
    return call.template.removeprefix("/").partition("/")[0].removesuffix(".json")


def _root(call: Call) -> tuple[str, dict[str, Any]]:
    """The request's root key and object (the resource's singular when it has none)."""
    value = call.payload()
    if isinstance(value, dict) and len(value) == 1:
        ((root, fields),) = value.items()
        if isinstance(fields, dict):
            return root, dict(fields)
    return _resource(call).removesuffix("s"), {}


def _id(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def _change_state(call: Call) -> Answer:
    root, fields = _root(call)
    state = fields.get("state")
    status = STATUS_AFTER.get(state, state) if isinstance(state, str) else None
    return _answer(200, {root: {"id": _id(call.params.get("id", "")), "status": status}})


def default(call: Call) -> Answer:
    """The answer to an endpoint, from its id (see the module docstring)."""
    resource = _resource(call)
    root, fields = _root(call)
    if call.method == "POST":
        created: dict[str, Any] = {"id": call.ids.number("invoicexpress"), **fields}
        if resource in DOCUMENTS:
            created["status"] = "draft"
        return _answer(201, {root: created})
    if call.template.endswith("/change-state.json"):
        return _change_state(call)
    if call.method == "PUT" and resource in ANSWERED_UPDATES and "id" in call.params:
        return _answer(200, {root: {**fields, "id": _id(call.params["id"])}})
    return _no_content()


def _saft(call: Call) -> Answer:
    del call
    message = (
        "The SAF-T file generation was started. Please keep requesting until you get back the url."
    )
    return _answer(202, {"message": message})


#: Endpoints whose answer differs from :func:`default`.
SPECIAL: dict[str, Callable[[Call], Answer]] = {"GET /api/export_saft.json": _saft}
