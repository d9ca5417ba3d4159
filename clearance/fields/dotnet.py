"""Values as an ASP.NET Web API server binds them from JSON (Json.NET's conversions).

Servers written on ASP.NET read a JSON body with Json.NET, which converts more than
JSON's own types: a number may arrive as a numeric string (``"1428.00"``), a flag as
``"true"`` or ``1``, a GUID in any of .NET's written forms. Each check here accepts what
Json.NET converts and refuses only what it cannot, returning the converted value (or
``None`` for an empty string, which a nullable .NET property reads as null).

More information:

* https://www.newtonsoft.com/json/help/html/SerializationGuide.htm
* https://learn.microsoft.com/dotnet/api/system.guid.parse

>>> int32()(" 14 "), decimal_number()("1428.00"), json_boolean()("True")
(14, Decimal('1428.00'), True)
>>> guid()("{75B4FE7B-062B-4AE1-BAD1-5C5E3866A2AE}")
'75b4fe7b-062b-4ae1-bad1-5c5e3866a2ae'
>>> int32()("12.5")
Traceback (most recent call last):
...
clearance.fields.Invalid: not a whole number
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from clearance.fields import (
    DIGIT,
    SPACE,
    Check,
    Inline,
    Invalid,
    Kind,
    Traits,
    any_case,
    to_decimal,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "EMPTY_GUID",
    "base64_size",
    "datetime_between",
    "datetime_value",
    "decimal_number",
    "double",
    "enum_name",
    "guid",
    "int32",
    "int64",
    "json_boolean",
    "json_text",
    "parse_datetime",
    "parse_guid",
    "read_enum",
]

#: ``Guid.Empty``: what a .NET client sends for an id it has not set.
EMPTY_GUID = "00000000-0000-0000-0000-000000000000"

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
#: The range of a .NET ``long``, and of a JSON integer Json.NET reads as one: beyond it a
#: ``BigInteger``, which ``Enum.ToObject`` refuses.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: The largest .NET ``decimal`` (2**96 - 1).
DECIMAL_MAX = Decimal(2**96 - 1)

_INTEGER = re.compile(r"\s*[+-]?\d{1,400}\s*")
_HEX = "[0-9a-fA-F]"
_GUID_D = rf"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}"
_GUID = re.compile(
    rf"\s*(?:{_GUID_D}|{_HEX}{{32}}|\{{{_GUID_D}\}}|\({_GUID_D}\)"
    rf"|\{{0[xX]{_HEX}{{1,8}},0[xX]{_HEX}{{1,4}},0[xX]{_HEX}{{1,4}},"
    rf"\{{(?:0[xX]{_HEX}{{1,2}},){{7}}0[xX]{_HEX}{{1,2}}\}}\}})\s*"
)
_ISO = re.compile(
    r"\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,7})\d*)?)?)?"
    r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?\s*"
)
_NUMERIC_DATE = re.compile(
    r"\s*(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4}|\d{2})"
    r"(?:[T ,]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp][Mm])?)?\s*"
)
_MONTHS = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_WHITESPACE = re.compile(r"\s+")
#: The base64 alphabet, and the ASCII characters ``\s`` matches (``str.isspace``), as bytes:
#: ``bytes.translate`` drops them at memory speed in an ASCII text.
_BASE64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_ASCII_SPACE = bytes(c for c in range(128) if chr(c).isspace())
#: A GUID in the D form alone (``75b4fe7b-062b-...``), by far the most common: its canonical
#: form is its lower case.
_GUID_PLAIN = re.compile(_GUID_D)
_NOT_HEX = re.compile(r"0[xX]|[^0-9a-fA-F]")
#: The X form, white space taken out (``Guid.Parse`` ignores all of it in this form). A
#: group may have fewer digits than its width: they are its low-order digits.
_X_WIDTHS = (8, 4, 4, 2, 2, 2, 2, 2, 2, 2, 2)
_X_GROUPS = [f"0[xX]({_HEX}{{1,{w}}})" for w in _X_WIDTHS]
_GUID_X = re.compile(rf"\{{{','.join(_X_GROUPS[:3])},\{{{','.join(_X_GROUPS[3:])}\}}\}}")

# -- JSON Schema fragments ----------------------------------------------------------------
#
# Each fragment accepts at least what its check accepts, judged on the value as sent (the
# schema of a field is the ``allOf`` of its checks' fragments, each applied to the original
# JSON value): an editor must never flag what the server binds.


def _blank() -> dict[str, Any]:
    """The empty string or white space alone: what these checks read as not set (``None``)."""
    return {"type": "string", "pattern": f"^{SPACE}*$"}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _number_text(value: str) -> Decimal | None:
    """A numeric string as .NET reads it (invariant culture: ``,`` groups digits)."""
    text = value.strip()
    if len(text) > 400:  # noqa: PLR2004 - no real amount is longer
        return None
    return to_decimal(text.replace(",", ""))


def json_text() -> Check:
    """A .NET ``string``: Json.NET writes any scalar as text, but not an object or array.

    >>> json_text()(12)
    12
    """

    def check(value: Any) -> Any:
        if type(value) is not str and isinstance(value, dict | list):
            raise Invalid("not text", type="text")
        return value

    # Any scalar (numbers and booleans are written as text): not ``"type": "string"``.
    return Check("json_text", check, {"type": ["string", "number", "boolean"]}, Traits(Kind.TEXT))


def int32() -> Check:
    """A .NET ``int``: a JSON number or an integer string, within 32 bits."""
    return _whole(INT32_MIN, INT32_MAX, "int32")


def int64() -> Check:
    """A .NET ``long``: a JSON number or an integer string, within 64 bits.

    >>> int64()("4102444800000"), int64()(" -1 ")
    (4102444800000, -1)
    """
    return _whole(INT64_MIN, INT64_MAX, "int64")


def _whole(least: int, most: int, name: str) -> Check:
    """A .NET integer type from ``least`` to ``most``, as Json.NET binds it."""

    def check(value: Any) -> int | None:
        if type(value) is int:  # what the general reading below makes of an int
            if not least <= value <= most:
                raise Invalid("out of range", type="a whole number")
            return value
        if isinstance(value, str):
            if not value.strip():
                return None
            if not _INTEGER.fullmatch(value):
                raise Invalid("not a whole number", type="a whole number")
            number = int(value)
        elif _is_number(value):
            amount = to_decimal(value)
            if amount is None or amount.copy_abs() > most + 1:
                raise Invalid("out of range", type="a whole number")
            # Json.NET versions differ on 1.5 (rounded or refused): accepted here.
            number = int(amount.to_integral_value())
        else:
            raise Invalid("not a number", type="a whole number")
        if not least <= number <= most:
            raise Invalid("out of range", type="a whole number")
        return number

    # A JSON number is rounded to a whole one (1.5 passes): within half a unit of the range.
    # A string holds an integer, or white space alone (not set).
    return Check(
        name,
        check,
        {
            "anyOf": [
                {"type": "number", "minimum": least - 0.5, "maximum": most + 0.5},
                {
                    "type": "string",
                    "pattern": f"^{SPACE}*(?:[+-]?{DIGIT}+)?{SPACE}*$",
                },
            ]
        },
        Traits(
            Kind.NUMBER,
            minimum=Decimal(least),
            maximum=Decimal(most),
            whole=True,
            whole_text=True,
        ),
    )


def _decimal(value: Any, *, specials: bool) -> Decimal | None:
    amount: Decimal | None
    if type(value) is int:  # what the general reading below makes of an int
        amount = Decimal(value)
        if not specials and amount.copy_abs() > DECIMAL_MAX:
            raise Invalid("out of range", type="a number")
        return amount
    if isinstance(value, str):
        if not value.strip():
            return None
        if specials and value.strip().lstrip("+-") in {"NaN", "Infinity", "∞"}:
            return Decimal(0)
        amount = _number_text(value)
    elif _is_number(value):
        amount = to_decimal(value)
    else:
        amount = None
    if amount is None:
        raise Invalid("not a number", type="a number")
    if not specials and amount.copy_abs() > DECIMAL_MAX:
        raise Invalid("out of range", type="a number")
    return amount


def decimal_number() -> Check:
    """A .NET ``decimal`` (money): a JSON number or a numeric string."""
    return Check(
        "decimal",
        lambda value: _decimal(value, specials=False),
        {"anyOf": [{"type": "number"}, {"type": "string"}]},
        Traits(Kind.NUMBER),
    )


def double() -> Check:
    """A .NET ``double``: as :func:`decimal_number`, and ``"NaN"``/``"Infinity"`` too."""
    return Check(
        "double",
        lambda value: _decimal(value, specials=True),
        {"anyOf": [{"type": "number"}, {"type": "string"}]},
        Traits(Kind.NUMBER),
    )


def json_boolean() -> Check:
    """A .NET ``bool``: ``true``/``false``, the words in any case, or a number (0 is false)."""

    def check(value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        if _is_number(value):
            return bool(value)
        if isinstance(value, str):
            word = value.strip().lower()
            if not word:
                return None
            if word in {"true", "false"}:
                return word == "true"
        raise Invalid("not true or false", type="true or false")

    # Any JSON number (0 is false), the words in any case with white space around, or blank.
    words = any_case(["true", "false"], padded=True)["anyOf"]
    return Check(
        "boolean",
        check,
        {"anyOf": [{"type": "boolean"}, {"type": "number"}, *words, _blank()]},
        Traits(Kind.BOOLEAN, values=("true", "false")),
    )


def parse_guid(value: Any) -> str | None:
    """The GUID in ``value`` in its canonical form, or ``None`` if it is not one.

    >>> parse_guid("75B4FE7B062B4AE1BAD15C5E3866A2AE")
    '75b4fe7b-062b-4ae1-bad1-5c5e3866a2ae'
    >>> parse_guid("{0x1, 0x2, 0x3, {0x1,0x2,0x3,0x4,0x5,0x6,0x7,0x8}}")
    '00000001-0002-0003-0102-030405060708'
    """
    if type(value) is str and _GUID_PLAIN.fullmatch(value):
        return value.lower()  # the D form: its hex digits, dashed as they are
    if not isinstance(value, str) or len(value) > 200:  # noqa: PLR2004
        return None
    if "{" in value:
        found = _GUID_X.fullmatch("".join(value.split()))
        if found is not None:
            return _dashed(
                "".join(g.zfill(w) for g, w in zip(found.groups(), _X_WIDTHS, strict=True))
            )
    if not _GUID.fullmatch(value):
        return None
    return _dashed(_NOT_HEX.sub("", value))


def _dashed(hexdigits: str) -> str:
    h = hexdigits.lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def guid() -> Check:
    """A .NET ``Guid`` in any form ``Guid.Parse`` reads (``D``, ``N``, ``B``, ``P``, ``X``)."""

    def check(value: Any) -> str | None:
        if isinstance(value, str) and not value.strip():
            return None
        found = parse_guid(value)
        if found is None:
            raise Invalid("not a GUID", type="a GUID")
        return found

    # Not ``"format": "uuid"``: a validator that asserts formats would refuse the N, B, P
    # and X forms and blank text, which Guid.Parse reads (or a nullable id reads as null).
    return Check(
        "guid",
        check,
        {
            "type": "string",
            "pattern": f"^(?:{SPACE}|[0-9a-fA-FxX{{}}(),-])*$",
            "examples": ["75b4fe7b-062b-4ae1-bad1-5c5e3866a2ae"],
        },
        Traits(Kind.GUID),
        inline=Inline(
            "type({v}) is str and {plain}.fullmatch({v}) is not None", {"plain": _GUID_PLAIN}
        ),
    )


def _iso(found: re.Match[str]) -> datetime | None:
    year, month, day, hour, minute, second, fraction = found.group(
        "y", "m", "d", "H", "M", "S", "f"
    )
    try:
        return datetime(  # noqa: DTZ001 - naive, as the server reads it
            int(year),
            int(month),
            int(day),
            int(hour) if hour else 0,
            int(minute) if minute else 0,
            int(second) if second else 0,
            int(fraction.ljust(6, "0")[:6]) if fraction else 0,
        )
    except ValueError:
        return None


def _numeric_date(found: re.Match[str]) -> datetime | None:
    a, b, year = int(found.group("a")), int(found.group("b")), int(found.group("y"))
    if year < 100:  # noqa: PLR2004 - two-digit years: .NET maps them to 1930-2029
        year += 2000 if year < 30 else 1900  # noqa: PLR2004
    for month, day in ((a, b), (b, a)):  # M/d/yyyy (invariant) or d-M-yyyy
        try:
            return datetime(year, month, day)  # noqa: DTZ001 - a calendar date
        except ValueError:
            continue
    return None


def parse_datetime(value: Any) -> datetime | None:
    """Read a date-time as .NET does, leniently; ``None`` if no reading makes it one.

    ISO 8601 (``1986-05-07T15:32:11``, with or without time, fraction or zone) is the
    documented form; ``DateTime.Parse`` also takes numeric dates such as ``5/7/1986``
    and English month names, so those pass as well.

    >>> parse_datetime("1986-05-07T15:32:11")
    datetime.datetime(1986, 5, 7, 15, 32, 11)
    >>> parse_datetime("2024-02-30") is None, parse_datetime("morgen") is None
    (True, True)
    """
    if not isinstance(value, str) or len(value) > 100:  # noqa: PLR2004
        return None
    return _read_datetime(value)


@functools.lru_cache(maxsize=1024)
def _read_datetime(value: str) -> datetime | None:
    """:func:`parse_datetime` of a string.

    Cached: a field check and a cross check (BOE-0070 and BOE-0033) read the same date,
    and dates recur from one payload to the next. The reading is pure.
    """
    found = _ISO.fullmatch(value)
    if found:
        return _iso(found)
    found = _NUMERIC_DATE.fullmatch(value)
    if found:
        return _numeric_date(found)
    lowered = value.lower()
    if any(char.isdigit() for char in value) and any(month in lowered for month in _MONTHS):
        # "7 May 1986 15:32": DateTime.Parse reads it; its exact date is not needed here.
        year = re.search(r"\d{4}", value)
        if year and int(year.group()) >= 1:
            return datetime(int(year.group()), 6, 15)  # noqa: DTZ001 - a stand-in within the year
    return None


def datetime_value() -> Check:
    """A .NET ``DateTime`` written as text (see :func:`parse_datetime`)."""

    def check(value: Any) -> datetime | None:
        if isinstance(value, str) and not value.strip():
            return None
        found = parse_datetime(value)
        if found is None:
            raise Invalid("not a date-time", type="a date-time")
        return found

    # Not ``"format": "date-time"``: editors assert it, and would refuse a date alone, a
    # numeric date or blank text, which DateTime.Parse reads (or a nullable one as null).
    return Check(
        "datetime",
        check,
        {"type": "string", "examples": ["2026-11-30T10:00:00", "2026-11-30"]},
        Traits(Kind.DATETIME),
    )


def datetime_between(earliest: datetime, latest: datetime) -> Check:
    """A date-time (after :func:`datetime_value`) from ``earliest`` to ``latest`` inclusive."""

    def check(value: Any) -> Any:
        if isinstance(value, datetime) and not earliest <= value <= latest:
            raise Invalid("out of range")
        return value

    return Check(
        "datetime_between",
        check,
        traits=Traits(earliest=earliest, latest=latest),
        inline=Inline(
            "{v} is None or (type({v}) is {datetime} and {earliest} <= {v} <= {latest})",
            {"datetime": datetime, "earliest": earliest, "latest": latest},
            same=True,
        ),
    )


#: The characters .NET's ``char.IsWhiteSpace`` takes (Unicode Zs, Zl and Zp, the ASCII
#: controls tab to carriage return, and U+0085): what Json.NET trims from an enum text.
NET_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: What ``Int32.Parse`` (``NumberStyles.Integer``) reads in an enum text Json.NET takes
#: for a number, white space around already trimmed: a sign, ASCII digits, then white
#: space and NULs (.NET's number parser ignores trailing NULs).
_ENUM_NUMBER = re.compile(r"([+-]?[0-9]+)[\t-\r ]*\x00*")


def _folded(text: str) -> str:
    """``text`` for comparing as ``StringComparison.OrdinalIgnoreCase`` does, generously.

    .NET compares each character's simple upper case; versions differ on a few letters
    outside ASCII (the Kelvin sign, the dotless i), so the upper case is lowered again:
    whatever any of them takes as equal compares equal here.
    """
    return "".join(u if len(u := c.upper()) == 1 else c for c in text).lower()


def read_enum(value: str, names: Mapping[str, str]) -> str | int | tuple[str, ...]:
    """What Json.NET's ``EnumUtils.ParseEnum`` makes of an enum text; :class:`Invalid` if it throws.

    ``names`` maps each name's :func:`_folded` form to the name. The reading, step by
    step as in Json.NET 13 (and ``Enum.Parse`` before it): text of white space alone is
    refused; text whose first character past white space is a digit, ``+`` or ``-`` is
    read as an ``int`` if ``Int32.Parse`` takes it (any number, defined or not; one too
    large for 32 bits is an overflow, refused); anything else is a list of names
    separated by commas, each trimmed and matched in any letter case, their values
    combined (also for enums that are not flags). Returns the name, the number, or the
    names a list combines (more than one).

    >>> names = {"geen": "Geen", "core": "Core", "b2b": "B2B"}
    >>> read_enum(" core ", names), read_enum("0", names), read_enum("-7", names)
    ('Core', 0, -7)
    >>> read_enum("Core, b2b", names)
    ('Core', 'B2B')
    >>> read_enum("Core,", names)
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: not a documented value
    """
    stripped = value.strip(NET_SPACE)
    if not stripped:
        raise Invalid("no value", type="one of the documented values")
    first = stripped[0]
    if first in "+-" or first.isdecimal():  # char.IsDigit: any decimal digit (Nd)
        found = _ENUM_NUMBER.fullmatch(stripped)
        if found is not None:
            number = int(found.group(1))
            if not INT32_MIN <= number <= INT32_MAX:
                raise Invalid("out of range", type="one of the documented values")
            return number
        # Not a number Int32.Parse reads (FormatException): read as names below.
    matched: list[str] = []
    for part in stripped.split(","):
        name = names.get(_folded(part.strip(NET_SPACE)))
        if name is None:
            whole = names.get(_folded(value))  # a name with a comma in it (none here)
            if whole is not None:
                return whole
            raise Invalid("not a documented value", type="one of the documented values")
        if name not in matched:
            matched.append(name)
    return matched[0] if len(matched) == 1 else tuple(matched)


def enum_name(names: Iterable[str]) -> Check:
    """A .NET enum value, as Json.NET binds it (see :func:`read_enum` for text).

    Taken: a name in any letter case, with white space around; several names separated
    by commas; a number as text (``"0"``, ``" -1 "``); a JSON integer within 64 bits;
    ``true``/``false``, which Json.NET without a ``StringEnumConverter`` binds as 1 and 0
    (``Enum.ToObject``; whether the server registers one is not documented); the empty
    string, which a nullable property reads as null. Refused: white space alone, other
    text, JSON numbers with a fraction or an exponent, lists and objects.

    Returns the documented spelling of a single name, the number, the names a list
    combines, or ``None`` for the empty string; JSON integers and booleans pass unchanged.

    >>> check = enum_name(["Geen", "Core", "B2B"])
    >>> check("core"), check("1"), check(2), check("")
    ('Core', 1, 2, None)
    >>> check("  ")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: no value
    """
    listed = tuple(names)
    canonical = {_folded(name): name for name in listed}
    #: The names that come back as they are (what ``check`` returns for them).
    unchanged = frozenset(name for name in listed if name == name.strip(NET_SPACE))

    def check(value: Any) -> Any:
        if type(value) is int:
            if not INT64_MIN <= value <= INT64_MAX:
                raise Invalid("out of range", type="one of the documented values")
            return value
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            return None if value == "" else read_enum(value, canonical)
        raise Invalid("not a documented value", type="one of the documented values")

    # The names listed first (for completion), then any letter case with white space
    # around (alone or in a list separated by commas), a number as text, a JSON integer
    # within 64 bits, true or false, and the empty string (not set).
    names_any_case = any_case(listed, padded=True, separator=",")["anyOf"]
    number_text = {"type": "string", "pattern": f"^{SPACE}*[+-]?[0-9]+{SPACE}*\\u0000*{SPACE}*$"}
    whole = {"type": "integer", "minimum": INT64_MIN, "maximum": INT64_MAX}
    return Check(
        "enum",
        check,
        {"anyOf": [*names_any_case, number_text, whole, {"type": "boolean"}, {"const": ""}]},
        Traits(Kind.CHOICE, values=listed, refused=("  ", ",", "1.5", 1.5)),
        inline=Inline(
            "((type({v}) is int and {low} <= {v} <= {high})"
            " or (type({v}) is str and {v} in {unchanged}))",
            {"unchanged": unchanged, "low": INT64_MIN, "high": INT64_MAX},
            same=True,
        ),
    )


def base64_size() -> Check:
    r"""A .NET ``byte[]``: base64 text (white space ignored) or an array of bytes.

    Returns the number of bytes it decodes to.

    >>> base64_size()("aGFsbG8=\n"), base64_size()([104, 105])
    (5, 2)
    """

    def check(value: Any) -> int:
        if isinstance(value, list):
            if all(isinstance(b, int) and not isinstance(b, bool) and 0 <= b <= 255 for b in value):  # noqa: PLR2004
                return len(value)
            raise Invalid("not an array of bytes", type="base64 data")
        if not isinstance(value, str):
            raise Invalid("not base64 text", type="base64 data")
        return _base64_text_size(value)

    byte = {"type": "integer", "minimum": 0, "maximum": 255}
    return Check(
        "base64",
        check,
        {
            "anyOf": [
                {"type": "string", "contentEncoding": "base64"},
                {"type": "array", "items": byte},
            ]
        },
        Traits(Kind.BASE64),
    )


def _base64_text_size(value: str) -> int:
    """The bytes base64 text decodes to (white space ignored); :class:`Invalid` if it is not."""
    if value.isascii():  # as below, on bytes: an attachment may be megabytes long
        text = value.encode("ascii")
        rest = text.translate(None, _BASE64_ALPHABET)  # what is not in the alphabet
        if rest.translate(None, _ASCII_SPACE) != rest:
            text = text.translate(None, _ASCII_SPACE)
            rest = rest.translate(None, _ASCII_SPACE)
        first = text.find(b"=")
        padding = len(text) - first if first >= 0 else 0
        # Nothing but "=" outside the alphabet, and each of them at the end.
        if len(text) % 4 or padding > 2 or rest != b"=" * padding:  # noqa: PLR2004
            raise Invalid("not base64 text", type="base64 data")
    else:
        spaceless = _WHITESPACE.sub("", value)  # Convert.FromBase64String skips white space
        if len(spaceless) % 4 or not _BASE64.fullmatch(spaceless):
            raise Invalid("not base64 text", type="base64 data")
        text = spaceless.encode("ascii")  # the pattern admits ASCII alone
        padding = len(text) - len(text.rstrip(b"="))
    if len(text) <= 64:  # noqa: PLR2004 - small: let the standard decoder have the last word
        try:
            return len(base64.b64decode(text, validate=True))
        except binascii.Error:
            raise Invalid("not base64 text", type="base64 data") from None
    return len(text) // 4 * 3 - padding
