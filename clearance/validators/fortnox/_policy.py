"""How clearance reads Fortnox's OpenAPI description: a field's kind and code from its node.

The description (``clearance/specs/fortnox.json``, the vendor's July 2023 OpenAPI as
rebuilt from its generated PHP client) says what each field is. Read the Fortnox way:

* ``/3`` bodies are wrapped in their entity (``{"Customer": {...}}``: :class:`Wrapped`),
  and each entity knows its field names (2001399, :class:`~._common.Entity`);
* a number or integer is 2000108 and a boolean 2000134, whatever the field; a date is
  ``YYYY-MM-DD`` (``clearance:date-format``); an enumeration takes every value any schema
  lists under the field's name, in any letter case (the lists are stale per entity);
* free text (names, descriptions, addresses, comments, references: :data:`TEXT_NAMES`) is
  held to the formats page's character set (2000359), e-mail fields to e-mail syntax;
  other strings (codes and numbers of other records, URLs) are not judged;
* a ``maxLength``, ``minimum`` or ``maximum`` only warns (no source shows the server
  refusing a value for its length or size); a ``minLength`` is not read (the rebuild
  copied some from ``maxLength``, and an empty value means "not set"); bounds marked
  ``int32-max`` ("no limit" in Java) are left out;
* a create requires what its schema lists (``clearance:field-required``); a change
  requires nothing, at any depth (the rebuild repeats the create's lists on updates).

The warehouse, time and file-attachment services (``/api/...``) are camelCase JSON
services with undocumented answers: their wrong JSON types get clearance's own codes, and
neither field names nor required fields are judged (:class:`ServicePolicy`).
"""

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, ClassVar

from clearance.fields import number
from clearance.model import Body, Param
from clearance.specmodels import Models, Overlay, Policy, SpecNode
from clearance.specs import load
from clearance.validators.fortnox._common import (
    ANY,
    BOOL,
    BOOLEAN,
    DATE,
    ISO_DATE,
    NUMBER,
    TEXT,
    Entity,
    K,
    _plain_numbers_too,
    code,
    emails,
    enum,
    number_in,
    text,
    unset_passes,
)

__all__ = [
    "TEXT_NAMES",
    "FortnoxModels",
    "ServiceBody",
    "ServicePolicy",
    "V3Policy",
    "Wrapped",
    "enum_values",
]

#: Free-text fields: the names the hand-written models of customers, articles, documents
#: and supplier invoices hold to the formats page's character set, and the other schemas'
#: names, descriptions, notes and addresses. A name not listed here (a code, a number or
#: a reference to another record, a URL) is not judged by the character set.
TEXT_NAMES = frozenset(
    {
        "Address", "Address1", "Address2", "City", "Comment", "Comments", "ContactPerson",
        "Country", "CustomerName", "DeliveryAddress1", "DeliveryAddress2", "DeliveryCity",
        "DeliveryCountry", "DeliveryFax", "DeliveryName", "DeliveryPhone1", "DeliveryPhone2",
        "DeliveryZipCode", "Description", "DescriptionEnglish", "ExternalInvoiceReference1",
        "ExternalInvoiceReference2", "Fax", "FirstName", "FullName", "InvoiceRemark",
        "ItemDescription", "JobTitle", "LastName", "Manufacturer",
        "ManufacturerArticleNumber", "Name", "Note", "Notes", "OrganisationNumber",
        "OurReference", "Phone", "Phone1", "Phone2", "PostCode", "Remarks", "StockPlace",
        "TemplateName", "Text", "TransactionInformation", "VisitingAddress", "VisitingCity",
        "VisitingZipCode", "VoucherDescription", "WorkPlace", "YourOrderNumber",
        "YourReference", "ZipCode",
    }
)  # fmt: skip

#: Names of e-mail subjects and bodies: free text with ``{no}`` and ``{name}`` variables.
_NOT_ADDRESSES = frozenset({"EmailBody", "EmailSubject", "EmailInformation"})

#: Far outside any amount: the missing side of a one-sided range.
_FAR = Decimal("1E+15")


def _is_email(name: str) -> bool:
    """An e-mail address field (``Email``, ``EmailInvoiceCC``, ``EmailAddressTo``)."""
    return name.startswith("Email") and name not in _NOT_ADDRESSES


def _suspect(node: SpecNode, keyword: str) -> bool:
    """Whether the description's ``keyword`` on ``node`` is marked an artefact."""
    return keyword in node.get("suspect", {})


