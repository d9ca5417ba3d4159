"""What every Fortnox entity shares: the codes, the field kinds and the base model.

Field kinds bind the neutral checks of :mod:`clearance.fields` to Fortnox's codes:

* text: the character set of the formats page (2000359), then a length that only warns
  (``clearance:too-long``: the server is not known to refuse over-long values);
* numbers (2000108) and booleans (2000134), an empty string counting as not set, and
  ranges that only warn (``clearance:out-of-range``);
* enumerations, dates and e-mail addresses, whose codes Fortnox does not document
  (clearance's own keys).

Unknown keys are 2001399 ("Felaktigt fältnamn"), checked by :class:`Entity` against the
names of its schema (``__clearance_names__``, read-only ones included) and the read-only
fields it lists.
"""

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, ClassVar

from clearance.catalog import load_catalog
from clearance.fields import (
    Alphabet,
    Check,
    Inline,
    Invalid,
    Kind,
    Traits,
    any_case,
    date_format,
    email,
    number,
    schema_pattern,
)
from clearance.fields.identifiers import vat
from clearance.fields.ranges import PLAIN_NUMBER, at_most, between, blank_passes, printed
from clearance.model import Body, Codes, Param, Violation
from clearance.report import Context
from clearance.specmodels import Overlay

__all__ = [
    "ANY",
    "API_BLANK",
    "BOOL",
    "DATE",
    "HOUSEWORK_TYPES",
    "NUMBER",
    "TEXT",
    "Entity",
    "K",
    "code",
    "emails",
    "entity",
    "enum",
    "number_in",
    "outbound_not_after_today",
    "present",
    "text",
]

K = Codes(load_catalog("fortnox"))

# -- neutral checks read the Fortnox way ----------------------------------------------

#: Characters the formats page allows besides letters (\p{L}) and the digits 0-9 [DOC].
#: The ASCII apostrophe is added: the page shows only the typographic one, which may be
#: a rendering of it [INF].
_ALLOWED_EXTRA = frozenset(
    " \u2013:.`\u00b4\u2019',;^\u00a4#%\u00a7\u00a3$\u20ac\u00a2\u00a5\u00a9\u2122\u00b0&/()=+-*_!?"
    "\u00b2\u00b3\u00ae\u00bd@\\\u0308\u030a\u00a0\n\r"
)


def _allowed_character(char: str) -> bool:
    return char.isalpha() or "0" <= char <= "9" or char in _ALLOWED_EXTRA


def _without_refused_ascii(allowed: Callable[[str], bool]) -> str:
    r"""A JSON Schema pattern: text without the ASCII characters ``allowed`` refuses.

    Characters outside ASCII all pass it (a pattern cannot name Python's letters), so it
    takes every text the check takes, and more: it flags only the ASCII it refuses.

    >>> print(_without_refused_ascii(str.isalnum))
    ^[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]*$
    """
    refused = [code for code in range(128) if not allowed(chr(code))]
    runs: list[list[int]] = []
    for code in refused:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    spelled = (
        f"\\x{low:02x}" if low == high else f"\\x{low:02x}-\\x{high:02x}" for low, high in runs
    )
    return f"^[^{''.join(spelled)}]*$"


# The character set, read without a Python loop per character (same verdicts as
# :func:`_allowed_character` on every character; ``tests/test_fortnox.py`` checks it):
#: everything but the letters, deleted by ``str.translate``: what is left must be letters;
_NOT_LETTERS = dict.fromkeys(map(ord, _ALLOWED_EXTRA | set("0123456789")))
#: the allowed ASCII characters, deleted by ``bytes.translate`` from an ASCII text;
_ASCII_ALLOWED = bytes(c for c in range(128) if _allowed_character(chr(c)))
#: the allowed characters up to U+024F (Latin) and the extras: a quick yes for most texts.
_LATIN_ALLOWED = re.compile(
    "["
    + "".join(
        re.escape(c)
        for c in sorted({chr(c) for c in range(0x250)} | _ALLOWED_EXTRA)
        if _allowed_character(c)
    )
    + "]*"
)


