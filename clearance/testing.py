"""Hypothesis strategies for your own tests: valid payloads, and payloads that break one rule.

Requires hypothesis (``pip install clearance[testing]``)::

    from hypothesis import given
    from clearance.testing import payloads

    @given(payloads("kassa", "POST /articles"))
    def test_my_client_sends_articles(payload):
        my_client.create_article(payload)   # every payload here passes clearance.check

The strategies are built from the models. Each field's values are made valid by
construction from all of its checks together: lengths and character sets, ranges and
whole numbers, enumerations, patterns, dates near the context's today, GUIDs, e-mail
addresses (single and lists), known-valid IBANs, BICs and VAT numbers (each check's own
``examples``), with values exactly at each documented limit among them.

Rules that span fields are met in three ways. A model may list ``SAMPLES``: documented
payloads, or parts of one, whose values meet its cross-field rules together; a drawn
payload takes the values of one of them (and of one of each base class's) and draws the
other fields. A field that a cross-field rule of its own model reports is mended: left
out when the model does not require it, else drawn again (or, when missing, drawn). And
a payload is finally filtered by :func:`clearance.check` itself, so a drawn payload is
always one clearance accepts.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import itertools
import math
import re
import types
import typing
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError(
        "clearance.testing needs hypothesis: pip install 'clearance[testing]'"
    ) from exc

from pydantic import BaseModel

from clearance.apis import get_api
from clearance.engine import check
from clearance.fields import Check, Invalid, Kind, Traits
from clearance.model import Param
from clearance.report import Context

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from clearance.catalog import Rule

__all__ = ["breaking_values", "mutations", "payloads", "valid_values"]

#: The date generated payloads are checked against, unless a context says otherwise.
TODAY = date(2026, 11, 21)
_BOUNDARY_LIMIT = 10_000  # longer limits are tested with shorter values only
_FIRST_DAY, _LAST_DAY = date(1950, 1, 1), date(2099, 12, 31)
_RECENT_YEARS = 3  # dates are drawn from all years, and often from the last few
_DEFAULT_RANGE = Decimal(10**6)  # numbers without a documented range
_FLOAT_DIGITS = 15  # a float form only where it spells the same decimal

# -- what the checks of one field say together ---------------------------------------

_BOOLEANS: tuple[Any, ...] = (True, False)
_FLAGS: tuple[Any, ...] = (0, 1, "0", "1", True, False, "1.0")


@dataclasses.dataclass
class _Shape:
    """What the checks of one field say together about its values (their traits, merged)."""

    min_length: int = 0
    max_length: int | None = None
    nonblank: bool = False
    alphabet: tuple[bool, bool, frozenset[str]] | None = None  # letters, digits, others
    low: Decimal | None = None
    high: Decimal | None = None
    above: Decimal | None = None
    whole: bool = False
    nonzero: bool = False
    comma: bool = False
    floats: bool = True
    whole_text: bool = False
    earliest: datetime | None = None
    latest: datetime | None = None

    def narrow(self, traits: Traits) -> None:
        """Take in what a check with ``traits`` requires."""
        if traits.min_length:
            self.min_length = max(self.min_length, traits.min_length)
        if traits.max_length is not None:
            limit = traits.max_length
            self.max_length = limit if self.max_length is None else min(self.max_length, limit)
        self.nonblank = self.nonblank or traits.nonblank
        if traits.alphabet is not None:
            given = traits.alphabet
            alphabet = (given.letters, given.digits, frozenset(given.others))
            if self.alphabet is not None:
                letters, digits, known = self.alphabet
                alphabet = (letters and alphabet[0], digits and alphabet[1], known & alphabet[2])
            self.alphabet = alphabet
        if traits.minimum is not None:
            self.low = traits.minimum if self.low is None else max(self.low, traits.minimum)
        if traits.maximum is not None:
            self.high = traits.maximum if self.high is None else min(self.high, traits.maximum)
        if traits.above is not None:
            self.above = traits.above
        self.whole = self.whole or traits.whole
        self.nonzero = self.nonzero or traits.nonzero
        if traits.kind is Kind.NUMBER:
            self.comma = self.comma or traits.comma
            self.floats = self.floats and traits.floats
            self.whole_text = self.whole_text or traits.whole_text
        if traits.earliest is not None:
            self.earliest, self.latest = traits.earliest, traits.latest


def _shape(steps: Iterable[Check]) -> _Shape:
    shape = _Shape()
    for step in steps:
        shape.narrow(step.traits)
    return shape


# -- values of each kind ----------------------------------------------------------------


def _characters(shape: _Shape) -> st.SearchStrategy[str]:
    if shape.alphabet is None:
        return st.characters(codec="utf-8")
    letters, digits, others = shape.alphabet
    parts: list[st.SearchStrategy[str]] = []
    if letters:
        parts.append(st.characters(categories=["L"]))
    if digits:
        parts.append(st.sampled_from("0123456789"))
    if others:
        parts.append(st.sampled_from(sorted(others)))
    return st.one_of(parts) if parts else st.nothing()


def _text(shape: _Shape) -> st.SearchStrategy[Any]:
    low, high = shape.min_length, shape.max_length
    if shape.nonblank:
        low = max(low, 1)
    cap = min(high, max(low, 40)) if high is not None else max(low, 40)
    options: list[st.SearchStrategy[Any]] = [
        st.text(_characters(shape), min_size=low, max_size=cap)
    ]
    fill = "x" if shape.alphabet is None or shape.alphabet[0] else "7"
    if high is not None and high <= _BOUNDARY_LIMIT:
        options.append(st.just(fill * high))
    if low:
        options.append(st.just(fill * low))
    strategy = st.one_of(options)
    return strategy.filter(str.strip) if shape.nonblank else strategy


def _plain(amount: Decimal) -> str:
    text = f"{amount:f}"
    return "0" if text in {"-0", "+0"} else text


def _forms(shape: _Shape, amount: Decimal) -> list[Any]:
    """The ways a JSON payload may write ``amount`` for the field's checks."""
    integral = amount == amount.to_integral_value()
    forms: list[Any] = []
    if integral:
        forms.append(int(amount))
    digits = len(amount.normalize().as_tuple().digits)
    if shape.floats and digits <= _FLOAT_DIGITS and (integral or not shape.whole):
        forms.append(float(amount))
    if shape.whole_text:
        if integral:
            forms.append(str(int(amount)))
    else:
        forms.append(_plain(amount))
        if shape.comma and not integral:
            forms.append(_plain(amount).replace(".", ","))
    return forms


