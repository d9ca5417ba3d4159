"""Checks of standard numbers (IBAN, BIC, VAT numbers, national ids) by python-stdnum.

Each check validates with the stdnum module's own ``validate`` (check digits included)
and passes the original value on unchanged. A server may format or compact numbers
differently; these checks only judge validity, never spacing: stdnum accepts the usual
separators (spaces, dots, dashes) just as the servers do.

A number is judged by its structure alone, never by a registry of issued codes, which
ages (CONTRACT principle 2): where a stdnum module looks a component up in such a list,
clearance checks the rest of the number itself. The audit of every module on the path
to a refusal (python-stdnum 2.2):

* ``iban``: country and BBAN format from the SWIFT IBAN registry bundled as
  ``iban.dat`` (the structure ISO 13616 defines per country: kept), mod 97; then the
  country's own module, which for Belgium looks the bank code up in the National Bank of
  Belgium list (``be/banks.dat``). clearance runs the national check digits itself:
  Belgium (mod 97 of the first ten BBAN digits), Spain (the CCC's two check digits),
  Montenegro (the BBAN mod 97 is 1), Norway (the account number's mod 11).
* ``eu.vat``: each member state's module. Two consult a list of issued codes: Italy's
  ``it.iva`` (the province office code, 001-100, 120, 121, 888, 999) and Romania's
  ``ro.cnp`` behind ``ro.cf`` for a 13-digit number (the county code). clearance checks
  those two numbers without the list. The others judge length, characters, check digits
  and the numbering scheme (Belgium's leading 0 or 1, Cyprus never 12, a Czech legal
  entity never 9, a date of birth that exists, the ranges of UK government numbers).
* ``hu.anum``, ``pt.nif``: length, digits, check digit.
* ``bic``: length, characters, and a country code of ISO 3166 (with XK): the country is
  structure, as it is for an IBAN; no bank is looked up.

>>> iban()("NL91 ABNA 0417 1643 00"), iban()("BE68539007547034")
('NL91 ABNA 0417 1643 00', 'BE68539007547034')
>>> iban()("NL91ABNA0417164301")
Traceback (most recent call last):
...
clearance.fields.Invalid: The number's checksum or check digit is invalid.
>>> vat()("ATU13585627"), vat(country="hu")("12892312-2-41")
('ATU13585627', '12892312-2-41')
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from functools import cache, lru_cache
from pathlib import Path
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


#: Countries whose IBANs clearance checks further (national check digits, see :func:`_iban`).
_NATIONAL = frozenset({"BE", "ES", "ME", "NO"})
#: ASCII letters and digits, spaces between: an IBAN python-stdnum reads as it is written.
_PLAIN_IBAN = re.compile(r"[A-Za-z]{2}[0-9]{2}[A-Za-z0-9 ]{1,60}")
#: A BBAN format of the IBAN registry (``4!a6!n``), and one of its parts.
_FORMAT = re.compile(r"(?:[1-9][0-9]*![nac])+")
_PART = re.compile(r"([1-9][0-9]*)!([nac])")
_CLASSES = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Za-z0-9]"}
#: A letter as the digits ISO 7064 MOD 97-10 reads it (``A``: ``10``).
_BASE36 = {ord(c): str(n) for n, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 10)}


@cache
def _iban_formats() -> dict[str, re.Pattern[str]]:
    """Each country's BBAN format, from python-stdnum's own copy of the IBAN registry.

    Read from its ``iban.dat`` without importing stdnum (whose import costs more than
    many checks); a line that is not a plain ``CC ... bban="..."`` entry leaves the
    table empty, and every IBAN is then judged by stdnum itself.
    """
    spec = importlib.util.find_spec("stdnum")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "iban.dat"
    formats: dict[str, re.Pattern[str]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:  # pragma: no cover - a stdnum without the file: no shortcut
        return {}
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        found = re.fullmatch(r'([A-Z]{2}) country="[^"]*" bban="([^"]*)"', line)
        if found is None or not _FORMAT.fullmatch(found.group(2)):
            return {}
        parts = _PART.findall(found.group(2))
        formats[found.group(1)] = re.compile("".join(f"{_CLASSES[k]}{{{n}}}" for n, k in parts))
    return formats


def _plain_iban(text: str) -> bool:
    """Whether ``text`` is an IBAN that python-stdnum (and :func:`_iban`) certainly takes.

    A shortcut for a new IBAN (stdnum spends ~17 µs on one): ASCII letters and digits
    with spaces between, a country whose BBAN format is in stdnum's registry and whose
    national check digits clearance does not check itself, that format, and ISO 7064
    MOD 97-10. ``False`` says nothing: stdnum judges the text. That it never takes what
    stdnum refuses is tested against stdnum.

    >>> _plain_iban("NL91 ABNA 0417 1643 00"), _plain_iban("NL91ABNA0417164301")
    (True, False)
    """
    if not _PLAIN_IBAN.fullmatch(text):
        return False
    number = text.replace(" ", "").upper()
    country = number[:2]
    bban = _iban_formats().get(country)
    if bban is None or country in _NATIONAL or not bban.fullmatch(number[4:]):
        return False
    return int((number[4:] + number[:4]).translate(_BASE36)) % 97 == 1


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
    if module == "iban" and _plain_iban(text):  # a new IBAN, without stdnum's cost
        return None
    from stdnum.exceptions import InvalidChecksum, ValidationError  # noqa: PLC0415 - lazy

    try:
        _REGISTRY_FREE.get(module, _stdnum_validate(module))(text)
    except ValidationError as exc:
        return isinstance(exc, InvalidChecksum), str(exc)
    return None


def _stdnum_validate(module: str) -> Any:
    return _module(module).validate


def _iban(number: str) -> None:
    """An IBAN by structure: python-stdnum's country check, then national check digits."""
    from stdnum import iban  # noqa: PLC0415 - lazy
    from stdnum.exceptions import InvalidChecksum  # noqa: PLC0415

    compact = iban.validate(number, check_country=False)  # format, length, mod 97
    bban = compact[4:]
    country = compact[:2]
    if country == "BE":  # the last two digits: the first ten mod 97 (97 for 0)
        if int(bban[-2:]) != (int(bban[:10]) % 97 or 97):
            raise InvalidChecksum
    elif country == "ES":  # the CCC's two check digits
        _module("es.ccc").validate(bban)
    elif country == "ME":  # the whole BBAN mod 97 is 1
        if int(bban) % 97 != 1:
            raise InvalidChecksum
    elif country == "NO":  # the account number's mod 11 check digit
        _module("no.kontonr").validate(bban)


