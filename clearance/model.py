"""The mechanism that ties each documented constraint to the server code it raises.

A field is declared once, next to its constraints and their codes::

    class Article(Body):
        line_item_name: Annotated[str, K.param("1027", text(max_length=249), required="1013")]

:meth:`Codes.param` binds neutral checks from :mod:`clearance.fields` to codes of one
catalog. The resulting :class:`Param` replaces pydantic's own type validation for the
field, so coercion is exactly what the server does, and every failure surfaces as a
pydantic error whose ``type`` is the rule's id (``"kassa:1027"``). Rules that span
fields are methods decorated with :meth:`Codes.cross_check`; they run even when some
fields failed, so one pass reports everything.
"""

from __future__ import annotations

import inspect
import json
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    NamedTuple,
    TypeVar,
    Union,
    cast,
    get_args,
    get_origin,
)

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    create_model,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, core_schema

from clearance.fields import Check, Invalid

if TYPE_CHECKING:
    from pydantic.json_schema import JsonSchemaValue

    from clearance.catalog import Catalog, Rule
    from clearance.report import Context

__all__ = [
    "Body",
    "Codes",
    "Error",
    "Param",
    "Violation",
    "collect",
    "display",
    "fast_valid",
    "partial",
    "passes_through",
]


def display(value: Any) -> str:
    """Write a value the way it appears in a server message: strings bare, the rest as JSON.

    >>> display("12a"), display(True), display(None), display(1.5)
    ('12a', 'true', 'null', '1.5')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    try:
        return json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))
    except (ValueError, RecursionError):  # pragma: no cover - circular or too deep to print
        return "…"


def rule_error(rule: Rule, ctx: Mapping[str, object] | None = None) -> PydanticCustomError:
    """The pydantic error that carries ``rule`` (its id as the error type)."""
    return PydanticCustomError(rule.id, rule.format(ctx))


class Param:
    """Field metadata: checks bound to codes, and the code for a missing value.

    ``None`` (JSON ``null``) counts as not set, as it does for the servers' parameter
    parsing; an optional field that is not set is not checked at all.
    """

    __slots__ = ("required", "steps")

    def __init__(self, steps: tuple[tuple[Rule, Check], ...], required: Rule | None) -> None:
        """Use :meth:`Codes.param` rather than calling this."""
        self.steps = steps
        self.required = required

    def optional(self) -> Param:
        """The same checks, with nothing required (for update bodies)."""
        return Param(self.steps, None)

    def validate(self, value: Any) -> Any:
        """Run the checks in order; the first that fails raises its rule's error."""
        if value is None:
            if self.required is not None:
                raise rule_error(self.required)
            return None
        original = value
        for rule, check in self.steps:
            try:
                value = check.fn(value)
            except Invalid as exc:
                shown = display(original)
                raise rule_error(rule, {**exc.ctx, "Value": shown, "value": shown}) from None
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Validate with :meth:`validate` alone: the checks own coercion."""
        return core_schema.no_info_plain_validator_function(self.validate)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe the checks in JSON Schema (for editors, see ``clearance schema``)."""
        parts = [check.schema for _, check in self.steps if check.schema]
        if not parts:
            return {}
        if len(parts) == 1:
            return dict(parts[0])
        return {"allOf": parts}

    def __repr__(self) -> str:
        """Show the bound codes."""
        codes = ", ".join(f"{rule.key}:{check.name}" for rule, check in self.steps)
        required = f", required={self.required.key}" if self.required else ""
        return f"Param({codes}{required})"