def _numbers(shape: _Shape) -> st.SearchStrategy[Any]:
    low = shape.low if shape.low is not None else -_DEFAULT_RANGE
    high = shape.high if shape.high is not None else _DEFAULT_RANGE
    if shape.low is None and high < low:
        low = high - _DEFAULT_RANGE
    if shape.high is None and high < low:
        high = low + _DEFAULT_RANGE
    if shape.above is not None and low <= shape.above:
        low = shape.above + (1 if shape.whole else Decimal("0.01"))
    amounts: list[st.SearchStrategy[Decimal]] = []
    if math.ceil(low) <= math.floor(high):
        amounts.append(st.integers(math.ceil(low), math.floor(high)).map(Decimal))
    if not shape.whole:
        exponents = [v.as_tuple().exponent for v in (low, high)]
        places = max(2, *(-e for e in exponents if isinstance(e, int)))
        amounts.append(st.decimals(low, high, places=places, allow_nan=False))
    limits = [v for v in (shape.low, shape.high) if v is not None]
    limits = [v for v in limits if shape.above is None or v > shape.above]
    if limits:
        amounts.append(st.sampled_from(limits))
    drawn = st.one_of(amounts)
    if shape.nonzero:
        drawn = drawn.filter(bool)
    return drawn.flatmap(lambda amount: st.sampled_from(_forms(shape, amount)))


def _days(today: date) -> st.SearchStrategy[date]:
    """Days of any year, and more often of the last few (rules judge dates against today)."""
    recent = today.replace(year=today.year - _RECENT_YEARS, day=min(today.day, 28))
    anytime = st.dates(min_value=_FIRST_DAY, max_value=_LAST_DAY)
    lately = st.dates(min_value=recent, max_value=today)
    return st.one_of(lately, lately, lately, anytime)


def _date_text(step: Check, shape: _Shape, today: date) -> st.SearchStrategy[Any]:
    if step.traits.kind is Kind.DATE and step.traits.formats:
        formats = step.traits.formats
        return st.builds(lambda d, f: d.strftime(f), _days(today), st.sampled_from(formats))
    if step.traits.kind is Kind.DATE:  # ISO 8601, month and day with one digit too
        iso = st.builds(lambda d: d.isoformat(), _days(today))
        short = st.builds(lambda d: f"{d.year}-{d.month}-{d.day}", _days(today))
        return iso | short
    # ISO 8601 as clients write it: the documented yyyy-MM-ddTHH:mm:ss, a date alone,
    # fractions of a second, UTC or an offset.
    moments = st.builds(datetime.combine, _days(today), st.times())
    forms = (
        "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%SZ",
        "%Y-%m-%dT%H:%M:%S+01:00", "%Y-%m-%dT%H:%M:%S.%f-0500", "%Y-%m-%d %H:%M",
    )  # fmt: skip
    written = st.builds(lambda m, f: m.strftime(f), moments, st.sampled_from(forms))
    limits = [m for m in (shape.earliest, shape.latest) if m is not None]
    if limits:  # now and then exactly at a limit
        return st.one_of(
            written, written, written, st.sampled_from([m.isoformat() for m in limits])
        )
    return written


