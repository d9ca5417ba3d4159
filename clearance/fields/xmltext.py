r"""Checks of values that may travel as XML text.

An XML body carries every value as text, often with the white space of pretty printing
around it (``<contact_id>\n  21\n</contact_id>``); the same request written as JSON
carries numbers and strings. These checks judge both alike: white space around a value is
not judged, and numbers may be JSON numbers or text. A list (an element repeated in XML,
a JSON array) passes when every item does.

>>> whole_number()(" 21 "), whole_number()(21)
(' 21 ', 21)
>>> whole_number()("21.5")
Traceback (most recent call last):
...
clearance.fields.Invalid: not a whole number
>>> iso_date()("2013-6-12")
'2013-6-12'
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
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
    from collections.abc import Callable, Iterable

__all__ = [
    "as_whole",
    "calendar_date",
    "each",
    "flag",
    "iso_currency",
    "iso_date",
    "locale_name",
    "md5_hex",
    "not_negative",
    "percentage",
    "trimmed",
    "whole_number",
    "word_in",
]

_WHOLE = re.compile(r"\s*[+-]?\d{1,400}(\.0*)?\s*")
_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
_MD5 = re.compile(r"\s*[0-9A-Fa-f]{32}\s*")
_SPACE = re.compile(r"\s+")
#: Dates :func:`iso_date` certainly accepts: month 1-12 and day 1-31 in the pattern itself.
_REAL_DATE = re.compile(r"\s*\d{4}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])\s*")
#: Texts that certainly read (to_decimal, a decimal comma too) as a number from 0 to
#: 100, and as one of 0 or more: no minus sign, no exponent, a bounded length.
_PERCENT_TEXT = re.compile(
    r"[ \t\r\n]{0,8}\+?(?:100(?:[.,]0{0,20})?|\d{1,2}(?:[.,]\d{0,20})?)[ \t\r\n]{0,8}"
)
_PLUS_TEXT = re.compile(r"[ \t\r\n]{0,8}\+?\d{1,30}(?:[.,]\d{0,30})?[ \t\r\n]{0,8}")
#: No locale identifier is longer: a longer text is refused unread (and never memoized).
_LONGEST_LOCALE = 64
#: The longest text :func:`~clearance.fields.to_decimal` reads as a number.
_LONGEST_NUMBER = 400

# -- JSON Schema fragments ---------------------------------------------------------------
#
# Each check's schema accepts (at least) every value the check accepts, as JSON Schema
# reads patterns (ECMA-262) and as Python's ``re`` does: white space is
# :data:`~clearance.fields.SPACE`, never ``\s`` alone, and where a check reads digits with
# Python's ``\d`` (any script's digits, which ``int()`` and ``Decimal`` read too), a
# pattern takes any character beyond ASCII for a digit.

#: White space around a value (``str.strip()``'s).
_PAD = f"{SPACE}*"
#: A digit as Python's ``\d`` reads one: 0-9 or a character beyond ASCII.
_ANY_DIGIT = DIGIT
#: A digit that may read as 0: ``0`` or a character beyond ASCII.
_ZERO = r"[^\x00-\x2f\x31-\x7f]"
#: A digit that may read as 1: ``1`` or a character beyond ASCII.
_ONE = r"[^\x00-\x30\x32-\x7f]"
#: A character beyond ASCII (it may be a digit).
_BEYOND_ASCII = r"[^\x00-\x7f]"


def _any_case(values: Iterable[str], *, spaced: bool = False) -> dict[str, Any]:
    """:func:`~clearance.fields.any_case`, for a check that strips white space and folds case.

    White space may be around the word and (``spaced``) any run of it between words.

    >>> _any_case(["advance in"], spaced=True)["anyOf"][1]["pattern"].count("+")
    1
    """
    listed = list(values)
    schema = any_case(listed, padded=True)
    if spaced:
        for option in schema["anyOf"]:
            if "pattern" in option:
                option["pattern"] = option["pattern"].replace(" ", f"{SPACE}+")
    return schema


# Each check below carries an :class:`~clearance.fields.Inline` shortcut for the compiled
# fast path: a test over the common values (a JSON number, a trimmed text) under which
# the check certainly passes the value unchanged. ``tests/test_fast_path.py`` and
# ``tests/test_co3.py`` hold every shortcut to that promise.


def each(check: Check) -> Check:
    """``check`` applied to a value, or to every item of a list.

    >>> each(whole_number())(["1", "2"])
    ['1', '2']
    """

    def run(value: Any) -> Any:
        if isinstance(value, list):
            for item in value:
                check.fn(item)
            return value
        return check.fn(value)

    schema = {"anyOf": [check.schema, {"type": "array", "items": check.schema}]}
    inline = check.inline
    if inline is not None:  # a value that is not a list is the check's alone
        inline = Inline(f"type({{v}}) is not list and ({inline.test})", inline.env, inline.same)
    # The same check to clearance.testing (name, params, examples), with the new verdict.
    return dataclasses.replace(check, fn=run, schema=schema if check.schema else {}, inline=inline)


def trimmed(check: Check) -> Check:
    r"""``check`` on a text value without the white space around it; the value is kept.

    For a check that judges text as it is (an e-mail address), so that the white space
    of pretty-printed XML is not judged, like everywhere else here.

    >>> from clearance.fields import email
    >>> trimmed(email())("\n    anna@pelda.hu\n")
    '\n    anna@pelda.hu\n'
    """

    def run(value: Any) -> Any:
        if isinstance(value, str):
            check.fn(value.strip())
            return value
        return check.fn(value)

    # A text with white space around is judged without it: its schema takes any such text.
    padded = {"type": "string", "pattern": f"^{SPACE}|{SPACE}$"}
    schema = {"anyOf": [check.schema, padded]} if check.schema else {}
    # The same check to clearance.testing (name, params, examples), with the new verdict.
    return dataclasses.replace(check, fn=run, schema=schema, inline=None)


def _is_whole(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, str):
        return bool(_WHOLE.fullmatch(value))
    number = to_decimal(value)
    return number is not None and number == number.to_integral_value()


#: What :data:`_WHOLE` matches, as a JSON Schema pattern.
_WHOLE_TEXT = rf"^{_PAD}[+-]?{_ANY_DIGIT}+(?:\.0*)?{_PAD}$"


def whole_number() -> Check:
    """A whole number: digits with an optional sign (``"21.0"`` too), or a JSON integer."""

    def check(value: Any) -> Any:
        if not _is_whole(value):
            raise Invalid("not a whole number")
        return value

    return Check(
        "whole_number",
        check,
        {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": _WHOLE_TEXT}]},
        Traits(Kind.NUMBER, whole=True),
        inline=Inline(
            "type({v}) is int or (type({v}) is str and {whole}.fullmatch({v}) is not None)",
            {"whole": _WHOLE},
            same=True,
        ),
    )


def as_whole(value: Any) -> int | None:
    """The value as an ``int`` when it is a whole number, else ``None``.

    >>> as_whole(" 7 "), as_whole("7.0"), as_whole("x"), as_whole(True)
    (7, 7, None, None)
    """
    if type(value) is int:
        return value
    if type(value) is str:  # int() reads what _WHOLE matches as Decimal does, sign included
        if not _WHOLE.fullmatch(value):
            return None
        text = value.strip()
        return int(text.partition(".")[0]) if len(text) <= _LONGEST_NUMBER else None
    if not _is_whole(value):
        return None
    number = to_decimal(value.strip() if isinstance(value, str) else value)
    return int(number) if number is not None else None


#: A month (day) number of one or two digits, 1-12 (1-31) where they are ASCII digits.
_MONTH = rf"(?:0?[1-9]|1[0-2]|{_BEYOND_ASCII}{_ANY_DIGIT}?|{_ANY_DIGIT}{_BEYOND_ASCII})"
_DAY = rf"(?:0?[1-9]|[12][0-9]|3[01]|{_BEYOND_ASCII}{_ANY_DIGIT}?|{_ANY_DIGIT}{_BEYOND_ASCII})"
#: What :func:`iso_date` accepts, as a JSON Schema pattern.
_DATE_TEXT = rf"^{_PAD}{_ANY_DIGIT}{{4}}-{_MONTH}-{_DAY}{_PAD}$"


def iso_date() -> Check:
    """A date written ``YYYY-MM-DD``; month and day may have one digit.

    Only the form is judged, with month 1-12 and day 1-31: whether the server rolls
    ``2013-02-30`` over to March (as PHP's ``strtotime`` does) is not known.

    >>> iso_date()("2013-13-01")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: not a date written YYYY-MM-DD
    """

    def check(value: Any) -> Any:
        found = _DATE.fullmatch(value) if isinstance(value, str) else None
        if found is None or not (
            1 <= int(found.group(2)) <= 12 and 1 <= int(found.group(3)) <= 31  # noqa: PLR2004
        ):
            raise Invalid("not a date written YYYY-MM-DD")
        return value

    return Check(
        "iso_date",
        check,
        {"type": "string", "pattern": _DATE_TEXT},
        Traits(Kind.DATE),
        inline=Inline(
            "type({v}) is str and {date}.fullmatch({v}) is not None",
            {"date": _REAL_DATE},
            same=True,
        ),
    )


def calendar_date(value: Any) -> tuple[int, int, int] | None:
    """``(year, month, day)`` of a real calendar date written ``YYYY-MM-DD``, else ``None``.

    >>> calendar_date("2024-2-29"), calendar_date("2023-02-29")
    ((2024, 2, 29), None)
    """
    found = _DATE.fullmatch(value) if isinstance(value, str) else None
    if found is None:
        return None
    year, month, day = map(int, found.groups())
    try:
        date(year, month, day)
    except ValueError:
        return None
    return year, month, day


def _number_check(
    name: str,
    test: Callable[[Decimal], bool],
    reason: str,
    *,
    minimum: Decimal,
    maximum: Decimal | None = None,
    inline: str,
    text: re.Pattern[str],
) -> Check:
    """A check of the number a value reads as, from ``minimum`` to ``maximum``.

    ``inline`` tests a finite number ``{v}``; a text that ``text`` matches in full
    certainly reads as a number that passes.
    """

    def check(value: Any) -> Any:
        number = to_decimal(value, comma=True)
        if number is not None and not test(number):
            raise Invalid(reason)
        return value

    # After number(): a Decimal, which to_decimal returns as it is when finite; or the
    # value itself (a text, say) where the number step passes it on as it is.
    shortcut = Inline(
        f"((type({{v}}) is int or (type({{v}}) is {{Decimal}} and {{v}}.is_finite())) and {inline})"
        " or (type({v}) is str and {text}.fullmatch({v}) is not None)",
        {"Decimal": Decimal, "text": text},
        same=True,
    )
    # JSON numbers are judged as the check judges them; texts (and the rest) pass.
    schema = {"minimum": int(minimum)}
    if maximum is not None:
        schema["maximum"] = int(maximum)
    return Check(name, check, schema, Traits(minimum=minimum, maximum=maximum), inline=shortcut)


_EXPONENT = rf"[eE][+-]?{_ANY_DIGIT}+"
#: Texts that may read as 0 or 1 (``" 1 "``, ``"0.0"``, ``"-0"``, ``"1e0"``, ``"10e-1"``):
#: 0 with any exponent, 1 without one, and digits that are zeros but for a single 1 with one.
_FLAG_TEXT = (
    rf"^{_PAD}(?:[+-]?(?:{_ZERO}+\.?{_ZERO}*|\.{_ZERO}+)(?:{_EXPONENT})?"
    rf"|\+?{_ZERO}*{_ONE}(?:\.{_ZERO}*)?"
    rf"|\+?(?:{_ZERO}*{_ONE}{_ZERO}*(?:\.{_ZERO}*)?|{_ZERO}*\.{_ZERO}*{_ONE}{_ZERO}*){_EXPONENT})"
    rf"{_PAD}$"
)


def flag() -> Check:
    """``0`` or ``1``: as a number or text (``"1.0"`` too), or a JSON boolean.

    >>> flag()("1"), flag()(False)
    ('1', False)
    >>> flag()("yes")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: not 0 or 1
    """

    def check(value: Any) -> Any:
        if isinstance(value, bool):
            return value
        number = to_decimal(value)
        if number is None or number not in {Decimal(0), Decimal(1)}:
            raise Invalid("not 0 or 1")
        return value

    return Check(
        "flag",
        check,
        {
            "anyOf": [
                {"enum": [0, 1, "0", "1"]},
                {"type": "boolean"},
                {"type": "string", "pattern": _FLAG_TEXT},
            ]
        },
        Traits(Kind.FLAG),
        inline=Inline(
            "type({v}) is bool or ((type({v}) is int or type({v}) is str) and {v} in {flags})",
            {"flags": frozenset({0, 1, "0", "1"})},
            same=True,
        ),
    )


def percentage() -> Check:
    """A number from 0 to 100, both included (run after a number check).

    >>> percentage()("100"), percentage()(0)
    ('100', 0)
    >>> percentage()("100.5")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: not between 0 and 100
    """
    return _number_check(
        "percentage",
        lambda n: 0 <= n <= 100,  # noqa: PLR2004
        "not between 0 and 100",
        minimum=Decimal(0),
        maximum=Decimal(100),
        inline="0 <= {v} <= 100",
        text=_PERCENT_TEXT,
    )


def not_negative() -> Check:
    """A number that is 0 or bigger (run after a number check).

    >>> not_negative()("-0.5")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: negative
    """
    return _number_check(
        "not_negative",
        lambda n: n >= 0,
        "negative",
        minimum=Decimal(0),
        inline="{v} >= 0",
        text=_PLUS_TEXT,
    )


def word_in(values: Iterable[str]) -> Check:
    """One of the listed words; letter case and runs of white space are not judged.

    >>> word_in(["advance in", "cash"])(" Advance  In ")
    ' Advance  In '
    >>> word_in(["cash"])("card")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: not one of the allowed values
    """
    allowed = tuple(values)
    folded = frozenset(v.casefold() for v in allowed)

    def passes(value: str) -> bool:
        return _SPACE.sub(" ", value.strip()).casefold() in folded

    def check(value: Any) -> Any:
        if not isinstance(value, str) or not passes(value):
            raise Invalid("not one of the allowed values")
        return value

    # The words as listed, in lower and in upper case: those that pass as they are.
    spelled = frozenset(w for v in allowed for w in (v, v.lower(), v.upper()) if passes(w))
    return Check(
        "word_in",
        check,
        _any_case(allowed, spaced=True),
        Traits(Kind.CHOICE, values=allowed),
        inline=Inline("type({v}) is str and {v} in {words}", {"words": spelled}, same=True),
    )


def md5_hex() -> Check:
    """An MD5 digest: 32 hexadecimal digits, either letter case.

    >>> md5_hex()("5f4dcc3b5aa765d61d8327deb882cf99")
    '5f4dcc3b5aa765d61d8327deb882cf99'
    >>> md5_hex()("password")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: not an MD5 digest
    """

    def check(value: Any) -> Any:
        if not isinstance(value, str) or not _MD5.fullmatch(value):
            raise Invalid("not an MD5 digest")
        return value

    return Check(
        "md5_hex",
        check,
        {"type": "string", "pattern": f"^{_PAD}[0-9A-Fa-f]{{32}}{_PAD}$"},
        Traits(Kind.TEXT, pattern="[0-9A-Fa-f]{32}"),
        inline=Inline(
            "type({v}) is str and {md5}.fullmatch({v}) is not None", {"md5": _MD5}, same=True
        ),
    )


@cache
def _currencies() -> frozenset[str]:
    from babel.numbers import list_currencies  # noqa: PLC0415 - lazy

    return frozenset(list_currencies())


@cache
def _spelled_currencies() -> frozenset[str]:
    """The codes that :func:`iso_currency` (without a list) passes exactly as they are."""
    return frozenset(code for code in _currencies() if code.strip().upper() == code)


#: A text whose upper case, stripped, is three ASCII letters: the dotless i and the long
#: s are upper ``I`` and ``S``, ``ß`` and the ligatures two letters (``ﬃ``, ``ﬄ`` three).
_LETTER = r"[A-Za-z\u0131\u017f]"
_TWO_LETTERS = r"[\u00df\ufb00-\ufb02\ufb05\ufb06]"
_CURRENCY_TEXT = (
    rf"^{_PAD}(?:{_LETTER}{{3}}|{_TWO_LETTERS}{_LETTER}|{_LETTER}{_TWO_LETTERS}"
    rf"|[\ufb03\ufb04]){_PAD}$"
)


def iso_currency(allowed: Iterable[str] | None = None) -> Check:
    """A currency code: one of ``allowed``, or (without) any ISO 4217 code babel knows.

    Letter case is not judged.

    >>> iso_currency()("chf"), iso_currency(["HUF", "EUR"])("huf")
    ('chf', 'huf')
    >>> iso_currency()("XYZ")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: not a known currency
    """
    listed = frozenset(code.upper() for code in allowed) if allowed is not None else None

    def check(value: Any) -> Any:
        code = value.strip().upper() if isinstance(value, str) else None
        if code is None or code not in (listed if listed is not None else _currencies()):
            raise Invalid("not a known currency")
        return value

    schema: dict[str, Any] = {"type": "string", "pattern": _CURRENCY_TEXT}
    # A code spelled as the list (or babel) spells it; babel loads at first use.
    inline = Inline(
        "type({v}) is str and {v} in {known}()", {"known": _spelled_currencies}, same=True
    )
    if listed is not None:
        schema = _any_case(sorted(listed))
        spelled = frozenset(code for code in listed if code.strip().upper() == code)
        inline = Inline("type({v}) is str and {v} in {spelled}", {"spelled": spelled}, same=True)
        return Check(
            "iso_currency",
            check,
            schema,
            Traits(Kind.CHOICE, values=tuple(sorted(listed))),
            inline=inline,
        )
    return Check(
        "iso_currency",
        check,
        schema,
        examples=("EUR", "HUF", "USD", "CHF", "sek"),
        inline=inline,
    )


#: What babel's ``Locale.parse`` may read as a locale: a language in any letter case
#: (``root`` and aliases too; ``K``, the Kelvin sign, lowers to ``k``; ``C`` and ``POSIX``
#: read as ``en_US_POSIX``), then parts after ``_`` or ``-``: script, territory and
#: variant, where an unknown script or variant is dropped unread (``de_DE_a!!!!`` reads
#: as ``de_DE``), then an encoding after ``.`` and a modifier after ``@``, both not read.
_LOCALE_TEXT = (
    rf"^{_PAD}[A-Za-z\u0131\u017f\u212a]+(?:[_-][^_.@-]+)*(?:\.[^@]*)?(?:@[\s\S]*)?{_PAD}$"
)


def locale_name() -> Check:
    """A locale identifier babel's CLDR data knows (``hu_HU``; ``en-us`` too).

    Only values that are no locale at all fail: which locales a server supports is its
    own list.

    >>> locale_name()("hu_HU"), locale_name()("en-us")
    ('hu_HU', 'en-us')
    >>> locale_name()("xx_YY")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: not a locale
    """

    def check(value: Any) -> Any:
        if not isinstance(value, str) or not _locale_passes(value):
            raise Invalid("not a locale")
        return value

    return Check(
        "locale",
        check,
        {"type": "string", "pattern": _LOCALE_TEXT},
        examples=("hu_HU", "hu", "en", "en-us", "de_AT", "en_GB"),
        inline=Inline("type({v}) is str and {passes}({v})", {"passes": _locale_passes}, same=True),
    )


def _locale_passes(value: str) -> bool:
    """Whether :func:`locale_name` passes a text: trimmed, ``-`` read as ``_``."""
    text = value.strip().replace("-", "_")
    return bool(text) and len(text) <= _LONGEST_LOCALE and _is_locale(text)


@lru_cache(maxsize=1024)
def _is_locale(text: str) -> bool:
    """Whether babel's CLDR data parses ``text`` as a locale (memoized: babel is slow)."""
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415 - lazy

    try:
        Locale.parse(text)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True
