"""Derive ``clearance/specs/<api>.json`` from the APIs' machine-readable specifications.

The specifications live outside the repository, in ``../shared/specs/`` beside the clone
(see its ``PROVENANCE.md``). This script takes their facts (operations, parameters, fields,
types, limits, enumerations) into the package as data, one file per API, and nothing else:
no description, summary, title or example crosses over. A user's clone has no
``../shared``; the script then says so and does nothing (``--check`` passes).

Usage: ``python scripts/derive_specs.py`` rewrites the files; ``--check`` fails (exit 1)
when one differs from what the script would write. ``--specs DIR`` names the folder of
the specifications; without it the script looks for ``$CLEARANCE_SPECS``, then
``../shared/specs`` (beside the clone) and ``../../shared/specs`` (a worktree kept in a
folder beside ``shared/``). Reading the YAML specifications needs PyYAML (in the ``test``
extra; clearance itself never reads YAML).

The format (``format`` 1; ``clearance/specs/README.md`` says the same for readers):

Each file is one JSON object. A key that would hold nothing (an empty list or mapping, a
false flag) is left out: a missing ``query`` means no query parameters, a missing
``required`` means not required.

* ``format``, ``api``; ``source``: ``file``, its ``sha256``, the ``openapi`` version it
  declares and its ``kind`` (``vendor-export``, ``vendor-rebuild``, ``third-party``);
  ``base``: the URL the endpoint ids are relative to; ``from_host`` (Fortnox): the path
  prefixes whose ids are relative to the host instead; ``auth``: the credentials the
  specification declares (``in``, ``name``), left out of the operations' parameters;
  ``lost``: kinds of fact the source is known not to carry (from its provenance);
  ``counts``: ``spec_paths`` and ``spec_operations`` as in the source, ``operations``
  (after expansion), ``schemas``, and ``methods`` (operations per HTTP method).
* ``operations``: endpoint id -> operation, ordered by path then method. The id is
  ``METHOD /path`` as clearance's CONTRACT pins it: relative to ``base``, path parameters
  in braces. Fortnox drops ``/3`` and the generator's trailing slash (``/3/customers/`` ->
  ``/customers``), keeps ``/api/...`` paths from the host and moves a JAX-RS template
  pattern (``{rowId:.*}``) to the parameter. InvoiceXpress expands a path parameter with
  an enumeration (``{guides-type}``) into one operation per value and names its ids
  ``{id}`` (the last id of a path), ``{<thing>_id}`` (an earlier one) and
  ``{account_id}`` (the id clearance has pinned since its first release).
  An operation has:

  - ``method``, ``path`` (the id's two halves);
  - ``source``: the specification's ``path`` and its ``operationId`` (where it has one);
  - ``expanded``: the enumerated path parameter and the value this operation stands for;
  - ``path_params`` (in path order), ``query``, ``headers``: parameters, each ``name``,
    ``required`` (query and headers), ``source_name`` where the id renames it, and the
    keywords of its schema inline (``type``, ``format``, ``enum``, ``minimum``,
    ``maximum``, ``default``, ``pattern``, ``items``, ...);
  - ``body``: ``required`` and ``media``, media type -> schema node (``null``: the
    specification names the media type without a schema). Fortnox's two file uploads
    are ``multipart/form-data`` with their one form field;
  - ``responses``: the success (2xx) status codes, each media type -> schema node;
  - ``shares_body_with`` (Fortnox, InvoiceXpress): the create operations whose body
    schema this update shares;
  - ``suspect``: see below.
* ``schemas``: name -> schema node, as named in the specification, ordered by name.

A schema node holds the specification's own keywords, kept as written: ``type``,
``format``, ``enum``, ``const``, ``default``, ``nullable``, ``readOnly``, ``writeOnly``,
``minLength``, ``maxLength``, ``pattern``, ``minimum``, ``maximum``, ``exclusiveMinimum``,
``exclusiveMaximum`` (as numbers; OpenAPI 3.0's boolean form is converted),
``multipleOf``, ``minItems``, ``maxItems``, ``uniqueItems``, ``minProperties``,
``maxProperties``, ``required``, ``properties`` (in the specification's order),
``additionalProperties``, ``items``, ``allOf``, ``oneOf``, ``anyOf``, ``not``; a reference
is ``{"ref": "<schema name>"}``. ``allOf``/``oneOf``/``anyOf`` are kept as lists of nodes,
not flattened. A keyword outside this list stops the script, so nothing is dropped
unnoticed; prose keywords and vendor extensions are dropped by name.

``suspect`` marks a constraint the source states but that may be an artefact rather than
what the server does: keyword -> reason codes. On a node or a parameter it names that
node's keywords; on an operation, ``required`` means the ``required`` lists reached from
its body. The reasons:

* ``default-outside-range``: the ``default`` lies outside ``minimum``..``maximum`` (the
  specification contradicts itself: SnelStart's ``$top`` maximum 25, default 500).
* ``equals-maxLength``: ``minLength`` equals ``maxLength`` (Fortnox: "some minLength
  copied from maxLength").
* ``not-required``: ``minLength`` of 1 or more on a property its object does not require
  (Fortnox: ``Customer.Address1`` minLength 1; an empty ``Address1`` is accepted).
* ``int32-max``: a bound of 2147483647, Java's "no limit", not a limit of the API.
* ``php-delimiters``: the source wrote the pattern as a PHP regular expression,
  ``/.../``; the delimiters are removed here, the pattern is unanchored as written.
* ``shared-with-create``: an update whose body schema is also a create's, so its
  ``required`` lists are the create's (Fortnox: "required of create schemas repeated on
  update operations"; the third-party InvoiceXpress description does the same).
* ``root-key``: the body's root key is the third-party author's ``invoice_receipt``;
  the vendor's own examples use ``invoice``.

The output is deterministic: the same sources give the same bytes. Each operation and
each schema is one line, so a change to the source shows as a small diff.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "clearance" / "specs"
FORMAT = 1

#: Schema keywords kept, in the order a node's keys are written.
KEEP = (
    "type",
    "format",
    "enum",
    "const",
    "default",
    "nullable",
    "readOnly",
    "writeOnly",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
)
#: Keywords dropped: prose, examples and the generators' own annotations.
DROP = frozenset(
    {
        "description",
        "summary",
        "title",
        "example",
        "examples",
        "externalDocs",
        "x-openapi-model-name",
        "x-apim-schema-name",
    }
)
#: Parameter keys other than ``schema`` that are facts.
PARAM_FACTS = ("name", "in", "required")
INT32_MAX = 2_147_483_647
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
#: The reason codes ``suspect`` may carry (documented in the module docstring).
REASONS = (
    "default-outside-range",
    "equals-maxLength",
    "not-required",
    "int32-max",
    "php-delimiters",
    "shared-with-create",
    "root-key",
)

Json = Any
Node = dict[str, Any]


class SpecError(Exception):
    """The specification holds something this script does not know how to carry over."""


@dataclass(frozen=True)
class Source:
    """One API's specification and what is known about it (``PROVENANCE.md``)."""

    file: str
    kind: str
    base: str
    #: Kinds of fact the source does not carry.
    lost: tuple[str, ...] = ()
    #: The artefact detectors that apply to this source (reason codes).
    detectors: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        """Every detector is a documented reason."""
        if not self.detectors <= set(REASONS):
            raise ValueError(f"undocumented reasons {sorted(self.detectors - set(REASONS))}")


