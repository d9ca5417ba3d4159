"""The one validator: each model's declarations compiled into plain Python that reports.

:func:`validator` turns a request model (:class:`~clearance.model.Body`) into a function
``(data, context, at, errors) -> None`` that appends every error of ``data`` to
``errors``, in the model's order: each field's :class:`~clearance.model.Param` steps,
each nested object or list (a value of the wrong JSON structure answers the API's own
rule, see :class:`~clearance.api.Structure`), then the model's cross checks. Nothing
else validates a payload: pydantic only exports the models' JSON Schemas.

The compilation has two stages that never look at each other's text:

1. a *plan*, typed data read from the model: per field, its Param (its steps, each with
   its check's :class:`~clearance.fields.Inline` shortcut) or its *shape* (object, list,
   text, a union of them, anything), and the model's bind hook and cross checks;
2. Python source written from the plan: one straight-line block per Param field, the
   shortcuts written out in place ("a ``str`` of at most 249 characters certainly
   passes"), the check itself called only where its shortcut does not hold. Shapes are
   small closures; nested models are compiled once each, on first use.

Models with many optional fields visit only the keys a payload has, in the payload's
order (see :func:`_optional_lines`): findings are sorted in document order afterwards,
so the order is the same.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

from clearance.fields import Check, Invalid
from clearance.model import Body, Listed, Param, display, failed_message

if TYPE_CHECKING:
    from clearance.api import Api
    from clearance.catalog import Catalog, Rule
    from clearance.model import Error
    from clearance.report import Context

__all__ = ["Collector", "enforced", "validator"]

#: A compiled model: ``(data, context, at, errors)``; ``data`` is a ``dict``, ``at`` the
#: location of ``data`` in the payload, and every error found is appended to ``errors``.
Collector = Callable[[dict[Any, Any], "Context | None", tuple[str | int, ...], list["Error"]], None]
#: The check of one value of a shaped field: the same arguments, any value.
_Walk = Callable[[Any, "Context | None", tuple[str | int, ...], list["Error"]], None]

#: Above this many optional fields, a collector visits only the keys a payload has.
_SPARSE = 6

_COMPILED: dict[tuple[type[Body], str], Collector] = {}


def validator(model: type[Body], api: Api) -> Collector:
    """The compiled validator of ``model``, a request model of ``api`` (compiled once)."""
    compiled = _COMPILED.get((model, api.name))
    if compiled is None:
        compiled = _compile(model, api)
    return compiled


def enforced(api: Api) -> frozenset[str]:
    """The keys of every rule ``api`` enforces: its models' and its own request checks'.

    Compiles every endpoint's models (structure rules count once a model can answer
    them): for reports such as ``clearance rules``, not for the path of a check.
    """
    pending = [model for ep in api.endpoints.values() for model in (ep.model, ep.path) if model]
    seen: set[type[Body]] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        validator(model, api)
        pending += [nested for field in _plan(model, api).shaped for nested in _models(field.shape)]
    return frozenset(api.catalog.used)


def _models(shape: _Shape) -> list[type[Body]]:
    """The models nested in ``shape``."""
    if isinstance(shape, _Nullable):
        return _models(shape.inner)
    if isinstance(shape, _List):
        return _models(shape.item)
    if isinstance(shape, _Obj):
        return [shape.model]
    return []


# -- the plan ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Obj:
    """A nested object: a ``dict`` checked by ``model``, else ``rule``."""

    model: type[Body]
    rule: Rule


@dataclasses.dataclass(frozen=True, slots=True)
class _List:
    """A JSON array whose items have the shape ``item``, else ``rule``."""

    item: _Shape
    rule: Rule


@dataclasses.dataclass(frozen=True, slots=True)
class _Nullable:
    """``null`` (not set), or a value of ``inner``."""

    inner: _Shape


@dataclasses.dataclass(frozen=True, slots=True)
class _Anything:
    """Any value: the field is declared, not checked.

    So is a plain scalar annotation (``str | None``), and a union with one: a field whose
    server answer for another JSON type is not documented takes every value (rule 1).
    """


_Shape = _Obj | _List | _Nullable | _Anything

#: What a value of the wrong structure is said to be missing, in messages that name it.
_WANTED = {_Obj: "an object", _List: "a list"}


@dataclasses.dataclass(frozen=True, slots=True)
class _Step:
    """One Param step as the source runs it: the check, and whether its result is kept."""

    index: int
    check: Check
    keeps: bool  # ``v = check(v)``: a later step reads what this one returns


@dataclasses.dataclass(frozen=True, slots=True)
class _ParamField:
    name: str
    param: Param


@dataclasses.dataclass(frozen=True, slots=True)
class _ShapedField:
    name: str
    shape: _Shape
    required: bool  # no default: an absent key answers ``structure.missing``


@dataclasses.dataclass(frozen=True, slots=True)
class _Plan:
    bind: Callable[[dict[Any, Any]], dict[Any, Any]] | None
    params: tuple[_ParamField, ...]
    shaped: tuple[_ShapedField, ...]
    cross: tuple[Callable[..., Any], ...]
    missing: Rule


def _plan(model: type[Body], api: Api) -> _Plan:
    """Read the declarations of ``model``; a declaration the validator cannot run is a bug."""
    decorators = model.__pydantic_decorators__
    if (
        decorators.validators
        or decorators.field_validators
        or decorators.root_validators
        or decorators.model_validators
        or model.__pydantic_post_init__ is not None
    ):
        raise TypeError(
            f"{model.__qualname__}: pydantic validators never run; declare checks with "
            "Codes.param, Codes.cross_check or __clearance_bind__"
        )
    if model.model_config.get("extra", "ignore") != "ignore":
        raise TypeError(f"{model.__qualname__}: unknown keys are a cross check's business")
    catalog, structure = api.catalog, api.structure
    params: list[_ParamField] = []
    shaped: list[_ShapedField] = []
    for name, info in model.model_fields.items():
        if info.alias is not None or info.validation_alias is not None:
            raise TypeError(f"{model.__qualname__}.{name}: field names are the vendor's own")
        metadata = info.metadata
        if any(isinstance(meta, Param) for meta in metadata):
            if len(metadata) != 1 or info.is_required():
                raise TypeError(f"{model.__qualname__}.{name}: a Param is a field's only rule")
            params.append(_ParamField(name, metadata[0]))
            continue
        listed = [meta.rule for meta in metadata if isinstance(meta, Listed)]
        if len(listed) != len(metadata):
            raise TypeError(f"{model.__qualname__}.{name}: unknown metadata {metadata!r}")
        shape = _shape(info.annotation, api, listed[0] if listed else None)
        _bind(shape, catalog)
        if not info.is_required() and info.default is not None:
            raise TypeError(f"{model.__qualname__}.{name}: a default would hide a missing key")
        shaped.append(_ShapedField(name, shape, info.is_required()))
    bind = model.__clearance_bind__ if "__clearance_bind__" in _overrides(model) else None
    cross = tuple(getattr(model, name) for name in model.__clearance_checks__)
    missing = catalog[structure.missing]
    if any(field.required for field in shaped):
        missing = catalog.use(structure.missing)
    return _Plan(bind, tuple(params), tuple(shaped), cross, missing)


def _overrides(model: type[Body]) -> set[str]:
    """Names of the hooks a model (or a base between it and Body) defines itself."""
    names: set[str] = set()
    for klass in model.__mro__:
        if klass is Body:
            break
        names.update(vars(klass))
    return names


def _shape(annotation: Any, api: Api, listed: Rule | None) -> _Shape:
    """The shape of a field declared ``annotation`` (not a Param field)."""
    catalog: Catalog = api.catalog
    structure = api.structure
    if annotation is Any:
        return _Anything()
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        args = get_args(annotation)
        members = [_shape(arg, api, listed) for arg in args if arg is not type(None)]
        if any(isinstance(member, _Anything) for member in members):
            return _Anything()  # text or a list (kassa's ids): declared, not judged
        if len(members) != 1:
            raise TypeError(f"{annotation!r}: a union of objects or lists is not declared")
        return _Nullable(members[0]) if type(None) in args else members[0]
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        rule = listed if listed is not None else catalog[structure.list]
        return _List(_shape(item, api, None), rule)
    if isinstance(annotation, type) and issubclass(annotation, Body):
        return _Obj(annotation, catalog[annotation.__clearance_object__ or structure.object])
    if annotation in {str, int, float, bool}:
        return _Anything()
    raise TypeError(f"no shape for {annotation!r}")


def _bind(shape: _Shape, catalog: Catalog) -> None:
    """Record the structure rules ``shape`` answers as enforced."""
    if isinstance(shape, _Nullable):
        _bind(shape.inner, catalog)
    elif isinstance(shape, _List):
        catalog.use(shape.rule.key)
        _bind(shape.item, catalog)
    elif isinstance(shape, _Obj):
        catalog.use(shape.rule.key)


# -- shapes: small closures --------------------------------------------------------------


def _wrong(rule: Rule, shape: _Shape, value: Any, at: tuple[str | int, ...]) -> Error:
    """The error of a value of the wrong structure at ``at``."""
    field = at[-1] if at else ""
    ctx = {"field": field, "Value": display(value), "type": _WANTED.get(type(shape), "a value")}
    return (at, rule, rule.format(ctx))


def _walker(shape: _Shape, api: Api) -> _Walk:  # noqa: C901 - one answer per shape
    """The check of one value of ``shape`` (``None`` is a value here; see :class:`_Nullable`)."""
    if isinstance(shape, _Anything):

        def anything(value: Any, context: Context | None, at: Any, errors: list[Error]) -> None:
            del value, context, at, errors

        return anything
    if isinstance(shape, _Nullable):
        inner = _walker(shape.inner, api)

        def nullable(value: Any, context: Context | None, at: Any, errors: list[Error]) -> None:
            if value is not None:
                inner(value, context, at, errors)

        return nullable
    if isinstance(shape, _Obj):
        model, obj_rule = shape.model, shape.rule
        compiled: list[Collector] = []  # compiled on first use: models may nest themselves

        def obj(value: Any, context: Context | None, at: Any, errors: list[Error]) -> None:
            if type(value) is not dict:
                errors.append(_wrong(obj_rule, shape, value, at))
                return
            if not compiled:
                compiled.append(validator(model, api))
            compiled[0](value, context, at, errors)

        return obj
    if isinstance(shape, _List):
        each, list_rule = _walker(shape.item, api), shape.rule

        def listing(value: Any, context: Context | None, at: Any, errors: list[Error]) -> None:
            if type(value) is not list:
                errors.append(_wrong(list_rule, shape, value, at))
                return
            for index, item in enumerate(value):
                each(item, context, (*at, index), errors)

        return listing
    raise TypeError(f"no walker for {shape!r}")  # pragma: no cover - every shape above


# -- source ---------------------------------------------------------------------------------


class _Names:
    """The names the generated source refers to, each bound once."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {"Invalid": Invalid, "_failed": failed_message}

    def bind(self, obj: Any) -> str:
        name = f"_n{len(self.values)}"
        self.values[name] = obj
        return name


