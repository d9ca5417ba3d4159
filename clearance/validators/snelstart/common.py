"""What every SnelStart request model shares: binding as Json.NET binds, references, codes.

SnelStart's API is ASP.NET Web API with Json.NET: property names match in any letter
case (``Naam`` binds to ``naam``), unknown properties are ignored, numbers may come as
numeric strings, and a value that cannot be bound is a model-binding error. Each resource
answers such an error with its own code (relaties REL-0066, custom fields REF-0016); the
others have none documented (``clearance:invalid-type``), except that an id that is not
a GUID is ALG-0103.
"""

import dataclasses
from collections.abc import Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import GetJsonSchemaHandler
from pydantic_core import core_schema

from clearance.catalog import load_catalog
from clearance.fields import Check, Inline, Invalid, any_case, text
from clearance.fields.dotnet import (
    EMPTY_GUID,
    datetime_between,
    datetime_value,
    decimal_number,
    double,
    guid,
    int32,
    json_boolean,
    json_text,
    parse_guid,
)
from clearance.fields.shapes import between
from clearance.model import Body, Codes, Listed, Param, Violation
from clearance.report import Context

__all__ = [
    "BOOL",
    "DATETIME",
    "DECIMAL",
    "DOUBLE",
    "EARLIEST",
    "GUID",
    "INT",
    "INVALID",
    "IN_RANGE",
    "LATEST",
    "TEXT",
    "K",
    "Ref",
    "SnelstartBody",
    "fold",
    "fold_keys",
    "guid_or_none",
    "is_empty_id",
    "limited",
    "list_of",
    "listed",
    "number_of",
    "spec",
    "spec_length",
    "spec_range",
    "url_id",
    "when_set",
]

K = Codes(load_catalog("snelstart"))


def spec(name: str) -> str:
    """A schema's name in the OpenAPI export: ``spec("Relaties.AdresModel")``."""
    return f"SnelStart.B2B.Api.V2.Models.{name}"


#: The type-error code of resources that document none.
INVALID = K["clearance:invalid-type"].key

#: Date-times the API stores (REF-0015): 1899-12-30 .. 2401-01-01, both days included.
EARLIEST = datetime(1899, 12, 30)  # noqa: DTZ001 - naive, as the server stores them
LATEST = datetime(2401, 1, 1, 23, 59, 59, 999999)  # noqa: DTZ001

# The shortcuts the fast path inlines (see clearance.fields.Inline), read off the checks in
# clearance.fields.dotnet: a string is text; an int within 32 bits is an int32 as it is; a
# JSON int, finite float or finite Decimal is a number (a decimal: within its range); a
# bool is a bool.
_FINITE = "(type({v}) is float and {v} - {v} == 0) or (type({v}) is {Decimal} and {v}.is_finite())"
TEXT = dataclasses.replace(json_text(), inline=Inline("type({v}) is str", same=True))
INT = dataclasses.replace(
    int32(), inline=Inline(f"type({{v}}) is int and {-(2**31)} <= {{v}} <= {2**31 - 1}", same=True)
)
DECIMAL = dataclasses.replace(
    decimal_number(),
    inline=Inline(
        f"(type({{v}}) is int or {_FINITE}) and {{least}} <= {{v}} <= {{most}}",
        # Both bounds exact: ``-Decimal(...)`` would round to the context's 28 digits.
        {"Decimal": Decimal, "least": -(2**96 - 1), "most": 2**96 - 1},
    ),
)
DOUBLE = dataclasses.replace(
    double(), inline=Inline(f"type({{v}}) is int or {_FINITE}", {"Decimal": Decimal})
)
BOOL = dataclasses.replace(json_boolean(), inline=Inline("type({v}) is bool", same=True))
GUID = guid()
DATETIME = datetime_value()
IN_RANGE = datetime_between(EARLIEST, LATEST)


#: Per model: its field names by their lower case, and the names ``fold`` keeps as they
#: are (all of them, unless two differ only in case).
_NAMES: dict[type[Body], tuple[dict[str, str], frozenset[str]]] = {}


