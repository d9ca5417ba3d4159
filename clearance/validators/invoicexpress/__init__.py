"""InvoiceXpress API v2 (Portuguese invoicing).

JSON over HTTPS on ``https://<account>.app.invoicexpress.com``, authenticated by the
``api_key`` query parameter. Every body wraps its resource in a root key
(``{"invoice": {...}}``, ``{"client": {...}}``); dates are ``dd/mm/yyyy``; the vendor's
examples send numbers as strings, and JSON numbers are taken too.

InvoiceXpress answers without codes: a rejected request gets HTTP 422 and
``{"errors": [{"error": "<message>"}, ...]}``. The catalog keys each message by a name,
grouped by resource, and findings carry ``code == "422"`` (or the documented status).

More information:

* https://invoicexpress.com/api-v2/documentation/error-codes-responses
* https://docs.invoicexpress.com/
* ``shared/api-notes/invoicexpress.md`` in the project's research notes
"""

import re
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache, lru_cache
from typing import Annotated, Any, ClassVar
from urllib.parse import SplitResult, parse_qs

from pydantic import create_model

from clearance.api import Api, Endpoint, Headers, Structure
from clearance.catalog import Rule, load_catalog
from clearance.compiler import validator
from clearance.fields import (
    Check,
    Inline,
    Invalid,
    Kind,
    Traits,
    any_case,
    email,
    schema_pattern,
)
from clearance.fields.countries import country_name
from clearance.fields.email_lists import email_list
from clearance.fields.identifiers import stdnum_number
from clearance.fields.rails import (
    is_blank,
    number_above,
    number_between,
    numericality,
    present,
    unless_blank,
)
from clearance.model import Body, Codes, Violation, partial
from clearance.report import Context, Finding, Location, rule_selected

__all__ = ["API", "ENDPOINTS"]

#: Invoice document types, each with the root keys it takes: ``invoice`` for all of them
#: (the vendor's examples), and the type's own singular. ``invoice_receipt`` is recorded
#: live (diogopms/invoice-express-js, scripts/live-check.cjs: create and change-state);
#: for the other types nothing settles whether the singular is read, so it is accepted.
INVOICE_ROOTS = {
    "invoices": ("invoice",),
    "simplified_invoices": ("invoice", "simplified_invoice"),
    "invoice_receipts": ("invoice", "invoice_receipt"),
    "credit_notes": ("invoice", "credit_note"),
    "debit_notes": ("invoice", "debit_note"),
}
#: Estimates and guides: root key the type's singular (the live-checked OpenAPI of
#: diogopms/invoice-express-js), or the family's (``quote``, ``shipping``), which the
#: vendor's examples use and a live check sends for proformas and fees notes.
ESTIMATE_ROOTS = {"quotes": ("quote",), "proformas": ("proforma", "quote"),
                  "fees_notes": ("fees_note", "quote")}  # fmt: skip
GUIDE_ROOTS = {"shippings": ("shipping",), "transports": ("transport", "shipping"),
               "devolutions": ("devolution", "shipping")}  # fmt: skip
DOCUMENT_ROOTS: dict[str, tuple[str, ...]] = {
    **INVOICE_ROOTS,
    **ESTIMATE_ROOTS,
    **GUIDE_ROOTS,
}

_JSON_OR_XML = re.compile(
    r"\s*(application/(json|jsonrequest|xml)|text/(json|x-json|xml)|[a-z0-9.+-]+/[a-z0-9.-]+\+(json|xml))\s*(;.*)?",
    re.IGNORECASE | re.DOTALL,
)