def _charset(value: Any) -> Any:
    """Text in the formats page's character set; other JSON types are not judged.

    >>> _charset("Räksmörgås AB, 5 st à 12,50 €")
    'Räksmörgås AB, 5 st à 12,50 €'
    >>> _charset('Skruv 3"')
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: character '"' is not allowed
    """
    shown = printed(value)
    if shown is not None:
        rest = shown.translate(_NOT_LETTERS)
        if rest and not rest.isalpha():
            for char in shown:
                if not _allowed_character(char):
                    raise Invalid(f"character {char!r} is not allowed")
    return value


#: Where this holds, :func:`_charset` passes the value unchanged.
_CHARSET_INLINE = Inline(
    "type({v}) is str and (({v}.isascii() and not {v}.encode().translate(None, {ascii}))"
    " or {latin}.fullmatch({v}) is not None)",
    {"ascii": _ASCII_ALLOWED, "latin": _LATIN_ALLOWED},
    same=True,
)
#: ``letters``/``digits``/``others``: the character set, for generated payloads.
#: Its schema: a number passes (printed, it is digits, sign and point), as does any
#: other JSON type; text must not hold an ASCII character outside the set.
CHARSET = Check(
    "fortnox_charset",
    _charset,
    {"pattern": _without_refused_ascii(_allowed_character)},
    Traits(
        Kind.TEXT,
        alphabet=Alphabet(letters=True, digits=True, others="".join(sorted(_ALLOWED_EXTRA))),
    ),
    inline=_CHARSET_INLINE,
)

#: "Only alpha numeric characters, with the addition of \u2013 + / and _, are allowed" [DOC
#: text as copied by third-party clients]: the en dash, and the ASCII hyphen it may stand for.
_CODE_EXTRA = frozenset("-\u2013+/_")
_NOT_CODE_EXTRA = dict.fromkeys(map(ord, _CODE_EXTRA))
#: Plain customer numbers: ASCII letters and digits and the extras (a quick yes).
_PLAIN_CODE = re.compile("[A-Za-z0-9" + "".join(re.escape(c) for c in sorted(_CODE_EXTRA)) + "]*")


def _alphanumeric(value: Any) -> Any:
    """A customer number: letters and digits, and ``-`` (or the en dash), ``+``, ``/``, ``_``.

    >>> _alphanumeric("K-1001/B")
    'K-1001/B'
    >>> _alphanumeric("K 1001")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: character ' ' is not allowed
    """
    shown = printed(value)
    if shown is not None:
        rest = shown.translate(_NOT_CODE_EXTRA)
        if rest and not rest.isalnum():  # every character of ``rest`` is alphanumeric
            for char in shown:
                if not (char.isalnum() or char in _CODE_EXTRA):
                    raise Invalid(f"character {char!r} is not allowed")
    return value


#: Its schema: numbers and other JSON types may pass (``12``, ``-5``, ``1e-10`` do); text
#: must not hold an ASCII character outside the set.
ALPHANUMERIC = Check(
    "fortnox_alphanumeric",
    _alphanumeric,
    {"pattern": _without_refused_ascii(lambda char: char.isalnum() or char in _CODE_EXTRA)},
    Traits(
        Kind.TEXT, alphabet=Alphabet(letters=True, digits=True, others="".join(sorted(_CODE_EXTRA)))
    ),
    inline=Inline(
        "type({v}) is str and {plain}.fullmatch({v}) is not None", {"plain": _PLAIN_CODE}, same=True
    ),
)

_TRUE_WORDS = frozenset({"true", "1"})
_FALSE_WORDS = frozenset({"false", "0"})
_WORDS = _TRUE_WORDS | _FALSE_WORDS