SOURCES: dict[str, Source] = {
    "fortnox": Source(
        file="fortnox-openapi-reconstructed.json",
        kind="vendor-rebuild",
        base="https://api.fortnox.se/3",
        lost=(
            "descriptions",
            "examples",
            "query-parameter enums",
            "readOnly flags",
            "request media types",
            "responses",
        ),
        detectors=frozenset(REASONS) - {"root-key"},
    ),
    "snelstart": Source(
        file="snelstart-b2b-api-v2.openapi.yaml",
        kind="vendor-export",
        base="https://b2bapi.snelstart.nl/v2",
        detectors=frozenset({"default-outside-range"}),
    ),
    "invoicexpress": Source(
        file="invoicexpress-openapi.diogopms.yaml",
        kind="third-party",
        base="https://{account}.app.invoicexpress.com",
        detectors=frozenset({"default-outside-range", "root-key", "shared-with-create"}),
    ),
}


# -- reading -----------------------------------------------------------------------------


def find_specs(explicit: str | None = None) -> Path | None:
    """The folder of the specifications, or None where this clone has none."""
    if explicit:
        if not Path(explicit).is_dir():
            raise SystemExit(f"derive_specs: {explicit} is not a folder")
        return Path(explicit)
    candidates = [ROOT.parent / "shared" / "specs", ROOT.parent.parent / "shared" / "specs"]
    if os.environ.get("CLEARANCE_SPECS"):
        candidates.insert(0, Path(os.environ["CLEARANCE_SPECS"]))
    return next((path for path in candidates if path.is_dir()), None)