class InvoiceXpress(Api):
    """InvoiceXpress: hosts ``<account>.app.invoicexpress.com``, no base path."""

    name = "invoicexpress"
    host = re.compile(r"(?:[a-z0-9-]+\.)?app\.invoicexpress\.com")
    #: ``items`` is the only list in any body.
    structure = Structure(list="document-items-not-array")
    #: A JSON body that is not an object has no root key (``clearance:root-missing``).
    non_object_is_empty = True
    transport_rules = ("clearance:https-required", "access-denied", "email-no-content-type")

    def transport(
        self, endpoint: Endpoint, url: SplitResult, headers: Headers, path_params: Mapping[str, str]
    ) -> list[Finding]:
        """HTTPS only, ``api_key`` in the query, and a JSON content type to send an e-mail."""
        del path_params
        findings: list[Finding] = []
        if url.scheme and url.scheme.lower() != "https":  # a bare path names no scheme
            findings.append(self.finding("clearance:https-required", location=Location.URL))
        keys = parse_qs(url.query, keep_blank_values=True).get("api_key", [])
        if not any(key.strip() for key in keys):
            findings.append(self.finding("access-denied", location=Location("query", "api_key")))
        if endpoint.template.endswith("/email-document.json") and not _JSON_OR_XML.fullmatch(
            headers.get("Content-Type", "")
        ):
            findings.append(
                self.finding("email-no-content-type", location=Location("header", "Content-Type"))
            )
        return findings


IX = Codes(load_catalog("invoicexpress"))

# -- shared vocabulary ----------------------------------------------------------------

#: Numbers: JSON numbers and numeric strings (every vendor example sends strings). A
#: decimal comma is taken as well: whether the server reads one is not documented.
_NUMBER = numericality(comma=True)

#: Units two third-party clients agree on [LIB]; see the catalog's note.
UNITS = frozenset({"service", "unit", "hour", "day", "month", "other"})

#: Every state a document type documents for change-state (invoices, estimates, guides,
#: the Redocly enum and API v1). Which transition is allowed is the server's business.
STATES = frozenset(
    {"finalized", "deleted", "canceled", "settled", "unsettled", "second_copy",
     "accept", "refuse", "accepted", "refused"}
)  # fmt: skip


def _unit(value: Any) -> Any:
    if not isinstance(value, str) or value.strip().casefold() not in UNITS:
        raise Invalid("not an accepted unit")
    return value


#: Shortcut: a unit written exactly as listed (its stripped, folded form is itself).
def _spellings(words: frozenset[str]) -> frozenset[str]:
    """The words as listed, in capitals and capitalised: the fast path's shortcut takes them."""
    variants = (spelling for w in words for spelling in (w, w.upper(), w.capitalize(), w.title()))
    return frozenset(s for s in variants if s.strip().casefold() in words)


_UNIT = unless_blank(
    Check(
        "unit",
        _unit,
        any_case(sorted(UNITS), padded=True),
        Traits(Kind.CHOICE, values=tuple(sorted(UNITS))),
        inline=Inline(
            "type({v}) is str and {v} in {units}", {"units": _spellings(UNITS)}, same=True
        ),
    )
)


def _state(value: Any) -> Any:
    if not isinstance(value, str) or value.strip().casefold() not in STATES:
        raise Invalid("not a documented state")
    return value


_STATE = Check(
    "state",
    _state,
    any_case(sorted(STATES), padded=True),
    Traits(Kind.CHOICE, values=tuple(sorted(STATES))),
    inline=Inline(
        "type({v}) is str and {v} in {states}", {"states": _spellings(STATES)}, same=True
    ),
)


@cache
def tax_regions() -> frozenset[str]:
    """PT, PT-AC, PT-MA and country codes (CLDR's two-letter territories and AN), upper case."""
    from babel import Locale  # noqa: PLC0415 - lazy: babel's data loads on first use

    territories = {
        code
        for code in Locale("en").territories
        if isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code)
    }
    return frozenset({"PT", "PT-AC", "PT-MA", "AN", *territories})


def _tax_region(value: Any) -> Any:
    text = value.strip() if isinstance(value, str) else ""
    if text.upper() not in tax_regions() and text.casefold() != "desconhecido":
        raise Invalid("not a tax region")
    return value


#: Shortcut: a code as listed (upper case, no spaces); the regions load on first use.
_TAX_REGION = Check(
    "tax_region",
    _tax_region,
    {"type": "string"},
    examples=("PT", "PT-AC", "PT-MA", "ES", "pt", "Desconhecido"),
    inline=Inline("type({v}) is str and {v} in {regions}()", {"regions": tax_regions}, same=True),
)

