"""Checks of standard numbers (IBAN, BIC, VAT numbers, national ids) by python-stdnum.

Each check validates with the stdnum module's own ``validate`` (check digits included)
and passes the original value on unchanged. A server may format or compact numbers
differently; these checks only judge validity, never spacing: stdnum accepts the usual
separators (spaces, dots, dashes) just as the servers do.

>>> iban()("NL91 ABNA 0417 1643 00")
'NL91 ABNA 0417 1643 00'
>>> iban()("NL91ABNA0417164301")
Traceback (most recent call last):
...
clearance.fields.Invalid: The number's checksum or check digit is invalid.
>>> vat()("ATU13585627"), vat(country="hu")("12892312-2-41")
('ATU13585627', '12892312-2-41')
"""

from __future__ import annotations

import importlib
import re
from functools import cache, lru_cache
from typing import Any

from clearance.fields import Check, Inline, Invalid, as_text

__all__ = ["bic", "iban", "stdnum_number", "vat", "verdict"]

_HU_TAX_NUMBER = re.compile(r"\d{8}-\d-\d{2}")


@cache
def _module(name: str) -> Any:
    return importlib.import_module(f"stdnum.{name}")


#: Longer texts are no standard number: judged each time, never kept in the cache.
_CACHED_LENGTH = 64
#: Beyond this, white space around it aside, a text is too long to be any number
#: python-stdnum knows (an IBAN has at most 34 characters, written in groups of four);
#: stdnum itself would take a second a few megabytes to say so.
_LONGEST = 256


def verdict(module: str, text: str) -> tuple[bool, str] | None:
    """What ``stdnum.<module>.validate(text)`` says: ``None``, or (a checksum error?, message).

    Pure, and memoized for short texts: the same IBANs and VAT numbers recur from one
    payload to the next, and python-stdnum spends tens of microseconds on each.

    >>> verdict("iban", "NL91ABNA0417164300") is None, verdict("iban", "NL91ABNA0417164301")
    (True, (True, "The number's checksum or check digit is invalid."))
    """
    if len(text) <= _CACHED_LENGTH:
        return _verdict(module, text)
    if len(text.strip()) > _LONGEST:  # no standard number is anywhere near this long
        return False, "The number has an invalid length."
    return _verdict.__wrapped__(module, text)


@lru_cache(maxsize=4096)
def _verdict(module: str, text: str) -> tuple[bool, str] | None:
    from stdnum.exceptions import InvalidChecksum, ValidationError  # noqa: PLC0415 - lazy

    try:
        _module(module).validate(text)
    except ValidationError as exc:
        return isinstance(exc, InvalidChecksum), str(exc)
    return None


def _validator(name: str) -> Any:
    def check(value: Any) -> Any:
        shown = as_text(value)
        if shown is None:
            raise Invalid("not a string")
        found = verdict(name, shown)
        if found is not None:
            raise Invalid(found[1])
        return value

    return check


#: Valid numbers, for generated payloads (:mod:`clearance.testing`): taken from each
#: python-stdnum module's own documentation examples.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "iban": (
        "NL91ABNA0417164300",
        "GR16 0110 1250 0000 0001 2300 695",
        "DE89 3704 0044 0532 0130 00",
    ),
    "bic": ("AGRIFRPP882", "ABNANL2A", "INGBNL2A"),
    "eu.vat": ("ATU13585627", "NL004495445B01", "HU12892312", "PT501964843", "SE123456789701"),
    "hu.anum": ("12892312",),
    "nl.btw": ("004495445B01",),
    "pt.nif": ("501964843",),
    "se.orgnr": ("1234567897",),
}


def stdnum_number(module: str, name: str | None = None, examples: tuple[str, ...] = ()) -> Check:
    """A number valid by ``stdnum.<module>`` (e.g. ``"nl.btw"``, ``"se.orgnr"``, ``"pt.nif"``).

    ``examples`` are valid numbers for generated payloads (defaults: :data:`EXAMPLES`).
    Its shortcut is the memoized verdict itself: a text it finds valid passes unchanged.
    """
    return Check(
        name or module.replace(".", "_"),
        _validator(module),
        {"type": "string"},
        examples=examples or EXAMPLES.get(module, ()),
        inline=Inline(
            "type({v}) is str and len({v}) <= 64 and {verdict}({module}, {v}) is None",
            {"verdict": verdict, "module": module},
            same=True,
        ),
    )


def iban() -> Check:
    """An IBAN: country format and check digits (ISO 13616)."""
    return stdnum_number("iban", "iban")


def bic() -> Check:
    """A BIC (ISO 9362): 8 or 11 characters, known country."""
    return stdnum_number("bic", "bic")


def vat(country: str | None = None) -> Check:
    """A VAT number: any EU number with its country prefix, or one country's (``"hu"``).

    With ``country``, the number may be written with or without that country's prefix.
    A Hungarian number may also be the full tax number ``12345678-1-23``, whose first
    eight digits are the VAT number (ANUM) with its check digit.
    """
    if country is None:
        return stdnum_number("eu.vat", "vat")
    module = f"{country.lower()}.vat" if country.lower() != "hu" else "hu.anum"
    inner = _validator(module)
    prefixed = _validator("eu.vat")
    hungarian = country.lower() == "hu"

    def check(value: Any) -> Any:
        shown = as_text(value)
        if hungarian and shown is not None and _HU_TAX_NUMBER.fullmatch(shown.strip()):
            inner(shown.strip()[:8])
            return value
        try:
            return inner(value)
        except Invalid:
            return prefixed(value)

    local = EXAMPLES.get(module, ())
    prefixed_examples = tuple(
        v for v in EXAMPLES["eu.vat"] if v.upper().startswith(country.upper())
    )
    return Check(
        f"vat_{country.lower()}",
        check,
        {"type": "string"},
        examples=local + prefixed_examples,
    )