def _yaml_loader() -> Any:
    """A PyYAML loader that reads scalars as JSON would (YAML 1.2's core schema).

    YAML 1.1 turns an unquoted ``NO`` (Norway) into false and ``2024-01-01`` into a date;
    here only ``true``/``false``, ``null`` and JSON-like numbers are more than strings.
    """
    try:
        import yaml  # noqa: PLC0415  (only the YAML sources need it)
    except ImportError as error:  # the test extra installs it
        raise SystemExit(
            "reading the YAML specifications needs PyYAML: pip install -e '.[test]'"
        ) from error
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("JsonLikeLoader", (base,), {})
    loader.yaml_implicit_resolvers = {}
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
    )
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|)$"), ["~", "n", ""]
    )
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^-?(?:0|[1-9][0-9]*)$"), list("-0123456789")
    )
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$"),
        list("-0123456789"),
    )
    return loader


def read(path: Path) -> Json:
    """The parsed specification (JSON, or YAML read as JSON would be)."""
    text = path.read_bytes()
    if path.suffix == ".json":
        return json.loads(text)
    import yaml  # noqa: PLC0415

    return yaml.load(text, Loader=_yaml_loader())  # noqa: S506  (a safe loader's subclass)


# -- schema nodes ------------------------------------------------------------------------


def _ref_name(ref: str) -> str:
    prefix = "#/components/schemas/"
    if not ref.startswith(prefix):
        raise SpecError(f"unsupported reference {ref!r}")
    return ref[len(prefix) :]