#: The country names the public InvoiceXpress clients send (square-bit/invoicexpress_for_laravel
#: src/Enums/CountryEnum.php; filipetoscano/invoice-express src/InvoiceXpress/Map/
#: IXCountry-Data.cs, a subset) [LIB]: some are no CLDR name ("Korea, South", "Zaïre").
LIBRARY_COUNTRIES = (
    "Portugal", "United States", "UK", "Ireland", "Canada", "Australia", "New Zealand",
    "South Africa", "Spain", "Afghanistan", "Albania", "Algeria", "American Samoa", "Andorra",
    "Angola", "Anguilla", "Antigua and Barbuda", "Argentina", "Armenia", "Aruba", "Austria",
    "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize",
    "Benin", "Bermuda", "Bhutan", "Bolivia", "Bosnia-Herzegovina", "Botswana", "Brazil",
    "British Indian Ocean Territory", "Brunei", "Bulgaria", "Burkina Faso", "Burma", "Burundi",
    "Cambodia", "Cameroon", "Canton and Enderbury Islands", "Cape Verde", "Cayman Islands",
    "Central African Republic", "Chad", "Chile", "China", "Christmas Island",
    "Cocos (Keeling) Islands", "Colombia", "Comoros", "Congo", "Congo, Democratic Republic",
    "Cook Islands", "Costa Rica", "Côte d'Ivoire", "Croatia", "Cuba", "Curaçao", "Cyprus",
    "Czech Republic", "Denmark", "Djibouti", "Dominica", "Dominican Republic",
    "Dronning Maud Land", "East Timor", "Ecuador", "Egypt", "El Salvador", "Equatorial Guinea",
    "Eritrea", "Estonia", "Ethiopia", "Faeroe Islands (Føroyar)", "Falkland Islands", "Fiji",
    "Finland", "France", "French Guiana", "French Polynesia", "Gabon", "Gambia", "Georgia",
    "Germany", "Ghana", "Gibraltar", "Great Britain", "Greece", "Greenland", "Grenada",
    "Guadeloupe", "Guam", "Guatemala", "Guernsey", "Guinea", "Guinea-Bissau", "Guyana", "Haiti",
    "Heard and McDonald Islands", "Honduras", "Hong Kong", "Hungary", "Iceland", "India",
    "Indonesia", "International Monetary Fund", "Iran", "Iraq", "Isle of Man", "Israel", "Italy",
    "Ivory Coast", "Jamaica", "Japan", "Jersey", "Johnston Island", "Jordan", "Kampuchea",
    "Kazakhstan", "Kenya", "Kiribati", "Korea, North", "Korea, South", "Kosovo", "Kuwait",
    "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya", "Liechtenstein",
    "Lithuania", "Luxembourg", "Macau", "Macedonia (Former Yug. Rep.)", "Madagascar", "Malawi",
    "Malaysia", "Maldives", "Mali", "Malta", "Marshall Islands", "Martinique", "Mauritania",
    "Mauritius", "Mayotte", "Mexico", "Micronesia", "Midway Islands", "Moldova", "Monaco",
    "Mongolia", "Montenegro", "Montserrat", "Morocco", "Mozambique", "Myanmar", "Namibia", "Nauru",
    "Nepal", "Netherlands", "Netherlands Antilles", "New Caledonia", "Nicaragua", "Niger",
    "Nigeria", "Niue", "Norfolk Island", "Northern Mariana Islands", "Norway", "Oman", "Pakistan",
    "Palau", "Palestine", "Panama", "Papua New Guinea", "Paraguay", "Peru", "Philippines",
    "Pitcairn Island", "Poland", "Puerto Rico", "Qatar", "Reunion", "Romania", "Russia", "Rwanda",
    "Saint Barthelemy", "Samoa (America)", "Samoa (Western)", "San Marino",
    "São Tomé and Príncipe", "Saudi Arabia", "Sénégal", "Serbia", "Seychelles", "Sierra Leone",
    "Singapore", "Slovakia", "Slovenia", "Solomon Islands", "Somalia", "Sri Lanka", "St. Helena",
    "St. Kitts and Nevis", "St. Lucia", "St. Vincent and the Grenadines", "Sudan", "Suriname",
    "Svalbard and Jan Mayen Islands", "Swaziland", "Sweden", "Switzerland", "Syria", "Tahiti",
    "Taiwan", "Tajikistan", "Tanzania", "Thailand", "Timor-Leste", "Togo", "Trinidad and Tobago",
    "Tunisia", "Turkey", "Turkmenistan", "Turks and Caicos Islands", "Tuvalu", "Uganda", "Ukraine",
    "United Arab Emirates", "Upper Volta", "Uruguay", "Uzbekistan", "Vanuatu", "Vatican",
    "Venezuela", "Vietnam", "Virgin Islands", "Wake Island", "Wallis and Futuna Islands",
    "Western Sahara", "Western Samoa", "Yemen", "Zaïre", "Zambia", "Zimbabwe",
)  # fmt: skip

