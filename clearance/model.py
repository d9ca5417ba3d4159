"""How a request model declares each documented constraint next to the code it raises.

A field is declared once, next to its constraints and their codes::

    class Article(Body):
        line_item_name: Annotated[str, K.param("1027", text(max_length=249), required="1013")]

:meth:`Codes.param` binds neutral checks from :mod:`clearance.fields` to codes of one
catalog; rules that span fields are methods decorated with :meth:`Codes.cross_check`;
nested objects and lists are fields typed with another :class:`Body` (and
:meth:`Codes.listed` names a list's own code for a value that is not an array). The
models are pydantic models so that they export JSON Schemas (``clearance schema``), but
pydantic never validates a payload: :mod:`clearance.compiler` reads these declarations
and compiles each model into the one validator, which reports every finding.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    NamedTuple,
    get_args,
    get_origin,
)

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    create_model,
)
from pydantic_core import core_schema

from clearance.fields import Check, Invalid

if TYPE_CHECKING:
    from pydantic.json_schema import JsonSchemaValue

    from clearance.catalog import Catalog, Rule
    from clearance.report import Context

__all__ = [
    "Body",
    "Codes",
    "CrossCheck",
    "Error",
    "Listed",
    "Param",
    "Refused",
    "Violation",
    "display",
    "iter_params",
    "partial",
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


class Refused(ValueError):  # noqa: N818 - a verdict, as fields.Invalid is
    """:meth:`Param.validate`'s verdict: the value breaks ``rule``; ``str()`` is the message."""

    def __init__(self, rule: Rule, message: str) -> None:
        """Keep the rule and its message, placeholders filled."""
        super().__init__(message)
        self.rule = rule


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
        """Run the checks in order; the first that fails raises :class:`Refused`.

        The compiled validator runs the same steps in line; this is the reference for
        one value (generated payloads and tests use it).
        """
        if value is None:
            if self.required is not None:
                raise Refused(self.required, self.required.format(None))
            return None
        original = value
        for rule, check in self.steps:
            try:
                value = check.fn(value)
            except Invalid as exc:
                raise Refused(rule, failed_message(rule, exc, original)) from None
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Any value, as far as pydantic is concerned: the checks own coercion.

        (pydantic builds this only to export the JSON Schema; it never validates.)
        """
        return core_schema.any_schema()

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe the checks in JSON Schema (for editors, see ``clearance schema``).

        A step whose rule only warns is left out: the server takes such a value, and an
        editor must not flag it as an error.
        """
        parts = [check.schema for rule, check in self.steps if check.schema and not rule.warning]
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


def failed_message(rule: Rule, exc: Invalid, original: Any) -> str:
    """The message of a failed check step: its placeholders filled, the value as given."""
    shown = display(original)
    return rule.format({**exc.ctx, "Value": shown, "value": shown})


class Listed:
    """Field metadata of a list field: the rule for a value that is not a JSON array.

    Made by :meth:`Codes.listed`; without it a list field answers its API's
    :attr:`~clearance.api.Structure.list` rule.
    """

    __slots__ = ("rule",)

    def __init__(self, rule: Rule) -> None:
        """Use :meth:`Codes.listed` rather than calling this."""
        self.rule = rule

    def __repr__(self) -> str:
        """Show the bound code."""
        return f"Listed({self.rule.key})"


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

    def listed(self, code: str) -> Listed:
        """Metadata for a list field: ``code`` when its value is not a JSON array."""
        return Listed(self[code])

    def cross_check(self, *keys: str) -> Callable[[CrossCheck], classmethod[Any, Any, Any]]:
        """Mark a method as a rule over several fields; ``keys`` are the codes it reports.

        Every cross check has one signature, :data:`CrossCheck`: ``(cls, data, context)
        -> Iterable[Violation]``. It receives the raw mapping (before any field check) and
        the caller's :class:`~clearance.Context`, and returns what it finds: a generator,
        or a tuple where it runs for nearly every valid payload (no generator to build).
        It runs whether or not the fields passed, so that every finding is reported in one
        pass. Naming the codes here binds them when the class is built, like
        :meth:`param` does.
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


#: The one signature of a cross check (tests/test_honest_types.py holds every model to it).
CrossCheck = Callable[[Any, Mapping[str, Any], "Context | None"], Iterable[Violation]]

#: One error as the compiled validator reports it: location, rule, message.
Error = tuple[tuple[str | int, ...], "Rule", str]


class Body(BaseModel):
    """Base of every request model: a JSON object (body) or a mapping of query parameters.

    Unknown keys are ignored unless an API's model says otherwise.
    """

    model_config = ConfigDict(
        extra="ignore", frozen=True, defer_build=True, hide_input_in_errors=False
    )

    # The hooks' types are told to type checkers only: pydantic evaluates every annotation
    # of every base of a model it builds, and these (strings here) cost each model class
    # four compiled forward references at import.
    if TYPE_CHECKING:
        __clearance_checks__: ClassVar[tuple[str, ...]]
        __clearance_object__: ClassVar[str | None]
        __clearance_body__: ClassVar[str | None]
        __clearance_names__: ClassVar[frozenset[str]]
        __clearance_items__: ClassVar[str | None]

    #: The names of the model's cross checks (methods marked by :meth:`Codes.cross_check`).
    __clearance_checks__ = ()
    #: The rule for a value of this model that is not a JSON object, where it is nested in
    #: another (``None``: the API's :attr:`~clearance.api.Structure.object`).
    __clearance_object__ = None
    #: The same for a whole body of this model (``None``: as :attr:`__clearance_object__`).
    __clearance_body__ = None
    #: The names the API knows for this object's keys, where they are more than the
    #: model's fields (a model built from a specification: ``@url``, say). Empty: the
    #: fields' names.
    __clearance_names__ = frozenset()
    #: The field that holds the whole body when the body is a JSON array (``[{...}]``,
    #: SnelStart's bank-statement import): the server binds a list, not an object, so the
    #: engine checks ``{items: body}`` and reports locations in the list itself. ``None``:
    #: the body is an object.
    __clearance_items__ = None

    @classmethod
    def __clearance_bind__(cls, data: dict[Any, Any]) -> dict[Any, Any]:
        """The object as the server binds it, before any field is read: itself by default.

        A model whose server matches keys in any letter case (SnelStart) overrides this to
        spell the keys as the fields do. Cross checks still see the object as written.
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
