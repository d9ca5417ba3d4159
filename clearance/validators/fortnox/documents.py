"""Offers, orders, invoices and contracts: documents of one shape, and their house work.

``POST /offers``, ``POST /orders``, ``POST /invoices``, ``POST /contracts`` and their
``PUT .../{DocumentNumber}``. The fields come from the OpenAPI description
(``InvoicePayload``, ``Order``, ``Offer``, ``Contract`` and their rows) [SPEC]; written
here are the read-only fields a client may send back, amounts the description types as
strings, the house-work types (the union of every list), and the lengths and ranges of
``accodeing/fortnox-api`` (``models/document.rb``, ``types/document_row.rb``) [3P], which
warn only.

Rows differ by their quantity: offer rows take ``Quantity``, order rows
``OrderedQuantity`` (and ``DeliveredQuantity``), invoice rows ``DeliveredQuantity``; any
other is 2001399 ("Felaktigt fältnamn (Quantity)" on order rows [3P/REC]). No document
takes ``VATType``: the VAT regime lives on the customer.

House work (ROT, RUT and green tax reductions) is judged as the server answered real
requests [REC: accodeing/fortnox-api cassettes orders/housework_*.yml]: 2003157 for a
type whose reduction has ended, 2004021 for a type of another kind than the document's,
2002980 for OTHERCOSTS on a row marked house work, 2004019 for a typed row on a document
without a reduction type. "The response acts the same way for the endpoints contract,
invoice, offer and order" [DOC].

More information:

* https://developer.fortnox.se/blog/best-practise-new-housework-invoice/
* https://developer.fortnox.se/blog/updates-in-tax-reduction/
* https://www4.skatteverket.se/rattsligvagledning/edition/2016.11/2944.html
"""

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from clearance.model import Violation
from clearance.report import Context
from clearance.specmodels import Overlay
from clearance.validators.fortnox._common import (
    ANY,
    API_BLANK,
    BOOL,
    HOUSEWORK_TYPES,
    NUMBER,
    Entity,
    K,
    code,
    entity,
    enum,
    number_in,
    outbound_not_after_today,
    text,
)

__all__ = [
    "ENDED_TYPES",
    "HOUSEWORK_KINDS",
    "OVERLAYS",
    "Document",
    "WarehouseDocument",
]

# -- house work ------------------------------------------------------------------------

#: Each active house-work type and the tax reduction it belongs to.
HOUSEWORK_KINDS: Mapping[str, str] = {
    # rot: recorded accepted on rot orders, or in the recorded test's ROT list [REC]
    **dict.fromkeys(
        ("CONSTRUCTION", "ELECTRICITY", "GLASSMETALWORK", "GROUNDDRAINAGEWORK", "MASONRY",
         "PAINTINGWALLPAPERING", "HVAC"),
        "rot",
    ),
    # rut: recorded accepted, or in the recorded test's RUT list [REC]
    **dict.fromkeys(
        ("MAJORAPPLIANCEREPAIR", "MOVINGSERVICES", "ITSERVICES", "CLEANING", "TEXTILECLOTHING",
         "SNOWPLOWING", "GARDENING", "BABYSITTING", "OTHERCARE"),
        "rut",
    ),
    # rut since 2021-01-01 [DOC Skatteverket; LIB woo-fortnox-hub rut_* types]
    **dict.fromkeys(
        ("HOMEMAINTENANCE", "FURNISHING", "TRANSPORTATIONSERVICES", "WASHINGANDCAREOFCLOTHING"),
        "rut",
    ),
    # green technology since 2021-01-01 [DOC: fortnox.se/developer/blog/
    # deprecation-worktype-and-addition-taxreductionamounts]
    **dict.fromkeys(
        ("SOLARCELLS", "STORAGESELFPRODUCEDELECTRICITY", "CHARGINGSTATIONELECTRICVEHICLE"),
        "green",
    ),
}  # fmt: skip
#: Types whose reduction has ended: cooking 2016-01-01, homework help 2015-08-01
#: [DOC Skatteverket 2016.11 §2944]; both answered 2003157 on rut orders [REC].
ENDED_TYPES = frozenset({"COOKING", "TUTORING"})
#: Any kind of document may carry costs beside the work, on rows not marked house work.
_OTHER_COSTS = "OTHERCOSTS"
#: What says "no type" [LIB softwerkab HouseworkType; DOC API_BLANK].
_NO_TYPE = frozenset({"", "EMPTYHOUSEWORK", API_BLANK})
_REDUCTIONS = frozenset({"rot", "rut", "green"})
_TRUE = frozenset({"true", "1"})


