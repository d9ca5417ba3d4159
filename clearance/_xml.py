"""XML bodies, read safely into the values JSON would carry, and positions in them.

The XML layer beside the JSON one (:mod:`clearance._json`): co3 documents and Fortnox's
legacy XML form are read here. An element becomes its text when it has no child
elements, else a mapping of its children by name; how a name that repeats, a list
element and an empty element read is the API's to say (:class:`Reading`).

XML is read by expat with defusedxml's guards: a DOCTYPE is refused before any entity is
declared, so entity expansion ("billion laughs") and external entities never happen.

>>> read(b"<command><getContact><contact_id> 21 </contact_id></getContact></command>")
('command', {'getContact': {'contact_id': ' 21 '}})
>>> read(b'<!DOCTYPE x [<!ENTITY a "b">]><command/>')
Traceback (most recent call last):
...
clearance._xml.XmlError: DTDForbidden(name='x', system_id=None, public_id=None)
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any
from xml.parsers import expat

from defusedxml.common import (
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)

from clearance._json import MalformedJsonError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["READ_AS_WRITTEN", "Reading", "XmlError", "locate", "read"]


class XmlError(MalformedJsonError):
    """A body that is not well-formed XML, or that declares a DTD; ``cause`` says why.

    ``str()`` is the parser's own words (``mismatched tag: line 1, column 5``);
    ``repr(cause)`` names the kind of refusal too.
    """

    def __init__(self, cause: BaseException) -> None:
        """Keep the parser's reason."""
        super().__init__(str(cause))
        self.cause = cause


@dataclasses.dataclass(frozen=True)
class Reading:
    """How an API reads elements into values.

    ``repeats``: a name that repeats among its siblings reads as a list of their values
    (co3's ``<item>``, ``<item>``); otherwise the last one stands, as in a JSON object.
    ``lists``: elements whose children are the items of a list, whatever their names
    (Fortnox's ``<InvoiceRows><InvoiceRow/>...``). ``objects``: elements that read as
    ``{}`` when empty, where an object belongs (XML cannot tell ``{}`` from ``""``).
    """

    repeats: bool = True
    lists: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        """Lists are either repeated names or list elements: never both in one reading."""
        if self.repeats and self.lists:
            raise ValueError("a reading with list elements takes the last of repeated names")


#: Every element as it is written: repeated names make lists, nothing else special.
READ_AS_WRITTEN = Reading()


def read(raw: str | bytes, reading: Reading = READ_AS_WRITTEN) -> tuple[str, Any]:
    """The document's root element: its name, and its value.

    Raises:
        XmlError: the body is not well-formed XML, or declares a DTD.
    """
    if isinstance(raw, str):
        try:
            data = raw.removeprefix("\ufeff").encode("utf-8")
        except UnicodeEncodeError as exc:
            raise XmlError(exc) from None
        encoding: str | None = "utf-8"  # text: its own encoding declaration no longer holds
    else:
        data, encoding = raw, None
    parser, root = _reader(encoding, reading)
    try:
        parser.Parse(data, False)  # noqa: FBT003 - expat's positional flag
        parser.Parse(b"", True)  # noqa: FBT003
    except (SyntaxError, ValueError, LookupError, RecursionError, expat.ExpatError) as exc:
        # expat's errors are ExpatErrors, the refusals below ValueErrors, an unknown
        # declared encoding is a LookupError.
        raise XmlError(exc) from None
    return root()


def _reader(
    encoding: str | None, reading: Reading
) -> tuple[expat.XMLParserType, Callable[[], tuple[str, Any]]]:
    """An expat parser that builds the value of the document it reads, and that value.

    It reads as defusedxml's ``DefusedXMLParser`` (``forbid_dtd``, ``forbid_entities``,
    ``forbid_external``) with ElementTree's tree builder: the same expat settings
    (namespace separator ``}``; a name ``uri}local`` becomes ``{uri}local``), the same
    refusals raised at the same events, and the same text (comments and processing
    instructions do not count). Values are built as elements end, with no tree.
    """
    parser = expat.ParserCreate(encoding, "}")
    # Each open element's children (None before its first child): a mapping by name, or
    # for a list element the list of their values. The bottom entry holds the root.
    open_: list[dict[str, Any] | list[Any] | None] = [None]
    names: list[str] = []
    text = ""  # the text of the element opened last (only a leaf's text is kept)
    lists, objects, repeats = reading.lists, reading.objects, reading.repeats

    def start(name: str, attributes: list[str]) -> None:
        nonlocal text
        del attributes
        name = "{" + name if "}" in name else name
        names.append(name)
        open_.append([] if name in lists else None)
        text = ""

    def end(name: str) -> None:
        del name
        name = names.pop()
        children = open_.pop()
        value: Any = children
        if children is None:
            value = {} if name in objects and not text.strip() else text
        parent = open_[-1]
        if isinstance(parent, list):
            parent.append(value)
        elif parent is None:
            open_[-1] = {name: value}
        else:
            _adopt(parent, name, value, repeats=repeats)

    def data(chunk: str) -> None:
        nonlocal text
        text += chunk

    def root() -> tuple[str, Any]:
        top = open_[0]
        if not isinstance(top, dict) or not top:  # pragma: no cover - expat saw one root
            return "", None
        return next(iter(top.items()))

    parser.buffer_text = True
    parser.ordered_attributes = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_unparsed_entity
    parser.ExternalEntityRefHandler = _forbid_external
    return parser, root


