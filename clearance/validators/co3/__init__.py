"""co3 (co3app.com) API (Hungarian CRM/ERP): XML commands, or the same in JSON.

Every call is an HTTP POST to a plugin URL (``https://co3app.com/api/crm``, ``/finance``,
``/product``, ``/authenticate``) whose body names the method::

    <command><getContact><api_key>...</api_key><session_key>...</session_key>
        <contact_id>21</contact_id></getContact></command>

or ``{"command": {"getContact": {...}}}``. The method name is the endpoint id. The server
answers one error, ``<response><error><code>N</code><description>...</description>
</error></response>``, in the notation of the request.

Pointers name elements the same way in both notations, the root as ``command`` whatever
its name: ``/command/getContact/contact_id``. A body that names another method than the
endpoint asked for gets 3 (Invalid command) at ``/command/<that method>``: the server would
run that other method, or refuse it on another plugin's URL. A parameter that is empty
(white space, ``<x/>``, ``null``, ``{}``) counts as not set: a required one is missing (4),
an optional one is not judged. Several messages end with a
colon; the server completes them (field name, value, list of valid values) in a format
the documentation does not show, and clearance completes them as its catalog notes say.

More information:

* https://learn.co3app.com/en/api/overview
* https://learn.co3app.com/en/api/error-handling
* ``shared/api-notes/co3.md`` in the project's research notes
"""

import dataclasses
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, ClassVar
from urllib.parse import SplitResult

from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from clearance import _json
from clearance.api import Api, Endpoint, Headers
from clearance.catalog import load_catalog
from clearance.compiler import validator
from clearance.errors import UnknownEndpointError
from clearance.fields import SPACE, Check, Inline, Invalid, as_text, email, nonzero, number
from clearance.fields.identifiers import vat
from clearance.fields.xmltext import (
    as_whole,
    calendar_date,
    each,
    flag,
    iso_currency,
    iso_date,
    locale_name,
    md5_hex,
    not_negative,
    percentage,
    trimmed,
    whole_number,
    word_in,
)
from clearance.model import Body, Codes, Violation, display
from clearance.report import Context, Finding, Location
from clearance.validators.co3 import _document

__all__ = ["API", "ENDPOINTS", "PLUGINS"]

K = Codes(load_catalog("co3"))

#: The methods each plugin URL serves (path below ``/api``) [DOC: the PHP samples].
PLUGINS: Mapping[str, tuple[str, ...]] = {
    "/authenticate": ("authenticate",),
    "/crm": ("getContact", "getContacts", "getHistoryTypes", "setContact", "setHistory"),
    "/finance": ("getInvoices", "getInvoice", "setInvoice"),
    "/product": ("getProduct", "setProduct"),
}

#: The endpoint a document that names no known method is checked as (by ``identify``):
#: any method gives the same finding (1, 2 or 3) for such a document.
FALLBACK_METHOD = "authenticate"

#: How the server completes messages that end with a colon or "in field" [INF]: the
#: field's name, the value given, or a fixed list. (21 lists the documented currencies;
#: where the account's own list refuses a currency, ``SetInvoice._currency`` lists those.)
_FIELD, _VALUE = "field", "value"
#: The currencies the documentation lists: "if you need other please contact us" [DOC].
INVOICE_CURRENCIES = ("USD", "GBP", "EUR", "HUF")
COMPLETION: Mapping[str, str | tuple[str, ...]] = {
    "12": _FIELD,
    "13": _FIELD,
    "14": _FIELD,
    "15": _FIELD,
    "16": _FIELD,
    "17": _FIELD,
    "19": _FIELD,
    "23": _FIELD,
    "21": INVOICE_CURRENCIES,
    "308": _VALUE,
    "409": _VALUE,
    "410": _VALUE,
}


def _complete(message: str, suffix: str) -> str:
    """``"<message> <suffix>"`` after a colon or "in field", else ``"<message>: <suffix>"``.

    >>> _complete("Date format error in field", "date_from")
    'Date format error in field date_from'
    >>> _complete("The following field must be 0 or 1", "action")
    'The following field must be 0 or 1: action'
    """
    if message.endswith((":", "in field")):
        return f"{message} {suffix}"
    return f"{message}: {suffix}"


