"""``clearance serve --mode proxy`` between real clients and an upstream stand-in process.

The upstream (``tests/serve_upstream.py``) logs every request exactly as it arrived.
Per API: an accepted request reaches it with the same method, path, query, headers and
body bytes, and its answer comes back unchanged; a refused one gets
:meth:`clearance.Report.response` and never reaches it. Then: streaming, no open proxy,
an upstream that is down (502) or slow (504), and a clean shutdown.
"""

from __future__ import annotations

import base64
import dataclasses
import socket
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest
from serve_upstream import BODY
from serving import (
    CLIENTS,
    Process,
    Server,
    received,
    start_server,
    start_upstream,
    via_urllib,
)
from test_serve import ACCEPTED, REFUSED, Request, assert_is_the_report, from_file

from clearance.apis import APIS

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytest.importorskip("starlette", reason="clearance serve needs the serve extra")

pytestmark = pytest.mark.usefixtures("loopback")

#: Where each api's requests go on the upstream: a prefix per api, the account kept.
PREFIX = {
    "kassa": "/kassa-{account}",
    "snelstart": "/snelstart",
    "fortnox": "/fortnox",
    "invoicexpress": "/ix-{account}",
    "co3": "/co3",
}


@dataclasses.dataclass
class Setup:
    proxy: Server
    upstream: Process
    port: int
    requests: Path


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    folder = tmp_path_factory.mktemp("proxy")
    upstream, port, requests = start_upstream(folder / "upstream")
    options = ["--mode", "proxy"]
    for api, prefix in PREFIX.items():
        options += ["--upstream", f"{api}=http://127.0.0.1:{port}{prefix}"]
    proxy = start_server(folder / "proxy", *options)
    yield Setup(proxy, upstream, port, requests)
    assert proxy.stop() == 0, proxy.text()
    upstream.stop()


def tagged(name: str) -> tuple[Request, str]:
    """An example request with a header that tells it apart at the upstream."""
    request = from_file(name)
    tag = uuid.uuid4().hex
    return dataclasses.replace(request, headers=(*request.headers, ("X-Test-Request", tag))), tag


def arrived(setup: Setup, tag: str) -> list[dict[str, Any]]:
    return [
        entry for entry in received(setup.requests) if any(v == tag for _, v in entry["headers"])
    ]


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("api", APIS)
def test_an_accepted_request_reaches_the_upstream_byte_for_byte(
    setup: Setup, api: str, client: str
) -> None:
    request, tag = tagged(ACCEPTED[api])
    answer = request.send(CLIENTS[client], setup.proxy.origin)
    # the upstream's own answer, unchanged
    assert answer.status == 201
    assert answer.body == BODY
    assert answer.header("x-upstream") == "stand-in"
    assert [v for k, v in answer.headers if k == "set-cookie"] == ["a=1", "b=2"]
    # and what it received is what was sent
    (entry,) = arrived(setup, tag)
    url = urlsplit(request.url)
    account = url.hostname.split(".")[0] if api in {"kassa", "invoicexpress"} else ""
    expected_path = PREFIX[api].format(account=account) + url.path
    assert entry["path"] == expected_path + (f"?{url.query}" if url.query else "")
    assert entry["method"] == request.method
    assert base64.b64decode(entry["body"]) == request.body
    headers = {k.lower(): v for k, v in entry["headers"]}
    for name, value in request.headers:
        assert headers[name.lower()] == value
    assert headers["host"] == f"127.0.0.1:{setup.port}"


@pytest.mark.parametrize("client", ["urllib", "curl", "node"])
@pytest.mark.parametrize("api", APIS)
def test_a_refused_request_never_reaches_the_upstream(setup: Setup, api: str, client: str) -> None:
    request, tag = tagged(REFUSED[api])
    answer = request.send(CLIENTS[client], setup.proxy.origin)
    assert_is_the_report(answer, from_file(REFUSED[api]).report())
    assert arrived(setup, tag) == []


def test_an_undocumented_endpoint_is_forwarded_unchecked(setup: Setup) -> None:
    tag = uuid.uuid4().hex
    answer = via_urllib("DELETE", f"{setup.proxy.origin}/fortnox/3/undocumented/7",
                        (("X-Test-Request", tag),), None)  # fmt: skip
    assert answer.status == 201
    (entry,) = arrived(setup, tag)
    assert entry["path"] == "/fortnox/3/undocumented/7"


def test_clearance_ignore_is_not_forwarded(setup: Setup) -> None:
    request, tag = tagged(REFUSED["kassa"])
    ignoring = dataclasses.replace(
        request, headers=(*request.headers, ("Clearance-Ignore", "kassa"))
    )
    assert ignoring.send(via_urllib, setup.proxy.origin).status == 201
    (entry,) = arrived(setup, tag)
    assert "clearance-ignore" not in {k.lower() for k, _ in entry["headers"]}


def test_the_answer_streams(setup: Setup, tmp_path: Path) -> None:
    gate = tmp_path / "gate"
    url = f"{setup.proxy.origin}/snelstart/v2/stream?gate={gate}"
    with httpx.Client(trust_env=False, timeout=30) as client, client.stream("GET", url) as reply:
        lines = reply.iter_lines()
        assert next(lines) == "first chunk"  # arrived while the upstream still waits
        gate.touch()
        assert next(lines) == "released"


@pytest.mark.parametrize(
    "head",
    [
        b"GET http://127.0.0.1:{port}/kassa-x/api/v1/warehouses HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n",
        b"CONNECT 127.0.0.1:{port} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n",
        b"GET /kassa/x@127.0.0.1:{port}/api/v1/warehouses HTTP/1.1\r\nHost: x\r\n",
    ],
    ids=["absolute-form", "connect", "host-in-account"],
)
def test_it_is_never_an_open_proxy(setup: Setup, head: bytes) -> None:
    before = len(received(setup.requests))
    host, port = urlsplit(setup.proxy.origin).hostname, urlsplit(setup.proxy.origin).port
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            head.replace(b"{port}", str(setup.port).encode()) + b"Authorization: t\r\n\r\n"
        )
        answer = sock.recv(65536)
    assert answer.split(b" ", 2)[1] in {b"400", b"404", b"405"}, answer
    assert len(received(setup.requests)) == before


# -- an upstream down or slow ---------------------------------------------------------------


@pytest.fixture(scope="module")
def failing(setup: Setup, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    proxy = start_server(
        tmp_path_factory.mktemp("failing"), "--mode", "proxy", "--timeout", "1",
        "--upstream", f"kassa=http://127.0.0.1:{dead}",
        "--upstream", f"fortnox=http://127.0.0.1:{setup.port}/slow",
    )  # fmt: skip
    yield proxy
    assert proxy.stop() == 0, proxy.text()


def test_an_upstream_that_is_down_gets_clearances_502(failing: Server) -> None:
    answer = from_file(ACCEPTED["kassa"]).send(via_urllib, failing.origin)
    assert answer.status == 502
    message = answer.json()["clearance"]
    assert message.startswith("clearance serve: the upstream http://127.0.0.1:")
    assert "could not be reached" in message


def test_an_upstream_too_slow_gets_clearances_504(failing: Server) -> None:
    answer = from_file(ACCEPTED["fortnox"]).send(via_urllib, failing.origin)
    assert answer.status == 504
    assert "did not answer within 1 s" in answer.json()["clearance"]