def _guids() -> st.SearchStrategy[str]:
    forms: tuple[Callable[[str], str], ...] = (
        lambda u: u,
        str.upper,
        lambda u: u.replace("-", ""),
        lambda u: "{" + u + "}",
        lambda u: "(" + u.upper() + ")",
    )
    return st.builds(lambda u, form: form(str(u)), st.uuids(), st.sampled_from(forms))


_LOWER = "abcdefghijklmnopqrstuvwxyz"
_WORD = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(_LOWER),
    st.text(_LOWER + "0123456789", max_size=10),
)
_TLD = st.sampled_from(["at", "nl", "se", "pt", "hu", "com", "eu"])
# Built from parts rather than from a regular expression: much faster to draw.
_ADDRESS = st.builds(
    lambda local, tag, host, domain, tld, case: case(f"{local}{tag}@{host}{domain}.{tld}"),
    _WORD,
    st.sampled_from(["", ".info", "+tag", "_1", "-x", "'s"]),
    st.sampled_from(["", "mail."]),
    _WORD,
    _TLD,
    st.sampled_from([str, str.upper, str.title]),
)


def _emails(steps: list[Check]) -> st.SearchStrategy[str]:
    separators = "".join(step.traits.separators for step in steps)
    if not separators:
        return _ADDRESS
    joined = st.builds(
        lambda items, sep, space: (sep + space).join(items),
        st.lists(_ADDRESS, min_size=2, max_size=3),
        st.sampled_from(separators),
        st.sampled_from(["", " "]),
    )
    return _ADDRESS | joined


def _exact_digits(traits: Traits) -> st.SearchStrategy[str]:
    count, ignore = traits.count or 1, traits.ignore
    digits = st.text("0123456789", min_size=count, max_size=count)
    if not ignore:
        return digits
    cut = count // 2
    spaced = st.builds(lambda d, sep: d[:cut] + sep + d[cut:], digits, st.sampled_from(ignore))
    return digits | spaced


_WEB = st.builds(
    lambda scheme, host, tld, path: f"{scheme}{host}.{tld}{path}",
    st.sampled_from(["", "http://", "https://", "https://www."]),
    _WORD,
    _TLD,
    st.sampled_from(["", "/", "/contact", "/nl/over-ons?x=1"]),
)


def _base64() -> st.SearchStrategy[Any]:
    as_text = st.binary(min_size=1, max_size=48).map(lambda b: base64.b64encode(b).decode())
    as_bytes = st.lists(st.integers(0, 255), min_size=1, max_size=8)
    return as_text | as_bytes


# OData v3 ``$filter`` expressions, by the grammar of the URL conventions (spaces around
# operators, typed literals, functions, lambdas over collections).
_ODATA_PROPERTY = st.sampled_from(
    ["Naam", "Email", "ModifiedOn", "Relatiecode", "VestigingsAdres/Land/Id", "Id", "Bedrag"]
)
_ODATA_LITERAL = st.one_of(
    st.text(max_size=12).map(lambda text: "'" + text.replace("'", "''") + "'"),
    st.integers(-1000, 10**6).map(str),
    st.decimals(-1000, 1000, places=2).map(lambda amount: f"{amount:f}"),
    st.sampled_from(
        [
            "true",
            "false",
            "null",
            "10L",
            "2.5d",
            "12.75M",
            "1.5E+3",
            "datetime'2021-01-01'",
            "datetime'2017-07-16T23:59:59.999'",
            "datetimeoffset'2021-01-01T00:00:00Z'",
            "time'PT13H20M'",
            "X'0A1B'",
            "binary'0A1B'",
        ]
    ),
    st.uuids().map(lambda u: f"guid'{u}'"),
)
_ODATA_OPERAND = st.recursive(
    _ODATA_PROPERTY | _ODATA_LITERAL,
    lambda inner: st.one_of(
        st.builds(
            "{}({})".format,
            st.sampled_from(
                ["tolower", "toupper", "trim", "length", "year", "month", "round", "floor"]
            ),
            inner,
        ),
        st.builds("concat({}, {})".format, inner, inner),
        st.builds("substring({},{})".format, inner, st.integers(0, 9)),
        st.builds(
            "{} {} {}".format, inner, st.sampled_from(["add", "sub", "mul", "div", "mod"]), inner
        ),
        inner.map("({})".format),
        _ODATA_PROPERTY.map("-{}".format),
    ),
    max_leaves=4,
)
_ODATA_COMPARISON = st.builds(
    "{} {} {}".format,
    _ODATA_OPERAND,
    st.sampled_from(["eq", "ne", "gt", "ge", "lt", "le"]),
    _ODATA_OPERAND,
)
_ODATA_TEST = st.one_of(
    _ODATA_COMPARISON,
    st.builds(
        "{}({}, {}){}".format,
        st.sampled_from(["substringof", "startswith", "endswith"]),
        _ODATA_LITERAL,
        _ODATA_PROPERTY,
        st.sampled_from(["", " eq true", " eq false"]),
    ),
    st.builds(
        "Relatiesoort/{}({}:{} eq {})".format,
        st.sampled_from(["any", "all"]),
        st.just("r"),
        st.just("r"),
        st.sampled_from(["'Klant'", "'Eigen'"]),
    ),
)
_ODATA_FILTERS = st.recursive(
    _ODATA_TEST,
    lambda inner: st.one_of(
        st.builds("{} {} {}".format, inner, st.sampled_from(["and", "or"]), inner),
        inner.map("not {}".format),
        inner.map("({})".format),
    ),
    max_leaves=4,
)