def _word(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) else None


def _marked(value: Any) -> bool:
    """``HouseWork`` set: ``true``, ``"true"`` in any case, ``1``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value == 1
    return isinstance(value, str) and value.strip().lower() in _TRUE


class Document(Entity):
    """A document whose rows may carry house work (``ROWS`` names them)."""

    ROWS: ClassVar[str] = ""

    @K.cross_check("2003157", "2004021", "2002980", "2004019")
    def _housework(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        rows = data.get(cls.ROWS)
        if type(rows) is not list or not rows:
            return ()
        written = _word(data.get("TaxReductionType"))
        found: list[Violation] = []
        for n, row in enumerate(rows):
            if type(row) is dict:
                found += _housework_row(row, (cls.ROWS, n, "HouseWorkType"), written, cls.UPDATE)
        return found


def _housework_row(
    row: Mapping[str, Any], where: tuple[str | int, ...], written: str | None, update: bool
) -> list[Violation]:
    """The answer to one row's house-work type on a document of reduction ``written``.

    ``update``: the document is a change, which keeps its stored reduction type.
    """
    typed = _word(row.get("HouseWorkType"))
    if typed is None or typed.upper() in _NO_TYPE:
        return []
    work, kind = typed.upper(), written.lower() if written is not None else None
    if work == _OTHER_COSTS:
        return [Violation(K["2002980"], where)] if _marked(row.get("HouseWork")) else []
    if kind in _REDUCTIONS:
        if work in ENDED_TYPES:
            return [Violation(K["2003157"], where)]
        if HOUSEWORK_KINDS.get(work, kind) == kind:
            return []
        ctx = {"TaxReductionType": written, "HouseWorkType": typed}
        return [Violation(K["2004021"], where, ctx)]
    # A change that leaves TaxReductionType out keeps the stored one.
    unreduced = kind == "none" or (kind is None and not update)
    return [Violation(K["2004019"], where)] if unreduced else []


class WarehouseDocument(Document):
    """An order or an invoice: its outbound date must not lie ahead (2003126)."""

    @K.cross_check("2003126")
    def _outbound_date(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        return outbound_not_after_today(data, context)


class _Invoices(WarehouseDocument):
    ROWS = "InvoiceRows"


class _Orders(WarehouseDocument):
    ROWS = "OrderRows"


class _Offers(Document):
    ROWS = "OfferRows"


class _Contracts(Document):
    ROWS = "InvoiceRows"


# -- fields ------------------------------------------------------------------------------

#: DeliveredQuantity: "14 digits" [3P], the wider range of two releases.
_QUANTITY = number_in("-9999999999999.9", "9999999999999.9")

#: What the rows of offers, orders, invoices and contracts share [3P ranges].
_ROW: dict[str, Any] = {
    "AccountNumber": number_in(0, 9999),
    "ArticleNumber": code(50),
    "Discount": number_in("-9999999999.9", "9999999999.9"),
    "HouseWorkHoursToReport": number_in(0, 99999),
    "HouseWorkType": enum(*HOUSEWORK_TYPES),
    "Price": number_in("-9999999999.9", "99999999999.9"),
    "VATCode": ANY,  # sent by clients, missing from some rows' description
}
_ROW_READ_ONLY = (
    "ContributionPercent", "ContributionValue", "PriceExcludingVAT", "Total",
    "TotalExcludingVAT",
)  # fmt: skip

#: What offers, orders and invoices share: lengths of accodeing's Document model [3P].
_DOCUMENT: dict[str, Any] = {
    **dict.fromkeys(
        (
            "Address1",
            "Address2",
            "City",
            "Comments",
            "CustomerName",
            "DeliveryAddress1",
            "DeliveryAddress2",
            "DeliveryCity",
            "DeliveryName",
            "DeliveryZipCode",
            "Phone1",
            "Phone2",
            "Remarks",
            "ZipCode",
        ),
        text(1024),
    ),
    "ExternalInvoiceReference1": text(80),
    "ExternalInvoiceReference2": text(80),
    "OurReference": text(50),
    "YourReference": text(50),
    "YourOrderNumber": text(75),  # 75 in the description [SPEC]; 30 in accodeing [3P]
    "Freight": number_in(0, "99999999999.9"),
    "TaxReductionType": enum("none", "rot", "rut", "green"),
}
_DOCUMENT_READ_ONLY = (
    "@url", "@urlTaxReductionList", "AdministrationFeeVAT", "BasisTaxReduction", "Cancelled",
    "ContributionPercent", "ContributionValue", "FreightVAT", "Gross", "HouseWork",
    "InvoiceReference", "Net", "OfferReference", "OrderReference", "OrganisationNumber",
    "RoundOff", "Sent", "TaxReduction", "Total", "TotalToPay", "TotalVAT",
)  # fmt: skip
_SOURCE = "OpenAPI description [SPEC]; accodeing/fortnox-api document.rb, document_row.rb [3P]"

OVERLAYS: dict[str, Overlay] = {
    "InvoicePayload": entity(
        {**_DOCUMENT, "AccountingMethod": enum("ACCRUAL", "CASH")},
        read_only=(
            *_DOCUMENT_READ_ONLY,
            "Balance",
            "Booked",
            "ContractReference",
            "Credit",
            "FinalPayDate",
            "InvoicePeriodEnd",
            "InvoicePeriodReference",
            "InvoicePeriodStart",
            "LastRemindDate",
            "NoxFinans",
            "Reminders",
            "TimeBasisReference",
            "VoucherNumber",
            "VoucherSeries",
            "VoucherYear",
            "WarehouseReady",
        ),
        base=_Invoices,
        source=_SOURCE,
    ),
    "InvoicePayloadInvoiceRow": entity(
        {**_ROW, "DeliveredQuantity": _QUANTITY},  # a string in the description
        read_only=(*_ROW_READ_ONLY, "Cost"),  # Cost: in recorded answers [REC]
        source=_SOURCE,
    ),
    "Order": entity(
        _DOCUMENT,
        read_only=(*_DOCUMENT_READ_ONLY, "TimeBasisReference", "WarehouseReady"),
        base=_Orders,
        source=_SOURCE,
    ),
    "OrderOrderRow": entity(
        {**_ROW, "DeliveredQuantity": _QUANTITY, "OrderedQuantity": NUMBER},  # no range known
        read_only=(*_ROW_READ_ONLY, "ReservedQuantity", "Cost"),  # Cost: answers [REC]
        source=_SOURCE,
    ),
    "Offer": entity(
        # the reference and order-number fields: accepted as before [3P]; Completed, which
        # the description lacks: softwerkab Offer.cs [3P-live]
        {**_DOCUMENT, "Completed": BOOL},
        read_only=_DOCUMENT_READ_ONLY,
        base=_Offers,
        source=_SOURCE,
    ),
    "OfferOfferRow": entity(
        {**_ROW, "Quantity": NUMBER},  # no range known
        read_only=_ROW_READ_ONLY,
        source=_SOURCE,
    ),
    "Contract": entity(
        {"TaxReductionType": enum("none", "rot", "rut", "green")},
        base=_Contracts,
        source="OpenAPI Contract [SPEC]",
    ),
    "ContractInvoiceRow": entity(
        {"HouseWorkType": enum(*HOUSEWORK_TYPES), "DeliveredQuantity": NUMBER},
        source="OpenAPI ContractInvoiceRow [SPEC]; numbers sent by live-tested clients [3P]",
    ),
}
for _name in ("InvoicePayloadEDIInformation",):
    OVERLAYS[_name] = entity(read_only=("EDIStatus",), source="hand-written model [SPEC]")
