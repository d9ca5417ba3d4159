"""The query strings of GET and DELETE operations: paging, sorting, filters, dates.

Every list of the ``/3`` API takes the parameters of Fortnox's parameters page [DOC]:
``limit`` (a page of at most 500 [LIB: softwerkab ``APIConstants.MaxLimit``]), ``page``,
``offset``, ``sortby`` and ``sortorder`` (``ascending`` or ``descending``),
``lastmodified`` (``2019-03-10 12:30``), ``financialyear`` (an id) and
``financialyeardate``, ``fromdate`` and ``todate``, and one resource-specific ``filter``.
The specification's rebuild lost their enumerations; the filter values come from a copy
of the same specification that kept them, the sort fields from it and from a live-tested
client (sources beside each list).

What the server refuses is recorded for two cases only: an unknown ``filter`` (2000587,
on invoices and orders [REC]) and ``fromdate``/``todate`` on invoice payments (2000588
[3P, observed in production]). Every other value the documentation does not give warns
(``clearance:parameter-value-unexpected``, ``clearance:out-of-range`` for a ``limit``
above 500); parameters the documentation does not name pass: real clients send search
words the specification lacks, and the server's answer to them is not recorded.

Query values arrive as strings (``?page=2``), a repeated parameter as a list.

More information:

* https://www.fortnox.se/developer/guides-and-good-to-know/parameters
* https://developer.fortnox.se/documentation/general/parameters/
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any

from pydantic import create_model

from clearance.fields import Check, digits, matches
from clearance.fields.ranges import between
from clearance.model import Body, Param, Violation
from clearance.report import Context
from clearance.specmodels import SpecNode
from clearance.validators.fortnox._common import BOOLEAN, K, _choice, unset_passes

__all__ = ["FILTERS", "LISTS", "SORT_FIELDS", "query_model"]

# -- the resources' lists --------------------------------------------------------------

#: ``filter`` values per list, where the specification gives them (its enumerations, as
#: kept by the Stainless copy ``noahboekelman/fortnox-mcp-wrapper-typescript``,
#: ``tools/number-3/<resource>/list-*.ts``; softwerkab's ``Filter.cs`` agrees) [SPEC].
FILTERS: Mapping[str, tuple[str, ...]] = {
    "GET /invoices": ("cancelled", "fullypaid", "unpaid", "unpaidoverdue", "unbooked"),
    "GET /orders": ("cancelled", "expired", "invoicecreated", "invoicenotcreated"),
    "GET /offers": (
        "cancelled", "expired", "completed", "notcompleted", "ordercreated", "ordernotcreated"
    ),
    "GET /supplierinvoices": (
        "cancelled", "fullypaid", "unpaid", "unpaidoverdue", "unbooked", "pendingpayment",
        "authorizepending",
    ),
    "GET /customers": ("active", "inactive"),
    "GET /articles": ("active", "inactive"),
    "GET /contracts": ("active", "inactive", "finished"),
    "GET /taxreductions": ("invoices", "orders", "offers"),
}  # fmt: skip

#: ``sortby`` fields per list: the specification's (Stainless copy) and a live-tested
#: client's (softwerkab ``Sort.cs``), united where they differ [SPEC, LIB].
SORT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "GET /invoices": (
        "customername", "customernumber", "documentnumber", "invoicedate", "ocr", "total"
    ),
    "GET /orders": ("customername", "customernumber", "orderdate", "documentnumber", "total"),
    "GET /offers": (
        "customername", "customernumber", "documentnumber", "offerdate", "id",
        "transactiondate", "total",
    ),
    "GET /customers": ("customernumber", "name"),
    "GET /articles": ("articlenumber", "quantityinstock", "reservedquantity", "stockvalue"),
    "GET /contracts": (
        "customername", "customernumber", "documentnumber", "invoicesremaining",
        "lastinvoicedate", "periodend", "periodstart", "templatenumber", "total",
    ),
    "GET /taxreductions": ("customername", "id"),
    "GET /accounts": ("number",),
    "GET /invoicepayments": ("paymentdate",),
    "GET /vouchers": ("referencenumber", "vouchernumber", "voucherseries"),
    "GET /financialyears": ("id", "fromdate", "todate"),
    "GET /suppliers": ("name", "suppliernumber"),
    "GET /pricelists": ("code", "comments"),
    **dict.fromkeys(
        ("GET /costcenters", "GET /units", "GET /termsofdeliveries", "GET /termsofpayments",
         "GET /wayofdeliveries", "GET /voucherseries", "GET /modesofpayments"),
        ("code",),
    ),
}  # fmt: skip

#: The lists of the /3 API: every GET that answers a page of records.
LISTS = frozenset(
    f"GET /{path}"
    for path in (
        "absencetransactions", "accountcharts", "accounts", "archive",
        "articlefileconnections", "articles", "assetfileconnections", "assets",
        "assets/depreciations/{ToDate}", "assets/types", "attendancetransactions",
        "contractaccruals", "contracts", "contracttemplates", "costcenters", "currencies",
        "customerreferences", "customers", "emailsenders", "employees", "expenses",
        "financialyears", "inbox", "invoiceaccruals", "invoicepayments", "invoices",
        "labels", "modesofpayments", "offers", "orders", "predefinedaccounts",
        "predefinedvoucherseries", "pricelists", "prices/sublist/{PriceList}/{ArticleNumber}",
        "printtemplates", "projects", "salarytransactions", "supplierinvoiceaccruals",
        "supplierinvoicefileconnections", "supplierinvoicepayments", "supplierinvoices",
        "suppliers", "taxreductions", "termsofdeliveries", "termsofpayments", "units",
        "voucherfileconnections", "vouchers", "vouchers/sublist/{VoucherSeries}",
        "voucherseries", "wayofdeliveries",
    )
)  # fmt: skip

#: Lists that do not take ``fromdate``/``todate``, and say so: 2000588 [3P observed:
#: "/invoicepayments stödjer INTE fromdate/todate — API:t svarar 'Ogiltig parameter i
#: anropet' (verifierat i prod 2026-07-12)"; DOC: "Only available for invoices, orders,
#: offers and vouchers"].
_NO_DATE_RANGE = frozenset({"GET /invoicepayments"})

# -- checks ------------------------------------------------------------------------------

_UNEXPECTED = "clearance:parameter-value-unexpected"

#: ``2019-03-10 12:30`` [DOC], ``2021-06-01``, ``2014-12-01 09:30:00`` [DOC formats].
_MOMENT = unset_passes(
    matches(r"\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?\s*")
)
_WHOLE = unset_passes(digits())


class _Query(Body):
    """The query string of a /3 operation, as the server binds it.

    A repeated parameter (``filter=unpaid&filter=unbooked``, which arrives as a list) is
    read by its last value, as PHP reads a query string (the /3 API answers JSON errors
    with PHP's ``JSON_ERROR_SYNTAX`` [DOC errors page]).
    """

    @classmethod
    def __clearance_bind__(cls, data: dict[Any, Any]) -> dict[Any, Any]:
        """Each repeated parameter as its last value."""
        if not any(type(value) is list for value in data.values()):
            return data
        return {
            key: value[-1] if type(value) is list and value else value
            for key, value in data.items()
        }


class _NoDateRange(_Query):
    """A list that answers ``fromdate`` and ``todate`` with 2000588 (see ``_NO_DATE_RANGE``)."""

    @K.cross_check("2000588")
    def _date_range(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        return [
            Violation(K["2000588"], (name,))
            for name in ("fromdate", "todate")
            if data.get(name) not in {None, ""}  # an empty one is not set
        ]


_PARAMS: dict[tuple[Any, ...], Param] = {}


def _param(key: tuple[Any, ...], *pairs: str | Check) -> Param:
    """One Param per kind (the compiled validators bind each once)."""
    param = _PARAMS.get(key)
    if param is None:
        param = _PARAMS[key] = K.param(*pairs)
    return param


def _words(key: str, values: Sequence[str]) -> Param:
    return _param(("words", key, tuple(values)), key, unset_passes(_choice(values)))


def _moment() -> Param:
    return _param(("moment",), _UNEXPECTED, _MOMENT)


def _whole() -> Param:
    return _param(("whole",), _UNEXPECTED, _WHOLE)


def _boolean() -> Param:
    return _param(("boolean",), _UNEXPECTED, unset_passes(BOOLEAN))


def _limit() -> Param:
    """A whole number, warned above 500 (the most a page holds [LIB])."""
    return _param(
        ("limit",), _UNEXPECTED, _WHOLE, "clearance:out-of-range", unset_passes(between(1, 500))
    )


#: Names the specification's lists type as dates without saying so.
_DATE_NAMES = frozenset(
    {
        "date",
        "fromdate",
        "todate",
        "fromfinalpaydate",
        "tofinalpaydate",
        "lastmodified",
        "financialyeardate",
        "transactiondate",
    }
)


def _spec_param(node: SpecNode) -> Param | None:
    """A specification query parameter's check, or ``None`` (not judged)."""
    kind, name = node.get("type"), str(node.get("name", ""))
    if kind == "integer":
        return _whole()
    if kind == "boolean":
        return _boolean()
    if kind == "string" and name.lower() in _DATE_NAMES:
        return _moment()
    return None


def _global(endpoint: str) -> dict[str, Param]:
    """The parameters page's parameters, as a list of the /3 API takes them."""
    fields: dict[str, Param] = {
        "limit": _limit(),
        "page": _whole(),
        "offset": _whole(),
        "sortorder": _words(_UNEXPECTED, ("ascending", "descending")),
        "lastmodified": _moment(),
        "financialyear": _whole(),
        "financialyeardate": _moment(),
    }
    if endpoint not in _NO_DATE_RANGE:
        fields |= {"fromdate": _moment(), "todate": _moment()}
    if endpoint in SORT_FIELDS:
        fields["sortby"] = _words(_UNEXPECTED, SORT_FIELDS[endpoint])
    if endpoint in FILTERS:
        fields["filter"] = _words("2000587", FILTERS[endpoint])
    return fields


_NAME = re.compile(r"[^0-9A-Za-z_]")


def query_model(endpoint: str, query: Sequence[SpecNode]) -> type[Body]:
    """The model of the query string of ``endpoint`` (its specification ``query`` nodes)."""
    fields: dict[str, Param] = {}
    for node in query:
        param = _spec_param(node)
        if param is not None:
            fields[str(node["name"])] = param
    if endpoint in LISTS:
        fields |= _global(endpoint)
    annotated: dict[str, Any] = {
        name: (Annotated[Any, param], None) for name, param in fields.items() if name.isidentifier()
    }
    title = "Query_" + _NAME.sub("_", endpoint.split(" ", 1)[1]).strip("_")
    if endpoint.startswith(("GET /api/", "DELETE /api/")):
        base: type[Body] = Body  # the services read every value of a repeated parameter
    else:
        base = _NoDateRange if endpoint in _NO_DATE_RANGE else _Query
    model: type[Body] = create_model(
        title,
        __base__=base,
        __module__="clearance.validators.fortnox",
        __doc__=f"The query string of ``{endpoint}``.",
        **annotated,
    )
    return model
