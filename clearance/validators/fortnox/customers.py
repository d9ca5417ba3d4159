"""Customers: ``POST /customers`` and ``PUT /customers/{CustomerNumber}``.

Fields and enumerations from the OpenAPI description [SPEC]; lengths and ranges from
``accodeing/fortnox-api`` (``lib/fortnox/api/models/customer.rb``) [3P].
"""

from typing import Annotated, Any, ClassVar

from clearance.validators.fortnox._common import (
    ANY,
    BOOL,
    CUSTOMER_NUMBER,
    VAT,
    Entity,
    code,
    emails,
    enum,
    number_in,
    text,
)

__all__ = ["Customer", "CustomerUpdate", "DeliveryTypes", "Templates"]

_DELIVERY = enum("PRINT", "EMAIL", "PRINTSERVICE", "ELECTRONICINVOICE")  # last one [3P]
_FEE = number_in(0, "99999999999.9")  # "12 digits (incl. decimals)" [3P]


class DeliveryTypes(Entity):
    """``Customer.DefaultDeliveryTypes``."""

    Invoice: Annotated[str, _DELIVERY]
    Offer: Annotated[str, _DELIVERY]
    Order: Annotated[str, _DELIVERY]


class Templates(Entity):
    """``Customer.DefaultTemplates``: names of print templates."""

    CashInvoice: Annotated[str, ANY]
    Invoice: Annotated[str, ANY]
    Offer: Annotated[str, ANY]
    Order: Annotated[str, ANY]


class Customer(Entity):
    """The customer of ``POST /customers``: ``Name`` is required [SPEC]."""

    READ_ONLY: ClassVar[frozenset[str]] = frozenset(
        {"@url", "Country", "DeliveryCountry", "VisitingCountry"}
    )
    REQUIRED: ClassVar[tuple[str, ...]] = ("Name",)

    Active: Annotated[bool, BOOL]
    Address1: Annotated[str, text(1024)]
    Address2: Annotated[str, text(1024)]
    City: Annotated[str, text(1024)]
    Comments: Annotated[str, text(1024)]
    CostCenter: Annotated[str, ANY]
    CountryCode: Annotated[str, code(2)]  # ISO 3166-1 alpha-2
    Currency: Annotated[str, code(3)]  # ISO 4217
    CustomerNumber: Annotated[str, CUSTOMER_NUMBER]
    DefaultDeliveryTypes: DeliveryTypes | None = None
    DefaultTemplates: Templates | None = None
    DeliveryAddress1: Annotated[str, text(1024)]
    DeliveryAddress2: Annotated[str, text(1024)]
    DeliveryCity: Annotated[str, text(1024)]
    DeliveryCountryCode: Annotated[str, code(2)]
    DeliveryFax: Annotated[str, text(1024)]
    DeliveryName: Annotated[str, text(1024)]
    DeliveryPhone1: Annotated[str, text(1024)]
    DeliveryPhone2: Annotated[str, text(1024)]
    DeliveryZipCode: Annotated[str, text(1024)]
    Email: Annotated[str, emails(1024)]
    EmailInvoice: Annotated[str, emails(1024)]
    EmailInvoiceBCC: Annotated[str, emails(1024)]
    EmailInvoiceCC: Annotated[str, emails(1024)]
    EmailOffer: Annotated[str, emails(1024)]
    EmailOfferBCC: Annotated[str, emails(1024)]
    EmailOfferCC: Annotated[str, emails(1024)]
    EmailOrder: Annotated[str, emails(1024)]
    EmailOrderBCC: Annotated[str, emails(1024)]
    EmailOrderCC: Annotated[str, emails(1024)]
    ExternalReference: Annotated[str, ANY]
    Fax: Annotated[str, text(1024)]
    GLN: Annotated[str, ANY]
    GLNDelivery: Annotated[str, ANY]
    InvoiceAdministrationFee: Annotated[Any, _FEE]  # a string in the OpenAPI description
    InvoiceDiscount: Annotated[Any, _FEE]
    InvoiceFreight: Annotated[Any, _FEE]  # a string in the OpenAPI description
    InvoiceRemark: Annotated[str, text(1024)]
    Name: Annotated[str, text(1024)]
    OrganisationNumber: Annotated[str, text(30)]  # no code documented for invalid numbers
    OurReference: Annotated[str, text(50)]
    Phone1: Annotated[str, text(1024)]
    Phone2: Annotated[str, text(1024)]
    PriceList: Annotated[str, ANY]
    Project: Annotated[str, ANY]
    SalesAccount: Annotated[str, code(4)]  # "4 digits"
    ShowPriceVATIncluded: Annotated[bool, BOOL]
    TermsOfDelivery: Annotated[str, ANY]
    TermsOfPayment: Annotated[str, ANY]
    Type: Annotated[str, enum("PRIVATE", "COMPANY")]
    VATNumber: Annotated[str, VAT]
    VATType: Annotated[str, enum("SEVAT", "SEREVERSEDVAT", "EUREVERSEDVAT", "EUVAT", "EXPORT")]
    VisitingAddress: Annotated[str, text(128)]
    VisitingCity: Annotated[str, text(128)]
    VisitingCountryCode: Annotated[str, code(2)]
    VisitingZipCode: Annotated[str, text(10)]
    WayOfDelivery: Annotated[str, ANY]
    WWW: Annotated[str, ANY]  # a web address: not held to the text character set
    YourReference: Annotated[str, text(50)]
    ZipCode: Annotated[str, text(10)]


class CustomerUpdate(Customer):
    """The customer of ``PUT /customers/{CustomerNumber}``: changes only."""

    REQUIRED: ClassVar[tuple[str, ...]] = ()
