"""JSON in and out: strict parsing of raw bodies, and positions of values in the text.

Python's ``json`` module is the parser (it is exact and hardened); only positions need
code of our own, because no parser in the standard library reports them. The scanner in
:func:`locate` is iterative, so a deeply nested file cannot exhaust the stack.
"""

from __future__ import annotations

import importlib
import json
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["EmptyBodyError", "MalformedJsonError", "escape_pointer", "loads", "locate", "pointer"]


class MalformedJsonError(ValueError):
    """The body is not valid JSON (or not UTF-8)."""


class EmptyBodyError(MalformedJsonError):
    """The body is empty or only white space."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _float(literal: str) -> Decimal | float:
    # Decimal refuses exponents beyond its range (1e999999999999); such a literal is a
    # float overflow to the servers' parsers: infinity or zero, which checks refuse.
    try:
        return Decimal(literal)
    except InvalidOperation:
        return float(literal)


def _int(literal: str) -> int | Decimal:
    # Python refuses to convert very long digit strings to int; JSON has no such limit.
    return int(literal) if len(literal) < 4000 else Decimal(literal)  # noqa: PLR2004


#: A digit run as long as the one ``_int`` turns into a ``Decimal``: only then is the hook needed.
_LONG_DIGITS = re.compile(r"[0-9]{4000}")

# Built once: ``json.loads`` with hooks builds a decoder on every call, which costs more
# than decoding a small body. ``decode`` is what ``json.loads`` runs for a ``str``.
_DECODER = json.JSONDecoder(parse_float=_float, parse_constant=_reject_constant)
_LONG_DECODER = json.JSONDecoder(
    parse_float=_float, parse_int=_int, parse_constant=_reject_constant
)

#: The largest body orjson parses here. It allocates many times the body (13 to 20
#: times, by tracemalloc, for megabyte bodies; most of it never touched, yet counted
#: against memory limits): a larger body goes to :mod:`json`, which needs about as much
#: as the parsed value.
ORJSON_LARGEST = 1 << 20

try:  # optional, and only a shortcut: the result is the same without it
    _orjson_loads: Any = importlib.import_module("orjson").loads
except ImportError:  # pragma: no cover - depends on the environment
    _orjson_loads = None


def _exact(value: Any) -> bool:
    """Whether a parsed value holds no ``float`` (orjson's floats lose the written digits)."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif kind is float:
            return False
    return True


def _quick(raw: str | bytes | bytearray | memoryview) -> Any:
    """The parse by orjson when it is certainly what :func:`loads` returns, else ``None``.

    orjson refuses everything :mod:`json` refuses here (NaN, a BOM, bad UTF-8, lone
    surrogates, too deep), keeps the last of duplicate keys at the first one's place as
    :mod:`json` does, and gives integers exactly up to 64 bits (larger ones become floats).
    Numbers with a fraction or an exponent become floats too: any float sends the body to
    the exact parser. ``None`` (JSON ``null``) also means "not known".
    """
    try:
        value = _orjson_loads(raw)
    except Exception:  # noqa: BLE001 - the exact parser gives the reason
        return None
    return value if _exact(value) else None


def loads(raw: str | bytes) -> Any:
    """Parse a body as the APIs' servers do: UTF-8, RFC 8259, no NaN or Infinity.

    Non-integral numbers become ``Decimal`` so that amounts keep every digit.

    >>> loads(b'{"price": 9.99}')
    {'price': Decimal('9.99')}
    >>> loads("[NaN]")
    Traceback (most recent call last):
    ...
    clearance._json.MalformedJsonError: NaN is not JSON
    """
    if _orjson_loads is not None and len(raw) <= ORJSON_LARGEST:
        value = _quick(raw)
        if value is not None:
            return value
    if isinstance(raw, bytes | bytearray | memoryview):
        try:
            text = bytes(raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedJsonError(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    else:
        text = raw
    text = text.removeprefix("\ufeff")
    if not text or text.isspace():  # as ``not text.strip()``, without copying the text
        raise EmptyBodyError("empty body")
    try:
        # Without a 4000-digit run every integer reads as ``_int`` would read it.
        if _LONG_DIGITS.search(text) is None:
            return _DECODER.decode(text)
        return _LONG_DECODER.decode(text)
    except RecursionError:
        raise MalformedJsonError("nested too deeply") from None
    except ValueError as exc:
        raise MalformedJsonError(str(exc)) from None


def escape_pointer(token: str | int) -> str:
    """Escape one reference token (RFC 6901 section 4).

    >>> escape_pointer("a/b~c")
    'a~1b~0c'
    """
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(loc: Iterable[str | int]) -> str:
    """A JSON pointer from a path of keys and indexes.

    >>> pointer(("rows", 0, "Code")), pointer(())
    ('/rows/0/Code', '')
    """
    parts = [
        token
        if type(token) is str and "~" not in token and "/" not in token
        # an index, or a key to escape
        else escape_pointer(token)
        for token in loc
    ]
    return "/" + "/".join(parts) if parts else ""


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"[^\s,\]}]+")
_SPACE = frozenset(" \t\r\n")


def _offsets(text: str, wanted: set[str]) -> dict[str, int]:  # noqa: C901, PLR0912 - one state machine
    """Offsets of the values at the ``wanted`` pointers that exist in ``text``."""
    found: dict[str, int] = {}
    stack: list[list[Any]] = []  # [is_object, pointer, next_index]
    pending: str | None = ""  # pointer of the value that starts next; None: a key comes next
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        if char in _SPACE or char == ":":
            i += 1
        elif char in "{[":
            if pending is not None and pending in wanted:
                found[pending] = i
            is_object = char == "{"
            stack.append([is_object, pending or "", 0])
            pending = None if is_object else f"{pending or ''}/0"
            i += 1
        elif char in "}]":
            if stack:
                stack.pop()
            pending = None
            i += 1
        elif char == ",":
            if stack and not stack[-1][0]:
                stack[-1][2] += 1
                pending = f"{stack[-1][1]}/{stack[-1][2]}"
            else:
                pending = None
            i += 1
        elif char == '"':
            match = _STRING.match(text, i)
            stop = match.end() if match else end
            if stack and stack[-1][0] and pending is None:
                key = json.loads(text[i:stop]) if match else ""
                pending = f"{stack[-1][1]}/{escape_pointer(key)}"
            else:
                if pending is not None and pending in wanted:
                    found[pending] = i
                pending = None
            i = stop
        else:
            match = _SCALAR.match(text, i)
            if pending is not None and pending in wanted:
                found[pending] = i
            pending = None
            i = match.end() if match else i + 1
    return found


def locate(text: str, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
    r"""1-based (line, column) of the value at each pointer in a JSON text.

    A pointer to a key that is not there (a missing field) gets the position of the
    nearest enclosing value that is.

    >>> locate('{\n  "a": {"b": 1}\n}', ["/a/b", "/a/c", ""])
    {'/a/b': (2, 14), '/a/c': (2, 8), '': (1, 1)}
    """
    text = text.removeprefix("\ufeff")
    requested = list(dict.fromkeys(pointers))
    wanted: set[str] = set()
    for ptr in requested:
        parts = ptr.split("/")
        wanted.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
    offsets = _offsets(text, wanted)
    found: dict[str, int] = {}
    for ptr in requested:
        parts = ptr.split("/")
        for n in range(len(parts), 0, -1):
            offset = offsets.get("/".join(parts[:n]))
            if offset is not None:
                found[ptr] = offset
                break
    return {ptr: _line_column(text, found, ptr) for ptr in requested}


def _line_column(text: str, found: dict[str, int], ptr: str) -> tuple[int, int]:
    """1-based line and column of ``found[ptr]`` (``(1, 1)`` when it was not found).

    Newlines are counted by ``str.count`` up to the offset only: no list of every
    newline of a large file.
    """
    offset = found.get(ptr)
    if offset is None:
        return 1, 1
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
