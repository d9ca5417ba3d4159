"""Request models built from a specification's schemas, with what the documentation adds.

The specifications (``clearance/specs/<api>.json``) say what each field of every
operation is: its JSON type, format, enumeration, limits. They do not say what the
server refuses, which codes it answers, or which rules span fields. So a model is built
from two sources, in one way for every endpoint of an API:

* the schema, read field by field by the API's :class:`Policy` (which of its codes a
  number, a boolean, a date or an enumeration answers, which limits only warn, which
  constraints of the source are artefacts to ignore);
* an :class:`Overlay` per schema, written by hand next to its sources: fields whose
  check the documentation or recorded traffic settles otherwise, fields the
  specification lacks or the server does not take, the class with the schema's cross
  checks, its required fields.

Models are built when an endpoint is first checked (see
:class:`clearance.api.Endpoint`), each once, so that hundreds of operations cost nothing
until they are used.

A model is asked for by the *address* of its schema node (see :meth:`Models.node`): a
schema's name (``TaxRequest``); an object written inline in one, after ``#`` with its
property names separated by ``/`` (``TaxRequest#tax``, ``[]`` for an array's items); an
operation's JSON body by its endpoint id (``POST /documents/{id}/partial_payments.json``,
then ``#partial_payment`` for its inline object); and an operation's query parameters as
one object by its endpoint id and ``?`` (``GET /clients.json?``).
"""

from __future__ import annotations

import dataclasses
import keyword
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, cast

from pydantic import create_model

from clearance.model import Body, Param
from clearance.specs import load

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

__all__ = ["Models", "Overlay", "Policy", "SpecField", "SpecNode"]

#: A schema node of the derived data (see ``clearance/specs/README.md``).
SpecNode = Mapping[str, Any]

_NOT_A_NAME = re.compile(r"[^0-9A-Za-z_]+")
#: Keys of a derived parameter that are not its schema's.
_PARAMETER_KEYS = frozenset({"name", "required", "source_name"})


@dataclasses.dataclass(frozen=True)
class SpecField:
    """An overlay's field whose annotation is written from the specification's node.

    For facts the documentation adds to what the specification lists: an enumeration's
    values as the specification gives them, answered with a documented code, say.
    ``read`` takes the property's node (``{}`` if the specification lacks it).
    """

    read: Callable[[SpecNode], Any]


@dataclasses.dataclass(frozen=True)
class Overlay:
    """What the documentation and recordings say of one schema, over the specification.

    Attributes:
        fields: a field's annotation (``Annotated[Any, K.param(...)]``, a bare
            :class:`~clearance.model.Param` standing for that, a nested model, a
            :class:`SpecField`, or ``None`` to leave the field out: the server does not
            take it), replacing what the policy reads from the specification; a name the
            specification lacks adds a field.
        base: the class the model derives from (its cross checks), instead of the
            policy's base.
        attrs: class attributes of the model (a required-field list, read-only names).
        nested: per field, the schema its object (or each item of its array) is instead
            (an address, see :meth:`Models.node`: an inline object becomes a model only
            where an overlay names it here; otherwise it is declared, not judged).
        source: where the hand-written facts come from (for readers; not checked).
        title: the model's class name, where the one made of the address reads badly.
        schema: the specification's schema this overlay reads, when the overlay's own name
            is not one: a variant of a schema (an address under a relatie and under an
            order answer different codes), a model of its own.

    The fields ``base`` declares are its own: the specification's field of the same name
    is not read (in a change, they become optional like the rest).
    """

    fields: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    base: type[Body] | None = None
    attrs: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    nested: Mapping[str, str] = dataclasses.field(default_factory=dict)
    source: str = ""
    title: str = ""
    schema: str = ""