class Codes:
    """Binds checks to the codes of one catalog: the only way validators name codes.

    >>> from clearance.catalog import load_catalog
    >>> from clearance.fields import text
    >>> K = Codes(load_catalog("kassa"))
    >>> K.param("1027", text(max_length=249), required="1013")
    Param(1027:text, required=1013)
    >>> K.param("9999", text())
    Traceback (most recent call last):
    ...
    clearance.errors.CatalogError: kassa has no rule with code '9999'
    """

    __slots__ = ("catalog",)

    def __init__(self, catalog: Catalog) -> None:
        """Bind to ``catalog``."""
        self.catalog = catalog

    def __getitem__(self, key: str) -> Rule:
        """The rule with ``key``, recorded as enforced."""
        return self.catalog.use(key)

    def cross_check(self, *keys: str) -> Callable[[CrossCheck], classmethod[Any, Any, Any]]:
        """Mark a method as a rule over several fields; ``keys`` are the codes it reports.

        The method receives the raw mapping (before any field check) and the caller's
        :class:`~clearance.Context`, and yields :class:`Violation` items. It runs whether
        or not the fields passed, so that every finding is reported in one pass. Naming
        the codes here binds them when the class is built, like :meth:`param` does.
        """
        for key in keys:
            self[key]

        def decorate(func: CrossCheck) -> classmethod[Any, Any, Any]:
            func._clearance_cross_check = True  # type: ignore[attr-defined]  # noqa: SLF001
            return classmethod(func)

        return decorate

    def param(self, *pairs: str | Check, required: str | None = None) -> Param:
        """Field metadata from alternating ``code, check`` pairs, checked in that order."""
        if len(pairs) % 2:
            raise TypeError("param() takes code, check pairs")
        steps: list[tuple[Rule, Check]] = []
        for code, check in zip(pairs[::2], pairs[1::2], strict=True):
            if not isinstance(code, str) or not isinstance(check, Check):
                raise TypeError(f"param() takes code, check pairs, not {code!r}, {check!r}")
            steps.append((self[code], check))
        return Param(tuple(steps), self[required] if required is not None else None)


class Violation(NamedTuple):
    """What a cross-field check reports: the rule, where (relative to the model), with what."""

    rule: Rule
    loc: tuple[str | int, ...] = ()
    ctx: Mapping[str, object] | None = None


CrossCheck = Callable[[Any, Mapping[str, Any], "Context | None"], Iterable[Violation]]


def _error_details(exc: ValidationError) -> list[InitErrorDetails]:
    return [
        InitErrorDetails(
            type=PydanticCustomError(e["type"], e["msg"]), loc=e["loc"], input=e["input"]
        )
        for e in exc.errors(include_url=False, include_context=False)
    ]


