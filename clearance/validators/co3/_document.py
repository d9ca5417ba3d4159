"""co3 request documents: XML or JSON, read safely, and positions of elements in them.

A co3 body is ``<command><methodName>...</methodName></command>`` or the same structure
in JSON, ``{"command": {"methodName": {...}}}``. Both read into the same value, the XML
root always under the key ``command`` (its own name is not checked), so one model checks
both and pointers read alike: ``/command/getContact/contact_id``. An element that repeats
among its siblings becomes a list, and its pointer takes an index:
``/command/setInvoice/item/1``.

XML is read by expat with defusedxml's guards: a DOCTYPE is refused before any entity is
declared, so entity expansion ("billion laughs") and external entities never happen.

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
from xml.parsers import expat

from defusedxml.common import (
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)

from clearance import _json

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["EMPTY", "JSON", "XML", "locate", "method_named", "method_of", "notation", "read"]

XML, JSON, EMPTY = "xml", "json", "empty"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SPACE = " \t\r\n"
_SPACE_BYTES = _SPACE.encode()
_OPENERS, _BYTE_OPENERS = frozenset("<{["), frozenset({b"<", b"{", b"["})

Path = tuple[tuple[str, int], ...]


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
    if isinstance(raw, str):
        try:
            data = raw.removeprefix("\ufeff").encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _json.MalformedJsonError(f"not UTF-8: {exc.reason}") from None
        encoding: str | None = "utf-8"  # text: its own encoding declaration no longer holds
    else:
        data, encoding = raw, None
    parser, value = _reader(encoding)
    try:
        parser.Parse(data, False)  # noqa: FBT003 - expat's positional flag
        parser.Parse(b"", True)  # noqa: FBT003
    except (SyntaxError, ValueError, LookupError, RecursionError, expat.ExpatError) as exc:
        # expat's errors are ExpatErrors, the refusals below ValueErrors, an unknown
        # declared encoding is a LookupError.
        raise _json.MalformedJsonError(f"XML refused: {exc!r}") from None
    return value()


def _reader(encoding: str | None) -> tuple[expat.XMLParserType, Callable[[], Any]]:
    """An expat parser that builds the value of the document it reads, and that value.

    The value: an element's text when it has no child elements, else a mapping of its
    children by name, a name that repeats mapping to a list.

    It reads as defusedxml's ``DefusedXMLParser`` (``forbid_dtd``, ``forbid_entities``,
    ``forbid_external``) with ElementTree's tree builder did here before: the same expat
    settings (namespace separator ``}``; a name ``uri}local`` becomes ``{uri}local``), the
    same refusals raised at the same events, and the same text (comments and processing
    instructions do not count, as the tree builder drops them). ElementTree's other
    handlers (undefined entities, the inside of a DOCTYPE) only ever run in a document
    with a DTD, which is refused at its start. Building values as elements end, with no
    tree and no pure-Python parser in between, takes half the time.
    ``tests/test_co3.py`` compares both readers on generated documents.
    """
    parser = expat.ParserCreate(encoding, "}")
    # Each open element's children by name (None before its first child); the bottom
    # entry holds the root.
    open_: list[dict[str, Any] | None] = [None]
    text = ""  # the text of the element opened last (only a leaf's text is kept)

    def start(name: str, attributes: list[str]) -> None:
        nonlocal text
        del name, attributes
        open_.append(None)
        text = ""

    def end(name: str) -> None:
        children = open_.pop()
        value = text if children is None else children
        if "}" in name:
            name = "{" + name
        parent = open_[-1]
        if parent is None:
            open_[-1] = {name: value}
        elif name not in parent:
            parent[name] = value
        else:
            seen = parent[name]
            if type(seen) is list:  # one element's value is never a list
                seen.append(value)
            else:
                parent[name] = [seen, value]

    def data(chunk: str) -> None:
        nonlocal text
        text += chunk

    def value() -> Any:
        return next(iter((open_[0] or {"": None}).values()))  # expat saw one root

    parser.buffer_text = True
    parser.ordered_attributes = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_unparsed_entity
    parser.ExternalEntityRefHandler = _forbid_external
    return parser, value


def _forbid_dtd(name: str, sysid: str | None, pubid: str | None, internal: object) -> None:
    del internal
    raise DTDForbidden(name, sysid, pubid)


def _forbid_entity(name: str, *details: Any) -> None:
    # details: is it a parameter entity, value, base, system id, public id, notation
    raise EntitiesForbidden(name, *details[1:])


def _forbid_unparsed_entity(name: str, *details: Any) -> None:  # pragma: no cover - expat 1.2
    # details: base, system id, public id, notation
    raise EntitiesForbidden(name, None, *details)


def _forbid_external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> int:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


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


# -- positions --------------------------------------------------------------------------


class _RefusedError(Exception):
    """A DOCTYPE: the locator stops there, as the reader does."""


def _path(pointer: str) -> Path | None:
    """The element path a pointer names (the root is ``()``); ``None`` for ``""``."""
    if not pointer:
        return None
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    path: list[tuple[str, int]] = []
    for token in tokens[1:]:  # tokens[0] names the root, whatever the root is called
        if token.isdigit() and path:
            path[-1] = (path[-1][0], int(token))
        else:
            path.append((token, 0))
    return tuple(path)


class _Locator:
    """Positions of the elements on some paths, found in one pass of expat."""

    def __init__(self, wanted: set[Path]) -> None:
        self.wanted = wanted
        self.found: dict[Path, tuple[int, int]] = {}
        self.stopped: tuple[int, int] | None = None
        # Each open element: its path and its children's counts by name; None when no
        # wanted path runs through it.
        self.stack: list[tuple[Path, dict[str, int]] | None] = []
        self.parser = expat.ParserCreate(encoding="UTF-8")  # the text is UTF-8 by now
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.StartDoctypeDeclHandler = self.doctype

    def start(self, name: str, attributes: object) -> None:
        del attributes
        path: Path | None = ()
        if self.stack:
            parent = self.stack[-1]
            path = None
            if parent is not None:
                seen = parent[1].get(name, 0)
                parent[1][name] = seen + 1
                path = (*parent[0], (name, seen))
        if path is None or path not in self.wanted:
            self.stack.append(None)
            return
        here = (self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)
        self.found.setdefault(path, here)
        self.stack.append((path, {}))

    def end(self, name: str) -> None:
        del name
        self.stack.pop()

    def doctype(self, name: str, *details: object) -> None:
        del name, details
        raise _RefusedError

    def run(self, text: str) -> None:
        data = text.removeprefix("\ufeff").encode("utf-8", "replace")
        try:
            self.parser.Parse(data, True)  # noqa: FBT003 - expat's positional flag
        except _RefusedError:
            # expat reports the declaration at its internal subset: point at "<!DOCTYPE".
            offset = max(data.rfind(b"<!DOCTYPE", 0, self.parser.CurrentByteIndex + 1), 0)
            start = data.rfind(b"\n", 0, offset) + 1
            column = len(data[start:offset].decode("utf-8", "replace")) + 1
            self.stopped = (data.count(b"\n", 0, offset) + 1, column)
        except expat.ExpatError as exc:
            self.stopped = (exc.lineno, exc.offset + 1)


def locate(text: str, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
    r"""1-based (line, column) of the element each pointer names in an XML text.

    A pointer to an element that is not there gets its nearest enclosing element; ``""``
    (the whole body) gets the place where the XML stopped being well-formed, else the root.

    >>> locate("<command>\n  <getContact><contact_id>x</contact_id></getContact>\n</command>",
    ...        ["/command/getContact/contact_id", "/command/getContact/api_key", ""])
    {'/command/getContact/contact_id': (2, 15), '/command/getContact/api_key': (2, 3), '': (1, 1)}
    """
    paths = {pointer: _path(pointer) for pointer in dict.fromkeys(pointers)}
    wanted: set[Path] = {()}
    for path in paths.values():
        if path:
            wanted.update(path[:n] for n in range(1, len(path) + 1))
    locator = _Locator(wanted)
    locator.run(text)
    root = locator.found.get((), (1, 1))
    result: dict[str, tuple[int, int]] = {}
    for pointer, path in paths.items():
        if path is None:
            result[pointer] = locator.stopped or root
            continue
        known = [path[:n] for n in range(len(path), 0, -1) if path[:n] in locator.found]
        result[pointer] = locator.found[known[0]] if known else root
    return result
