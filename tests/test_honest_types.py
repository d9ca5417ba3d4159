"""A field bound by ``Codes.param`` is annotated with what its checks make of a value.

The annotation is a declaration for readers (pydantic never validates): a field whose
checks turn a value into another (a number into a ``Decimal``, a word into a ``bool``, a
text into a ``date``) is annotated with what they turn it into: a ``Decimal`` is not a
``float``. A value the checks hand on as it was sent is what the client wrote, whatever
the annotation says it usually is. Each field is probed with its checks' own examples
and values and a few values of each kind.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import pytest

from clearance.apis import APIS, get_api
from clearance.fields import Kind
from clearance.model import Body, Param, Refused, Violation, iter_params
from clearance.report import Context

#: Values of each kind that checks of it usually take, written as clients write them.
PROBES: dict[Kind, tuple[Any, ...]] = {
    Kind.TEXT: ("Tee", "x", 12),
    Kind.NUMBER: (1, "2", 2.5, "2.50", Decimal("3.5")),
    Kind.BOOLEAN: (True, "true"),
    Kind.FLAG: (1, "0", True),
    Kind.DATE: ("2026-11-21",),
    Kind.DATETIME: ("2026-11-21T10:00:00",),
    Kind.EMAIL: ("kassa@example.at",),
    Kind.GUID: ("75b4fe7b-062b-4ae1-bad1-5c5e3866a2ae",),
}


def _models() -> list[tuple[str, type[Body]]]:
    """Every request model of every endpoint (nested ones and co3's parameters too)."""
    found: list[tuple[str, type[Body]]] = []
    seen: set[type[Body]] = set()
    for api in APIS:
        spec = get_api(api)
        stack = [m for ep in spec.endpoints.values() for m in (ep.model, ep.path) if m]
        stack += [getattr(m, "PARAMETERS", None) for m in list(stack)]
        while stack:
            model = stack.pop()
            if model is None or model in seen or not issubclass(model, Body):
                continue
            seen.add(model)
            found.append((api, model))
            for info in model.model_fields.values():
                for arg in (info.annotation, *typing.get_args(info.annotation)):
                    stack += [
                        inner
                        for inner in (arg, *typing.get_args(arg))
                        if isinstance(inner, type) and issubclass(inner, Body)
                    ]
    return found


def _outputs(param: Param) -> list[Any]:
    """What the field's checks turn each probe they accept into (probes handed on: none)."""
    probes: list[Any] = []
    for _, check in param.steps:
        probes += [*check.examples, *check.traits.values, *PROBES.get(check.traits.kind, ())]
        probes += [str(v) for v in check.traits.values if isinstance(v, Decimal)]  # "20"
    outputs = []
    for value in probes:
        try:
            result = param.validate(value)
        except (Refused, TypeError, ValueError):
            continue
        if result is not None and (type(result) is not type(value) or result != value):
            outputs.append(result)
    return outputs


_FIELDS = [
    pytest.param(model, name, param, id=f"{api}:{model.__name__}.{name}")
    for api, model in _models()
    for name, param in iter_params(model)
    if model.model_fields[name].annotation is not Any
]


@pytest.mark.parametrize(("model", "name", "param"), _FIELDS)
def test_the_annotation_is_what_the_checks_return(
    model: type[Body], name: str, param: Param
) -> None:
    annotation = model.model_fields[name].annotation
    members = (annotation, *typing.get_args(annotation))
    kinds = tuple(
        kind
        for member in members
        for kind in (member, typing.get_origin(member))
        if isinstance(kind, type)
    )
    wrong = sorted({type(out).__name__ for out in _outputs(param) if not isinstance(out, kinds)})
    assert not wrong, f"{model.__name__}.{name}: annotated {annotation}, its checks return {wrong}"


#: The one signature of a cross check (see ``Codes.cross_check``), as its method is bound.
CROSS_CHECK = {
    "data": Mapping[str, Any],
    "context": Context | None,
    "return": Iterable[Violation],
}


def _subclasses(model: type[Body]) -> list[type[Body]]:
    """Every class derived from ``model``, however deep (a model nested in a list too)."""
    found: list[type[Body]] = []
    for sub in model.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


#: Each cross check once, with the first model (by name) that has it.
_CROSS = list(
    {
        getattr(model, name).__func__: (model, name)
        for model in sorted(
            _subclasses(Body), key=lambda m: (m.__module__, m.__qualname__), reverse=True
        )
        for name in model.__clearance_checks__
    }.values()
)


def test_the_models_have_cross_checks() -> None:
    assert len(_CROSS) >= 40


@pytest.mark.parametrize(
    ("model", "name"), [pytest.param(m, n, id=f"{m.__qualname__}.{n}") for m, n in _CROSS]
)
def test_every_cross_check_has_the_one_signature(model: type[Body], name: str) -> None:
    method = getattr(model, name)
    assert inspect.ismethod(method), f"{name} is not a classmethod"
    assert list(inspect.signature(method).parameters) == ["data", "context"]
    assert typing.get_type_hints(method) == CROSS_CHECK
