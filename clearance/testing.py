"""Hypothesis strategies for your own tests: valid payloads, and payloads that break one rule.

Requires hypothesis (``pip install clearance[testing]``)::

    from hypothesis import given
    from clearance.testing import payloads

    @given(payloads("kassa", "POST /articles"))
    def test_my_client_sends_articles(payload):
        my_client.create_article(payload)   # every payload here passes clearance.check

The strategies are built from the models: each field's checks (lengths, ranges, enums,
patterns, dates, e-mail addresses, IBANs and VAT numbers from known-valid examples),
with values exactly at each documented limit among them. Rules that span fields are
honoured by filtering with :func:`clearance.check` itself, so a drawn payload is always
one clearance accepts.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError(
        "clearance.testing needs hypothesis: pip install 'clearance[testing]'"
    ) from exc

from pydantic import BaseModel

from clearance.engine import check, get_api
from clearance.fields import Check, Invalid
from clearance.model import Param
from clearance.report import Context

if TYPE_CHECKING:
    from clearance.catalog import Rule

__all__ = ["breaking_values", "mutations", "payloads", "valid_values"]

#: The date generated payloads are checked against, unless a context says otherwise.
TODAY = date(2026, 11, 21)
_BOUNDARY_LIMIT = 10_000  # longer limits are tested with shorter values only
_SPECIFIC = ("one_of", "decimal_in", "date", "email", "matches", "digits", "boolean", "number")


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _text(params: dict[str, Any]) -> st.SearchStrategy[Any]:
    low = params.get("min_length") or 0
    high = params.get("max_length")
    cap = min(high, max(low, 40)) if high is not None else max(low, 40)
    options = [st.text(st.characters(codec="utf-8"), min_size=low, max_size=cap)]
    if high is not None and high <= _BOUNDARY_LIMIT:
        options.append(st.just("x" * high))
    if low:
        options.append(st.just("x" * low))
    return st.one_of(options)


def _number(params: dict[str, Any]) -> st.SearchStrategy[Any]:
    amounts = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False)
    as_text = amounts.map(str)
    forms = [st.integers(-(10**6), 10**6), amounts.map(float), as_text]
    if params.get("comma"):
        forms.append(as_text.map(lambda s: s.replace(".", ",")))
    return st.one_of(forms)


def _date(params: dict[str, Any]) -> st.SearchStrategy[Any]:
    formats = params.get("formats") or ("%Y-%m-%d",)
    days = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))
    return st.builds(lambda d, f: d.strftime(f), days, st.sampled_from(formats))


def _from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any] | None:  # noqa: C901, PLR0911
    """Values of a JSON Schema fragment, for checks clearance.testing does not know by name."""
    if "enum" in schema:
        return st.sampled_from(list(schema["enum"]))
    if "const" in schema:
        return st.just(schema["const"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            parts = [s for s in (_from_schema(part) for part in schema[key]) if s is not None]
            return st.one_of(parts) if parts else None
    if "allOf" in schema:
        parts = [s for s in (_from_schema(part) for part in schema["allOf"]) if s is not None]
        return parts[0] if parts else None
    kind = schema.get("type")
    if kind == "array" and isinstance(schema.get("items"), dict):
        item = _from_schema(schema["items"])
        if item is None:
            return None
        return st.lists(
            item,
            min_size=schema.get("minItems", 0),
            max_size=schema.get("maxItems", 3),
            unique=bool(schema.get("uniqueItems")),
        )
    if kind == "string":
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=False)
        return _text({"min_length": schema.get("minLength"), "max_length": schema.get("maxLength")})
    if kind in {"number", "integer"}:
        low = schema.get("minimum", schema.get("exclusiveMinimum", -(10**6)))
        high = schema.get("maximum", schema.get("exclusiveMaximum", 10**6))
        if kind == "integer":
            return st.integers(int(low), int(high))
        return st.one_of(
            st.integers(int(low) + 1, int(high) - 1) if high - low > 2 else st.nothing(),  # noqa: PLR2004
            st.decimals(low, high, places=2, allow_nan=False).map(_json_number),
            st.just(low),
            st.just(high),
        )
    if kind == "boolean":
        return st.booleans()
    return None


def _generator(step: Check) -> st.SearchStrategy[Any] | None:  # noqa: C901, PLR0911 - one case per kind
    """Values that (mostly) pass ``step``; ``None`` where nothing is known of it."""
    params = step.params
    if step.examples:
        return st.sampled_from(step.examples)
    if step.name == "text":
        return _text(params)
    if step.name == "number":
        return _number(params)
    if step.name == "digits":
        return st.integers(0, 10**9) | st.integers(0, 10**9).map(str)
    if step.name == "boolean":
        return st.sampled_from([True, False, "true", "false"])
    if step.name == "one_of":
        return st.sampled_from(list(params["values"]))
    if step.name == "decimal_in":
        forms = [_json_number(v) for v in params["values"]] + [str(v) for v in params["values"]]
        return st.sampled_from(forms)
    if step.name == "matches":
        return st.from_regex(params["pattern"], fullmatch=True)
    if step.name == "date":
        return _date(params)
    if step.name == "email":
        return st.from_regex(
            r"[a-z]{1,12}(\.[a-z]{1,6})?@[a-z]{2,12}\.(at|nl|se|pt|hu|com)", fullmatch=True
        )
    return _from_schema(step.schema) if step.schema else None


def _rank(step: Check) -> int:
    """Which check of a field generates its values: the most specific one."""
    if step.examples:
        return 0
    if step.name in _SPECIFIC:
        return 1 + _SPECIFIC.index(step.name)
    informative = {"enum", "const", "pattern", "minimum", "maximum", "anyOf"} & step.schema.keys()
    return len(_SPECIFIC) + (1 if informative else 3)


def _passes(param: Param, value: Any) -> bool:
    try:
        param.validate(value)
    except (ValueError, TypeError):  # PydanticCustomError is a ValueError
        return False
    return True


def valid_values(param: Param) -> st.SearchStrategy[Any]:
    """Values every check of ``param`` accepts (generated by its most specific check)."""
    steps = sorted((step for _, step in param.steps), key=_rank)
    for step in steps:
        generator = _generator(step)
        if generator is not None:
            return generator.filter(lambda v: _passes(param, v))
    fallback = st.one_of(st.text(max_size=20), st.integers(0, 1000), st.booleans())
    return fallback.filter(lambda v: _passes(param, v))


def _nested_model(annotation: Any) -> tuple[type[BaseModel], bool] | None:
    """The model inside ``Model``, ``Model | None`` or ``list[Model]``, and whether a list."""
    for arg in (annotation, *get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg, False
        if get_origin(arg) is list:
            inner = _nested_model(get_args(arg)[0]) if get_args(arg) else None
            if inner is not None:
                return inner[0], True
    return None


def _annotation(annotation: Any) -> st.SearchStrategy[Any]:
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation)
    if origin in {typing.Union, types.UnionType}:
        return st.one_of([_annotation(arg) for arg in get_args(annotation)])
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        return st.lists(_annotation(item), min_size=1, max_size=3)
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if annotation is type(None):
        return st.none()
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: st.text(max_size=20),
        bool: st.booleans(),
        int: st.integers(0, 10**6),
        float: st.floats(-(10**6), 10**6, allow_nan=False),
        Decimal: st.decimals(-(10**6), 10**6, places=2, allow_nan=False).map(str),
    }
    return simple.get(annotation, st.none())


def _envelope(model: type[BaseModel]) -> tuple[tuple[str, ...], type[BaseModel]] | None:
    """Where a model keeps its fields, when they sit inside a fixed wrapper.

    A model that validates a wrapper by hand (co3's ``{"command": {<method>: {...}}}``)
    says so with ``__clearance_envelope__ = (("command", method), ParametersModel)``.
    """
    envelope = getattr(model, "__clearance_envelope__", None)
    return typing.cast("tuple[tuple[str, ...], type[BaseModel]] | None", envelope)


def _wrapped(path: tuple[str, ...], inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``inner``'s values inside ``{path[0]: {path[1]: ...}}``."""

    def wrap(value: Any) -> Any:
        for key in reversed(path):
            value = {key: value}
        return value

    return inner.map(wrap)


def _model(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Payloads of ``model``; those of its ``SAMPLES`` (documented valid payloads) among them.

    A model whose cross-field rules generation cannot meet by chance (a filter that must
    name a field, say) lists ``SAMPLES``; drawn fields are laid over one of them.
    """
    envelope = _envelope(model)
    if envelope is not None:
        path, inner = envelope
        return _wrapped(path, _model(inner))
    drawn = _fields_of(model)
    samples = tuple(getattr(model, "SAMPLES", ()))
    if not samples:
        return drawn
    over = st.builds(lambda sample, extra: {**sample, **extra}, st.sampled_from(samples), drawn)
    return st.one_of(drawn, over)


def _fields_of(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        params = [m for m in info.metadata if isinstance(m, Param)]
        nested = _nested_model(info.annotation)
        if params:
            (required if params[-1].required else optional)[key] = valid_values(params[-1])
        elif nested is not None:
            # Nested objects are always drawn: most are wrappers (``{"invoice": {...}}``)
            # or row lists the server needs, whatever default the model gives them.
            inner, many = nested
            required[key] = (
                st.lists(_model(inner), min_size=1, max_size=2) if many else _model(inner)
            )
        elif info.is_required():
            required[key] = _annotation(info.annotation)
        else:
            optional[key] = _annotation(info.annotation)
    # Fields a cross-field rule requires (a model's ``REQUIRED`` names) are always drawn.
    for name in getattr(model, "REQUIRED", ()):
        if name in optional:
            required[name] = optional.pop(name)
    return st.fixed_dictionaries(required, optional=optional)


def _context(context: Context | None) -> Context:
    return context or Context(today=TODAY)


def payloads(
    api: str, endpoint: str, *, context: Context | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Payloads of ``endpoint`` that clearance accepts, exercising every field's range.

    Args:
        api: the api id.
        endpoint: the endpoint id.
        context: the context they must pass in (default: today is 2026-11-21).
    """
    spec = get_api(api).endpoint(endpoint)
    ctx = _context(context)
    return _model(spec.model).filter(lambda p: check(api, endpoint, p, context=ctx).ok)


def breaking_values(step: Check) -> st.SearchStrategy[Any] | None:  # noqa: C901, PLR0911 - one case per kind
    """Values that ``step`` refuses; ``None`` where none can be told."""
    params = step.params
    if step.name == "text" and params.get("max_length") is not None:
        high = params["max_length"]
        return st.integers(high + 1, high + 20).map(lambda n: "x" * n)
    if step.name == "text" and params.get("min_length"):
        return st.integers(0, params["min_length"] - 1).map(lambda n: "x" * n)
    if step.name in {"number", "digits", "decimal_in"}:
        return st.sampled_from(["zwölf", "1.2.3", "", "--1"]) | (
            st.just("7.77") if step.name == "decimal_in" else st.nothing()
        )
    if step.name == "boolean":
        return st.sampled_from(["yes", "1", "ja", "wahr"])
    if step.name == "one_of":
        return st.just("zz-not-a-value-zz")
    if step.name == "nonzero":
        return st.sampled_from([0, "0", "0.0"])
    if step.name == "date":
        return st.sampled_from(["31.02.2024x", "2024/13/45", "gestern"])
    if step.name == "email":
        return st.sampled_from(["kein-at-zeichen", "a@@b.at", "a b@c.at"])
    if step.examples or step.params.get("module"):
        return st.sampled_from(["XX00INVALID", "12345"])
    if step.name == "matches":
        return st.just("\u0000\u2603 not a match")
    return None


def _fields(
    model: type[BaseModel], loc: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], Param]]:
    """Every (location, Param) reachable through nested models (first list item only)."""
    envelope = _envelope(model)
    if envelope is not None:
        path, inner = envelope
        return _fields(inner, (*loc, *path))
    found: list[tuple[tuple[str | int, ...], Param]] = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        params = [m for m in info.metadata if isinstance(m, Param)]
        if params:
            found.append(((*loc, key), params[-1]))
            continue
        for arg in (info.annotation, *get_args(info.annotation)):
            inner = get_args(arg)[0] if get_origin(arg) is list and get_args(arg) else arg
            step = (*loc, key, 0) if get_origin(arg) is list else (*loc, key)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found += _fields(inner, step)
                break
    return found


