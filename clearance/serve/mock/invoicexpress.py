"""InvoiceXpress successes: the object under its root key, ``{"invoice": {...}}``.

Status and body shape come from the packaged specification's ``responses`` [SPEC, a
third party's, written against a live account], except where the vendor's
documentation, recorded answers or production clients say otherwise:

* documented [DOC]: 201 Created for a create, 200 OK otherwise; every body wrapped in a
  root key named after the resource; a created object comes back with its ``id``, a
  client's ``id`` written as text (docs.invoicexpress.com/clients/createclient.md, and
  the spec); a document is created as a ``draft``; a change of state answers the
  document with its new ``status`` (``finalized`` makes it ``final``), a cancelled
  receipt under ``receipt`` (cancelreceipt.md); related documents answer
  ``{"documents": [...]}`` (relateddocs.md, where the spec says ``invoices``); the
  answer of registering a sequence lists ``sequences`` (the vendor's reference);
* documents answer under the root key of their own type (``credit_note``,
  ``invoice_receipt``, ``quote``, ``transport``...), whichever key the request used
  [3P, observed: voluzi/go-invoicexpress 0.2.0, OCA's production module, and the
  spec for invoice receipts]; a payment answers the receipt it made,
  ``{"receipt": {...}}`` [3P: square-bit's samples, filipetoscano's ``ReceiptPayload``];
  a PDF ``{"output": {"pdfUrl": ...}}`` [DOC, API v1; 3P sample], a QR code
  ``{"qr_code": {"url": ...}}`` [3P sample]; one invoice type's list answers under its
  own name, ``{"invoice_receipts": [...], "pagination": {...}}`` [3P: captured from a
  real account by voluzi/go-invoicexpress];
* specified [SPEC]: lists ``{"<plural>": [...], "pagination": {...}}`` (items, taxes and
  sequences without ``pagination``); updates of documents and clients, sending by
  e-mail, deletes and the account and balance writes answer 200 without a body;
  updates of items and taxes answer the object; the SAF-T export answers 202 while the
  file is being made (its message is the spec's); the ``invoice_receipts`` document
  operations the spec lacks answer as the other document types' do.

What the stand-in fills in [INF]: there is no stored state, so a list is empty, its
``pagination`` says page ``page`` (1 when not asked) of nothing (``total_entries`` and
``total_pages`` 0, ``per_page`` as asked, else 0); a read answers the id of the URL
under the root key; a create echoes the request's object with a new ``id``; a balance is
0; a file the stand-in cannot make has the URL ``null``. Rails writes compact UTF-8
with ``<``, ``>``, ``&`` escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clearance.serve.mock import _spec
from clearance.serve.mock._call import json_body

if TYPE_CHECKING:
    from collections.abc import Callable

    from clearance.serve.mock._call import Answer, Call

__all__ = ["DOCUMENTS", "SPECIAL", "default", "singular"]

API = "invoicexpress"
CREATED = 201
_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
#: Document types, by family; each family shares its operations' answers [SPEC].
INVOICE_TYPES = (
    "invoices", "invoice_receipts", "simplified_invoices", "credit_notes", "debit_notes",
    "vat_moss_invoices",
)  # fmt: skip
ESTIMATE_TYPES = ("quotes", "proformas", "fees_notes")
GUIDE_TYPES = ("shippings", "transports", "devolutions")
DOCUMENTS = frozenset(INVOICE_TYPES + ESTIMATE_TYPES + GUIDE_TYPES)
#: The ``status`` a document has after a change of ``state`` [DOC: finalized -> final,
#: the estimate states accept and refuse -> accepted and refused; unsettled -> final].
STATUS_AFTER = {
    "finalized": "final", "accept": "accepted", "refuse": "refused", "unsettled": "final",
}  # fmt: skip
_RAILS_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def _answer(status: int, body: Any) -> Answer:
    text = json_body(body).decode()
    for char, escape in _RAILS_ESCAPES.items():
        text = text.replace(char, escape)
    return status, dict(_HEADERS), text.encode()


def _no_body(status: int = 200) -> Answer:
    return status, {}, b""


def singular(resource: str) -> str:
    """The root key of one object of ``resource``.

    >>> singular("invoice_receipts"), singular("taxes"), singular("fees_notes")
    ('invoice_receipt', 'tax', 'fees_note')
    """
    return resource.removesuffix("es") if resource.endswith("xes") else resource.removesuffix("s")


def _resource(call: Call) -> str:
    """``invoices`` for ``/invoices.json`` and ``/invoices/{id}/change-state.json``."""
    return call.template.removeprefix("/").partition("/")[0].removesuffix(".json")


def _root(call: Call) -> tuple[str | None, dict[str, Any]]:
    """The request's root key and object (``None`` and ``{}`` when it has none).

    The root is the body's one object member; others may stand beside it
    (``proprietary_uid`` [SPEC; OCA's production module sends it]).
    """
    value = call.payload()
    if not isinstance(value, dict):
        return None, {}
    objects = {k: v for k, v in value.items() if isinstance(v, dict)}
    if len(objects) > 1:  # the resource's own key first
        own = singular(_resource(call))
        objects = {own: objects[own]} if own in objects else {}
    if len(objects) == 1:
        ((root, fields),) = objects.items()
        return root, dict(fields)
    return None, {}


def _url_id(value: str, as_text: bool = False) -> int | str:
    return int(value) if value.isdigit() and not as_text else value


def _twin(endpoint: str) -> str:
    """The specified operation that answers for ``endpoint``.

    Itself, or the same operation of another document type (the spec lacks some of the
    invoice types').
    """
    if _spec.statuses(API, endpoint):
        return endpoint
    method, _, template = endpoint.partition(" ")
    resource = template.removeprefix("/").partition("/")[0].removesuffix(".json")
    if resource in DOCUMENTS:
        for other in INVOICE_TYPES + ESTIMATE_TYPES + GUIDE_TYPES:
            candidate = f"{method} {template.replace(resource, other, 1)}"
            if _spec.statuses(API, candidate):
                return candidate
    return endpoint


def _status(endpoint: str) -> int:
    """The lowest success status the spec lists (201 for a create, 200 otherwise)."""
    listed = _spec.statuses(API, _twin(endpoint))
    if listed:
        return listed[0]
    return 201 if endpoint.startswith("POST ") else 200


# -- documents: invoices, estimates, guides ------------------------------------------


def _change_state(call: Call, root: str) -> Answer:
    _, fields = _root(call)
    state = fields.get("state")
    status = STATUS_AFTER.get(state, state) if isinstance(state, str) else None
    ident = _url_id(call.params.get("id", ""))
    return _answer(_status(call.endpoint), {root: {"id": ident, "status": status}})


def _document(call: Call, resource: str) -> Answer:
    """A document operation: create, read, update, change of state, e-mail."""
    root = singular(resource)
    status = _status(call.endpoint)
    if call.template.endswith("/change-state.json"):
        return _change_state(call, root)
    if call.method == "POST":
        _, fields = _root(call)
        created = {"id": call.ids.number(API), **fields, "status": "draft"}
        return _answer(status, {root: created})
    if call.method == "GET":
        return _answer(status, {root: {"id": _url_id(call.params.get("id", ""))}})
    return _no_body(status)  # an update, or sending by e-mail [SPEC]


# -- everything else: the shape of the specified answer ------------------------------


def _is_text(node: dict[str, Any]) -> bool:
    return _spec.resolve(API, node).get("type") == "string"


def _entity(call: Call, key: str, node: dict[str, Any], created: bool) -> dict[str, Any]:
    """One object under ``key``: the request's object under that key, and its id."""
    root, fields = _root(call)
    body = dict(fields) if root in {key, None} or root == singular(_resource(call)) else {}
    id_node = _spec.properties(API, node).get("id", {})
    if created:
        number = call.ids.number(API)
        body["id"] = str(number) if _is_text(id_node) else number
    elif len(call.params) == 1 or "id" in call.params:  # its own id, or its account's
        ident = call.params.get("id") or next(iter(call.params.values()))
        body["id"] = _url_id(ident, as_text=_is_text(id_node))
    return body


def _pagination(call: Call, node: dict[str, Any]) -> dict[str, int]:
    """A page of nothing: the page and page size asked for, no entries, no pages."""

    def asked(name: str, otherwise: int) -> int:
        value = call.query.get(name, "")
        return int(value) if value.isdigit() and int(value) > 0 else otherwise

    page = {}
    for name, member in _spec.properties(API, node).items():
        if _spec.resolve(API, member).get("type") == "integer":
            page[name] = {"current_page": asked("page", 1), "per_page": asked("per_page", 0)}.get(
                name, 0
            )
    return page


def _shaped(call: Call, node: dict[str, Any], status: int) -> Any:
    """The body the schema ``node`` describes, for ``call``."""
    resolved = _spec.resolve(API, node)
    alternatives = resolved.get("oneOf") or resolved.get("anyOf")
    if alternatives:  # one alternative per root key: the resource's own
        wanted = singular(_resource(call))
        resolved = next(
            (a for a in alternatives if wanted in _spec.properties(API, a)), alternatives[0]
        )
    if resolved.get("type") == "array":
        return []
    members = _spec.properties(API, resolved)
    kinds = {name: _spec.resolve(API, member).get("type") for name, member in members.items()}
    created = status == CREATED
    if "array" in kinds.values():  # a list, and maybe its pagination
        body: dict[str, Any] = {}
        for name, kind in kinds.items():
            item = _spec.resolve(API, members[name]).get("items") or {}
            if kind == "array":
                body[name] = [_entity(call, name, item, created=True)] if created else []
            elif kind == "object" and not created:
                body[name] = _pagination(call, members[name])
        return body
    if len(members) == 1 and "object" in kinds.values():  # {"client": {...}}
        ((key, member),) = members.items()
        return {key: _entity(call, key, member, created)}
    # scalars only (a balance): numbers are 0, nothing else is known
    return {name: 0 for name, kind in kinds.items() if kind in {"number", "integer"}}


def default(call: Call) -> Answer:
    """The answer to an endpoint, from the specification (see the module docstring)."""
    resource = _resource(call)
    if resource in DOCUMENTS and (call.params or call.method != "GET"):
        return _document(call, resource)
    twin = _twin(call.endpoint)
    responses = _spec.json_responses(API, twin)
    status = _status(call.endpoint)
    node = responses.get(status)
    if node is None:
        return _no_body(status)
    body = _shaped(call, node, status)
    if twin == "GET /invoices.json" and resource != "invoices" and isinstance(body, dict):
        # One type's list answers under its own name, {"invoice_receipts": [...], ...}
        # [3P: voluzi/go-invoicexpress wire_contract_test.go, captured from a real account].
        body = {(resource if key == "invoices" else key): value for key, value in body.items()}
    return _answer(status, body)


# -- documented answers the spec lacks or says otherwise -----------------------------


def _saft(call: Call) -> Answer:
    del call
    message = (
        "The SAF-T file generation was started. Please keep requesting until you get back the url."
    )
    return _answer(202, {"message": message})


def _related(call: Call) -> Answer:
    del call
    return _answer(200, {"documents": []})


def _pdf(call: Call) -> Answer:
    del call
    return _answer(200, {"output": {"pdfUrl": None}})


def _qr_code(call: Call) -> Answer:
    del call
    return _answer(200, {"qr_code": {"url": None}})


def _payment(call: Call) -> Answer:
    return _answer(_status(call.endpoint), {"receipt": {"id": call.ids.number(API)}})


def _cancel_receipt(call: Call) -> Answer:
    return _change_state(call, "receipt")


def _register(call: Call) -> Answer:
    return _answer(_status(call.endpoint), {"sequences": []})


def _find_client(call: Call) -> Answer:
    client: dict[str, Any] = {"id": str(call.ids.number(API))}
    for asked, member in (("client_name", "name"), ("client_code", "code")):
        if asked in call.query:
            client[member] = call.query[asked]
    return _answer(_status(call.endpoint), {"client": client})


#: Endpoints whose documented answer differs from :func:`default`.
SPECIAL: dict[str, Callable[[Call], Answer]] = {
    "GET /api/export_saft.json": _saft,
    "GET /document/{id}/related_documents.json": _related,
    "GET /api/pdf/{id}.json": _pdf,
    "GET /api/qr_codes/{id}.json": _qr_code,
    "POST /documents/{id}/partial_payments.json": _payment,
    "PUT /receipts/{id}/change-state.json": _cancel_receipt,
    "PUT /sequences/{id}/register.json": _register,
    "GET /clients/find-by-name.json": _find_client,
    "GET /clients/find-by-code.json": _find_client,
}