def _at(value: Any, pointer: str) -> Any:
    """The value at a JSON pointer, or ``None``."""
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, Mapping):
            value = value.get(key)
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return None
    return value


class Co3(Api):
    """co3: host ``co3app.com``, plugin URLs under ``/api``, the method named in the body."""

    name = "co3"
    host = re.compile(r"(?:www\.)?co3app\.com")
    base_path = "/api"
    malformed_rule = "2"
    #: A body that is not an object holds no command (3 at ``/command``).
    non_object_is_empty = True
    empty_rule = "1"
    transport_rules = ("3", "11")

    # -- reading ----------------------------------------------------------------------

    def parse(self, raw: str | bytes, endpoint: Endpoint) -> Any:
        """XML (``<`` first) or JSON; a DTD, entity or syntax error is code 2, empty is 1."""
        del endpoint
        return _document.read(raw)

    def form_of(self, payload: Any) -> str:
        """``"xml"`` for a raw XML (or empty) body, ``"json"`` for JSON and parsed values."""
        if isinstance(payload, bytearray | memoryview):
            payload = bytes(payload)
        if isinstance(payload, str | bytes):
            return "json" if _document.notation(payload) == _document.JSON else "xml"
        return "json"

    def identify(self, raw: bytes) -> str | None:
        """The method a co3 document names, so that files need no ``--endpoint``.

        Any XML body, and a JSON object with a ``command`` member, is a co3 document; one
        that names no documented method (or is not well-formed) is checked as
        :data:`FALLBACK_METHOD`, which reports the server's 2 or 3 all the same.
        """
        name = _document.method_named(raw)
        if name is None:
            return None
        return name if name in self.endpoints else FALLBACK_METHOD

    def locate(self, text: str, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Positions of elements (XML: the ``<`` of the start tag) or JSON values."""
        if _document.notation(text) == _document.JSON:
            return _json.locate(text, pointers)
        return _document.locate(text, pointers)

    def match_request(self, method: str, path: str, body: Any) -> tuple[Endpoint, dict[str, str]]:
        """The method named in the body; the URL must be one of the plugin URLs.

        A body that names no documented method is checked as the plugin's first method
        (the finding is 1, 2 or 3 whichever it is).
        """
        plugin = PLUGINS.get(path.rstrip("/") or "/")
        if plugin is None:
            raise UnknownEndpointError(self.name, f"{method} {path}", self.endpoints)
        name: str | None = None
        if isinstance(body, bytearray | memoryview):
            body = bytes(body)
        if isinstance(body, str):
            body = body.encode("utf-8", "replace")
        if isinstance(body, bytes):
            name = _document.method_named(body)
        else:
            name = _document.method_of(body)
        return self.endpoints.get(name or "", self.endpoints[plugin[0]]), {}

    def transport(
        self, endpoint: Endpoint, url: SplitResult, headers: Headers, path_params: Mapping[str, str]
    ) -> list[Finding]:
        """11 for a URL that is not HTTPS; 3 for a method the URL's plugin does not serve."""
        del headers, path_params
        findings: list[Finding] = []
        if url.scheme.lower() != "https":
            findings.append(self.finding("11", location=Location.URL))
        path = url.path.removeprefix(self.base_path).rstrip("/")
        if endpoint.id not in PLUGINS.get(path, ()):
            findings.append(self.finding("3", location=Location.URL))
        return findings

    # -- answering --------------------------------------------------------------------

    def word(self, finding: Finding, payload: Any, context: Context | None) -> Finding:
        """The message completed as the server completes it (a field, a value) [INF].

        21 lists the account's currencies where the caller gave them
        (``Account.co3_currencies``), else the documented ones.
        """
        how = COMPLETION.get(finding.rule.key)
        if how is None or finding.pointer is None:
            return finding
        if finding.rule.key == "21":
            listed = context.account.co3_currencies if context is not None else None
            suffix = ", ".join(listed or INVOICE_CURRENCIES)
        elif isinstance(how, tuple):
            suffix = ", ".join(how)
        elif how == _FIELD:
            suffix = finding.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        else:
            given = _at(payload, finding.pointer)
            suffix = display(given).strip() if isinstance(given, str) else display(given)
        # Finding(...) rather than dataclasses.replace, which costs a microsecond a finding
        # (test_co3 fails when Finding gains a field this would drop).
        message = _complete(finding.message, suffix)
        return Finding(
            finding.code, message, finding.status, finding.pointer, finding.rule, finding.location
        )


# -- checks -------------------------------------------------------------------------------
#
# The cross checks below return their violations (a tuple) rather than yield them: the
# fast path calls each for every valid payload, and a generator costs more than the test.

_WHOLE = each(whole_number())
_NUMBER = each(number(comma=True))  # a decimal comma passes: Hungarian writes one [INF]
#: Texts that certainly read (to_decimal, a decimal comma too) as a finite number.
_NUMBER_TEXT = re.compile(r"[ \t\r\n]{0,8}[+-]?\d{1,30}(?:[.,]\d{0,30})?[ \t\r\n]{0,8}")


def _passing_on(check: Check, inline: Inline) -> Check:
    """``check``, passing on the value it was given rather than the one it returns.

    For a number that the next step reads again: percentage() and not_negative() read
    any value with to_decimal(comma=True), as number(comma=True) does, so they judge
    the value as they judge its Decimal. The fast path can then skip both steps where
    their shortcuts hold (``inline``: where ``check`` certainly passes).
    """

    def run(value: Any) -> Any:
        check.fn(value)
        return value

    return dataclasses.replace(check, fn=run, inline=inline)


#: A number, passed on as it is, for a check that reads it again (see _passing_on).
_NUMBER_AS_IS = each(
    _passing_on(
        number(comma=True),
        Inline(
            "type({v}) is int or (type({v}) is str and {text}.fullmatch({v}) is not None)"
            " or (type({v}) is float and {v} - {v} == 0)"
            " or (type({v}) is {Decimal} and {v}.is_finite())",
            {"text": _NUMBER_TEXT, "Decimal": Decimal},
            same=True,
        ),
    )
)
_DATE = each(iso_date())
_FLAG = each(flag())
_PERCENT = each(percentage())
_NOT_NEGATIVE = each(not_negative())
_NONZERO = each(nonzero())
_CRDR = each(word_in(("received", "outgoing", "advance in", "advance out")))
_PAYMENT_METHOD = each(
    word_in(("transfer", "cash", "bankcard", "cheque", "other", "c.o.d.", "direct debit"))
)
_ANY_CURRENCY = each(iso_currency())
_ISO_CURRENCY = iso_currency()
_CURRENCY = K["21"]


def _is_currency(value: Any) -> bool:
    """Whether ``value`` is an ISO 4217 currency code, as the field's check reads it."""
    try:
        _ISO_CURRENCY.fn(value)
    except Invalid:
        return False
    return True


_LANGUAGE = each(locale_name())
_EMAIL = each(trimmed(email()))  # pretty-printed XML: white space around is not judged
_MD5 = md5_hex()


def _product_type(value: Any) -> Any:
    if as_whole(value) not in {1, 3}:
        raise Invalid("not 1 (normal) or 3 (voucher)")
    return value


#: Texts as_whole() may read as 1 or 3 (``" 3 "``, ``"+03.0"``); any script's digits are
#: digits to it, so a character beyond ASCII may be one (JSON Schema's ``\d`` is 0-9 alone).
_PRODUCT_TYPE_TEXT = (
    rf"^{SPACE}*\+?[^\x00-\x2f\x31-\x7f]*[^\x00-\x30\x32\x34-\x7f](?:\.0*)?{SPACE}*$"
)

_PRODUCT_TYPE = each(
    Check(
        "product_type",
        _product_type,
        {"anyOf": [{"enum": [1, 3, "1", "3"]}, {"type": "string", "pattern": _PRODUCT_TYPE_TEXT}]},
        examples=(1, 3, "1", " 3 "),
        inline=Inline(
            "(type({v}) is int or type({v}) is str) and {v} in {types}",
            {"types": frozenset({1, 3, "1", "3"})},
            same=True,
        ),
    )
)

_EU_PREFIXES = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GR", "HR",
        "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI",
    }
)  # fmt: skip
_HUNGARIAN = vat("hu")
_EU_VAT = vat()


