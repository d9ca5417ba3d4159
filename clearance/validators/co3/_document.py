"""co3 request documents: XML or JSON, read safely, and positions of elements in them.

A co3 body is ``<command><methodName>...</methodName></command>`` or the same structure
in JSON, ``{"command": {"methodName": {...}}}``. Both read into the same value, the XML
root always under the key ``command`` (its own name is not checked), so one model checks
both and pointers read alike: ``/command/getContact/contact_id``. An element that repeats
among its siblings becomes a list, and its pointer takes an index:
``/command/setInvoice/item/1``.

XML is read by :mod:`clearance._xml` (expat with defusedxml's guards: a DOCTYPE is
refused before any entity is declared).

>>> read(b"<command><getContact><contact_id> 21 </contact_id></getContact></command>")
{'command': {'getContact': {'contact_id': ' 21 '}}}
>>> read(b'<!DOCTYPE x [<!ENTITY a "b">]><command/>')
Traceback (most recent call last):
...
clearance._json.MalformedJsonError: XML refused: DTDForbidden(name='x', ...)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from clearance import _json, _xml

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["EMPTY", "JSON", "XML", "locate", "method_named", "method_of", "notation", "read"]

XML, JSON, EMPTY = "xml", "json", "empty"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SPACE = " \t\r\n"
_SPACE_BYTES = _SPACE.encode()
_OPENERS, _BYTE_OPENERS = frozenset("<{["), frozenset({b"<", b"{", b"["})


def notation(raw: str | bytes) -> str:
    """``"xml"``, ``"json"`` or ``"empty"``: how a raw body is written.

    A body that starts with ``<`` is XML, one that starts with ``{`` or ``[`` is JSON; any
    other body is JSON when it parses as JSON, else XML (co3's original notation).

    >>> notation(" <command/>"), notation('{"command": {}}'), notation("42"), notation("hi")
    ('xml', 'json', 'json', 'xml')
    """
    if isinstance(raw, str):
        first = raw[:1]  # the common case, told without copying the body
        if first not in _OPENERS:
            first = raw.removeprefix("\ufeff").lstrip(_SPACE)[:1]
    elif raw[:1] in _BYTE_OPENERS:
        first = raw[:1].decode("latin-1")
    else:
        if raw.startswith(_UTF16_BOMS):
            return XML
        first = raw.removeprefix(b"\xef\xbb\xbf").lstrip(_SPACE_BYTES)[:1].decode("latin-1")
    if not first:
        return EMPTY
    if first == "<":
        return XML
    if first in "{[":
        return JSON
    try:
        _json.loads(raw)
    except _json.MalformedJsonError:
        return XML
    return JSON


def read(raw: str | bytes) -> Any:
    """The parsed body: JSON as it is, XML as ``{"command": <the root's value>}``.

    Raises:
        EmptyBodyError: the body is empty or white space.
        MalformedJsonError: the body is neither well-formed XML nor JSON, or has a DTD.
    """
    kind = notation(raw)
    if kind == EMPTY:
        raise _json.EmptyBodyError("empty body")
    if kind == JSON:
        return _json.loads(raw)
    return {"command": _read_xml(raw)}


def _read_xml(raw: str | bytes) -> Any:
    """The root element's value (the root's own name is not checked)."""
    try:
        return _xml.read(raw)[1]
    except _xml.XmlError as exc:
        raise _json.MalformedJsonError(f"XML refused: {exc.cause!r}") from None


def method_named(raw: bytes) -> str | None:
    """The method a co3 document names; ``""`` for a co3 document that names none.

    ``None`` when the body is not a co3 document: not XML, and not a JSON object with a
    ``command`` member. Every XML body is taken for co3's (the only XML API).

    >>> method_named(b"<command><getInvoices/></command>"), method_named(b"<oops")
    ('getInvoices', '')
    >>> method_named(b'{"command": {"setProduct": {}}}'), method_named(b'{"method": "POST"}')
    ('setProduct', None)
    """
    kind = notation(raw)
    if kind == EMPTY:
        return None
    try:
        document = read(raw)
    except _json.MalformedJsonError:
        return "" if kind == XML else None
    if kind == JSON and not (isinstance(document, Mapping) and "command" in document):
        return None
    return method_of(document) or ""


def method_of(document: Any) -> str | None:
    """The first key inside ``command`` of a parsed document, if it has one."""
    command = document.get("command") if isinstance(document, Mapping) else None
    if isinstance(command, Mapping) and command:
        name = next(iter(command))
        return name if isinstance(name, str) else None
    return None


def locate(text: str, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Positions in a co3 document, each element read as written (:func:`clearance._xml.locate`)."""
    return _xml.locate(text, pointers)
