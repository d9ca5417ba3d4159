"""The compiled validator answers exactly as a plain reading of the models does.

:mod:`clearance.compiler` writes each model's checks as Python source, shortcuts inlined;
:mod:`reference` reads the same declarations the slow, obvious way. The two must give the
same findings (in document order, with the same messages) on every case file and on
random and near-valid payloads of every endpoint; pydantic never validates a payload; and
msgspec's parse in :func:`clearance._json.loads` may only return what the exact parser
returns.
"""

from __future__ import annotations

import json
import math
import sys
from decimal import Decimal
from typing import Any

import pydantic
import pydantic_core
import pytest
from casefiles import CASES, case_id, context, load, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import reference_errors
from sampling import deep, wide
from shortcuts import assert_promise_kept

import clearance
from clearance import _json
from clearance.apis import APIS, get_api
from clearance.compiler import validator


def _agree(api: str, endpoint_id: str, payload: Any, ctx: clearance.Context) -> None:
    spec = get_api(api)
    endpoint = spec.endpoint(endpoint_id)
    prepared = spec.prepare(payload, endpoint)
    if type(prepared) is not dict:
        return  # the engine answers a body that is not an object before any model runs
    compiled: list[Any] = []
    validator(endpoint.model, spec)(prepared, ctx, (), compiled)
    plain = reference_errors(spec, endpoint.model, prepared, ctx)
    fast = spec.findings(compiled, prepared)
    slow = spec.findings(plain, prepared)
    assert [(f.code, f.pointer, f.message) for f in fast] == [
        (f.code, f.pointer, f.message) for f in slow
    ]
    assert fast == slow


def _parsed_cases() -> list[Any]:
    found = []
    for path in CASES:
        case = load(path)
        if "endpoint" in case and isinstance(case.get("payload"), dict):
            found.append(pytest.param(case, id=case_id(path)))
    return found


@pytest.mark.parametrize("case", _parsed_cases())
def test_compiled_agrees_on_case_files(case: dict[str, Any]) -> None:
    ctx = context(case.get("context"))
    _agree(case["api"], case["endpoint"], case["payload"], ctx)
    if isinstance(case.get("twin"), dict):
        _agree(case["api"], case["endpoint"], case["twin"], context(case.get("twin_context")))


def _forbidden(*args: Any, **kwargs: Any) -> Any:  # noqa: ARG001 - any call
    raise AssertionError("pydantic validated a payload")


@pytest.fixture
def no_pydantic_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """pydantic's validation entry points, each replaced by a failure."""
    monkeypatch.setattr(pydantic.BaseModel, "model_validate", classmethod(_forbidden))
    monkeypatch.setattr(pydantic.BaseModel, "model_validate_json", classmethod(_forbidden))
    monkeypatch.setattr(pydantic.BaseModel, "__init__", _forbidden)
    monkeypatch.setattr(pydantic_core.SchemaValidator, "validate_python", _forbidden)
    monkeypatch.setattr(pydantic_core.SchemaValidator, "validate_json", _forbidden)


@pytest.mark.usefixtures("no_pydantic_validation")
def test_case_files_and_hostile_input_never_reach_pydantic() -> None:
    """pydantic declares and exports schemas; the compiled validator alone judges payloads."""
    for path in CASES:
        case = load(path)
        run(case)
        if "twin" in case:
            run(case, twin=True)
        if isinstance(case.get("payload"), dict):
            raw = json.dumps(case["payload"]).encode()
            ctx = context(case.get("context"))
            clearance.check(case["api"], case["endpoint"], raw, context=ctx)
    hostile = sorted((CASES[0].parents[3] / "hostile").iterdir())
    assert hostile
    for api in APIS:
        for endpoint_id in get_api(api).endpoints:
            for item in hostile:
                clearance.check(api, endpoint_id, item.read_bytes())


@pytest.mark.usefixtures("no_pydantic_validation")
@pytest.mark.parametrize(
    ("api", "endpoint_id"),
    [
        pytest.param(*e, id=" ".join(e))
        for e in [(a, e) for a in APIS for e in get_api(a).endpoints]
    ],
)
def test_generated_payloads_never_reach_pydantic(api: str, endpoint_id: str) -> None:
    from clearance.testing import payloads  # noqa: PLC0415

    @settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
    @given(payloads(api, endpoint_id))
    def accepted(payload: Any) -> None:
        assert clearance.check(api, endpoint_id, payload).ok

    accepted()


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


@pytest.mark.parametrize(("api", "endpoint_id"), deep())
def test_compiled_agrees_on_generated_payloads(api: str, endpoint_id: str) -> None:
    _agree_on_generated(api, endpoint_id, 30)


@pytest.mark.parametrize(("api", "endpoint_id"), wide())
def test_compiled_agrees_on_generated_payloads_everywhere(api: str, endpoint_id: str) -> None:
    """The other endpoints (see ``sampling``): a few examples each."""
    _agree_on_generated(api, endpoint_id, 3)