def _names(model: type[Body]) -> tuple[dict[str, str], frozenset[str]]:
    try:
        return _NAMES[model]
    except KeyError:
        fields = model.model_fields
        names = {name.lower(): name for name in fields}
        kept = frozenset(fields) if len(names) == len(fields) else frozenset()
        _NAMES[model] = names, kept
        return names, kept


def fold(model: type[Body] | Body, data: Mapping[Any, Any]) -> dict[Any, Any]:
    """``data`` with its keys spelled as ``model`` names its fields (Json.NET ignores case).

    When two keys differ only in case, the later one wins, as it does in Json.NET.
    (``model`` is a class; cross checks, whose ``cls`` type checkers read as an instance,
    pass it too.) A ``dict`` whose keys are all field names already comes back as it is.
    """
    try:
        names, kept = _NAMES[model]  # type: ignore[index]
    except (KeyError, TypeError):
        names, kept = _names(model if isinstance(model, type) else type(model))
    if type(data) is dict and (kept.issuperset(data) or _unchanged(names, kept, data)):
        return data
    return _folded(names, data)


def fold_keys(data: Mapping[Any, Any], names: tuple[str, ...]) -> dict[Any, Any]:
    """``data`` with the keys that spell one of ``names`` in any case spelled as ``names`` do.

    For cross checks that read an object nested in theirs (a btw regel, a reference).
    """
    return _folded({name.lower(): name for name in names}, data)


def _unchanged(names: dict[str, str], kept: frozenset[str], data: dict[Any, Any]) -> bool:
    """Whether folding leaves every key of ``data`` as it is (unknown keys stay unknown)."""
    for key in data:
        if key not in kept and isinstance(key, str) and key.lower() in names:
            return False  # it would be spelled as a field name (or the model is ambiguous)
    return True


def _folded(names: dict[str, str], data: Mapping[Any, Any]) -> dict[Any, Any]:
    folded: dict[Any, Any] = {}
    for key, value in data.items():
        folded[names.get(key.lower(), key) if isinstance(key, str) else key] = value
    return folded


def _present(name: str) -> dict[str, Any]:
    """JSON Schema: some key that spells ``name`` in any letter case holds a value (not null).

    ``patternProperties`` holds when every such key is null, and also when there is none:
    its negation asks for one that is set. (Json.NET takes the last of several spellings;
    the schema takes any, never refusing what the server binds.)
    """
    pattern = any_case([name])["anyOf"][1]["pattern"]
    return {"not": {"patternProperties": {pattern: {"type": "null"}}}}


class SnelstartBody(Body):
    """Base of every SnelStart body model (and of the objects nested in one).

    ``UNREADABLE`` is the code for a value Json.NET cannot bind here (a JSON array where an
    object belongs, a body that is not JSON); ``REQUIRED`` lists fields the OpenAPI
    description marks required that no documented code covers (``clearance:required``).
    """

    UNREADABLE: ClassVar[str] = INVALID
    #: The code for a whole body that is not a JSON object (or not JSON at all): ASP.NET's
    #: formatter then binds no data at all, which the generic check calls empty.
    NOT_AN_OBJECT: ClassVar[str] = K["ALG-0106"].key
    REQUIRED: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Name the structure codes; leave out :meth:`_required` where it would find nothing."""
        super().__init_subclass__(**kwargs)
        cls.__clearance_object__ = cls.UNREADABLE
        cls.__clearance_body__ = cls.NOT_AN_OBJECT
        if not cls.REQUIRED:
            cls.__clearance_checks__ = tuple(
                n for n in cls.__clearance_checks__ if n != "_required"
            )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        """As :class:`Body`'s, but a required field may be sent in any letter case.

        Json.NET binds ``Naam`` to ``naam``, so ``required`` (exact names) would refuse a
        payload the server takes: each required name becomes a clause of ``allOf`` that any
        spelling of the key satisfies. ``properties`` keep the documented names, for editors.
        """
        result: dict[str, Any] = super().__get_pydantic_json_schema__(schema, handler)
        target = handler.resolve_ref_schema(result)
        required = target.pop("required", ())
        if required:
            target["allOf"] = [*target.get("allOf", ()), *(_present(name) for name in required)]
        return result

    @classmethod
    def __clearance_bind__(cls, data: dict[Any, Any]) -> dict[Any, Any]:
        """The object as Json.NET binds it: its keys spelled as the fields are.

        :func:`fold`, written out: this runs once for every object of every payload.
        """
        try:
            names, kept = _NAMES[cls]
        except KeyError:
            names, kept = _names(cls)
        if kept.issuperset(data) or _unchanged(names, kept, data):
            return data
        return _folded(names, data)

    @K.cross_check("clearance:required")
    def _required(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        data = fold(cls, data)
        for name in cls.REQUIRED:
            if data.get(name) is None:
                yield Violation(K["clearance:required"], (name,), {"field": name})


def list_of(code: str) -> Listed:
    """A list field's metadata: a value that is not a JSON array is ``code``."""
    return K.listed(code)


