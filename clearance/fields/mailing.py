"""E-mail address fields that hold one address or a ``;``-separated list of them.

Two checks split the verdict, so that an API can give each its own code: one judges a
value without a separator as a single address, the other judges a list. Empty items (a
trailing ``;``) and the spaces around items are ignored. Nothing is looked up in DNS.

>>> address_list()("factuur@voorbeeld.nl; boekhouding@voorbeeld.nl;")
'factuur@voorbeeld.nl; boekhouding@voorbeeld.nl;'
>>> single_address()("factuur@@voorbeeld.nl")
Traceback (most recent call last):
...
clearance.fields.Invalid: The part after the @-sign contains invalid characters: '@'.
"""

from __future__ import annotations

import functools
from typing import Any

from clearance.fields import Check, Inline, Invalid, Kind, Traits, as_text, email

__all__ = ["SEPARATOR", "address_list", "single_address"]

SEPARATOR = ";"
_ADDRESS = email()


def _takes(item: str) -> bool:
    """Whether the e-mail check accepts ``item`` (cached for address-sized texts)."""
    return _takes_cached(item) if len(item) <= _CACHED_ADDRESS else _judged(item)


def _judged(item: str) -> bool:
    try:
        _ADDRESS.fn(item)
    except Invalid:
        return False
    return True


#: Longer items are no address (254 characters at most): never kept in the cache.
_CACHED_ADDRESS = 320
_takes_cached = functools.lru_cache(maxsize=4096)(_judged)


def _judge(item: str) -> None:
    _ADDRESS.fn(item.strip())


def single_address() -> Check:
    """One valid address, when the value holds no separator (lists: :func:`address_list`)."""

    def check(value: Any) -> Any:
        shown = as_text(value)
        if shown is None and value is not None and not isinstance(value, str):
            raise Invalid("not an address")
        if shown is not None and SEPARATOR not in shown:
            address = shown.strip()
            if address and not _takes(address):
                _judge(shown)  # raises the e-mail check's own reason
        return value

    # A list is address_list's to judge; a single address is judged stripped.
    return Check(
        "single_address",
        check,
        {"type": "string"},
        Traits(Kind.EMAIL),
        inline=Inline(
            "type({v}) is str and ({separator} in {v} or {email}({v}.strip()))",
            {"separator": SEPARATOR, "email": _takes},
            same=True,
        ),
    )


def address_list() -> Check:
    """Every item of a ``;``-separated list is a valid address (single values pass)."""

    def check(value: Any) -> Any:
        shown = as_text(value)
        if shown is not None and SEPARATOR in shown:
            for item in shown.split(SEPARATOR):
                address = item.strip()
                if address and not _takes(address):  # _judge(item) would raise
                    raise Invalid("an item is not an address", item=address)
        return value

    return Check(
        "address_list",
        check,
        {"type": "string"},
        Traits(Kind.EMAIL, separators=SEPARATOR),
        inline=Inline(
            "type({v}) is str and {separator} not in {v}", {"separator": SEPARATOR}, same=True
        ),
    )
