"""JSON in and out: strict parsing of raw bodies, and positions of values in the text.

A body is parsed once, by msgspec, with every non-integral number read as a ``Decimal``
(amounts keep every written digit); where msgspec refuses a body, or might read it
otherwise, Python's ``json`` module (exact and hardened) parses it, and gives the reason
when it is not JSON. Only positions need code of our own, because no parser reports
them. The scanner in :func:`locate` is iterative, so a deeply nested file cannot exhaust
the stack.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

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


#: A body at least this long may hold a digit run as long as the one ``_int`` turns into a
#: ``Decimal``: only then is the hook needed.
_LONG = 4000
#: Every byte as ``0`` (an ASCII digit) or ``x``: a run of ``_LONG`` digits is then a plain
#: substring, found in linear time (a regular expression would retry every digit of a run).
_AS_DIGITS = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x78 for byte in range(256))  # noqa: PLR2004
_RUN = b"0" * _LONG


def _long_digits(raw: str | bytes) -> bool:
    """Whether ``raw`` holds a run of at least ``_LONG`` ASCII digits."""
    if isinstance(raw, str):  # digits are ASCII: other characters only need to stay apart
        raw = raw.encode("ascii", "replace") if not raw.isascii() else raw.encode("ascii")
    return _RUN in raw.translate(_AS_DIGITS)


# Built once: ``json.loads`` with hooks builds a decoder on every call, which costs more
# than decoding a small body. ``decode`` is what ``json.loads`` runs for a ``str``.
_DECODER = json.JSONDecoder(parse_float=_float, parse_constant=_reject_constant)
_LONG_DECODER = json.JSONDecoder(
    parse_float=_float, parse_int=_int, parse_constant=_reject_constant
)


#: The fast decoder, once :func:`_fast` has loaded it.
_DECODE: list[Callable[[str | bytes], Any]] = []


def _fast() -> list[Callable[[str | bytes], Any]]:
    """The JSON decoder of msgspec, numbers read as the exact parser reads them (lazily).

    It parses a body at about orjson's speed in at most about five times its size, and
    refuses everything :mod:`json` refuses here (NaN, bad UTF-8, control characters, too
    deep). Where it refuses what :mod:`json` takes (a BOM, a lone surrogate escape), or
    would read a number otherwise (a 4000-digit run: ``int`` where :func:`_int` gives a
    ``Decimal``), :func:`loads` leaves the body to :mod:`json`. Duplicate keys: the last
    value at the first key's place, as :mod:`json` keeps them.
    """
    if not _DECODE:
        try:
            import msgspec  # noqa: PLC0415 - its import costs a check that parses nothing
        except ImportError:  # an install without it: the exact parser reads every body
            _DECODE.append(_unavailable)
        else:
            _DECODE.append(msgspec.json.Decoder(float_hook=_float).decode)
    return _DECODE


def _unavailable(raw: str | bytes) -> Any:
    raise ValueError(f"msgspec is not installed to read {len(raw)} bytes")


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
    if not isinstance(raw, str | bytes):
        raw = bytes(raw)
    long_digits = len(raw) >= _LONG and _long_digits(raw)
    if not long_digits:
        try:
            return (_DECODE or _fast())[0](raw)
        except Exception:  # noqa: BLE001, S110 - the exact parser answers, with its reason
            pass
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedJsonError(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    else:
        text = raw
    text = text.removeprefix("\ufeff")
    if not text or text.isspace():  # as ``not text.strip()``, without copying the text
        raise EmptyBodyError("empty body")
    try:
        # Without a 4000-digit run every integer reads as ``_int`` would read it.
        if not long_digits:
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
