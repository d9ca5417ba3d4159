"""httpx transports that check every request before it leaves.

>>> import httpx
>>> from clearance.integrations.httpx import ClearanceTransport
>>> client = httpx.Client(transport=ClearanceTransport(mode="answer"))
>>> response = client.post("https://meinefirma.kassa.at/api/v1/articles", json={})
>>> response.status_code, response.json()["details"][0]["error_message"]
(401, 'No token given!')

``ClearanceTransport`` wraps a sync transport (by default ``httpx.HTTPTransport()``),
``AsyncClearanceTransport`` an async one. A transport given to a client replaces the one
the client would build, so client options such as ``verify``, ``http2`` or ``proxy`` go
to the wrapped transport: ``ClearanceTransport(httpx.HTTPTransport(http2=True))``.
Transports in the client's ``mounts`` (and its ``proxy``) are not wrapped: wrap them too.

Per call, ``extensions={"clearance": ...}`` or the ``Clearance-Ignore`` header switch
rules off (see :mod:`clearance.integrations`); neither is passed on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

try:
    import httpx
except ImportError as exc:  # pragma: no cover - exercised in a subprocess
    raise ImportError(
        "clearance.integrations.httpx needs httpx: pip install 'clearance[httpx]'"
    ) from exc

from clearance import integrations
from clearance.integrations import EXTENSION, IGNORE_HEADER, Checkpoint, Plan, describe

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from clearance.integrations import Mode
    from clearance.report import Account, Context, Report

__all__ = ["AsyncClearanceTransport", "ClearanceTransport", "RequestRejectedError"]

_HEADER = IGNORE_HEADER.lower().encode()


class RequestRejectedError(integrations.RequestRejectedError, httpx.HTTPStatusError):
    """The server would reject the request; ``response`` is its answer, ``report`` why.

    An ``httpx.HTTPStatusError`` too, so handlers written for
    ``response.raise_for_status()`` treat it as the server's own rejection.
    """

    def __init__(
        self, report: Report, response: httpx.Response, unknown: Sequence[str] = ()
    ) -> None:
        """Carry ``report`` and the server's ``response`` (whose ``request`` is set).

        ``unknown``: selectors of the ``Clearance-Ignore`` header that named no rule.
        """
        httpx.HTTPStatusError.__init__(
            self,
            describe(report, response.status_code, unknown),
            request=response.request,
            response=response,
        )
        self.report = report


class _Checking:
    """What the sync and the async transport share: everything but the I/O."""

    def __init__(
        self,
        *,
        mode: Mode,
        ignore: str | Iterable[str],
        context: Context | None,
        account: Account | Mapping[str, object] | None,
    ) -> None:
        self.checkpoint = Checkpoint.configure(
            mode=mode, ignore=ignore, context=context, account=account
        )

    def _plan(self, request: httpx.Request) -> tuple[httpx.Request, Plan | None]:
        """The request to pass on (without the escape hatch), and what to check of it."""
        option = request.extensions.get(EXTENSION)
        headers = request.headers.get_list(IGNORE_HEADER)
        plan = self.checkpoint.plan(str(request.url), option, header=headers)
        if EXTENSION not in request.extensions and not headers:
            return request, plan
        forwarded = httpx.Request(
            request.method,
            request.url,
            headers=[(k, v) for k, v in request.headers.raw if k.lower() != _HEADER],
            stream=request.stream,
            extensions={k: v for k, v in request.extensions.items() if k != EXTENSION},
        )
        return forwarded, plan

    def _answer(
        self, plan: Plan, request: httpx.Request, forwarded: httpx.Request, body: bytes
    ) -> httpx.Response | None:
        """The server's answer to a request it would reject; ``None`` if it may leave."""
        report = self.checkpoint.verdict(
            plan, forwarded.method, str(forwarded.url), forwarded.headers.multi_items(), body
        )
        if report is None:
            return None
        status, headers, content = report.response()
        response = httpx.Response(
            status,
            headers=headers,
            content=content,
            request=request,
            extensions={EXTENSION: report},
        )
        if self.checkpoint.mode == "raise":
            raise RequestRejectedError(report, response, plan.unknown)
        return response


class ClearanceTransport(_Checking, httpx.BaseTransport):
    """A sync transport that checks each request, then hands it to ``wrapped``.

    Args:
        wrapped: the transport that sends what passes (default ``httpx.HTTPTransport()``).
        mode: ``"raise"`` a :class:`RequestRejectedError`, or ``"answer"`` with the server's
            response, for a request the server would reject.
        ignore: rule selectors switched off for every request of this client.
        context: facts for the checks, e.g. ``clearance.Context(today=...)``.
        account: facts of your accounts (a :class:`clearance.Account`, or facts keyed per
            api: ``{"co3": {"currencies": ["USD", "EUR"]}}``), for the rules that depend
            on them; replaces the context's.
    """

    def __init__(
        self,
        wrapped: httpx.BaseTransport | None = None,
        *,
        mode: Mode = "raise",
        ignore: str | Iterable[str] = (),
        context: Context | None = None,
        account: Account | Mapping[str, object] | None = None,
    ) -> None:
        """Wrap ``wrapped`` (see the class docstring)."""
        super().__init__(mode=mode, ignore=ignore, context=context, account=account)
        self.wrapped = wrapped if wrapped is not None else httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Check ``request``; send it on if the server would accept it.

        Raises:
            RequestRejectedError: in mode ``"raise"``, when the server would reject it.
        """
        forwarded, plan = self._plan(request)
        if plan is not None:
            answer = self._answer(plan, request, forwarded, forwarded.read())
            if answer is not None:
                return answer
        return self.wrapped.handle_request(forwarded)

    def close(self) -> None:
        """Close the wrapped transport."""
        self.wrapped.close()


class AsyncClearanceTransport(_Checking, httpx.AsyncBaseTransport):
    """An async transport that checks each request, then hands it to ``wrapped``.

    Args:
        wrapped: the transport that sends what passes (default
            ``httpx.AsyncHTTPTransport()``).
        mode: ``"raise"`` a :class:`RequestRejectedError`, or ``"answer"`` with the server's
            response, for a request the server would reject.
        ignore: rule selectors switched off for every request of this client.
        context: facts for the checks, e.g. ``clearance.Context(today=...)``.
        account: facts of your accounts (a :class:`clearance.Account`, or facts keyed per
            api: ``{"co3": {"currencies": ["USD", "EUR"]}}``), for the rules that depend
            on them; replaces the context's.
    """

    def __init__(
        self,
        wrapped: httpx.AsyncBaseTransport | None = None,
        *,
        mode: Mode = "raise",
        ignore: str | Iterable[str] = (),
        context: Context | None = None,
        account: Account | Mapping[str, object] | None = None,
    ) -> None:
        """Wrap ``wrapped`` (see the class docstring)."""
        super().__init__(mode=mode, ignore=ignore, context=context, account=account)
        self.wrapped = wrapped if wrapped is not None else httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Check ``request``; send it on if the server would accept it.

        Raises:
            RequestRejectedError: in mode ``"raise"``, when the server would reject it.
        """
        forwarded, plan = self._plan(request)
        if plan is not None:
            answer = self._answer(plan, request, forwarded, await forwarded.aread())
            if answer is not None:
                return answer
        return await self.wrapped.handle_async_request(forwarded)

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self.wrapped.aclose()
