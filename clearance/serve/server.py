"""The stand-in server's ASGI app (Starlette): check each request, then answer it.

For each request to ``/<api>/...`` (see :mod:`clearance.serve.urls`):

1. the body is read, up to the size limit (a ``Content-Length`` above it is not read at
   all) and within ``read_timeout`` (a client too slow gets 408);
2. :func:`clearance.check_request` checks it as a request to the real URL;
3. **refused**: the answer is :meth:`clearance.Report.response`, status, headers and
   body, byte for byte; it never leaves the machine;
4. **accepted**: mode ``mock`` answers the success the API documents
   (:mod:`clearance.serve.mock`), mode ``proxy`` forwards the request to the API's own
   host (or its ``upstream``) and relays the answer (:mod:`clearance.serve.proxy`);
5. **unchecked** (no documented endpoint matches, or a body clearance cannot decode):
   mode ``proxy`` forwards it as the integrations do, mode ``mock`` answers 501 with a
   body saying so.

The ``Clearance-Ignore`` header (selectors, comma-separated; ``*`` for every rule) switches
rules off for one request, as in the integrations; it is never forwarded.

Each request is logged in one line (method, path with credentials masked, status,
verdict, codes) on the ``clearance.serve`` logger, and written as one JSON line to the
``report`` file when one is given. Answers clearance gives itself (an unknown path,
408, 501, 502, 504) have the body ``{"clearance": "<what happened>"}``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import time
from functools import partial
from typing import IO, TYPE_CHECKING, Literal
from urllib.parse import parse_qsl, unquote

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from clearance._http import decoded_body
from clearance.apis import APIS, get_api
from clearance.engine import check_request
from clearance.errors import UnknownEndpointError
from clearance.report import DEFAULT_MAX_BODY_BYTES, Context, Report, rule_selected
from clearance.serve import mock
from clearance.serve.proxy import Upstream, own_error
from clearance.serve.urls import (
    Target,
    UnknownPathError,
    base_urls,
    path_params,
    resolve,
    upstream_url,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Mapping, Sequence
    from datetime import date

    from starlette.requests import Request

__all__ = ["METHODS", "Settings", "create_app", "masked", "warm"]

Mode = Literal["mock", "proxy"]
#: The methods the stand-in answers (others get Starlette's 405).
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
#: The per-request escape hatch, as in the integrations: selectors, comma-separated.
IGNORE_HEADER = "clearance-ignore"
#: Query parameters whose values never reach the log or the report.
SECRET_PARAMETERS = frozenset(
    {"api_key", "apikey", "subscription-key", "access_token", "access-token", "token",
     "client_secret", "client-secret", "password", "session_key", "key"}
)  # fmt: skip
#: Bodies above this many bytes are checked in a worker thread, not on the event loop.
_THREAD_ABOVE = 64 * 1024

_log = logging.getLogger("clearance.serve")


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    """How the stand-in answers.

    Attributes:
        mode: ``"mock"`` (answer accepted requests with the documented success) or
            ``"proxy"`` (forward them to the API).
        upstreams: per api, the origin (``http://127.0.0.1:9000``) the proxy sends to
            instead of the API's own host; ``{account}`` stands for the account.
        ignore: rule selectors switched off (as ``[tool.clearance] ignore``).
        select: when not empty, only these rules refuse (as ``[tool.clearance] select``).
        today: the date date rules compare with (``None``: the real date).
        max_body_bytes: larger bodies are refused with the API's 413, unread.
        timeout: seconds to wait for the upstream (connect, answer, each read).
        read_timeout: seconds a client has to send its whole body.
        report: a file to write one JSON line per request to (created or emptied when
            the app is made, closed when it shuts down).
    """

    mode: Mode = "mock"
    upstreams: Mapping[str, str] = dataclasses.field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    select: frozenset[str] = frozenset()
    today: date | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    timeout: float = 60.0
    read_timeout: float = 30.0
    report: str | None = None


@dataclasses.dataclass(slots=True)
class _Record:
    """What the log line and the report line say about one request."""

    method: str
    path: str
    verdict: str = "error"
    api: str | None = None
    endpoint: str | None = None
    report: Report | None = None
    note: str = ""


@dataclasses.dataclass(slots=True)
class _Incoming:
    """One request to an API's path: as received, and as clearance reads it."""

    target: Target
    method: str
    #: The headers as received (forwarded as they are, but for hop-by-hop ones).
    raw_headers: Sequence[tuple[bytes, bytes]]
    #: The headers as text, without ``Clearance-Ignore``.
    headers: list[tuple[str, str]]
    #: The selectors of ``Clearance-Ignore``.
    ignore: frozenset[str]
    #: The body as received.
    body: bytes = b""
    #: The body with its ``Content-Encoding`` undone; ``None`` when that cannot be done.
    readable: bytes | None = b""
    #: Whether ``Content-Length`` declared a body above the limit (left unread).
    too_large: bool = False


class _Stand:
    """The state of one app: settings, ids, the upstream client, the report file."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ids = mock.Ids()
        self.upstream = Upstream(settings.timeout)
        # Opened now, so that a report that cannot be written stops the server at start.
        self.report_file: IO[str] | None = (
            open(settings.report, "w", encoding="utf-8", buffering=1)  # noqa: SIM115, PTH123
            if settings.report is not None
            else None
        )
        self.context = Context(
            today=settings.today,
            ignore=settings.ignore,
            max_body_bytes=settings.max_body_bytes,
        )

    # -- the request ----------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        started = time.perf_counter()
        scope = request.scope
        path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        query = scope["query_string"].decode("latin-1")
        record = _Record(request.method, masked(path, query))
        try:
            response = await self._answer(request, path, query, record)
        except Exception:  # noqa: BLE001 - a bug must not take the server down, nor show
            _log.exception("clearance serve: internal error on %s %s", record.method, record.path)
            record.verdict, record.note = "error", "internal error"
            response = own_error(500, "clearance serve: internal error, see the server's log")
        self.record(record, response.status_code, time.perf_counter() - started)
        return response

    async def _answer(self, request: Request, path: str, query: str, record: _Record) -> Response:
        if path == "/":
            record.verdict = "index"
            return PlainTextResponse(self.index(str(request.base_url).rstrip("/")))
        try:
            target = resolve(path, query)
        except UnknownPathError as exc:
            record.note = str(exc)
            return own_error(404, f"clearance serve: {exc}")
        record.api = target.api
        incoming = await self._receive(request, target)
        if incoming is None:
            record.note = "the client did not send its body in time"
            return own_error(
                408,
                f"clearance serve: the body did not arrive within {self.settings.read_timeout:g} s",
            )
        return await self._respond(incoming, record)

    async def _respond(self, incoming: _Incoming, record: _Record) -> Response:
        """The answer to a request for an API: the server's refusal, or mock or proxy."""
        target = incoming.target
        report = await self._check(incoming)
        if report is not None:
            record.endpoint, record.report = report.endpoint, report
            if not report.ok:
                record.verdict = "refused"
                status, headers, content = report.response()
                return Response(content, status, headers=headers)
        record.verdict = "unchecked" if report is None else "accepted"
        if self.settings.mode == "proxy":
            return await self.upstream.forward(
                incoming.method,
                upstream_url(target, self.settings.upstreams),
                incoming.raw_headers,
                incoming.body,
                direct=target.api in self.settings.upstreams,
            )
        if report is None:
            record.note = "no documented endpoint matches, or the body could not be read"
            return own_error(
                501,
                f"clearance serve: no documented endpoint of {target.api} matches "
                f"{incoming.method} {target.path} (or its body could not be read), so the "
                "stand-in has no answer for it; --mode proxy forwards such requests",
            )
        return self._mock(report, incoming)

    async def _receive(self, request: Request, target: Target) -> _Incoming | None:
        """The request's parts; ``None`` when its body did not arrive in time.

        The body is read up to one byte past the limit; a declared ``Content-Length``
        above the limit is not read at all.
        """
        raw = request.headers.raw
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw]
        ignore = frozenset(
            part.strip()
            for name, value in headers
            if name.lower() == IGNORE_HEADER
            for part in value.split(",")
            if part.strip()
        )
        headers = [(k, v) for k, v in headers if k.lower() != IGNORE_HEADER]
        incoming = _Incoming(target, request.method, raw, headers, ignore)
        limit = self.settings.max_body_bytes
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            incoming.too_large = True
            return incoming
        chunks: list[bytes] = []
        size = 0
        with anyio.move_on_after(self.settings.read_timeout) as scope:
            async for chunk in request.stream():
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    break
        if scope.cancelled_caught:
            return None
        incoming.body = b"".join(chunks)
        incoming.readable = (
            decoded_body(headers, incoming.body, limit) if incoming.body else incoming.body
        )
        return incoming

    async def _check(self, incoming: _Incoming) -> Report | None:
        """The report of the request; ``None`` when clearance cannot check it."""
        context, body = self.context, incoming.readable
        selectors = incoming.ignore - {"*"}
        if selectors:
            context = dataclasses.replace(context, ignore=context.ignore | selectors)
        if incoming.too_large:  # judged by its declared size: one byte over a zero limit
            context, body = dataclasses.replace(context, max_body_bytes=0), b"\0"
        if body is None:  # an encoding clearance cannot undo
            return None
        target = incoming.target
        run = partial(
            check_request,
            target.api,
            incoming.method,
            target.url,
            headers=incoming.headers,
            body=body,
            context=context,
        )
        try:
            report = await anyio.to_thread.run_sync(run) if len(body) > _THREAD_ABOVE else run()
        except UnknownEndpointError:
            return None
        if "*" in incoming.ignore:  # every rule off: the endpoint is still known
            return dataclasses.replace(report, findings=()) if report.findings else report
        select = self.settings.select
        if select and report.findings:
            kept = tuple(f for f in report.findings if rule_selected(f.rule, select))
            if len(kept) != len(report.findings):
                report = dataclasses.replace(report, findings=kept)
        return report

    def _mock(self, report: Report, incoming: _Incoming) -> Response:
        target = incoming.target
        base = get_api(target.api).base_path
        below = target.path.removeprefix(base) if target.path.startswith(base) else target.path
        template = report.endpoint.partition(" ")[2]
        call = mock.Call(
            api=target.api,
            endpoint=report.endpoint,
            method=incoming.method,
            account=target.account,
            path=below,
            params={k: unquote(v) for k, v in path_params(template, below).items()},
            query=dict(parse_qsl(target.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in incoming.headers},
            body=incoming.readable or b"",
            form=report.form,
            ids=self.ids,
        )
        status, headers, content = mock.answer(call)
        return Response(content, status, headers=headers)

    # -- the index, the log and the report ---------------------------------------------

    def index(self, origin: str) -> str:
        """What ``GET /`` says: the mode, and the base URL to configure per api."""
        lines = [f"clearance serve ({self.settings.mode}): base URLs to configure"]
        lines += [f"  {api:<14} {url}" for api, url in base_urls(origin).items()]
        return "\n".join(lines) + "\n"

    def record(self, record: _Record, status: int, seconds: float) -> None:
        """Log one line, and write one report line when a report file is open."""
        report = record.report
        codes = ",".join(f.code for f in report.findings) if report else ""
        parts = [record.method, record.path, str(status), record.verdict]
        if record.api:
            parts.append(record.api + (f" {record.endpoint!r}" if record.endpoint else ""))
        if codes:
            parts.append(codes)
        _log.info("%s (%.1f ms)", " ".join(parts), seconds * 1000)
        if self.report_file is None:
            return
        line = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "method": record.method,
            "path": record.path,
            "status": status,
            "verdict": record.verdict,
            "api": record.api,
            "endpoint": record.endpoint,
            "findings": [
                {
                    "code": f.code,
                    "rule": f.rule.id,
                    "message": f.message,
                    "status": f.status,
                    "pointer": f.pointer,
                    "location": f.location,
                }
                for f in (report.findings if report else ())
            ],
            "mode": self.settings.mode,
            "ms": round(seconds * 1000, 3),
        }
        if record.note:
            line["note"] = record.note
        self.report_file.write(json.dumps(line, ensure_ascii=False) + "\n")

    async def aclose(self) -> None:
        """Close the upstream connections and the report file."""
        await self.upstream.aclose()
        if self.report_file is not None:
            self.report_file.close()
            self.report_file = None


def masked(path: str, query: str) -> str:
    """The path and query for the log, with credential values masked.

    >>> masked("/invoicexpress/acme/invoices.json", "api_key=s3cret&x=1")
    '/invoicexpress/acme/invoices.json?api_key=***&x=1'
    """
    if not query:
        return path
    parts = []
    for item in query.split("&"):
        name, sep, _ = item.partition("=")
        secret = unquote(name).lower() in SECRET_PARAMETERS
        parts.append(f"{name}{sep}***" if secret and sep else item)
    return f"{path}?{'&'.join(parts)}"


def warm() -> None:
    """Load every api and its mock answers now, so that no first request waits for them."""
    for api in APIS:
        get_api(api)
        mock.handler(api, "")


def create_app(settings: Settings | None = None) -> Starlette:
    """The ASGI app of a stand-in with ``settings`` (see :func:`clearance.serve.app`)."""
    stand = _Stand(settings or Settings())

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        del app
        try:
            yield
        finally:
            await stand.aclose()

    app = Starlette(
        routes=[Route("/{path:path}", stand.handle, methods=METHODS)], lifespan=lifespan
    )
    app.state.clearance = stand
    return app
