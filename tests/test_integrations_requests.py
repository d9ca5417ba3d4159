"""The requests adapter: checked before sent, and a rejected request never reaches the wire.

Every test wraps an adapter that fails if it is ever reached, or one that records what it
receives; ``conftest.py`` forbids sockets besides. Each API in ``APIS`` is exercised with
one rejected and one accepted request from ``examples/<api>/``.
"""

from __future__ import annotations

import io
import pickle
import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
import requests_mock
import responses
from example_requests import ROOT, Example, examples
from requests.adapters import HTTPAdapter

import clearance
from clearance.apis import APIS
from clearance.integrations.requests import ClearanceAdapter, RequestRejectedError, install

if TYPE_CHECKING:
    from collections.abc import Mapping

README_HEADING = "## Check before you send: httpx and requests"


# -- the requests under test: one rejected, one accepted, per API ------------------------


class Unreachable(HTTPAdapter):
    """The network: any request that gets here is a failure."""

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        del args, kwargs
        raise AssertionError(f"the network was reached: {request.method} {request.url}")


class Recorder(HTTPAdapter):
    """Keeps what it is asked to send, as the wire would see it, and answers 299."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[requests.PreparedRequest] = []
        self.wire: list[tuple[str | None, str | None, dict[str, Any], bytes | None]] = []

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        del args, kwargs
        self.received.append(request)
        self.wire.append((request.method, request.url, dict(request.headers), _read(request)))
        response = requests.Response()
        response.status_code = 299
        response.request = request
        return response

    @property
    def one(self) -> tuple[str | None, str | None, dict[str, Any], bytes | None]:
        assert len(self.wire) == 1
        return self.wire[0]


def _read(request: requests.PreparedRequest) -> bytes | None:
    body: Any = request.body
    if body is None or isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    if hasattr(body, "read"):
        return body.read()  # type: ignore[no-any-return]
    return b"".join(body)


def session_with(adapter: HTTPAdapter, **options: Any) -> requests.Session:
    session = requests.Session()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return install(session, **options)


def send(session: requests.Session, example: Example, **kwargs: Any) -> requests.Response:
    options = {"headers": example.headers, "data": example.body, **kwargs}
    return session.request(example.method, example.url, **options)


def _plain(example: Example, **kwargs: Any) -> tuple[Any, ...]:
    """What a session without clearance sends for ``example``."""
    recorder = Recorder()
    session = requests.Session()
    session.mount("https://", recorder)
    session.mount("http://", recorder)
    send(session, example, **kwargs)
    return recorder.one


def assert_is_server_answer(response: requests.Response, example: Example) -> None:
    status, headers, body = example.report.response()
    assert response.status_code == status
    assert response.headers["Content-Type"] == headers["Content-Type"]
    assert response.content == body
    assert response.url == example.url
    assert response.reason


# -- rejected, accepted, unknown --------------------------------------------------------


@pytest.mark.parametrize("api", APIS)
def test_rejected_request_raises_without_network(api: str) -> None:
    bad, _ = examples(api)
    with pytest.raises(RequestRejectedError) as caught:
        send(session_with(Unreachable()), bad)
    error = caught.value
    assert error.report == bad.report
    assert error.response is not None
    assert_is_server_answer(error.response, bad)
    assert error.request is error.response.request
    assert isinstance(error, clearance.ClearanceError)
    assert isinstance(error, requests.HTTPError)
    for finding in bad.report.findings:
        assert finding.rule.id in str(error)


@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize("stream", [False, True])
def test_rejected_request_is_answered_without_network(api: str, stream: bool) -> None:
    bad, _ = examples(api)
    response = send(session_with(Unreachable(), mode="answer"), bad, stream=stream)
    assert_is_server_answer(response, bad)
    assert response.request.method == bad.method
    with pytest.raises(requests.HTTPError):
        response.raise_for_status()


@pytest.mark.parametrize("api", APIS)
def test_accepted_request_passes_unchanged(api: str) -> None:
    _, good = examples(api)
    recorder = Recorder()
    session = session_with(recorder)
    prepared = session.prepare_request(
        requests.Request(good.method, good.url, headers=good.headers, data=good.body)
    )
    assert session.send(prepared).status_code == 299
    assert recorder.received == [prepared]  # the very request the session prepared
    assert recorder.one == _plain(good)
    assert recorder.one[3] == good.body


@pytest.mark.parametrize("api", APIS)
def test_bodies_of_every_kind(api: str) -> None:
    bad, good = examples(api)
    body = good.body or b""

    class Pipe:  # a stream that cannot rewind
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def read(self, *size: int) -> bytes:
            return self._data.read(*size)

    recorder = Recorder()
    session = session_with(recorder)
    seekable = io.BytesIO(body)
    sent = [
        send(session, good, data=seekable),
        send(session, good, data=Pipe(body)),
        send(session, good, data=iter([body[:5], body[5:]])),
        send(session, good, data=body.decode()),
    ]
    chunked = session.prepare_request(requests.Request(good.method, good.url, good.headers))
    chunked.body = [body[:5], body[5:]]  # type: ignore[assignment] # as an adapter may see it
    sent.append(session.send(chunked))
    assert [r.status_code for r in sent] == [299] * len(sent)
    assert [wire[3] for wire in recorder.wire] == [body] * len(sent)
    bodies: list[Any] = [request.body for request in recorder.received]
    assert bodies[0] is seekable  # rewound, not replaced
    assert bodies[2] == [body[:5], body[5:]]  # the same chunks
    for kind in (io.BytesIO(bad.body or b""), iter([bad.body or b""]), Pipe(bad.body or b"")):
        with pytest.raises(RequestRejectedError) as caught:
            send(session, bad, data=kind)
        assert caught.value.report == bad.report
    assert len(recorder.wire) == len(sent)


@pytest.mark.parametrize("api", APIS)
def test_unknown_host_passes_untouched(api: str) -> None:
    bad, _ = examples(api)
    parts = urlsplit(bad.url)
    url = urlunsplit(parts._replace(netloc="api.example.com"))

    class Once:  # a stream clearance must leave unread
        def __init__(self) -> None:
            self.data = io.BytesIO(bad.body or b"")
            self.reads = 0

        def read(self, *size: int) -> bytes:
            self.reads += 1
            return self.data.read(*size)

    stream = Once()
    recorder = Recorder()
    session = session_with(recorder)
    session.request(bad.method, url, headers=bad.headers, data=stream)
    received: Any = recorder.received[0].body
    assert received is stream
    assert stream.reads == 1  # the recorder's read, not clearance's
    assert recorder.one[3] == (bad.body or b"")


def test_unknown_path_on_a_known_host_passes() -> None:
    bad, _ = examples("kassa")
    recorder = Recorder()
    session = session_with(recorder)
    session.request(bad.method, bad.url + "/undocumented", headers=bad.headers, data=bad.body)
    assert recorder.one[3] == bad.body


# -- the escape hatch ------------------------------------------------------------------


def _ids(example: Example) -> list[str]:
    return [f.rule.id for f in example.report.findings]


@pytest.mark.parametrize("api", APIS)
def test_rules_switched_off_per_session(api: str) -> None:
    bad, _ = examples(api)
    recorder = Recorder()
    assert send(session_with(recorder, ignore=_ids(bad)), bad).status_code == 299
    assert recorder.one == _plain(bad)


@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize("value", ["ids", "*"])
def test_rules_switched_off_per_call_and_not_sent(api: str, value: str) -> None:
    bad, _ = examples(api)
    recorder = Recorder()
    session = session_with(recorder)
    selectors = ", ".join(_ids(bad)) if value == "ids" else value
    prepared = session.prepare_request(
        requests.Request(
            bad.method,
            bad.url,
            headers={**bad.headers, "Clearance-Ignore": selectors},
            data=bad.body,
        )
    )
    session.send(prepared)
    with pytest.raises(RequestRejectedError):  # the next call is checked again
        send(session, bad)
    assert recorder.one == _plain(bad)
    assert "Clearance-Ignore" in prepared.headers  # the caller's request is left alone


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
    session = session_with(recorder, ignore="inferred")
    if expected.ok:
        send(session, bad)
        assert len(recorder.wire) == 1
    else:
        with pytest.raises(RequestRejectedError) as caught:
            send(session, bad)
        assert caught.value.report == expected


# -- the adapter itself ----------------------------------------------------------------


def test_install_wraps_every_adapter_once() -> None:
    session = requests.Session()
    special = HTTPAdapter(max_retries=3)
    session.mount("https://api.example.com/", special)
    install(install(session))
    adapters: Mapping[str, Any] = session.adapters
    assert all(isinstance(a, ClearanceAdapter) for a in adapters.values())
    assert all(not isinstance(a.wrapped, ClearanceAdapter) for a in adapters.values())
    assert adapters["https://api.example.com/"].wrapped is special


def test_adapter_sends_itself_pickles_and_closes() -> None:
    bad, _ = examples("kassa")
    adapter = ClearanceAdapter(mode="answer", ignore="inferred", max_retries=2)
    assert adapter.max_retries.total == 2
    copy = pickle.loads(pickle.dumps(adapter))  # noqa: S301 - our own object
    assert copy.checkpoint == adapter.checkpoint
    session = requests.Session()
    session.mount("https://", copy)
    assert send(session, bad).status_code == bad.report.response()[0]
    closed: list[str] = []

    class Closing(Unreachable):
        def close(self) -> None:
            closed.append("wrapped")

    ClearanceAdapter(Closing()).close()
    assert closed == ["wrapped"]
    with pytest.raises(ValueError, match="mode must be"):
        ClearanceAdapter(mode="warn")  # type: ignore[arg-type]


def test_missing_requests_fails_loudly() -> None:
    code = "import sys; sys.modules['requests'] = None; import clearance.integrations.requests"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "ImportError: clearance.integrations.requests needs requests" in run.stderr
    assert "pip install 'clearance[requests]'" in run.stderr


# -- the adapters people already mount -------------------------------------------------


class KeywordsOnly(HTTPAdapter):
    """An adapter written to requests' own calling convention: the request, then keywords."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[dict[str, Any]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> Any:  # type: ignore[override]
        self.calls.append(kwargs)
        response = requests.Response()
        response.status_code = 299
        response.request = request
        return response


