"""Recorded traffic as input: every request of a HAR file, checked as the server would.

A HAR file (HTTP Archive 1.2: what browsers' devtools, mitmproxy, Charles and Playwright
export) holds ``log.entries[].request``: ``method``, ``url``, ``headers`` and
``postData`` (``text``, base64 when ``encoding`` says so, or form ``params``). Each request
to a host one of the APIs answers on is checked with :func:`clearance.check_request`;
requests to other hosts, and to paths of a known host that match no documented
endpoint, are skipped and counted.

Every finding is placed in the HAR file itself: a body finding at its value inside
``postData.text`` (line and column in the file, through the string's escapes), a query
finding at its ``queryString`` value, a header finding at the header's value, a URL
finding at ``url``. The pointer into the file (what suppressions name) is
``/log/entries/N/request/...``; a body finding's continues with its pointer into the
body: ``/log/entries/3/request/postData/text/sales_tax_percentage``.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import dataclasses
import json
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlencode, urlsplit

from clearance import _json
from clearance.apis import APIS, get_api
from clearance.engine import check_request
from clearance.errors import ClearanceError, UnknownEndpointError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from clearance.report import Context, Finding, Report

__all__ = ["SUFFIX", "Checked", "Entry", "HarError", "Traffic", "examine", "is_har", "read"]

SUFFIX = ".har"
#: Why a request was not checked, as the summary says it.
UNKNOWN_HOST = "to hosts clearance does not know"
UNKNOWN_ENDPOINT = "to undocumented endpoints"
OTHER_API = "to other APIs than --api"


#: Code points that open a UTF-16 surrogate pair (JSON writes astral characters as two).
_HIGH_SURROGATES = range(0xD800, 0xDC00)


class HarError(ClearanceError):
    """A file that is not a HAR file clearance can read."""


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    """One recorded request.

    Attributes:
        index: its place in ``log.entries``.
        method, url: as recorded.
        headers: as recorded, without HTTP/2 pseudo-headers (``:authority``, ...).
        body: the body bytes (``None`` without ``postData``).
        text: the body as written in the file, when it is text (not base64), for
            positions inside it.
        header_index: per header name (lower case), its first place in ``headers``
            of the file.
        query_index: per query parameter name, its first place in ``queryString``.
    """

    index: int
    method: str
    url: str
    headers: list[tuple[str, str]]
    body: bytes | None
    text: str | None
    header_index: dict[str, int]
    query_index: dict[str, int]

    @property
    def pointer(self) -> str:
        """The JSON pointer of the request in the file."""
        return f"/log/entries/{self.index}/request"


@dataclasses.dataclass(frozen=True, slots=True)
class Checked:
    """One checked request: its report, and each finding's pointer into the file.

    ``locate`` finds those pointers' lines and columns in the file's text.
    """

    entry: Entry
    report: Report
    targets: list[str]
    locate: Callable[[str, Iterable[str]], dict[str, tuple[int, int]]]


@dataclasses.dataclass(slots=True)
class Traffic:
    """What :func:`examine` made of a HAR file."""

    checked: list[Checked] = dataclasses.field(default_factory=list)
    #: Requests not checked, per reason (:data:`UNKNOWN_HOST`, ...).
    skipped: dict[str, int] = dataclasses.field(default_factory=dict)

    def skip(self, reason: str) -> None:
        """Count one request not checked for ``reason``."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


# -- reading ----------------------------------------------------------------------------


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _named(items: object, where: str) -> list[tuple[str, str]]:
    """``[{"name": ..., "value": ...}, ...]`` as pairs."""
    if items is None:
        return []
    if not isinstance(items, list) or not all(
        isinstance(item, dict)
        and isinstance(item.get("name"), str)
        and isinstance(item.get("value", ""), str)
        for item in items
    ):
        raise HarError(f"{where}: expected a list of {{name, value}} objects")
    return [(item["name"], item.get("value", "")) for item in items]


def _body(post: object, where: str) -> tuple[bytes | None, str | None]:
    """The body bytes of ``postData``, and its text when it is written as text."""
    if post is None:
        return None, None
    if not isinstance(post, dict):
        raise HarError(f"{where}: expected an object")
    text = _text(post.get("text"))
    if text is None:
        params = _named(post.get("params"), f"{where}/params")
        return (urlencode(params).encode(), None) if params else (b"", None)
    if str(post.get("encoding", "")).lower() == "base64":
        try:
            return base64.b64decode(text, validate=True), None
        except (binascii.Error, ValueError):
            raise HarError(f"{where}/text: not valid base64 (encoding is base64)") from None
    return text.encode("utf-8", "surrogatepass"), text


