"""InvoiceXpress specifics the case files cannot express."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from casefiles import CASES, load

import clearance
from clearance.engine import get_api
from clearance.validators import invoicexpress

API = "invoicexpress"
HOST = "https://acme.app.invoicexpress.com"
SEED = Path(__file__).parent / "data" / "seed-invoicexpress.json"

#: The vendor's documented example bodies, verbatim, with the endpoint each belongs to.
VENDOR_EXAMPLES = {
    "POST /invoices.json": {
        "invoice": {
            "date": "03/12/2017",
            "due_date": "03/12/2017",
            "client": {"name": "Client Name", "code": "A1"},
            "items": [
                {
                    "name": "Item Name",
                    "description": "Item Description",
                    "unit_price": "100",
                    "quantity": "5",
                }
            ],
        }
    },
    "POST /shippings.json": {
        "shipping": {
            "date": "03/12/2017",
            "due_date": "03/12/2017",
            "loaded_at": "02/12/2017 19:00:00",
            "address_from": {
                "detail": "Rua 5",
                "city": "Lisboa",
                "postal_code": "1000-555",
                "country": "Portugal",
            },
            "address_to": {
                "detail": "Avenida 10",
                "city": "Porto",
                "postal_code": "2000-555",
                "country": "Portugal",
            },
            "client": {"name": "Client Name", "code": "A1"},
            "items": [
                {
                    "name": "Item Name",
                    "description": "Item Description",
                    "unit_price": "100",
                    "quantity": "5",
                }
            ],
        }
    },
    "PUT /invoices/{id}/change-state.json": {
        "invoice": {"state": "finalized", "message": "Wrong invoice totals."}
    },
    "PUT /invoices/{id}/email-document.json": {
        "message": {
            "client": {"email": "someone@example.com", "save": "0"},
            "subject": "Invoice from company",
            "body": "This is where the email body goes",
            "cc": "cc.client@company.com",
            "bcc": "bcc.client@company.com",
            "logo": "0",
        }
    },
    "POST /clients.json": {
        "client": {
            "name": "Client Name",
            "code": "12345",
            "email": "foo@bar.com",
            "language": "pt",
            "address": "Avenida da República, Lisboa",
            "city": "Lisboa",
            "postal_code": "1050-555",
            "country": "Portugal",
            "fiscal_id": "508025338",
            "website": "www.invoicexpress.com",
            "phone": "213456789",
            "fax": "213456788",
            "preferred_contact": {
                "name": "Bruce Norris",
                "email": "email@invoicexpress.com",
                "phone": "213456789",
            },
            "observations": "Observations",
            "send_options": "1",
        }
    },
    "POST /items.json": {
        "item": {
            "name": "Item name",
            "description": "Item description",
            "unit_price": "9.99",
            "unit": "service",
            "tax": {"name": "IVA23"},
        }
    },
    "POST /taxes.json": {
        "tax": {"name": "IVA23", "value": "23.0", "region": "PT", "default_tax": "1"}
    },
    "POST /sequences.json": {"sequence": {"serie": "2017", "default_sequence": "1"}},
}


@pytest.mark.parametrize("endpoint", sorted(VENDOR_EXAMPLES))
def test_vendor_examples_validate_clean(endpoint: str) -> None:
    body = VENDOR_EXAMPLES[endpoint]
    assert clearance.check(API, endpoint, body).ok
    assert clearance.check(API, endpoint, json.dumps(body).encode()).ok


def test_every_enforced_rule_has_a_failing_case_by_key() -> None:
    """The shared guard compares ``rule.code`` ("422" here) with case keys; this one uses keys."""
    covered = {
        item.split(" ", 1)[0]
        for path in CASES
        if path.parts[-3] == API and path.parts[-2] == "invalid"
        for item in load(path)["expect"]
    }
    spec = get_api(API)
    missing = sorted(rule.key for rule in spec.catalog if rule.key in spec.catalog.used)
    assert not [key for key in missing if key not in covered]


def test_seed_lists_every_message_of_the_error_page() -> None:
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    assert len(seed) == 49
    assert seed.count("Name has already been taken") == 3
    assert "Country Germani was not found" in seed


def test_findings_carry_the_status_as_code() -> None:
    report = clearance.check(API, "POST /taxes.json", {"tax": {"name": "IVA", "value": "120"}})
    assert [(f.code, f.status, f.message) for f in report.findings] == [
        ("422", 422, "Value must be a number between 0 and 99.99"),
        ("422", 422, "Tax region is empty"),
    ]


def test_messages_carry_the_submitted_value() -> None:
    report = clearance.check(API, "PUT /items/{id}.json", {"item": {"unit": "kg"}})
    assert report.findings[0].message == "Unit kg is not included in the list of accepted units"


def test_country_names_are_left_to_the_server() -> None:
    body = {"client": {"name": "Hans", "code": "H1", "country": "Germani"}}
    assert clearance.check(API, "POST /clients.json", body).ok
    rule = get_api(API).catalog["client-country-not-found"]
    assert rule.scope == "server"
    assert rule.format({"value": "Germani"}) == "Country Germani was not found"


def _item_body(quantity: str) -> dict[str, object]:
    item = {"name": "A", "unit_price": "1", "quantity": quantity}
    return {"invoice": {"date": "03/12/2017", "client": {"name": "C"}, "items": [item]}}


def test_summary_follows_the_item_rule_when_it_is_switched_off() -> None:
    """Ignoring an item's rule drops the 'Invoice items is invalid' it would bring along."""
    body = _item_body("0")
    keys = [f.rule.key for f in clearance.check(API, "POST /invoices.json", body).findings]
    assert keys == ["document-items-invalid", "document-item-quantity-not-positive"]
    context = clearance.Context(ignore=frozenset({"document-item-quantity-not-positive"}))
    assert clearance.check(API, "POST /invoices.json", body, context=context).ok


