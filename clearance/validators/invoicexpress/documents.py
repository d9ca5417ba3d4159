"""Invoices, estimates and guides: their bodies, changes of state and e-mails.

The hand-written facts of each: the bases the specification's schemas are built on
(see :mod:`.models`). Each base declares the fields whose checks the documentation
settles, and the rules that span fields; the specification adds the rest of the fields.
"""

from collections.abc import Iterable, Mapping
from typing import Annotated, Any, ClassVar

from clearance.catalog import Rule
from clearance.fields import Invalid
from clearance.fields.rails import is_blank, number_above, number_between, unless_blank
from clearance.model import Body, Violation
from clearance.report import Context
from clearance.validators.invoicexpress.checks import (
    COUNTRY,
    EMAIL,
    EMAIL_COPIES,
    EMAILS,
    IX,
    NIF,
    NONE,
    NUMBER,
    STATE,
    UNIT,
    is_portugal,
    read_date,
)

__all__ = [
    "Document",
    "DocumentClient",
    "DocumentItem",
    "EmailClient",
    "EmailMessage",
    "StateChange",
    "nif_violation",
]


def nif_violation(data: Mapping[str, Any], rule: Rule) -> tuple[Violation, ...]:
    """The Portuguese NIF of a client whose country is Portugal (the server checks only those)."""
    if not is_portugal(data.get("country")):
        return NONE
    fiscal_id = data.get("fiscal_id")
    if is_blank(fiscal_id):
        return NONE
    try:
        NIF.fn(fiscal_id)
    except Invalid:
        return (Violation(rule, ("fiscal_id",)),)
    return NONE


# The rules the cross checks report, looked up once.
_DOCUMENT_CLIENT_NIF = IX["clearance:document-client-fiscal-id-invalid"]
_DUE_BEFORE_DATE = IX["document-due-date-before-date"]
_CANCEL_MESSAGE_BLANK = IX["state-cancel-message-blank"]

# -- invoices, estimates and guides: create or update ---------------------------------


class DocumentItem(Body):
    """One of ``<root>.items``."""

    discount: Annotated[Any, IX.param("document-item-discount-not-number", unless_blank(NUMBER))]
    quantity: Annotated[
        Any,
        IX.param("document-item-quantity-not-positive", unless_blank(number_above(0, comma=True))),
    ]
    unit_price: Annotated[
        Any, IX.param("document-item-unit-price-not-number", unless_blank(NUMBER))
    ]
    unit: Annotated[Any, IX.param("document-item-unit-not-accepted", UNIT)]


class DocumentClient(Body):
    """``<root>.client``: an existing client by name or code, or a new one."""

    email: Annotated[Any, IX.param("document-client-email-invalid", EMAIL)]
    country: Annotated[Any, IX.param("document-country-not-found", COUNTRY)]

    @IX.cross_check("clearance:document-client-fiscal-id-invalid")
    def _fiscal_id(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        return nif_violation(data, _DOCUMENT_CLIENT_NIF)


class Document(Body):
    """An invoice, estimate or guide: ``{"invoice": {...}}``, ``{"quote": {...}}``, ..."""

    retention: Annotated[
        Any,
        IX.param(
            "document-retention-out-of-range", unless_blank(number_between(0, "99.99", comma=True))
        ),
    ]

    @IX.cross_check("document-due-date-before-date")
    def _due_date(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        due = read_date(data.get("due_date"))
        if due is None:
            return NONE
        issued = read_date(data.get("date"))
        if issued is not None and due < issued:
            return (Violation(_DUE_BEFORE_DATE, ("due_date",)),)
        return NONE


# -- change state and send by e-mail --------------------------------------------------


class StateChange(Body):
    """Body of ``PUT /<type>/{id}/change-state.json`` under the document's root key.

    Receipts (``PUT /receipts/{id}/change-state.json``) are changed the same way.
    """

    #: For clearance.testing: any state, or a cancellation with its reason.
    SAMPLES: ClassVar[tuple[Mapping[str, Any], ...]] = (
        {},
        {"state": "canceled", "message": "Fatura emitida por engano"},
    )

    state: Annotated[Any, IX.param("state-invalid", STATE, required="state-invalid")]

    @IX.cross_check("state-cancel-message-blank")
    def _cancel_reason(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        del context
        state = data.get("state")
        cancels = isinstance(state, str) and state.strip().casefold() == "canceled"
        if cancels and is_blank(data.get("message")):
            return (Violation(_CANCEL_MESSAGE_BLANK, ("message",)),)
        return NONE


class EmailClient(Body):
    """``message.client``: the recipient, and whether to save the address on the client."""

    email: Annotated[Any, IX.param("email-client-email-invalid", EMAILS)]


class EmailMessage(Body):
    """``message`` of ``PUT /<type>/{id}/email-document.json``."""

    cc: Annotated[Any, IX.param("email-cc-invalid", EMAIL_COPIES)]
    bcc: Annotated[Any, IX.param("email-bcc-invalid", EMAIL_COPIES)]