def read(raw: bytes) -> list[Entry]:
    """The requests of a HAR file.

    Raises:
        HarError: the file is not JSON, has no ``log.entries``, or an entry cannot be read.
    """
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise HarError(f"not a HAR file: not JSON ({exc})") from None
    log = document.get("log") if isinstance(document, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise HarError("not a HAR file: no log.entries list")
    found = []
    for index, item in enumerate(entries):
        where = f"/log/entries/{index}/request"
        request = item.get("request") if isinstance(item, dict) else None
        if not isinstance(request, dict):
            raise HarError(f"{where}: missing")
        method, url = _text(request.get("method")), _text(request.get("url"))
        if not method or not url:
            raise HarError(f"{where}: needs a method and a url")
        headers = _named(request.get("headers"), f"{where}/headers")
        query = _named(request.get("queryString"), f"{where}/queryString")
        body, text = _body(request.get("postData"), f"{where}/postData")
        found.append(
            Entry(
                index=index,
                method=method,
                url=url,
                headers=[(k, v) for k, v in headers if not k.startswith(":")],
                body=body,
                text=text,
                header_index=_first_places(name.lower() for name, _ in headers),
                query_index=_first_places(name for name, _ in query),
            )
        )
    return found


def _first_places(names: Iterable[str]) -> dict[str, int]:
    places: dict[str, int] = {}
    for n, name in enumerate(names):
        places.setdefault(name, n)
    return places


# -- checking ------------------------------------------------------------------------------


def _api_of(url: str) -> str | None:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    return next((name for name in APIS if get_api(name).host.fullmatch(host)), None)


def examine(raw: bytes, *, context: Context, api: str | None = None) -> Traffic:
    """Check every request of a HAR file (only ``api``'s, when given).

    Raises:
        HarError: the file cannot be read as a HAR file.
    """
    traffic = Traffic()
    for entry in read(raw):
        found = _api_of(entry.url)
        if found is None:
            traffic.skip(UNKNOWN_HOST)
            continue
        if api is not None and found != api:
            traffic.skip(OTHER_API)
            continue
        try:
            report = check_request(
                found, entry.method, entry.url, headers=entry.headers, body=entry.body,
                context=context,
            )  # fmt: skip
        except UnknownEndpointError:
            traffic.skip(UNKNOWN_ENDPOINT)
            continue
        targets = [_target(entry, report, finding) for finding in report.reported]
        traffic.checked.append(Checked(entry, report, targets, _locator(entry, found)))
    return traffic


def _target(entry: Entry, report: Report, finding: Finding) -> str:
    """The pointer into the HAR file of ``finding``."""
    base = entry.pointer
    where, name = finding.location.kind, finding.location.name or ""
    if where == "header":
        place = entry.header_index.get(name.lower())
        return f"{base}/headers/{place}/value" if place is not None else f"{base}/headers"
    if where == "query" and name in entry.query_index:
        return f"{base}/queryString/{entry.query_index[name]}/value"
    if finding.pointer is None:
        return f"{base}/url"
    if get_api(report.api).endpoint(report.endpoint).takes_query:
        first = finding.pointer.split("/")[1] if finding.pointer else ""
        key = unquote(first.replace("~1", "/").replace("~0", "~"))
        if key in entry.query_index:
            return f"{base}/queryString/{entry.query_index[key]}/value"
        return f"{base}/url"
    return f"{base}/postData/text{finding.pointer}"


def _locator(entry: Entry, api: str) -> Callable[[str, Iterable[str]], dict[str, tuple[int, int]]]:
    """Positions in the HAR file's text of pointers from :func:`_target`."""
    body = f"{entry.pointer}/postData/text"

    def locate(text: str, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
        text = text.removeprefix("\ufeff")
        wanted = list(pointers)
        plain = {p if not p.startswith(body) else body for p in wanted}
        places = _json.locate(text, plain)
        inside = [p[len(body) :] for p in wanted if p.startswith(body) and p != body]
        if not inside or entry.text is None or body not in places:
            return {p: places[body if p.startswith(body) else p] for p in wanted}
        lines = _Lines(text)
        quote = lines.offset(*places[body])
        within = get_api(api).locate(entry.text, inside)
        body_lines = _Lines(entry.text)
        result = {}
        for p in wanted:
            if p.startswith(body) and p != body:
                index = body_lines.offset(*within.get(p[len(body) :], (1, 1)))
                result[p] = lines.position(_literal_offset(text, quote, index))
            else:
                result[p] = places[p]
        return result

    return locate


class _Lines:
    """Offsets and 1-based (line, column) positions of one text."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(n + 1 for n, char in enumerate(text) if char == "\n")]

    def offset(self, line: int, column: int) -> int:
        return self.starts[min(line, len(self.starts)) - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _literal_offset(text: str, quote: int, index: int) -> int:
    r"""The offset in ``text`` of character ``index`` of the JSON string opening at ``quote``.

    >>> _literal_offset(r'"a\nb\u00e9c"', 0, 3), _literal_offset(r'"a\nb\u00e9c"', 0, 4)
    (5, 11)
    """
    at, seen, end = quote + 1, 0, len(text)
    while seen < index and at < end and text[at] != '"':
        if text[at] != "\\":
            at += 1
        elif text.startswith("u", at + 1):
            pair = (
                _HIGH_SURROGATES.start
                <= int(text[at + 2 : at + 6] or "0", 16)
                < _HIGH_SURROGATES.stop
            )
            at += 12 if pair and text.startswith("\\u", at + 6) else 6
        else:
            at += 2
        seen += 1
    return at


def is_har(name: str) -> bool:
    """Whether a file is read as a HAR file (by its name)."""
    return name.lower().endswith(SUFFIX)