#: A client's country: a name or code in any CLDR locale, or as the clients above send it.
_COUNTRY = unless_blank(country_name(LIBRARY_COUNTRIES))

_DDDD_DDD = re.compile(r"\d{4}-\d{3}")


def _postal_code(value: Any) -> Any:
    if not isinstance(value, str) or not _DDDD_DDD.fullmatch(value.strip()):
        raise Invalid("not DDDD-DDD")
    return value


#: Shortcut: a code with no white space around it (stripping it changes nothing).
_POSTAL_CODE = unless_blank(
    Check(
        "postal_code",
        _postal_code,
        {"type": "string", "pattern": schema_pattern(r"^\s*\d{4}-\d{3}\s*$")},
        Traits(Kind.TEXT, pattern=r"\d{4}-\d{3}"),
        inline=Inline(
            "type({v}) is str and {code}.fullmatch({v}) is not None",
            {"code": _DDDD_DDD},
            same=True,
        ),
    )
)

_DECLINED = frozenset({"0", "false"})


def _terms(value: Any) -> Any:
    if value in (0, False) or (isinstance(value, str) and value.strip().lower() in _DECLINED):
        raise Invalid("declined")
    return value


#: Shortcut: ``true``, a JSON integer other than 0, or a string that is not "0" or "false".
_TERMS = Check(
    "terms",
    _terms,
    {},
    examples=(True, 1, "1", "true"),
    inline=Inline(
        "{v} is True or (type({v}) is int and {v} != 0)"
        " or (type({v}) is str and {v}.strip().lower() not in {declined})",
        {"declined": _DECLINED},
        same=True,
    ),
)
_EMAIL = unless_blank(email())
_EMAILS = email_list()
_NIF = stdnum_number("pt.nif", "nif")

# ``datetime.strptime``'s own patterns for ``%d/%m/%Y`` and ``%Y-%m-%d`` (``\d``: any
# Unicode digit, as there; one leading space allowed in ``%d``); a match is then a date
# exactly when ``date()`` takes its numbers, as in strptime. A few times faster than it.
_DAY = r"(3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])"
_MONTH = r"(1[0-2]|0[1-9]|[1-9])"
_YEAR = r"(\d\d\d\d)"
_DMY = re.compile(f"{_DAY}/{_MONTH}/{_YEAR}", re.IGNORECASE)
_YMD = re.compile(f"{_YEAR}-{_MONTH}-{_DAY}", re.IGNORECASE)


def _read_date(value: str) -> date | None:
    """``_date`` of a string of at most 64 characters."""
    text = value.strip()
    found = _DMY.fullmatch(text)
    if found is not None:
        day, month, year = found.groups()
    else:
        found = _YMD.fullmatch(text)
        if found is None:
            return None
        year, month, day = found.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:  # a day the month does not have, or year 0
        return None


#: Recent verdicts: the same few dates recur from one document to the next.
_read_date_cached = lru_cache(maxsize=1024)(_read_date)


def _date(value: Any) -> date | None:
    """A documented date (``dd/mm/yyyy``; ISO read too), or ``None``: the format is not judged.

    The same answer as ``strptime(value.strip(), fmt)`` for each format in turn.
    """
    if type(value) is str:
        return _read_date_cached(value) if len(value) <= 64 else None  # noqa: PLR2004
    if isinstance(value, str) and len(value) <= 64:  # noqa: PLR2004
        return _read_date(value)  # a subclass of str: not kept
    return None


def _is_portugal(country: Any) -> bool:
    return isinstance(country, str) and country.strip().casefold() == "portugal"


