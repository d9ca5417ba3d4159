"""Customers: ``POST /customers`` and ``PUT /customers/{CustomerNumber}``.

The fields come from the OpenAPI description (``Customer``) [SPEC]; what it cannot say is
written here: the customer number's character set, VAT numbers, amounts it types as
strings, the delivery type the description lacks. Lengths and ranges from
``accodeing/fortnox-api`` (``lib/fortnox/api/models/customer.rb``) [3P] warn only.
"""

from clearance.validators.fortnox._common import (
    ANY,
    CUSTOMER_NUMBER,
    VAT,
    code,
    entity,
    enum,
    number_in,
    text,
)

__all__ = ["OVERLAYS"]

_DELIVERY = enum("PRINT", "EMAIL", "PRINTSERVICE", "ELECTRONICINVOICE")  # last one [3P]
_FEE = number_in(0, "99999999999.9")  # "12 digits (incl. decimals)" [3P]

OVERLAYS = {
    "Customer": entity(
        {
            "CustomerNumber": CUSTOMER_NUMBER,
            "InvoiceAdministrationFee": _FEE,  # a string in the OpenAPI description
            "InvoiceDiscount": _FEE,
            "InvoiceFreight": _FEE,  # a string in the OpenAPI description
            "OrganisationNumber": text(30),  # no code documented for invalid numbers
            "VATNumber": VAT,
            "CountryCode": code(2),  # ISO 3166-1 alpha-2
            "DeliveryCountryCode": code(2),
            "VisitingCountryCode": code(2),
            "Currency": code(3),  # ISO 4217
            "SalesAccount": code(4),  # "4 digits"
            "WWW": ANY,  # a web address: not held to the text character set
            # UNDEFINED: what the server answers for legacy customers, so what a client
            # sends back (softwerkab CustomerType.cs, zenta-ab CustomerType.cs) [3P]
            "Type": enum("PRIVATE", "COMPANY", "UNDEFINED"),
        },
        read_only=("Country", "DeliveryCountry", "VisitingCountry"),
        source="OpenAPI Customer [SPEC]; accodeing/fortnox-api customer.rb, softwerkab [3P]",
    ),
    "CustomerDefaultDeliveryTypes": entity(
        {"Invoice": _DELIVERY, "Offer": _DELIVERY, "Order": _DELIVERY},
        source="OpenAPI enumeration [SPEC]; ELECTRONICINVOICE from accodeing [3P]",
    ),
}
