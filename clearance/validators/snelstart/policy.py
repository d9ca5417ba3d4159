"""How clearance reads SnelStart's OpenAPI export: every field as Json.NET binds it.

Each property of a schema becomes a field whose value must bind to its .NET type (text,
an ``int`` or ``long``, a ``decimal`` or ``double``, a ``bool``, a ``DateTime``, a
``Guid``, a ``byte[]`` as base64, an enum by name or number); a value that cannot is the
type-error code of the model's family (:attr:`SnelstartBody.UNREADABLE`: REL-0066 on a
relatie, REF-0016 on custom fields, ``clearance:invalid-type`` elsewhere) and, for a
``Guid`` outside relaties, ALG-0103. A ``maxLength``, ``minimum`` or ``maximum`` the
specification states with no documented code behind it warns and never refuses
(``clearance:longer-than-specified``, ``clearance:outside-specified-range``): whether the
server refuses such a value is documented nowhere. A constraint the data marks
``suspect`` is not read at all.

What the documentation settles otherwise is written by hand, per schema, in the
:class:`~clearance.specmodels.Overlay` of each resource module.
"""

import dataclasses
from collections.abc import Mapping
from typing import Annotated, Any

from clearance.fields.dotnet import base64_size, enum_name, int64
from clearance.model import Body
from clearance.specmodels import Overlay, Policy, SpecNode

from .common import (
    BOOL,
    DATETIME,
    DECIMAL,
    DOUBLE,
    GUID,
    INT,
    INVALID,
    TEXT,
    K,
    SnelstartBody,
    spec_length,
    spec_range,
)
from .odata import Query

__all__ = ["SnelstartPolicy"]

_INT64 = int64()
_BASE64 = base64_size()
#: A whole number in a URL: text, which Int32.Parse reads (``"1.0"`` is no int there).
_QUERY_INT = dataclasses.replace(INT, traits=dataclasses.replace(INT.traits, floats=False))


def _controller(operation: str) -> str:
    """The ASP.NET controller of an operation: its path's first segment, capitalised."""
    segment = operation.rsplit(" ", 1)[-1].strip("/").split("/", 1)[0]
    return segment[:1].upper() + segment[1:]


def _text(node: SpecNode, code: str) -> list[Any]:
    """A .NET string, ``Guid``, ``DateTime`` or ``byte[]``; a longer text than it says warns."""
    form = node.get("format")
    if form == "uuid":
        steps: list[Any] = ["ALG-0103" if code == INVALID else code, GUID]
    elif form == "date-time":
        steps = [code, DATETIME]
    elif form == "byte":
        steps = [code, _BASE64]
    else:
        steps = [code, TEXT]
    if "maxLength" in node and "maxLength" not in node.get("suspect", {}):
        steps += ["clearance:longer-than-specified", spec_length(node["maxLength"])]
    return steps


def _number(node: SpecNode, code: str, *, query: bool) -> list[Any]:
    """A .NET ``int``, ``long``, ``decimal`` or ``double``; outside its range it warns."""
    form = node.get("format")
    steps: list[Any]
    if node.get("type") == "integer":
        steps = [code, _INT64 if form == "int64" else (_QUERY_INT if query else INT)]
    else:
        steps = [code, DECIMAL if form == "decimal" else DOUBLE]
    low, high = node.get("minimum"), node.get("maximum")
    if (
        low is not None
        and high is not None
        and not {"minimum", "maximum"} & set(node.get("suspect", {}))
    ):
        steps += ["clearance:outside-specified-range", spec_range(low, high)]
    return steps


class SnelstartPolicy(Policy):
    """The reading of SnelStart's schemas; ``overlays`` name each model's base (its codes)."""

    base = SnelstartBody

    def __init__(self, overlays: Mapping[str, Overlay]) -> None:
        """Read the type-error code of each schema from the base its overlay names."""
        self._overlays = overlays

    def _unreadable(self, schema: str) -> str:
        overlay = self._overlays.get(schema)
        base = overlay.base if overlay is not None else None
        if base is not None and issubclass(base, SnelstartBody):
            return base.UNREADABLE
        return INVALID

    def scalar(self, node: SpecNode, *, schema: str, name: str) -> Any:
        """A field that must bind to the .NET type the node describes; its limits warn."""
        del name
        code = self._unreadable(schema)
        kind = node.get("type")
        steps: list[Any]
        if "enum" in node:
            steps = [code, enum_name(node["enum"])]
        elif kind == "string":
            steps = _text(node, code)
        elif kind in {"integer", "number"}:
            steps = _number(node, code, query=schema.startswith("query "))
        elif kind == "boolean":
            steps = [code, BOOL]
        else:
            return Any  # an object without properties (a custom field's value): not judged
        return Annotated[Any, K.param(*steps)]

    def base_for(self, schema: str, node: SpecNode, *, wrapper: bool) -> type[Body]:
        """A query's model reads its required parameters as the action selection does."""
        del node, wrapper
        return Query if schema.startswith("query ") else SnelstartBody

    def array(self, item: Any, node: SpecNode, *, schema: str, name: str) -> Any:
        """A JSON array; Json.NET binds a null item as null, so items may be null."""
        del node, name
        return Annotated[list[item | None] | None, K.listed(self._unreadable(schema))]

    def attrs(self, schema: str, node: SpecNode, *, update: bool) -> dict[str, Any]:
        """A query's required parameters (and its controller, which the answer names)."""
        del update
        if not schema.startswith("query "):
            return {}
        required = tuple(node.get("required", ()))
        return {"REQUIRED": required, "CONTROLLER": _controller(schema)} if required else {}