class Body(BaseModel):
    """Base of every request model: a JSON object (body) or a mapping of query parameters.

    Unknown keys are ignored unless an API's model says otherwise.
    """

    model_config = ConfigDict(
        extra="ignore", frozen=True, defer_build=True, hide_input_in_errors=False
    )

    __clearance_checks__: ClassVar[tuple[str, ...]] = ()
    #: The ``before`` model validators :meth:`__clearance_bind__` stands in for on the fast
    #: path (:func:`fast_valid`); a model with other model validators is beyond it.
    __clearance_binds__: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __clearance_bind__(cls, data: dict[str, Any]) -> Any:
        """What the :attr:`__clearance_binds__` validators make of a ``dict`` they accept.

        Models that name such validators override this; it must return exactly what they
        return for ``data``, or anything but a ``dict`` when they might refuse it.
        """
        return data

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Give each field its default: ``None``, checked when a :class:`Param` requires it."""
        super().__init_subclass__(**kwargs)
        for name, annotation in inspect.get_annotations(cls).items():
            if isinstance(annotation, str):
                raise TypeError(
                    f"{cls.__name__}.{name}: string annotations hide the field's codes; "
                    "do not use 'from __future__ import annotations' in validator modules"
                )
            if name in cls.__dict__ or get_origin(annotation) is not Annotated:  # type: ignore[comparison-overlap]
                continue
            params = [m for m in get_args(annotation)[1:] if isinstance(m, Param)]
            if params:
                required = params[-1].required is not None
                setattr(cls, name, Field(None, validate_default=required))  # type: ignore[call-overload]
        # Each name as the most derived class defines it, read from the class dicts: a
        # getattr() over dir(cls) would touch pydantic's deferred validator of a parent
        # class and build it, which costs milliseconds a class at import.
        defined: dict[str, bool] = {}
        for klass in reversed(cls.__mro__):
            for name, value in list(vars(klass).items()):
                defined[name] = isinstance(value, classmethod) and bool(
                    getattr(value.__func__, "_clearance_cross_check", False)
                )
        cls.__clearance_checks__ = tuple(sorted(name for name, check in defined.items() if check))

    @model_validator(mode="wrap")
    @classmethod
    def _clearance_cross_checks(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        if not cls.__clearance_checks__ or not isinstance(data, Mapping):
            return handler(data)
        errors: list[InitErrorDetails] = []
        result = None
        try:
            result = handler(data)
        except ValidationError as exc:
            errors = _error_details(exc)
        context = info.context.get("clearance") if isinstance(info.context, dict) else None
        for name in cls.__clearance_checks__:
            for rule, loc, ctx in getattr(cls, name)(data, context):
                errors.append(InitErrorDetails(type=rule_error(rule, ctx), loc=loc, input=data))
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return result

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """List as required exactly the fields whose :class:`Param` names a not-set code."""
        result = handler(schema)
        target = handler.resolve_ref_schema(result)
        required = [
            name
            for name, info in cls.model_fields.items()
            if any(isinstance(m, Param) and m.required is not None for m in info.metadata)
        ]
        if required:
            target["required"] = required
        else:
            target.pop("required", None)
        for prop in target.get("properties", {}).values():
            prop.pop("default", None)
        return result


def partial(model: type[Body], name: str, doc: str) -> type[Body]:
    """The model with every field optional: the body of an update (PUT) that sends changes only."""
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        metadata = [m.optional() if isinstance(m, Param) else m for m in info.metadata]
        fields[field_name] = (Annotated[(info.annotation, *metadata)], None)
    return create_model(name, __base__=model, __doc__=doc, __module__=model.__module__, **fields)


def iter_params(model: type[BaseModel]) -> Iterator[tuple[str, Param]]:
    """Each field of ``model`` with its :class:`Param` (for docs and guard tests)."""
    for name, info in model.model_fields.items():
        for meta in info.metadata:
            if isinstance(meta, Param):
                yield name, meta


# -- the fast path ------------------------------------------------------------------------
#
# pydantic's machinery (a Python call per field through the core, an exception per failed
# check, error objects, the wrap validator re-raising) costs far more than the checks
# themselves. :func:`collect` runs the same checks in plain Python, in the order pydantic
# runs them: each field's Param steps, each nested model, then the cross checks, and
# gathers what fails as pydantic would report it. Where it meets anything it does not
# mirror exactly (pydantic's own type errors, an unknown key where a model forbids them,
# a validator it does not know, an exception that is not a check's ``Invalid``) it gives
# up, and the caller runs pydantic's full validation: findings are the same either way
# (``tests/test_fast_path.py`` holds the two paths to that).
#
# Each model's collector is generated as Python source once (see :func:`_source`): one
# straight-line block per field, the neutral checks' :class:`~clearance.fields.Inline`
# shortcuts written out in place, every other check called directly.

#: One error as full validation reports it: location, rule, message.
Error = tuple[tuple[str | int, ...], "Rule", str]
#: A model's collector: ``(data, context, location, errors) -> complete``; ``False`` means
#: it gave up, whatever it gathered.
Collector = Callable[[Any, "Context | None", tuple[str | int, ...], list[Error]], bool]

#: The compiled collector of each model; ``None`` for a model the fast path does not cover.
_COLLECTORS: dict[type[BaseModel], Collector | None] = {}


def collect(model: type[BaseModel], data: Any, context: Context | None) -> list[Error] | None:
    """Every error a full validation of ``data`` by ``model`` reports.

    In its order, except that the optional fields of a model with many come in the
    payload's order (see :func:`_source`): sorted in document order, as findings are,
    the two are the same. ``None`` means "not known": validate fully. Never raises.
    """
    try:
        collector = _COLLECTORS[model]
    except KeyError:
        collector = _compile(model)
    if collector is None:
        return None
    errors: list[Error] = []
    try:
        complete = collector(data, context, (), errors)
    except Exception:  # noqa: BLE001 - anything unforeseen (recursion, a bug): validate fully
        return None
    return errors if complete else None


def fast_valid(model: type[BaseModel], data: Any, context: Context | None) -> bool:
    """Whether a full validation of ``data`` by ``model`` would certainly find nothing."""
    return collect(model, data, context) == []


def passes_through(test: Callable[[Any], bool]) -> Callable[[_F], _F]:
    """Mark a ``BeforeValidator`` function: whenever ``test(value)``, it returns ``value``.

    The fast path then takes such a field (and calls ``test``); without the mark a field
    with a before validator is beyond it.
    """

    def mark(func: _F) -> _F:
        func.__clearance_passes__ = test  # type: ignore[attr-defined]
        return func

    return mark


_F = TypeVar("_F", bound=Callable[..., Any])


def _compile(model: type[BaseModel]) -> Collector | None:
    _COLLECTORS[model] = None  # a model that contains itself is not covered
    try:
        collector = _build(model)
    except Exception:  # noqa: BLE001 - a model shape not foreseen is simply not covered
        collector = None
    _COLLECTORS[model] = collector
    return collector


def _nested(model: type[BaseModel]) -> Collector:
    """The collector of a nested model's value: a ``dict``, or the collector gives up."""

    def nested(
        value: Any, context: Context | None, at: tuple[str | int, ...], errors: list[Error]
    ) -> bool:
        if type(value) is not dict:
            return False  # pydantic's own model_type error: not mirrored
        try:
            collector = _COLLECTORS[model]
        except KeyError:
            collector = _compile(model)
        return collector is not None and collector(value, context, at, errors)

    return nested