def _adopt(parent: dict[str, Any], name: str, value: Any, *, repeats: bool) -> None:
    """Add a child's value to its parent's mapping: a repeated name makes a list."""
    if name not in parent or not repeats:
        parent[name] = value
        return
    seen = parent[name]
    if type(seen) is list:  # an element's own value is never a list where names repeat
        seen.append(value)
    else:
        parent[name] = [seen, value]


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


# -- positions --------------------------------------------------------------------------


class _RefusedError(Exception):
    """A DOCTYPE: the locator stops there, as the reader does."""


#: An element's place below the root: per level, its name and index among the siblings
#: that count (same-named ones; every child of a list element).
Path = tuple[tuple[str, int], ...]


def _path(pointer: str, reading: Reading) -> Path | None:
    """The element path a pointer names below the root (``()``); ``None`` for ``""``.

    The pointer's first token names the root, whatever the document calls it (co3 reads
    its root as ``command``, Fortnox as the entity's name).
    """
    if not pointer:
        return None
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    path: list[tuple[str, int]] = []
    parent = ""
    for token in tokens[1:]:
        if parent in reading.lists and token.isdigit():
            path.append(("", int(token)))  # the n-th item of a list element, any name
            parent = ""
        elif reading.repeats and token.isdigit() and path:
            path[-1] = (path[-1][0], int(token))
        else:
            path.append((token, 0))
            parent = token
    return tuple(path)


class _Locator:
    """Positions of the elements on some paths, found in one pass of expat."""

    def __init__(self, wanted: set[Path], reading: Reading) -> None:
        self.wanted = wanted
        self.reading = reading
        self.found: dict[Path, tuple[int, int]] = {}
        self.stopped: tuple[int, int] | None = None
        # Each open element: its path, whether it is a list element, and its children's
        # counts by name; None when no wanted path runs through it.
        self.stack: list[tuple[Path, bool, dict[str, int]] | None] = []
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
                parent_path, listed, counts = parent
                key = "" if listed else name
                seen = counts.get(key, 0)
                counts[key] = seen + 1
                path = (*parent_path, (key, seen if listed or self.reading.repeats else 0))
        if path is None or path not in self.wanted:
            self.stack.append(None)
            return
        here = (self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)
        if self.reading.repeats or path not in self.found:
            self.found.setdefault(path, here)
        else:
            self.found[path] = here  # the last of same-named siblings stands, as read
        self.stack.append((path, name in self.reading.lists, {}))

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


def locate(
    text: str, pointers: Iterable[str], reading: Reading = READ_AS_WRITTEN
) -> dict[str, tuple[int, int]]:
    r"""1-based (line, column) of the element each pointer names in an XML text.

    A pointer to an element that is not there gets its nearest enclosing element; ``""``
    (the whole body) gets the place where the XML stopped being well-formed, else the root.

    >>> locate("<command>\n  <getContact><contact_id>x</contact_id></getContact>\n</command>",
    ...        ["/command/getContact/contact_id", "/command/getContact/api_key", ""])
    {'/command/getContact/contact_id': (2, 15), '/command/getContact/api_key': (2, 3), '': (1, 1)}
    """
    paths = {pointer: _path(pointer, reading) for pointer in dict.fromkeys(pointers)}
    wanted: set[Path] = {()}
    for path in paths.values():
        if path:
            wanted.update(path[:n] for n in range(1, len(path) + 1))
    locator = _Locator(wanted, reading)
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
