"""The fast path answers exactly as the full validation does (issue 10).

:func:`clearance.model.collect` may only answer where it gives exactly the findings of
pydantic's full validation (the reference), in the same order with the same messages;
the optional orjson shortcut in :func:`clearance._json.loads` may only return what the
exact parser returns.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from casefiles import CASES, case_id, context, load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from shortcuts import assert_promise_kept

import clearance
from clearance import _json
from clearance.engine import Api, Endpoint, get_api
from clearance.model import collect
from clearance.validators import APIS

if TYPE_CHECKING:
    from clearance.report import Finding


def _full(spec: Api, endpoint: Endpoint, payload: Any, ctx: clearance.Context) -> list[Finding]:
    """The findings of pydantic's full validation: the reference."""
    try:
        endpoint.model.model_validate(payload, context={"clearance": ctx})
    except ValidationError as exc:
        return spec.findings(spec.errors(exc), payload)
    except RecursionError:
        return [spec.finding(spec.malformed_rule, pointer="")]
    return []


def _agree(api: str, endpoint_id: str, payload: Any, ctx: clearance.Context) -> None:
    spec = get_api(api)
    endpoint = spec.endpoint(endpoint_id)
    prepared = spec.prepare(payload, endpoint)
    errors = collect(endpoint.model, prepared, ctx)
    if errors is None:
        return  # the fast path gave up: the full validation answers alone
    fast = spec.findings(errors, prepared) if errors else []
    full = _full(spec, endpoint, prepared, ctx)
    assert [(f.code, f.pointer, f.message) for f in fast] == [
        (f.code, f.pointer, f.message) for f in full
    ]
    assert fast == full


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


@pytest.mark.parametrize("api", APIS)
def test_fast_path_answers_most_refused_case_files(api: str) -> None:
    """The agreement tests above only mean something where the fast path answers."""
    answered = total = 0
    for case in (p.values[0] for p in _parsed_cases()):
        if case["api"] != api or not case.get("expect"):
            continue
        spec = get_api(api)
        endpoint = spec.endpoint(case["endpoint"])
        prepared = spec.prepare(case["payload"], endpoint)
        total += 1
        answered += bool(collect(endpoint.model, prepared, context(case.get("context"))))
    assert total
    assert answered >= 0.8 * total, f"{api}: the fast path answered {answered} of {total}"


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

    saved = dict(model._COLLECTORS)  # noqa: SLF001
    for key in list(model._COLLECTORS):  # noqa: SLF001
        model._COLLECTORS[key] = None  # noqa: SLF001
    for api in APIS:
        try:
            spec = get_api(api)
        except Exception:  # noqa: BLE001, S112 - an API in progress elsewhere
            continue
        for endpoint in spec.endpoints.values():
            for m in (endpoint.model, endpoint.path):
                if m is not None:
                    model._COLLECTORS[m] = None  # noqa: SLF001
    return saved


def _restore(saved: dict[Any, Any]) -> None:
    from clearance import model  # noqa: PLC0415

    model._COLLECTORS.clear()  # noqa: SLF001
    model._COLLECTORS.update(saved)  # noqa: SLF001


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
    return [(api, e) for api in APIS for e in get_api(api).endpoints]


@pytest.mark.parametrize(("api", "endpoint_id"), _endpoints())
def test_fast_path_agrees_on_generated_payloads(api: str, endpoint_id: str) -> None:
    ctx = clearance.Context()

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_payloads(api, endpoint_id))
    def run(payload: dict[str, Any]) -> None:
        _agree(api, endpoint_id, payload, ctx)

    run()


def _valid_bases() -> dict[tuple[str, str], list[tuple[dict[str, Any], clearance.Context]]]:
    """Per endpoint, the valid parsed payloads of the case files (with their contexts)."""
    bases: dict[tuple[str, str], list[tuple[dict[str, Any], clearance.Context]]] = {}
    for path in CASES:
        case = load(path)
        if "endpoint" not in case:
            continue
        pairs = [(case.get("payload"), case.get("context"))]
        if "twin" in case:
            pairs = [(case["twin"], case.get("twin_context", case.get("context")))]
        for payload, spec in pairs:
            ctx = context(spec)
            if (
                isinstance(payload, dict)
                and clearance.check(case["api"], case["endpoint"], payload, context=ctx).ok
            ):
                bases.setdefault((case["api"], case["endpoint"]), []).append((payload, ctx))
    return bases


_BASES = _valid_bases()