def _compile(model: type[Body], api: Api) -> Collector:
    plan = _plan(model, api)
    names = _Names()
    lines = ["def collect(data, context, at, errors):", "    raw = data"]
    if plan.bind is not None:
        # The server binds the object (keys folded) before reading fields; the cross
        # checks see the object as written.
        lines.append(f"    data = {names.bind(plan.bind)}(data)")
    lines += _fields_lines(plan, api, names)
    for cross in plan.cross:
        lines += [
            f"    for rule, loc, ctx in {names.bind(cross)}(raw, context):",
            "        errors.append(((*at, *loc), rule, rule.format(ctx)))",
        ]
    source = "\n".join(lines) + "\n"
    code = compile(source, f"<clearance validator: {model.__qualname__}>", "exec")
    exec(code, names.values)  # noqa: S102 - source written above from the model's own plan
    collector: Collector = names.values["collect"]
    _COMPILED[(model, api.name)] = collector
    return collector


def _fields_lines(plan: _Plan, api: Api, names: _Names) -> list[str]:
    """Lines for the fields: the required ones in line, then the optional ones."""
    lines: list[str] = []
    optional: list[tuple[str, list[str]]] = []  # (field, lines checking ``v``)
    required: set[str] = set()
    if any(field.param.required is not None for field in plan.params):
        lines.append("    get = data.get")
    for field in plan.params:
        body = _param_lines(field, names)
        if field.param.required is not None:
            required.add(field.name)
            lines += [f"    v = get({field.name!r})", *(f"    {line}" for line in body)]
        elif body:
            optional.append((field.name, body))
    for shaped in plan.shaped:
        walk = names.bind(_walker(shaped.shape, api))
        where = f"(*at, {shaped.name!r})"
        if shaped.required:
            required.add(shaped.name)
            missing = names.bind((plan.missing, plan.missing.format({"field": shaped.name})))
            lines += [
                f"    if {shaped.name!r} in data:",
                f"        {walk}(data[{shaped.name!r}], context, {where}, errors)",
                "    else:",
                f"        errors.append(({where}, *{missing}))",
            ]
        else:
            optional.append((shaped.name, [f"{walk}(v, context, {where}, errors)"]))
    return lines + _optional_lines(optional, frozenset(required), names)


