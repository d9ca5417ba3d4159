"""Offers, orders and invoices: three documents of one shape.

``POST /offers``, ``POST /orders``, ``POST /invoices`` and their ``PUT .../{DocumentNumber}``.
Fields and enumerations from the OpenAPI description (the invoice create payload, and the
full entities for the read-only rest) [SPEC]; lengths and ranges from
``accodeing/fortnox-api`` (``models/document.rb``, ``types/document_row.rb``) [3P].

Rows differ by their quantity: offer rows take ``Quantity``, order rows
``OrderedQuantity`` (and ``DeliveredQuantity``), invoice rows ``DeliveredQuantity``; any
other is 2001399 ("Felaktigt fältnamn (Quantity)" on order rows [3P/REC]). No document
takes ``VATType``: the VAT regime lives on the customer.
"""

from collections.abc import Iterable, Mapping
from typing import Annotated, Any, ClassVar

from clearance.model import Violation
from clearance.report import Context
from clearance.validators.fortnox._common import (
    ANY,
    BOOL,
    DATE,
    HOUSEWORK_TYPES,
    NUMBER,
    TEXT,
    Entity,
    K,
    code,
    emails,
    enum,
    number_in,
    outbound_not_after_today,
    text,
)

__all__ = [
    "Document",
    "EdiInfo",
    "EmailInfo",
    "Invoice",
    "InvoiceRow",
    "InvoiceUpdate",
    "Label",
    "Offer",
    "OfferRow",
    "OfferUpdate",
    "Order",
    "OrderRow",
    "OrderUpdate",
]

#: DeliveredQuantity: "14 digits" [3P], the wider range of two releases.
_QUANTITY = number_in("-9999999999999.9", "9999999999999.9")


class EmailInfo(Entity):
    """``EmailInformation``: the e-mail that sends the document.

    Subject and body may carry the variables ``{no}`` and ``{name}``, so they are not
    held to the text character set.
    """

    EmailAddressBCC: Annotated[str, emails()]
    EmailAddressCC: Annotated[str, emails()]
    EmailAddressFrom: Annotated[str, emails()]
    EmailAddressTo: Annotated[str, emails()]
    EmailBody: Annotated[str, ANY]
    EmailSubject: Annotated[str, ANY]


class EdiInfo(Entity):
    """``EDIInformation`` of an invoice."""

    READ_ONLY: ClassVar[frozenset[str]] = frozenset({"EDIStatus"})

    EDIGlobalLocationNumber: Annotated[str, ANY]
    EDIGlobalLocationNumberDelivery: Annotated[str, ANY]
    EDIInvoiceExtra1: Annotated[str, ANY]
    EDIInvoiceExtra2: Annotated[str, ANY]
    EDIOurElectronicReference: Annotated[str, ANY]
    EDIYourElectronicReference: Annotated[str, ANY]


class Label(Entity):
    """One of ``Labels``: a label id."""

    Id: Annotated[int, NUMBER]


class DocumentRow(Entity):
    """What the rows of offers, orders and invoices share."""

    READ_ONLY: ClassVar[frozenset[str]] = frozenset(
        {"ContributionPercent", "ContributionValue", "PriceExcludingVAT", "Total",
         "TotalExcludingVAT"}
    )  # fmt: skip

    AccountNumber: Annotated[int, number_in(0, 9999)]
    ArticleNumber: Annotated[str, code(50)]
    CostCenter: Annotated[str, ANY]
    # No length limit: an over-long row description was recorded as accepted [REC].
    Description: Annotated[str, TEXT]
    Discount: Annotated[Any, number_in("-9999999999.9", "9999999999.9")]
    DiscountType: Annotated[str, enum("AMOUNT", "PERCENT")]
    HouseWork: Annotated[bool, BOOL]
    HouseWorkHoursToReport: Annotated[int, number_in(0, 99999)]
    HouseWorkType: Annotated[str, enum(*HOUSEWORK_TYPES)]
    Price: Annotated[Any, number_in("-9999999999.9", "99999999999.9")]
    Project: Annotated[str, ANY]
    RowId: Annotated[int, NUMBER]
    Unit: Annotated[str, ANY]
    VAT: Annotated[Any, NUMBER]
    VATCode: Annotated[str, ANY]


class InvoiceRow(DocumentRow):
    """One of ``InvoiceRows``."""

    DeliveredQuantity: Annotated[Any, _QUANTITY]  # a string in the OpenAPI description
    StockPointCode: Annotated[str, ANY]


class OrderRow(DocumentRow):
    """One of ``OrderRows``."""

    READ_ONLY: ClassVar[frozenset[str]] = DocumentRow.READ_ONLY | {"ReservedQuantity"}

    DeliveredQuantity: Annotated[Any, _QUANTITY]
    OrderedQuantity: Annotated[Any, NUMBER]  # no range known
    StockPointCode: Annotated[str, ANY]
    StockPointId: Annotated[str, ANY]


class OfferRow(DocumentRow):
    """One of ``OfferRows``."""

    Quantity: Annotated[Any, NUMBER]  # no range known