def _failed(rule: Rule, exc: Invalid, original: Any) -> tuple[Rule, str]:
    """The rule and message of a failed Param step, as :meth:`Param.validate` words it."""
    shown = display(original)
    return rule, rule.format({**exc.ctx, "Value": shown, "value": shown})


_SIMPLE_CONFIG = frozenset({"extra", "frozen", "defer_build", "hide_input_in_errors", "title"})


def _build(model: type[BaseModel]) -> Collector | None:
    """A collector for ``model``, or ``None`` when any part of it is beyond the fast path."""
    plan = _plan(model)
    if plan is None:
        return None
    source, names = _source(cast("type[Body]", model), plan)
    code = compile(source, f"<clearance fast path: {model.__qualname__}>", "exec")
    exec(code, names)  # noqa: S102 - source generated above from the model's own metadata
    collector: Collector = names["collect"]
    return collector


class _Plan(NamedTuple):
    bind: Callable[[dict[str, Any]], Any] | None
    forbid: bool
    params: list[tuple[str, Param]]
    others: list[tuple[str, Collector, bool]]


def _plan(model: type[BaseModel]) -> _Plan | None:  # noqa: C901, PLR0911, PLR0912 - one decision per shape
    decorators = model.__pydantic_decorators__
    if not issubclass(model, Body):
        return None
    binds = model.__clearance_binds__
    if (
        decorators.validators
        or decorators.field_validators
        or decorators.root_validators
        or set(decorators.model_validators) - {"_clearance_cross_checks", *binds}
        or any(decorators.model_validators[name].info.mode != "before" for name in binds)
        or model.__pydantic_post_init__ is not None
        or set(model.model_config) - _SIMPLE_CONFIG
    ):
        return None
    extra = model.model_config.get("extra", "ignore")
    if extra not in {"ignore", "forbid", "allow"}:
        return None
    params: list[tuple[str, Param]] = []
    others: list[tuple[str, Collector, bool]] = []
    for name, info in model.model_fields.items():
        if info.alias is not None or info.validation_alias is not None:
            return None
        if info.default_factory is not None:
            return None
        present = info.is_required()  # no default: a missing key is an error
        if not present and info.default is not None:
            return None  # a default that would stand in for a missing key: not foreseen
        metadata = info.metadata
        if len(metadata) == 1 and isinstance(metadata[0], Param) and not present:
            param = metadata[0]
            if param.required is not None and not info.validate_default:
                return None  # missing and null would differ
            params.append((name, param))
            continue
        collector = _collector(info.annotation)
        if collector is None:
            return None
        for meta in reversed(metadata):  # the outermost before validator runs first
            collector = _before(meta, collector)
            if collector is None:
                return None
        if info.validate_default and not present:
            probe: list[Error] = []  # a missing key is validated as None: it must pass
            if not collector(None, None, (), probe) or probe:
                return None
        others.append((name, collector, present))
    bind = model.__clearance_bind__ if binds else None
    return _Plan(bind, extra == "forbid", params, others)


def _before(meta: Any, inner: Collector) -> Collector | None:
    """``inner`` behind a marked before validator (see :func:`passes_through`), else ``None``."""
    if not isinstance(meta, BeforeValidator):
        return None
    passes = getattr(meta.func, "__clearance_passes__", None)
    if passes is None:
        return None

    def before(
        value: Any, context: Context | None, at: tuple[str | int, ...], errors: list[Error]
    ) -> bool:
        return bool(passes(value)) and inner(value, context, at, errors)

    return before


