"""Clients, items, taxes, accounts, payments and the treasury: their hand-written facts.

Each class is the base a specification schema is built on (see :mod:`.models`): the
fields whose checks the documentation settles, and the rules that span fields.
"""

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

from clearance.fields.rails import number_between, present, unless_blank
from clearance.model import Body, Violation
from clearance.report import Context
from clearance.validators.invoicexpress.checks import (
    COUNTRY,
    EMAIL,
    IX,
    MOVEMENT_TYPE,
    NONE,
    NUMBER,
    PAYMENT_MECHANISM,
    POSTAL_CODE,
    TAX_REGION,
    TERMS,
    UNIT,
)
from clearance.validators.invoicexpress.documents import fails, nif_violation

__all__ = [
    "Account",
    "AtCommunication",
    "Client",
    "Item",
    "PartialPayment",
    "PreferredContact",
    "SaftQuery",
    "Specified",
    "Tax",
    "TreasuryMovement",
]

_CLIENT_NIF = IX["clearance:client-fiscal-id-invalid"]
_CONTACT_INVALID = IX["client-contact-invalid"]
_SPEC_REQUIRED = IX["clearance:required-by-specification"]
_AT_LOGIN_KEYS = IX["clearance:at-communication-login-keys"]


class Specified(Body):
    """A model whose specification requires fields no documented answer settles.

    ``SPEC_REQUIRED`` (set from the specification, see :mod:`.models`) names them; each
    one missing or ``null`` is a warning, never a refusal.
    """

    SPEC_REQUIRED: ClassVar[tuple[str, ...]] = ()

    @IX.cross_check("clearance:required-by-specification")
    def _spec_required(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> tuple[Violation, ...]:
        del context
        return tuple(
            Violation(_SPEC_REQUIRED, (name,))
            for name in cls.SPEC_REQUIRED
            if data.get(name) is None
        )


# -- clients ---------------------------------------------------------------------------


class PreferredContact(Body):
    """``client.preferred_contact``: name, email, phone, mobile."""

    email: Annotated[Any, IX.param("client-preferred-contact-email-invalid", EMAIL)]


class Client(Body):
    """``client`` of ``POST /clients.json`` and ``PUT /clients/{id}.json``."""

    email: Annotated[Any, IX.param("client-email-invalid", EMAIL)]
    country: Annotated[Any, IX.param("client-country-not-found", COUNTRY)]
    send_options: Annotated[
        Any,
        IX.param(
            "client-send-options-not-number", unless_blank(NUMBER),
            "client-send-options-out-of-range", unless_blank(number_between(1, 3, comma=True)),
        ),
    ]  # fmt: skip

    @IX.cross_check("clearance:client-fiscal-id-invalid")
    def _fiscal_id(cls, data: Mapping[str, Any], context: Context | None) -> tuple[Violation, ...]:
        del context
        return nif_violation(data, _CLIENT_NIF)

    @IX.cross_check("client-contact-invalid")
    def _companion(cls, data: Mapping[str, Any], context: Context | None) -> tuple[Violation, ...]:
        if fails(PreferredContact, data.get("preferred_contact"), context):
            return (Violation(_CONTACT_INVALID, ("preferred_contact",)),)
        return NONE


# -- items, taxes, accounts, the SAF-T export -----------------------------------------


class Item(Body):
    """``item`` of ``POST /items.json`` (and, every field optional, ``PUT /items/{id}.json``)."""

    unit_price: Annotated[
        Any,
        IX.param(
            "item-unit-price-blank", present(), "item-unit-price-not-number", NUMBER,
            required="item-unit-price-blank",
        ),
    ]  # fmt: skip
    unit: Annotated[Any, IX.param("item-unit-not-accepted", UNIT)]


class Tax(Body):
    """``tax`` of ``POST /taxes.json`` (and, every field optional, ``PUT /taxes/{id}.json``)."""

    value: Annotated[
        Any,
        IX.param(
            "tax-value-blank", present(),
            "tax-value-out-of-range", number_between(0, "99.99", comma=True),
            required="tax-value-blank",
        ),
    ]  # fmt: skip
    region: Annotated[
        Any,
        IX.param(
            "tax-region-empty", present(), "tax-region-invalid", TAX_REGION,
            required="tax-region-empty",
        ),
    ]  # fmt: skip


class Account(Body):
    """``account`` of the account endpoints (create, create for an existing user, update)."""

    email: Annotated[Any, IX.param("account-email-invalid", EMAIL)]
    postal_code: Annotated[Any, IX.param("account-postal-code-format", POSTAL_CODE)]
    terms: Annotated[Any, IX.param("account-terms-not-accepted", TERMS)]


class SaftQuery(Body):
    """Query of ``GET /api/export_saft.json``: ``month`` and the year.

    The vendor's reference names the year ``year``; the live-checked specification,
    ``years``. Either is declared, neither judged.
    """

    month: Annotated[Any, IX.param("saft-month-missing", present(), required="saft-month-missing")]
    year: Any = None


# -- payments and the treasury (API v3) ----------------------------------------------


class PartialPayment(Body):
    """``partial_payment`` of ``POST /documents/{id}/partial_payments.json``."""

    payment_mechanism: Annotated[
        Any, IX.param("clearance:payment-mechanism-unknown", PAYMENT_MECHANISM)
    ]


class TreasuryMovement(Specified):
    """``treasury_movement`` of ``POST /api/v3/clients/{id}/treasury_movements.json``."""

    movement_type: Annotated[Any, IX.param("clearance:movement-type-unknown", MOVEMENT_TYPE)]
    payment_method: Annotated[
        Any, IX.param("clearance:payment-mechanism-unknown", PAYMENT_MECHANISM)
    ]


class AtCommunication(Body):
    """``at_communication`` of ``POST /api/v3/accounts/at_communication.json``.

    The vendor documents ``at_subuser`` (the tax authority's sub-user, ``NIF/number``),
    ``at_password`` (base64) and ``communication_type``; the live-checked specification
    writes ``login`` and ``password`` instead [DOC over 3P].
    """

    at_subuser: Any = None
    at_password: Any = None
    communication_type: Any = None

    @IX.cross_check("clearance:at-communication-login-keys")
    def _login_keys(cls, data: Mapping[str, Any], context: Context | None) -> tuple[Violation, ...]:
        del context
        if data.get("at_subuser") is not None or data.get("at_password") is not None:
            return NONE
        for key in ("login", "password"):
            if key in data:
                return (Violation(_AT_LOGIN_KEYS, (key,)),)
        return NONE