def _places(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every location inside a JSON value (object keys and array items), root excluded."""
    found: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += [(*at, key), *_places(item, (*at, key))]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += [(*at, index), *_places(item, (*at, index))]
    return found


def _replaced(value: Any, at: tuple[Any, ...], new: Any, how: str) -> Any:
    """A copy of ``value`` with the item at ``at`` replaced, removed, or its key re-cased."""
    if not at:
        return new
    head, rest = at[0], at[1:]
    if isinstance(value, dict):
        copy = dict(value)
        if rest:
            copy[head] = _replaced(value[head], rest, new, how)
        elif how == "drop":
            del copy[head]
        elif how == "recase" and isinstance(head, str):
            copy[head.swapcase()] = copy.pop(head)
        else:
            copy[head] = new
        return copy
    items = list(value)
    if rest:
        items[head] = _replaced(value[head], rest, new, how)
    elif how == "drop":
        del items[head]
    else:
        items[head] = new
    return items


@pytest.mark.parametrize(("api", "endpoint_id"), sorted(_BASES))
def test_fast_path_agrees_near_valid_payloads(api: str, endpoint_id: str) -> None:
    """One change to a payload the case files call valid: the fast path never says yes alone.

    Random payloads rarely get past the first field; these reach every check and cross
    check of the fast path, where a wrong shortcut would let an invalid payload through.
    """
    bases = _BASES[(api, endpoint_id)]

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data: st.DataObject) -> None:
        payload, ctx = data.draw(st.sampled_from(bases))
        places = _places(payload)
        if places:
            at = data.draw(st.sampled_from(places))
            how = data.draw(st.sampled_from(["set", "set", "drop", "recase"]))
            payload = _replaced(payload, at, data.draw(_values), how)
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


def test_large_bodies_skip_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    """orjson allocates many times a body: above the cap, the standard parser alone reads it."""
    calls: list[int] = []

    def counted(raw: Any) -> Any:
        calls.append(len(raw))
        return json.loads(raw)

    monkeypatch.setattr(_json, "_orjson_loads", counted)
    small = b'{"a": "' + b"x" * 100 + b'"}'
    large = b'{"a": "' + b"x" * _json.ORJSON_LARGEST + b'"}'
    assert _json.loads(small) == {"a": "x" * 100}
    assert _json.loads(large) == {"a": "x" * _json.ORJSON_LARGEST}
    assert calls == [len(small)]


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


def _models() -> list[type[Any]]:
    """Every model reachable from every endpoint of every API."""
    from pydantic import BaseModel  # noqa: PLC0415

    seen: list[type[Any]] = []

    def walk(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in seen:
                return
            seen.append(annotation)
            for info in annotation.model_fields.values():
                walk(info.annotation)
            return
        for arg in getattr(annotation, "__args__", ()):
            walk(arg)

    for api in APIS:
        for endpoint in get_api(api).endpoints.values():
            walk(endpoint.model)
            walk(endpoint.path)
    return seen


def _inlined_checks() -> list[Any]:
    from clearance.model import iter_params  # noqa: PLC0415

    checks: dict[int, Any] = {}
    for model in _models():
        for _, param in iter_params(model):
            for _, step in param.steps:
                if step.inline is not None:
                    checks.setdefault(id(step), step)
    return [pytest.param(c, id=f"{c.name}-{n}") for n, c in enumerate(checks.values())]


def _edges(check: Any) -> st.SearchStrategy[Any]:
    """Values at the edges of what a check might take for granted."""
    lengths = {0, 1}
    for key in ("min_length", "max_length"):
        limit = check.params.get(key)
        if isinstance(limit, int):
            lengths |= {max(limit - 1, 0), limit, limit + 1}
    numbers = [0, 1, -1, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**53, 2**53 + 1, 2**96]
    numbers += [-n for n in numbers]
    return st.one_of(
        st.sampled_from(sorted(lengths)).flatmap(
            lambda n: st.text(min_size=n, max_size=n) if n < 100 else st.just("é" * n)
        ),
        st.sampled_from(numbers),
        st.sampled_from(numbers).map(float),
        st.sampled_from(numbers).map(Decimal),
        st.sampled_from(
            [float("inf"), float("-inf"), float("nan"), -0.0, 0.5, 1e-320, 1e308, True, False]
        ),
        st.sampled_from([Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-0")]),
        st.sampled_from(["", " ", "0", "1,5", "true", "TRUE", "Klant", "a@b.at", "\u00a0"]),
        st.sampled_from(list(check.params.get("values", ())) or [None]).flatmap(
            lambda v: st.sampled_from([v, str(v), [v]])
        ),
        st.sampled_from(list(check.examples) or [None]),
        _values,
    )


@pytest.mark.parametrize("check", _inlined_checks())
def test_inline_shortcuts_promise_only_what_the_check_does(check: Any) -> None:
    """Where a check's :class:`~clearance.fields.Inline` test holds, the check passes the value.

    With ``same``, it also returns the value itself: the fast path skips the call.
    """

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_edges(check))
    def run(value: Any) -> None:
        assert_promise_kept(check, value)

    run()
