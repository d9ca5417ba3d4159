"""Articles: ``POST /articles`` and ``PUT /articles/{ArticleNumber}``.

The fields come from the OpenAPI description (``Article``) [SPEC]. Written here: the
read-only fields a client may send back, the housework types (the union of every list,
see :data:`~._common.HOUSEWORK_TYPES`), and the ranges of ``accodeing/fortnox-api``
(``lib/fortnox/api/models/article.rb`` and a later release, the wider where they differ)
[3P], which warn only.
"""

from clearance.validators.fortnox._common import HOUSEWORK_TYPES, NUMBER, entity, enum, number_in

__all__ = ["OVERLAYS"]

_ACCOUNT = number_in(0, 9999)
_SIZE = number_in(0, 99_999_999)  # millimetres, grams
_AMOUNT = number_in("-99999999999999.9", "99999999999999.9")

OVERLAYS = {
    "Article": entity(
        {
            "ConstructionAccount": _ACCOUNT,
            "EUAccount": _ACCOUNT,
            "EUVATAccount": _ACCOUNT,
            "ExportAccount": _ACCOUNT,
            "PurchaseAccount": _ACCOUNT,
            "SalesAccount": _ACCOUNT,
            "StockAccount": NUMBER,
            "StockChangeAccount": NUMBER,
            "Depth": _SIZE,
            "Height": _SIZE,
            "Weight": _SIZE,
            "Width": _SIZE,
            "HouseworkType": enum(*HOUSEWORK_TYPES),
            "PurchasePrice": _AMOUNT,
            # [REC] the minimum is accepted (and values are rounded to 2 decimals)
            "QuantityInStock": number_in("-100000000000000", "99999999999999.9"),
            "StockWarning": _AMOUNT,
        },
        read_only=(
            "CommodityCode",  # in recorded answers [REC: accodeing cassettes articles/*]
            "DisposableQuantity",
            "ReservedQuantity",
            "SalesPrice",
            "StockValue",
            "SupplierName",
        ),
        source="OpenAPI Article [SPEC]; accodeing/fortnox-api article.rb [3P]",
    ),
}
