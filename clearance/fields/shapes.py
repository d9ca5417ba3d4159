"""Checks of a value's shape: filled in, within bounds, made of the right characters.

Each check passes ``None`` on (a field that is not set is not judged) and accepts what it
cannot judge, so that a value is refused only for a reason the check is sure of.

>>> between(-365, 1000)(1000), letters_and_digits()("NL004495445B01")
(1000, 'NL004495445B01')
>>> exact_digits(20)("0000000123456789012")
Traceback (most recent call last):
...
clearance.fields.Invalid: not exactly 20 digits
"""

from __future__ import annotations

import dataclasses
import functools
import re
from decimal import Decimal
from typing import Any

from clearance.fields import (
    SPACE,
    Alphabet,
    Check,
    Inline,
    Invalid,
    Kind,
    Traits,
    as_text,
    to_decimal,
)
from clearance.fields.identifiers import EXAMPLES, verdict

__all__ = [
    "between",
    "exact_digits",
    "filled",
    "letters_and_digits",
    "not_blank",
    "past_blank",
    "vat_structure",
    "web_address",
]

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", re.DOTALL)
_HOST_LABEL = re.compile(r"[\w-]+")
_SPACE = re.compile(r"\s")  # what ``str.isspace`` calls white space
_PATH_START = re.compile(r"[/?#]")
#: A string that is not the empty string: :func:`filled` and :func:`not_blank` pass it as it is.
_NOT_EMPTY = Inline("type({v}) is str and {v} != ''", same=True)
#: Characters with a meaning inside a character class of a JSON Schema (ECMA-262) pattern.
_CLASS_SPECIAL = frozenset("\\]^-[")
#: Schemes whose URLs name a host after ``//``.
_HOST_SCHEMES = frozenset({"http", "https", "ftp", "ftps"})
#: VAT numbers :func:`vat_structure` passes, for generated payloads: valid EU numbers, one
#: with a wrong check digit (not judged) and one from outside the EU.
_VAT_SHAPES = (
    *EXAMPLES["eu.vat"],
    "NL123456789B01",
    "DE136695976",
    "CHE123456789",
    "NO974761076MVA",
)


def filled() -> Check:
    """Not the empty string (``None`` is a separate matter: see ``Param``'s ``required``)."""

    def check(value: Any) -> Any:
        if value == "":
            raise Invalid("empty")
        return value

    return Check(
        "filled", check, {"minLength": 1}, Traits(Kind.TEXT, min_length=1), inline=_NOT_EMPTY
    )


def not_blank() -> Check:
    """Treat the empty string as not set: later checks see ``None``.

    >>> not_blank()(""), not_blank()("x")
    (None, 'x')
    """

    def check(value: Any) -> Any:
        return None if value == "" else value

    return Check("not_blank", check, traits=Traits(Kind.TEXT), inline=_NOT_EMPTY)


def past_blank(check: Check) -> Check:
    """``check`` as a step after :func:`not_blank`: its JSON Schema also takes ``""``.

    ``not_blank`` hands the empty string on as ``None``, which later checks pass; but a
    field's schema applies each check's fragment to the value as sent, so each later
    fragment must take ``""`` itself. The check is the same.

    >>> past_blank(exact_digits(8)).schema["anyOf"][0]
    {'const': ''}
    """
    if not check.schema:
        return check
    return dataclasses.replace(check, schema={"anyOf": [{"const": ""}, check.schema]})


def between(lowest: int | Decimal, highest: int | Decimal, *, rounded: bool = False) -> Check:
    """A number (as converted by an earlier check) from ``lowest`` to ``highest`` inclusive.

    ``rounded`` says that the earlier check rounds a JSON number to a whole one (as
    :func:`~clearance.fields.dotnet.int32` does): the number as sent may then lie up to
    half a unit beyond either bound, and the JSON Schema, which judges the value as sent,
    says so. The check itself is the same either way.

    >>> between(1, 9, rounded=True).schema
    {'minimum': 0.5, 'maximum': 9.5}
    """

    def check(value: Any) -> Any:
        amount = to_decimal(value)
        if amount is not None and not lowest <= amount <= highest:
            raise Invalid("out of range", lowest=lowest, highest=highest)
        return value

    # The bounds apply to JSON numbers alone; a numeric string is not judged by the schema.
    schema: dict[str, Any] = {"minimum": lowest, "maximum": highest}
    if rounded:
        schema = {"minimum": float(lowest) - 0.5, "maximum": float(highest) + 0.5}
    return Check(
        "between",
        check,
        schema,
        Traits(minimum=Decimal(lowest), maximum=Decimal(highest)),
        inline=Inline(
            "type({v}) is int and {lowest} <= {v} <= {highest}",
            {"lowest": lowest, "highest": highest},
            same=True,
        ),
    )


def letters_and_digits() -> Check:
    """Letters and digits only (any script), no spaces or punctuation."""

    def check(value: Any) -> Any:
        shown = as_text(value)
        # ``str.isalnum`` asks each character ``isalnum``, and is false for "" alone.
        if shown and not shown.isalnum():
            raise Invalid("not only letters and digits")
        return value

    # Not ``\w``: in JSON Schema (ECMA-262) it is ASCII alone, while ``isalnum`` takes the
    # letters and digits of every script. Refused here: white space, ASCII punctuation and
    # control characters, none of which ``isalnum`` takes. Only strings are judged.
    return Check(
        "letters_and_digits",
        check,
        {"pattern": r"^[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f\x85\s]*$"},
        Traits(Kind.TEXT, alphabet=Alphabet(letters=True, digits=True)),
        inline=Inline("type({v}) is str and ({v}.isalnum() or {v} == '')", same=True),
    )


