"""Fortnox API v3 (Swedish accounting).

Bodies are wrapped in their singular entity, ``{"Customer": {...}}``, with PascalCase
field names exactly as documented; read-only fields (``@url``, totals) may be sent back
unchanged. The server answers one error per response, ``{"ErrorInformation": {"error": 1,
"message": "...", "code": 2000108}}``; clearance still reports every finding in one pass
and renders the first (:mod:`clearance.envelopes.fortnox`).

Requests travel as JSON; the legacy XML form (a body that starts with ``<``) is read too,
so that its errors are 2001740 rather than a JSON syntax error.

More information:

* https://www.fortnox.se/developer/guides-and-good-to-know/errors
* https://www.fortnox.se/developer/guides-and-good-to-know/formats-and-encoding
* https://www.fortnox.se/developer/guides-and-good-to-know/header-fields
* ``shared/api-notes/fortnox.md`` in the project's research notes
"""

import contextlib
import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Annotated, Any, ClassVar, get_args
from urllib.parse import SplitResult

from clearance import _json
from clearance.api import Api, Endpoint, Headers, Structure
from clearance.model import Body
from clearance.report import Context, Finding, Location
from clearance.validators.fortnox._common import K
from clearance.validators.fortnox.articles import Article, ArticleUpdate
from clearance.validators.fortnox.customers import Customer, CustomerUpdate
from clearance.validators.fortnox.documents import (
    Invoice,
    InvoiceUpdate,
    Offer,
    OfferUpdate,
    Order,
    OrderUpdate,
)
from clearance.validators.fortnox.supplierinvoices import SupplierInvoice, SupplierInvoiceUpdate

__all__ = ["API", "ENDPOINTS", "Fortnox"]


class _XmlError(_json.MalformedJsonError):
    """A parse error of the legacy XML form: Fortnox answers 2001740, not 2002115."""


#: XML elements whose children form a list (``<InvoiceRows><InvoiceRow>...``).
_XML_LISTS = frozenset(
    {"InvoiceRows", "OrderRows", "OfferRows", "SupplierInvoiceRows", "Labels", "Vouchers"}
)


def _media_types(value: str) -> Iterator[str]:
    """The media types of a header value, lower case, without parameters."""
    for item in value.split(","):
        media = item.split(";", 1)[0].strip().lower()
        if media:
            yield media


def _speaks_json(media: str) -> bool:
    """JSON, or the legacy XML, or a range that includes them."""
    kind, _, subtype = media.partition("/")
    if media in {"*/*", "*", "application/*"}:
        return True
    return kind in {"application", "text"} and ("json" in subtype or "xml" in subtype)


#: What :func:`_is_markup` skips ahead of the first character (BOM, white space).
_SKIPPED = "\ufeff \t\r\n"
_SKIPPED_BYTES = frozenset(b" \t\r\n")


def _is_markup(raw: str | bytes) -> bool:
    """Whether a raw body is in the legacy XML form (its first character is ``<``)."""
    if raw:
        first = raw[0]
        if isinstance(first, int):  # a byte: ASCII stands for itself, and decides unless skipped
            if first < 0x80 and first not in _SKIPPED_BYTES:  # noqa: PLR2004 - ASCII
                return first == 0x3C  # noqa: PLR2004 - "<"
        elif first not in _SKIPPED:
            return first == "<"
    head = raw[:512].decode("utf-8", "replace") if isinstance(raw, bytes) else raw[:512]
    return head.lstrip("\ufeff \t\r\n").startswith("<")


def _from_element(element: Any, objects: frozenset[str]) -> Any:
    children = list(element)
    if element.tag in _XML_LISTS:
        return [_from_element(child, objects) for child in children]
    if not children:
        # An empty element where an object belongs is the empty object JSON writes {}:
        # XML cannot tell the two apart, so it is read as the JSON form that passes.
        text = element.text or ""
        return {} if element.tag in objects and not text.strip() else text
    return {child.tag: _from_element(child, objects) for child in children}


