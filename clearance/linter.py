"""Checking files: which endpoint a file is for, and where in the file each finding is."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clearance import _json
from clearance.engine import check, check_request, get_api
from clearance.errors import ClearanceError
from clearance.validators import APIS

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from clearance.report import Context, Finding, Report

__all__ = ["FileResult", "Located", "PlacementError", "check_file", "expand_paths"]

#: Keys of the request-file form: ``{"method": ..., "url": ..., "headers": ..., "body": ...}``.
REQUEST_KEYS = frozenset({"method", "url", "headers", "body"})
SUFFIXES = (".json", ".xml")


class PlacementError(ClearanceError):
    """A file whose API and endpoint cannot be told."""


@dataclasses.dataclass(frozen=True, slots=True)
class Located:
    """A finding with its 1-based line and column in the file."""

    finding: Finding
    line: int
    column: int


@dataclasses.dataclass(frozen=True, slots=True)
class FileResult:
    """The check of one file."""

    path: str
    report: Report
    located: tuple[Located, ...]

    @property
    def api(self) -> str:
        """The file's api."""
        return self.report.api

    @property
    def endpoint(self) -> str:
        """The file's endpoint id."""
        return self.report.endpoint


def expand_paths(paths: Iterable[str]) -> Iterator[Path]:
    """Files as given; folders expand to the JSON and XML files below them, sorted."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())
        else:
            yield path


def _api_for_url(url: str) -> str:
    from urllib.parse import urlsplit  # noqa: PLC0415

    host = (urlsplit(url).hostname or "").lower()
    for name in APIS:
        if get_api(name).host.fullmatch(host):
            return name
    raise PlacementError(f"no api answers on host {host!r} (known apis: {', '.join(APIS)})")


def _identify(raw: bytes, api: str | None) -> tuple[str, str] | None:
    """The (api, endpoint) a document names itself (a co3 body names its method)."""
    for name in (api,) if api else APIS:
        endpoint = get_api(name).identify(raw)
        if endpoint is not None:
            return name, endpoint
    return None


def _request_form(value: Any) -> dict[str, Any] | None:
    if (
        isinstance(value, dict)
        and {"method", "url"} <= value.keys() <= REQUEST_KEYS
        and isinstance(value["method"], str)
        and isinstance(value["url"], str)
    ):
        return value
    return None


def _positions(findings: Iterable[Finding], request: dict[str, Any] | None) -> dict[int, str]:
    """The JSON pointer in the file for each finding (by index)."""
    targets: dict[int, str] = {}
    for n, finding in enumerate(findings):
        if request is None:
            targets[n] = finding.pointer or ""
        elif finding.pointer is not None:
            targets[n] = "/body" + finding.pointer
        elif finding.location.startswith("header:"):
            wanted = finding.location.partition(":")[2].lower()
            headers = request.get("headers")
            names = [k for k in headers if k.lower() == wanted] if isinstance(headers, dict) else []
            targets[n] = f"/headers/{_json.escape_pointer(names[0])}" if names else "/headers"
        else:
            targets[n] = "/url"
    return targets


def check_file(
    path: str | Path,
    *,
    api: str | None = None,
    endpoint: str | None = None,
    context: Context | None = None,
) -> FileResult:
    """Check one fixture file.

    With ``api`` and ``endpoint`` the file is the payload. Without them, the file must
    say what it is: a request file ``{"method", "url", "headers", "body"}`` (the api is
    told by the URL's host, and URL and headers are checked too).

    Raises:
        OSError: the file cannot be read.
        PlacementError: the file's endpoint cannot be told.
        UnknownApiError, UnknownEndpointError: ``api`` or ``endpoint`` are not known.
    """
    raw = Path(path).read_bytes()
    text = raw.decode("utf-8", errors="replace")
    request: dict[str, Any] | None = None
    if endpoint is None:
        named = _identify(raw, api)
        if named is not None:
            api, endpoint = named
    if api is None or endpoint is None:
        try:
            parsed = _json.loads(raw)
        except _json.MalformedJsonError:
            parsed = None
        request = _request_form(parsed)
        if request is None:
            raise PlacementError(
                f"{path}: cannot tell which endpoint this file is for. Pass --api and "
                '--endpoint, or write it as a request file: {"method": "POST", "url": '
                '"https://.../articles", "headers": {...}, "body": {...}}'
            )
        report = check_request(
            api or _api_for_url(request["url"]),
            request["method"],
            request["url"],
            headers=request.get("headers") if isinstance(request.get("headers"), dict) else None,
            body=request.get("body"),
            context=context,
        )
    else:
        report = check(api, endpoint, raw, context=context)
    targets = _positions(report.findings, request)
    locate = get_api(report.api).locate if request is None else _json.locate
    where = locate(text, targets.values()) if report.findings else {}
    located = tuple(
        Located(finding, *where.get(targets[n], (1, 1)))
        for n, finding in enumerate(report.findings)
    )
    return FileResult(str(path), report, located)


def to_json_object(result: FileResult, item: Located) -> dict[str, Any]:
    """One finding as the ``--format json`` object (CONTRACT section 4)."""
    return {
        "path": result.path,
        "api": result.api,
        "endpoint": result.endpoint,
        "code": item.finding.code,
        "message": item.finding.message,
        "status": item.finding.status,
        "pointer": item.finding.pointer,
        "line": item.line,
        "column": item.column,
    }


def dumps(value: Any) -> str:
    """JSON for humans and machines: UTF-8, two-space indent."""
    return json.dumps(value, ensure_ascii=False, indent=2)