#: Above this many optional fields, a collector visits only the keys a payload has.
_SPARSE = 6


def _source(model: type[Body], plan: _Plan) -> tuple[str, dict[str, Any]]:
    """The collector's Python source and the names it uses.

    Required fields are checked in line, in the model's order. Optional ones too when
    there are few; otherwise each gets a small function, and the collector calls those
    of the keys the payload has: most payloads set a handful of a model's many optional
    fields. (Their errors may then come in another order than pydantic's; they sit at
    keys the payload has, each at its own place, so document order sorts them the same.)
    """
    names: dict[str, Any] = {"Invalid": Invalid, "_failed": _failed}

    def bound(obj: Any) -> str:
        name = f"_n{len(names)}"
        names[name] = obj
        return name

    lines = [
        "def collect(data, context, at, errors):",
        "    if type(data) is not dict:",
        "        return False",
        "    raw = data",
    ]
    if plan.bind is not None:
        # Before validators see the raw mapping and hand the fields their result; the
        # cross checks (a wrap validator, outside them) see the raw mapping.
        lines += [
            f"    data = {bound(plan.bind)}(data)",
            "    if type(data) is not dict:",
            "        return False",
        ]
    if plan.forbid:
        lines += [
            f"    if not {bound(frozenset(model.model_fields))}.issuperset(data):",
            "        return False  # pydantic's own extra_forbidden errors: not mirrored",
        ]
    lines += _fields_lines(plan, bound, names)
    for cross in (getattr(model, name) for name in model.__clearance_checks__):
        lines += [
            f"    for rule, loc, ctx in {bound(cross)}(raw, context):",
            "        errors.append(((*at, *loc), rule, rule.format(ctx)))",
        ]
    lines.append("    return True")
    return "\n".join(lines) + "\n", names


def _fields_lines(plan: _Plan, bound: Callable[[Any], str], names: dict[str, Any]) -> list[str]:
    """Collector lines for the fields: the required ones in line, then the optional ones."""
    lines: list[str] = []
    optional: list[tuple[str, list[str]]] = []  # (field, lines checking ``v``)
    required: set[str] = set()
    if any(param.required is not None for _, param in plan.params):
        lines.append("    get = data.get")
    for name, param in plan.params:
        body = _param_lines(name, param, bound, names)
        if param.required is not None:
            required.add(name)
            lines += [f"    v = get({name!r})", *(f"    {line}" for line in body)]
        elif body:
            optional.append((name, body))
    for name, collector, present in plan.others:
        call = f"{bound(collector)}(v, context, (*at, {name!r}), errors)"
        body = [f"if not {call}:", "    return False"]
        if present:
            required.add(name)
            lines += [f"    if {name!r} not in data:", "        return False  # pydantic's missing"]
            lines += [f"    v = data[{name!r}]", *(f"    {line}" for line in body)]
        else:
            optional.append((name, body))
    return lines + _optional(optional, frozenset(required), bound, names)


def _param_lines(
    name: str, param: Param, bound: Callable[[Any], str], names: dict[str, Any]
) -> list[str]:
    """Lines checking the value ``v`` of a Param field (``None``: not set)."""
    where = f"(*at, {name!r})"
    lines: list[str] = []
    if param.required is not None:
        rule = param.required
        error = bound((rule, rule.format(None)))
        lines += ["if v is None:", f"    errors.append(({where}, *{error}))"]
    steps, live = _steps([check for _, check in param.steps], bound, names)
    if not live:
        return lines if param.required is not None else []
    if len(live) == 1:  # one step that can fail: the failed one, on the value as given
        steps = [line for line in steps if not line.startswith("s = ")]
        rules = bound(param.steps[live[0]][0])
    else:
        rules = f"{bound(tuple(rule for rule, _ in param.steps))}[s]"
    reassigned = any(line.lstrip().startswith("v = ") for line in steps)
    lines += [
        "else:" if param.required is not None else "if v is not None:",
        *(["    o = v"] if reassigned else []),
        "    try:",
        *(f"        {line}" for line in steps),
        "    except Invalid as e:",
        f"        errors.append(({where}, *_failed({rules}, e, {'o' if reassigned else 'v'})))",
    ]
    return lines