def _steps(param: Param) -> list[_Step]:
    """The steps that can fail, in order, with whether each one's result is read later.

    A step whose shortcut is the constant ``True`` passes every value unchanged: it is
    left out. The last step's result is never read.
    """
    steps: list[_Step] = []
    count = len(param.steps)
    for index, (_, check) in enumerate(param.steps):
        inline = check.inline
        if inline is not None and inline.test == "True" and (inline.same or index == count - 1):
            continue
        steps.append(_Step(index, check, keeps=index < count - 1))
    return steps


def _param_lines(field: _ParamField, names: _Names) -> list[str]:
    """Lines checking the value ``v`` of a Param field (``None``: not set)."""
    param = field.param
    where = f"(*at, {field.name!r})"
    lines: list[str] = []
    if param.required is not None:
        error = names.bind((param.required, param.required.format(None)))
        lines += ["if v is None:", f"    errors.append(({where}, *{error}))"]
    steps = _steps(param)
    if not steps:
        return lines if param.required is not None else []
    keeps = any(step.keeps for step in steps)
    tracked = len(steps) > 1  # which step failed: ``s``
    body: list[str] = []
    for step in steps:
        call = f"{names.bind(step.check.fn)}(v)"
        if step.keeps:
            call = f"v = {call}"
        if tracked:
            body.append(f"s = {step.index}")
        inline = step.check.inline
        if inline is not None and (inline.same or not step.keeps):
            body += [f"if not ({inline.render('v', names.values)}):", f"    {call}"]
        else:
            body.append(call)
    rules = (
        f"{names.bind(tuple(rule for rule, _ in param.steps))}[s]"
        if tracked
        else names.bind(param.steps[steps[0].index][0])
    )
    original = "o" if keeps else "v"
    lines += [
        "else:" if param.required is not None else "if v is not None:",
        *(["    o = v"] if keeps else []),
        "    try:",
        *(f"        {line}" for line in body),
        "    except Invalid as e:",
        f"        errors.append(({where}, {rules}, _failed({rules}, e, {original})))",
    ]
    return lines


def _optional_lines(
    optional: list[tuple[str, list[str]]], required: frozenset[str], names: _Names
) -> list[str]:
    """Lines for the optional fields: in line, or through the keys a payload has."""
    lines: list[str] = []
    if len(optional) <= _SPARSE:
        for name, body in optional:
            lines += [f"    if {name!r} in data:", f"        v = data[{name!r}]"]
            lines += [f"        {line}" for line in body]
        return lines
    table: dict[str, Any] = {}
    for name, body in optional:
        function = ["def _f(v, context, at, errors):", *(f"    {line}" for line in body)]
        scope = dict(names.values)
        exec("\n".join(function) + "\n", scope)  # noqa: S102 - written from the model's plan
        table[name] = scope["_f"]
    # In the payload's own order: the errors come in the same order whatever the hash seed.
    # A payload of required fields alone (a minimal one) has nothing more to visit.
    return [
        f"    if not {names.bind(required)}.issuperset(data):",
        f"        field = {names.bind(table)}.get",
        "        for key, v in data.items():",
        "            f = field(key)",
        "            if f is not None:",
        "                f(v, context, at, errors)",
    ]
