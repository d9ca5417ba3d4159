"""``clearance/specs/*.json``: the facts of the three machine-readable specifications.

The data is what ``scripts/derive_specs.py`` derives from ``../shared/specs`` (skipped in a
clone without it); the counts are those ``../shared/specs/PROVENANCE.md`` states; every
endpoint clearance knows today is an operation of its API's specification, or one the
vendor documents and the specification lacks (listed below with the reason).
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from scripts_path import derive_specs

from clearance.specs import SPECIFIED, load

ROOT = Path(__file__).resolve().parent.parent

#: ``../shared/specs/PROVENANCE.md``: paths, operations (as written and once the
#: InvoiceXpress ``{guides-type}``/``{estimates-type}`` paths are expanded), schemas,
#: operations per method. None where the provenance states no number.
PROVENANCE: dict[str, dict[str, Any]] = {
    "fortnox": {
        "spec_paths": 203,
        "spec_operations": 331,
        "operations": 331,
        "schemas": 294,
        "methods": None,
    },
    "snelstart": {
        "spec_paths": 63,
        "spec_operations": 96,
        "operations": 96,
        "schemas": 237,
        "methods": {"GET": 54, "POST": 15, "PUT": 16, "DELETE": 11},
    },
    "invoicexpress": {
        "spec_paths": None,
        "spec_operations": 61,
        "operations": 81,
        "schemas": None,
        "methods": None,
    },
}

_DOCUMENT_TYPE = (
    "the vendor documents it as a /:document-type form (document-type one of invoices, "
    "simplified_invoices, invoice_receipts, credit_notes, debit_notes: "
    "invoicexpress.com/api-v2/invoices/create, /change-state, /send-by-email); the "
    "third-party specification writes out only some of those types"
)

#: Endpoints clearance knows that the API's specification lacks, and why.
NOT_IN_SPEC: dict[str, dict[str, str]] = {
    "fortnox": {
        "PUT /orders/{DocumentNumber}/warehouseready": (
            "called by live-tested clients (api-notes [LIB-live]); the 2023 description has "
            "it for invoices only"
        ),
    },
    "snelstart": {},
    "invoicexpress": {
        "POST /simplified_invoices.json": _DOCUMENT_TYPE,
        "POST /credit_notes.json": _DOCUMENT_TYPE,
        "POST /debit_notes.json": _DOCUMENT_TYPE,
        "PUT /simplified_invoices/{id}.json": _DOCUMENT_TYPE,
        "PUT /credit_notes/{id}.json": _DOCUMENT_TYPE,
        "PUT /debit_notes/{id}.json": _DOCUMENT_TYPE,
        # the specification has GET /invoice_receipts/{document-id}.json but no PUT
        "PUT /invoice_receipts/{id}.json": _DOCUMENT_TYPE,
        "PUT /simplified_invoices/{id}/change-state.json": _DOCUMENT_TYPE,
        "PUT /credit_notes/{id}/change-state.json": _DOCUMENT_TYPE,
        "PUT /debit_notes/{id}/change-state.json": _DOCUMENT_TYPE,
        # the specification sends by e-mail only invoice receipts, estimates and guides
        "PUT /invoices/{id}/email-document.json": _DOCUMENT_TYPE,
        "PUT /simplified_invoices/{id}/email-document.json": _DOCUMENT_TYPE,
        "PUT /credit_notes/{id}/email-document.json": _DOCUMENT_TYPE,
        "PUT /debit_notes/{id}/email-document.json": _DOCUMENT_TYPE,
        **dict.fromkeys(
            (
                "POST /vat_moss_invoices.json",
                "PUT /vat_moss_invoices/{id}.json",
                "PUT /vat_moss_invoices/{id}/change-state.json",
                "PUT /vat_moss_invoices/{id}/email-document.json",
            ),
            "a document type the vendor's overview names beside the invoices (api-notes "
            "[FACT]), sent in production by OCA/l10n-portugal's InvoiceXpress module [3P]",
        ),
        **dict.fromkeys(
            (
                "GET /simplified_invoices.json",
                "GET /invoice_receipts.json",
                "GET /credit_notes.json",
                "GET /debit_notes.json",
                "GET /vat_moss_invoices.json",
            ),
            "one invoice type's list, documented by the vendor beside GET /invoices.json; "
            "its answer captured from a real account by voluzi/go-invoicexpress [3P]",
        ),
    },
}

# -- the vocabulary the format documents (clearance/specs/README.md) ---------------------

HEADER = {
    "format",
    "api",
    "source",
    "base",
    "from_host",
    "auth",
    "lost",
    "counts",
    "operations",
    "schemas",
}
OPERATION = {
    "method",
    "path",
    "source",
    "expanded",
    "path_params",
    "query",
    "headers",
    "body",
    "responses",
    "shares_body_with",
    "suspect",
}


def _node_keywords() -> set[str]:
    """The schema keywords ``clearance/specs/README.md`` documents (its "schema node" paragraph)."""
    readme = (ROOT / "clearance" / "specs" / "README.md").read_text(encoding="utf-8")
    paragraph = readme.split("A **schema node**", 1)[1].split("\n\n", 1)[0]
    return set(re.findall(r"`([A-Za-z]+)`", paragraph)) | {"ref", "suspect"}


NODE = _node_keywords()
PARAMETER = NODE - {"ref", "properties", "required"} | {"name", "required", "source_name"}
PROSE = {"description", "summary", "title", "example", "examples", "externalDocs"}


@pytest.fixture(scope="module")
def derived() -> dict[Path, str]:
    specs = derive_specs.find_specs()
    if specs is None:
        pytest.skip("no ../shared/specs beside this clone: nothing to compare with")
    return derive_specs.build(specs)


@pytest.mark.parametrize("api", SPECIFIED)
def test_the_data_is_what_the_script_derives(api: str, derived: dict[Path, str]) -> None:
    path = ROOT / "clearance" / "specs" / f"{api}.json"
    assert path.read_text(encoding="utf-8") == derived[path], (
        f"{path.name} is stale: run python scripts/derive_specs.py"
    )


def test_the_script_writes_exactly_the_shipped_files(derived: dict[Path, str]) -> None:
    shipped = set((ROOT / "clearance" / "specs").glob("*.json"))
    assert shipped == set(derived)


@pytest.mark.parametrize("api", SPECIFIED)
def test_counts_match_the_provenance(api: str) -> None:
    data = load(api)
    counts, ops = data["counts"], data["operations"]
    for key, expected in PROVENANCE[api].items():
        if expected is not None:
            assert counts[key] == expected, key
    # and the header's counts are those of the data itself
    assert counts["operations"] == len(ops)
    assert counts["schemas"] == len(data["schemas"])
    assert counts["methods"] == dict(Counter(op["method"] for op in ops.values()))
    assert counts["spec_paths"] == len({op["source"]["path"] for op in ops.values()})
    written = {(op["method"], op["source"]["path"]) for op in ops.values()}
    assert counts["spec_operations"] == len(written)


@pytest.mark.parametrize("api", SPECIFIED)
def test_every_endpoint_clearance_knows_is_in_the_specification(api: str) -> None:
    known = [e.id for e in importlib.import_module(f"clearance.validators.{api}").ENDPOINTS]
    operations = load(api)["operations"]
    missing = {e for e in known if e not in operations}
    assert missing == set(NOT_IN_SPEC[api])


def test_the_exceptions_give_their_reason() -> None:
    for reasons in NOT_IN_SPEC.values():
        assert all(len(reason) > 40 for reason in reasons.values())


@pytest.mark.parametrize("api", SPECIFIED)
def test_ids_are_the_contract_form(api: str) -> None:
    for op_id, op in load(api)["operations"].items():
        assert op_id == f"{op['method']} {op['path']}"
        assert re.fullmatch(r"(GET|POST|PUT|DELETE) /[^ ]*", op_id), op_id
        names = re.findall(r"\{([^}]*)\}", op["path"])
        assert all(re.fullmatch(r"[A-Za-z][A-Za-z_]*", name) for name in names), op_id
        assert [p["name"] for p in op.get("path_params", [])] == names, op_id
        if api == "fortnox":
            assert not op["path"].endswith("/"), op_id
            spec_path = op["source"]["path"]
            assert spec_path.startswith(("/3/", "/api/")), op_id
            if spec_path.startswith("/3/"):
                assert spec_path.rstrip("/").startswith("/3" + op["path"].split("{")[0]), op_id


def test_fortnox_keeps_the_services_outside_3_from_the_host() -> None:
    data = load("fortnox")
    assert data["from_host"] == ["/api/fileattachments/", "/api/time/", "/api/warehouse/"]
    assert "POST /api/warehouse/purchaseorders-v1" in data["operations"]
    assert "POST /customers" in data["operations"]
    row = data["operations"]["DELETE /api/warehouse/stocktaking-v1/{id}/rows/{rowId}"]
    assert row["path_params"][1] == {"name": "rowId", "type": "string", "pattern": ".*"}


def test_invoicexpress_types_are_expanded() -> None:
    ops = load("invoicexpress")["operations"]
    expanded = [op for op in ops.values() if "expanded" in op]
    assert len(expanded) == 30  # 5 guide and 5 estimate operations, 3 types each
    for kind in ("shippings", "transports", "devolutions", "quotes", "proformas", "fees_notes"):
        for op_id in (
            f"POST /{kind}.json",
            f"GET /{kind}/{{id}}.json",
            f"PUT /{kind}/{{id}}.json",
            f"PUT /{kind}/{{id}}/change-state.json",
            f"PUT /{kind}/{{id}}/email-document.json",
        ):
            assert op_id in ops
    assert not [op_id for op_id in ops if "-type}" in op_id]
    # the ids issue 19 names
    assert "POST /documents/{id}/partial_payments.json" in ops
    assert "POST /api/v3/clients/{id}/treasury_movements.json" in ops
    assert "DELETE /api/v3/clients/{client_id}/treasury_movements/{id}.json" in ops


def test_credentials_are_not_operation_parameters() -> None:
    data = load("invoicexpress")
    assert data["auth"] == [{"in": "query", "name": "api_key"}]
    for op in data["operations"].values():
        assert all(p["name"] != "api_key" for p in op.get("query", []))
    assert load("snelstart")["auth"] == [
        {"in": "header", "name": "Ocp-Apim-Subscription-Key"},
        {"in": "query", "name": "subscription-key"},
    ]


# -- facts only ----------------------------------------------------------------------------


def _nodes(node: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    """Every schema node under ``node`` (``properties`` maps hold names, not keywords)."""
    assert isinstance(node, dict), where
    found = [(where, node)]
    for name, sub in node.get("properties", {}).items():
        found += _nodes(sub, f"{where}.{name}")
    for key in ("items", "not", "additionalProperties"):
        if isinstance(node.get(key), dict):
            found += _nodes(node[key], f"{where}.{key}")
    for key in ("allOf", "oneOf", "anyOf"):
        for index, sub in enumerate(node.get(key, [])):
            found += _nodes(sub, f"{where}.{key}[{index}]")
    return found


def _every_node(api: str) -> list[tuple[str, dict[str, Any]]]:
    data = load(api)
    found = []
    for name, schema in data["schemas"].items():
        found += _nodes(schema, name)
    for op_id, op in data["operations"].items():
        media = [*op.get("body", {}).get("media", {}).items()]
        media += [m for answer in op.get("responses", {}).values() for m in answer.items()]
        for kind, node in media:
            if node is not None:
                found += _nodes(node, f"{op_id} {kind}")
        for param in [*op.get("path_params", []), *op.get("query", []), *op.get("headers", [])]:
            found += [(f"{op_id} {param['name']}", param)]
            if "items" in param:
                found += _nodes(param["items"], f"{op_id} {param['name']}.items")
    return found


def test_the_script_keeps_the_keywords_the_readme_documents() -> None:
    assert set(derive_specs.KEEP) | {"ref", "suspect"} == NODE


@pytest.mark.parametrize("api", SPECIFIED)
def test_only_the_documented_vocabulary(api: str) -> None:
    data = load(api)
    assert set(data) <= HEADER
    assert data["format"] == 1
    for op_id, op in data["operations"].items():
        assert set(op) <= OPERATION, op_id
        assert set(op["source"]) <= {"path", "operationId"}, op_id
        assert set(op.get("body", {})) <= {"required", "media"}, op_id
        for param in [*op.get("path_params", []), *op.get("query", []), *op.get("headers", [])]:
            assert set(param) <= PARAMETER, (op_id, param)
    for where, node in _every_node(api):
        allowed = PARAMETER if "name" in node else NODE
        assert set(node) <= allowed, (where, set(node) - allowed)


@pytest.mark.parametrize("api", SPECIFIED)
def test_no_prose_leaks(api: str) -> None:
    for where, node in _every_node(api):
        assert not PROSE & set(node), where
    text = (ROOT / "clearance" / "specs" / f"{api}.json").read_text(encoding="utf-8")
    # words only prose uses: the sources' descriptions say these, their facts never do
    for phrase in ("<a href", "<remarks>", "Voor deze operatie", "The unique identifier"):
        assert phrase not in text


# -- what may be an artefact is marked ---------------------------------------------------


def _reasons_in_readme() -> set[str]:
    readme = (ROOT / "clearance" / "specs" / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Suspect constraints", 1)[1]
    return set(re.findall(r"^\| `([a-z0-9-]+[A-Za-z]*)` \|", table, re.MULTILINE))


def test_every_reason_used_is_documented_and_every_documented_one_used() -> None:
    used: set[str] = set()
    for api in SPECIFIED:
        for _, node in _every_node(api):
            used |= {r for reasons in node.get("suspect", {}).values() for r in reasons}
        for op in load(api)["operations"].values():
            used |= {r for reasons in op.get("suspect", {}).values() for r in reasons}
    assert used == _reasons_in_readme() == set(derive_specs.REASONS)


def test_the_provenance_artefacts_are_marked() -> None:
    fortnox = load("fortnox")
    customer = fortnox["schemas"]["Customer"]["properties"]
    assert customer["Address1"]["suspect"] == {"minLength": ["not-required"]}
    assert "equals-maxLength" in customer["GLN"]["suspect"]["minLength"]
    assert "suspect" not in customer["Name"]  # required: minLength 1 stands
    update = fortnox["operations"]["PUT /customers/{CustomerNumber}"]
    assert update["suspect"] == {"required": ["shared-with-create"]}
    assert update["shares_body_with"] == ["POST /customers"]
    assert "suspect" not in fortnox["operations"]["POST /customers"]

    top = {p["name"]: p for p in load("snelstart")["operations"]["GET /artikelen"]["query"]}
    assert (top["$top"]["maximum"], top["$top"]["default"]) == (25, 500)
    assert top["$top"]["suspect"] == {
        "default": ["default-outside-range"],
        "maximum": ["default-outside-range"],
    }
    relaties = {p["name"]: p for p in load("snelstart")["operations"]["GET /relaties"]["query"]}
    assert "suspect" not in relaties["$top"]

    invoicexpress = load("invoicexpress")
    receipt = invoicexpress["schemas"]["InvoiceReceiptsRequest"]
    assert receipt["suspect"] == {"properties": ["root-key"]}
    item = invoicexpress["operations"]["PUT /items/{id}.json"]
    assert item["suspect"] == {"required": ["shared-with-create"]}
    assert item["shares_body_with"] == ["POST /items.json"]


def test_yaml_scalars_are_read_as_json_would_read_them(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    source = tmp_path / "spec.yaml"
    source.write_text("a: NO\nb: 2024-01-01\nc: yes\nd: true\ne: 12\nf: 1.5\ng: null\nh: 0o7\n")
    assert derive_specs.read(source) == {
        "a": "NO",
        "b": "2024-01-01",
        "c": "yes",
        "d": True,
        "e": 12,
        "f": 1.5,
        "g": None,
        "h": "0o7",
    }


def test_an_unknown_api_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="fortnox, snelstart, invoicexpress"):
        load("kassa")


def test_a_clone_without_the_specifications_passes_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clone = tmp_path / "a" / "clone"
    clone.mkdir(parents=True)
    monkeypatch.setattr(derive_specs, "ROOT", clone)
    monkeypatch.delenv("CLEARANCE_SPECS", raising=False)
    assert derive_specs.find_specs() is None
    assert derive_specs.main(["--check"]) == 0
    assert "nothing to derive" in capsys.readouterr().out
