"""InvoiceXpress API v2 (Portuguese invoicing).

JSON over HTTPS on ``https://<account>.app.invoicexpress.com``, authenticated by the
``api_key`` query parameter. Every body wraps its resource in a root key
(``{"invoice": {...}}``, ``{"client": {...}}``); dates are ``dd/mm/yyyy``; the vendor's
examples send numbers as strings, and JSON numbers are taken too.

InvoiceXpress answers without codes: a rejected request gets HTTP 422 and
``{"errors": [{"error": "<message>"}, ...]}``. The catalog keys each message by a name,
grouped by resource, and findings carry ``code == "422"`` (or the documented status).

clearance knows every operation of the live-checked specification of a third party
(``diogopms/invoice-express-js``, ``clearance/specs/invoicexpress.json``) and the
vendor's ``/:document-type`` forms it lacks. Each endpoint's model is built from that
specification when the endpoint is first checked (:mod:`.models`), with the facts of the
documentation and of recorded traffic on top (:mod:`.documents`, :mod:`.resources`).

More information:

* https://invoicexpress.com/api-v2/documentation/error-codes-responses
* https://docs.invoicexpress.com/
* ``shared/api-notes/invoicexpress.md`` in the project's research notes
"""

import re
from collections.abc import Callable, Iterator, Mapping
from urllib.parse import SplitResult, parse_qs

from clearance.api import Api, Endpoint, Headers, Structure, Summary
from clearance.model import Body
from clearance.report import Finding, Location

__all__ = ["API", "DOCUMENT_ROOTS", "ENDPOINTS", "InvoiceXpress"]

#: Invoice document types, each with the root keys it takes: ``invoice`` for all of them
#: (the vendor's examples), and the type's own singular. ``invoice_receipt`` is recorded
#: live (diogopms/invoice-express-js, scripts/live-check.cjs: create and change-state);
#: for the other types nothing settles whether the singular is read, so it is accepted.
INVOICE_ROOTS = {
    "invoices": ("invoice",),
    "simplified_invoices": ("invoice", "simplified_invoice"),
    "invoice_receipts": ("invoice", "invoice_receipt"),
    "credit_notes": ("invoice", "credit_note"),
    "debit_notes": ("invoice", "debit_note"),
    # Named by the vendor's overview beside the others; sent with the root key invoice by
    # a production Odoo module for customers in other EU countries (OCA/l10n-portugal
    # l10n_pt_account_invoicexpress account_move.py) [3P].
    "vat_moss_invoices": ("invoice", "vat_moss_invoice"),
}
#: Estimates and guides: root key the type's singular (the live-checked OpenAPI of
#: diogopms/invoice-express-js), or the family's (``quote``, ``shipping``), which the
#: vendor's examples use and a live check sends for proformas and fees notes. Estimates
#: also take ``estimate``, which a client library sends as "the fixed key the API
#: documents" (voluzi/go-invoicexpress estimates.go) and nothing shows refused.
ESTIMATE_ROOTS = {"quotes": ("quote", "estimate"), "proformas": ("proforma", "quote", "estimate"),
                  "fees_notes": ("fees_note", "quote", "estimate")}  # fmt: skip
GUIDE_ROOTS = {"shippings": ("shipping",), "transports": ("transport", "shipping"),
               "devolutions": ("devolution", "shipping")}  # fmt: skip
DOCUMENT_ROOTS: dict[str, tuple[str, ...]] = {
    **INVOICE_ROOTS,
    **ESTIMATE_ROOTS,
    **GUIDE_ROOTS,
}

_JSON_OR_XML = re.compile(
    r"\s*(application/(json|jsonrequest|xml)|text/(json|x-json|xml)|[a-z0-9.+-]+/[a-z0-9.-]+\+(json|xml))\s*(;.*)?",
    re.IGNORECASE | re.DOTALL,
)


