"""Reading the files the linter checks: size first, then kind, encoding and syntax.

A file named on the command line is read only when it is a regular file (a FIFO would
block until some other program writes to it) and no larger than the body limit; ``-``
is standard input. What a file holds is told from its first character: JSON, XML (co3's
notation), empty, or neither. A file that does not parse gets the line and column of
its syntax error, and a file that is not UTF-8 says so, where the first such byte is.
Positions of findings are looked up in the text as its encoding (a byte-order mark, an
XML declaration) says to read it.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import re
import stat
import sys
from typing import TYPE_CHECKING, Literal, NamedTuple

from clearance.errors import ClearanceError, closest

if TYPE_CHECKING:
    from typing import BinaryIO

__all__ = ["STDIN", "InputError", "Source", "Syntax", "decode", "notation", "read", "syntax"]

#: The path that names standard input.
STDIN = "-"
Notation = Literal["json", "xml", "empty", "other"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: UTF-16 without a byte-order mark, told by the zero byte beside the ``<`` or ``{``.
_BARE_UTF16 = ((b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"))
_DECLARED = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_SPACE = " \t\r\n"
_JSON_START = frozenset('{["-0123456789')
#: The first character that is not white space.
_START = re.compile(rb"[^ \t\r\n]")
_CONSTANT = re.compile(r"-?\b(?:NaN|Infinity)\b")
_SAVE = "the server reads UTF-8: save it as UTF-8"


class InputError(ClearanceError):
    """A file that cannot be checked as it is: unreadable, too large, not JSON or XML."""


@dataclasses.dataclass(frozen=True, slots=True)
class Source:
    """A file's contents, or, when it is larger than the limit, only its size.

    ``size`` is ``None`` for standard input that went past the limit (its size is
    unknown; it was not read to the end).
    """

    raw: bytes | None
    size: int | None


def read(name: str, limit: int, stdin: BinaryIO | None = None) -> Source:
    """Read the file ``name`` (``-``: standard input) unless it is larger than ``limit``.

    Raises:
        InputError: the file does not exist, is not a regular file, or cannot be read.
    """
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        raw = stream.read(limit + 1)
        return Source(None, None) if len(raw) > limit else Source(raw, len(raw))
    try:
        status = os.stat(name)  # noqa: PTH116 - strings: this runs per file
        if not stat.S_ISREG(status.st_mode):
            raise InputError(
                f"{name}: not a regular file ({_kind(status.st_mode)}); "
                "to read from a pipe, use - for standard input"
            )
        if status.st_size > limit:
            return Source(None, status.st_size)
        # As much as the file holds, and a byte more: a read of ``limit + 1`` bytes would
        # allocate the whole limit (32 MiB) for every small file. A file that grows after
        # the ``stat`` (or that reports no size, as /proc does) is read on to the limit.
        size = status.st_size + 1
        with open(name, "rb", buffering=0) as handle:  # noqa: PTH123 - unbuffered: one read
            raw = handle.read(size)
            if len(raw) == size:
                raw += handle.read(limit + 1 - size)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file{_did_you_mean(name)}") from None
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror or exc}") from None
    return Source(None, len(raw)) if len(raw) > limit else Source(raw, len(raw))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"


def _did_you_mean(name: str) -> str:
    """`` (did you mean 'x'?)`` with the closest names in the file's folder, if any."""
    folder, base = os.path.split(name)
    try:
        siblings = os.listdir(folder or ".")  # noqa: PTH208 - names, not paths
    except OSError:
        return ""
    found = [os.path.join(folder, n) for n in closest(base, siblings)]  # noqa: PTH118
    return f" (did you mean {' or '.join(map(repr, found))}?)" if found else ""