class Policy:
    """How one API reads its specification: subclass it and override what differs.

    The defaults read nothing as a rule: every scalar is declared, not judged; objects
    and arrays are checked for their JSON structure (the API's
    :class:`~clearance.api.Structure` rules).
    """

    #: The class every built model derives from, unless its overlay names another.
    base: type[Body] = Body
    #: Whether the objects nested in a change are changes too (``update=True`` all the way
    #: down): where the specification's ``required`` lists of a shared create schema are
    #: artefacts at every depth. By default nested objects are whole, as rows are sent.
    nested_updates: bool = False

    def base_for(self, schema: str, node: SpecNode, *, wrapper: bool) -> type[Body]:
        """The class the model of ``schema`` derives from (default: :attr:`base`)."""
        del schema, node, wrapper
        return self.base

    def scalar(self, node: SpecNode, *, schema: str, name: str) -> Any:
        """The annotation of a scalar field (``Annotated[Any, Param]``, or ``Any``)."""
        del node, schema, name
        return Any

    def wrapper(self, schema: str, node: SpecNode) -> bool:
        """Whether ``schema`` wraps one object under a required key (``{"Customer": {}}``)."""
        del schema, node
        return False

    def attrs(self, schema: str, node: SpecNode, *, update: bool) -> dict[str, Any]:
        """Class attributes of the model of ``schema`` (required fields, say)."""
        del schema, node, update
        return {}

    def array_item(self, node: SpecNode, *, schema: str, name: str) -> Any:
        """The annotation of an array's items that are not objects (default: any value)."""
        del node, schema, name
        return Any

    def array(self, item: Any, node: SpecNode, *, schema: str, name: str) -> Any:
        """The annotation of an array field whose items are ``item`` (default: a list or null).

        A value that is no array answers the API's :attr:`~clearance.api.Structure.list`
        rule; an API whose arrays answer a rule of their own returns
        ``Annotated[list[item] | None, K.listed(code)]``. ``item`` is the items' model,
        or :meth:`array_item` where they are not objects.
        """
        del node, schema, name
        return list[item] | None


