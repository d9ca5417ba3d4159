"""The httpx transports: checked before sent, and a rejected request never reaches the wire.

Every test wraps a transport that fails if it is ever reached, or one that records what it
receives; ``conftest.py`` forbids sockets besides. Each API in ``APIS`` is exercised with
one rejected and one accepted request from ``examples/<api>/``.
"""

from __future__ import annotations

import asyncio
import gzip
import re
import subprocess
import sys
from typing import Any

import httpx
import pytest
from example_requests import ROOT, Example, examples, find_examples

import clearance
from clearance.apis import APIS, get_api
from clearance.integrations import Checkpoint, selectors
from clearance.integrations.httpx import (
    AsyncClearanceTransport,
    ClearanceTransport,
    RequestRejectedError,
)

README_HEADING = "## Check before you send: httpx and requests"


# -- the requests under test: one rejected, one accepted, per API ------------------------


@pytest.mark.parametrize("api", APIS)
def test_every_api_has_a_rejected_and_an_accepted_example(api: str) -> None:
    """The integration tests of both libraries run on these two requests per API."""
    bad, good = find_examples(api)
    assert bad is not None, f"examples/{api}/ has no request the server would reject"
    assert good is not None, f"examples/{api}/ has no request the server would accept"


def unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"the network was reached: {request.method} {request.url}")


class Recorder:
    """A handler for ``httpx.MockTransport`` that keeps every request it receives."""

    def __init__(self) -> None:
        self.received: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.received.append(request)
        return httpx.Response(299, content=b"sent")

    @property
    def one(self) -> httpx.Request:
        assert len(self.received) == 1
        return self.received[0]


def _build(client: httpx.Client | httpx.AsyncClient, example: Example, **kwargs: Any) -> Any:
    return client.build_request(
        example.method, example.url, headers=example.headers, content=example.body, **kwargs
    )


def _wire(request: httpx.Request) -> tuple[str, str, list[tuple[bytes, bytes]], bytes]:
    """What a request puts on the wire."""
    return request.method, str(request.url), request.headers.raw, request.read()


def _plain(example: Example, **kwargs: Any) -> httpx.Request:
    """The request a client without clearance sends for ``example``."""
    recorder = Recorder()
    with httpx.Client(transport=httpx.MockTransport(recorder)) as client:
        client.send(_build(client, example, **kwargs))
    return recorder.one


def assert_is_server_answer(response: httpx.Response, example: Example) -> None:
    status, headers, body = example.response()
    assert response.status_code == status
    assert response.headers["Content-Type"] == headers["Content-Type"]
    assert response.content == body
    assert response.headers["Content-Length"] == str(len(body))


# -- sync ------------------------------------------------------------------------------


@pytest.mark.parametrize("api", APIS)
def test_rejected_request_raises_without_network(api: str) -> None:
    bad, _ = examples(api)
    client = httpx.Client(transport=ClearanceTransport(httpx.MockTransport(unreachable)))
    request = _build(client, bad)
    with pytest.raises(RequestRejectedError) as caught:
        client.send(request)
    error = caught.value
    assert error.report == bad.report
    assert error.response.extensions["clearance"] == bad.report
    assert_is_server_answer(error.response, bad)
    assert error.request is request
    assert error.response.request is request
    assert isinstance(error, clearance.ClearanceError)
    assert isinstance(error, httpx.HTTPStatusError)
    for finding in bad.report.findings:
        assert finding.rule.id in str(error)


@pytest.mark.parametrize("api", APIS)
def test_rejected_request_is_answered_without_network(api: str) -> None:
    bad, _ = examples(api)
    transport = ClearanceTransport(httpx.MockTransport(unreachable), mode="answer")
    with httpx.Client(transport=transport) as client:
        request = _build(client, bad)
        response = client.send(request)
    assert_is_server_answer(response, bad)
    assert response.request is request
    assert response.extensions["clearance"] == bad.report
    with pytest.raises(httpx.HTTPStatusError):
        response.raise_for_status()


@pytest.mark.parametrize("api", APIS)
def test_accepted_request_passes_unchanged(api: str) -> None:
    _, good = examples(api)
    recorder = Recorder()
    with httpx.Client(transport=ClearanceTransport(httpx.MockTransport(recorder))) as client:
        request = _build(client, good)
        response = client.send(request)
    assert response.status_code == 299
    assert recorder.one is request  # the very request the client built
    assert _wire(recorder.one) == _wire(_plain(good))
    assert recorder.one.read() == (good.body or b"")


@pytest.mark.parametrize("api", APIS)
def test_streamed_bodies_are_read_once_and_replayed(api: str) -> None:
    bad, good = examples(api)

    def stream(body: bytes | None) -> Any:
        yield from [(body or b"")[:5], (body or b"")[5:]]

    recorder = Recorder()
    with httpx.Client(transport=ClearanceTransport(httpx.MockTransport(recorder))) as client:
        client.request(good.method, good.url, headers=good.headers, content=stream(good.body))
        with pytest.raises(RequestRejectedError) as caught:
            client.request(bad.method, bad.url, headers=bad.headers, content=stream(bad.body))
    assert caught.value.report == bad.report
    plain = _plain(good)
    assert recorder.one.read() == plain.read()
    sent = dict(recorder.one.headers)
    assert sent.pop("transfer-encoding") == "chunked"
    assert sent == {k: v for k, v in plain.headers.items() if k != "content-length"}