# Cross checks return a tuple of violations (usually the empty one) rather than yielding
# them: on the fast path, where they run for every valid payload, that spares a generator.
_NONE: tuple[Violation, ...] = ()


def _nif_violation(data: Mapping[str, Any], rule: Rule) -> tuple[Violation, ...]:
    """The Portuguese NIF of a client whose country is Portugal (the server checks only those)."""
    if not _is_portugal(data.get("country")):
        return _NONE
    fiscal_id = data.get("fiscal_id")
    if is_blank(fiscal_id):
        return _NONE
    try:
        _NIF.fn(fiscal_id)
    except Invalid:
        return (Violation(rule, ("fiscal_id",)),)
    return _NONE


def _fails(model: type[Body], value: Any, context: Context | None) -> bool:
    """Whether ``value`` gives ``model`` a finding the caller has not switched off."""
    if not isinstance(value, Mapping):
        return False
    errors: list[Any] = []
    validator(model, API)(value if type(value) is dict else dict(value), context, (), errors)
    ignore = context.ignore if context is not None else frozenset()
    return any(not rule_selected(rule, ignore) for _, rule, _ in errors)


# The rules the cross checks report, looked up once.
_DOCUMENT_CLIENT_NIF = IX["clearance:document-client-fiscal-id-invalid"]
_DUE_BEFORE_DATE = IX["document-due-date-before-date"]
_CLIENT_INVALID = IX["document-client-invalid"]
_ITEMS_INVALID = IX["document-items-invalid"]
_CANCEL_MESSAGE_BLANK = IX["state-cancel-message-blank"]
_CLIENT_NIF = IX["clearance:client-fiscal-id-invalid"]
_CONTACT_INVALID = IX["client-contact-invalid"]
_ROOT_MISSING = IX["clearance:root-missing"]

# -- invoices, estimates and guides: create or update ---------------------------------


class DocumentItem(Body):
    """One of ``<root>.items``."""

    discount: Annotated[Any, IX.param("document-item-discount-not-number", unless_blank(_NUMBER))]
    quantity: Annotated[
        Any,
        IX.param("document-item-quantity-not-positive", unless_blank(number_above(0, comma=True))),
    ]
    unit_price: Annotated[
        Any, IX.param("document-item-unit-price-not-number", unless_blank(_NUMBER))
    ]
    unit: Annotated[Any, IX.param("document-item-unit-not-accepted", _UNIT)]


class DocumentClient(Body):
    """``<root>.client``: an existing client by name or code, or a new one."""

    email: Annotated[Any, IX.param("document-client-email-invalid", _EMAIL)]
    country: Annotated[Any, IX.param("document-country-not-found", _COUNTRY)]

    @IX.cross_check("clearance:document-client-fiscal-id-invalid")
    def _fiscal_id(cls, data: Mapping[str, Any], context: Context | None) -> tuple[Violation, ...]:
        del context
        return _nif_violation(data, _DOCUMENT_CLIENT_NIF)


class Document(Body):
    """An invoice, estimate or guide: ``{"invoice": {...}}``, ``{"quote": {...}}``, ..."""

    retention: Annotated[
        Any,
        IX.param(
            "document-retention-out-of-range", unless_blank(number_between(0, "99.99", comma=True))
        ),
    ]
    client: DocumentClient | None = None
    items: list[DocumentItem] | None = None

    @IX.cross_check("document-due-date-before-date")
    def _due_date(cls, data: Mapping[str, Any], context: Context | None) -> tuple[Violation, ...]:
        del context
        due = _date(data.get("due_date"))
        if due is None:
            return _NONE
        issued = _date(data.get("date"))
        if issued is not None and due < issued:
            return (Violation(_DUE_BEFORE_DATE, ("due_date",)),)
        return _NONE

    @IX.cross_check("document-client-invalid", "document-items-invalid")
    def _companions(cls, data: Mapping[str, Any], context: Context | None) -> tuple[Violation, ...]:
        """The summaries the server puts before a client's or an item's own messages."""
        found = _NONE
        if _fails(DocumentClient, data.get("client"), context):
            found = (Violation(_CLIENT_INVALID, ("client",)),)
        items = data.get("items")
        if isinstance(items, list):
            for item in items:
                if _fails(DocumentItem, item, context):
                    found = (*found, Violation(_ITEMS_INVALID, ("items",)))
                    break
        return found


