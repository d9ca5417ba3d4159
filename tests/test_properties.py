"""Property tests: no payload, however odd, makes ``check()`` raise or answer badly."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sampling import deep, wide

import clearance
from clearance.apis import APIS, get_api
from clearance.catalog import load_catalog

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)


def _payloads(api: str, endpoint: str) -> st.SearchStrategy[Any]:
    """Arbitrary JSON, and objects keyed by the endpoint's own field names (to reach its rules)."""
    spec = get_api(api).endpoint(endpoint)
    names = sorted(spec.model.model_fields) or ["x"]
    keyed = st.dictionaries(st.sampled_from(names), json_values, max_size=len(names))
    return json_values | keyed


def _assert_sound(api: str, report: clearance.Report) -> None:
    catalog = load_catalog(api)
    for finding in report.findings:
        assert isinstance(finding.code, str)
        assert finding.rule.key in catalog
        assert finding.rule.code == finding.code
        assert finding.pointer is None or finding.pointer == "" or finding.pointer.startswith("/")
    if not report.ok:
        status, headers, body = report.response()
        assert 400 <= status < 600
        assert headers
        assert isinstance(body, bytes)
        assert body


@pytest.mark.parametrize(("api", "endpoint"), deep())
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_json_gives_a_report(
    api: str, endpoint: str, data: st.DataObject, capsys: pytest.CaptureFixture[str]
) -> None:
    _any_json(api, endpoint, data, capsys)


@pytest.mark.parametrize(("api", "endpoint"), wide())
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_json_gives_a_report_everywhere(
    api: str, endpoint: str, data: st.DataObject, capsys: pytest.CaptureFixture[str]
) -> None:
    """The other endpoints (see ``sampling``): a few examples each."""
    _any_json(api, endpoint, data, capsys)


def _any_json(
    api: str, endpoint: str, data: st.DataObject, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = data.draw(_payloads(api, endpoint))
    report = clearance.check(api, endpoint, payload)
    _assert_sound(api, report)
    assert capsys.readouterr() == ("", "")  # a library check prints nothing
    if isinstance(payload, str):  # a str payload is a raw body, already parsed as such
        return
    # the same payload as raw JSON gives the same findings
    raw = json.dumps(payload).encode()
    again = clearance.check(api, endpoint, raw)
    assert [(f.code, f.pointer) for f in again.findings] == [
        (f.code, f.pointer) for f in report.findings
    ]


_RAW = st.binary(max_size=200) | st.sampled_from(
    [b"{", b"<", b"[", b"\xef\xbb\xbf{", b"<command>"]
).flatmap(lambda head: st.binary(max_size=120).map(lambda tail: head + tail))


@pytest.mark.parametrize(("api", "endpoint"), deep())
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=_RAW)
def test_any_bytes_give_a_report(
    api: str, endpoint: str, raw: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    _assert_sound(api, clearance.check(api, endpoint, raw))
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(("api", "endpoint"), wide())
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=_RAW)
def test_any_bytes_give_a_report_everywhere(
    api: str, endpoint: str, raw: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """The other endpoints (see ``sampling``): a few examples each."""
    _assert_sound(api, clearance.check(api, endpoint, raw))
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("api", APIS)
def test_hostile_documents(api: str) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    hostile: list[Any] = [
        deep,
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        "\ufeff{}",
        b"\xff\xfe{}",
        '{"x": NaN}',
        '{"x": 1e400}',
        '{"x": -0}',
        '{"a": 1, "a": 2}',
        "9" * 5000,
        "",
        "   ",
        "null",
        '"€"',
    ]
    for endpoint in get_api(api).endpoints:
        for payload in hostile:
            _assert_sound(api, clearance.check(api, endpoint, payload))


@given(st.lists(st.text(max_size=6) | st.integers(0, 99), max_size=5))
def test_pointer_escapes_each_token(loc: list[str | int]) -> None:
    """RFC 6901: each token escaped (``~`` as ``~0``, ``/`` as ``~1``), each after a ``/``."""
    from clearance import _json  # noqa: PLC0415

    expected = "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in loc)
    assert _json.pointer(tuple(loc)) == expected