@dataclass
class Deriver:
    """Turns one specification into the normalized data."""

    api: str
    source: Source

    def node(self, raw: Json, where: str, *, required: bool | None = None) -> Node:
        """A normalized schema node; ``required``: whether its parent object requires it."""
        if not isinstance(raw, dict):
            raise SpecError(f"{where}: a schema must be an object, not {raw!r}")
        unknown = set(raw) - set(KEEP) - DROP - {"$ref"}
        if unknown:
            raise SpecError(f"{where}: unknown schema keywords {sorted(unknown)}")
        out: Node = {}
        if "$ref" in raw:
            out["ref"] = _ref_name(raw["$ref"])
        for key in KEEP:
            if key in raw:
                out[key] = self._keyword(key, raw[key], raw, f"{where}.{key}")
        self._exclusive(out, raw)
        suspect = self._suspects(out, raw, required)
        if suspect:
            out["suspect"] = suspect
        return out

    def _keyword(self, key: str, value: Json, raw: Json, where: str) -> Json:
        if key == "properties":
            needed = set(raw.get("required", []))
            if not all(isinstance(name, str) for name in value):
                raise SpecError(f"{where}: a property name that is not a string")
            return {
                name: self.node(sub, f"{where}.{name}", required=name in needed)
                for name, sub in value.items()
            }
        if key in {"items", "not"} or (key == "additionalProperties" and isinstance(value, dict)):
            return self.node(value, where)
        if key in {"allOf", "oneOf", "anyOf"}:
            return [self.node(sub, f"{where}[{i}]") for i, sub in enumerate(value)]
        if key == "pattern" and "php-delimiters" in self.source.detectors:
            match = re.fullmatch(r"/(.+)/", value)
            return match.group(1) if match else value
        return value

    @staticmethod
    def _exclusive(out: Node, raw: Json) -> None:
        """OpenAPI 3.0's boolean exclusive bounds, as 3.1's numbers."""
        for flag, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            if isinstance(raw.get(flag), bool):
                if raw[flag] and bound in raw:
                    out[flag] = out.pop(bound)
                else:
                    out.pop(flag)

    def _suspects(self, out: Node, raw: Json, required: bool | None) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for key, reason in [*_range_doubts(out), *_other_doubts(out, raw, required)]:
            if reason in self.source.detectors:
                found.setdefault(key, []).append(reason)
        return found

    # -- operations ----------------------------------------------------------------------

    def parameter(self, raw: Json, where: str, *, rename: str | None = None) -> Node:
        """A parameter: its facts and its schema's keywords inline."""
        if "$ref" in raw:
            raise SpecError(f"{where}: parameter references are not supported")
        unknown = set(raw) - set(PARAM_FACTS) - {"schema"} - DROP
        if unknown:
            raise SpecError(f"{where}: unknown parameter keys {sorted(unknown)}")
        out: Node = {"name": rename or raw["name"]}
        if rename and rename != raw["name"]:
            out["source_name"] = raw["name"]
        if raw.get("required") and raw["in"] != "path":
            out["required"] = True
        schema = self.node(raw.get("schema", {}), where)
        clash = set(schema) & set(out)
        if clash:
            raise SpecError(f"{where}: schema keywords clash with parameter keys {clash}")
        out.update(schema)
        return out

    def content(self, raw: Json, where: str) -> dict[str, Node | None]:
        """Media type -> schema node (None where the specification gives no schema)."""
        out: dict[str, Node | None] = {}
        for media, spec in (raw or {}).items():
            schema = (spec or {}).get("schema")
            out[str(media)] = None if schema is None else self.node(schema, f"{where}.{media}")
        return out


def _range_doubts(out: Node) -> Iterator[tuple[str, str]]:
    """A numeric ``default`` outside the node's own bounds."""
    default = out.get("default")
    if not isinstance(default, int | float) or isinstance(default, bool):
        return
    if default > out.get("maximum", default):
        yield from (("default", "default-outside-range"), ("maximum", "default-outside-range"))
    if default < out.get("minimum", default):
        yield from (("default", "default-outside-range"), ("minimum", "default-outside-range"))


def _other_doubts(out: Node, raw: Json, required: bool | None) -> Iterator[tuple[str, str]]:
    """The rebuild's length and pattern artefacts; the third-party root key."""
    low = out.get("minLength")
    if low is not None and low == out.get("maxLength"):
        yield "minLength", "equals-maxLength"
    if low is not None and low >= 1 and required is False:
        yield "minLength", "not-required"
    for key in ("maxLength", "maxItems", "maximum"):
        if out.get(key) == INT32_MAX:
            yield key, "int32-max"
    if out.get("pattern") != raw.get("pattern"):  # Deriver._keyword took the delimiters off
        yield "pattern", "php-delimiters"
    if "invoice_receipt" in out.get("properties", {}):
        yield "properties", "root-key"


# -- endpoint ids ------------------------------------------------------------------------

_PARAM = re.compile(r"\{([^}]+)\}")


def _fortnox_path(path: str) -> tuple[str, dict[str, str]]:
    """The id path of a Fortnox spec path and the patterns moved out of its braces."""
    if path.startswith("/3/"):
        path = path[2:]
    elif not path.startswith("/api/"):
        raise SpecError(f"fortnox: a path outside /3 and /api: {path}")
    if len(path) > 1:
        path = path.rstrip("/")
    patterns: dict[str, str] = {}

    def strip(match: re.Match[str]) -> str:
        name, _, pattern = match.group(1).partition(":")
        if pattern:
            patterns[name] = pattern
        return "{" + name + "}"

    return _PARAM.sub(strip, path), patterns


