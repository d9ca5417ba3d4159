"""Extra velden (custom fields) of relaties and artikelen: ``PUT .../{id}/customFields``.

The body names fields by their ``name``; their definitions (type, ``MaxLength``,
``PossibleValues``) live on the server. An item may carry its definition as
``GET /relaties/{id}/customFields`` returns it (``{"name", "value", "definition"}``): the
server ignores the extra key, and clearance then judges the value (REF-0004 .. REF-0015).
A value Json.NET cannot bind is REF-0016. A relatie's body holds a list of klant and one
of leverancier fields; an artikel's body is the list itself (``[{"name", "value"}]``),
judged by the same codes [INF: the REF codes name no resource].
"""

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Annotated, Any

from clearance.catalog import Rule
from clearance.fields import to_decimal
from clearance.fields.dotnet import parse_datetime
from clearance.model import Violation
from clearance.report import Context
from clearance.specmodels import Overlay

from .common import EARLIEST, LATEST, TEXT, K, SnelstartBody, fold, fold_keys, list_of, spec

__all__ = ["OVERLAYS", "CustomFieldDefinition"]

BAD = K["REF-0016"].key
_LIST = list_of(BAD)

#: REF-0012's bounds, REF-0011's (double.MaxValue), REF-0007's (int32).
MONEY_LIMIT = Decimal(100_000_000_000)
FLOAT_LIMIT = Decimal("1.7976931348623157E+308")
INT32 = (-(2**31), 2**31 - 1)
MONEY_DECIMALS = 4


class CustomFieldBody(SnelstartBody):
    """Base of every object of a custom-fields body: what Json.NET cannot bind is REF-0016."""

    UNREADABLE = NOT_AN_OBJECT = BAD


class CustomFieldDefinition(CustomFieldBody):
    """The ``definition`` an item may carry (not in the specification: the GET answer's)."""

    name: Annotated[str, K.param(BAD, TEXT)]
    type: Annotated[str, K.param(BAD, TEXT)]
    properties: Annotated[list[Any] | None, _LIST] = None


def _property(definition: Mapping[str, Any], name: str) -> Any:
    """A definition property's value (``MaxLength``, ``PossibleValues``), any letter case."""
    properties = fold(CustomFieldDefinition, definition).get("properties")
    for item in properties if isinstance(properties, list) else []:
        if isinstance(item, Mapping):
            entry = {k.lower(): v for k, v in item.items() if isinstance(k, str)}
            if isinstance(entry.get("name"), str) and entry["name"].lower() == name.lower():
                return entry.get("value")
    return None


def _number(value: Any) -> Decimal | None:
    """A value as a JToken conversion reads a number: numbers, numeric text, booleans."""
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, dict | list):
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("+-") in {"NaN", "Infinity", "∞"}:
            return Decimal(0)
        return to_decimal(text.replace(",", "."))
    return to_decimal(value)


def _decimals(number: Decimal) -> int:
    """Digits after the point, trailing zeros not counted (1.10 has one)."""
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _text(value: Any, definition: Mapping[str, Any]) -> Rule | None:
    if not isinstance(value, str):
        return K["REF-0014"]
    limit = _number(_property(definition, "MaxLength"))
    return K["REF-0004"] if limit is not None and len(value) > limit else None


def _enum(value: Any, definition: Mapping[str, Any]) -> Rule | None:
    allowed = _property(definition, "PossibleValues")
    if not isinstance(allowed, list) or not allowed:
        return None
    names = {str(v).lower() for v in allowed if not isinstance(v, dict | list)}
    if isinstance(value, dict | list) or str(value).lower() not in names:
        return K["REF-0005"]
    return None


def _integer(value: Any, definition: Mapping[str, Any]) -> Rule | None:
    del definition
    number = _number(value)
    return K["REF-0007"] if number is None or not INT32[0] <= number <= INT32[1] else None