def _pattern(pattern: str, shape: _Shape) -> st.SearchStrategy[Any]:
    """Text matching ``pattern``; a plain ``[...]*`` gets the field's length limits."""
    starred = re.fullmatch(r"(\[[^\]]*\])\*", pattern)
    if starred:
        high = "" if shape.max_length is None else shape.max_length
        pattern = f"{starred.group(1)}{{{shape.min_length},{high}}}"
    return st.from_regex(pattern, fullmatch=True)


def _numbers_from(values: Iterable[Any]) -> st.SearchStrategy[Any]:
    forms: list[Any] = []
    for value in values:
        amount = Decimal(str(value))
        forms += [_plain(amount), int(amount) if amount == amount.to_integral_value() else None]
        forms.append(float(amount))
    return st.sampled_from([f for f in forms if f is not None])


def _from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any] | None:  # noqa: C901, PLR0911, PLR0912
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
            return st.from_regex(schema["pattern"], fullmatch=True)
        shape = _Shape(schema.get("minLength") or 0, schema.get("maxLength"))
        return _text(shape)
    if kind in {"number", "integer"}:
        shape = _Shape(whole=kind == "integer")
        for key, attribute in (("minimum", "low"), ("maximum", "high")):
            if key in schema:
                setattr(shape, attribute, Decimal(str(schema[key])))
        return _numbers(shape)
    if kind == "boolean":
        return st.booleans()
    return None


#: How well each kind tells a field's values: earlier kinds lead the draw.
_LEADS = (
    Kind.CHOICE,
    Kind.DATE,
    Kind.DATETIME,
    Kind.GUID,
    Kind.BASE64,
    Kind.DIGITS,
    Kind.WEB,
    Kind.ODATA_FILTER,
    Kind.EMAIL,
    Kind.BOOLEAN,
    Kind.FLAG,
    Kind.NUMBER,
    Kind.TEXT,
)


def _kind(step: Check) -> int:
    """How well ``step`` tells a field's values (lower: better); ``99``: not at all.

    Examples tell best, then a list of values, then a pattern, then the kind.
    """
    traits = step.traits
    if step.examples:
        return 0
    if traits.values and traits.kind is Kind.CHOICE:
        return 1
    if traits.pattern is not None:
        return 2
    if traits.kind in _LEADS:
        return 3 + _LEADS.index(traits.kind)
    return 99


def _unchecked(annotation: Any) -> st.SearchStrategy[Any]:
    """Values of a field no check judges: of its declared type (text is never blank)."""
    words = st.text(min_size=1, max_size=20).filter(str.strip)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: words,
        int: st.integers(0, 10**6),
        float: st.integers(0, 10**6) | st.decimals(0, 10**6, places=2).map(float),
        bool: st.booleans(),
    }
    return simple.get(annotation, words | st.integers(0, 10**6))


def _drawn(steps: list[Check], today: date, annotation: Any = Any) -> st.SearchStrategy[Any]:
    """Values of a field with these checks, valid by construction as far as they tell."""
    shape = _shape(steps)
    ranked = sorted(steps, key=_kind)
    lead = ranked[0] if ranked and _kind(ranked[0]) < 99 else None  # noqa: PLR2004
    if lead is None:
        schemas = [
            s for step in steps if step.schema and (s := _from_schema(step.schema)) is not None
        ]
        return schemas[0] if schemas else _unchecked(annotation)
    traits = lead.traits
    if lead.examples:
        return st.sampled_from(lead.examples)
    if traits.kind is Kind.CHOICE and traits.values:
        if all(isinstance(v, Decimal) for v in traits.values):
            return _numbers_from(traits.values)  # a choice of numbers, in any form
        return st.sampled_from(list(traits.values))
    if traits.pattern is not None:
        return _pattern(traits.pattern, shape)
    return _of_kind(lead, steps, shape, today)


def _booleans(traits: Traits) -> st.SearchStrategy[Any]:
    """JSON booleans, and the words a check reads in some letter cases."""
    words = [form for word in traits.values for form in (word, word.upper(), word.title())]
    return st.sampled_from([*_BOOLEANS, *words])


