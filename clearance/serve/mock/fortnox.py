r"""Fortnox successes: the entity wrapped in its name, ``{"Customer": {...}}``.

Recorded [REC]: a create answers **201** with the wrapped entity, ``@url`` first
(``{"Customer":{"@url":"https:\/\/api.fortnox.se\/3\/customers\/6",...,
"CustomerNumber":"6",...}}``); an update answers 200 the same way; lists answer the
plural name and ``MetaInformation``. Serialised as PHP's ``json_encode`` writes it:
compact, non-ASCII as ``\uXXXX``, ``/`` as ``\/`` (as in the recorded bodies).

Everything here follows from the endpoint id and the request [INF beyond the above]:

* ``POST /<resource>``: 201, the request's entity, its number taken from the request or
  numbered; the number's name is the parameter of the resource's ``PUT`` twin
  (``PUT /customers/{CustomerNumber}``: ``CustomerNumber``);
* ``PUT /<resource>/{Number}``: 200, the request's entity with the number of the URL;
* ``GET /<resource>/{Number}``: 200, the entity with its number only (no stored state);
* ``GET /<resource>``: 200, an empty list and ``MetaInformation``;
* ``DELETE``: 204, no body.

The server fills every field it defaults; the stand-in echoes what was sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clearance.serve.mock._call import endpoint_ids, json_body

if TYPE_CHECKING:
    from collections.abc import Callable

    from clearance.serve.mock._call import Answer, Call

__all__ = ["SPECIAL", "default"]

_HEADERS = {"Content-Type": "application/json"}
_BASE = "https://api.fortnox.se"
#: Entity names of resources whose path does not spell them (lower case, no separator).
ENTITIES = {
    "supplierinvoices": "SupplierInvoice",
    "invoicepayments": "InvoicePayment",
    "supplierinvoicepayments": "SupplierInvoicePayment",
    "pricelists": "PriceList",
    "termsofpayments": "TermsOfPayment",
    "termsofdeliveries": "TermsOfDelivery",
    "wayofdeliveries": "WayOfDelivery",
}


def _answer(status: int, body: Any) -> Answer:
    return status, dict(_HEADERS), json_body(body, ascii_only=True, escape_slash=True)


def _resource(template: str) -> str:
    """The collection segment of a template: ``/customers/{CustomerNumber}`` -> customers."""
    literal = [part for part in template.split("/") if part and not part.startswith("{")]
    return literal[-1] if literal else ""


def entity_name(template: str) -> str:
    """The singular entity name of an endpoint's resource.

    >>> entity_name("/supplierinvoices/{GivenNumber}"), entity_name("/customers")
    ('SupplierInvoice', 'Customer')
    """
    resource = _resource(template)
    if resource in ENTITIES:
        return ENTITIES[resource]
    singular = resource.removesuffix("s")
    return singular[:1].upper() + singular[1:]


def number_name(api_endpoints: tuple[str, ...], template: str) -> str | None:
    """The name of the number of a resource: the parameter its ``PUT`` twin's path ends in.

    >>> number_name(("PUT /offers/{DocumentNumber}",), "/offers")
    'DocumentNumber'
    """
    prefix = f"PUT {template.rstrip('/')}/{{"
    for endpoint in api_endpoints:
        if endpoint.startswith(prefix) and endpoint.endswith("}") and endpoint.count("{") == 1:
            return endpoint[len(prefix) : -1]
    return None


def _wrapped(call: Call) -> tuple[str, dict[str, Any]]:
    """The request's entity name and fields (a body of one object member)."""
    value = call.payload()
    if isinstance(value, dict) and len(value) == 1:
        ((name, fields),) = value.items()
        if isinstance(fields, dict):
            return name, dict(fields)
    return entity_name(call.template), {}


def _url(template: str, number: str) -> str:
    """The entity's ``@url``; services outside ``/3`` take their path from the host."""
    collection = template.partition("/{")[0]
    version = "" if template.startswith("/api/") else "/3"
    return f"{_BASE}{version}{collection}/{number}"


def default(call: Call) -> Answer:
    """The answer to an endpoint, from its id (see the module docstring)."""
    if call.method == "DELETE":
        return 204, {}, b""
    if call.method == "GET" and not call.params:
        plural = entity_name(call.template) + "s"
        meta = {"@TotalResources": 0, "@TotalPages": 1, "@CurrentPage": 1}
        return _answer(200, {plural: [], "MetaInformation": meta})
    name, fields = _wrapped(call)
    if call.params:  # PUT or GET of one entity: the number is the URL's
        key, number = list(call.params.items())[-1]
        return _answer(200, {name: {"@url": _url(call.template, number), **fields, key: number}})
    named = number_name(endpoint_ids("fortnox"), call.template)
    if named is None:
        return _answer(201, {name: fields})
    created = str(fields.get(named) or call.ids.number("fortnox"))
    return _answer(201, {name: {"@url": _url(call.template, created), **fields, named: created}})


#: Endpoints whose answer differs from :func:`default`: none so far.
SPECIAL: dict[str, Callable[[Call], Answer]] = {}
