"""KASSA.AT API v1 (Austrian point of sale).

Parameters are snake_case, in a JSON body (POST, PUT) or the query string (GET). The
server collects every failed parameter into one 400 answer; each parameter has its own
detail code ("not set" is 1003 for ``username``, 1004 for ``password``).

More information:

* https://kassa.at/api-dokumentation/
* ``shared/api-notes/kassa.md`` in the project's research notes
"""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Annotated, Any, ClassVar
from urllib.parse import SplitResult, parse_qs

from clearance.api import Api, Endpoint, Headers
from clearance.catalog import load_catalog
from clearance.fields import (
    DIGIT,
    Check,
    Invalid,
    boolean_word,
    date_format,
    decimal_in,
    digits,
    email,
    matches,
    nonzero,
    number,
    one_of,
    schema_pattern,
    text,
    to_decimal,
)
from clearance.model import Body, Codes, Violation, partial
from clearance.report import Context, Finding, Location

__all__ = ["API", "ENDPOINTS"]


class Kassa(Api):
    """KASSA.AT: hosts ``<company_dns>.kassa.at``, paths under ``/api/v1``."""

    name = "kassa"
    host = re.compile(r"(?:(?P<company>[^.]+)\.)?kassa\.at")
    base_path = "/api/v1"
    #: A JSON body that is not an object carries no named parameters (Rails: ``_json``).
    non_object_is_empty = True
    #: Rails reads a form body's parameters as it reads JSON's: the one public integration
    #: sends stock movements as ``quantity=2&type=decrease`` [3P].
    reads_forms = True
    transport_rules = ("2001", "2003")

    #: Calls that need no company subdomain (documented on ``api.kassa.at``).
    NO_COMPANY: ClassVar[frozenset[str]] = frozenset(
        {
            "POST /authentications",
            "POST /companies",
            "GET /companies/determine_dns_name",
            "GET /authentications/authenticate",
        }
    )
    #: Hosts that name no company: the bare domain and the documented company-less host.
    COMPANY_LESS: ClassVar[frozenset[str | None]] = frozenset({None, "api"})
    #: The browser sign-in of the vendor's WooCommerce plugin: it opens
    #: ``GET /authentications/authenticate?return_path=…`` in the user's browser, where
    #: the user signs in on the page and no token is sent [LIB].
    SIGN_IN = "GET /authentications/authenticate"

    def parse(self, raw: str | bytes, endpoint: Endpoint) -> Any:
        """An empty body is a request without parameters, not an error."""
        if not raw or raw.isspace():  # as ``not raw.strip()``, without copying the body
            return {}
        return super().parse(raw, endpoint)

    def transport(
        self, endpoint: Endpoint, url: SplitResult, headers: Headers, path_params: Mapping[str, str]
    ) -> list[Finding]:
        """2001 for a URL without company subdomain, 2003 for a request without token."""
        del path_params
        findings: list[Finding] = []
        found = self.host.fullmatch((url.hostname or "").lower())
        company = found.group("company") if found else None
        if endpoint.id not in self.NO_COMPANY and company in self.COMPANY_LESS:
            findings.append(self.finding("2001", location=Location.URL))
        # The text says "Bearer", every example sends the bare token: both pass.
        signs_in = endpoint.id == self.SIGN_IN and "return_path" in parse_qs(url.query)
        if endpoint.auth and not signs_in and not headers.get("Authorization", "").strip():
            findings.append(self.finding("2003", location=Location("header", "Authorization")))
        return findings


K = Codes(load_catalog("kassa"))

# -- shared vocabulary ----------------------------------------------------------------

#: Sales tax rates: the parameter table lists 0, 10, 13, 20; message 1030 also admits 5.
ARTICLE_TAX_RATES = (0, 5, 10, 13, 20)
#: Manual receipts list 0, 10, 13, 20.
RECEIPT_TAX_RATES = (0, 10, 13, 20)


def _less_than(limit: int) -> Check:
    """The documentation's ``(<N)``: at most N-1 characters."""
    return text(max_length=limit - 1)


_FLAG = boolean_word()
_FLOAT = number(comma=True)  # "float"; a decimal comma is documented for prices, so accepted
_WHOLE = digits()  # "must be an integer (0-9)"