def _eu_vat(number: str) -> None:
    """An EU VAT number as python-stdnum judges it, without its lists of issued codes."""
    from stdnum.eu import vat  # noqa: PLC0415 - lazy

    compact = vat.compact(number)  # an unknown country prefix: InvalidComponent
    own = _VAT_WITHOUT_REGISTRY.get(compact[:2])
    if own is None:
        vat.validate(number)
    else:
        own(compact[2:])


def _it_iva(number: str) -> None:
    """Italy: eleven digits, not all zero in the first seven, Luhn; the office code unjudged."""
    from stdnum import luhn  # noqa: PLC0415 - lazy
    from stdnum.exceptions import InvalidFormat, InvalidLength  # noqa: PLC0415

    if not (number.isascii() and number.isdigit()) or int(number[:7] or "0") == 0:
        raise InvalidFormat
    if len(number) != 11:  # noqa: PLR2004
        raise InvalidLength
    luhn.validate(number)


def _ro_cf(number: str) -> None:
    """Romania: a CUI (2-10 digits) or a CNP (13 digits) without its county list."""
    from stdnum.exceptions import (  # noqa: PLC0415 - lazy
        InvalidChecksum,
        InvalidComponent,
        InvalidFormat,
    )

    if len(number) != 13:  # noqa: PLR2004 - anything else: stdnum's CUI check
        _module("ro.cf").validate(number)
        return
    cnp = _module("ro.cnp")
    if not (number.isascii() and number.isdigit()):
        raise InvalidFormat
    if number[0] == "0":  # the first digit: sex and century, 1-9
        raise InvalidComponent
    cnp.get_birth_date(number)  # a date that does not exist: InvalidComponent
    if cnp.calc_check_digit(number[:-1]) != number[-1]:
        raise InvalidChecksum


#: The stdnum validations clearance replaces: those that consult a list of issued codes.
_REGISTRY_FREE: dict[str, Any] = {"iban": _iban, "eu.vat": _eu_vat}
#: Member states whose stdnum module consults such a list, by upper-case VAT prefix.
_VAT_WITHOUT_REGISTRY: dict[str, Any] = {"IT": _it_iva, "RO": _ro_cf}


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