@pytest.mark.parametrize("api", APIS)
def test_unknown_host_passes_untouched(api: str) -> None:
    bad, _ = examples(api)
    url = httpx.URL(bad.url).copy_with(host="api.example.com")
    iterated: list[bytes] = []

    def stream() -> Any:  # a stream clearance must leave unread
        for chunk in [bad.body or b""]:
            iterated.append(chunk)
            yield chunk

    class Spy(httpx.BaseTransport):  # unlike MockTransport, it reads nothing first
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            assert not iterated
            return recorder(request)

    recorder = Recorder()
    with httpx.Client(transport=ClearanceTransport(Spy())) as client:
        request = client.build_request(bad.method, url, headers=bad.headers, content=stream())
        client.send(request)
    assert recorder.one is request
    assert recorder.one.read() == (bad.body or b"")


def test_unknown_path_on_a_known_host_passes() -> None:
    bad, _ = examples("kassa")
    recorder = Recorder()
    url = httpx.URL(bad.url).copy_with(path=get_api("kassa").base_path + "/undocumented")
    with httpx.Client(transport=ClearanceTransport(httpx.MockTransport(recorder))) as client:
        client.request(bad.method, url, headers=bad.headers, content=bad.body)
    assert recorder.one.read() == bad.body


# -- the escape hatch ------------------------------------------------------------------


def _ids(example: Example) -> list[str]:
    return [f.rule.id for f in example.report.findings]


@pytest.mark.parametrize("api", APIS)
def test_rules_switched_off_per_client(api: str) -> None:
    bad, _ = examples(api)
    recorder = Recorder()
    transport = ClearanceTransport(httpx.MockTransport(recorder), ignore=_ids(bad))
    with httpx.Client(transport=transport) as client:
        assert client.send(_build(client, bad)).status_code == 299
    assert _wire(recorder.one) == _wire(_plain(bad))


@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize("how", ["extension", "header", "all", "off"])
def test_rules_switched_off_per_call_and_not_sent(api: str, how: str) -> None:
    bad, _ = examples(api)
    options: dict[str, dict[str, Any]] = {
        "extension": {"extensions": {"clearance": _ids(bad), "timeout": {"connect": 1}}},
        "header": {"headers": {**bad.headers, "Clearance-Ignore": ", ".join(_ids(bad))}},
        "all": {"extensions": {"clearance": "*"}},
        "off": {"extensions": {"clearance": False}},
    }
    option = options[how]
    recorder = Recorder()
    with httpx.Client(transport=ClearanceTransport(httpx.MockTransport(recorder))) as client:
        request = client.build_request(
            bad.method, bad.url, **{"headers": bad.headers, "content": bad.body, **option}
        )
        client.send(request)
        with pytest.raises(RequestRejectedError):  # the next call is checked again
            client.send(_build(client, bad))
    sent = recorder.one
    assert "clearance" not in sent.extensions
    assert "clearance-ignore" not in sent.headers
    assert _wire(sent) == _wire(_plain(bad))
    if how == "extension":
        assert sent.extensions["timeout"] == {"connect": 1}


@pytest.mark.parametrize("api", APIS)
def test_inferred_rules_can_be_switched_off(api: str) -> None:
    bad, _ = examples(api)
    expected = clearance.check_request(
        api,
        bad.method,
        bad.url,
        headers=bad.headers,
        body=bad.body,
        context=clearance.Context(ignore=frozenset({"inferred"})),
    )
    recorder = Recorder()
    transport = ClearanceTransport(httpx.MockTransport(recorder), ignore="inferred")
    with httpx.Client(transport=transport) as client:
        if expected.ok:
            client.send(_build(client, bad))
            assert len(recorder.received) == 1
        else:
            with pytest.raises(RequestRejectedError) as caught:
                client.send(_build(client, bad))
            assert caught.value.report == expected


def test_selectors_and_modes_are_checked() -> None:
    assert selectors(["kassa:1030, 1064", "inferred"]) == {"kassa:1030", "1064", "inferred"}
    with pytest.raises(TypeError, match="selector"):
        selectors([1030])
    with pytest.raises(TypeError, match="ignore takes"):
        selectors(1030)
    with pytest.raises(ValueError, match="mode must be"):
        ClearanceTransport(mode="warn")  # type: ignore[arg-type]
    checkpoint = Checkpoint.configure(context=clearance.Context(ignore=frozenset({"*"})))
    assert checkpoint.plan("https://meinefirma.kassa.at/api/v1/articles") is None
    assert checkpoint.plan("http://[::1/") is None