def notation(raw: bytes) -> Notation:
    r"""How a file is written, told by its first character.

    >>> notation(b' {"a": 1}'), notation(b"<command/>"), notation(b"  "), notation(b"a: 1")
    ('json', 'xml', 'empty', 'other')
    >>> notation(b"null"), notation(b"none: 1"), notation(b"\n" * 100 + b"[]")
    ('json', 'other', 'json')
    """
    codec = encoding(raw)
    if codec.startswith(("utf-16", "utf-32")):
        start = raw[:256].decode(codec, errors="replace").lstrip("\ufeff" + _SPACE)[:5]
    else:
        found = _START.search(raw, len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)
        if found is None:
            return "empty"
        start = raw[found.start() : found.start() + 5].decode("latin-1")
    if not start:
        return "empty"
    if start[0] == "<":
        return "xml"
    if start[0] in _JSON_START or start.startswith(("true", "false", "null")):
        return "json"
    return "other"


def encoding(raw: bytes) -> str:
    """The encoding to read ``raw`` in: its byte-order mark, its XML declaration, or UTF-8."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return codec
    for start, codec in _BARE_UTF16:
        if raw.startswith(start):
            return codec
    declared = _DECLARED.match(raw, 0, 256)
    if declared is not None:
        try:
            return codecs.lookup(declared[1].decode("ascii")).name
        except LookupError:
            pass
    return "utf-8"


def decode(raw: bytes) -> str:
    """``raw`` as text, in :func:`encoding`; what cannot be decoded is replaced."""
    return raw.decode(encoding(raw), errors="replace").removeprefix("\ufeff")


class Syntax(NamedTuple):
    """Where and why a file does not parse: 1-based line and column, and the reason."""

    line: int
    column: int
    message: str


def syntax(raw: bytes) -> Syntax | None:
    r"""Where ``raw`` (JSON, or XML) fails to parse; ``None`` when it parses.

    A JSON file that is not UTF-8 fails at its first byte that is not.

    >>> syntax(b'{\n  "a": 1,\n}')[:2], syntax(b'[1, 2]')
    ((3, 1), None)
    >>> syntax(b'{"name": "Caf\xe9"}').message
    'not UTF-8: byte 0xE9 (a Latin-1 or Windows-1252 file? the server reads UTF-8: ...)'
    """
    kind = notation(raw)
    if kind == "xml":
        return _xml_syntax(raw)
    if kind == "other":
        return Syntax(1, 1, "neither JSON nor XML")
    codec = encoding(raw)
    if codec not in {"utf-8", "utf-8-sig"}:
        return Syntax(1, 1, f"not UTF-8: the file is {codec.upper()} ({_SAVE})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        return Syntax(
            line,
            column,
            f"not UTF-8: byte 0x{raw[exc.start]:02X} (a Latin-1 or Windows-1252 file? {_SAVE})",
        )
    return _json_syntax(text.removeprefix("\ufeff"))


def _json_syntax(text: str) -> Syntax | None:
    try:
        json.loads(text, parse_constant=_refuse)
    except json.JSONDecodeError as exc:
        return Syntax(exc.lineno, exc.colno, f"not valid JSON: {exc.msg}")
    except ValueError:
        found = _CONSTANT.search(text)
        offset = found.start() if found else 0
        line = text.count("\n", 0, offset) + 1
        column = offset - text.rfind("\n", 0, offset)
        return Syntax(line, column, "not valid JSON: NaN and Infinity are not JSON")
    except RecursionError:
        return Syntax(1, 1, "not valid JSON: nested too deeply")
    return None


def _refuse(name: str) -> None:
    raise ValueError(name)


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset`` of UTF-8 ``raw``."""
    start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def _xml_syntax(raw: bytes) -> Syntax | None:
    """Where expat stops reading ``raw``; nothing for a DTD (the check refuses it anyway)."""
    from xml.parsers import expat  # noqa: PLC0415

    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        return None
    parser = expat.ParserCreate()
    try:
        parser.Parse(raw, True)  # noqa: FBT003 - expat's positional flag
    except expat.ExpatError as exc:
        reason = expat.errors.messages[exc.code]
        return Syntax(exc.lineno, exc.offset + 1, f"not well-formed XML: {reason}")
    except (ValueError, RecursionError):
        return None
    return None
