"""JSON Schema validation as an editor does it: ECMA-262 patterns, formats asserted.

Python's ``jsonschema`` reads ``pattern`` with Python's ``re`` (whose ``\\d`` and ``\\s``
know Unicode) and asserts no ``format`` by default; editors run patterns as JavaScript
regular expressions (``u`` flag) and check the formats they know. A schema clearance
exports must take every value its checks take under both readings.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import regress
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jsonschema.protocols import Validator


@functools.cache
def _ecma(pattern: str) -> regress.Regex:
    return regress.Regex(pattern, "u")


def _pattern(
    validator: Validator, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    del schema
    if validator.is_type(instance, "string") and _ecma(pattern).find(instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r} (ECMA-262)")


EditorValidator = validators.extend(Draft202012Validator, {"pattern": _pattern})


def validators_for(schema: dict[str, Any]) -> tuple[Validator, Validator]:
    """``schema`` as Python reads it and as an editor does, formats asserted in both."""
    checker = Draft202012Validator.FORMAT_CHECKER
    return (
        Draft202012Validator(schema, format_checker=checker),
        EditorValidator(schema, format_checker=checker),
    )


def accepts(schema: tuple[Validator, Validator], value: Any) -> bool:
    """Whether both readings of a schema take ``value``."""
    return all(reading.is_valid(value) for reading in schema)


def patterns(schema: Any) -> Iterator[str]:
    """Every regular expression in ``schema``: ``pattern`` values, ``patternProperties`` keys."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from value
            yield from patterns(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from patterns(item)


def ecma_error(pattern: str) -> str | None:
    """Why ``pattern`` is no ECMA-262 regular expression (``u`` flag), or ``None``."""
    try:
        _ecma(pattern)
    except regress.RegressError as exc:
        return str(exc)
    return None
