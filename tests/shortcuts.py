"""The promise of a check's fast-path shortcut (:class:`clearance.fields.Inline`), for tests.

Where the shortcut holds on a value, the check passes that value; with ``same`` it also
returns the value unchanged (the compiled fast path then skips the call). An exception
in the shortcut reads as "not known", as the compiled checker reads it.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from clearance.fields import Check

#: Each check's shortcut as a function, compiled once (compiling is slow).
_COMPILED: dict[int, tuple[Check, Callable[[Any], Any]]] = {}


def shortcut(check: Check) -> Callable[[Any], Any]:
    """``check``'s inline test as a function of the value."""
    assert check.inline is not None
    kept = _COMPILED.get(id(check))
    if kept is None or kept[0] is not check:
        names: dict[str, Any] = {}
        test = eval(f"lambda v: {check.inline.render('v', names)}", names)  # noqa: S307 - our own source
        kept = _COMPILED[id(check)] = (check, test)
    return kept[1]


def holds(check: Check, value: Any) -> bool:
    """Whether the shortcut vouches for ``value`` (an error in it: it does not)."""
    try:
        return bool(shortcut(check)(value))
    except Exception:  # noqa: BLE001 - the compiled checker treats an error as "not known"
        return False


def assert_promise_kept(check: Check, value: Any, *, identical: bool = False) -> None:
    """Where the shortcut holds on ``value``, the check passes it (and, with ``same``,
    returns an equal value of the same type; ``identical``: the value itself)."""
    if not holds(check, value):
        return
    result = check.fn(value)  # must not raise
    assert check.inline is not None
    if not check.inline.same:
        return
    assert type(result) is type(value), (value, result)
    if identical:
        assert result is value, (value, result)
    elif isinstance(value, Decimal) and value.is_nan():  # NaN == NaN is False (or raises)
        assert result.is_nan()
        assert result.is_snan() == value.is_snan()
    elif isinstance(value, float) and math.isnan(value):
        assert math.isnan(result)
    else:
        assert result == value, (value, result)