class InvoiceXpress(Api):
    """InvoiceXpress: hosts ``<account>.app.invoicexpress.com``, no base path."""

    name = "invoicexpress"
    host = re.compile(r"(?:[a-z0-9-]+\.)?app\.invoicexpress\.com")
    #: ``items`` is the only list judged (the specification's other arrays are declared:
    #: see :class:`.models.IxPolicy`).
    structure = Structure(list="document-items-not-array")
    #: A JSON body that is not an object has no root key (``clearance:root-missing``).
    non_object_is_empty = True
    transport_rules = ("clearance:https-required", "access-denied", "email-no-content-type")
    #: "Client is invalid" before a document's client's own messages, "Invoice items is
    #: invalid" (once) before its items', "Client contact is invalid" before a client's
    #: preferred contact's: the documented list gives each summary beside the messages
    #: it heads; that it comes with them is the catalog's [INF] reading (see its notes).
    summaries = (
        Summary("document-client-invalid", re.compile(r"/[^/]+/client(?=/.)")),
        Summary("document-items-invalid", re.compile(r"/[^/]+/items(?=/\d+/.)")),
        Summary("client-contact-invalid", re.compile(r"/client/preferred_contact(?=/.)")),
    )

    def transport(
        self, endpoint: Endpoint, url: SplitResult, headers: Headers, path_params: Mapping[str, str]
    ) -> list[Finding]:
        """HTTPS only, ``api_key`` in the query, and a JSON content type to send an e-mail."""
        del path_params
        findings: list[Finding] = []
        if url.scheme and url.scheme.lower() != "https":  # a bare path names no scheme
            findings.append(self.finding("clearance:https-required", location=Location.URL))
        keys = parse_qs(url.query, keep_blank_values=True).get("api_key", [])
        if not any(key.strip() for key in keys):
            findings.append(self.finding("access-denied", location=Location("query", "api_key")))
        if endpoint.template.endswith("/email-document.json") and not _JSON_OR_XML.fullmatch(
            headers.get("Content-Type", "")
        ):
            findings.append(
                self.finding("email-no-content-type", location=Location("header", "Content-Type"))
            )
        return findings


# -- the endpoint table ---------------------------------------------------------------

#: The specification's body of each document type. The vendor documents one body for
#: every invoice type (``/:document-type``); the specification writes it out for
#: invoices (``InvoiceRequest``), and for invoice receipts a subset of it under their own
#: root key, so every invoice type reads the invoices' body.
_BODY = {
    **dict.fromkeys(INVOICE_ROOTS, "InvoiceRequest#invoice"),
    **dict.fromkeys(ESTIMATE_ROOTS, "EstimateBody"),
    **dict.fromkeys(GUIDE_ROOTS, "GuideBody"),
}
#: The specification's change of state of each document type (the invoices' for the types
#: it does not write out: the vendor documents one for every ``/:document-type``).
_STATE = {
    **dict.fromkeys(INVOICE_ROOTS, "PUT /invoices/{id}/change-state.json#invoice"),
    "invoice_receipts": "PUT /invoice_receipts/{id}/change-state.json#invoice_receipt",
    **dict.fromkeys(ESTIMATE_ROOTS, "EstimateStateChange"),
    **dict.fromkeys(GUIDE_ROOTS, "GuideStateChange"),
}
#: Sending by e-mail: the specification writes one ``message`` for every type.
_EMAIL = "PUT /invoice_receipts/{id}/email-document.json#message"
#: The document types the specification reads one by one (``GET /<type>/{id}.json``).
_READ = ("invoices", "invoice_receipts", *ESTIMATE_ROOTS, *GUIDE_ROOTS)


def _lazy(
    address: str, roots: tuple[str, ...] = (), *, update: bool = False, title: str = ""
) -> Callable[[], type[Body]]:
    """What builds an endpoint's model on its first check (see :func:`.models.build`)."""

    def model() -> type[Body]:
        from clearance.validators.invoicexpress.models import build  # noqa: PLC0415

        return build(address, roots, update, title)

    return model


def _query(endpoint: str, *, payload: str = "") -> Endpoint:
    """An endpoint whose payload is its query string (a GET, a DELETE, a PUT without body)."""
    return Endpoint(endpoint, _lazy(f"{endpoint}?"), payload=payload)


def _typed_list(kind: str) -> Endpoint:
    """``GET /<type>.json``: one invoice type's list, which takes the invoices' list query.

    Vendor-documented beside ``GET /invoices.json``; its answer ``{"invoice_receipts":
    [...], "pagination": ...}`` recorded from a real account (voluzi/go-invoicexpress
    wire_contract_test.go) [3P].
    """
    return Endpoint(f"GET /{kind}.json", _lazy("GET /invoices.json?"), payload="query")


def _camel(words: str) -> str:
    return "".join(part.capitalize() for part in words.split("_"))