class Document(Entity):
    """What offers, orders and invoices share: ``CustomerNumber`` is required [SPEC]."""

    READ_ONLY: ClassVar[frozenset[str]] = frozenset(
        {
            "@url", "@urlTaxReductionList", "AdministrationFeeVAT", "BasisTaxReduction",
            "Cancelled", "ContributionPercent", "ContributionValue", "FreightVAT", "Gross",
            "HouseWork", "InvoiceReference", "Net", "OfferReference", "OrderReference",
            "OrganisationNumber", "RoundOff", "Sent", "TaxReduction", "Total", "TotalToPay",
            "TotalVAT",
        }
    )  # fmt: skip
    REQUIRED: ClassVar[tuple[str, ...]] = ("CustomerNumber",)

    Address1: Annotated[str, text(1024)]
    Address2: Annotated[str, text(1024)]
    AdministrationFee: Annotated[Any, NUMBER]
    City: Annotated[str, text(1024)]
    Comments: Annotated[str, text(1024)]
    CostCenter: Annotated[str, ANY]
    Country: Annotated[str, TEXT]
    Currency: Annotated[str, ANY]
    CurrencyRate: Annotated[Any, NUMBER]
    CurrencyUnit: Annotated[Any, NUMBER]
    CustomerName: Annotated[str, text(1024)]
    CustomerNumber: Annotated[str, ANY]
    DeliveryAddress1: Annotated[str, text(1024)]
    DeliveryAddress2: Annotated[str, text(1024)]
    DeliveryCity: Annotated[str, text(1024)]
    DeliveryCountry: Annotated[str, TEXT]
    DeliveryDate: Annotated[str, DATE]
    DeliveryName: Annotated[str, text(1024)]
    DeliveryZipCode: Annotated[str, text(1024)]
    DocumentNumber: Annotated[str, ANY]
    EmailInformation: EmailInfo | None = None
    ExternalInvoiceReference1: Annotated[str, text(80)]
    ExternalInvoiceReference2: Annotated[str, text(80)]
    Freight: Annotated[Any, number_in(0, "99999999999.9")]
    Labels: list[Label] | None = None
    Language: Annotated[str, ANY]
    NotCompleted: Annotated[bool, BOOL]
    OurReference: Annotated[str, text(50)]
    Phone1: Annotated[str, text(1024)]
    Phone2: Annotated[str, text(1024)]
    PriceList: Annotated[str, ANY]
    PrintTemplate: Annotated[str, ANY]
    Project: Annotated[str, ANY]
    Remarks: Annotated[str, text(1024)]
    TaxReductionType: Annotated[str, enum("none", "rot", "rut", "green")]
    TermsOfDelivery: Annotated[str, ANY]
    TermsOfPayment: Annotated[str, ANY]
    VATIncluded: Annotated[bool, BOOL]
    WayOfDelivery: Annotated[str, ANY]
    YourOrderNumber: Annotated[str, text(30)]
    YourReference: Annotated[str, text(50)]
    ZipCode: Annotated[str, text(1024)]


class Offer(Document):
    """The offer of ``POST /offers``."""

    CopyRemarks: Annotated[bool, BOOL]
    ExpireDate: Annotated[str, DATE]
    OfferDate: Annotated[str, DATE]
    OfferRows: list[OfferRow] | None = None
    YourReferenceNumber: Annotated[str, ANY]


class Order(Document):
    """The order of ``POST /orders``."""

    READ_ONLY: ClassVar[frozenset[str]] = Document.READ_ONLY | {
        "TimeBasisReference",
        "WarehouseReady",
    }

    CopyRemarks: Annotated[bool, BOOL]
    DeliveryState: Annotated[str, enum("registration", "reservation", "delivery")]
    OrderDate: Annotated[str, DATE]
    OrderRows: list[OrderRow] | None = None
    OrderType: Annotated[str, ANY]
    OutboundDate: Annotated[str, DATE]
    StockPointCode: Annotated[str, ANY]
    StockPointId: Annotated[str, ANY]

    @K.cross_check("2003126")
    def _outbound_date(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        return outbound_not_after_today(data, context)


class Invoice(Document):
    """The invoice of ``POST /invoices`` ("possible to create an invoice without rows")."""

    READ_ONLY: ClassVar[frozenset[str]] = Document.READ_ONLY | {
        "Balance", "Booked", "ContractReference", "Credit", "FinalPayDate",
        "InvoicePeriodEnd", "InvoicePeriodReference", "InvoicePeriodStart", "LastRemindDate",
        "NoxFinans", "Reminders", "TimeBasisReference", "VoucherNumber", "VoucherSeries",
        "VoucherYear", "WarehouseReady",
    }  # fmt: skip

    AccountingMethod: Annotated[str, enum("ACCRUAL", "CASH")]
    CreditInvoiceReference: Annotated[str, ANY]
    DueDate: Annotated[str, DATE]
    EDIInformation: EdiInfo | None = None
    EUQuarterlyReport: Annotated[bool, BOOL]
    InvoiceDate: Annotated[str, DATE]
    InvoiceRows: list[InvoiceRow] | None = None
    InvoiceType: Annotated[
        str, enum("INVOICE", "AGREEMENTINVOICE", "INTRESTINVOICE", "SUMMARYINVOICE", "CASHINVOICE")
    ]
    Language: Annotated[str, enum("SV", "EN")]
    OCR: Annotated[str, ANY]
    OutboundDate: Annotated[str, DATE]
    PaymentWay: Annotated[str, enum("CASH", "CARD", "AG")]

    @K.cross_check("2003126")
    def _outbound_date(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        return outbound_not_after_today(data, context)


class OfferUpdate(Offer):
    """The offer of ``PUT /offers/{DocumentNumber}``: changes only."""

    REQUIRED: ClassVar[tuple[str, ...]] = ()


class OrderUpdate(Order):
    """The order of ``PUT /orders/{DocumentNumber}``: changes only."""

    REQUIRED: ClassVar[tuple[str, ...]] = ()


class InvoiceUpdate(Invoice):
    """The invoice of ``PUT /invoices/{DocumentNumber}``: changes only."""

    REQUIRED: ClassVar[tuple[str, ...]] = ()
