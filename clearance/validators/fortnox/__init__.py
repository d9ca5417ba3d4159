"""Fortnox API v3 (Swedish accounting), and its warehouse, time and file-attachment services.

Every operation of Fortnox's OpenAPI description (331, ``clearance/specs/fortnox.json``)
is an endpoint, with the id CONTRACT section 5 pins: relative to ``/3`` for the API
(``POST /customers``), from the host for the services (``POST
/api/warehouse/purchaseorders-v1``). Their models are built from the description when an
endpoint is first checked (:mod:`._policy`), with what the documentation, recorded traffic
and live-tested clients add written by hand over it (:mod:`.customers`, :mod:`.articles`,
:mod:`.documents`, :mod:`.supplierinvoices`, :mod:`.others`, :mod:`.queries`).

Bodies of ``/3`` are wrapped in their singular entity, ``{"Customer": {...}}``, with
PascalCase field names exactly as documented; read-only fields (``@url``, totals) may be
sent back unchanged. The server answers one error per response, ``{"ErrorInformation":
{"error": 1, "message": "...", "code": 2000108}}``; clearance still reports every finding
in one pass and renders the first (:mod:`clearance.envelopes.fortnox`). Actions
(``PUT /invoices/{DocumentNumber}/bookkeep``, ...) read no body, and lists take the query
parameters of the parameters page.

Requests travel as JSON; the legacy XML form (a body that starts with ``<``) is read too,
so that its errors are 2001740 rather than a JSON syntax error.

More information:

* https://www.fortnox.se/developer/guides-and-good-to-know/errors
* https://www.fortnox.se/developer/guides-and-good-to-know/formats-and-encoding
* https://www.fortnox.se/developer/guides-and-good-to-know/header-fields
* https://www.fortnox.se/developer/guides-and-good-to-know/parameters
* ``shared/api-notes/fortnox.md`` in the project's research notes
"""

import dataclasses
import importlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache, partial
from typing import TYPE_CHECKING, Annotated, Any, get_args
from urllib.parse import SplitResult

from pydantic import create_model

from clearance import _json
from clearance.api import Api, Endpoint, Headers, Structure
from clearance.model import Body
from clearance.report import Context, Finding, Location
from clearance.specmodels import Overlay, SpecNode
from clearance.specs import load
from clearance.validators.fortnox._common import K
from clearance.validators.fortnox._policy import FortnoxModels, ServicePolicy, V3Policy

if TYPE_CHECKING:
    from clearance import _xml

__all__ = ["API", "ENDPOINTS", "MODELS", "SERVICE_MODELS", "Fortnox"]

#: Which module holds each schema's overlay: a module is imported when a model it
#: overlays is first built (``tests/test_fortnox.py`` keeps this index exact).
OVERLAY_MODULES: Mapping[str, str] = {
    **dict.fromkeys(("Customer", "CustomerDefaultDeliveryTypes"), "customers"),
    "Article": "articles",
    **dict.fromkeys(
        ("InvoicePayload", "InvoicePayloadInvoiceRow", "InvoicePayloadEDIInformation", "Order",
         "OrderOrderRow", "Offer", "OfferOfferRow", "Contract", "ContractInvoiceRow"),
        "documents",
    ),
    **dict.fromkeys(("SupplierInvoice", "SupplierInvoiceSupplierInvoiceRow"), "supplierinvoices"),
    **dict.fromkeys(
        ("AssetCreateWrap", "Asset", "CreateAsset", "UpdateAsset", "Currency", "Voucher",
         "Employee", "SupplierInvoiceAccrual", "AccountPayload", "CreateAssetFileConnection",
         "SupplierInvoiceExternalURLConnectionUpdate", "VoucherFileConnection",
         "AbsenceTransactionPayload", "AttendanceTransaction", "SupplierInvoicePayment"),
        "others",
    ),
}  # fmt: skip


class _Overlays(Mapping[str, Overlay]):
    """The overlays of :data:`OVERLAY_MODULES`, each module imported on first use."""

    def __getitem__(self, schema: str) -> Overlay:
        module = importlib.import_module(f"{__name__}.{OVERLAY_MODULES[schema]}")
        overlay: Overlay = module.OVERLAYS[schema]
        return overlay

    def __iter__(self) -> Iterator[str]:
        return iter(OVERLAY_MODULES)

    def __len__(self) -> int:
        return len(OVERLAY_MODULES)


def _extra(schemas: Mapping[str, SpecNode]) -> Mapping[str, SpecNode]:
    """The schema nodes written by hand (:mod:`.others`), read when the description is."""
    from clearance.validators.fortnox.others import resolve_extra  # noqa: PLC0415 - lazy

    return resolve_extra(schemas)


#: The /3 API's models: the description read by :class:`V3Policy`, the hand-written
#: overlays on top. Built on first use, each once.
MODELS = FortnoxModels(V3Policy(), _Overlays(), _extra)
#: The warehouse, time and file-attachment services' models.
SERVICE_MODELS = FortnoxModels(ServicePolicy(), {}, lambda _: {})


