"""A requests transport adapter that checks every request before it leaves.

>>> import requests
>>> from clearance.integrations.requests import install
>>> session = install(requests.Session(), mode="answer")
>>> response = session.post("https://meinefirma.kassa.at/api/v1/articles", json={})
>>> response.status_code, response.json()["details"][0]["error_message"]
(401, 'No token given!')

:func:`install` wraps every adapter mounted on a session (by default the ones for
``https://`` and ``http://``) in a :class:`ClearanceAdapter`. To mount one yourself:
``session.mount("https://", ClearanceAdapter())``; it is an ``HTTPAdapter`` and takes
its options (``max_retries=...``), or wraps another adapter: ``ClearanceAdapter(mine)``.

Per call, the ``Clearance-Ignore`` header switches rules off (see
:mod:`clearance.integrations`); it is not sent.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, TypeVar

try:
    import requests
    import urllib3
    from requests.adapters import BaseAdapter, HTTPAdapter
except ImportError as exc:  # pragma: no cover - exercised in a subprocess
    raise ImportError(
        "clearance.integrations.requests needs requests: pip install 'clearance[requests]'"
    ) from exc

from clearance import integrations
from clearance.integrations import IGNORE_HEADER, Checkpoint, describe

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from clearance.integrations import Mode
    from clearance.report import Account, Context, Report

__all__ = ["ClearanceAdapter", "RequestRejectedError", "install"]

_Session = TypeVar("_Session", bound=requests.Session)


class RequestRejectedError(integrations.RequestRejectedError, requests.HTTPError):
    """The server would reject the request; ``response`` is its answer, ``report`` why.

    A ``requests.HTTPError`` too, so handlers written for
    ``response.raise_for_status()`` treat it as the server's own rejection.
    """

    def __init__(
        self, report: Report, response: requests.Response, unknown: Sequence[str] = ()
    ) -> None:
        """Carry ``report`` and the server's ``response`` (whose ``request`` is set).

        ``unknown``: selectors of the ``Clearance-Ignore`` header that named no rule.
        """
        requests.HTTPError.__init__(
            self,
            describe(report, response.status_code, unknown),
            response=response,
            request=response.request,
        )
        self.report = report


class ClearanceAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` that checks each request, and sends what passes.

    Args:
        wrapped: an adapter to send what passes with; by default this adapter sends it
            itself, as an ``HTTPAdapter`` built from ``**kwargs``.
        mode: ``"raise"`` a :class:`RequestRejectedError`, or ``"answer"`` with the server's
            response, for a request the server would reject.
        ignore: rule selectors switched off for every request through this adapter.
        context: facts for the checks, e.g. ``clearance.Context(today=...)``.
        account: facts of your accounts (a :class:`clearance.Account`, or facts keyed per
            api: ``{"co3": {"currencies": ["USD", "EUR"]}}``), for the rules that depend
            on them; replaces the context's.
        **kwargs: ``HTTPAdapter`` options (``max_retries``, ``pool_maxsize``, ...).
    """

    # What pickling keeps (requests' own convention).
    __attrs__ = [*HTTPAdapter.__attrs__, "wrapped", "checkpoint"]  # noqa: RUF012

    def __init__(
        self,
        wrapped: BaseAdapter | None = None,
        *,
        mode: Mode = "raise",
        ignore: str | Iterable[str] = (),
        context: Context | None = None,
        account: Account | Mapping[str, object] | None = None,
        **kwargs: Any,
    ) -> None:
        """Check with these options (see the class docstring)."""
        self.wrapped = wrapped
        self.checkpoint = Checkpoint.configure(
            mode=mode, ignore=ignore, context=context, account=account
        )
        super().__init__(**kwargs)

    def send(  # noqa: PLR0917 - requests' own signature
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Check ``request``; send it on if the server would accept it.

        Raises:
            RequestRejectedError: in mode ``"raise"``, when the server would reject it.
        """
        forwarded = request
        option = request.headers.get(IGNORE_HEADER)
        if option is not None:
            forwarded = request.copy()
            del forwarded.headers[IGNORE_HEADER]
        method, url = request.method, request.url
        plan = self.checkpoint.plan(url, header=option) if method and url else None
        if plan is not None and method and url:
            readable, body, forwarded = _body(forwarded, copied=option is not None)
            if readable:
                headers = [(k, _text(v)) for k, v in forwarded.headers.items()]
                report = self.checkpoint.verdict(plan, method, url, headers, body)
                if report is not None:
                    return self._answer(report, request, plan.unknown)
        # As requests itself calls adapters: the request, then keywords. Adapters such as
        # requests-mock's take nothing else (``send(self, request, **kwargs)``).
        sender = self.wrapped.send if self.wrapped is not None else super().send
        return sender(
            forwarded, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )

    def _answer(
        self, report: Report, request: requests.PreparedRequest, unknown: Sequence[str]
    ) -> requests.Response:
        """The server's answer as a ``requests.Response``; raised in mode ``"raise"``."""
        status, headers, content = report.response()
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(content),
            headers={**headers, "Content-Length": str(len(content))},
            status=status,
            version=11,
            version_string="HTTP/1.1",
            reason=reason,
            preload_content=False,
            decode_content=False,
            request_method=request.method,
            request_url=request.url,
        )
        response = self.build_response(request, raw)
        if self.checkpoint.mode == "raise":
            _ = response.content  # read, so the exception holds the whole answer
            raise RequestRejectedError(report, response, unknown)
        return response

    def close(self) -> None:
        """Close this adapter and the wrapped one."""
        super().close()
        if self.wrapped is not None:
            self.wrapped.close()