def _invoicexpress_names(path: str) -> dict[str, str]:
    """The id's names for an InvoiceXpress path's parameters (see the module docstring)."""
    names = _PARAM.findall(path)
    renamed = {}
    for index, name in enumerate(names):
        if name == "account-id":
            renamed[name] = "account_id"  # pinned in clearance's first release
        elif index == len(names) - 1:
            renamed[name] = "id"
        else:
            renamed[name] = name.replace("-", "_")
    return renamed


# -- one API -----------------------------------------------------------------------------


def _auth(spec: Json) -> list[Node]:
    schemes = spec.get("components", {}).get("securitySchemes", {})
    out = []
    for name in sorted(schemes):
        scheme = schemes[name]
        if scheme.get("type") == "apiKey":
            out.append({"in": scheme["in"], "name": scheme["name"]})
        elif scheme.get("type") == "http":
            out.append({"in": "header", "name": "Authorization", "scheme": scheme.get("scheme")})
        else:
            raise SpecError(f"unsupported security scheme {name}: {scheme.get('type')}")
    return out


@dataclass(frozen=True)
class Form:
    """One concrete form of a specification's path."""

    path: str
    #: The enumerated path parameters this form fixes, and their values.
    expanded: dict[str, str]
    #: The id's names for the path parameters the specification names otherwise.
    names: dict[str, str]
    #: Patterns moved out of the braces (Fortnox's ``{rowId:.*}``).
    patterns: dict[str, str]


def _operations(deriver: Deriver, spec: Json, auth: list[Node]) -> dict[str, Node]:
    auth_keys = {(a["in"], a["name"]) for a in auth}
    found: dict[str, tuple[tuple[str, int], Node]] = {}
    for spec_path, item in spec["paths"].items():
        unknown = set(item) - set(METHODS) - {"parameters"} - DROP
        if unknown:
            raise SpecError(f"{spec_path}: unknown path item keys {sorted(unknown)}")
        for method in (m for m in METHODS if m in item):
            raw = item[method]
            params = [*item.get("parameters", []), *raw.get("parameters", [])]
            for form in _forms(deriver.api, spec_path, params):
                op_id = f"{method.upper()} {form.path}"
                if op_id in found:
                    raise SpecError(f"{deriver.api}: two operations map to {op_id}")
                op = _operation(deriver, f"{method.upper()} {spec_path}", raw, params, form)
                found[op_id] = ((form.path, METHODS.index(method)), _without_auth(op, auth_keys))
    ordered = sorted(found.items(), key=lambda pair: pair[1][0])
    return {op_id: op for op_id, (_, op) in ordered}


def _forms(api: str, spec_path: str, params: list[Json]) -> Iterator[Form]:
    """Each concrete form of a path: one per value of its enumerated path parameters."""
    enums = {
        p["name"]: p["schema"]["enum"]
        for p in params
        if p.get("in") == "path" and "enum" in p.get("schema", {})
    }
    for values in itertools.product(*enums.values()):
        expanded = {name: str(value) for name, value in zip(enums, values, strict=True)}
        path = spec_path
        for name, value in expanded.items():
            path = path.replace("{" + name + "}", value)
        if api == "fortnox":
            path, patterns = _fortnox_path(path)
            yield Form(path, expanded, {}, patterns)
        elif api == "invoicexpress":
            names = _invoicexpress_names(path)
            for old, new in names.items():
                path = path.replace("{" + old + "}", "{" + new + "}")
            yield Form(path, expanded, names, {})
        else:
            yield Form(path, expanded, {}, {})


def _operation(deriver: Deriver, where: str, raw: Json, params: list[Json], form: Form) -> Node:
    known = {"operationId", "tags", "parameters", "requestBody", "responses", "security"}
    unknown = set(raw) - known - DROP
    if unknown:
        raise SpecError(f"{where}: unknown operation keys {sorted(unknown)}")
    method, spec_path = where.split(" ", 1)
    op: Node = {"method": method, "path": form.path, "source": {"path": spec_path}}
    if raw.get("operationId"):
        op["source"]["operationId"] = raw["operationId"]
    if form.expanded:
        op["expanded"] = form.expanded
    places = _parameters(deriver, where, params, form)
    for place, key in (("path", "path_params"), ("query", "query"), ("header", "headers")):
        if places[place]:
            op[key] = places[place]
    body = _body(deriver, raw, places["form"], where)
    if body:
        op["body"] = body
    responses = {
        str(code): deriver.content(answer.get("content"), f"{where} {code}")
        for code, answer in raw.get("responses", {}).items()
        if str(code).startswith("2")
    }
    if responses:
        op["responses"] = responses
    return op