#: XML elements whose children form a list (``<InvoiceRows><InvoiceRow>...``), beside
#: the names the description types as arrays (:func:`_xml_lists`).
_XML_LISTS = frozenset(
    {"InvoiceRows", "OrderRows", "OfferRows", "SupplierInvoiceRows", "Labels", "Vouchers"}
)


@cache
def _xml_lists() -> frozenset[str]:
    """Names the description types as arrays in a /3 schema, and as nothing else."""
    arrays: set[str] = set()
    others_: set[str] = set()
    for schema in load("fortnox")["schemas"].values():
        for name, prop in schema.get("properties", {}).items():
            (arrays if prop.get("type") == "array" else others_).add(name)
    return frozenset(arrays - others_) | _XML_LISTS


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


@cache
def _xml_objects(body: type[Body]) -> frozenset[str]:
    """Tags of the fields (and wrappers) that hold an object, in one endpoint's model.

    A tag that names a field of another kind anywhere in it is left out: there an empty
    element stays the empty text it always was. Computed per endpoint, when its first
    XML body is read.
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

    walk(body)
    return frozenset(objects - others - _xml_lists())


@cache
def _reading(body: type[Body] | None) -> "_xml.Reading":
    """How the legacy XML form reads for an endpoint's model (``None``: for positions).

    A name that repeats outside a list element reads as its last value, as JSON's
    duplicate keys do; a DOCTYPE without entities is read past, as the reader before
    this one (defusedxml's ElementTree) read it: whether Fortnox refuses one is unknown.
    """
    from clearance import _xml  # noqa: PLC0415 - the XML layer loads with the first XML body

    objects = _xml_objects(body) if body is not None else frozenset()
    return _xml.Reading(repeats=False, lists=_xml_lists(), objects=objects, doctype=True)


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
    transport_rules = ("2000311", "1000031", "1000030", "2001740", "2000729")

    def __init__(self, endpoints: Sequence[Endpoint]) -> None:
        """Register ``endpoints``."""
        super().__init__(endpoints)
        #: Each body model's wrapper key (``Customer``), read once: :meth:`prepare` is hot.
        self._wrappers: dict[type[Body], str] = {}

    def parse(self, raw: str | bytes, endpoint: Endpoint) -> Any:
        """JSON; a body that starts with ``<`` is the legacy XML form."""
        if _is_markup(raw):
            from clearance import _xml  # noqa: PLC0415 - the XML layer loads with the first XML body

            root, value = _xml.read(raw, _reading(endpoint.model))
            return {root: value}
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
        from clearance import _xml  # noqa: PLC0415 - the XML layer loads with the first XML body

        return _xml.locate(text, pointers, _reading(None))

    def transport(
        self, endpoint: Endpoint, url: SplitResult, headers: Headers, path_params: Mapping[str, str]
    ) -> list[Finding]:
        """Credentials (2000311), then Content-Type (1000031) and Accept (1000030).

        Content-Type is judged where the server reads a body (multipart on the two file
        uploads), Accept where it answers JSON; the services outside ``/3`` are judged on
        their credentials only (their other answers are not documented).
        """
        del url, path_params
        findings: list[Finding] = []
        if endpoint.auth and not self._has_credentials(headers):
            findings.append(self.finding("2000311", location=self._credentials_location(headers)))
        if endpoint.template.startswith(SERVICES):
            return findings
        content_type = headers.get("Content-Type", "").strip()
        if content_type and _content_type_refused(endpoint, content_type):
            findings.append(self.finding("1000031", location=Location("header", "Content-Type")))
        accept = headers.get("Accept", "").strip()
        if (
            accept
            and endpoint.id not in FILE_ANSWERS
            and not any(_speaks_json(m) for m in _media_types(accept))
        ):
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
        from clearance import _xml  # noqa: PLC0415 - the XML layer loads with the first XML body

        if isinstance(error, _xml.XmlError):
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


def _content_type_refused(endpoint: Endpoint, content_type: str) -> bool:
    """Whether the server refuses a body of ``content_type`` here (1000031)."""
    if endpoint.id in UPLOADS:
        return not any(media == "multipart/form-data" for media in _media_types(content_type))
    return endpoint.reads_body and not all(_speaks_json(m) for m in _media_types(content_type))


def _last_token(pointer: str) -> str:
    """The last reference token of a JSON pointer, unescaped (the field name)."""
    return pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


# -- the endpoint table ---------------------------------------------------------------

#: Path prefixes of the services outside ``/3`` (ids from the host).
SERVICES = ("/api/",)
#: The file uploads: ``multipart/form-data`` with one ``file`` part [DOC header fields;
#: SPEC]. clearance does not read multipart bodies.
UPLOADS = frozenset({"POST /archive", "POST /inbox"})
#: Operations that answer a file, not JSON: the specification's Accept there is
#: ``application/pdf`` (prints, previews) or ``*/*`` (downloads) [SPEC: the official PHP
#: client's ``selectHeaders``; LIB softwerkab marks print, preview, eprint as PDF].
FILE_ANSWERS = frozenset(
    {
        *(f"GET /invoices/{{DocumentNumber}}/{action}"
          for action in ("print", "preview", "eprint", "printreminder")),
        *(f"GET /{document}/{{DocumentNumber}}/{action}"
          for document in ("orders", "offers") for action in ("print", "preview")),
        "GET /archive/{id}", "GET /inbox/{Id}", "GET /sie/{Type}",
        "GET /api/warehouse/purchaseorders-v1/csv",
    }
)  # fmt: skip
#: Writes whose body the rebuild lost: JSON arrays [api-notes: a bare array of camelCase
#: attachments, LIB-live], not judged here.
_ARRAY_BODIES = frozenset(
    {
        "POST /api/fileattachments/attachments-v1",
        "POST /api/fileattachments/attachments-v1/validateincludedonsend",
        "POST /api/warehouse/stockpoints-v1/{id}",
        "POST /api/warehouse/stocktaking-v1/{id}/rows",
        "POST /api/warehouse/purchaseorders-v1/sendpurchaseorders",
    }
)
#: Body schemas read instead of the description's: ``POST /assets`` is wrapped in
#: ``Asset`` [3P-live], or ``AssetType`` as the description has it (:mod:`.others`).
_BODY_SCHEMAS = {"POST /assets": "AssetCreateWrap"}
#: Operations the server also takes without a body. The description gives them one and,
#: like every body of it, does not mark it required.
_OPTIONAL_BODIES = frozenset(
    {
        # Sent without a body by a live-tested client asserting the payment was booked
        # (zenta-ab/fortnox.NET InvoicePaymentTests) and by a production plugin
        # (woo-fortnox-hub bookkeepInvoicePayment) [3P-live].
        "PUT /invoicepayments/{Number}/bookkeep",
        # A deletion whose body (the date of the deletion) requires nothing [SPEC].
        "DELETE /assets/{GivenNumber}",
        # A response state change whose body requires nothing [SPEC].
        "PUT /api/warehouse/purchaseorders-v1/{id}/response",
    }
)
#: Operations the description lacks that live-tested clients call [3P-live, api-notes]:
#: their specification-shaped stand-ins.
_ADDED: Mapping[str, Mapping[str, Any]] = {
    "PUT /orders/{DocumentNumber}/warehouseready": {
        "method": "PUT",
        "path_params": [{"name": "DocumentNumber", "type": "string"}],
    },
}


class NoBody(Body):
    """The body of an operation whose server reads none: any body passes."""


#: Where the URL holds no identifier, the server cannot tell the record (2000729 [INF]).
_IDENTIFIER = K.param(required="2000729")


@cache
def _path_model(names: tuple[str, ...]) -> type[Body]:
    """The identifiers of a /3 path: each must be there (not an empty segment)."""
    fields: dict[str, Any] = {
        name: (Annotated[str, _IDENTIFIER], None) for name in names if name.isidentifier()
    }
    model: type[Body] = create_model(
        "Path_" + "_".join(names),
        __base__=Body,
        __module__=__name__,
        __doc__=f"The identifiers of a path: {', '.join(names)}.",
        **fields,
    )
    return model


def _json_schema(operation: Mapping[str, Any]) -> str | None:
    """The schema of an operation's JSON body, if the description gives one."""
    body = operation.get("body") or {}
    node = (body.get("media") or {}).get("application/json") or {}
    ref = node.get("ref")
    return str(ref) if ref else None


def _endpoint(endpoint_id: str, operation: Mapping[str, Any]) -> Endpoint:
    """The endpoint of one operation of the description; its models built on first use."""
    method, path = endpoint_id.split(" ", 1)
    service = path.startswith(SERVICES)
    names = tuple(str(p["name"]) for p in operation.get("path_params", ()))
    path_source: Callable[[], type[Body]] | None = None
    if names and not service:
        path_source = partial(_path_model, names)
    schema = _BODY_SCHEMAS.get(endpoint_id) or _json_schema(operation)
    if schema is not None:
        models = SERVICE_MODELS if service else MODELS
        body = models.lazy(schema, update=method == "PUT")
        optional = endpoint_id in _OPTIONAL_BODIES
        return Endpoint(endpoint_id, body, path_source, payload="body", optional=optional)
    if method in {"GET", "DELETE"}:
        query = tuple(operation.get("query", ()))
        return Endpoint(
            endpoint_id, partial(_query_model, endpoint_id, query), path_source, payload="query"
        )
    return Endpoint(endpoint_id, NoBody, path_source, payload="none")


def _query_model(endpoint_id: str, query: Sequence[SpecNode]) -> type[Body]:
    """The model of an operation's query string (:mod:`.queries`, imported on first use)."""
    from clearance.validators.fortnox.queries import query_model  # noqa: PLC0415 - lazy

    return query_model(endpoint_id, query)


def _endpoints() -> tuple[Endpoint, ...]:
    operations = {**load("fortnox")["operations"], **_ADDED}
    return tuple(_endpoint(key, operation) for key, operation in operations.items())


#: Every operation of the description, and those live clients add (:data:`_ADDED`).
ENDPOINTS: tuple[Endpoint, ...] = _endpoints()

API = Fortnox(ENDPOINTS)