def _optional(
    optional: list[tuple[str, list[str]]],
    required: frozenset[str],
    bound: Callable[[Any], str],
    names: dict[str, Any],
) -> list[str]:
    """Collector lines for the optional fields: in line, or through the keys present."""
    lines: list[str] = []
    if len(optional) <= _SPARSE:
        for name, body in optional:
            lines += [f"    if {name!r} in data:", f"        v = data[{name!r}]"]
            lines += [f"        {line}" for line in body]
        return lines
    table: dict[str, Any] = {}
    for name, body in optional:
        function = [
            "def _f(v, context, at, errors):",
            *(f"    {line}" for line in body),
            "    return True",
        ]
        scope = dict(names)
        exec("\n".join(function) + "\n", scope)  # noqa: S102 - generated from the model
        table[name] = scope["_f"]
    # In the payload's own order: the errors come in the same order whatever the hash seed.
    # A payload of required fields alone (a minimal one) has nothing more to visit.
    return [
        f"    if not {bound(required)}.issuperset(data):",
        f"        field = {bound(table)}.get",
        "        for key, v in data.items():",
        "            f = field(key)",
        "            if f is not None and not f(v, context, at, errors):",
        "                return False",
    ]


def _steps(
    steps: list[Check], bound: Callable[[Any], str], names: dict[str, Any]
) -> tuple[list[str], list[int]]:
    """Lines running ``steps`` on ``v`` in order, ``s`` naming the one running; which run.

    The last step's result is not needed. A step whose :class:`~clearance.fields.Inline`
    test holds is skipped (when it would return the value unchanged, or is the last).
    """
    lines: list[str] = []
    live: list[int] = []
    for n, check in enumerate(steps):
        last = n == len(steps) - 1
        call = f"{bound(check.fn)}(v)" if last else f"v = {bound(check.fn)}(v)"
        inline = check.inline
        if inline is not None and (last or inline.same):
            test = inline.render("v", names)
            if test == "True":
                continue  # the check passes every value unchanged
            lines += [f"s = {n}", f"if not ({test}):", f"    {call}"]
        else:
            lines += [f"s = {n}", call]
        live.append(n)
    return lines, live


def _collector(annotation: Any) -> Collector | None:  # noqa: C901, PLR0911 - one answer per shape
    """A collector for a field of type ``annotation`` (not a Param field), or ``None``."""
    if annotation is Any:
        return _always
    if annotation is type(None):
        return lambda value, context, at, errors: value is None  # noqa: ARG005
    if annotation is str:
        return lambda value, context, at, errors: type(value) is str  # noqa: ARG005
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        args = get_args(annotation)
        members = [_collector(member) for member in args if member is not type(None)]
        if any(member is None for member in members):
            return None
        inner = cast("list[Collector]", members)
        nullable = type(None) in args
        if nullable and len(inner) == 1:
            (single,) = inner
            return lambda value, context, at, errors: (
                value is None or single(value, context, at, errors)
            )
        return _first_clean(inner, nullable=nullable)
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        each = _collector(item)
        if each is None:
            return None

        def every(
            value: Any, context: Context | None, at: tuple[str | int, ...], errors: list[Error]
        ) -> bool:
            if type(value) is not list:
                return False  # pydantic's own list_type error: not mirrored
            for index, element in enumerate(value):
                if not each(element, context, (*at, index), errors):
                    return False
            return True

        return every
    if isinstance(annotation, type) and issubclass(annotation, Body):
        return _nested(annotation)
    return None


def _always(value: Any, context: Context | None, at: tuple[str | int, ...], errors: Any) -> bool:
    del value, context, at, errors
    return True


def _first_clean(members: list[Collector], *, nullable: bool) -> Collector:
    """A union: complete when a member takes the value without an error, else give up.

    pydantic words a union's failures in its own way (per member): not mirrored.
    """

    def union(
        value: Any, context: Context | None, at: tuple[str | int, ...], errors: list[Error]
    ) -> bool:
        del errors
        if nullable and value is None:
            return True
        for member in members:
            probe: list[Error] = []
            if member(value, context, at, probe) and not probe:
                return True
        return False

    return union