def _parameters(
    deriver: Deriver, where: str, params: list[Json], form: Form
) -> dict[str, list[Node]]:
    """The parameters by place; ``form``: the Fortnox rebuild's multipart form fields."""
    places: dict[str, list[Node]] = {"path": [], "query": [], "header": [], "form": []}
    for param in params:
        place, name = param["in"], param["name"]
        if place == "formData(multipart)":
            places["form"].append(param)
        elif place not in places or place == "form":
            raise SpecError(f"{where}: parameter {name!r} in {place!r}")
        elif name not in form.expanded or place != "path":
            entry = deriver.parameter(param, f"{where} {name}", rename=form.names.get(name))
            if name in form.patterns:
                entry["pattern"] = form.patterns[name]
            places[place].append(entry)
    order = _PARAM.findall(form.path)
    places["path"].sort(key=lambda p: order.index(p["name"]) if p["name"] in order else -1)
    if [p["name"] for p in places["path"]] != order:
        raise SpecError(f"{where}: path parameters {order} not as declared")
    return places


def _body(deriver: Deriver, raw: Json, form: list[Json], where: str) -> Node:
    body: Node = {}
    if "requestBody" in raw:
        request = raw["requestBody"]
        if "$ref" in request:
            raise SpecError(f"{where}: request body references are not supported")
        if request.get("required"):
            body["required"] = True
        body["media"] = deriver.content(request.get("content"), f"{where} body")
    if form:
        if body:
            raise SpecError(f"{where}: both a request body and form fields")
        fields = {str(p["name"]): deriver.node(p.get("schema", {}), where) for p in form}
        body["media"] = {"multipart/form-data": {"type": "object", "properties": fields}}
    return body


def _without_auth(op: Node, auth_keys: set[tuple[str, str]]) -> Node:
    for key, place in (("query", "query"), ("headers", "header")):
        if key in op:
            kept = [p for p in op[key] if (place, p["name"]) not in auth_keys]
            if kept:
                op[key] = kept
            else:
                del op[key]
    return op


def _body_refs(op: Node) -> set[str]:
    media = op.get("body", {}).get("media", {})
    return {node["ref"] for node in media.values() if node and "ref" in node}


def _requires(name: str, schemas: dict[str, Node], seen: set[str]) -> bool:
    """Whether the schema, or one it reaches, has a ``required`` list."""
    if name in seen:
        return False
    seen.add(name)

    def walk(node: Json) -> bool:
        if isinstance(node, dict):
            if node.get("required") and isinstance(node["required"], list):
                return True
            if "ref" in node and _requires(node["ref"], schemas, seen):
                return True
            return any(walk(value) for value in node.values())
        if isinstance(node, list):
            return any(walk(value) for value in node)
        return False

    return walk(schemas.get(name, {}))


def _mark_shared_bodies(operations: dict[str, Node], schemas: dict[str, Node]) -> None:
    """An update that shares its body schema with a create inherits the create's required.

    Operations expanded from one path pair up within a value (``PUT /quotes/{id}.json``
    with ``POST /quotes.json``, not with ``POST /proformas.json``).
    """

    def keys(op: Node) -> set[tuple[str, str]]:
        value = json.dumps(op.get("expanded", {}), sort_keys=True)
        return {(ref, value) for ref in _body_refs(op)}

    creates: dict[tuple[str, str], list[str]] = {}
    for op_id, op in operations.items():
        if op["method"] == "POST":
            for key in keys(op):
                creates.setdefault(key, []).append(op_id)
    for op in operations.values():
        if op["method"] != "PUT":
            continue
        shared = sorted({c for key in keys(op) for c in creates.get(key, [])})
        if shared:
            op["shares_body_with"] = shared
            if any(_requires(ref, schemas, set()) for ref in _body_refs(op)):
                op.setdefault("suspect", {})["required"] = ["shared-with-create"]