def exact_digits(count: int, *, ignore: str = "", strip: bool = True) -> Check:
    """Exactly ``count`` digits 0-9 (characters in ``ignore`` are skipped, e.g. spaces).

    ``strip``: white space around the digits is taken off first. Without it, the text is
    judged as sent (a server that binds it as is, as Json.NET does, counts the space).

    >>> exact_digits(4)(" 1234 ")
    ' 1234 '
    >>> exact_digits(4, strip=False)("1234 ")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: not exactly 4 digits
    """

    def check(value: Any) -> Any:
        shown = as_text(value)
        if shown is None:
            return value
        digits = shown.strip() if strip else shown
        for char in ignore:
            digits = digits.replace(char, "")
        if len(digits) != count or not digits.isascii() or not digits.isdigit():
            raise Invalid(f"not exactly {count} digits")
        return value

    # Exactly ``count`` ASCII digits: nothing to strip or skip (``ignore`` holds no digit).
    inline = None
    if not any(char.isdigit() for char in ignore):
        inline = Inline(
            f"type({{v}}) is str and len({{v}}) == {int(count)} and {{v}}.isascii()"
            " and {v}.isdigit()",
            same=True,
        )
    # White space around (``strip``), then the digits with ignored characters anywhere
    # between and around them. Only strings are judged: a number is measured as printed.
    skipped = "".join(f"\\{char}" if char in _CLASS_SPECIAL else char for char in ignore)
    digit = f"[{skipped}]*[0-9]" if skipped else "[0-9]"
    tail = f"[{skipped}]*" if skipped else ""
    space = f"{SPACE}*" if strip else ""
    return Check(
        "exact_digits",
        check,
        {"pattern": f"^{space}(?:{digit}){{{count}}}{tail}{space}$"},
        Traits(
            Kind.DIGITS,
            count=count,
            ignore=ignore,
            refused=() if strip else ("0" * count + " ",),
        ),
        inline=inline,
    )


def vat_structure() -> Check:
    """An EU VAT number shaped as its country writes it; check digits are not judged.

    Only numbers that start with an EU country prefix are judged (python-stdnum's
    ``eu.vat``); a wrong check digit passes (stdnum's ``InvalidChecksum``), every other
    failure (length, characters, components) does not.

    >>> vat_structure()("NL123456789B01"), vat_structure()("CHE123456789")
    ('NL123456789B01', 'CHE123456789')
    >>> vat_structure()("DE12345678")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: The number has an invalid length.
    """

    def check(value: Any) -> Any:
        shown = as_text(value)
        if shown is None or len(shown) < 2 or len(shown) > 100:  # noqa: PLR2004
            return value
        if shown[:2].lower() not in _vat_prefixes():
            return value
        found = verdict("eu.vat", shown)
        if found is not None and not found[0]:  # a wrong check digit alone passes
            raise Invalid(found[1])
        return value

    # No schema: numbers (never an EU prefix) and other types pass, and a string's
    # structure per country is beyond a pattern.
    return Check("vat_structure", check, examples=_VAT_SHAPES)


@functools.cache
def _vat_prefixes() -> frozenset[str]:
    """The country prefixes :func:`vat_structure` judges (python-stdnum's, and ``el``)."""
    from stdnum.eu import vat  # noqa: PLC0415 - lazy

    return frozenset({*vat.MEMBER_STATES, "el"})


def _host_ok(host: str) -> bool:
    host = host.rsplit("@", 1)[-1]  # user info
    if host.startswith("["):  # an IPv6 literal
        return host.endswith("]") or "]:" in host
    name = host.split(":", 1)[0]
    labels = name.rstrip(".").split(".")
    return bool(name) and all(_HOST_LABEL.fullmatch(label) for label in labels)


def web_address() -> Check:
    """A web address: absolute (``https://www.voorbeeld.nl``) or a bare host with a dot.

    Refused: text with white space, a host-based scheme without a host, a bare word with
    no dot (``voorbeeld``), a host with characters no host name has.

    >>> web_address()("www.voorbeeld.nl/contact"), web_address()("mailto:info@voorbeeld.nl")
    ('www.voorbeeld.nl/contact', 'mailto:info@voorbeeld.nl')
    >>> web_address()("geen website")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: not a web address
    """

    def check(value: Any) -> Any:
        shown = as_text(value)
        if shown is None:
            return value
        text = shown.strip()
        if not text:
            return value
        if _SPACE.search(text):
            raise Invalid("not a web address")
        found = _SCHEME.fullmatch(text)
        if found and found.group(1).lower() in _HOST_SCHEMES:
            rest = found.group(2)
            if not rest.startswith("//"):
                raise Invalid("not a web address")
            host = _PATH_START.split(rest[2:], maxsplit=1)[0]
            if not _host_ok(host):
                raise Invalid("not a web address")
            return value
        if found and "." not in found.group(1):
            return value  # mailto:, tel:, urn: ... an absolute URI of another kind
        host = _PATH_START.split(text, maxsplit=1)[0]
        if "." not in host.split(":", 1)[0] or not _host_ok(host):
            raise Invalid("not a web address")
        return value

    # No schema: a number printed with a dot (``1.5``) reads as a host, other types pass,
    # and no pattern tells an address as this check does.
    return Check("web_address", check, traits=Traits(Kind.WEB))