#: A list field of a resource without a type-error code of its own.
listed = list_of(INVALID)


class Ref(SnelstartBody):
    """A reference ``{"id": <guid>, "uri": "..."}`` (``uri`` is read-only)."""

    id: Annotated[str, K.param("ALG-0103", GUID)]
    uri: Annotated[str, K.param(INVALID, TEXT)]


def is_empty_id(value: Any) -> bool:
    """Whether an id is 'empty': absent, null, ``""`` or ``Guid.Empty`` (the .NET default)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    return parse_guid(value) == EMPTY_GUID


def url_id(context: Context | None) -> str | None:
    """The ``{id}`` of the URL as a canonical GUID, when the caller gave one."""
    params = context.path_params if context is not None else None
    if not params:
        return None
    return parse_guid(params.get("id"))


#: The largest .NET decimal, as an int (exact).
_DECIMAL_LIMIT = 2**96 - 1


def number_of(value: Any) -> Any:
    """A number as the server reads it (``None`` when it is not one): for cross checks."""
    if type(value) is int:  # what the decimal check below makes of an int
        return Decimal(value) if -_DECIMAL_LIMIT <= value <= _DECIMAL_LIMIT else None
    try:
        return DECIMAL.fn(value) if value is not None else None
    except Exception:  # noqa: BLE001 - a value the field check reports already
        return None


def guid_or_none(value: Any) -> str | None:
    """The canonical GUID of ``value``, or ``None`` (the field check reports bad ones)."""
    return parse_guid(value)


def when_set(check: Check) -> Check:
    """``check``, skipped for ``None`` (an empty string an earlier step read as not set)."""
    inline = check.inline
    if inline is not None:
        inline = dataclasses.replace(inline, test=f"{{v}} is None or ({inline.test})")
    # The same check to clearance.testing (name, traits, examples), with the new verdict.
    return dataclasses.replace(
        check,
        fn=lambda value: value if value is None else check.fn(value),
        inline=inline,
    )


def limited(code: str, maximum: int, type_code: str = INVALID) -> Param:
    """Text of at most ``maximum`` characters: ``code`` when longer, ``type_code`` for objects."""
    return K.param(type_code, TEXT, code, text(max_length=maximum))


# -- limits the specification states and no document gives a code: warnings ----------------


def spec_length(maximum: int) -> Check:
    """Text longer than the specification's ``maxLength`` (for a warning: never refused).

    ASP.NET's ``[StringLength]`` puts such a value in the model state; whether SnelStart
    then refuses it, cuts it or stores it is documented nowhere, so the rule that binds
    this check warns. Its schema says nothing: an editor must not flag what passes.
    """
    measured = text(max_length=maximum)

    def check(value: Any) -> Any:
        try:
            return measured.fn(value)
        except Invalid as exc:
            raise Invalid(str(exc), maximum=maximum) from None

    return dataclasses.replace(measured, name="spec_length", fn=check, schema={})


def spec_range(lowest: int, highest: int) -> Check:
    """A number outside the specification's ``minimum``..``maximum`` (for a warning).

    Run after :data:`INT`, which reads the number (a JSON number is rounded to a whole one).
    """
    bounded = between(lowest, highest, rounded=True)
    return dataclasses.replace(bounded, name="spec_range", schema={})