_SEPARATORS = re.compile(r"[\s.\-/]")
_TAX_NUMBER = re.compile(r"\d{11}")
_ANUM = re.compile(r"\d{8}")


def _vat_number(value: Any) -> Any:
    """A Hungarian or EU VAT number; a number in any other form is not judged."""
    shown = as_text(value)
    if shown is None:
        return value
    compact = _SEPARATORS.sub("", shown).upper()
    if _TAX_NUMBER.fullmatch(compact):  # the tax number 12345678-1-23 without dashes
        _HUNGARIAN(f"{compact[:8]}-{compact[8]}-{compact[9:]}")
    elif _ANUM.fullmatch(compact) or compact.startswith("HU"):
        _HUNGARIAN(compact)
    elif compact[:2] in _EU_PREFIXES:
        _EU_VAT(compact)
    return value


@lru_cache(maxsize=1024)
def _vat_passes(text: str) -> bool:
    """Whether :func:`_vat_number` passes a text (memoized: python-stdnum is slow)."""
    try:
        _vat_number(text)
    except Invalid:
        return False
    return True


_VAT = each(
    Check(
        "vat_hu_or_eu",
        _vat_number,
        # Any JSON value may pass: numbers and texts are judged by checksums no schema
        # spells, the other types not at all. Only the examples, for editors to offer.
        {"examples": ["12892312-2-41", "HU12892312", "ATU13585627"]},
        examples=("12892312-2-41", "12892312241", "12892312", "HU12892312", "ATU13585627"),
        inline=Inline(
            "type({v}) is str and len({v}) <= 64 and {passes}({v})",
            {"passes": _vat_passes},
            same=True,
        ),
    )
)


