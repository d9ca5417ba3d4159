"""Country names and codes as any locale writes them (CLDR, through babel).

A name is compared without regard to letter case, accents, punctuation or spacing
(``&`` reads as "and"): ``"Côte d'Ivoire"``, ``"cote divoire"`` and ``"CÔTE-D'IVOIRE"``
are the same name. A value passes when it is an ISO 3166 code (alpha-2, alpha-3 or
numeric, current or withdrawn, as CLDR lists them), a country's name in any of CLDR's
locales, or one of the extra names a check is given; only a name that matches none of
them is refused.

The names load lazily: the codes and the English, Portuguese and Spanish names on the
first check, every other locale (about a thousand files, half a second) only when a
name is missing from those; nothing loads at import.

More information:

* https://cldr.unicode.org/translation/displaynames/countryregion-territory-names
* https://babel.pocoo.org/en/latest/api/core.html#babel.core.Locale.territories

>>> check = country_name()
>>> check("Portugal"), check("deu"), check("Alemanha"), check("Njemačka")
('Portugal', 'deu', 'Alemanha', 'Njemačka')
>>> check("Germani")
Traceback (most recent call last):
...
clearance.fields.Invalid: not a known country
"""

from __future__ import annotations

import functools
import unicodedata
from typing import TYPE_CHECKING, Any

from clearance.fields import Check, Inline, Invalid, Traits

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["country_key", "country_name"]

#: Locales whose names are read on the first check: English (the vendors' examples),
#: and the languages of the Iberian accounts that send most names.
_FIRST_LOCALES = ("en", "pt", "es")
#: Longer than any country name in any locale, even padded: no need to compare it.
_LONGEST = 1000


def country_key(text: str) -> str:
    """``text`` without letter case, accents, punctuation or spacing (``&`` as "and").

    >>> country_key(" Bosnia & Herzegovina "), country_key("SÃO TOMÉ")
    ('bosniaandherzegovina', 'saotome')
    """
    folded = unicodedata.normalize("NFKD", text.replace("&", " and ").casefold())
    return "".join(char for char in folded if char.isalnum())


@functools.cache
def _first() -> frozenset[str]:
    """The codes, and the names of :data:`_FIRST_LOCALES`, as keys."""
    from babel import Locale  # noqa: PLC0415 - lazy: babel's data loads on first use
    from babel.core import get_global  # noqa: PLC0415

    keys = {country_key(code) for code in get_global("territory_aliases")}
    for locale in _FIRST_LOCALES:
        territories = Locale.parse(locale).territories
        keys.update(country_key(code) for code in territories if isinstance(code, str))
        keys.update(country_key(name) for name in territories.values() if isinstance(name, str))
    return frozenset(keys)


@functools.cache
def _everywhere() -> frozenset[str]:
    """The names of every locale CLDR has, as keys.

    Each locale file is read on its own and dropped (babel's own loader would keep
    every one in memory: 170 MB); the files are babel's package data.
    """
    import pickle  # noqa: PLC0415 - lazy: only when a name is missing from _first

    from babel import localedata  # noqa: PLC0415

    keys: set[str] = set()
    for locale in localedata.locale_identifiers():
        with open(localedata.resolve_locale_filename(locale), "rb") as file:  # noqa: PTH123
            data = pickle.load(file)  # noqa: S301 - babel's own package data
        keys.update(country_key(name) for name in data.get("territories", {}).values())
    return frozenset(keys)


def country_name(extra: Iterable[str] = ()) -> Check:
    """A country: an ISO 3166 code, or a name in any locale or among ``extra``.

    Only strings are judged, and a text with no letter or digit (blank, punctuation) is
    not: whether a server looks such a value up is not known.
    """
    listed = tuple(extra)
    as_listed = frozenset(listed)

    @functools.cache
    def extra_keys() -> frozenset[str]:
        return frozenset(country_key(name) for name in listed)

    def check(value: Any) -> Any:
        if not isinstance(value, str) or value in as_listed:
            return value
        if len(value) > _LONGEST:
            raise Invalid("not a known country")
        key = country_key(value)
        if not key or key in extra_keys() or key in _first() or key in _everywhere():
            return value
        raise Invalid("not a known country")

    # Any value: names in every script and spelling pass, and other types are not judged.
    return Check(
        "country",
        check,
        {},
        Traits(refused=("Germani",)),
        examples=("Portugal", "Germany", "ES", "Alemanha", "España", *listed[:3]),
        inline=Inline("type({v}) is str and {v} in {listed}", {"listed": as_listed}, same=True),
    )