def _of_kind(  # noqa: C901, PLR0911 - one answer per kind
    lead: Check, steps: list[Check], shape: _Shape, today: date
) -> st.SearchStrategy[Any]:
    """Values of the kind of ``lead`` (the check that tells the field's values best)."""
    kind = lead.traits.kind
    if kind in {Kind.DATE, Kind.DATETIME}:
        return _date_text(lead, shape, today)
    if kind is Kind.GUID:
        return _guids()
    if kind is Kind.BASE64:
        return _base64()
    if kind is Kind.DIGITS:
        return _exact_digits(lead.traits)
    if kind is Kind.WEB:
        return _WEB
    if kind is Kind.ODATA_FILTER:
        return _ODATA_FILTERS
    if kind is Kind.EMAIL:
        return _emails([step for step in steps if step.traits.kind is Kind.EMAIL])
    if kind is Kind.BOOLEAN:
        return _booleans(lead.traits)
    if kind is Kind.FLAG:
        return st.sampled_from(_FLAGS)
    if kind is Kind.NUMBER:
        return _numbers(shape)
    return _text(shape)


def _passes(param: Param, value: Any) -> bool:
    try:
        param.validate(value)
    except (ValueError, TypeError):  # PydanticCustomError is a ValueError
        return False
    return True


def _passes_all(checks: Iterable[Check], value: Any) -> bool:
    try:
        for step in checks:
            value = step.fn(value)
    except Invalid:
        return False
    return True


_VALUES: dict[tuple[int, date, str], tuple[Param, st.SearchStrategy[Any]]] = {}


def valid_values(
    param: Param, *, today: date = TODAY, annotation: Any = Any
) -> st.SearchStrategy[Any]:
    """Values every check of ``param`` accepts, drawn from all its checks together.

    ``today`` centres the dates drawn (many rules judge a date against today);
    ``annotation``, the field's declared type, tells the values of a field without checks.
    """
    key = (id(param), today, repr(annotation))
    cached = _VALUES.get(key)
    if cached is not None and cached[0] is param:
        return cached[1]
    steps = [step for _, step in param.steps]
    strategy = _drawn(steps, today, annotation).filter(partial(_passes, param))
    _VALUES[key] = (param, strategy)
    return strategy


# -- payloads -----------------------------------------------------------------------------


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


def _annotation(annotation: Any, context: Context, strict: bool) -> st.SearchStrategy[Any]:
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model(annotation, context, strict)
    if origin in {typing.Union, types.UnionType}:
        return st.one_of([_annotation(arg, context, strict) for arg in get_args(annotation)])
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        return st.lists(_annotation(item, context, strict), min_size=1, max_size=3)
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if annotation is type(None):
        return st.none()
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: st.text(max_size=20),
        bool: st.booleans(),
        int: st.integers(0, 10**6),
        float: st.floats(-(10**6), 10**6, allow_nan=False),
    }
    return simple.get(annotation, st.none())


def _envelope(model: type[BaseModel]) -> tuple[tuple[str, ...], type[BaseModel]] | None:
    """Where a model keeps its fields, when they sit inside a fixed wrapper.

    A model that validates a wrapper by hand (co3's ``{"command": {<method>: {...}}}``)
    says so with ``__clearance_envelope__ = (("command", method), ParametersModel)``.
    """
    envelope = getattr(model, "__clearance_envelope__", None)
    return typing.cast("tuple[tuple[str, ...], type[BaseModel]] | None", envelope)


def _items(model: type[BaseModel]) -> type[BaseModel] | None:
    """The model of each item of a body sent as a JSON array (``__clearance_items__``)."""
    field = getattr(model, "__clearance_items__", None)
    if field is None:
        return None
    nested = _nested_model(model.model_fields[field].annotation)
    return nested[0] if nested is not None else None