# -- change state and send by e-mail --------------------------------------------------


class StateChange(Body):
    """Body of ``PUT /<type>/{id}/change-state.json`` under the document's root key."""

    #: For clearance.testing: any state, or a cancellation with its reason.
    SAMPLES: ClassVar[tuple[Mapping[str, Any], ...]] = (
        {},
        {"state": "canceled", "message": "Fatura emitida por engano"},
    )

    state: Annotated[Any, IX.param("state-invalid", _STATE, required="state-invalid")]

    @IX.cross_check("state-cancel-message-blank")
    def _cancel_reason(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> tuple[Violation, ...]:
        del context
        state = data.get("state")
        cancels = isinstance(state, str) and state.strip().casefold() == "canceled"
        if cancels and is_blank(data.get("message")):
            return (Violation(_CANCEL_MESSAGE_BLANK, ("message",)),)
        return _NONE


class EmailClient(Body):
    """``message.client``: the recipient, and whether to save the address on the client."""

    email: Annotated[Any, IX.param("email-client-email-invalid", _EMAILS)]


class EmailMessage(Body):
    """``message`` of ``PUT /<type>/{id}/email-document.json``."""

    client: EmailClient | None = None
    cc: Annotated[Any, IX.param("email-cc-invalid", _EMAILS)]
    bcc: Annotated[Any, IX.param("email-bcc-invalid", _EMAILS)]


# -- clients, items, taxes, sequences, accounts ---------------------------------------


class PreferredContact(Body):
    """``client.preferred_contact``: name, email, phone, mobile."""

    email: Annotated[Any, IX.param("client-preferred-contact-email-invalid", _EMAIL)]


class Client(Body):
    """``client`` of ``POST /clients.json`` and ``PUT /clients/{id}.json``."""

    email: Annotated[Any, IX.param("client-email-invalid", _EMAIL)]
    country: Annotated[Any, IX.param("client-country-not-found", _COUNTRY)]
    send_options: Annotated[
        Any,
        IX.param(
            "client-send-options-not-number", unless_blank(_NUMBER),
            "client-send-options-out-of-range", unless_blank(number_between(1, 3, comma=True)),
        ),
    ]  # fmt: skip
    preferred_contact: PreferredContact | None = None

    @IX.cross_check("clearance:client-fiscal-id-invalid")
    def _fiscal_id(cls, data: Mapping[str, Any], context: Context | None) -> tuple[Violation, ...]:
        del context
        return _nif_violation(data, _CLIENT_NIF)

    @IX.cross_check("client-contact-invalid")
    def _companion(cls, data: Mapping[str, Any], context: Context | None) -> tuple[Violation, ...]:
        if _fails(PreferredContact, data.get("preferred_contact"), context):
            return (Violation(_CONTACT_INVALID, ("preferred_contact",)),)
        return _NONE


class Item(Body):
    """``item`` of ``POST /items.json``."""

    unit_price: Annotated[
        Any,
        IX.param(
            "item-unit-price-blank", present(), "item-unit-price-not-number", _NUMBER,
            required="item-unit-price-blank",
        ),
    ]  # fmt: skip
    unit: Annotated[Any, IX.param("item-unit-not-accepted", _UNIT)]


ItemUpdate = partial(Item, "ItemUpdate", "``item`` of ``PUT /items/{id}.json``: changes only.")


class Tax(Body):
    """``tax`` of ``POST /taxes.json``."""

    value: Annotated[
        Any,
        IX.param(
            "tax-value-blank", present(),
            "tax-value-out-of-range", number_between(0, "99.99", comma=True),
            required="tax-value-blank",
        ),
    ]  # fmt: skip
    region: Annotated[
        Any,
        IX.param(
            "tax-region-empty", present(), "tax-region-invalid", _TAX_REGION,
            required="tax-region-empty",
        ),
    ]  # fmt: skip


TaxUpdate = partial(Tax, "TaxUpdate", "``tax`` of ``PUT /taxes/{id}.json``: changes only.")


class Sequence(Body):
    """``sequence`` of ``POST /sequences.json`` (``serie``, ``default_sequence``)."""


class Account(Body):
    """``account`` of the account endpoints (create, create for an existing user, update)."""

    email: Annotated[Any, IX.param("account-email-invalid", _EMAIL)]
    postal_code: Annotated[Any, IX.param("account-postal-code-format", _POSTAL_CODE)]
    terms: Annotated[Any, IX.param("account-terms-not-accepted", _TERMS)]


class SaftQuery(Body):
    """Query of ``GET /api/export_saft.json`` (``month``, ``year``)."""

    month: Annotated[Any, IX.param("saft-month-missing", present(), required="saft-month-missing")]


# -- root keys ------------------------------------------------------------------------


class Wrapped(Body):
    """A body that wraps its resource in a root key; ``ROOTS`` are the keys it may use."""

    ROOTS: ClassVar[tuple[str, ...]] = ()

    @IX.cross_check("clearance:root-missing")
    def _root(cls, data: Mapping[str, Any], context: Context | None) -> tuple[Violation, ...]:
        del context
        for root in cls.ROOTS:
            if data.get(root) is not None:
                return _NONE
        return (Violation(_ROOT_MISSING, (cls.ROOTS[0],), {"root": cls.ROOTS[0]}),)


def wrapped(name: str, inner: type[Body], roots: tuple[str, ...], doc: str) -> type[Wrapped]:
    """The body ``{"<root>": <inner>}``, one optional field per accepted root key."""
    fields: dict[str, Any] = dict.fromkeys(roots, (inner | None, None))
    model: type[Wrapped] = create_model(
        name, __base__=Wrapped, __doc__=doc, __module__=__name__, **fields
    )
    model.ROOTS = roots
    return model


def _camel(words: str) -> str:
    return "".join(part.capitalize() for part in words.split("_"))


# -- the endpoint table ---------------------------------------------------------------


def _document_endpoints() -> Iterator[Endpoint]:
    message = wrapped("EmailRequest", EmailMessage, ("message",), '``{"message": {...}}``')
    for kind, roots in DOCUMENT_ROOTS.items():
        body = wrapped(f"{_camel(kind)}Request", Document, roots, f"Body of ``/{kind}.json``.")
        state = wrapped(
            f"{_camel(kind)}StateRequest",
            StateChange,
            roots,
            f"Body of ``/{kind}/{{id}}/change-state.json``.",
        )
        yield Endpoint(f"POST /{kind}.json", body)
        yield Endpoint(f"PUT /{kind}/{{id}}.json", body)
        yield Endpoint(f"PUT /{kind}/{{id}}/change-state.json", state)
        yield Endpoint(f"PUT /{kind}/{{id}}/email-document.json", message)


_CLIENT = wrapped("ClientRequest", Client, ("client",), '``{"client": {...}}``')
_ACCOUNT = wrapped("AccountRequest", Account, ("account",), '``{"account": {...}}``')

ENDPOINTS: tuple[Endpoint, ...] = (
    *_document_endpoints(),
    Endpoint("POST /clients.json", _CLIENT),
    Endpoint("PUT /clients/{id}.json", _CLIENT),
    Endpoint("POST /items.json", wrapped("ItemRequest", Item, ("item",), '``{"item": {...}}``')),
    Endpoint(
        "PUT /items/{id}.json",
        wrapped("ItemUpdateRequest", ItemUpdate, ("item",), '``{"item": {...}}``, changes only.'),
    ),
    Endpoint("POST /taxes.json", wrapped("TaxRequest", Tax, ("tax",), '``{"tax": {...}}``')),
    Endpoint(
        "PUT /taxes/{id}.json",
        wrapped("TaxUpdateRequest", TaxUpdate, ("tax",), '``{"tax": {...}}``, changes only.'),
    ),
    Endpoint(
        "POST /sequences.json",
        wrapped("SequenceRequest", Sequence, ("sequence",), '``{"sequence": {...}}``'),
    ),
    Endpoint("POST /api/accounts/create.json", _ACCOUNT),
    Endpoint("POST /api/accounts/create_already_user.json", _ACCOUNT),
    Endpoint("PUT /api/accounts/{account_id}/update.json", _ACCOUNT),
    Endpoint("GET /api/export_saft.json", SaftQuery),
)

API = InvoiceXpress(ENDPOINTS)