def _limit(node: SpecNode) -> int | None:
    """The ``maxLength`` worth a warning: not Java's "no limit"."""
    limit = node.get("maxLength")
    if limit is None or _suspect(node, "maxLength"):
        return None
    return int(limit)


def _range(node: SpecNode) -> tuple[str, str] | None:
    """``minimum``..``maximum`` worth a warning (one side may be open), or ``None``."""
    low, high = node.get("minimum"), node.get("maximum")
    if _suspect(node, "minimum"):
        low = None
    if _suspect(node, "maximum"):
        high = None
    if low is None and high is None:
        return None
    return (
        str(low) if low is not None else f"{-_FAR:f}",
        str(high) if high is not None else f"{_FAR:f}",
    )


def _nodes(node: SpecNode) -> Iterator[tuple[str, SpecNode]]:
    """Every named property below ``node`` (array items included)."""
    for name, prop in node.get("properties", {}).items():
        yield name, prop
        items = prop.get("items")
        if isinstance(items, Mapping):
            yield from _nodes(items)


@cache
def _enumerations() -> Mapping[str, tuple[tuple[str, ...], ...]]:
    """Per field name, the distinct lists the description's schemas give it."""
    found: dict[str, dict[tuple[str, ...], None]] = {}
    for schema in load("fortnox")["schemas"].values():
        for name, prop in _nodes(schema):
            values = prop.get("enum")
            if values:
                found.setdefault(name, {})[tuple(map(str, values))] = None
    return {name: tuple(lists) for name, lists in found.items()}


def enum_values(name: str, own: tuple[str, ...]) -> tuple[str, ...]:
    """``own`` and every value another schema lists for ``name`` in a list that shares one.

    The lists of one concept are stale copies of each other (house-work types, accrual
    periods) and share values; lists that share none (a customer's ``Type`` PRIVATE or
    COMPANY, an article's STOCK or SERVICE) are other concepts, kept apart.

    >>> "HVAC" in enum_values("HouseWorkType", ("CONSTRUCTION", "CLEANING"))
    True
    >>> enum_values("Type", ("PRIVATE", "COMPANY"))
    ('PRIVATE', 'COMPANY')
    """
    values = dict.fromkeys(own)
    mine = set(own)
    for listed in _enumerations().get(name, ()):
        if mine.intersection(listed):
            values.update(dict.fromkeys(listed))
    return tuple(values)


class Wrapped(Body):
    """A ``/3`` request body: the entity under its singular name (``{"Customer": {...}}``)."""

    #: The wrapper key; :meth:`Fortnox.prepare` also finds it in another letter case.
    WRAPPER: ClassVar[str] = ""


class V3Policy(Policy):
    """The ``/3`` API: wrapped entities, Fortnox's codes (see the module docstring)."""

    base: type[Body] = Entity
    nested_updates = True

    def __init__(self) -> None:
        """Params are made once per kind and bound (they are compared by identity)."""
        self._params: dict[tuple[Any, ...], Param] = {}

    def base_for(self, schema: str, node: SpecNode, *, wrapper: bool) -> type[Body]:
        """A wrapper, or an entity."""
        del schema, node
        return Wrapped if wrapper else Entity

    def wrapper(self, schema: str, node: SpecNode) -> bool:
        """``<Entity>Wrap``: one property, an object."""
        properties = node.get("properties", {})
        return (
            schema.endswith("Wrap")
            and len(properties) == 1
            and "ref" in next(iter(properties.values()))
        )

    def attrs(self, schema: str, node: SpecNode, *, update: bool) -> dict[str, Any]:
        """The wrapper key, or the fields a create requires."""
        if self.wrapper(schema, node):
            return {"WRAPPER": next(iter(node["properties"]))}
        return {"REQUIRED": tuple(node.get("required", ())), "UPDATE": update}

    def scalar(self, node: SpecNode, *, schema: str, name: str) -> Any:
        """The Param of one field, by its type, format, enumeration and name."""
        del schema
        return Annotated[Any, self._param(node, name)]

    def _param(self, node: SpecNode, name: str) -> Param:
        kind = node.get("type")
        if node.get("enum"):
            own = tuple(map(str, node["enum"]))
            return self._made(("enum", name, own), lambda: enum(*enum_values(name, own)))
        if kind == "boolean":
            return BOOL
        if kind in {"number", "integer"}:
            bounds = _range(node)
            if bounds is None:
                return NUMBER
            return self._made(("range", *bounds), lambda: number_in(*bounds))
        if kind == "string":
            return self._text(node, name)
        return ANY

    def _text(self, node: SpecNode, name: str) -> Param:
        """A string field: a date, e-mail addresses, free text, or a code (not judged)."""
        if node.get("format") == "date":
            return DATE
        limit = _limit(node)
        if _is_email(name):
            return self._made(("emails", limit), lambda: emails(limit))
        if limit is None:
            return TEXT if name in TEXT_NAMES else ANY
        if name in TEXT_NAMES:
            return self._made(("text", limit), lambda: text(limit))
        return self._made(("code", limit), lambda: code(limit))

    def _made(self, key: tuple[Any, ...], make: Callable[[], Param]) -> Param:
        """The Param of ``key``, made once."""
        param = self._params.get(key)
        if param is None:
            param = self._params[key] = make()
        return param