def _agree_on_generated(api: str, endpoint_id: str, examples: int) -> None:
    ctx = clearance.Context()

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
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
def test_compiled_agrees_near_valid_payloads(api: str, endpoint_id: str) -> None:
    """One change to a payload the case files call valid: the two readings still agree.

    Random payloads rarely get past the first field; these reach every check and cross
    check, where a wrong shortcut would let an invalid payload through.
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


def _refuse(raw: str | bytes) -> Any:
    raise ValueError(raw)


def _exact_loads(raw: str | bytes) -> Any:
    """The exact parser alone: msgspec refuses every body."""
    fast = _json._fast()  # noqa: SLF001
    saved = fast[0]
    fast[0] = _refuse
    try:
        return _json.loads(raw)
    finally:
        fast[0] = saved


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
            "[" + "9" * 3999 + "]",
            "[" + "9" * 4000 + "]",
            "[" + "9" * 4299 + "]",
            "[" + "9" * 4301 + "]",
            '[1.5, "' + "é" * 4000 + '"]',
            "[" * 2000 + "]" * 2000,
            "1 2",
            "[01]",
            "[1.]",
            '"\x01"',
        ]
    ),
)


def test_one_parse_for_a_body_with_fractions(monkeypatch: pytest.MonkeyPatch) -> None:
    """msgspec reads a body once, amounts exact; what it refuses goes to the exact parser."""
    calls: list[object] = []
    fast = _json._fast()[0]  # noqa: SLF001

    def counted(raw: Any) -> Any:
        calls.append(raw)
        return fast(raw)

    monkeypatch.setattr(_json, "_DECODE", [counted])
    assert _json.loads(b'{"a": 12.50, "b": [1E+3]}') == {"a": Decimal("12.50"), "b": [1000]}
    assert str(_json.loads(b'{"a": 12.50}')["a"]) == "12.50"
    assert _json.loads("\ufeff{}") == {}  # msgspec refuses the BOM; json reads past it
    assert len(calls) == 3
    long = b"[" + b"7" * 4000 + b"]"
    assert _json.loads(long) == [Decimal("7" * 4000)]  # a 4000-digit run: json alone
    assert len(calls) == 3


def test_without_msgspec_the_exact_parser_reads_every_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_json, "_DECODE", [])
    monkeypatch.setitem(sys.modules, "msgspec", None)  # its import raises ImportError
    assert _json.loads(b'{"a": 12.50}') == {"a": Decimal("12.50")}
    assert _json._DECODE[0] is _json._unavailable  # noqa: SLF001
    with pytest.raises(_json.MalformedJsonError, match="NaN"):
        _json.loads(b"[NaN]")


def test_long_digit_runs_are_found_in_linear_time() -> None:
    """Runs just short of 4000 digits, back to back: no retry of every digit of a run."""
    runs = (b"1" * 3999 + b",") * 2000  # 8 MB: a quadratic search would take minutes
    assert not _json._long_digits(runs)  # noqa: SLF001
    assert _json._long_digits(runs + b"2" * 4000)  # noqa: SLF001
    assert _json._long_digits("é" + "3" * 4000)  # noqa: SLF001
    assert not _json._long_digits("3" * 2000 + "é" + "3" * 2000)  # noqa: SLF001


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(_json_texts, st.booleans())
def test_fast_parse_gives_the_exact_parse(text: str, as_bytes: bool) -> None:
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
    # A check whose kind and shortcut came before (at_most(50) after at_most(25)) runs the
    # same code with other bounds: fewer examples for it.
    kinds: set[tuple[str, str]] = set()
    found = []
    for n, check in enumerate(checks.values()):
        kind = (check.name, check.inline.test)
        examples = 20 if kind in kinds else 150
        kinds.add(kind)
        found.append(pytest.param(check, examples, id=f"{check.name}-{n}"))
    return found


def _edges(check: Any) -> st.SearchStrategy[Any]:
    """Values at the edges of what a check might take for granted."""
    lengths = {0, 1}
    for limit in (check.traits.min_length, check.traits.max_length):
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
        st.sampled_from(list(check.traits.values) or [None]).flatmap(
            lambda v: st.sampled_from([v, str(v), [v]])
        ),
        st.sampled_from(list(check.examples) or [None]),
        _values,
    )


@pytest.mark.parametrize(("check", "examples"), _inlined_checks())
def test_inline_shortcuts_promise_only_what_the_check_does(check: Any, examples: int) -> None:
    """Where a check's :class:`~clearance.fields.Inline` test holds, the check passes the value.

    With ``same``, it also returns the value itself: the fast path skips the call.
    """

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_edges(check))
    def run(value: Any) -> None:
        assert_promise_kept(check, value)

    run()
