"""Forwarding accepted requests upstream, and relaying the answer unchanged, streaming.

The request goes with its own method, headers and body; only what HTTP says a proxy
must not pass on is dropped (hop-by-hop headers, ``Host``, which names the upstream,
``Expect``) together with clearance's own ``Clearance-Ignore``. The answer comes back
with its status, headers and body bytes as the upstream sent them (``Content-Encoding``
undone by nobody), streamed as it arrives. An upstream that cannot be reached is a 502,
one that does not answer in time a 504, each with a body that says clearance wrote it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import httpx
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from clearance.serve.mock._call import json_body

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Sequence

__all__ = ["HOP_BY_HOP", "Upstream", "own_error"]

#: Headers that describe one connection, not the message (RFC 9110 section 7.6.1).
HOP_BY_HOP = frozenset(
    {
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
        "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
    }
)  # fmt: skip
#: Request headers the proxy does not pass on besides the hop-by-hop ones.
_NOT_FORWARDED = HOP_BY_HOP | {"host", "expect", "content-length", "clearance-ignore"}

_log = logging.getLogger("clearance.serve")


def own_error(status: int, message: str) -> Response:
    """An answer clearance itself gives (never a server's): ``{"clearance": message}``."""
    body = json_body({"clearance": message})
    return Response(body, status, headers={"Content-Type": "application/json"})


class Upstream:
    """One HTTP client for every forwarded request (connections are reused)."""

    def __init__(self, timeout: float) -> None:
        """Wait at most ``timeout`` seconds for the upstream to connect, answer or send."""
        self.timeout = timeout
        self._clients: dict[bool, httpx.AsyncClient] = {}

    def client(self, *, direct: bool) -> httpx.AsyncClient:
        """The client, made on first use.

        Requests to the APIs' own hosts honour the environment's proxy settings
        (``HTTPS_PROXY``, ``NO_PROXY``); requests to an ``--upstream`` go ``direct``.
        """
        client = self._clients.get(direct)
        if client is None:
            client = self._clients[direct] = httpx.AsyncClient(
                timeout=httpx.Timeout(self.timeout),
                follow_redirects=False,  # a redirect is the upstream's answer, relayed as is
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
                trust_env=not direct,
            )
        return client

    async def aclose(self) -> None:
        """Close the clients' connections."""
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()

    async def forward(
        self,
        method: str,
        url: str,
        headers: Sequence[tuple[bytes, bytes]],
        body: bytes,
        *,
        direct: bool = False,
    ) -> Response:
        """Send the request to ``url``; the upstream's answer, or clearance's 502/504."""
        sent = [(k, v) for k, v in headers if k.lower().decode("latin-1") not in _NOT_FORWARDED]
        # httpx.Request, not client.build_request: the client's default headers
        # (User-Agent, Accept, Accept-Encoding) must not be added to the request.
        request = httpx.Request(method, url, headers=sent, content=body)
        try:
            answer = await self.client(direct=direct).send(request, stream=True)
        except httpx.TimeoutException as exc:
            return own_error(
                504,
                f"clearance serve: the upstream {_origin(url)} did not answer within "
                f"{self.timeout:g} s ({type(exc).__name__})",
            )
        except httpx.HTTPError as exc:
            return own_error(
                502,
                f"clearance serve: the upstream {_origin(url)} could not be reached "
                f"({type(exc).__name__}: {exc})",
            )
        relayed = StreamingResponse(
            _relay(answer, url), answer.status_code, background=BackgroundTask(answer.aclose)
        )
        relayed.raw_headers = [
            (k.lower(), v) for k, v in answer.headers.raw if k.lower().decode() not in HOP_BY_HOP
        ]
        return relayed


async def _relay(answer: httpx.Response, url: str) -> AsyncIterator[bytes]:
    """The upstream's body bytes as they come; a failure midway ends the stream."""
    try:
        async for chunk in answer.aiter_raw():
            yield chunk
    except httpx.HTTPError as exc:
        _log.warning(
            "clearance serve: the upstream %s broke off its answer (%s)",
            _origin(url),
            type(exc).__name__,
        )
    finally:
        await answer.aclose()  # the connection goes back to the pool at once


def _origin(url: str) -> str:
    return httpx.URL(url).copy_with(path="/", query=None).__str__().rstrip("/")
