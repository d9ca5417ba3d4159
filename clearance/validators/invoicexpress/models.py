"""Every InvoiceXpress request model: the specification's schemas, with the hand-written facts.

Imported when an endpoint is first checked, never before. Each model is built from the
node of the live-checked specification (``clearance/specs/invoicexpress.json``) its
endpoint names, read by :class:`IxPolicy`: fields are declared, not judged, since the
specification says what a field is, not what the server refuses. On top, an
:class:`~clearance.specmodels.Overlay` per schema puts the hand-written facts of
:mod:`.documents` and :mod:`.resources` (the documented checks, the rules that span
fields) and names the nested objects that are models of their own. The root key a body
wraps its object in is the documentation's business, not the specification's (which
writes a ``oneOf`` over three keys for estimates and guides, and one key where the vendor
documents two for invoice receipts): :func:`build` wraps each object in the keys
:mod:`clearance.validators.invoicexpress` lists.
"""

from collections.abc import Mapping
from functools import cache
from typing import Any, ClassVar

from pydantic import create_model

from clearance.model import Body, Violation
from clearance.report import Context
from clearance.specmodels import Models, Overlay, Policy, SpecNode
from clearance.validators.invoicexpress.checks import IX, NONE
from clearance.validators.invoicexpress.documents import (
    Document,
    DocumentClient,
    DocumentItem,
    EmailClient,
    EmailMessage,
    StateChange,
)
from clearance.validators.invoicexpress.resources import (
    Account,
    AtCommunication,
    Client,
    Item,
    PartialPayment,
    PreferredContact,
    SaftQuery,
    Specified,
    Tax,
    TreasuryMovement,
)

__all__ = ["MODELS", "OVERLAYS", "Declared", "IxPolicy", "Wrapped", "build", "wrapped"]

_ROOT_MISSING = IX["clearance:root-missing"]


class Declared(Body):
    """A model built from the specification alone: its fields are declared, not judged.

    A value of another JSON type where the specification nests an object is only a
    warning: whether the server refuses one is not documented.
    """

    __clearance_object__: ClassVar[str | None] = "clearance:object-expected"


#: Where the specification's ``required`` is the vendor's word as far as anyone knows (the
#: v3 treasury bodies, whose documented examples send each of them, and the finders, which
#: find nothing without their name or code); elsewhere it is the third party's choice
#: (``page`` and ``per_page`` on the lists, every document field). Missing ones only warn.
SPEC_REQUIRED = frozenset(
    {
        "InitialBalanceRequest#initial_balance",
        "RegularizationBody",
        "TreasuryMovementBody",
        "GET /clients/find-by-name.json?",
        "GET /clients/find-by-code.json?",
    }
)


class IxPolicy(Policy):
    """How InvoiceXpress reads its specification: every field declared, none judged.

    The specification's types, formats and enumerations are a third party's reading (its
    ``client_code`` is an integer where the vendor sends text, its dates ``date`` where
    the vendor writes ``dd/mm/yyyy``): where the documentation settles a check, an
    overlay says so.
    """

    base = Declared

    def array(self, item: Any, node: SpecNode, *, schema: str, name: str) -> Any:
        """A list of objects (``items``) is refused when it is no array [DOC]; others: any value."""
        if isinstance(item, type) and issubclass(item, Body):
            return super().array(item, node, schema=schema, name=name)
        return Any

    def attrs(self, schema: str, node: SpecNode, *, update: bool) -> dict[str, Any]:
        """``SPEC_REQUIRED`` where the specification's ``required`` is trusted (see above)."""
        if update or schema not in SPEC_REQUIRED:
            return {}
        return {"SPEC_REQUIRED": tuple(node.get("required", ()))}


def _document(client: str) -> Overlay:
    return Overlay(base=Document, nested={"client": client}, source="documents.Document")


def _state_change(title: str) -> Overlay:
    return Overlay(base=StateChange, source="documents.StateChange", title=title)


_EMAIL = "PUT /invoice_receipts/{id}/email-document.json#message"