def test_inferred_rules_can_be_switched_off() -> None:
    body = {"item": {"name": "Café", "unit_price": "1", "unit": "chávena"}}
    assert not clearance.check(API, "POST /items.json", body).ok
    context = clearance.Context(ignore=frozenset({"inferred"}))
    assert clearance.check(API, "POST /items.json", body, context=context).ok


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/vnd.api+json",
        "application/xml",
        "text/xml; charset=utf-8",
    ],
)
def test_email_document_takes_json_and_xml_content_types(content_type: str) -> None:
    report = clearance.check_request(
        API,
        "PUT",
        f"{HOST}/quotes/7/email-document.json?api_key=k",
        headers={"Content-Type": content_type},
        body=VENDOR_EXAMPLES["PUT /invoices/{id}/email-document.json"],
    )
    assert report.ok, report.findings


def test_content_type_is_only_checked_for_email_document() -> None:
    report = clearance.check_request(
        API,
        "POST",
        f"{HOST}/invoices.json?api_key=k",
        headers={"Content-Type": "text/plain"},
        body=VENDOR_EXAMPLES["POST /invoices.json"],
    )
    assert report.ok


def test_plain_http_is_refused_before_the_body() -> None:
    report = clearance.check_request(
        API, "POST", "http://acme.app.invoicexpress.com/taxes.json", body={"tax": {}}
    )
    assert [f.rule.key for f in report.findings] == ["clearance:https-required", "access-denied"]
    status, _, body = report.response()
    assert status == 403
    assert body == b'{"errors":[{"error":"HTTP access is denied."}]}'


@pytest.mark.parametrize(
    ("path", "endpoint"),
    [
        ("/invoices/12.json", "PUT /invoices/{id}.json"),
        ("/invoices/12/change-state.json", "PUT /invoices/{id}/change-state.json"),
        ("/fees_notes/12/email-document.json", "PUT /fees_notes/{id}/email-document.json"),
        ("/api/accounts/77/update.json", "PUT /api/accounts/{account_id}/update.json"),
    ],
)
def test_paths_find_their_endpoint(path: str, endpoint: str) -> None:
    assert get_api(API).match("PUT", path)[0].id == endpoint


def test_tax_regions() -> None:
    regions = invoicexpress.tax_regions()
    assert {"PT", "PT-AC", "PT-MA", "ES", "GB", "AN"} <= regions
    assert "PORTUGAL" not in regions
