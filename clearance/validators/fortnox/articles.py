"""Articles: ``POST /articles`` and ``PUT /articles/{ArticleNumber}``.

Fields and enumerations from the OpenAPI description [SPEC]; lengths and ranges from
``accodeing/fortnox-api`` (``lib/fortnox/api/models/article.rb``) and its later release
as the research notes give it, the wider where they differ [3P].
"""

from typing import Annotated, Any, ClassVar

from clearance.validators.fortnox._common import (
    ANY,
    BOOL,
    HOUSEWORK_TYPES,
    NUMBER,
    Entity,
    code,
    enum,
    number_in,
    text,
)

__all__ = ["Article", "ArticleUpdate"]

_ACCOUNT = number_in(0, 9999)
_SIZE = number_in(0, 99_999_999)  # millimetres, grams
_AMOUNT = number_in("-99999999999999.9", "99999999999999.9")


class Article(Entity):
    """The article of ``POST /articles``: ``Description`` is required [SPEC]."""

    READ_ONLY: ClassVar[frozenset[str]] = frozenset(
        {"@url", "DisposableQuantity", "ReservedQuantity", "SalesPrice", "StockValue",
         "SupplierName"}
    )  # fmt: skip
    REQUIRED: ClassVar[tuple[str, ...]] = ("Description",)

    Active: Annotated[bool, BOOL]
    ArticleNumber: Annotated[str, code(50)]  # its own character rule has no documented text
    Bulky: Annotated[bool, BOOL]
    ConstructionAccount: Annotated[int, _ACCOUNT]
    CostCalculationMethod: Annotated[str, ANY]
    DefaultStockLocation: Annotated[str, ANY]
    DefaultStockPoint: Annotated[str, ANY]
    Depth: Annotated[int, _SIZE]
    Description: Annotated[str, text(200)]
    DirectCost: Annotated[Any, NUMBER]
    EAN: Annotated[str, code(30)]
    EUAccount: Annotated[int, _ACCOUNT]
    EUVATAccount: Annotated[int, _ACCOUNT]
    Expired: Annotated[bool, BOOL]
    ExportAccount: Annotated[int, _ACCOUNT]
    FreightCost: Annotated[Any, NUMBER]
    Height: Annotated[int, _SIZE]
    Housework: Annotated[bool, BOOL]
    HouseworkType: Annotated[str, enum(*HOUSEWORK_TYPES)]
    Manufacturer: Annotated[str, text(50)]
    ManufacturerArticleNumber: Annotated[str, text(50)]
    Note: Annotated[str, text(10_000)]
    OtherCost: Annotated[Any, NUMBER]
    PurchaseAccount: Annotated[int, _ACCOUNT]
    PurchasePrice: Annotated[Any, _AMOUNT]
    # [REC] the minimum is accepted (and values are rounded to 2 decimals)
    QuantityInStock: Annotated[Any, number_in("-100000000000000", "99999999999999.9")]
    SalesAccount: Annotated[int, _ACCOUNT]
    StockAccount: Annotated[int, NUMBER]
    StockChangeAccount: Annotated[int, NUMBER]
    StockGoods: Annotated[bool, BOOL]
    StockPlace: Annotated[str, text(100)]
    StockWarning: Annotated[Any, _AMOUNT]
    SupplierNumber: Annotated[str, ANY]
    Type: Annotated[str, enum("STOCK", "SERVICE")]
    Unit: Annotated[str, ANY]
    VAT: Annotated[Any, NUMBER]
    WebshopArticle: Annotated[bool, BOOL]
    Weight: Annotated[int, _SIZE]
    Width: Annotated[int, _SIZE]


class ArticleUpdate(Article):
    """The article of ``PUT /articles/{ArticleNumber}``: changes only."""

    REQUIRED: ClassVar[tuple[str, ...]] = ()