def _blank(value: Any) -> bool:
    """Not set: null, white space, or nothing inside (``<x/>``, ``{}``, ``[]``)."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, Mapping | list) and not value)


# -- the parameters of each method ------------------------------------------------------


class Credentials(Body):
    """``api_key`` and ``session_key``: every method but ``authenticate`` [DOC]."""

    api_key: Annotated[str, K.param(required="4")]
    session_key: Annotated[str, K.param(required="4")]


class Authenticate(Body):
    """``authenticate``: the response is a session key valid for 5 minutes."""

    api_key: Annotated[str, K.param(required="4")]
    username: Annotated[str, K.param(required="4")]
    password: Annotated[
        str, K.param("clearance:password-not-md5", _MD5, required="4")
    ]  # "The password must be MD5 hashed!" [DOC]


class GetContact(Credentials):
    """``getContact``: one contact by id."""

    contact_id: Annotated[int, K.param("13", _WHOLE, required="4")]  # [DOC] sample: 21


class GetContacts(Credentials):
    """``getContacts``: every contact's id and name."""


class GetHistoryTypes(Credentials):
    """``getHistoryTypes``: the possible contact history types."""


_NAMELESS, _PAID_BEFORE_ISSUE = K["206"], K["306"]


class SetContact(Credentials):
    """``setContact``: create a contact (no ``contact_id``, or 0) or change one."""

    NAMES: ClassVar[tuple[str, ...]] = ("contact_lastname", "contact_firstname", "contact_firm")

    contact_id: Annotated[int, K.param("13", _WHOLE)]  # [INF] tag
    contact_lastname: Annotated[str, K.param()]  # [DOC] tags, from 206
    contact_firstname: Annotated[str, K.param()]
    contact_firm: Annotated[str, K.param()]
    contact_owner: Annotated[str, K.param()]  # 203: a user of the account [DOC]
    contact_categories: Annotated[str, K.param()]  # 204: the account's own [DOC]
    contact_email: Annotated[str, K.param("22", _EMAIL)]  # [INF] tag
    contact_vat: Annotated[str, K.param("20", _VAT)]  # [INF] tag

    @K.cross_check("206")
    def _new_contact_has_a_name(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        del context
        contact_id = data.get("contact_id")
        if not (_blank(contact_id) or as_whole(contact_id) == 0):
            return ()  # a change of a known contact
        for name in cls.NAMES:
            if not _blank(data.get(name)):
                return ()  # it has a name
        return (Violation(_NAMELESS, ("contact_lastname",)),)


class SetHistory(Credentials):
    """``setHistory``: a history entry of a contact (parameters not documented)."""

    contact_id: Annotated[int, K.param("13", _WHOLE)]  # [INF] tag


class GetInvoices(Credentials):
    """``getInvoices``: invoice headers of a period."""

    date_from: Annotated[str, K.param("12", _DATE, required="4")]  # required, YYYY-MM-DD [DOC]
    date_to: Annotated[str, K.param("12", _DATE, required="4")]


class GetInvoice(Credentials):
    """``getInvoice``: one invoice, head and item rows, by id."""

    invoice_id: Annotated[int, K.param("13", _WHOLE, required="4")]  # [DOC] sample: 76


class SetInvoice(Credentials):
    """``setInvoice``: a new invoice, its header and then any number of item rows.

    The header values are documented [DOC]; the date tags are clearance's guess [INF].
    Item rows and custom fields (tags named after the account's custom fields) are not
    documented closely enough to check.
    """

    crdr: Annotated[str, K.param("302", _CRDR)]
    method: Annotated[str, K.param("303", _PAYMENT_METHOD)]
    contact_id: Annotated[int, K.param("13", _WHOLE)]
    # 21: any ISO 4217 code passes here (an account may have any currency enabled on
    # request); _currency refuses the codes the account's own list leaves out.
    currency: Annotated[str, K.param("21", _ANY_CURRENCY)]
    fx_rate: Annotated[Decimal, K.param("14", _NUMBER, "15", _NONZERO)]
    language: Annotated[str, K.param("308", _LANGUAGE)]
    storno_id: Annotated[int, K.param("13", _WHOLE)]  # [DOC] tag, from 307
    issue_date: Annotated[str, K.param("12", _DATE)]  # [INF] tag
    fulfillment_date: Annotated[str, K.param("12", _DATE)]  # [INF] tag
    payment_date: Annotated[str, K.param("12", _DATE)]  # [INF] tag

    @K.cross_check("21")
    def _currency(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        """21: a currency the account does not have (``Account.co3_currencies``).

        Only a code the field's check passes (an ISO 4217 currency) is judged here: any
        other is refused there already.
        """
        listed = context.account.co3_currencies if context is not None else None
        value = data.get("currency")
        if listed is None or value is None:
            return ()
        for item in value if isinstance(value, list) else (value,):
            if _is_currency(item) and item.strip().upper() not in listed:
                return (Violation(_CURRENCY, ("currency",)),)
        return ()

    @K.cross_check("306")
    def _paid_after_issue(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        del context
        paid = calendar_date(data.get("payment_date"))  # mostly not given: looked at first
        if paid is None:
            return ()
        issued = calendar_date(data.get("issue_date"))
        if issued is not None and paid < issued:
            return (Violation(_PAID_BEFORE_ISSUE, ("payment_date",)),)
        return ()


class GetProduct(Credentials):
    """``getProduct``: products matching a filter (``%`` wildcards; at most 1000)."""

    filter: Annotated[str, K.param(required="4")]  # required [DOC]


#: Keys under ``collective_product`` whose values are part product ids [INF].
_PART_ID_KEYS = frozenset({"id", "product_id", "product", "part_id", "part"})


_ID_SEPARATORS = re.compile(r"[,;\s]+")


def _part_ids(value: Any) -> set[int]:  # noqa: C901 - JSON's types, then any others
    """The product ids listed in ``collective_product``, whatever its shape [INF]."""
    ids: set[int] = set()
    stack: list[tuple[Any, bool]] = [(value, True)]
    push = stack.append
    while stack:
        item, counts = stack.pop()
        kind = type(item)  # JSON's own types first, each as the general case takes it
        if kind is int and 0 <= item < _SHORT_ID:
            if counts:
                ids.add(item)  # its text is one run of at most 18 digits: itself
        elif kind is str:
            if counts:
                ids |= _ids_in(item)
        elif kind is dict:
            for key, sub in item.items():
                push((sub, key in _PART_ID_KEYS))
        elif kind is list:
            for sub in item:
                push((sub, counts))
        elif isinstance(item, Mapping):
            stack.extend((sub, key in _PART_ID_KEYS) for key, sub in item.items())
        elif isinstance(item, list):
            stack.extend((sub, counts) for sub in item)
        elif counts and (shown := as_text(item)) is not None:
            ids |= _ids_in(shown)
    return ids


_SHORT_ID = 10**18  # ids have at most 18 digits [INF]


def _ids_in(text: str) -> set[int]:
    """The ids in a text: runs of decimal digits (as int() reads them), at most 18."""
    return {int(t) for t in _ID_SEPARATORS.split(text) if t.isdecimal() and len(t) < 19}  # noqa: PLR2004


_CONTAINS_ITSELF = K["406"]


class SetProduct(Credentials):
    """``setProduct``: create (``id`` 0) or change a product; ``takein_`` tags take stock in."""

    id: Annotated[int, K.param("13", _WHOLE)]  # 0: a new product [DOC]
    action: Annotated[int, K.param("23", _FLAG)]  # 0 or 1 [DOC]
    service: Annotated[int, K.param("23", _FLAG)]  # 0 product, 1 service [DOC]
    discount1: Annotated[float, K.param("14", _NUMBER_AS_IS, "17", _PERCENT)]  # a percentage [DOC]
    discount2: Annotated[float, K.param("14", _NUMBER_AS_IS, "17", _PERCENT)]
    discount3: Annotated[float, K.param("14", _NUMBER_AS_IS, "17", _PERCENT)]
    currency: Annotated[str, K.param("409", _ANY_CURRENCY)]  # [INF] tag
    takein_quantity: Annotated[float, K.param("14", _NUMBER_AS_IS, "16", _NOT_NEGATIVE)]
    takein_contact_id: Annotated[int, K.param("13", _WHOLE)]
    takein_product_type: Annotated[int, K.param("404", _PRODUCT_TYPE)]  # 1 or 3 [DOC]
    # The first voucher number: no type or format is documented, so any value passes (19 is
    # not enforced: see the catalog).
    takein_start_serial_number: Annotated[str, K.param()]
    takein_currency: Annotated[str, K.param("410", _ANY_CURRENCY)]  # [INF] tag
    collective_product: Annotated[str, K.param()]  # the part products [DOC]

    @K.cross_check("406")
    def _not_a_part_of_itself(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        del context
        parts = data.get("collective_product")
        if parts is None:
            return ()  # no parts: nothing to contain the product itself
        own = as_whole(data.get("id"))
        if own and own in _part_ids(parts):
            return (Violation(_CONTAINS_ITSELF, ("collective_product",)),)
        return ()


# -- the command envelope ---------------------------------------------------------------

_INVALID_COMMAND = K["3"]


class Command(Body):
    """A request body, ``{"command": {<method>: {parameters}}}``; subclasses set the method."""

    METHOD: ClassVar[str] = ""
    PARAMETERS: ClassVar[type[Body]] = Body

    command: Any = None

    @K.cross_check("3")
    def _method(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        command = data.get("command")
        if not (type(command) is dict or isinstance(command, Mapping)) or not command:
            return (Violation(_INVALID_COMMAND, ("command",)),)
        name, parameters = next(iter(command.items()))
        if name != cls.METHOD:
            return (Violation(_INVALID_COMMAND, ("command", name)),)
        return _parameter_violations(cls.PARAMETERS, name, parameters, context)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The envelope around the method's parameters."""
        del schema, handler
        parameters = _blank_when_optional(cls.PARAMETERS.model_json_schema())
        method = {"type": "object", "properties": {cls.METHOD: parameters}}
        return {
            "type": "object",
            "title": cls.__name__,
            "properties": {"command": {**method, "required": [cls.METHOD]}},
            "required": ["command"],
        }


#: A value that counts as not set (see _blank): null, white space, ``{}`` (``[]`` passes
#: every check that takes a list of values).
_BLANK: tuple[dict[str, Any], ...] = (
    {"type": "null"},
    {"type": "string", "pattern": f"^{SPACE}*$"},
    {"type": "object", "maxProperties": 0},
)


def _blank_when_optional(schema: dict[str, Any]) -> dict[str, Any]:
    """Let every optional parameter be blank: the server reads ``<x/>`` as not set.

    >>> blank = _blank_when_optional({"properties": {"a": {"title": "A", "type": "integer"}}})
    >>> blank["properties"]["a"]["anyOf"][:2]
    [{'type': 'integer'}, {'type': 'null'}]
    """
    required = set(schema.get("required", ()))
    properties = {}
    for name, prop in schema.get("properties", {}).items():
        rest = {k: v for k, v in prop.items() if k not in {"title", "description"}}
        if name in required or not rest:  # required, or any value at all
            properties[name] = prop
            continue
        outer = {k: v for k, v in prop.items() if k in {"title", "description"}}
        properties[name] = {**outer, "anyOf": [rest, *_BLANK]}
    return {**schema, "properties": properties} if properties else schema


def _parameter_violations(
    model: type[Body], name: str, parameters: Any, context: Context | None
) -> tuple[Violation, ...]:
    """Validate a method's parameters; an empty or white-space value counts as not set.

    What the method's compiled validator finds, in its order, each at
    ``/command/<name>/...``.
    """
    errors: list[Any] = []
    validator(model, API)(_cleaned(parameters), context, (), errors)
    return tuple(
        Violation(rule, ("command", name, *loc), {"field": loc[-1] if loc else name})
        for loc, rule, _ in errors
    )


def _cleaned(parameters: Any) -> dict[Any, Any]:
    """The parameters with every blank value as ``None``: a dict that is, itself when it can.

    >>> _cleaned({"a": " ", "b": 1}), _cleaned("text")
    ({'a': None, 'b': 1}, {})
    """
    if type(parameters) is dict:
        for value in parameters.values():
            if type(value) is str:
                if not value.strip():
                    break
            elif type(value) is not int and (value is None or _blank(value)):
                break
        else:
            return parameters  # nothing to clear (the common case): no copy
    elif not isinstance(parameters, Mapping):
        return {}  # <getContacts/> or text only: no parameters
    return {key: None if _blank(value) else value for key, value in parameters.items()}


def _request(method: str, parameters: type[Body]) -> type[Command]:
    """The request model of ``method``."""
    title = method[0].upper() + method[1:] + "Request"
    doc = f"Body of ``{method}``: ``{{'command': {{'{method}': {{...}}}}}}`` or its XML."
    namespace = {
        "METHOD": method,
        "PARAMETERS": parameters,
        "__clearance_envelope__": (("command", method), parameters),  # for clearance.testing
        "__module__": __name__,
        "__doc__": doc,
    }
    return type(title, (Command,), namespace)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("authenticate", _request("authenticate", Authenticate), auth=False, payload="body"),
    Endpoint("getContact", _request("getContact", GetContact), payload="body"),
    Endpoint("getContacts", _request("getContacts", GetContacts), payload="body"),
    Endpoint("getHistoryTypes", _request("getHistoryTypes", GetHistoryTypes), payload="body"),
    Endpoint("setContact", _request("setContact", SetContact), payload="body"),
    Endpoint("setHistory", _request("setHistory", SetHistory), payload="body"),
    Endpoint("getInvoices", _request("getInvoices", GetInvoices), payload="body"),
    Endpoint("getInvoice", _request("getInvoice", GetInvoice), payload="body"),
    Endpoint("setInvoice", _request("setInvoice", SetInvoice), payload="body"),
    Endpoint("getProduct", _request("getProduct", GetProduct), payload="body"),
    Endpoint("setProduct", _request("setProduct", SetProduct), payload="body"),
)

API = Co3(ENDPOINTS)