def _id_list(value: Any) -> Any:
    """``product_category_id``: comma-separated ids (a JSON integer or array of ids too)."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool) and item >= 0:
            continue
        if isinstance(item, str) and re.fullmatch(r"\s*(\d+\s*(,\s*\d+\s*)*)?", item):
            continue
        raise Invalid("not a comma-separated list of ids")
    return value


_ID = {"type": "integer", "minimum": 0}
_IDS = {"type": "string", "pattern": schema_pattern(r"^\s*(\d+\s*(,\s*\d+\s*)*)?$")}
ID_LIST = Check(
    "id_list",
    _id_list,
    {"anyOf": [_ID, _IDS, {"type": "array", "items": {"anyOf": [_ID, _IDS]}}]},
    examples=("3", "3,4", " 3 , 4 ", 5, [1, 2], ["6"]),
)


def _filter(kind: str, allowed: tuple[int, ...] = ()) -> Check:
    """A ``filter_*`` value: a plain value of ``kind``, or an expression with operators.

    The operator syntax is not documented, so an expression passes as long as it holds a
    digit: only values that could not name any number are rejected.
    """
    plain = re.compile(r"\s*\d+\s*") if kind == "integer" else None

    def check(value: Any) -> Any:
        for item in value if isinstance(value, list) else [value]:
            shown = item if isinstance(item, str) else str(item)
            if plain is not None and plain.fullmatch(shown):
                continue
            amount = to_decimal(shown)
            if amount is not None:
                if kind == "integer" and amount != amount.to_integral_value():
                    raise Invalid("not a whole number")
                if allowed and amount not in {to_decimal(v) for v in allowed}:
                    raise Invalid("not an allowed value")
                continue
            if not any(char.isdigit() for char in shown):
                raise Invalid("no number in the filter")
        return value

    # For clearance.testing: values that pass (any expression with a digit would).
    examples: tuple[str | int, ...] = tuple(str(v) for v in allowed)
    if not examples:
        examples = ("7", 42, " 12 ") if kind == "integer" else ("9.99", 3, "1,5")
    # A number, a text holding a digit, or a list or object (judged as printed, which
    # may hold a digit): only booleans, null and texts without a digit never pass.
    schema = {
        "anyOf": [{"type": ["number", "array", "object"]}, {"type": "string", "pattern": DIGIT}]
    }
    return Check(f"filter_{kind}", check, schema, examples=examples)


_FILTER_INTEGER = _filter("integer")
_FILTER_NUMBER = _filter("number")
_FILTER_TAX = _filter("number", ARTICLE_TAX_RATES)
#: Sort: field and direction, syntax undocumented; only characters no such value uses fail.
_SORT = matches(r"[A-Za-z0-9_ ,:+.\-]*")


def _fields(allowed: frozenset[str]) -> tuple[Check, Check]:
    """``fields``: no comma at either end (1093), only known names (1064)."""

    def edges(value: Any) -> Any:
        if isinstance(value, str) and (
            value.strip().startswith(",") or value.strip().endswith(",")
        ):
            raise Invalid("comma at an end")
        return value

    def names(value: Any) -> Any:
        if isinstance(value, str):
            for name in value.split(","):
                name = name.strip()  # noqa: PLW2901
                if name and name not in allowed:
                    raise Invalid("unknown field", fieldname=name)
        return value

    # Other types pass; white space before an end comma is judged by the check alone.
    schema = {"pattern": r"^[^,][\s\S]*[^,]$|^[^,]?$"}
    listed = sorted(allowed)
    examples = (*listed, ",".join(listed[:3]), " , ".join(listed[-2:]))
    return Check("fields_edges", edges, schema), Check("fields_names", names, {}, examples=examples)


# -- authentication and companies -----------------------------------------------------


class Authentication(Body):
    """Body of ``POST /authentications`` (token creation, no company subdomain)."""

    company_dns: Annotated[
        str, K.param("1007", matches(r"[A-Za-z0-9_-]*"), "1008", text(3, 32), required="1002")
    ]
    username: Annotated[str, K.param("1010", text(3, 64), required="1003")]
    password: Annotated[str, K.param("1011", text(8, 72), required="1004")]
    description: Annotated[str, K.param("1044", _less_than(250))]  # [INF] see catalog


class Company(Body):
    """Body of ``POST /companies`` (no company subdomain)."""

    company: Annotated[str, K.param("1006", _less_than(64), required="1001")]
    company_dns: Annotated[
        str, K.param("1007", matches(r"[A-Za-z0-9_-]*"), "1008", text(3, 32), required="1002")
    ]
    username: Annotated[str, K.param("1010", text(3, 64), required="1003")]
    password: Annotated[str, K.param("1011", text(8, 72), required="1004")]
    email: Annotated[str, K.param("1012", email(max_length=63), required="1005")]
    silent: Annotated[bool, K.param("1049", _FLAG)]


class DnsNameQuery(Body):
    """Query of ``GET /companies/determine_dns_name``."""

    company: Annotated[str, K.param(required="1001")]


class NoParameters(Body):
    """Endpoints documented without parameters (the id is in the URL)."""


# -- list actions ---------------------------------------------------------------------


class ListQuery(Body):
    """Pagination, sorting and field selection shared by the list actions."""

    #: Names ``fields`` may list (1064). Subclasses narrow it to their resource.
    FIELD_NAMES: ClassVar[frozenset[str]] = frozenset()
    #: ``filter_*`` parameters the action documents (1065); ``None``: filters not checked.
    FILTERS: ClassVar[frozenset[str] | None] = None

    pagination_limit: Annotated[int, K.param("1052", _WHOLE)]
    pagination_page: Annotated[int, K.param("1053", _WHOLE)]
    sort: Annotated[str, K.param("1054", _SORT)]

    @K.cross_check("1050", "1051")
    def _pagination_pairs(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        del context
        limit, page = data.get("pagination_limit"), data.get("pagination_page")
        if page is not None and limit is None:
            yield Violation(K["1050"], ("pagination_limit",))
        if limit is not None and page is None:
            yield Violation(K["1051"], ("pagination_page",))

    @K.cross_check("1065")
    def _known_filters(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        del context
        if cls.FILTERS is None:
            return
        for key in data:
            if isinstance(key, str) and key.startswith("filter_") and key not in cls.FILTERS:
                yield Violation(K["1065"], (key,), {"parameter_key": key})


# The names ``fields`` may list: every attribute the documentation shows for the resource
# (seed 002: its parameters, filters and every documented response). The timestamps
# created_at and updated_at are shown on the inventory and movement records; the other
# records of the same application are taken to carry them too (clients that sync by
# time ask for them), so every resource accepts them [INF, generous].
_TIMESTAMPS = ("created_at", "updated_at")
ARTICLE_FIELDS = frozenset(
    {
        # /articles/index response, /create parameters and responses, filters
        "id", "company_article_id", "line_item_name", "gross_amount_per_item",
        "sales_tax_percentage", "default_quantity", "article_number", "unit", "bar_code",
        "bar_code_2", "product_name", "product_type", "brand", "manufacturer",
        "supplier_article_number", "product_description", "attribute1", "attribute2",
        "attribute3", "attribute4", "attribute5", "variant_description", "favourite", "food",
        "drink", "manual_gross_amount_entry", "manual_quantity_entry", "print_price_per_kg",
        "print_pickup_number", "product_category_id", "product_categories", *_TIMESTAMPS,
    }
)  # fmt: skip
CUSTOMER_FIELDS = frozenset(
    {
        # /customers/index, /customer_number, /addresses, /contacts responses; /create
        # parameters; filters
        "id", "company_customer_id", "customer_number", "company_name", "first_name",
        "last_name", "address", "city", "zip", "country", "phone_number", "fax_number", "email",
        "uid", "tax_number", "notice_1", "notice_2", "notice_3", "deleted", *_TIMESTAMPS,
    }
)  # fmt: skip
INVOICE_FIELDS = frozenset(
    {
        # /customers/{id}/invoices response; the attributes /manual_receipts documents for
        # the invoices (receipts) it records: number (the internal invoice number), price,
        # tax, username, register_number
        "id", "invoiceno", "date", "total", "payment_method", "number", "price", "tax",
        "username", "register_number", *_TIMESTAMPS,
    }
)  # fmt: skip

_ARTICLE_FIELDS_CHECKS = _fields(ARTICLE_FIELDS)
_CUSTOMER_FIELDS_CHECKS = _fields(CUSTOMER_FIELDS)
_INVOICE_FIELDS_CHECKS = _fields(INVOICE_FIELDS)


class ArticleIndex(ListQuery):
    """Query of ``GET /articles``."""

    FILTERS = frozenset(
        {
            "filter_id", "filter_company_article_id", "filter_line_item_name",
            "filter_article_number", "filter_bar_code", "filter_bar_code_2",
            "filter_product_name", "filter_product_type", "filter_brand", "filter_manufacturer",
            "filter_supplier_article_number", "filter_product_description", "filter_attribute",
            "filter_variant_description", "filter_unit", "filter_default_quantity",
            "filter_gross_amount_per_item", "filter_sales_tax_percentage", "filter_favourite",
            "filter_food", "filter_drink", "filter_product_category_id",
        }
    )  # fmt: skip

    fields: Annotated[
        str, K.param("1093", _ARTICLE_FIELDS_CHECKS[0], "1064", _ARTICLE_FIELDS_CHECKS[1])
    ]
    filter_id: Annotated[str, K.param("1055", _FILTER_INTEGER)]
    filter_company_article_id: Annotated[str, K.param("1056", _FILTER_INTEGER)]
    filter_default_quantity: Annotated[str, K.param("1057", _FILTER_NUMBER)]
    filter_sales_tax_percentage: Annotated[str, K.param("1058", _FILTER_TAX)]
    filter_gross_amount_per_item: Annotated[str, K.param("1059", _FILTER_NUMBER)]
    filter_favourite: Annotated[bool, K.param("1060", _FLAG)]
    filter_food: Annotated[bool, K.param("1061", _FLAG)]
    filter_drink: Annotated[bool, K.param("1062", _FLAG)]
    filter_product_category_id: Annotated[str, K.param("1063", _FILTER_INTEGER)]


class CustomerIndex(ListQuery):
    """Query of ``GET /customers``."""

    FILTERS = frozenset(
        {
            "filter_id", "filter_company_customer_id", "filter_customer_number",
            "filter_company_name", "filter_first_name", "filter_last_name", "filter_address",
            "filter_city", "filter_zip", "filter_country", "filter_phone_number",
            "filter_fax_number", "filter_email", "filter_uid", "filter_tax_number",
            "filter_notice",
        }
    )  # fmt: skip

    fields: Annotated[
        str, K.param("1093", _CUSTOMER_FIELDS_CHECKS[0], "1064", _CUSTOMER_FIELDS_CHECKS[1])
    ]
    filter_id: Annotated[str, K.param("1055", _FILTER_INTEGER)]
    filter_company_customer_id: Annotated[str, K.param("1094", _FILTER_INTEGER)]


class CustomerInvoiceIndex(ListQuery):
    """Query of ``GET /customers/{id}/invoices`` (no filters documented)."""

    fields: Annotated[
        str, K.param("1093", _INVOICE_FIELDS_CHECKS[0], "1064", _INVOICE_FIELDS_CHECKS[1])
    ]


# -- articles -------------------------------------------------------------------------


class Article(Body):
    """Body of ``POST /articles``."""

    line_item_name: Annotated[str, K.param("1027", _less_than(250), required="1013")]
    gross_amount_per_item: Annotated[Decimal, K.param("1029", _FLOAT, required="1015")]
    sales_tax_percentage: Annotated[
        Decimal, K.param("1030", decimal_in(ARTICLE_TAX_RATES), required="1026")
    ]
    default_quantity: Annotated[Decimal, K.param("1067", _FLOAT, required="1066")]
    article_number: Annotated[str, K.param("1071", _less_than(60))]
    unit: Annotated[str, K.param("1068", _less_than(10))]
    bar_code: Annotated[str, K.param("1069", _less_than(60))]
    bar_code_2: Annotated[str, K.param("1070", _less_than(60))]
    product_name: Annotated[str, K.param("1072", _less_than(60))]
    product_type: Annotated[str, K.param("1073", _less_than(60))]
    brand: Annotated[str, K.param("1074", _less_than(60))]
    manufacturer: Annotated[str, K.param("1075", _less_than(60))]
    supplier_article_number: Annotated[str, K.param("1076", _less_than(60))]
    product_description: Annotated[str, K.param("1031", _less_than(15_000_000))]
    attribute1: Annotated[str, K.param("1077", _less_than(60))]
    attribute2: Annotated[str, K.param("1078", _less_than(60))]
    attribute3: Annotated[str, K.param("1079", _less_than(60))]
    attribute4: Annotated[str, K.param("1080", _less_than(60))]
    attribute5: Annotated[str, K.param("1081", _less_than(60))]
    variant_description: Annotated[str, K.param("1082", _less_than(60))]
    favourite: Annotated[bool, K.param("1083", _FLAG)]
    food: Annotated[bool, K.param("1084", _FLAG)]
    drink: Annotated[bool, K.param("1085", _FLAG)]
    manual_gross_amount_entry: Annotated[bool, K.param("1087", _FLAG)]
    manual_quantity_entry: Annotated[bool, K.param("1088", _FLAG)]
    print_price_per_kg: Annotated[bool, K.param("1089", _FLAG)]
    print_pickup_number: Annotated[bool, K.param("1090", _FLAG)]
    product_category_id: Annotated[str, K.param("1086", ID_LIST)]


ArticleUpdate = partial(
    Article, "ArticleUpdate", "Body of ``PUT /articles/{id}``: any create parameter, changes only."
)


class ArticlePath(Body):
    """The article id in ``/articles/{id}``."""

    id: Annotated[int, K.param("1092", _WHOLE, required="1091")]  # [INF] see catalog


# -- customers ------------------------------------------------------------------------


class CustomerUpdate(Body):
    """Body of ``PUT /customers/{id}``: every parameter optional, changes only."""

    company_name: Annotated[str, K.param("1095", _less_than(120))]
    first_name: Annotated[str, K.param("1096", _less_than(100))]
    last_name: Annotated[str, K.param("1097", _less_than(100))]
    address: Annotated[str, K.param("1098", _less_than(100))]
    city: Annotated[str, K.param("1099", _less_than(100))]
    zip: Annotated[str, K.param("1100", _less_than(100))]
    country: Annotated[str, K.param("1101", _less_than(100))]
    phone_number: Annotated[str, K.param("1102", _less_than(100))]
    fax_number: Annotated[str, K.param("1103", _less_than(100))]
    email: Annotated[str, K.param("1104", _less_than(100))]
    uid: Annotated[str, K.param("1105", _less_than(100))]
    tax_number: Annotated[str, K.param("1106", _less_than(100))]
    customer_number: Annotated[str, K.param("1107", _less_than(60))]
    notice_1: Annotated[str, K.param("1108", _less_than(240))]
    notice_2: Annotated[str, K.param("1109", _less_than(240))]
    notice_3: Annotated[str, K.param("1110", _less_than(240))]


class Customer(CustomerUpdate):
    """Body of ``POST /customers``: all optional, but at least one parameter must be set."""

    @K.cross_check("clearance:customer-empty")
    def _not_empty(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        if not any(data.get(name) is not None for name in cls.model_fields):
            yield Violation(K["clearance:customer-empty"])


class CustomerPath(Body):
    """The customer id in ``/customers/{id}/...``."""

    id: Annotated[int, K.param("1111", _WHOLE)]  # [INF] see catalog


class CustomerNumberQuery(Body):
    """Query of ``GET /customers/customer_number``."""

    customer_number: Annotated[str, K.param(required="1112")]


# -- warehouses and inventories -------------------------------------------------------


class WarehouseIndex(Body):
    """Query of ``GET /warehouses``."""

    deleted: Annotated[bool, K.param("1035", _FLAG)]


class WarehousePath(Body):
    """The warehouse id in ``/warehouses/{warehouse_id}/...``."""

    warehouse_id: Annotated[int, K.param("1037", _WHOLE, required="1036")]


class InventoryPath(WarehousePath):
    """The ids in ``/warehouses/{warehouse_id}/inventories/{inventory_id}/...``."""

    inventory_id: Annotated[int, K.param("1040", _WHOLE, required="1039")]


class InventoryIndex(Body):
    """Query of ``GET .../inventories``; body of ``POST .../inventories/search``."""

    article_number: Annotated[str, K.param("1045", text(max_length=60))]  # [INF] see catalog
    article_numbers: str | list[str] | None = None  # comma-separated or an array: no code
    article: Annotated[int, K.param("1032", _WHOLE)]
    active: Annotated[bool, K.param("1038", _FLAG)]
    inspect_stock: Annotated[bool, K.param("1043", _FLAG)]


class Stock(Body):
    """Body of ``POST .../inventories/{inventory_id}/stock``: the new absolute stock."""

    quantity: Annotated[Decimal, K.param("1028", _FLOAT, required="1014")]
    text: Annotated[str, K.param("1041", text(max_length=100))]


class Movement(Body):
    """Body of ``POST .../inventories/{inventory_id}/movements``."""

    quantity: Annotated[Decimal, K.param("1028", _FLOAT, "1046", nonzero(), required="1014")]
    text: Annotated[str, K.param("1041", text(max_length=100))]
    type: Annotated[str, K.param("1042", one_of(("increase", "decrease")))]


# -- manual receipts (v1.3; no codes documented: clearance's own) ---------------------


class ManualReceipt(Body):
    """Body of ``POST /manual_receipts``."""

    invoiceno: Annotated[
        str,
        K.param(
            "clearance:receipt-invoiceno-length", _less_than(80),
            required="clearance:receipt-invoiceno-not-set",
        ),
    ]  # fmt: skip
    date: Annotated[
        dt.date,
        K.param(
            "clearance:receipt-date-format", date_format("%d.%m.%Y", "%Y-%m-%d"),
            required="clearance:receipt-date-not-set",
        ),
    ]  # fmt: skip
    price: Annotated[
        Decimal,
        K.param(
            "clearance:receipt-price-format", _FLOAT, required="clearance:receipt-price-not-set"
        ),
    ]
    tax: Annotated[
        Decimal,
        K.param(
            "clearance:receipt-tax-not-allowed", decimal_in(RECEIPT_TAX_RATES),
            required="clearance:receipt-tax-not-set",
        ),
    ]  # fmt: skip
    payment_method: Annotated[
        str, K.param(required="clearance:receipt-payment-method-not-set")
    ]  # e.g. cash, card, other: the list is open
    username: str | None = None
    register_number: str | None = None
    file_return: str | None = None


class ManualReceiptIndex(Body):
    """Query of ``GET /manual_receipts``: ``number`` or ``invoiceno`` is required."""

    number: Annotated[int, K.param("clearance:receipt-number-not-integer", _WHOLE)]
    invoiceno: str | None = None
    register_number: str | None = None
    file_return: str | None = None

    @K.cross_check("clearance:receipt-number-or-invoiceno")
    def _number_or_invoiceno(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        del context
        if data.get("number") is None and data.get("invoiceno") is None:
            yield Violation(K["clearance:receipt-number-or-invoiceno"], ("number",))


# -- the endpoint table ---------------------------------------------------------------

_INV = "/warehouses/{warehouse_id}/inventories"
_ONE = _INV + "/{inventory_id}"

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("POST /authentications", Authentication, auth=False),
    Endpoint("GET /authentications/authenticate", NoParameters),
    Endpoint("POST /companies", Company, auth=False),
    Endpoint("GET /companies/determine_dns_name", DnsNameQuery, auth=False),
    Endpoint("GET /articles", ArticleIndex),
    Endpoint("POST /articles", Article),
    Endpoint("PUT /articles/{id}", ArticleUpdate, ArticlePath),
    Endpoint("DELETE /articles/{id}", NoParameters, ArticlePath),
    Endpoint("GET /articles/product_categories", NoParameters),
    Endpoint("GET /customers", CustomerIndex),
    Endpoint("POST /customers", Customer),
    Endpoint("PUT /customers/{id}", CustomerUpdate, CustomerPath),
    Endpoint("DELETE /customers/{id}", NoParameters, CustomerPath),
    Endpoint("GET /customers/customer_number", CustomerNumberQuery),
    Endpoint("GET /customers/{id}/addresses", NoParameters, CustomerPath),
    Endpoint("GET /customers/{id}/contacts", NoParameters, CustomerPath),
    Endpoint("GET /customers/{id}/invoices", CustomerInvoiceIndex, CustomerPath),
    Endpoint("GET /warehouses", WarehouseIndex),
    Endpoint(f"GET {_INV}", InventoryIndex, WarehousePath),
    Endpoint(f"POST {_INV}/search", InventoryIndex, WarehousePath),
    Endpoint(f"GET {_ONE}/stock", NoParameters, InventoryPath),
    Endpoint(f"POST {_ONE}/stock", Stock, InventoryPath),
    Endpoint(f"POST {_ONE}/movements", Movement, InventoryPath),
    Endpoint("POST /manual_receipts", ManualReceipt),
    Endpoint("GET /manual_receipts", ManualReceiptIndex),
)

API = Kassa(ENDPOINTS)