def _set(payload: Any, loc: tuple[str | int, ...], value: Any) -> bool:
    current = payload
    for step in loc[:-1]:
        if isinstance(current, list) and isinstance(step, int) and step < len(current):  # noqa: SIM114 - mypy narrows each branch
            current = current[step]
        elif isinstance(current, dict) and step in current:
            current = current[step]
        else:
            return False
    if not isinstance(current, dict):
        return False
    current[loc[-1]] = value
    return True


def mutations(
    api: str, endpoint: str, *, context: Context | None = None
) -> list[tuple[Rule, tuple[str | int, ...], st.SearchStrategy[tuple[dict[str, Any], Any]]]]:
    """For each field rule of ``endpoint``: a valid payload with that one field broken.

    Each item is ``(rule, location, strategy)``; the strategy draws ``(payload, value)``
    where ``payload`` is valid except that the field at ``location`` holds ``value``,
    which fails the rule's check and passes the checks before it. The rule's code must
    then be among the findings.
    """
    import copy  # noqa: PLC0415

    spec = get_api(api).endpoint(endpoint)
    result = []
    for loc, param in _fields(spec.model):
        for index, (rule, step) in enumerate(param.steps):
            bad = breaking_values(step)
            if bad is None:
                continue
            before = param.steps[:index]

            def fits(
                value: Any, before: tuple[tuple[Rule, Check], ...] = before, step: Check = step
            ) -> bool:
                try:
                    for _, earlier in before:
                        value = earlier.fn(value)
                except Invalid:
                    return False
                try:
                    step.fn(value)
                except Invalid:
                    return True
                return False

            def broken(
                payload: dict[str, Any], value: Any, loc: tuple[str | int, ...] = loc
            ) -> tuple[dict[str, Any], Any] | None:
                mutated = copy.deepcopy(payload)
                return (mutated, value) if _set(mutated, loc, value) else None

            drawn = st.builds(broken, payloads(api, endpoint, context=context), bad.filter(fits))
            strategy = typing.cast(
                "st.SearchStrategy[tuple[dict[str, Any], Any]]",
                drawn.filter(lambda pair: pair is not None),
            )
            result.append((rule, loc, strategy))
    return result