class Models:
    """The models of one API's schemas: built on first use, each once.

    Args:
        api: the api id (its specification data is ``clearance.specs.load(api)``).
        policy: how the API reads a schema node.
        overlays: per schema name, what the documentation adds.
        module: the module the models are said to be defined in (their home, for
            readers and for pickling), e.g. ``clearance.validators.fortnox``.
        schemas: the schemas to read instead of the specification's (for tests).
        operations: the operations to read instead of the specification's (for tests).

    Every built model lists the names of its schema's fields in ``__clearance_names__``
    (a field no model attribute can hold, ``@url``, included): a check of unknown keys
    reads it, never the model's fields alone. Its class attributes (the policy's and the
    overlay's ``attrs``) are set as it is created, so the base's ``__init_subclass__``
    sees them.

    A schema that is an array of objects (a body sent as ``[{...}, ...]``) is the model
    of one field, ``items``, holding the list; ``__clearance_items__`` names it (see
    :attr:`clearance.model.Body.__clearance_items__`). An operation's query or path
    parameters are a model too (:meth:`parameters`).
    """

    def __init__(
        self,
        api: str,
        policy: Policy,
        overlays: Mapping[str, Overlay],
        module: str,
        *,
        schemas: Mapping[str, SpecNode] | None = None,
        operations: Mapping[str, SpecNode] | None = None,
    ) -> None:
        """Prepare; nothing is read until a model is asked for."""
        self.api = api
        self.policy = policy
        self.overlays = overlays
        self.module = module
        self._schemas = schemas
        self._operations = operations
        self._built: dict[tuple[str, bool], type[Body]] = {}

    @property
    def schemas(self) -> Mapping[str, SpecNode]:
        """The specification's schemas, by name."""
        if self._schemas is None:
            self._schemas = load(self.api)["schemas"]
        return self._schemas

    @property
    def operations(self) -> Mapping[str, SpecNode]:
        """The specification's operations, by endpoint id."""
        if self._operations is None:
            self._operations = load(self.api)["operations"]
        return self._operations

    def node(self, address: str) -> SpecNode | None:
        """The schema node at ``address`` (see the module's docstring), or ``None``.

        A reference met on the way (or at the end) is followed.
        """
        root, _, path = address.partition("#")
        node: SpecNode | None
        if root.endswith("?"):
            operation = self.operations.get(root[:-1])
            node = None if operation is None else _query_node(operation)
        elif " " in root:
            operation = self.operations.get(root)
            node = None if operation is None else _json_body(operation)
        else:
            node = self.schemas.get(root)
        node = self._followed(node)
        for step in path.split("/") if path else ():
            if node is None:
                break
            node = node.get("items") if step == "[]" else node.get("properties", {}).get(step)
            node = self._followed(node)
        return node

    def _followed(self, node: SpecNode | None) -> SpecNode | None:
        """``node``, or the schema its reference names (a chain of them followed)."""
        seen: set[str] = set()
        while node is not None and "ref" in node and node["ref"] not in seen:
            seen.add(node["ref"])
            node = self.schemas.get(node["ref"])
        return node

    def model(self, schema: str, *, update: bool = False) -> type[Body]:
        """The model of ``schema`` (``update``: every field optional, as in a change)."""
        key = (schema, update)
        built = self._built.get(key)
        if built is None:
            built = self._build(schema, update=update)
            self._built[key] = built
        return built

    def lazy(self, schema: str, *, update: bool = False) -> Callable[[], type[Body]]:
        """A function that builds the model when called (for an endpoint table)."""
        return lambda: self.model(schema, update=update)

    def parameters(self, operation: str, where: str = "query") -> type[Body]:
        """The model of an operation's ``query`` (or ``path``) parameters, by its endpoint id.

        Read as a schema named ``"<where> <operation>"`` (``"query GET /artikelen"``, the
        key of its overlay): each parameter a property, those the specification requires
        in its ``required`` list.
        """
        name = f"{where} {operation}"
        built = self._built.get((name, False))
        if built is None:
            found = self.operations[operation].get("path_params" if where == "path" else where)
            node = _parameters_node(found or ())
            built = self._built[(name, False)] = self._build(name, update=False, node=node)
        return built

    def _build(self, schema: str, *, update: bool, node: SpecNode | None = None) -> type[Body]:
        overlay = self.overlays.get(schema, Overlay())
        if node is None:
            node = self.node(overlay.schema or schema)
            if node is None and schema not in self.overlays:
                raise KeyError(f"{self.api}: no schema {schema!r} in the specification")
        node, overlay = _as_object(node or {"type": "object", "properties": {}}, overlay)
        properties: Mapping[str, SpecNode] = node.get("properties", {})
        wrapper = self.policy.wrapper(schema, node)
        own = overlay.base.model_fields if overlay.base is not None else {}
        fields = self._fields(schema, properties, overlay, own, update=update, wrapper=wrapper)
        if update:  # the base's own fields: optional in a change, as the rest
            fields |= {name: f for name, f in self._changed(own).items() if name not in fields}
        names = {*properties, *overlay.fields, *own} - {
            name for name, annotation in overlay.fields.items() if annotation is None
        }
        attrs = {**self.policy.attrs(schema, node, update=update), **overlay.attrs}
        base = overlay.base or self.policy.base_for(schema, node, wrapper=wrapper)
        title = (overlay.title or _title(schema)) + ("Update" if update else "")
        # Class attributes as class variables: set before the base's __init_subclass__ runs.
        variables: dict[str, Any] = {attr: (ClassVar[Any], v) for attr, v in attrs.items()}
        built = create_model(
            title,
            __base__=base,
            __module__=self.module,
            __doc__=f"The {schema} object of the {self.api} specification"
            + (", every field optional (a change)." if update else "."),
            **fields,
            **variables,
        )
        model = cast("type[Body]", built)
        model.__clearance_names__ = frozenset(names)
        return model

    def _fields(
        self,
        schema: str,
        properties: Mapping[str, SpecNode],
        overlay: Overlay,
        own: Mapping[str, FieldInfo],
        *,
        update: bool,
        wrapper: bool,
    ) -> dict[str, Any]:
        """The ``create_model`` fields of a schema's properties and its overlay's."""
        nested_update = update and self.policy.nested_updates
        fields: dict[str, Any] = {}
        for name, prop in properties.items():
            if name in overlay.fields:  # the overlay's, where the specification has it
                self._overlaid(fields, overlay, name, prop, update=update)
                continue
            # The base's own, or a name no model field can hold (``@url``: the policy's
            # base judges it).
            if name in own or not _usable(name):
                continue
            target = overlay.nested.get(name)
            if wrapper:  # the wrapped entity: required, never null, a change where this is
                ref = target or prop.get("ref")
                if ref is None:
                    raise TypeError(f"{self.api}: wrapper {schema} holds no object at {name}")
                fields[name] = (self.model(ref, update=update), ...)
                continue
            annotation = self._annotation(
                prop, schema=schema, name=name, nested=target, update=nested_update
            )
            fields[name] = self._field(annotation, required=False, update=update)
        for name in overlay.fields:
            if name not in properties:  # what the specification lacks, after what it has
                self._overlaid(fields, overlay, name, {}, update=update)
        return fields

    def _overlaid(
        self, fields: dict[str, Any], overlay: Overlay, name: str, node: SpecNode, *, update: bool
    ) -> None:
        """Add the overlay's field ``name`` (``None``: left out; a :class:`SpecField`: read)."""
        declared = overlay.fields[name]
        if isinstance(declared, SpecField):
            declared = declared.read(node)
        if declared is not None:
            fields[name] = self._field(_declared(declared), required=False, update=update)

    def _changed(self, own: Mapping[str, FieldInfo]) -> dict[str, tuple[Any, Any]]:
        """A base's own fields, each optional (for a change)."""
        fields: dict[str, tuple[Any, Any]] = {}
        for name, info in own.items():
            kept: Any = info.annotation
            if info.metadata:
                kept = Annotated[(info.annotation, *info.metadata)]
            fields[name] = self._field(kept, required=False, update=True)
        return fields

    def _annotation(
        self, node: SpecNode, *, schema: str, name: str, nested: str | None, update: bool = False
    ) -> Any:
        """The annotation of one property (``update``: nested objects are changes)."""
        ref = nested or node.get("ref")
        if ref is not None and node.get("type") != "array":
            return self.model_ref(ref, update=update) | None
        if node.get("type") == "array":
            items: SpecNode = node.get("items") or {}
            item_ref = nested or items.get("ref")
            item: Any
            if item_ref is not None:
                item = self.model_ref(item_ref, update=update)
            else:
                item = self.policy.array_item(items, schema=schema, name=name)
            return self.policy.array(item, node, schema=schema, name=name)
        if node.get("type") == "object" and node.get("properties"):
            return Any  # an inline object without a name: declared, not judged
        return self.policy.scalar(node, schema=schema, name=name)

    def model_ref(self, schema: str, *, update: bool = False) -> type[Body]:
        """The model of a nested object: whole unless the policy nests changes in a change.

        Rows are sent whole; see :attr:`Policy.nested_updates`.
        """
        return self.model(schema, update=update)

    @staticmethod
    def _field(annotation: Any, *, required: bool, update: bool) -> tuple[Any, Any]:
        """A ``create_model`` field: the annotation and its default."""
        if update:
            annotation = _optional(annotation)
        if required and not update:
            return (annotation, ...)
        return (annotation, None)