def _boolean(value: Any) -> Any:
    """``true``/``false`` as JSON or words, and ``1``/``0``: the server's reading is not documented.

    >>> _boolean("TRUE"), _boolean(0), _boolean(False)
    (True, False, False)
    >>> _boolean("ja")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: not a boolean
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in {0, 1}:
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _WORDS:
            return word in _TRUE_WORDS
    raise Invalid("not a boolean")


BOOLEAN = Check(
    "fortnox_boolean",
    _boolean,
    {
        "anyOf": [
            {"type": "boolean"},
            {"enum": [0, 1]},
            # ``str.lower`` turns no character outside ASCII into a letter of these words.
            *any_case(("true", "false", "1", "0"), padded=True)["anyOf"],
        ]
    },
    Traits(Kind.BOOLEAN, values=("true", "false")),
    examples=(True, False, "true", "FALSE", 1, 0, "1", "0"),
    # Words become booleans: the check gives another value than it takes (no ``same``).
    inline=Inline(
        "type({v}) is bool or (type({v}) is str and {v}.strip().lower() in {words})"
        " or (type({v}) is int and 0 <= {v} <= 1)",
        {"words": _WORDS},
    ),
)


def _choice(values: Iterable[str]) -> Check:
    """One of ``values`` in any letter case; the message context lists them as ``allowed``."""
    allowed = tuple(values)
    folded = frozenset(v.casefold() for v in allowed)
    listed = ", ".join(allowed)

    def check(value: Any) -> Any:
        if isinstance(value, str) and value.casefold() in folded:
            return value
        raise Invalid("not one of the documented values", allowed=listed)

    return Check(
        "fortnox_choice",
        check,
        any_case(allowed),
        Traits(Kind.CHOICE, values=allowed),
        inline=Inline(
            "type({v}) is str and ({v} in {exact} or {v}.casefold() in {folded})",
            {"exact": frozenset(allowed), "folded": folded},
            same=True,
        ),
    )


_SEPARATORS = re.compile(r"[,;]")


def _email_list(limit: int | None) -> Check:
    """One e-mail address, or several separated by commas or semicolons."""
    single = email()

    def check(value: Any) -> Any:
        if not isinstance(value, str):
            raise Invalid("not a string")
        for part in _SEPARATORS.split(value):
            if part.strip():
                single.fn(part.strip())
        return value

    schema: dict[str, Any] = {"type": "string"}
    if limit is not None:
        schema["maxLength"] = limit
    inline = None
    if single.inline is not None:
        # One address, no separator and no space around it: the single check's shortcut.
        inline = Inline(
            f'type({{v}}) is str and "," not in {{v}} and ";" not in {{v}}'
            f" and {{v}}.strip() == {{v}} and ({single.inline.test})",
            single.inline.env,
            same=True,
        )
    return Check(
        "fortnox_emails", check, schema, Traits(Kind.EMAIL, separators=",;"), inline=inline
    )


_EU_PREFIXES = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GR", "HR",
        "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
        "XI",
    }
)  # fmt: skip
_EU_VAT = vat()


def _vat_number(value: Any) -> Any:
    """A VAT number with an EU prefix must be valid (stdnum); any other passes.

    >>> _vat_number("SE556703748501"), _vat_number("NO974761076MVA")
    ('SE556703748501', 'NO974761076MVA')
    >>> _vat_number("SE556703748502")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: The number has an invalid format.
    """
    shown = printed(value)
    if shown is not None and shown.strip()[:2].upper() in _EU_PREFIXES:
        _EU_VAT.fn(shown.strip())
    return value


_VAT_EXAMPLES = ("SE556703748501", "ATU13585627", "NL004495445B01", "NO974761076MVA", "GB980780684")
#: Its schema only offers examples: numbers and other JSON types pass, as does text
#: without an EU prefix.
VAT_NUMBER = Check(
    "fortnox_vat_number",
    _vat_number,
    {"examples": list(_VAT_EXAMPLES)},
    examples=_VAT_EXAMPLES,
    inline=Inline(
        "type({v}) is str and {v}.strip()[:2].upper() not in {eu}", {"eu": _EU_PREFIXES}, same=True
    ),
)

#: ``YYYY-MM-DD`` in ASCII digits: the form nearly every date takes.
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_STRPTIME_DATE = date_format("%Y-%m-%d")


def _iso_date(value: Any) -> date | None:
    """The date ``value`` writes as ``YYYY-MM-DD`` in ASCII digits, else ``None`` (not known).

    Whenever it gives a date, ``strptime(value, "%Y-%m-%d")`` gives the same one; other
    forms ``strptime`` also reads (``2024-1-5``, other scripts' digits) are left to it.
    """
    if type(value) is str:
        found = _ISO_DATE.fullmatch(value)
        if found is not None:
            year, month, day = found.groups()
            try:
                return date(int(year), int(month), int(day))
            except ValueError:
                return None  # not a day of the calendar: strptime refuses it too
    return None


def _calendar_date(value: Any) -> date:
    """A date as ``strptime(value, "%Y-%m-%d")`` reads it; without it for the usual form.

    >>> _calendar_date("2024-02-29"), _calendar_date("2024-2-9")
    (datetime.date(2024, 2, 29), datetime.date(2024, 2, 9))
    """
    found = _iso_date(value)
    return found if found is not None else _STRPTIME_DATE.fn(value)


#: ``date_format("%Y-%m-%d")``, read quicker (``tests/test_fortnox.py`` compares the two).
#: Its schema is the pattern ``strptime`` matches (month and day may lack the zero, the
#: day may have a space for it), not ``"format": "date"``, which editors may assert as
#: RFC 3339's ``2024-01-05`` only.
ISO_DATE = dataclasses.replace(
    _STRPTIME_DATE,
    fn=_calendar_date,
    schema={
        "type": "string",
        "pattern": schema_pattern(r"^\d{4}-(?:1[0-2]|0?[1-9])-(?:3[01]|[12]\d|0?[1-9]| [1-9])$"),
    },
    inline=Inline("{iso}({v}) is not None", {"iso": _iso_date}),
)

#: "To empty a value you can use: 'API_BLANK'" [DOC: developer.fortnox.se/blog/
#: best-practise-new-housework-invoice]: it passes every check that judges a value.
API_BLANK = "API_BLANK"


def unset_passes(inner: Check) -> Check:
    """``inner``, except that the empty string and ``API_BLANK`` (both: "no value") pass.

    >>> unset_passes(number())("API_BLANK"), unset_passes(number())("")
    ('API_BLANK', '')
    """
    blank = blank_passes(inner)

    def check(value: Any) -> Any:
        if value == API_BLANK:
            return value
        return blank.fn(value)

    inline = blank.inline
    if inline is not None:  # where ``inner`` certainly passes, so does this
        inline = Inline(f'({inline.test}) or {{v}} == "{API_BLANK}"', inline.env, inline.same)
    schema = blank.schema
    if schema:
        schema = {"anyOf": [*schema["anyOf"], {"const": API_BLANK}]}
    return dataclasses.replace(blank, fn=check, schema=schema, inline=inline)


# -- field kinds ----------------------------------------------------------------------

#: A field whose value the server judges against its own records (codes of cost centres,
#: projects, price lists, terms, units): clearance accepts any value.
ANY = K.param()
#: Free text: the formats page's character set.
TEXT = K.param("2000359", CHARSET)


def _plain_numbers_too(check: Check) -> Check:
    """``check`` (a number check) with a shortcut that also takes plain numeric strings."""
    if check.inline is None:
        return check
    inline = Inline(
        f"({check.inline.test}) or (type({{v}}) is str and {{plain}}.fullmatch({{v}}) is not None)",
        {**check.inline.env, "plain": PLAIN_NUMBER},
        check.inline.same,
    )
    return dataclasses.replace(check, inline=inline)


_NUMERIC = _plain_numbers_too(unset_passes(number(comma=True)))
NUMBER = K.param("2000108", _NUMERIC)


def _number_as_written(value: Any) -> Any:
    _NUMERIC.fn(value)
    return value


#: The number check ahead of a range check: its verdict, the value passed on as written
#: (:func:`~clearance.fields.ranges.between` reads it as the number check does), so that
#: the fast path needs no call where the value is certainly a number.
_NUMBER_FIRST = dataclasses.replace(
    _NUMERIC,
    fn=_number_as_written,
    inline=dataclasses.replace(_NUMERIC.inline, same=True) if _NUMERIC.inline else None,
)
BOOL = K.param("2000134", unset_passes(BOOLEAN))
DATE = K.param("clearance:date-format", unset_passes(ISO_DATE))
#: Customer number: letters, digits and ``- + / _`` (2000106), at most 1024 [3P, SPEC].
CUSTOMER_NUMBER = K.param("2000106", ALPHANUMERIC, "clearance:too-long", at_most(1024))
VAT = K.param("2004194", unset_passes(VAT_NUMBER))

#: Housework types: the union of the lists the OpenAPI description gives for articles,
#: offer, order and invoice rows (they differ; a type in any list passes everywhere), and
#: EMPTYHOUSEWORK, which a live-tested client sends for "no type" [LIB: softwerkab
#: HouseworkType].
HOUSEWORK_TYPES = (
    "CONSTRUCTION", "ELECTRICITY", "GLASSMETALWORK", "GROUNDDRAINAGEWORK", "MASONRY",
    "PAINTINGWALLPAPERING", "HVAC", "MAJORAPPLIANCEREPAIR", "MOVINGSERVICES", "ITSERVICES",
    "CLEANING", "TEXTILECLOTHING", "COOKING", "SNOWPLOWING", "GARDENING", "BABYSITTING",
    "OTHERCARE", "TUTORING", "OTHERCOSTS", "SOLARCELLS", "STORAGESELFPRODUCEDELECTRICITY",
    "CHARGINGSTATIONELECTRICVEHICLE", "HOMEMAINTENANCE", "FURNISHING",
    "TRANSPORTATIONSERVICES", "WASHINGANDCAREOFCLOTHING", "EMPTYHOUSEWORK",
    # The misspelling a client library sends (zenta-ab/fortnox.NET HouseworkType.cs) [3P]:
    # nothing shows the server refusing it.
    "STORAGESELFPRODUCEDELECTRICTY",
)  # fmt: skip


def text(limit: int) -> Param:
    """Free text (2000359), warned past ``limit`` characters (``clearance:too-long``)."""
    return K.param("2000359", CHARSET, "clearance:too-long", at_most(limit))


def code(limit: int) -> Param:
    """A code or reference, warned past ``limit`` characters; its characters are the server's."""
    return K.param("clearance:too-long", at_most(limit))


def number_in(low: int | str, high: int | str) -> Param:
    """A number (2000108), warned outside ``low``..``high`` (``clearance:out-of-range``)."""
    return K.param(
        "2000108", _NUMBER_FIRST,
        "clearance:out-of-range", unset_passes(between(low, high)),
    )  # fmt: skip


def enum(*values: str) -> Param:
    """One of the documented values, in any letter case; ``API_BLANK`` passes too [DOC]."""
    return K.param("clearance:value-not-allowed", unset_passes(_choice(values)))


def emails(limit: int | None = None) -> Param:
    """E-mail addresses [3P: "This must be a valid email address"], at most ``limit`` long."""
    if limit is None:
        return K.param("clearance:email-invalid", unset_passes(_email_list(None)))
    return K.param(
        "clearance:email-invalid", unset_passes(_email_list(limit)),
        "clearance:too-long", at_most(limit),
    )  # fmt: skip


# -- the base model -------------------------------------------------------------------


def present(data: Mapping[str, Any], name: str) -> bool:
    """Whether ``name`` is set in ``data``; a key in another letter case counts too."""
    folded = name.casefold()
    return any(
        isinstance(key, str) and key.casefold() == folded and value is not None
        for key, value in data.items()
    )


#: Per entity class: its field names and read-only names, as written and casefolded.
_FIELD_NAMES: dict[Any, tuple[frozenset[str], frozenset[str]]] = {}


def _field_names(cls: Any) -> tuple[frozenset[str], frozenset[str]]:
    """``cls``'s names as written, and casefolded (computed once).

    The names of its schema (:attr:`~clearance.model.Body.__clearance_names__`, which
    holds names no field can, such as ``@url``), else its fields; and its read-only names.
    """
    names = _FIELD_NAMES.get(cls)
    if names is None:
        declared = cls.__clearance_names__ or cls.model_fields
        exact = frozenset((*declared, *cls.READ_ONLY))
        names = _FIELD_NAMES[cls] = (exact, frozenset(name.casefold() for name in exact))
    return names


class Entity(Body):
    """A Fortnox object: known field names only (2001399), required fields (own key).

    ``READ_ONLY`` lists fields the server writes (``@url``, totals): a client that sends
    back what it read passes, their values unchecked. ``REQUIRED`` lists the fields a
    create needs; in a change (``UPDATE``) nothing is required.
    """

    READ_ONLY: ClassVar[frozenset[str]] = frozenset()
    REQUIRED: ClassVar[tuple[str, ...]] = ()
    UPDATE: ClassVar[bool] = False

    # The cross checks return a list (empty, as a rule) rather than yield: a valid payload
    # then costs no generator.

    @K.cross_check("2001399")
    def _known_field_names(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        del context
        exact, known = _FIELD_NAMES.get(cls) or _field_names(cls)
        if exact.issuperset(data):
            return ()  # every key is written as documented
        return [
            Violation(K["2001399"], (key,))
            for key in data
            if not isinstance(key, str) or key.casefold() not in known
        ]

    @K.cross_check("clearance:field-required")
    def _required_fields(
        cls, data: Mapping[str, Any], context: Context | None
    ) -> Iterable[Violation]:
        del context
        if cls.UPDATE or not cls.REQUIRED:  # a change, or nothing required
            return ()
        for name in cls.REQUIRED:
            if data.get(name) is None and not present(data, name):
                break
        else:
            return ()  # every required field is set
        return [
            Violation(K["clearance:field-required"], (name,), {"field": name})
            for name in cls.REQUIRED
            if data.get(name) is None and not present(data, name)
        ]


def outbound_not_after_today(
    data: Mapping[str, Any], context: Context | None
) -> Iterable[Violation]:
    """2003126: ``OutboundDate`` (utleveransdatum) must not lie after today [INF].

    A warehouse-module rule: checked only for an account known to have the module
    (``Account.fortnox_warehouse``); accounts without it may never check it.
    """
    if context is None or context.account.fortnox_warehouse is not True:
        return ()
    value = data.get("OutboundDate")
    if not isinstance(value, str) or len(value) > 64:  # noqa: PLR2004 - no date is longer
        return ()
    outbound = _iso_date(value)
    if outbound is None:
        try:
            outbound = datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            return ()  # clearance:date-format reports it
    if outbound > context.current_date():
        return [Violation(K["2003126"], ("OutboundDate",))]
    return ()


def entity(
    fields: Mapping[str, Any] | None = None,
    *,
    read_only: Iterable[str] = (),
    required: tuple[str, ...] | None = None,
    base: type[Body] | None = None,
    attrs: Mapping[str, Any] | None = None,
    source: str = "",
) -> Overlay:
    """The overlay of one entity schema.

    ``read_only`` names fields the server writes: a client may send back what it read,
    and the value is not judged (``Entity.READ_ONLY``); ``required`` replaces the
    description's list for a create (updates require nothing).
    """
    names = frozenset(read_only)
    merged: dict[str, Any] = dict.fromkeys(names)  # not fields: known, never judged
    merged.update(fields or {})
    extra: dict[str, Any] = {"READ_ONLY": names} if names else {}
    if required is not None:
        extra["REQUIRED"] = required
    return Overlay(fields=merged, base=base, attrs={**extra, **(attrs or {})}, source=source)
