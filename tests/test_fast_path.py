"""The fast path answers exactly as the full validation does (issue 10).

:func:`clearance.model.fast_valid` may only say "certainly valid" when pydantic's full
validation finds nothing; the optional orjson shortcut in :func:`clearance._json.loads`
may only return what the exact parser returns.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

import pytest
from casefiles import CASES, case_id, context, load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import clearance
from clearance import _json
from clearance.engine import Endpoint, get_api
from clearance.model import fast_valid
from clearance.validators import APIS


def _full(endpoint: Endpoint, payload: Any, ctx: clearance.Context) -> bool:
    """Whether pydantic's full validation (the reference) finds nothing."""
    try:
        endpoint.model.model_validate(payload, context={"clearance": ctx})
    except (ValidationError, RecursionError):
        return False
    return True


def _agree(api: str, endpoint_id: str, payload: Any, ctx: clearance.Context) -> None:
    spec = get_api(api)
    endpoint = spec.endpoint(endpoint_id)
    prepared = spec.prepare(payload, endpoint)
    if fast_valid(endpoint.model, prepared, ctx):
        assert _full(endpoint, prepared, ctx), "fast path passed a payload pydantic rejects"


def _parsed_cases() -> list[Any]:
    found = []
    for path in CASES:
        case = load(path)
        if "endpoint" in case and isinstance(case.get("payload"), dict):
            found.append(pytest.param(case, id=case_id(path)))
    return found


@pytest.mark.parametrize("case", _parsed_cases())
def test_fast_path_agrees_on_case_files(case: dict[str, Any]) -> None:
    ctx = context(case.get("context"))
    _agree(case["api"], case["endpoint"], case["payload"], ctx)
    if isinstance(case.get("twin"), dict):
        _agree(case["api"], case["endpoint"], case["twin"], context(case.get("twin_context")))


@pytest.mark.parametrize("case", _parsed_cases())
def test_valid_cases_take_the_fast_path_or_fall_back_cleanly(case: dict[str, Any]) -> None:
    """Whatever path a payload takes, ``check`` gives the same report as with no fast path."""
    ctx = context(case.get("context"))
    fast = clearance.check(case["api"], case["endpoint"], case["payload"], context=ctx)
    cache = _disable_fast_path()
    try:
        slow = clearance.check(case["api"], case["endpoint"], case["payload"], context=ctx)
    finally:
        _restore(cache)
    assert fast.findings == slow.findings


def _disable_fast_path() -> dict[Any, Any]:
    from clearance import model  # noqa: PLC0415

    saved = dict(model._CHECKERS)  # noqa: SLF001
    for key in list(model._CHECKERS):  # noqa: SLF001
        model._CHECKERS[key] = None  # noqa: SLF001
    for api in APIS:
        try:
            spec = get_api(api)
        except Exception:  # noqa: BLE001, S112 - an API in progress elsewhere
            continue
        for endpoint in spec.endpoints.values():
            for m in (endpoint.model, endpoint.path):
                if m is not None:
                    model._CHECKERS[m] = None  # noqa: SLF001
    return saved


def _restore(saved: dict[Any, Any]) -> None:
    from clearance import model  # noqa: PLC0415

    model._CHECKERS.clear()  # noqa: SLF001
    model._CHECKERS.update(saved)  # noqa: SLF001


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(["", "0", "20", "12,50", "1e3", "true", "a@b.at", "DE89370400440532013000"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _payloads(api: str, endpoint_id: str) -> st.SearchStrategy[dict[str, Any]]:
    fields = list(get_api(api).endpoint(endpoint_id).model.model_fields)
    keys = st.sampled_from(fields) if fields else st.text(max_size=6)
    return st.dictionaries(keys, _values, max_size=len(fields) or 3)


def _endpoints() -> list[tuple[str, str]]:
    pairs = []
    for api in ("kassa", "fortnox", "invoicexpress", "co3"):
        spec = get_api(api)
        pairs += [(api, e) for e in spec.endpoints][:6]
    return pairs


@pytest.mark.parametrize(("api", "endpoint_id"), _endpoints())
def test_fast_path_agrees_on_generated_payloads(api: str, endpoint_id: str) -> None:
    ctx = clearance.Context()

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_payloads(api, endpoint_id))
    def run(payload: dict[str, Any]) -> None:
        _agree(api, endpoint_id, payload, ctx)

    run()


def _exact_loads(raw: str | bytes) -> Any:
    saved = _json._orjson_loads  # noqa: SLF001
    _json._orjson_loads = None  # noqa: SLF001
    try:
        return _json.loads(raw)
    finally:
        _json._orjson_loads = saved  # noqa: SLF001


def _outcome(parse: Any, raw: str | bytes) -> tuple[str, Any]:
    try:
        value = parse(raw)
    except _json.MalformedJsonError as exc:
        return type(exc).__name__, str(exc)
    return "ok", json.dumps(value, default=repr, sort_keys=False)


_json_texts = st.one_of(
    _values.map(lambda v: json.dumps(v, default=str)),
    st.text(alphabet='{}[]":,0123456789.eE+- \t\n\\uatrfnlsNI\ufeff\ud800é', max_size=24),
    st.sampled_from(
        [
            "",
            " ",
            "\ufeff{}",
            "[NaN]",
            "[Infinity]",
            "[1e400]",
            "[18446744073709551616]",
            "[-0]",
            "[-0.0]",
            '{"a":1,"b":2,"a":3}',
            '"\\ud800"',
            "[" + "9" * 4100 + "]",
            "[" * 2000 + "]" * 2000,
            "1 2",
            "[01]",
            "[1.]",
            '"\x01"',
        ]
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(_json_texts, st.booleans())
def test_orjson_shortcut_gives_the_exact_parse(text: str, as_bytes: bool) -> None:
    raw: str | bytes = text.encode("utf-8", "surrogatepass") if as_bytes else text
    assert _outcome(_json.loads, raw) == _outcome(_exact_loads, raw)


def test_numbers_stay_exact() -> None:
    value = _json.loads(b'{"a": 12.50, "b": 1E+3, "c": 18446744073709551616}')
    assert value == {"a": Decimal("12.50"), "b": Decimal("1E+3"), "c": 18446744073709551616}
    assert str(value["a"]) == "12.50"
    assert not any(isinstance(v, float) and math.isnan(v) for v in value.values())