def _wrapped(path: tuple[str, ...], inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``inner``'s values inside ``{path[0]: {path[1]: ...}}``."""

    def wrap(value: Any) -> Any:
        for key in reversed(path):
            value = {key: value}
        return value

    return inner.map(wrap)


def _samples(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The model's ``SAMPLES``: one from each class that lists its own, the subclass's last."""
    lists = [
        tuple(klass.__dict__["SAMPLES"])
        for klass in reversed(model.__mro__)
        if "SAMPLES" in klass.__dict__
    ]
    merged: list[dict[str, Any]] = []
    for combination in itertools.product(*lists):
        sample: dict[str, Any] = {}
        for part in combination:
            sample.update(part)
        merged.append(sample)
    return merged


def _field_strategies(
    model: type[BaseModel], context: Context, strict: bool
) -> tuple[dict[str, st.SearchStrategy[Any]], dict[str, st.SearchStrategy[Any]], frozenset[str]]:
    """Each field's values: always drawn, maybe left out, and the nested objects.

    Nested objects are among those always drawn, though the model may not require them.

    ``strict``: each value as drawn, not filtered by the field's checks (for clearance's
    own tests, where a value the checks refuse must show, not be drawn again).
    """
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    nested_keys: set[str] = set()
    for name, info in model.model_fields.items():
        key = info.alias or name
        params = [m for m in info.metadata if isinstance(m, Param)]
        nested = _nested_model(info.annotation)
        if params:
            steps = [step for _, step in params[-1].steps]
            today, kind = context.current_date(), info.annotation
            strategy = (
                _drawn(steps, today, kind)
                if strict
                else valid_values(params[-1], today=today, annotation=kind)
            )
            (required if params[-1].required else optional)[key] = strategy
        elif nested is not None:
            # Nested objects are always drawn: most are wrappers (``{"invoice": {...}}``)
            # or row lists the server needs, whatever default the model gives them.
            inner, many = nested
            nested_keys.add(key)
            required[key] = (
                st.lists(_model(inner, context, strict), min_size=1, max_size=2)
                if many
                else _model(inner, context, strict)
            )
        elif info.is_required():
            required[key] = _annotation(info.annotation, context, strict)
        else:
            optional[key] = _annotation(info.annotation, context, strict)
    # Keys only a cross-field rule judges, with the checks their values pass, may be drawn.
    for key, checks in getattr(model, "__clearance_drawn__", {}).items():
        drawn = _drawn(list(checks), context.current_date())
        optional[key] = drawn if strict else drawn.filter(partial(_passes_all, checks))
    # Fields a cross-field rule requires (a model's ``REQUIRED`` names) are always drawn.
    for name in getattr(model, "REQUIRED", ()):
        if name in optional:
            required[name] = optional.pop(name)
    return required, optional, frozenset(nested_keys - set(getattr(model, "REQUIRED", ())))


def _cross_violations(model: type[BaseModel], data: dict[str, Any], context: Context) -> list[Any]:
    """The refusals of the model's own cross-field rules (a warning refuses nothing)."""
    found: list[Any] = []
    for name in getattr(model, "__clearance_checks__", ()):
        found += [v for v in getattr(model, name)(data, context) if not v.rule.warning]
    return found


@dataclasses.dataclass(frozen=True)
class _Variant:
    """One way to draw a model: its fields' values, what may be left out, what redrawn."""

    fields: st.SearchStrategy[dict[str, Any]]
    removable: frozenset[str]  # fields the model does not require
    redrawable: Mapping[str, st.SearchStrategy[Any]]  # fields not fixed by a sample


#: How many times a draw is mended before it is given up (and drawn anew).
_MENDS = 4


def _mend(
    draw: Callable[[st.SearchStrategy[Any]], Any],
    model: type[BaseModel],
    context: Context,
    variant: _Variant,
    data: dict[str, Any],
    *,
    strict: bool,
) -> dict[str, Any] | None:
    """``data`` mended until its model's own cross-field rules pass, or ``None``.

    A field a rule reports is left out when the model does not require it, else drawn
    again (a missing one drawn for the first time); a rule that names no field of the
    model, or one fixed by a sample, cannot be mended.
    """
    for _ in range(_MENDS):
        try:
            found = _cross_violations(model, data, context)
        except Exception:
            if strict:  # a cross check that fails on a valid draw: clearance's tests show it
                raise
            return None  # draw anew
        if not found:
            return data
        named = {v.loc[0] for v in found if v.loc and isinstance(v.loc[0], str)}
        dropped = named & variant.removable & data.keys()
        redrawn = (named - dropped) & variant.redrawable.keys()
        if not dropped and not redrawn:
            return None
        data = {key: value for key, value in data.items() if key not in dropped}
        for key in sorted(redrawn):
            data[key] = draw(variant.redrawable[key])
    return None


_MODELS: dict[tuple[type[BaseModel], str, bool], st.SearchStrategy[Any]] = {}


def _model(model: type[BaseModel], context: Context, strict: bool) -> st.SearchStrategy[Any]:
    """Payloads of ``model`` that meet its field checks and its own cross-field rules."""
    key = (model, repr(context), strict)
    if key not in _MODELS:
        _MODELS[key] = st.deferred(lambda: _build_model(model, context, strict))
    return _MODELS[key]


def _build_model(model: type[BaseModel], context: Context, strict: bool) -> st.SearchStrategy[Any]:
    envelope = _envelope(model)
    if envelope is not None:
        path, inner = envelope
        return _wrapped(path, _model(inner, context, strict))
    field = getattr(model, "__clearance_items__", None)
    if field is not None:  # a body sent as a JSON array: the list its one field holds
        kept = _build_object(model, context, strict, keep=frozenset({field}))
        return kept.map(lambda data: data[field])
    return _build_object(model, context, strict)


def _build_object(
    model: type[BaseModel], context: Context, strict: bool, keep: frozenset[str] = frozenset()
) -> st.SearchStrategy[Any]:
    """Objects of ``model``; the fields in ``keep`` are never left out to mend a draw."""
    required, optional, nested = _field_strategies(model, context, strict)
    nested -= keep
    variants = []
    for sample in _samples(model) or [{}]:
        drawn = {key: s for key, s in required.items() if key not in sample}
        drawn |= {key: st.just(value) for key, value in sample.items()}
        left = {key: s for key, s in optional.items() if key not in sample}
        variants.append(
            _Variant(
                st.fixed_dictionaries(drawn, optional=left),
                frozenset(left) | (nested - set(sample)),
                {key: s for key, s in (required | optional).items() if key not in sample},
            )
        )
    if not getattr(model, "__clearance_checks__", ()):
        return st.one_of([variant.fields for variant in variants])

    @st.composite
    def mended(draw: st.DrawFn) -> dict[str, Any] | None:
        variant = draw(st.sampled_from(variants))
        return _mend(draw, model, context, variant, draw(variant.fields), strict=strict)

    return mended().filter(lambda data: data is not None)


def _context(context: Context | None) -> Context:
    return context or Context(today=TODAY)


def _unfiltered(api: str, endpoint: str, context: Context) -> st.SearchStrategy[Any]:
    """The payloads of :func:`payloads` before any filter by the checks (for the tests).

    Field values are drawn as they come, and the whole payload is not checked: clearance's
    own property tests assert that every one is valid, so a refusal shows.
    """
    return _model(get_api(api).endpoint(endpoint).model, context, strict=True)


_PAYLOADS: dict[tuple[str, str, str], st.SearchStrategy[dict[str, Any]]] = {}


def payloads(
    api: str, endpoint: str, *, context: Context | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """Payloads of ``endpoint`` that clearance accepts, exercising every field's range.

    Built once per api, endpoint and context, and reused.

    Args:
        api: the api id.
        endpoint: the endpoint id.
        context: the context they must pass in (default: today is 2026-11-21).
    """
    ctx = _context(context)
    key = (api, endpoint, repr(ctx))
    cached = _PAYLOADS.get(key)
    if cached is None:
        spec = get_api(api).endpoint(endpoint)
        cached = _model(spec.model, ctx, strict=False).filter(
            lambda p: check(api, endpoint, p, context=ctx).ok
        )
        _PAYLOADS[key] = cached
    return cached


# -- values that break one check ---------------------------------------------------------

#: Values that many checks refuse; each check keeps those it does refuse. No blank text and
#: no empty list or object: some servers read those as "not set" (co3), not as wrong.
_ODD: tuple[Any, ...] = (
    "zz-not-a-value-zz", "zwölf", "1.2.3", "--1", "gestern", "31.02.2024x", "2024/13/45",
    "2013-13-01", "kein-at-zeichen", "a@@b.at", "a b@c.at", "info@voorbeeld.nl;kein-at-zeichen",
    "XX00INVALID", "DE12345678", "12345", "\u0000\u2603 not a match", 'Skruv 3"', "K 1001",
    "NL 123", "yes", "ja", "not-a-guid", "geen website", "not base64!", ",id", "1.5", "0",
    "false", -1, 0, 2, 1.5, True, {"a": 1}, [1],
)  # fmt: skip


def _outside(shape: _Shape) -> list[Any]:
    """Numbers just outside the field's range, as JSON numbers and as text."""
    values: list[Any] = []
    for bound, step in ((shape.high, 1), (shape.low, -1), (shape.above, 0)):
        if bound is None:
            continue
        past = bound + step
        values += [_plain(past), int(past) if past == past.to_integral_value() else float(past)]
        if step:
            values.append(_plain(bound + step * Decimal("0.5")))
    return values


def _lengths(shape: _Shape) -> list[Any]:
    values: list[Any] = []
    if shape.max_length is not None:
        values += ["x" * (shape.max_length + 1), "x" * (shape.max_length + 7)]
    if shape.min_length:
        values += ["x" * (shape.min_length - 1), ""]
    return values


def _candidates(step: Check) -> list[Any]:
    """Values worth trying against ``step`` (most of them it refuses)."""
    traits = step.traits
    shape = _shape([step])
    values: list[Any] = list(traits.refused)
    values += _lengths(shape) + _outside(shape)
    if traits.nonblank or traits.min_length:
        values += ["", "  "]
    if shape.nonzero:
        values += [0, "0", "0.0"]
    if traits.count is not None:
        values += ["1" * (traits.count - 1), "1" * (traits.count + 1)]
    if shape.earliest is not None and shape.latest is not None:
        values += [
            (shape.earliest - timedelta(days=1)).isoformat(),
            datetime.combine(shape.latest.date() + timedelta(days=1), time()).isoformat(),
        ]
    if traits.min_bytes is not None:
        values.append(base64.b64encode(b"x" * (traits.min_bytes - 1)).decode())
    if traits.max_bytes is not None:
        values.append("A" * (4 * math.ceil((traits.max_bytes + 1) / 3)))
    if traits.kind is Kind.CHOICE:
        values += ["7.77", 7, "not one of them"]
    return values + list(_ODD)


def _refuses(step: Check, value: Any) -> bool:
    try:
        step.fn(value)
    except Invalid:
        return True
    except Exception:  # noqa: BLE001 - a check must only ever raise Invalid
        return False
    return False


def _distinct(values: Iterable[Any]) -> tuple[Any, ...]:
    kept: list[Any] = []
    for value in values:
        if not any(type(value) is type(known) and value == known for known in kept):
            kept.append(value)
    return tuple(kept)


_CANDIDATES: dict[int, tuple[Check, tuple[Any, ...]]] = {}


def _tried(step: Check) -> tuple[Any, ...]:
    """The candidates for ``step``, each once (computed once per check)."""
    cached = _CANDIDATES.get(id(step))
    if cached is None or cached[0] is not step:
        cached = (step, _distinct(_candidates(step)))
        _CANDIDATES[id(step)] = cached
    return cached[1]


def _refused(step: Check) -> tuple[Any, ...]:
    """The candidates ``step`` refuses on their own."""
    return tuple(value for value in _tried(step) if _refuses(step, value))


def breaking_values(step: Check) -> st.SearchStrategy[Any] | None:
    """Values that ``step`` refuses; ``None`` where none can be told."""
    refused = _refused(step)
    return st.sampled_from(refused) if refused else None


# -- mutations -----------------------------------------------------------------------------


def _fields(
    model: type[BaseModel], loc: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], Param]]:
    """Every (location, Param) reachable through nested models (first list item only)."""
    envelope = _envelope(model)
    if envelope is not None:
        path, inner = envelope
        return _fields(inner, (*loc, *path))
    items = _items(model)
    if items is not None:
        return _fields(items, (*loc, 0))
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