def derive(api: str, spec: Json, digest: str) -> Node:
    """The normalized data of one API."""
    source = SOURCES[api]
    deriver = Deriver(api, source)
    raw_schemas = spec.get("components", {}).get("schemas", {})
    schemas = {
        str(name): deriver.node(raw_schemas[name], f"schemas.{name}")
        for name in sorted(raw_schemas)
    }
    auth = _auth(spec)
    operations = _operations(deriver, spec, auth)
    if "shared-with-create" in source.detectors:
        _mark_shared_bodies(operations, schemas)
    _check_refs(api, operations, schemas)
    spec_ops = sum(1 for item in spec["paths"].values() for m in METHODS if m in item)
    methods: dict[str, int] = {}
    for op in operations.values():
        methods[op["method"]] = methods.get(op["method"], 0) + 1
    data: Node = {
        "format": FORMAT,
        "api": api,
        "source": {
            "file": source.file,
            "sha256": digest,
            "openapi": str(spec.get("openapi", "")),
            "kind": source.kind,
        },
        "base": source.base,
    }
    from_host = sorted(
        {"/".join(op["path"].split("/")[:3]) + "/" for op in operations.values()}
        if api == "fortnox"
        else set()
    )
    from_host = [prefix for prefix in from_host if prefix.startswith("/api/")]
    if from_host:
        data["from_host"] = from_host
    if auth:
        data["auth"] = auth
    if source.lost:
        data["lost"] = list(source.lost)
    data["counts"] = {
        "spec_paths": len(spec["paths"]),
        "spec_operations": spec_ops,
        "operations": len(operations),
        "schemas": len(schemas),
        "methods": dict(sorted(methods.items())),
    }
    data["operations"] = operations
    data["schemas"] = schemas
    return data


def _check_refs(api: str, operations: dict[str, Node], schemas: dict[str, Node]) -> None:
    """Every reference names a schema of the file."""

    def walk(value: Json, where: str) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("ref"), str) and value["ref"] not in schemas:
                raise SpecError(f"{api} {where}: reference to a missing schema {value['ref']}")
            for key, sub in value.items():
                walk(sub, where if key != "properties" else where + ".properties")
        elif isinstance(value, list):
            for sub in value:
                walk(sub, where)

    walk(operations, "operations")
    walk(schemas, "schemas")


# -- writing -----------------------------------------------------------------------------


def dumps(data: Node) -> str:
    """The file's text: one line per header key, per operation and per schema."""

    def one(value: Json) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = ["{"]
    keys = list(data)
    for index, key in enumerate(keys):
        comma = "," if index < len(keys) - 1 else ""
        value = data[key]
        if key in {"operations", "schemas"}:
            lines.append(f"{one(key)}:{{")
            names = list(value)
            for at, name in enumerate(names):
                inner = "," if at < len(names) - 1 else ""
                lines.append(f"{one(name)}:{one(value[name])}{inner}")
            lines.append("}" + comma)
        else:
            lines.append(f"{one(key)}:{one(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def build(specs: Path) -> dict[Path, str]:
    """Each output file's path and text."""
    out = {}
    for api, source in SOURCES.items():
        path = specs / source.file
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        try:
            data = derive(api, read(path), digest)
        except SpecError as error:
            raise SystemExit(f"{source.file}: {error}") from error
        out[OUT / f"{api}.json"] = dumps(data)
    return out


def main(argv: list[str] | None = None) -> int:
    """Rewrite the data files, or with ``--check`` report whether they are current."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a file is stale")
    parser.add_argument("--specs", help="the folder of the specifications")
    args = parser.parse_args(argv)
    specs = find_specs(args.specs)
    if specs is None:
        print("derive_specs: no ../shared/specs beside this clone; nothing to derive")
        return 0
    wanted = build(specs)
    stale = [
        path
        for path, text in wanted.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for path in stale:
            print(
                f"{path.relative_to(ROOT)} is stale: run python scripts/derive_specs.py",
                file=sys.stderr,
            )
        return 1 if stale else 0
    OUT.mkdir(exist_ok=True)
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