#: Per schema address, what the documentation adds (see :class:`Overlay`).
OVERLAYS: Mapping[str, Overlay] = {
    # invoices, estimates, guides
    "InvoiceRequest#invoice": _document("InvoiceRequest#invoice/client"),
    "EstimateBody": _document("EstimateBody#client"),
    "GuideBody": _document("GuideBody#client"),
    "InvoiceRequest#invoice/client": Overlay(base=DocumentClient, title="InvoiceClient"),
    "EstimateBody#client": Overlay(base=DocumentClient, title="EstimateClient"),
    "GuideBody#client": Overlay(base=DocumentClient, title="GuideClient"),
    "Item": Overlay(base=DocumentItem),
    "PUT /invoices/{id}/change-state.json#invoice": _state_change("InvoiceStateChange"),
    "PUT /invoice_receipts/{id}/change-state.json#invoice_receipt": _state_change(
        "InvoiceReceiptStateChange"
    ),
    "EstimateStateChange": _state_change(""),
    "GuideStateChange": _state_change(""),
    "PUT /receipts/{id}/change-state.json#receipt": _state_change("ReceiptStateChange"),
    _EMAIL: Overlay(
        base=EmailMessage, nested={"client": f"{_EMAIL}/client"}, title="EmailDocumentMessage"
    ),
    f"{_EMAIL}/client": Overlay(base=EmailClient, title="EmailDocumentClient"),
    # clients, items, taxes, accounts, the SAF-T export
    "ClientRequest#client": Overlay(
        base=Client, nested={"preferred_contact": "ClientRequest#client/preferred_contact"}
    ),
    "ClientRequest#client/preferred_contact": Overlay(
        base=PreferredContact, title="ClientPreferredContact"
    ),
    "ItemRequest#item": Overlay(base=Item),
    "TaxRequest#tax": Overlay(base=Tax),
    "AccountBody": Overlay(base=Account),
    "GET /api/export_saft.json?": Overlay(base=SaftQuery, title="ExportSaftQuery"),
    # payments, the treasury, the tax authority
    "POST /documents/{id}/partial_payments.json#partial_payment": Overlay(
        base=PartialPayment, title="PartialPaymentBody"
    ),
    "InitialBalanceRequest#initial_balance": Overlay(base=Specified, title="InitialBalanceBody"),
    "RegularizationBody": Overlay(base=Specified),
    "TreasuryMovementBody": Overlay(base=TreasuryMovement),
    "AtCommunicationRequest#at_communication": Overlay(
        base=AtCommunication,
        fields={"login": None, "password": None},  # the vendor's keys instead (the base's)
        title="AtCommunicationBody",
    ),
    "POST /clients/{id}/invoices.json": Overlay(
        nested={"filter": "POST /clients/{id}/invoices.json#filter"},
        title="ClientInvoicesRequest",
    ),
    "POST /clients/{id}/invoices.json#filter": Overlay(title="ClientInvoicesFilter"),
    "GET /clients/find-by-name.json?": Overlay(base=Specified, title="FindByNameQuery"),
    "GET /clients/find-by-code.json?": Overlay(base=Specified, title="FindByCodeQuery"),
}

MODELS = Models("invoicexpress", IxPolicy(), OVERLAYS, __name__)

# -- root keys ------------------------------------------------------------------------


class Wrapped(Body):
    """A body that wraps its resource in a root key; ``ROOTS`` are the keys it may use."""

    ROOTS: ClassVar[tuple[str, ...]] = ()

    @IX.cross_check("clearance:root-missing")
    def _root(cls, data: Mapping[str, Any], context: Context | None) -> tuple[Violation, ...]:
        del context
        for root in cls.ROOTS:
            if data.get(root) is not None:
                return NONE
        return (Violation(_ROOT_MISSING, (cls.ROOTS[0],), {"root": cls.ROOTS[0]}),)


def wrapped(
    name: str,
    inner: type[Body],
    roots: tuple[str, ...],
    doc: str,
    siblings: tuple[str, ...] = (),
) -> type[Wrapped]:
    """The body ``{"<root>": <inner>}``, one optional field per accepted root key.

    ``siblings``: other keys the body may carry beside the root (declared, not judged).
    """
    fields: dict[str, Any] = dict.fromkeys(roots, (inner | None, None))
    fields |= {key: (Any, None) for key in siblings if key not in fields}
    model: type[Wrapped] = create_model(
        name, __base__=Wrapped, __doc__=doc, __module__=__name__, **fields
    )
    model.ROOTS = roots
    return model


@cache
def build(address: str, roots: tuple[str, ...], update: bool, title: str) -> type[Body]:
    """The model of a payload: the object at ``address``, wrapped in ``roots`` if any.

    Called with the same arguments, it answers the same model (endpoints share them).
    """
    inner = MODELS.model(address, update=update)
    if not roots:
        return inner
    # Keys the specification's request schema has beside its root key (proprietary_uid).
    schema, _, root = address.partition("#")
    node = MODELS.node(schema) if root and "/" not in root else None
    siblings = tuple(name for name in (node or {}).get("properties", {}) if name != root)
    doc = f"``{{{roots[0]!r}: {{...}}}}``" + (", changes only." if update else ".")
    return wrapped(title, inner, roots, doc, siblings)
