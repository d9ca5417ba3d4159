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
    "Param",
    "Violation",
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
        checks = [
            name
            for name in dir(cls)
            if getattr(getattr(cls, name, None), "_clearance_cross_check", False)
        ]
        cls.__clearance_checks__ = tuple(sorted(checks))

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
# Most payloads are valid, and for a valid payload pydantic's machinery (a Python call per
# field through the core, error collection, the wrap validator) costs far more than the
# checks themselves. :func:`fast_valid` runs the same checks in plain Python: each present
# field's Param steps, each nested model, then the cross checks. It only ever answers
# "certainly valid"; at the first doubt (a check fails, a cross check reports, a value or
# a model it does not understand) it answers False and the caller runs the full pydantic
# validation, which alone builds findings. So findings are exactly those of a full run.
#
# Each model's checker is generated as Python source once (see :func:`_source`): one
# straight-line block per field, the neutral checks' :class:`~clearance.fields.Inline`
# shortcuts written out in place, every other check called directly.

Checker = Callable[[Any, "Context | None"], bool]
_Accept = Callable[[Any, "Context | None"], bool]

#: The compiled checker of each model; ``None`` for a model the fast path does not cover.
_CHECKERS: dict[type[BaseModel], Checker | None] = {}


def fast_valid(model: type[BaseModel], data: Any, context: Context | None) -> bool:
    """Whether a full validation of ``data`` by ``model`` would certainly find nothing.

    ``False`` means "not known": validate fully. Never raises.
    """
    try:
        checker = _CHECKERS[model]
    except KeyError:
        checker = _compile(model)
    if checker is None:
        return False
    try:
        return checker(data, context)
    except Exception:  # noqa: BLE001 - any failure (a check's Invalid, recursion): validate fully
        return False


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


def _compile(model: type[BaseModel]) -> Checker | None:
    _CHECKERS[model] = None  # a model that contains itself is not covered
    try:
        checker = _build(model)
    except Exception:  # noqa: BLE001 - a model shape not foreseen is simply not covered
        checker = None
    _CHECKERS[model] = checker
    return checker


_SIMPLE_CONFIG = frozenset({"extra", "frozen", "defer_build", "hide_input_in_errors", "title"})


def _build(model: type[BaseModel]) -> Checker | None:
    """A checker for ``model``, or ``None`` when any part of it is beyond the fast path."""
    plan = _plan(model)
    if plan is None:
        return None
    source, names = _source(cast("type[Body]", model), plan)
    code = compile(source, f"<clearance fast path: {model.__qualname__}>", "exec")
    exec(code, names)  # noqa: S102 - source generated above from the model's own metadata
    checker: Checker = names["check"]
    return checker


class _Plan(NamedTuple):
    bind: Callable[[dict[str, Any]], Any] | None
    forbid: bool
    params: list[tuple[str, Param]]
    others: list[tuple[str, _Accept, bool]]


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
    others: list[tuple[str, _Accept, bool]] = []
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
        accept = _acceptor(info.annotation)
        if accept is None:
            return None
        for meta in reversed(metadata):  # the outermost before validator runs first
            accept = _before(meta, accept)
            if accept is None:
                return None
        if info.validate_default and not present and not accept(None, None):
            return None
        others.append((name, accept, present))
    bind = model.__clearance_bind__ if binds else None
    return _Plan(bind, extra == "forbid", params, others)


def _before(meta: Any, accept: _Accept) -> _Accept | None:
    """``accept`` behind a marked before validator (see :func:`passes_through`), else ``None``."""
    if not isinstance(meta, BeforeValidator):
        return None
    passes = getattr(meta.func, "__clearance_passes__", None)
    if passes is None:
        return None
    return lambda value, context: passes(value) and accept(value, context)


#: Above this many optional fields, a checker visits only the keys a payload has.
_SPARSE = 6


