"""Checks in the manner of Ruby on Rails' validators: presence and numeric ranges.

Servers built on Rails call a value *blank* when it is an empty or white-space string,
``false``, or an empty list or object, and read numbers from JSON numbers and numeric
strings alike. These checks copy that reading so that an API whose messages come from
Rails (``"can't be blank"``, ``"must be a number between 0 and 99.99"``) can be judged
the same way, and no stricter.

>>> present()("  ")
Traceback (most recent call last):
...
clearance.fields.Invalid: blank
>>> number_between(0, "99.99")("99.99")
Decimal('99.99')
>>> number_above(0)(0)
Traceback (most recent call last):
...
clearance.fields.Invalid: not greater than 0
>>> unless_blank(number_above(0))("")
''
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from clearance.fields import SPACE, Check, Inline, Invalid, Kind, Traits, number, to_decimal

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "is_blank",
    "number_above",
    "number_between",
    "numericality",
    "plain_number",
    "present",
    "unless_blank",
]


def is_blank(value: Any) -> bool:
    """Whether Rails would call ``value`` blank (``None`` included).

    >>> is_blank(" "), is_blank(False), is_blank([]), is_blank(0), is_blank("0")
    (True, True, True, False, False)
    """
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value
    return False


#: Values :func:`is_blank` certainly calls present: a string with a non-space character,
#: or a JSON number (never a ``bool``: ``type(True) is bool``; signalling NaNs are left
#: to the check, as they cannot even be compared with themselves).
_PRESENT = Inline(
    "((type({v}) is str and {v}.strip() != '') or type({v}) is int"
    " or type({v}) is float or (type({v}) is {Decimal} and {v}.is_finite()))",
    {"Decimal": Decimal},
    same=True,
)


def present() -> Check:
    """A value that is not blank (``can't be blank``)."""

    def check(value: Any) -> Any:
        if is_blank(value):
            raise Invalid("blank")
        return value

    return Check(
        "present",
        check,
        {"not": {"enum": ["", False, [], {}]}},
        Traits(Kind.TEXT, nonblank=True),
        inline=_PRESENT,
    )


def unless_blank(inner: Check) -> Check:
    """``inner``, except that a blank string passes untouched (an optional field left empty).

    Servers commonly read an empty form value as "not given"; where the documentation
    does not say otherwise, an empty string is not judged. Where ``inner`` has a fast-path
    shortcut, so does the result: a value ``inner`` certainly passes, or a blank string.
    """

    def check(value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return value
        return inner.fn(value)

    # ``SPACE``: what ``str.strip`` removes, also read as ECMA-262 (whose ``\s`` lacks some).
    schema = {"anyOf": [inner.schema, {"type": "string", "pattern": f"^{SPACE}*$"}]}
    inline = None
    if inner.inline is not None:
        # A blank string comes back as it is, so ``same`` carries over from ``inner``.
        inline = Inline(
            f"({inner.inline.test}) or (type({{v}}) is str and {{v}}.strip() == '')",
            inner.inline.env,
            same=inner.inline.same,
        )
    # The same check to clearance.testing (name, params, examples), with the new verdict.
    return dataclasses.replace(
        inner, fn=check, schema=schema if inner.schema else {}, inline=inline
    )


def unless_false(inner: Check) -> Check:
    """``inner``, except that JSON ``false`` passes: Rails reads it as blank (``false.blank?``).

    For optional fields that a server skips when blank, where clients send ``false`` for
    "none" (Odoo's idiom).
    """

    def check(value: Any) -> Any:
        if value is False:
            return value
        return inner.fn(value)

    schema = {"anyOf": [inner.schema, {"const": False}]} if inner.schema else {}
    inline = None
    if inner.inline is not None:
        inline = Inline(
            f"({inner.inline.test}) or {{v}} is False", inner.inline.env, same=inner.inline.same
        )
    return dataclasses.replace(inner, fn=check, schema=schema, inline=inline)


def _number_schema(**bounds: float) -> dict[str, Any]:
    return {"anyOf": [{"type": "number", **bounds}, {"type": "string"}]}


def plain_number(*, comma: bool = False) -> re.Pattern[str]:
    """Numeric strings that :func:`~clearance.fields.to_decimal` reads as ``Decimal(text)``.

    Digits (ASCII only), one optional point (``comma``: or comma, read as a point), an
    optional sign; no exponent, no white space, at most 202 characters. Every such
    string is a finite number for ``to_decimal``, spelled exactly as ``Decimal`` reads it.

    >>> bool(plain_number(comma=True).fullmatch("-12,50")), bool(plain_number().fullmatch("1e3"))
    (True, False)
    """
    point = "[.,]" if comma else r"\."
    return re.compile(rf"[+-]?(?:[0-9]{{1,100}}(?:{point}[0-9]{{0,100}})?|{point}[0-9]{{1,100}})")


def _reader(comma: bool) -> Callable[[Any], Decimal | None]:
    """``to_decimal(value, comma=comma)``, the common spellings read without its detours."""
    plain = plain_number(comma=comma)

    def read(value: Any) -> Decimal | None:
        kind = type(value)
        if kind is str and plain.fullmatch(value) is not None:
            return Decimal(value.replace(",", ".") if comma else value)
        if kind is int:
            return Decimal(value)
        return to_decimal(value, comma=comma)

    return read


def _compared(condition: str | None, comma: bool, env: dict[str, Any]) -> Inline:
    """A shortcut: the value reads as a finite number, and ``condition`` holds for it.

    ``condition`` is a test over ``{n}``, the number as ``to_decimal`` reads it (``None``:
    any number). Never ``same``: the checks return the ``Decimal``.
    """
    text = "{Decimal}({v}.replace(',', '.'))" if comma else "{Decimal}({v})"
    spelled = (
        # a whole number in ASCII digits (the commonest; ``isdigit`` alone takes "²")
        ("type({v}) is str and {v}.isdigit() and {v}.isascii() and len({v}) <= 400", "int({v})"),
        # any other plain numeric string, read as it is written
        ("type({v}) is str and {plain}.fullmatch({v}) is not None", text),
        ("type({v}) is int", "{v}"),
        ("type({v}) is {Decimal} and {v}.is_finite()", "{v}"),
        # a finite float, read through its shortest repr as ``to_decimal`` does
        ("type({v}) is float and {v} - {v} == 0", "{Decimal}(repr({v}))"),
    )
    test = " or ".join(
        f"({kind} and {condition.replace('{n}', n)})" if condition else f"({kind})"
        for kind, n in spelled
    )
    return Inline(test, {"plain": plain_number(comma=comma), "Decimal": Decimal, **env})


def numericality(*, comma: bool = False) -> Check:
    """A finite number (``is not a number``): :func:`clearance.fields.number`, read faster.

    The same check, answering the same, with a fast-path shortcut for plain numeric
    strings as well as JSON numbers.

    >>> numericality(comma=True)("9,5")
    Decimal('9.5')
    """
    read = _reader(comma)

    def check(value: Any) -> Decimal:
        result = read(value)
        if result is None:
            raise Invalid("not a number")
        return result

    return dataclasses.replace(number(comma=comma), fn=check, inline=_compared(None, comma, {}))


def number_between(low: float | str, high: float | str, *, comma: bool = False) -> Check:
    """A number from ``low`` to ``high``, both inclusive (``in: low..high``).

    A value that is not a number fails too: Rails' range messages read "must be a
    number between ...". ``comma`` also takes a decimal comma (``"9,5"``).

    >>> number_between(1, 3)("2.5"), number_between(1, 3)(3)
    (Decimal('2.5'), Decimal('3'))
    >>> number_between(1, 3)("4")
    Traceback (most recent call last):
    ...
    clearance.fields.Invalid: not between 1 and 3
    """
    lower, upper = Decimal(str(low)), Decimal(str(high))
    read = _reader(comma)

    def check(value: Any) -> Decimal:
        number = read(value)
        if number is None:
            raise Invalid("not a number")
        if not lower <= number <= upper:
            raise Invalid(f"not between {low} and {high}")
        return number

    return Check(
        "number_between",
        check,
        _number_schema(minimum=float(lower), maximum=float(upper)),
        Traits(Kind.NUMBER, minimum=lower, maximum=upper, comma=comma),
        inline=_compared("{lower} <= {n} <= {upper}", comma, {"lower": lower, "upper": upper}),
    )


def number_above(limit: float | str, *, comma: bool = False) -> Check:
    """A number strictly greater than ``limit`` (``greater_than: limit``); non-numbers fail."""
    bound = Decimal(str(limit))
    read = _reader(comma)

    def check(value: Any) -> Decimal:
        number = read(value)
        if number is None:
            raise Invalid("not a number")
        if number <= bound:
            raise Invalid(f"not greater than {limit}")
        return number

    return Check(
        "number_above",
        check,
        _number_schema(exclusiveMinimum=float(bound)),
        Traits(Kind.NUMBER, above=bound, comma=comma),
        inline=_compared("{n} > {bound}", comma, {"bound": bound}),
    )