def _parent(payload: Any, loc: tuple[str | int, ...]) -> dict[str, Any] | None:
    current = payload
    for step in loc[:-1]:
        if isinstance(current, list) and isinstance(step, int) and step < len(current):  # noqa: SIM114 - mypy narrows each branch
            current = current[step]
        elif isinstance(current, dict) and step in current:
            current = current[step]
        else:
            return None
    return current if isinstance(current, dict) else None


def _set(payload: Any, loc: tuple[str | int, ...], value: Any) -> bool:
    parent = _parent(payload, loc)
    if parent is None:
        return False
    parent[typing.cast("str", loc[-1])] = value
    return True


def _fits(before: tuple[Check, ...], step: Check, value: Any) -> bool:
    """Whether ``value`` passes the checks ``before`` and then fails ``step``."""
    try:
        for earlier in before:
            value = earlier.fn(value)
    except Invalid:
        return False
    return value is not None and _refuses(step, value)


def _broken(
    loc: tuple[str | int, ...], payload: dict[str, Any], value: Any
) -> tuple[dict[str, Any], Any] | None:
    mutated = copy.deepcopy(payload)
    return (mutated, value) if _set(mutated, loc, value) else None


def _left_out(
    loc: tuple[str | int, ...], payload: dict[str, Any]
) -> tuple[dict[str, Any], Any] | None:
    mutated = copy.deepcopy(payload)
    parent = _parent(mutated, loc)
    if parent is None:
        return None
    parent.pop(typing.cast("str", loc[-1]), None)
    return mutated, None


