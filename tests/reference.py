"""A plain reading of the models' declarations: the reference the compiled validator must match.

:mod:`clearance.compiler` writes Python source from a model's plan, with shortcuts
inlined and optional fields visited in the payload's order. This module reads the same
declarations the slow, obvious way: every field in the model's order, each Param by
:meth:`~clearance.model.Param.validate`, each nested object or list by its annotation,
then the cross checks. Sorted in document order, the two must give the same errors.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

from clearance.model import Body, Listed, Param, Refused, display

if TYPE_CHECKING:
    from clearance.api import Api
    from clearance.catalog import Rule
    from clearance.model import Error
    from clearance.report import Context

Loc = tuple[str | int, ...]


def reference_errors(
    api: Api, model: type[Body], data: dict[Any, Any], context: Context | None, at: Loc = ()
) -> list[Error]:
    """Every error of ``data`` (an object) as ``model`` declares them, in the model's order."""
    errors: list[Error] = []
    bound = model.__clearance_bind__(data)
    for name, info in model.model_fields.items():
        params = [meta for meta in info.metadata if isinstance(meta, Param)]
        if params:
            try:
                params[0].validate(bound.get(name))
            except Refused as refused:
                errors.append(((*at, name), refused.rule, str(refused)))
            continue
        if name not in bound:
            if info.is_required():
                rule = api.catalog[api.structure.missing]
                errors.append(((*at, name), rule, rule.format({"field": name})))
            continue
        listed = [meta.rule for meta in info.metadata if isinstance(meta, Listed)]
        errors += _shaped(api, info.annotation, bound[name], context, (*at, name), listed)
    for check in model.__clearance_checks__:
        for rule, loc, ctx in getattr(model, check)(data, context):
            errors.append(((*at, *loc), rule, rule.format(ctx)))
    return errors


def _wrong(rule: Rule, wanted: str, value: Any, at: Loc) -> list[Error]:
    ctx = {"field": at[-1] if at else "", "Value": display(value), "type": wanted}
    return [(at, rule, rule.format(ctx))]


def _shaped(  # noqa: PLR0911, PLR0917 - one answer per shape, as in the compiler
    api: Api, annotation: Any, value: Any, context: Context | None, at: Loc, listed: list[Rule]
) -> list[Error]:
    """The errors of ``value`` in a field declared ``annotation``."""
    if annotation is Any:
        return []
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        members = [arg for arg in get_args(annotation) if arg is not type(None)]
        if value is None and len(members) < len(get_args(annotation)):
            return []
        if len(members) == 1:
            return _shaped(api, members[0], value, context, at, listed)
        return []  # a union with a plain type: declared, not judged
    if origin is list:
        rule = listed[0] if listed else api.catalog[api.structure.list]
        if type(value) is not list:
            return _wrong(rule, "a list", value, at)
        (item,) = get_args(annotation)
        errors: list[Error] = []
        for index, element in enumerate(value):
            errors += _shaped(api, item, element, context, (*at, index), [])
        return errors
    if isinstance(annotation, type) and issubclass(annotation, Body):
        if type(value) is not dict:
            key = annotation.__clearance_object__ or api.structure.object
            return _wrong(api.catalog[key], "an object", value, at)
        return reference_errors(api, annotation, value, context, at)
    return []  # a plain type (``str``): declared, not judged
