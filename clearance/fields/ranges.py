"""Bounds on values: numeric ranges and lengths, each reporting the bound it enforces.

Like every check in :mod:`clearance.fields`, these know no API. Each judges only what it
is about: a value that is not a number passes :func:`between` (a number check earlier in
the chain reports it), and a value that has no text form passes :func:`at_most`.

>>> between(0, 9999)(4000)
4000
>>> between(0, 9999)("10000")
Traceback (most recent call last):
...
clearance.fields.Invalid: outside 0..9999
>>> at_most(3)("SEKK")
Traceback (most recent call last):
...
clearance.fields.Invalid: longer than 3 characters
>>> blank_passes(between(1, 2))("")
''
"""

from __future__ import annotations

import dataclasses
import math
import re
from decimal import Decimal
from typing import Any

from clearance.fields import Check, Inline, Invalid, Kind, Traits, as_text, to_decimal

__all__ = ["PLAIN_NUMBER", "at_most", "between", "blank_passes", "printed"]


#: A numeric string :func:`~clearance.fields.to_decimal` reads as ``Decimal(text)``, with or
#: without ``comma``: digits, an optional minus and fraction, no space, far below 400 long.
PLAIN_NUMBER = re.compile(r"-?[0-9]{1,200}(?:\.[0-9]{1,100})?")


def _shown(bound: Decimal) -> str:
    """A bound as people write it: ``9999``, ``99999999999.9``, ``-100000000000000``."""
    return f"{bound:f}"


def printed(value: Any) -> str | None:
    """The text of a scalar as :func:`~clearance.fields.as_text` gives it, a float as JSON reads.

    A float prints the way the same number parsed from a JSON body prints (as a
    ``Decimal``), so a payload checks alike as a dict and as raw JSON.

    >>> printed(4.0776217643720456e16), printed(Decimal("4.0776217643720456e16"))
    ('40776217643720456', '40776217643720456')
    >>> printed(Decimal("12.50")), printed("ab"), printed([])
    ('12.5', 'ab', None)
    """
    if type(value) is str:  # the usual case, first
        return value
    if isinstance(value, Decimal) and value.is_finite() and math.isfinite(float(value)):
        value = float(value)  # a number from raw JSON: the float a parsed payload holds
    if isinstance(value, float):
        amount = to_decimal(value)
        return str(amount) if amount is not None else None
    return as_text(value)


def between(low: int | str, high: int | str) -> Check:
    """A number from ``low`` to ``high`` (both inclusive; ``"9,5"`` reads as 9.5).

    The message context carries ``low`` and ``high`` as written here.

    >>> between("-0.5", "0.5")(Decimal("-0.5"))
    Decimal('-0.5')
    """
    lo, hi = Decimal(str(low)), Decimal(str(high))

    def check(value: Any) -> Any:
        amount = to_decimal(value, comma=True)
        if amount is not None and not lo <= amount <= hi:
            raise Invalid(f"outside {_shown(lo)}..{_shown(hi)}", low=_shown(lo), high=_shown(hi))
        return value

    # What ``to_decimal`` makes of each JSON type, compared as ``check`` compares it: an
    # integer or a finite Decimal as it is, a finite float as its repr, a plain numeric
    # string as written.
    inline = Inline(
        "((type({v}) is int or (type({v}) is {Decimal} and {v}.is_finite()))"
        " and {lo} <= {v} <= {hi})"
        " or (type({v}) is float and {v} - {v} == 0 and {lo} <= {Decimal}(repr({v})) <= {hi})"
        " or (type({v}) is str and {plain}.fullmatch({v}) is not None"
        " and {lo} <= {Decimal}({v}) <= {hi})",
        {"Decimal": Decimal, "lo": lo, "hi": hi, "plain": PLAIN_NUMBER},
        same=True,
    )
    return Check(
        "between",
        check,
        {"minimum": float(lo), "maximum": float(hi)},
        Traits(minimum=lo, maximum=hi),
        inline=inline,
    )


def at_most(limit: int) -> Check:
    """Text of at most ``limit`` characters; the message context carries ``max``.

    Numbers are measured as printed; other JSON types pass.
    """

    def check(value: Any) -> Any:
        shown = printed(value)
        if shown is not None and len(shown) > limit:
            raise Invalid(f"longer than {limit} characters", max=limit)
        return value

    inline = Inline(f"type({{v}}) is str and len({{v}}) <= {int(limit)}", same=True)
    return Check(
        "at_most", check, {"maxLength": limit}, Traits(Kind.TEXT, max_length=limit), inline=inline
    )


def blank_passes(inner: Check) -> Check:
    """``inner``, except that an empty string passes: the way many servers write "not set"."""

    def check(value: Any) -> Any:
        if value == "":  # exactly the empty string, not any falsy value
            return value
        return inner.fn(value)

    inline = inner.inline
    if inline is not None:  # where ``inner`` certainly passes, so does this
        inline = Inline(f'({inline.test}) or {{v}} == ""', inline.env, inline.same)
    schema = inner.schema
    if schema:  # "" as well as what ``inner`` takes
        options = schema["anyOf"] if list(schema) == ["anyOf"] else [schema]
        schema = {"anyOf": [*options, {"const": ""}]}
    # The same check to clearance.testing (name, traits, examples), with the new verdict.
    return dataclasses.replace(inner, fn=check, schema=schema, inline=inline)