Mutation = tuple["Rule", tuple[str | int, ...], st.SearchStrategy[tuple[dict[str, Any], Any]]]


def mutations(api: str, endpoint: str, *, context: Context | None = None) -> list[Mutation]:
    """For each field rule of ``endpoint``: a valid payload with that one field broken.

    Each item is ``(rule, location, strategy)``; the strategy draws ``(payload, value)``
    where ``payload`` is valid except that the field at ``location`` holds ``value``,
    which fails the rule's check and passes the checks before it. A required field's own
    rule (the code for "not set") comes with the field left out and ``value`` ``None``.
    The rule's code must then be among the findings, at ``location``.
    """
    spec = get_api(api).endpoint(endpoint)
    valid = payloads(api, endpoint, context=context)
    result: list[Mutation] = []

    def drawn(
        build: st.SearchStrategy[tuple[dict[str, Any], Any] | None],
    ) -> st.SearchStrategy[tuple[dict[str, Any], Any]]:
        return typing.cast(
            "st.SearchStrategy[tuple[dict[str, Any], Any]]", build.filter(lambda p: p is not None)
        )

    for loc, param in _fields(spec.model):
        if param.required is not None:
            result.append((param.required, loc, drawn(valid.map(partial(_left_out, loc)))))
        steps = tuple(step for _, step in param.steps)
        for index, (rule, step) in enumerate(param.steps):
            # Tried through the checks before: a check may judge what they make of a value.
            bad = [v for v in _tried(step) if _fits(steps[:index], step, v)]
            if bad:
                build = st.builds(partial(_broken, loc), valid, st.sampled_from(bad))
                result.append((rule, loc, drawn(build)))
    return result
