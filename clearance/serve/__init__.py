"""A local stand-in for the five APIs, and a checking proxy, for clients in any language.

Point a client's base URL at ``http://127.0.0.1:PORT/<api>/...`` (CONTRACT section 6;
:func:`clearance.serve.urls.base_urls`) and every request is checked as the real server
would check it: a request the server would refuse gets the server's own answer (status,
headers and body of :meth:`clearance.Report.response`), one it would accept gets the
documented success (``mode="mock"``) or goes on to the API (``mode="proxy"``).

``clearance serve`` runs it (``pip install 'clearance[serve]'``); Python programs can
mount or drive the ASGI app in-process:

>>> import asyncio, httpx
>>> from clearance.serve import app
>>> async def post(path, body, **headers):
...     transport = httpx.ASGITransport(app=app(mode="mock"))
...     async with httpx.AsyncClient(transport=transport, base_url="http://stand-in") as client:
...         return await client.post(path, json=body, headers=headers)
>>> answer = asyncio.run(post("/fortnox/3/customers", {"Customer": {"Name": "Acme"}},
...                           authorization="Bearer t"))
>>> answer.status_code, answer.json()["Customer"]["Name"]
(201, 'Acme')
>>> answer = asyncio.run(post("/fortnox/3/customers", {"Customer": {"Name": "Acme"}}))
>>> answer.status_code, answer.json()["ErrorInformation"]["code"]
(401, 2000311)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["app"]


def app(**settings: Any) -> Starlette:
    """The stand-in's ASGI app (a Starlette application).

    Keyword arguments are the fields of :class:`clearance.serve.server.Settings`: ``mode``
    (``"mock"`` or ``"proxy"``), ``upstreams``, ``ignore``, ``select``, ``today``,
    ``max_body_bytes``, ``timeout``, ``read_timeout``, ``report``.

    Raises:
        ImportError: Starlette (the ``serve`` extra) is not installed.
    """
    try:
        from clearance.serve.server import Settings, create_app  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise ImportError(
            "clearance.serve needs Starlette and uvicorn: pip install 'clearance[serve]'"
        ) from exc
    for name in ("ignore", "select"):
        if name in settings:
            settings[name] = frozenset(settings[name])
    return create_app(Settings(**settings))