@pytest.mark.parametrize("api", APIS)
def test_a_keywords_only_adapter_gets_what_requests_passes(api: str) -> None:
    bad, good = examples(api)
    wrapped = KeywordsOnly()
    session = requests.Session()
    session.mount("https://", ClearanceAdapter(wrapped))
    assert send(session, good, timeout=7, verify=False).status_code == 299
    with pytest.raises(RequestRejectedError):
        send(session, bad)
    [kwargs] = wrapped.calls
    assert kwargs == kwargs | {"timeout": 7, "verify": False, "stream": False}
    assert set(kwargs) == {"stream", "timeout", "verify", "cert", "proxies"}


@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize("how", ["mount", "install"])
def test_requests_mock_adapter(api: str, how: str) -> None:
    bad, good = examples(api)
    mock = requests_mock.Adapter()
    mock.register_uri(requests_mock.ANY, requests_mock.ANY, status_code=201, json={"id": 17})
    session = requests.Session()
    if how == "mount":
        session.mount("https://", ClearanceAdapter(mock))
    else:
        session.mount("https://", mock)
        install(session)
    response = send(session, good)
    assert (response.status_code, response.json()) == (201, {"id": 17})
    with pytest.raises(RequestRejectedError):
        send(session, bad)
    assert mock.call_count == 1
    assert mock.last_request.body == good.body


@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize("how", ["install", "adapter"])
def test_responses_library(api: str, how: str) -> None:
    bad, good = examples(api)
    with responses.RequestsMock() as mocked:
        mocked.add(good.method, re.compile(r"https://.*"), status=201, json={"id": 17})
        session = requests.Session()
        if how == "install":
            install(session)
        else:
            session.mount("https://", ClearanceAdapter())
        response = send(session, good)
        assert (response.status_code, response.json()) == (201, {"id": 17})
        with pytest.raises(RequestRejectedError):
            send(session, bad)
        assert len(mocked.calls) == 1


# -- the README example runs -----------------------------------------------------------


def readme_snippets(module: str) -> list[str]:
    """The README's Python examples that use ``module``, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_HEADING in text, "the README lost its integrations section"
    section = text.split(README_HEADING, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    return [block for block in blocks if f"import {module}\n" in block]


def test_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    [snippet] = readme_snippets("requests")
    exec(compile(snippet, "README.md", "exec"), {"__name__": "readme"})  # noqa: S102
    assert capsys.readouterr().out == "400 1030\n"