# -- bodies the server reads after decoding --------------------------------------------


def test_gzip_bodies_are_checked_after_decoding() -> None:
    bad, good = examples("kassa")
    recorder = Recorder()
    headers = {"Content-Encoding": "gzip"}
    with httpx.Client(transport=ClearanceTransport(httpx.MockTransport(recorder))) as client:
        packed = gzip.compress(good.body or b"")
        client.post(good.url, headers={**good.headers, **headers}, content=packed)
        assert recorder.one.read() == packed
        with pytest.raises(RequestRejectedError) as caught:
            client.post(
                bad.url, headers={**bad.headers, **headers}, content=gzip.compress(bad.body or b"")
            )
        assert caught.value.report == bad.report
        # Encodings clearance cannot read, and broken ones, are the server's to judge.
        for coding, body in [("br", bad.body), ("gzip", b"not gzip")]:
            client.post(bad.url, headers={**bad.headers, "Content-Encoding": coding}, content=body)
    assert len(recorder.received) == 3


# -- async -----------------------------------------------------------------------------


@pytest.mark.parametrize("api", APIS)
def test_async_rejected_request_raises_or_is_answered(api: str) -> None:
    bad, _ = examples(api)

    async def run() -> tuple[RequestRejectedError, httpx.Response]:
        unreached = httpx.MockTransport(unreachable)
        async with httpx.AsyncClient(transport=AsyncClearanceTransport(unreached)) as client:
            with pytest.raises(RequestRejectedError) as caught:
                await client.send(_build(client, bad))
        answering = AsyncClearanceTransport(unreached, mode="answer")
        async with httpx.AsyncClient(transport=answering) as client:
            response = await client.send(_build(client, bad))
        return caught.value, response

    error, response = asyncio.run(run())
    assert error.report == bad.report
    assert_is_server_answer(error.response, bad)
    assert_is_server_answer(response, bad)


@pytest.mark.parametrize("api", APIS)
def test_async_accepted_request_passes_unchanged(api: str) -> None:
    bad, good = examples(api)
    recorder = Recorder()

    async def stream(body: bytes | None) -> Any:
        yield body or b""

    async def run() -> list[httpx.Request]:
        transport = AsyncClearanceTransport(httpx.MockTransport(recorder))
        async with httpx.AsyncClient(transport=transport) as client:
            request = _build(client, good)
            await client.send(request)
            await client.request(
                good.method, good.url, headers=good.headers, content=stream(good.body)
            )
            await client.request(
                bad.method, bad.url.replace(httpx.URL(bad.url).host, "example.org"),
                headers=bad.headers, content=bad.body,
            )  # fmt: skip
            await client.send(_build(client, bad, extensions={"clearance": "*"}))
            return [request]

    [request] = asyncio.run(run())
    direct, streamed, unknown, escaped = recorder.received
    assert direct is request
    assert _wire(direct) == _wire(_plain(good))
    assert streamed.read() == direct.read()
    assert unknown.read() == escaped.read() == bad.body
    assert "clearance" not in escaped.extensions


def test_transports_close_what_they_wrap() -> None:
    closed: list[str] = []

    class Sync(httpx.MockTransport):
        def close(self) -> None:
            closed.append("sync")

    class Async(httpx.MockTransport):
        async def aclose(self) -> None:
            closed.append("async")

    with httpx.Client(transport=ClearanceTransport(Sync(unreachable))):
        pass

    async def run() -> None:
        async with httpx.AsyncClient(transport=AsyncClearanceTransport(Async(unreachable))):
            pass

    asyncio.run(run())
    assert closed == ["sync", "async"]
    assert isinstance(ClearanceTransport().wrapped, httpx.HTTPTransport)
    assert isinstance(AsyncClearanceTransport().wrapped, httpx.AsyncHTTPTransport)


# -- packaging -------------------------------------------------------------------------


def test_clearance_never_imports_the_http_libraries() -> None:
    code = (
        "import sys, clearance, clearance.integrations; clearance.check_request; "
        "print(sorted({'httpx', 'requests', 'urllib3'} & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_missing_httpx_fails_loudly() -> None:
    code = "import sys; sys.modules['httpx'] = None; import clearance.integrations.httpx"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "ImportError: clearance.integrations.httpx needs httpx" in run.stderr
    assert "pip install 'clearance[httpx]'" in run.stderr


# -- the README examples run -----------------------------------------------------------


def readme_snippets(module: str) -> list[str]:
    """The README's Python examples that use ``module``, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_HEADING in text, "the README lost its integrations section"
    section = text.split(README_HEADING, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    return [block for block in blocks if f"import {module}\n" in block]


def test_readme_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    snippets = readme_snippets("httpx")
    expected = ["400 1030\n", "401 No token given!\n", "201\n"]
    assert len(snippets) == len(expected)
    for snippet, output in zip(snippets, expected, strict=True):
        exec(compile(snippet, "README.md", "exec"), {"__name__": "readme"})  # noqa: S102
        assert capsys.readouterr().out == output