def _json_body(operation: SpecNode) -> SpecNode | None:
    """An operation's JSON body schema (``application/json``, else its first with a schema)."""
    media: Mapping[str, SpecNode | None] = operation.get("body", {}).get("media", {})
    found = media.get("application/json")
    return found if found is not None else next((m for m in media.values() if m), None)


def _query_node(operation: SpecNode) -> SpecNode:
    """An operation's query parameters as one object node (its ``required`` list kept)."""
    return _parameters_node(operation.get("query", ()))


def _parameters_node(parameters: Iterable[SpecNode]) -> SpecNode:
    """Parameters as one object node: each a property, its ``required`` list kept.

    A name written ``a[]`` is read as ``a``, as :func:`clearance.check_request` reads a
    query string (``a[]=1&a[]=2`` is the list ``a``).
    """
    properties: dict[str, SpecNode] = {}
    required: list[str] = []
    for parameter in parameters:
        name = parameter["name"].removesuffix("[]")
        properties[name] = {
            key: value for key, value in parameter.items() if key not in _PARAMETER_KEYS
        }
        if parameter.get("required"):
            required.append(name)
    node: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        node["required"] = required
    return node


def _usable(name: str) -> bool:
    """Whether ``name`` can be a model field: a Python name pydantic takes as one."""
    return (
        name.isidentifier()
        and not keyword.iskeyword(name)
        and not name.startswith(("_", "model_"))
        and not hasattr(Body, name)
    )


def _optional(annotation: Any) -> Any:
    """``annotation`` with its Param's not-set code dropped (a change sends what changes)."""
    metadata = getattr(annotation, "__metadata__", None)
    if not metadata:
        return annotation
    changed = [m.optional() if isinstance(m, Param) else m for m in metadata]
    return Annotated[(annotation.__origin__, *changed)]


def _declared(annotation: Any) -> Any:
    """An overlay's field: a bare Param stands for ``Annotated[Any, param]``."""
    return Annotated[Any, annotation] if isinstance(annotation, Param) else annotation


def _as_object(node: SpecNode, overlay: Overlay) -> tuple[SpecNode, Overlay]:
    """A schema that is an array as an object of one field, ``items``, that holds it."""
    if node.get("type") != "array":
        return node, overlay
    attrs = {"__clearance_items__": "items", **overlay.attrs}
    return (
        {"type": "object", "properties": {"items": node}},
        dataclasses.replace(overlay, attrs=attrs),
    )


def _title(schema: str) -> str:
    """A model's class name: a dotted schema name's last part (``...Relaties.AdresModel``)."""
    if " " not in schema:
        schema = re.split(r"[.-]", schema)[-1]
    return _NOT_A_NAME.sub("_", schema).strip("_")