@cache
def _xml_objects() -> frozenset[str]:
    """Tags of the fields (and wrappers) that hold an object, in every endpoint's model.

    A tag that names a field of another kind anywhere is left out: there an empty
    element stays the empty text it always was.
    """
    objects: set[str] = set()
    others: set[str] = set()
    seen: set[type[Body]] = set()

    def walk(model: type[Body]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            nested = [
                arg
                for arg in (info.annotation, *get_args(info.annotation))
                if isinstance(arg, type) and issubclass(arg, Body)
            ]
            (objects if nested else others).add(info.alias or name)
            for inner in nested:
                walk(inner)

    for endpoint in ENDPOINTS:
        walk(endpoint.model)
    return frozenset(objects - others - _XML_LISTS)


def _xml(raw: str | bytes) -> Any:
    """The XML form as the JSON it stands for: ``{"Customer": {"Name": "..."}}``."""
    from defusedxml import DefusedXmlException  # noqa: PLC0415
    from defusedxml.ElementTree import (  # noqa: PLC0415
        ParseError,
        fromstring,
    )

    try:
        root = fromstring(raw.encode("utf-8") if isinstance(raw, str) else raw)
        return {root.tag: _from_element(root, _xml_objects())}
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise _XmlError(str(exc)) from None
    except RecursionError:
        raise _XmlError("nested too deeply") from None


def _xml_positions(text: str) -> dict[str, tuple[int, int]]:
    """1-based (line, column) of each element of the XML form, keyed by its JSON pointer."""
    from xml.sax import SAXException  # noqa: PLC0415 - only for XML files
    from xml.sax.handler import ContentHandler  # noqa: PLC0415

    from defusedxml import DefusedXmlException  # noqa: PLC0415
    from defusedxml.sax import parseString  # noqa: PLC0415

    positions: dict[str, tuple[int, int]] = {}

    class _Handler(ContentHandler):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[list[Any]] = []  # [pointer, holds a list, children so far]
            self.where: Any = None

        def setDocumentLocator(self, locator: Any) -> None:  # noqa: N802 - SAX's name
            self.where = locator

        def startElement(self, name: str, attrs: Any) -> None:  # noqa: N802
            del attrs
            parent = self.stack[-1] if self.stack else None
            if parent is not None and parent[1]:
                pointer = f"{parent[0]}/{parent[2]}"
                parent[2] += 1
            else:
                pointer = f"{parent[0] if parent else ''}/{_json.escape_pointer(name)}"
            if self.where is not None:
                positions[pointer] = (self.where.getLineNumber(), self.where.getColumnNumber() + 1)
            self.stack.append([pointer, name in _XML_LISTS, 0])

        def endElement(self, name: str) -> None:  # noqa: N802
            del name
            if self.stack:
                self.stack.pop()

    # On a parse error the positions found so far stand; the rest fall back to the
    # enclosing element.
    with contextlib.suppress(SAXException, DefusedXmlException, ValueError, RecursionError):
        parseString(text.encode("utf-8"), _Handler())
    return positions


class _Wrapped(Body):
    """A request body: the entity under its singular name."""

    WRAPPER: ClassVar[str] = ""


class CustomerRequest(_Wrapped):
    """Body of ``POST /customers``."""

    WRAPPER = "Customer"
    Customer: Customer


class CustomerUpdateRequest(_Wrapped):
    """Body of ``PUT /customers/{CustomerNumber}``."""

    WRAPPER = "Customer"
    Customer: CustomerUpdate


class ArticleRequest(_Wrapped):
    """Body of ``POST /articles``."""

    WRAPPER = "Article"
    Article: Article


class ArticleUpdateRequest(_Wrapped):
    """Body of ``PUT /articles/{ArticleNumber}``."""

    WRAPPER = "Article"
    Article: ArticleUpdate


class InvoiceRequest(_Wrapped):
    """Body of ``POST /invoices``."""

    WRAPPER = "Invoice"
    Invoice: Invoice


class InvoiceUpdateRequest(_Wrapped):
    """Body of ``PUT /invoices/{DocumentNumber}``."""

    WRAPPER = "Invoice"
    Invoice: InvoiceUpdate


class OrderRequest(_Wrapped):
    """Body of ``POST /orders``."""

    WRAPPER = "Order"
    Order: Order


class OrderUpdateRequest(_Wrapped):
    """Body of ``PUT /orders/{DocumentNumber}``."""

    WRAPPER = "Order"
    Order: OrderUpdate


class OfferRequest(_Wrapped):
    """Body of ``POST /offers``."""

    WRAPPER = "Offer"
    Offer: Offer


class OfferUpdateRequest(_Wrapped):
    """Body of ``PUT /offers/{DocumentNumber}``."""

    WRAPPER = "Offer"
    Offer: OfferUpdate


class SupplierInvoiceRequest(_Wrapped):
    """Body of ``POST /supplierinvoices``."""

    WRAPPER = "SupplierInvoice"
    SupplierInvoice: SupplierInvoice


class SupplierInvoiceUpdateRequest(_Wrapped):
    """Body of ``PUT /supplierinvoices/{GivenNumber}``."""

    WRAPPER = "SupplierInvoice"
    SupplierInvoice: SupplierInvoiceUpdate


# -- the identifiers in the URL (2000729 when empty [INF]) ----------------------------

_IDENTIFIER = K.param(required="2000729")


class CustomerPath(Body):
    """``/customers/{CustomerNumber}``."""

    CustomerNumber: Annotated[str, _IDENTIFIER]


class ArticlePath(Body):
    """``/articles/{ArticleNumber}``."""

    ArticleNumber: Annotated[str, _IDENTIFIER]


class DocumentPath(Body):
    """``/invoices/{DocumentNumber}``, ``/orders/...``, ``/offers/...``."""

    DocumentNumber: Annotated[str, _IDENTIFIER]


class SupplierInvoicePath(Body):
    """``/supplierinvoices/{GivenNumber}``."""

    GivenNumber: Annotated[str, _IDENTIFIER]


# -- the API --------------------------------------------------------------------------


class Fortnox(Api):
    """Fortnox: ``https://api.fortnox.se/3``, wrapped PascalCase bodies, one error per answer."""

    name = "fortnox"
    host = re.compile(r"api\.fortnox\.se")
    base_path = "/3"
    #: An object or a list of the wrong JSON type, or no entity wrapper at all.
    structure = Structure(object="2001392", list="2001392", missing="2001392")
    malformed_rule = "2002115"
    empty_rule = "2001392"
    too_large_rule = "clearance:body-too-large"
    #: 2001740: the XML form's parse error, reported by :meth:`malformed`.
    transport_rules = ("2000311", "1000031", "1000030", "2001740")

    def __init__(self, endpoints: Sequence[Endpoint]) -> None:
        """Register ``endpoints``."""
        super().__init__(endpoints)
        #: Each body model's wrapper key (``Customer``), read once: :meth:`prepare` is hot.
        self._wrappers: dict[type[Body], str] = {}

    def parse(self, raw: str | bytes, endpoint: Endpoint) -> Any:
        """JSON; a body that starts with ``<`` is the legacy XML form."""
        if _is_markup(raw):
            return _xml(raw)
        return super().parse(raw, endpoint)

    def prepare(self, value: Any, endpoint: Endpoint) -> Any:
        """A wrapper key in another letter case (``"customer"``) stands for the documented one.

        Whether Fortnox matches names case-insensitively is not documented, so such a body
        is checked as if it were written the documented way.
        """
        try:
            wrapper = self._wrappers[endpoint.model]
        except KeyError:
            wrapper = self._wrappers[endpoint.model] = getattr(endpoint.model, "WRAPPER", "")
        if not wrapper:
            return value
        if type(value) is dict:  # the usual case, without the ABC check
            if wrapper in value:
                return value
        elif not isinstance(value, Mapping) or wrapper in value:
            return value
        folded = wrapper.casefold()
        for key in value:
            if isinstance(key, str) and key.casefold() == folded:
                return {(wrapper if k == key else k): v for k, v in value.items()}
        return value

    def form_of(self, payload: Any) -> str:
        """``"xml"`` for a raw body in the legacy XML form, else ``"json"``."""
        kind = type(payload)
        if kind is dict:
            return "json"
        if kind is bytes or kind is str:
            return "xml" if _is_markup(payload) else "json"
        if isinstance(payload, bytearray | memoryview):
            payload = bytes(payload)
        if isinstance(payload, str | bytes) and _is_markup(payload):
            return "xml"
        return "json"

    def locate(self, text: str, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Positions in a JSON text, or in the legacy XML form (each element's start tag)."""
        if not _is_markup(text):
            return super().locate(text, pointers)
        positions = _xml_positions(text)
        result: dict[str, tuple[int, int]] = {}
        for pointer in pointers:
            parts = pointer.split("/")
            found = (positions.get("/".join(parts[:n])) for n in range(len(parts), 0, -1))
            result[pointer] = next((p for p in found if p is not None), (1, 1))
        return result

    def transport(
        self, endpoint: Endpoint, url: SplitResult, headers: Headers, path_params: Mapping[str, str]
    ) -> list[Finding]:
        """Credentials (2000311), then Content-Type (1000031) and Accept (1000030)."""
        del url, path_params
        findings: list[Finding] = []
        if endpoint.auth and not self._has_credentials(headers):
            findings.append(self.finding("2000311", location=self._credentials_location(headers)))
        content_type = headers.get("Content-Type", "").strip()
        if content_type and not all(_speaks_json(m) for m in _media_types(content_type)):
            findings.append(self.finding("1000031", location=Location("header", "Content-Type")))
        accept = headers.get("Accept", "").strip()
        if accept and not any(_speaks_json(m) for m in _media_types(accept)):
            findings.append(self.finding("1000030", location=Location("header", "Accept")))
        return findings

    @staticmethod
    def _has_credentials(headers: Headers) -> bool:
        """``Authorization: Bearer <token>``, or both legacy headers [DOC]."""
        scheme, _, token = headers.get("Authorization", "").strip().partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return True
        return bool(
            headers.get("Access-Token", "").strip() and headers.get("Client-Secret", "").strip()
        )

    @staticmethod
    def _credentials_location(headers: Headers) -> Location:
        """The header to point at: the missing half of a legacy pair, else Authorization."""
        has_token = bool(headers.get("Access-Token", "").strip())
        has_secret = bool(headers.get("Client-Secret", "").strip())
        if has_token and not has_secret:
            return Location("header", "Client-Secret")
        if has_secret and not has_token:
            return Location("header", "Access-Token")
        return Location("header", "Authorization")

    def malformed(self, endpoint: Endpoint, error: _json.MalformedJsonError) -> Finding:
        """2002115 for JSON; 2001740 for the legacy XML form."""
        if isinstance(error, _XmlError):
            return self.finding("2001740", pointer="", ctx={"Message": str(error)})
        return super().malformed(endpoint, error)

    def word(self, finding: Finding, payload: Any, context: Context | None) -> Finding:
        """2001399 names the field: ``Felaktigt fältnamn (Quantity)``."""
        del payload, context
        if finding.rule.key != "2001399" or finding.pointer is None:
            return finding
        return dataclasses.replace(
            finding, message=f"{finding.rule.message} ({_last_token(finding.pointer)})"
        )


def _last_token(pointer: str) -> str:
    """The last reference token of a JSON pointer, unescaped (the field name)."""
    return pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


# -- the endpoint table ---------------------------------------------------------------

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("POST /customers", CustomerRequest),
    Endpoint("PUT /customers/{CustomerNumber}", CustomerUpdateRequest, CustomerPath),
    Endpoint("POST /articles", ArticleRequest),
    Endpoint("PUT /articles/{ArticleNumber}", ArticleUpdateRequest, ArticlePath),
    Endpoint("POST /invoices", InvoiceRequest),
    Endpoint("PUT /invoices/{DocumentNumber}", InvoiceUpdateRequest, DocumentPath),
    Endpoint("POST /orders", OrderRequest),
    Endpoint("PUT /orders/{DocumentNumber}", OrderUpdateRequest, DocumentPath),
    Endpoint("POST /offers", OfferRequest),
    Endpoint("PUT /offers/{DocumentNumber}", OfferUpdateRequest, DocumentPath),
    Endpoint("POST /supplierinvoices", SupplierInvoiceRequest),
    Endpoint(
        "PUT /supplierinvoices/{GivenNumber}", SupplierInvoiceUpdateRequest, SupplierInvoicePath
    ),
)

API = Fortnox(ENDPOINTS)