def install(
    session: _Session,
    *,
    mode: Mode = "raise",
    ignore: str | Iterable[str] = (),
    context: Context | None = None,
    account: Account | Mapping[str, object] | None = None,
) -> _Session:
    """Check every request ``session`` sends: wrap each of its adapters.

    The options are :class:`ClearanceAdapter`'s. Adapters mounted later are not wrapped.
    Installing twice changes nothing.

    Returns:
        ``session`` itself.
    """
    for prefix, adapter in list(session.adapters.items()):
        if not isinstance(adapter, ClearanceAdapter):
            wrapper = ClearanceAdapter(
                adapter, mode=mode, ignore=ignore, context=context, account=account
            )
            session.mount(prefix, wrapper)
    return session


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _body(
    request: requests.PreparedRequest, *, copied: bool
) -> tuple[bool, bytes | None, requests.PreparedRequest]:
    """Whether the body could be read, its bytes, and the request to send.

    A stream that cannot be rewound is read once and replaced, in a copy of the request,
    by what it held; everything else is sent as it is.
    """
    body: Any = request.body
    if body is None:
        return True, None, request
    if isinstance(body, str | bytes | bytearray | memoryview):
        return True, _join([body]), request  # a str as urllib3 encodes it: UTF-8
    if isinstance(body, list | tuple):  # chunks, replayable
        return True, _join(body), request
    replacement: Any
    if hasattr(body, "read"):
        position = _tell(body)
        data = body.read()
        content = data.encode() if isinstance(data, str) else bytes(data)
        if position is not None:
            try:
                body.seek(position)
            except (AttributeError, OSError, ValueError):
                pass
            else:
                return True, content, request
        replacement = data
    elif isinstance(body, Iterable):
        replacement = list(body)  # the same chunks, now replayable
        content = _join(replacement)
    else:
        return False, None, request
    forwarded = request if copied else request.copy()
    forwarded.body = replacement
    return True, content, forwarded


def _tell(stream: Any) -> int | None:
    try:
        position = stream.tell()
    except (AttributeError, OSError, ValueError):
        return None
    return position if isinstance(position, int) else None


def _join(chunks: Iterable[Any]) -> bytes:
    return b"".join(c.encode() if isinstance(c, str) else bytes(c) for c in chunks)