def _documents() -> Iterator[Endpoint]:
    for kind, roots in DOCUMENT_ROOTS.items():
        name = _camel(kind)
        yield Endpoint(f"POST /{kind}.json", _lazy(_BODY[kind], roots, title=f"{name}Request"))
        yield Endpoint(
            f"PUT /{kind}/{{id}}.json",
            _lazy(_BODY[kind], roots, update=True, title=f"{name}UpdateRequest"),
        )
        yield Endpoint(
            f"PUT /{kind}/{{id}}/change-state.json",
            _lazy(_STATE[kind], roots, title=f"{name}StateRequest"),
        )
        yield Endpoint(
            f"PUT /{kind}/{{id}}/email-document.json",
            _lazy(_EMAIL, ("message",), title="EmailRequest"),
        )
        if kind in _READ:
            yield _query(f"GET /{kind}/{{id}}.json")


def _resources() -> Iterator[Endpoint]:
    for kind, root, address in (
        ("clients", "client", "ClientRequest#client"),
        ("items", "item", "ItemRequest#item"),
        ("taxes", "tax", "TaxRequest#tax"),
    ):
        name = _camel(root)
        yield Endpoint(f"POST /{kind}.json", _lazy(address, (root,), title=f"{name}Request"))
        yield Endpoint(
            f"PUT /{kind}/{{id}}.json",
            _lazy(address, (root,), update=True, title=f"{name}UpdateRequest"),
        )
        yield _query(f"GET /{kind}.json")
        yield _query(f"GET /{kind}/{{id}}.json")
        if kind != "clients":
            yield _query(f"DELETE /{kind}/{{id}}.json")


_ACCOUNT = _lazy("AccountBody", ("account",), title="AccountRequest")
_TREASURY = "/api/v3/clients/{id}"

ENDPOINTS: tuple[Endpoint, ...] = (
    *_documents(),
    _query("GET /invoices.json"),
    *(_typed_list(kind) for kind in INVOICE_ROOTS if kind != "invoices"),
    _query("GET /estimates.json"),
    _query("GET /guides.json"),
    _query("GET /api/pdf/{id}.json"),
    _query("GET /api/qr_codes/{id}.json"),
    _query("GET /document/{id}/related_documents.json"),
    Endpoint(
        "POST /documents/{id}/partial_payments.json",
        _lazy(
            "POST /documents/{id}/partial_payments.json#partial_payment",
            ("partial_payment",),
            title="PartialPaymentRequest",
        ),
    ),
    Endpoint(
        "PUT /receipts/{id}/change-state.json",
        _lazy(
            "PUT /receipts/{id}/change-state.json#receipt",
            ("receipt",),
            title="ReceiptStateRequest",
        ),
    ),
    *_resources(),
    _query("GET /clients/find-by-name.json"),
    _query("GET /clients/find-by-code.json"),
    Endpoint("POST /clients/{id}/invoices.json", _lazy("POST /clients/{id}/invoices.json")),
    Endpoint("POST /sequences.json", _lazy("SequenceBody", ("sequence",), title="SequenceRequest")),
    _query("GET /sequences.json"),
    _query("GET /sequences/{id}.json"),
    _query("PUT /sequences/{id}/register.json", payload="query"),  # no body [3P, DOC]
    _query("PUT /sequences/{id}/set_current.json", payload="query"),
    Endpoint("POST /api/accounts/create.json", _ACCOUNT),
    Endpoint("POST /api/accounts/create_already_user.json", _ACCOUNT),
    Endpoint(
        "PUT /api/accounts/{account_id}/update.json",
        _lazy("AccountBody", ("account",), update=True, title="AccountUpdateRequest"),
    ),
    _query("GET /api/accounts/{account_id}/get.json"),
    _query("GET /api/export_saft.json"),
    Endpoint(
        "POST /api/v3/accounts/at_communication.json",
        _lazy(
            "AtCommunicationRequest#at_communication",
            ("at_communication",),
            title="AtCommunicationRequest",
        ),
    ),
    _query(f"GET {_TREASURY}/balance.json"),
    Endpoint(
        f"PUT {_TREASURY}/initial_balance.json",
        _lazy(
            "InitialBalanceRequest#initial_balance",
            ("initial_balance",),
            title="InitialBalanceRequest",
        ),
    ),
    _query(f"GET {_TREASURY}/regularization.json"),
    Endpoint(
        f"POST {_TREASURY}/regularization.json",
        _lazy("RegularizationBody", ("regularization",), title="RegularizationRequest"),
    ),
    _query("DELETE /api/v3/clients/{client_id}/regularization/{id}.json"),
    Endpoint(
        f"POST {_TREASURY}/treasury_movements.json",
        _lazy("TreasuryMovementBody", ("treasury_movement",), title="TreasuryMovementRequest"),
    ),
    _query("DELETE /api/v3/clients/{client_id}/treasury_movements/{id}.json"),
)

API = InvoiceXpress(ENDPOINTS)