def _boolean(value: Any, definition: Mapping[str, Any]) -> Rule | None:
    del definition
    if isinstance(value, bool | int | float | Decimal):
        return None
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return None
    return K["REF-0009"]


def _money(value: Any, definition: Mapping[str, Any]) -> Rule | None:
    del definition
    number = _number(value)
    if number is None:
        return K["REF-0010"]
    if abs(number) > MONEY_LIMIT:
        return K["REF-0012"]
    return K["REF-0013"] if _decimals(number) > MONEY_DECIMALS else None


def _float(value: Any, definition: Mapping[str, Any]) -> Rule | None:
    del definition
    number = _number(value)
    return K["REF-0011"] if number is None or abs(number) > FLOAT_LIMIT else None


def _datetime(value: Any, definition: Mapping[str, Any]) -> Rule | None:
    del definition
    found = parse_datetime(value) if isinstance(value, str) else None
    if found is None:
        return K["REF-0008"]
    return K["REF-0015"] if not EARLIEST <= found <= LATEST else None


#: The judge of each definition type (ByteArray and unknown types: not judged).
JUDGES: dict[str, Callable[[Any, Mapping[str, Any]], Rule | None]] = {
    "text": _text,
    "enum": _enum,
    "integer": _integer,
    "boolean": _boolean,
    "money": _money,
    "float": _float,
    "datetime": _datetime,
}


class CustomField(CustomFieldBody):
    """One ``{name, value}`` item; with its ``definition`` the value is judged too."""

    @K.cross_check(
        "REF-0004", "REF-0005", "REF-0007", "REF-0008", "REF-0009", "REF-0010", "REF-0011",
        "REF-0012", "REF-0013", "REF-0014", "REF-0015",
    )  # fmt: skip
    def _value(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        data = fold(cls, data)
        definition, value = data.get("definition"), data.get("value")
        if not isinstance(definition, Mapping) or value is None:
            return
        kind = fold(CustomFieldDefinition, definition).get("type")
        judge = JUDGES.get(kind.strip().lower()) if isinstance(kind, str) else None
        rule = judge(value, definition) if judge is not None else None
        if rule is not None:
            yield Violation(rule, ("value",))


def _twice(items: Any, at: tuple[str | int, ...]) -> Iterator[Violation]:
    """REF-0003 for each item that names a field an earlier item of ``items`` named."""
    seen: set[str] = set()
    for n, item in enumerate(items if isinstance(items, list) else []):
        name = fold_keys(item, ("name",)).get("name") if isinstance(item, Mapping) else None
        if isinstance(name, str):
            if name in seen:
                yield Violation(K["REF-0003"], (*at, n, "name"))
            seen.add(name)


class RelatieCustomFields(CustomFieldBody):
    """Body of ``PUT /relaties/{id}/customFields``: a field may be named once per list."""

    @K.cross_check("REF-0003")
    def _once(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        data = fold(cls, data)
        for key in ("klantCustomFields", "leverancierCustomFields"):
            yield from _twice(data.get(key), (key,))


class ArtikelCustomFields(CustomFieldBody):
    """Body of ``PUT /artikelen/{id}/customFields`` (the list): a field may be named once."""

    @K.cross_check("REF-0003")
    def _once(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        yield from _twice(data.get("items"), ("items",))


_SOURCE = "https://b2bapi-developer.snelstart.nl/foutcodes-v2 (REF-*)"

OVERLAYS: dict[str, Overlay] = {
    spec("CustomFields.UpdatedCustomFieldModel"): Overlay(
        base=CustomField,
        fields={"definition": CustomFieldDefinition | None},
        source=_SOURCE,
    ),
    spec("CustomFields.RelatieUpdatedCustomFieldsModel"): Overlay(
        base=RelatieCustomFields, source=_SOURCE
    ),
    "SnelStart-B2B-Api-V2-Models-CustomFields-UpdatedCustomFieldModelArray": Overlay(
        base=ArtikelCustomFields, source=_SOURCE
    ),
}
