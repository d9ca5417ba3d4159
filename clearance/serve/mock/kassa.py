"""KASSA.AT successes: ``{"status": S, "data": [...]}``, as the documentation shows them.

Documented [DOC, seed 002]: creates answer 201 with the object, updates of articles 200
with the object, updates of customers and deletes 200 with ``"data": []``, index actions
add ``"pagination": {"total", "page", "limit"}``; decimals come back as text (``"9.99"``,
``"20.0"``). Token and company creation answer 200.

The default for an endpoint not described below [INF]: ``POST`` 201 with the request's
parameters and a new ``id``, ``PUT`` 200 with the parameters and the id of the URL,
``DELETE`` 200 with no data, ``GET`` 200 with no data (there is no stored state).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from clearance.serve.mock._call import json_body

if TYPE_CHECKING:
    from collections.abc import Callable

    from clearance.serve.mock._call import Answer, Call

__all__ = ["SPECIAL", "default"]

_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
#: Parameters the server stores as decimals and answers as text [DOC: "9.99", "20.0"].
DECIMALS = frozenset(
    {"gross_amount_per_item", "sales_tax_percentage", "default_quantity", "quantity", "price"}
)
#: Index actions whose documented answers carry ``pagination``.
PAGINATED = frozenset({"GET /articles", "GET /customers", "GET /customers/{id}/invoices"})


def _answer(status: int, data: list[Any], pagination: dict[str, int] | None = None) -> Answer:
    body: dict[str, Any] = {"status": status, "data": data}
    if pagination is not None:
        body["pagination"] = pagination
    return status, dict(_HEADERS), json_body(body)


def decimal_text(value: Any) -> Any:
    """A number as the server writes a stored decimal: at least one decimal place.

    >>> decimal_text(3.5), decimal_text(20), decimal_text("49,90"), decimal_text("n/a")
    ('3.5', '20.0', '49.90', 'n/a')
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return value
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    text = format(number, "f")
    return text if "." in text else f"{text}.0"


def _fields(call: Call) -> dict[str, Any]:
    return {k: decimal_text(v) if k in DECIMALS else v for k, v in call.fields().items()}


def _id(value: str) -> int | str:
    return int(value) if value.isdigit() else value


def default(call: Call) -> Answer:
    """The answer to an endpoint without its own entry (see the module docstring)."""
    if call.method == "POST":
        return _answer(201, [{"id": call.ids.number("kassa"), **_fields(call)}])
    if call.method == "PUT":
        ident = next(iter(call.params.values()), "")
        return _answer(200, [{**_fields(call), "id": _id(ident)}])
    if call.method == "GET" and call.endpoint in PAGINATED:
        page, limit = call.query.get("pagination_page", "1"), call.query.get("pagination_limit")
        pagination = {
            "total": 0,
            "page": int(page) if page.isdigit() else 1,
            "limit": int(limit) if limit and limit.isdigit() else 20,
        }
        return _answer(200, [], pagination)
    return _answer(200, [])


def _token(call: Call) -> Answer:
    fields = call.fields()
    token = f"{call.ids.token(4)}-{call.ids.token(8)}"  # the documented form: 8-16 hex digits
    return _answer(
        200,
        [
            {
                "token": token,
                "description": fields.get("description"),
                "company": fields.get("company_dns"),
            }
        ],
    )


def _authenticate(call: Call) -> Answer:
    token = call.headers.get("authorization", "").strip()
    token = token.removeprefix("Bearer ").strip()
    return _answer(200, [{"token": token, "description": None, "company": call.account}])


def _company(call: Call) -> Answer:
    fields = call.fields()
    return _answer(
        200, [{"company_dns": fields.get("company_dns"), "company": fields.get("company")}]
    )


def _dns_name(call: Call) -> Answer:
    suggestion = re.sub(r"[^a-z0-9]", "", call.query.get("company", "").lower())
    return _answer(200, [{"company_dns": suggestion}])


def _customer_number(call: Call) -> Answer:
    number = call.query.get("customer_number", "")
    return _answer(200, [{"id": call.ids.number("kassa"), "customer_number": number}])


def _updated_customer(call: Call) -> Answer:
    del call
    return _answer(200, [])


def _stock(call: Call) -> Answer:
    del call
    return _answer(200, [{"stock": "0.0"}])


def _inventory(call: Call) -> dict[str, Any]:
    return {
        "id": _id(call.params.get("inventory_id", "")),
        "warehouse": {"id": _id(call.params.get("warehouse_id", ""))},
    }


def _quantity(call: Call) -> Decimal:
    fields = call.fields()
    text = decimal_text(fields.get("quantity", 0))
    try:
        quantity = Decimal(text) if isinstance(text, str) else Decimal(0)
    except InvalidOperation:
        quantity = Decimal(0)
    kind = fields.get("type")
    if kind == "decrease":
        return -abs(quantity)
    if kind == "increase":
        return abs(quantity)
    return quantity


def _set_stock(call: Call) -> Answer:
    new = decimal_text(str(_quantity(call)))
    return _answer(200, [{"inventory": _inventory(call), "old_stock": "0.0", "new_stock": new}])


def _movement(call: Call) -> Answer:
    quantity = decimal_text(str(_quantity(call)))
    inventory = {**_inventory(call), "old_stock": "0.0", "new_stock": quantity}
    movement = {
        "id": call.ids.number("kassa"),
        "inventory": inventory,
        "quantity": quantity,
        "description": call.fields().get("text"),
    }
    return _answer(201, [movement])


def _search(call: Call) -> Answer:
    del call
    return _answer(200, [])


#: Endpoints whose documented answer differs from :func:`default`.
SPECIAL: dict[str, Callable[[Call], Answer]] = {
    "POST /authentications": _token,
    "GET /authentications/authenticate": _authenticate,
    "POST /companies": _company,
    "GET /companies/determine_dns_name": _dns_name,
    "GET /customers/customer_number": _customer_number,
    "PUT /customers/{id}": _updated_customer,
    "GET /warehouses/{warehouse_id}/inventories/{inventory_id}/stock": _stock,
    "POST /warehouses/{warehouse_id}/inventories/{inventory_id}/stock": _set_stock,
    "POST /warehouses/{warehouse_id}/inventories/{inventory_id}/movements": _movement,
    "POST /warehouses/{warehouse_id}/inventories/search": _search,
}
