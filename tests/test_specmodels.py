"""Models built from specification schemas, with hand-written overlays on top."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

import pytest
from pydantic import create_model

import clearance
from clearance.api import Endpoint
from clearance.apis import get_api
from clearance.compiler import validator
from clearance.model import Body, Violation
from clearance.specmodels import Models, Overlay, Policy, SpecField
from clearance.validators.fortnox._common import BOOL, NUMBER, TEXT, K

API = get_api("fortnox")

SCHEMAS: dict[str, Any] = {
    "ThingWrap": {"type": "object", "properties": {"Thing": {"ref": "Thing"}}},
    "Thing": {
        "type": "object",
        "required": ["Name"],
        "properties": {
            "@url": {"type": "string"},
            "Name": {"type": "string", "maxLength": 50},
            "Price": {"type": "number"},
            "Active": {"type": "boolean"},
            "Legacy": {"type": "string"},
            "Rows": {"type": "array", "items": {"ref": "Row"}},
            "Tags": {"type": "array", "items": {"type": "string"}},
            "Owner": {"ref": "Owner"},
        },
    },
    "Row": {"type": "object", "properties": {"Quantity": {"type": "number"}}},
    "Owner": {"type": "object", "properties": {"Name": {"type": "string"}}},
}


class _Policy(Policy):
    def scalar(self, node: Any, *, schema: str, name: str) -> Any:
        del schema, name
        kind = node.get("type")
        if kind == "string":
            return Annotated[Any, TEXT]
        if kind == "number":
            return Annotated[Any, NUMBER]
        if kind == "boolean":
            return Annotated[Any, BOOL]
        return Any

    def wrapper(self, schema: str, node: Any) -> bool:
        del node
        return schema.endswith("Wrap")


class _NoFree(Body):
    """A base with a cross check: the row quantity may not be 13 (for the test's sake)."""

    @K.cross_check("2000108")
    def _not_thirteen(cls, data: Any, context: Any) -> tuple[Violation, ...]:
        del context
        if data.get("Quantity") == 13:
            return (Violation(K["2000108"], ("Quantity",)),)
        return ()


OVERLAYS = {
    "Thing": Overlay(
        fields={"Legacy": None, "Extra": Annotated[Any, K.param("2000134", BOOL.steps[0][1])]},
        attrs={"REQUIRED": ("Name",)},
        source="a test",
    ),
    "Row": Overlay(base=_NoFree),
}


def _models() -> Models:
    return Models("fortnox", _Policy(), OVERLAYS, __name__, schemas=SCHEMAS)


def _errors(model: type[Body], data: dict[str, Any]) -> list[tuple[str | None, str]]:
    """The findings in document order: (pointer, code)."""
    errors: list[Any] = []
    validator(model, API)(data, None, (), errors)
    return [(finding.pointer, finding.code) for finding in API.findings(errors, data)]


def test_fields_come_from_the_schema_read_by_the_policy() -> None:
    wrap = _models().model("ThingWrap")
    thing = wrap.model_fields["Thing"].annotation
    assert set(thing.model_fields) == {"Name", "Price", "Active", "Rows", "Tags", "Owner", "Extra"}
    assert thing.__clearance_names__ == {
        "@url", "Name", "Price", "Active", "Rows", "Tags", "Owner", "Extra"
    }  # fmt: skip
    assert thing.REQUIRED == ("Name",)
    payload = {
        "Thing": {
            "Name": 'Skruv 3"',
            "Price": "x",
            "Active": "ja",
            "Legacy": "anything",  # left out by the overlay: not judged here
            "Extra": "nej",
            "Rows": [{"Quantity": "y"}, {"Quantity": 13}, "row"],
            "Tags": "not a list",
            "Owner": [],
        }
    }
    assert _errors(wrap, payload) == [
        ("/Thing/Name", "2000359"),
        ("/Thing/Price", "2000108"),
        ("/Thing/Active", "2000134"),
        ("/Thing/Extra", "2000134"),
        ("/Thing/Rows/0/Quantity", "2000108"),
        ("/Thing/Rows/1/Quantity", "2000108"),
        ("/Thing/Rows/2", "2001392"),
        ("/Thing/Tags", "2001392"),
        ("/Thing/Owner", "2001392"),
    ]


def test_a_wrapper_is_required_and_never_null() -> None:
    wrap = _models().model("ThingWrap")
    assert _errors(wrap, {}) == [("/Thing", "2001392")]
    assert _errors(wrap, {"Thing": None}) == [("/Thing", "2001392")]
    assert _errors(wrap, {"Thing": {"Name": "A"}}) == []


def test_an_update_drops_what_a_create_requires_but_keeps_the_wrapper() -> None:
    models = _models()
    update = models.model("ThingWrap", update=True)
    assert update is not models.model("ThingWrap")
    assert _errors(update, {"Thing": {}}) == []
    assert _errors(update, {}) == [("/Thing", "2001392")]
    thing = update.model_fields["Thing"].annotation
    assert thing.__name__ == "ThingUpdate"


def test_models_are_built_once_and_only_when_asked() -> None:
    built: list[str] = []

    class Counting(Models):
        def _build(self, schema: str, *, update: bool) -> type[Body]:
            built.append(schema)
            return super()._build(schema, update=update)

    models = Counting("fortnox", _Policy(), OVERLAYS, __name__, schemas=SCHEMAS)
    endpoint = Endpoint("POST /things", models.lazy("ThingWrap"))
    assert built == []
    assert endpoint.model is endpoint.model
    assert built == ["ThingWrap", "Thing", "Row", "Owner"]  # an endpoint's models, together
    models.model("ThingWrap")
    assert built == ["ThingWrap", "Thing", "Row", "Owner"]


def test_an_unknown_schema_is_an_error() -> None:
    with pytest.raises(KeyError, match="Nothing"):
        _models().model("Nothing")


def test_a_real_schema_builds() -> None:
    """The package's own specification data is read when no schemas are given."""
    models = Models("fortnox", _Policy(), {}, __name__)
    wrap = models.model("CustomerWrap")
    assert "Name" in wrap.model_fields["Customer"].annotation.model_fields
    assert clearance.check("fortnox", "POST /customers", {"Customer": {"Name": "A"}}).ok


# -- addresses: inline objects, operation bodies and queries ------------------------------

OPERATIONS: dict[str, Any] = {
    "POST /things/{id}/rows": {
        "body": {
            "media": {
                "application/json": {
                    "type": "object",
                    "properties": {
                        "row": {"type": "object", "properties": {"Quantity": {"type": "number"}}}
                    },
                }
            }
        }
    },
    "GET /things": {
        "query": [
            {"name": "page", "required": True, "type": "integer"},
            {"name": "type[]", "type": "array", "items": {"type": "string"}},
            {"name": "date[from]", "type": "string"},
        ]
    },
}

INLINE: dict[str, Any] = {
    **SCHEMAS,
    "Basket": {
        "type": "object",
        "properties": {
            "basket": {
                "type": "object",
                "properties": {
                    "Name": {"type": "string"},
                    "Lines": {
                        "type": "array",
                        "items": {"type": "object", "properties": {"Price": {"type": "number"}}},
                    },
                    "Owner": {"ref": "Owner"},
                },
            }
        },
    },
}


#: A hand-written base (built here: this module's annotations are strings): its own
#: field wins over the specification's.
_Named = create_model(
    "_Named",
    __base__=Body,
    Name=(Annotated[Any, K.param("2000359", TEXT.steps[0][1], required="2000359")], None),
)


def _addressed(overlays: dict[str, Overlay] | None = None) -> Models:
    return Models(
        "fortnox", _Policy(), overlays or {}, __name__, schemas=INLINE, operations=OPERATIONS
    )


def test_addresses_reach_inline_objects_bodies_and_queries() -> None:
    models = _addressed()
    assert models.node("Basket#basket/Name") == {"type": "string"}
    assert models.node("Basket#basket/Lines/[]/Price") == {"type": "number"}
    assert models.node("Basket#basket/Owner") is INLINE["Owner"]  # a reference followed
    assert models.node("Basket#basket/Nothing") is None
    assert models.node("POST /things/{id}/rows#row/Quantity") == {"type": "number"}
    assert models.node("GET /things?") == {
        "type": "object",
        "properties": {
            "page": {"type": "integer"},
            "type": {
                "type": "array",
                "items": {"type": "string"},
            },  # read as check_request reads it
            "date[from]": {"type": "string"},
        },
        "required": ["page"],
    }
    assert models.node("GET /nothing?") is None
    assert models.node("GET /things") is None  # an operation without a body


def test_an_inline_object_is_a_model_where_an_overlay_names_it() -> None:
    overlays = {
        "Basket#basket": Overlay(nested={"Lines": "Basket#basket/Lines/[]"}, title="Basket")
    }
    basket = _addressed(overlays).model("Basket#basket")
    assert basket.__name__ == "Basket"
    assert basket.__clearance_names__ == {"Name", "Lines", "Owner"}
    payload = {"Name": 'Skruv 3"', "Lines": [{"Price": "x"}, "line"], "Owner": {"Name": "B"}}
    assert _errors(basket, payload) == [
        ("/Name", "2000359"),
        ("/Lines/0/Price", "2000108"),
        ("/Lines/1", "2001392"),
    ]
    plain = _addressed().model("Basket")
    assert _errors(plain, {"basket": {"Lines": "not judged"}}) == []  # not named: declared only


def test_a_query_and_a_body_build_from_their_operation() -> None:
    models = _addressed()
    query = models.model("GET /things?")
    assert set(query.model_fields) == {"page", "type"}
    assert query.__clearance_names__ == {"page", "type", "date[from]"}
    assert _errors(query, {"page": "1"}) == []  # the specification's required is not enforced
    body = models.model("POST /things/{id}/rows#row")
    assert _errors(body, {"Quantity": "y"}) == [("/Quantity", "2000108")]


def test_the_base_declares_its_own_fields_optional_in_a_change() -> None:
    models = _addressed({"Basket#basket": Overlay(base=_Named)})
    create = models.model("Basket#basket")
    assert create.model_fields["Name"].metadata == _Named.model_fields["Name"].metadata
    assert _errors(create, {}) == [("/Name", "2000359")]
    update = models.model("Basket#basket", update=True)
    assert _errors(update, {}) == []
    assert _errors(update, {"Name": 'Skruv 3"'}) == [("/Name", "2000359")]


# -- what issue 19 added: variants, fields read from the node, arrays, parameters ----------

VARIANTS: dict[str, Any] = {
    "Pair": {
        "type": "object",
        "properties": {"b": {"type": "string"}, "a": {"type": "number"}, "c": {"type": "string"}},
    },
    "Pairs": {"type": "array", "items": {"ref": "Pair"}},
}


_SEEN: list[str] = []


def _record(cls: type[Body], **kwargs: Any) -> None:
    super(_Seen, cls).__init_subclass__(**kwargs)
    _SEEN.append(cls.MARK)  # type: ignore[attr-defined]


#: A base whose ``__init_subclass__`` records the ``MARK`` each subclass has then (built
#: with real annotations: this module's are strings, which Body refuses).
_Seen = type(
    "_Seen",
    (Body,),
    {
        "__annotations__": {"MARK": ClassVar[str]},
        "MARK": "",
        "__init_subclass__": classmethod(_record),
        "__module__": __name__,
    },
)


def test_class_attributes_are_set_before_the_base_sees_the_class() -> None:
    overlays = {"Pair": Overlay(base=_Seen, attrs={"MARK": "from the overlay"})}
    _SEEN.clear()
    model = Models("fortnox", _Policy(), overlays, __name__, schemas=VARIANTS).model("Pair")
    assert model.MARK == "from the overlay"  # type: ignore[attr-defined]
    assert _SEEN == ["from the overlay"]


def test_two_overlays_read_one_schema_and_fields_keep_its_order() -> None:
    overlays = {
        "Pair A": Overlay(schema="Pair", fields={"a": Annotated[Any, BOOL]}),
        "Pair B": Overlay(schema="Pair", fields={"c": None, "d": Annotated[Any, TEXT]}),
    }
    models = Models("fortnox", _Policy(), overlays, __name__, schemas=VARIANTS)
    first, second = models.model("Pair A"), models.model("Pair B")
    assert list(first.model_fields) == ["b", "a", "c"]  # the overlay's a where the schema has it
    assert list(second.model_fields) == ["b", "a", "d"]  # c left out, d added after
    assert second.__clearance_names__ == {"b", "a", "d"}
    assert (first.__name__, second.__name__) == ("Pair_A", "Pair_B")
    assert _errors(first, {"a": "x"}) == [("/a", "2000134")]
    assert _errors(second, {"a": "x"}) == [("/a", "2000108")]


def test_a_spec_field_is_written_from_the_node() -> None:
    read: list[Any] = []

    def from_node(node: Any) -> Any:
        read.append(node)
        return Annotated[Any, TEXT] if node.get("type") == "string" else Any

    overlays = {"Pair": Overlay(fields={"c": SpecField(from_node), "e": SpecField(from_node)})}
    model = Models("fortnox", _Policy(), overlays, __name__, schemas=VARIANTS).model("Pair")
    assert read == [{"type": "string"}, {}]  # the schema's node; {} where it has none
    assert {"c", "e"} <= set(model.model_fields)


def test_an_array_schema_is_one_field_holding_the_list() -> None:
    models = Models("fortnox", _Policy(), {}, __name__, schemas=VARIANTS)
    pairs = models.model("Pairs")
    assert pairs.__clearance_items__ == "items"
    assert pairs.model_fields["items"].annotation == list[models.model("Pair")] | None
    assert _errors(pairs, {"items": [{"a": 1}, {"a": "x"}]}) == [("/items/1/a", "2000108")]


def test_an_operations_parameters_are_a_model() -> None:
    models = Models("snelstart", _Policy(), {}, __name__)
    query = models.parameters("GET /rapportages/periodebalans")
    assert set(query.model_fields) == {"start", "end"}
    assert query is models.parameters("GET /rapportages/periodebalans")  # built once
    path = models.parameters("PUT /relaties/{id}", "path")
    assert set(path.model_fields) == {"id"}
    odata = models.parameters("GET /relaties")
    assert odata.model_fields == {}  # $top, $skip, $filter: no model field holds them
    assert odata.__clearance_names__ == {"$skip", "$top", "$filter"}


def test_the_policy_writes_arrays_and_names_the_base() -> None:
    class _Arrays(_Policy):
        def array(self, item: Any, node: Any, *, schema: str, name: str) -> Any:
            del node, schema, name
            return list[item | None] | None

        def base_for(self, schema: str, node: Any, *, wrapper: bool) -> type[Body]:
            del node, wrapper
            return _NoFree if schema == "Pair" else Body

    models = Models("fortnox", _Arrays(), {}, __name__, schemas=VARIANTS)
    assert issubclass(models.model("Pair"), _NoFree)
    assert _errors(models.model("Pairs"), {"items": [None, {"a": 1}]}) == []
