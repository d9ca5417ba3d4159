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
from decimal import Decimal
from typing import Any

from clearance.fields import Check, Invalid, to_decimal

__all__ = ["is_blank", "number_above", "number_between", "present", "unless_blank"]


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


def present() -> Check:
    """A value that is not blank (``can't be blank``)."""

    def check(value: Any) -> Any:
        if is_blank(value):
            raise Invalid("blank")
        return value

    return Check("present", check, {"not": {"enum": ["", False, [], {}]}})


def unless_blank(inner: Check) -> Check:
    """``inner``, except that a blank string passes untouched (an optional field left empty).

    Servers commonly read an empty form value as "not given"; where the documentation
    does not say otherwise, an empty string is not judged.
    """

    def check(value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return value
        return inner.fn(value)

    schema = {"anyOf": [inner.schema, {"type": "string", "pattern": r"^\s*$"}]}
    # The same check to clearance.testing (name, params, examples), with the new verdict.
    return dataclasses.replace(inner, fn=check, schema=schema if inner.schema else {}, inline=None)


def _number_schema(**bounds: float) -> dict[str, Any]:
    return {"anyOf": [{"type": "number", **bounds}, {"type": "string"}]}


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

    def check(value: Any) -> Decimal:
        number = to_decimal(value, comma=comma)
        if number is None:
            raise Invalid("not a number")
        if not lower <= number <= upper:
            raise Invalid(f"not between {low} and {high}")
        return number

    return Check(
        "number_between",
        check,
        _number_schema(minimum=float(lower), maximum=float(upper)),
        {"minimum": lower, "maximum": upper, "comma": comma},
    )


def number_above(limit: float | str, *, comma: bool = False) -> Check:
    """A number strictly greater than ``limit`` (``greater_than: limit``); non-numbers fail."""
    bound = Decimal(str(limit))

    def check(value: Any) -> Decimal:
        number = to_decimal(value, comma=comma)
        if number is None:
            raise Invalid("not a number")
        if number <= bound:
            raise Invalid(f"not greater than {limit}")
        return number

    return Check(
        "number_above",
        check,
        _number_schema(exclusiveMinimum=float(bound)),
        {"exclusive_minimum": bound, "comma": comma},
    )