# -- the services outside /3 ------------------------------------------------------------


class ServiceBody(Body):
    """An object of the warehouse, time or file-attachment services: names not judged."""

    __clearance_object__ = "clearance:invalid-type"
    __clearance_body__ = "clearance:invalid-type"


_SERVICE_NUMBER = K.param(
    "clearance:service-value-not-numeric", _plain_numbers_too(unset_passes(number(comma=True)))
)
_SERVICE_BOOLEAN = K.param("clearance:service-value-not-boolean", unset_passes(BOOLEAN))
_SERVICE_DATE = K.param("clearance:date-format", unset_passes(ISO_DATE))


class ServicePolicy(V3Policy):
    """``/api/warehouse``, ``/api/time``, ``/api/fileattachments``: unwrapped, own codes."""

    base = ServiceBody
    nested_updates = True

    def base_for(self, schema: str, node: SpecNode, *, wrapper: bool) -> type[Body]:
        """Every object is a plain service object."""
        del schema, node, wrapper
        return ServiceBody

    def wrapper(self, schema: str, node: SpecNode) -> bool:
        """The services wrap nothing."""
        del schema, node
        return False

    def attrs(self, schema: str, node: SpecNode, *, update: bool) -> dict[str, Any]:
        """Nothing required: the description's lists read like those of the answers."""
        del schema, node, update
        return {}

    def array(self, item: Any, node: SpecNode, *, schema: str, name: str) -> Any:
        """A list, or clearance's own rule for a value that is no list."""
        del node, schema, name
        return Annotated[list[item] | None, K.listed("clearance:invalid-type")]

    def _param(self, node: SpecNode, name: str) -> Param:
        kind = node.get("type")
        if node.get("enum"):
            return super()._param(node, name)
        if kind == "boolean":
            return _SERVICE_BOOLEAN
        if kind in {"number", "integer"}:
            return self._number(node)
        if kind == "string" and node.get("format") == "date":
            return _SERVICE_DATE
        limit = _limit(node) if kind == "string" else None
        return ANY if limit is None else self._made(("code", limit), lambda: code(limit))

    def _number(self, node: SpecNode) -> Param:
        """A number (the services' own code), warned outside its range."""
        bounds = _range(node)
        if bounds is None:
            return _SERVICE_NUMBER
        steps = (_SERVICE_NUMBER.steps[0], number_in(*bounds).steps[1])
        return self._made(("service-range", *bounds), lambda: Param(steps, None))


class FortnoxModels(Models):
    """:class:`~clearance.specmodels.Models` over the description and the schemas it lacks.

    ``extra`` makes, from the description's schemas, the nodes written by hand where the
    description has none or a wrong one (each with its source, in :mod:`.others`); they
    are read as the description's own.
    """

    def __init__(
        self,
        policy: Policy,
        overlays: Mapping[str, Overlay],
        extra: Callable[[Mapping[str, SpecNode]], Mapping[str, SpecNode]],
    ) -> None:
        """Models of ``fortnox``, defined in ``clearance.validators.fortnox``."""
        super().__init__("fortnox", policy, overlays, "clearance.validators.fortnox")
        self._extra = extra

    @property
    def schemas(self) -> Mapping[str, SpecNode]:
        """The description's schemas, with the hand-written ones over them."""
        if self._schemas is None:
            schemas = load("fortnox")["schemas"]
            self._schemas = {**schemas, **self._extra(schemas)}
        return self._schemas