def _source(model: type[Body], plan: _Plan) -> tuple[str, dict[str, Any]]:
    """The checker's Python source and the names it uses.

    Required fields are checked in line. Optional ones too when there are few; otherwise
    each gets a small function, and the checker calls those of the keys the payload
    has: most payloads set a handful of a model's many optional fields.
    """
    names: dict[str, Any] = {}

    def bound(obj: Any) -> str:
        name = f"_n{len(names)}"
        names[name] = obj
        return name

    lines = ["def check(data, context):", "    if type(data) is not dict:", "        return False"]
    if plan.bind is not None:
        # Before validators see the raw mapping and hand the fields their result; the
        # cross checks (a wrap validator, outside them) see the raw mapping.
        lines += [
            "    raw = data",
            f"    data = {bound(plan.bind)}(data)",
            "    if type(data) is not dict:",
            "        return False",
        ]
    if plan.forbid:
        lines += [
            f"    if not {bound(frozenset(model.model_fields))}.issuperset(data):",
            "        return False",
        ]
    required = 0
    optional: list[tuple[str, list[str]]] = []  # (field, lines checking ``v``)
    for name, param in plan.params:
        body = _steps([check for _, check in param.steps], bound, names)
        if param.required is not None:
            required += 1
            lines += [f"    v = data.get({name!r})", "    if v is None:", "        return False"]
            lines += [f"    {line}" for line in body]
        elif body:
            optional.append((name, ["if v is not None:", *(f"    {line}" for line in body)]))
    for name, accept, present in plan.others:
        test = [f"if not {bound(accept)}(v, context):", "    return False"]
        if present:
            required += 1
            lines += [
                f"    if {name!r} not in data:",
                "        return False",
                f"    v = data[{name!r}]",
            ]
            lines += [f"    {line}" for line in test]
        else:
            optional.append((name, test))
    lines += _optional(optional, required, bound, names)
    crosses = [getattr(model, name) for name in model.__clearance_checks__]
    raw = "raw" if plan.bind is not None else "data"
    for cross in crosses:
        lines += [f"    for _ in {bound(cross)}({raw}, context):", "        return False"]
    lines.append("    return True")
    return "\n".join(lines) + "\n", names


def _optional(
    optional: list[tuple[str, list[str]]],
    required: int,
    bound: Callable[[Any], str],
    names: dict[str, Any],
) -> list[str]:
    """Checker lines for the optional fields: in line, or through the keys present."""
    lines: list[str] = []
    if len(optional) <= _SPARSE:
        for name, body in optional:
            lines += [f"    if {name!r} in data:", f"        v = data[{name!r}]"]
            lines += [f"        {line}" for line in body]
        return lines
    table: dict[str, Any] = {}
    for name, body in optional:
        function = ["def _f(v, context):", *(f"    {line}" for line in body), "    return True"]
        scope = dict(names)
        exec("\n".join(function) + "\n", scope)  # noqa: S102 - generated from the model
        table[name] = scope["_f"]
    keys, table_name = bound(frozenset(table)), bound(table)
    # Every required field is in ``data`` by now: more keys than that may be optional ones.
    return [
        f"    if len(data) > {required}:",
        f"        for key in {keys}.intersection(data):",
        f"            if not {table_name}[key](data[key], context):",
        "                return False",
    ]


def _steps(steps: list[Check], bound: Callable[[Any], str], names: dict[str, Any]) -> list[str]:
    """Lines running ``steps`` on ``v`` in order (the last one's result is not needed)."""
    lines: list[str] = []
    for n, check in enumerate(steps):
        last = n == len(steps) - 1
        call = f"{bound(check.fn)}(v)" if last else f"v = {bound(check.fn)}(v)"
        inline = check.inline
        if inline is not None and (last or inline.same):
            test = inline.render("v", names)
            if test == "True":
                continue  # the check passes every value unchanged
            lines += [f"if not ({test}):", f"    {call}"]
        else:
            lines.append(call)
    return lines


def _acceptor(annotation: Any) -> _Accept | None:  # noqa: C901, PLR0911 - one answer per shape
    """A test that a value certainly validates as ``annotation`` (no false yes), or ``None``."""
    if annotation is Any:
        return lambda value, context: True  # noqa: ARG005
    if annotation is type(None):
        return lambda value, context: value is None  # noqa: ARG005
    if annotation is str:
        return lambda value, context: type(value) is str  # noqa: ARG005
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        members = [_acceptor(member) for member in get_args(annotation)]
        if any(member is None for member in members):
            return None
        accepts = tuple(m for m in members if m is not None)
        nullable = type(None) in get_args(annotation)
        rest = tuple(
            accept
            for member, accept in zip(get_args(annotation), accepts, strict=True)
            if member is not type(None)
        )
        if nullable and len(rest) == 1:
            (single,) = rest
            return lambda value, context: value is None or single(value, context)
        return lambda value, context: any(accept(value, context) for accept in accepts)
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        accept_item = _acceptor(item)
        if accept_item is None:
            return None

        def every(value: Any, context: Context | None) -> bool:
            return type(value) is list and all(accept_item(e, context) for e in value)

        return every
    if isinstance(annotation, type) and issubclass(annotation, Body):
        nested = annotation
        return lambda value, context: type(value) is dict and fast_valid(nested, value, context)
    return None
