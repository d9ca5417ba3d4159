"""When the linter cannot place a file, or a placement names nothing, it points the way.

A payload that no option or configuration places gets a guess from its shape and its
path (the api, the endpoint), or the list of likely endpoints when the guess is unsure.
An unknown endpoint, method or host names the file and the closest endpoints, never a
dump of every endpoint; a configuration's mistake names its ``pyproject.toml``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from clearance.cli import main

if TYPE_CHECKING:
    from pathlib import Path


def _place(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    payload: object,
    *args: str,
) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--isolated", *args, name]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1].endswith("1 error (see above).")
    return captured.err


def _config_line(name: str, api: str, endpoint: str) -> str:
    return f'    "{name}" = {{ api = "{api}", endpoint = "{endpoint}" }}'


# -- guessing from the payload and the path ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "payload", "api", "endpoint"),
    [
        ("notes/a.json", {"line_item_name": "Tee"}, "kassa", "POST /articles"),
        (
            "notes/b.json",
            {"Customer": {"Name": "Acme AB", "OrganisationNumber": "556677-8899"}},
            "fortnox",
            "POST /customers",
        ),
        ("notes/c.json", {"Invoice": {"CustomerNumber": "1"}}, "fortnox", "POST /invoices"),
        (
            "notes/d.json",
            {"relatiesoort": ["Klant"], "naam": "Acme BV", "relatiecode": 17},
            "snelstart",
            "POST /relaties",
        ),
        (
            "notes/e.json",
            {"client": {"name": "Joana", "fiscal_id": "123456789", "country": "Portugal"}},
            "invoicexpress",
            "POST /clients.json",
        ),
        (
            "fixtures/simplified/f.json",
            {"invoice": {"date": "03/12/2017", "due_date": "03/12/2017", "items": []}},
            "invoicexpress",
            "POST /simplified_invoices.json",
        ),
        ("notes/g.json", {"setProduct": {"name": "Tea", "price": "1"}}, "co3", "setProduct"),
        ("fixtures/fortnox/orders/h.json", {}, "fortnox", "POST /orders"),
    ],
)
def test_the_hint_fits_the_payload(
    *,
    name: str,
    payload: object,
    api: str,
    endpoint: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = _place(tmp_path, monkeypatch, capsys, name, payload)
    assert f"{name}: cannot tell which endpoint this file is for" in err
    assert _config_line(name, api, endpoint) in err
    if api != "kassa":
        assert "kassa" not in err


def test_an_unsure_guess_says_so_and_lists_the_likely_endpoints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = {"invoice": {"date": "03/12/2017", "due_date": "03/12/2017", "items": []}}
    err = _place(tmp_path, monkeypatch, capsys, "notes/doc.json", payload)
    assert "likely" in err
    for endpoint in (
        "POST /invoices.json",
        "POST /invoice_receipts.json",
        "POST /credit_notes.json",
    ):
        assert f"invoicexpress {endpoint}" in err


def test_a_payload_that_fits_nothing_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    err = _place(tmp_path, monkeypatch, capsys, "notes/x.json", {"zzz": 1})
    assert "nothing in it suggests an endpoint" in err
    assert 'api = "kassa"' not in err
    assert err.count("\n") < 10


def test_with_api_the_guess_stays_in_that_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = {"Order": {"CustomerNumber": "1", "OrderDate": "2026-11-21"}}
    err = _place(tmp_path, monkeypatch, capsys, "notes/a.json", payload, "--api", "fortnox")
    assert "which fortnox endpoint" in err
    assert _config_line("notes/a.json", "fortnox", "POST /orders") in err


# -- unknown endpoints, methods, hosts ---------------------------------------------------


def _request(method: str, url: str) -> dict[str, object]:
    return {"method": method, "url": url, "headers": {}, "body": {}}


@pytest.mark.parametrize(
    ("method", "url", "expected"),
    [
        (
            "POST",
            "https://meinefirma.kassa.at/api/v1/artikles",
            "no kassa endpoint is POST /artikles (did you mean POST /articles?)",
        ),
        (
            "PATCH",
            "https://meinefirma.kassa.at/api/v1/articles/17",
            (
                "no kassa endpoint is PATCH /articles/17: that path takes PUT, DELETE "
                "(PUT /articles/{id}, DELETE /articles/{id})"
            ),
        ),
        (
            "POST",
            "https://api.fortnox.se/3/customer",
            "no fortnox endpoint is POST /customer (did you mean POST /customers?)",
        ),
    ],
)
def test_an_unknown_endpoint_names_the_file_and_the_closest(
    *,
    method: str,
    url: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = _place(tmp_path, monkeypatch, capsys, "req.json", _request(method, url))
    assert err == f"clearance: req.json: {expected}\n"


def test_an_unknown_host_names_the_file_and_the_api_it_resembles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    request = _request("POST", "https://meinefirma.kasa.at/api/v1/articles")
    err = _place(tmp_path, monkeypatch, capsys, "req.json", request)
    assert err.startswith("clearance: req.json: no api answers on host 'meinefirma.kasa.at'")
    assert "did you mean kassa" in err


def test_a_host_of_another_api_than_api_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    request = _request("POST", "https://meinefirma.kassa.at/api/v1/articles")
    err = _place(tmp_path, monkeypatch, capsys, "req.json", request, "--api", "fortnox")
    assert err == (
        "clearance: req.json: the URL's host meinefirma.kassa.at is kassa's, "
        "but --api says fortnox\n"
    )


def test_an_unknown_endpoint_option_suggests_and_does_not_dump(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture = tmp_path / "a.json"
    fixture.write_text("{}", "utf-8")
    assert main(["check", "--api", "kassa", "--endpoint", "POST /article", str(fixture)]) == 2
    err = capsys.readouterr().err
    assert err == (
        "clearance: --endpoint: no kassa endpoint is 'POST /article' "
        "(did you mean 'POST /articles'?)\n"
    )


# -- the configuration's own mistakes --------------------------------------------------


def test_a_config_endpoint_that_does_not_exist_names_pyproject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.clearance]\n\n[tool.clearance.files]\n"
        '"fixtures/*.json" = { api = "kassa", endpoint = "POST /article" }\n',
        "utf-8",
    )
    (tmp_path / "fixtures").mkdir()
    for name in ("a.json", "b.json"):
        (tmp_path / "fixtures" / name).write_text("{}", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "fixtures"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "clearance: pyproject.toml:4:1: [tool.clearance.files] 'fixtures/*.json': "
        "no kassa endpoint is 'POST /article' (did you mean 'POST /articles'?)\n"
    )


def test_config_naming_a_folder_says_which_file_to_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.clearance]\n", "utf-8")
    fixture = tmp_path / "a.json"
    fixture.write_text("{}", "utf-8")
    assert main(["check", "--config", str(tmp_path), str(fixture)]) == 2
    err = capsys.readouterr().err
    assert "Errno" not in err
    assert err == (
        f"clearance: --config {tmp_path}: is a folder; name the file: "
        f"--config {tmp_path / 'pyproject.toml'}\n"
    )
    assert main(["check", "--config", str(tmp_path / "nope.toml"), str(fixture)]) == 2
    assert (
        capsys.readouterr().err == f"clearance: --config {tmp_path / 'nope.toml'}: no such file\n"
    )
