"""``clearance serve`` in mock mode, run as a separate process and spoken to over TCP.

Per API, with four real clients (urllib, httpx, curl, Node's fetch): a refused request
gets exactly :meth:`clearance.Report.response` (status, headers, body bytes), computed
here in-process for the same request; an accepted one gets the success the API
documents (each expectation below names its source). Then what the server must hold
to: unknown paths and endpoints, size limits, slow and concurrent clients, encodings,
per-request selectors, the log and the report without credentials, and the README's
``curl`` examples, run as written.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import gzip
import json
import re
import socket
import time
import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import httpx
import pytest
from serving import CLIENTS, ROOT, TODAY, Answer, Server, start_server, via_urllib

import clearance
from clearance.apis import APIS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

pytest.importorskip("starlette", reason="clearance serve needs the serve extra")
pytest.importorskip("uvicorn", reason="clearance serve needs the serve extra")

pytestmark = pytest.mark.usefixtures("loopback")

MAX_BODY = 65536
CONTEXT = clearance.Context(today=date.fromisoformat(TODAY))
#: Hop-by-hop and framing headers: the connection's, not the message's (RFC 9110 7.6.1).
FRAMING = frozenset({"content-length", "connection", "keep-alive", "transfer-encoding"})


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(
        tmp_path_factory.mktemp("mock"), "--max-body-bytes", str(MAX_BODY), "--read-timeout", "1"
    )
    yield running
    assert running.stop() == 0, running.text()


# -- the requests ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Request:
    """One HTTP request to an API's real URL."""

    api: str
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None

    def report(self, context: clearance.Context = CONTEXT) -> clearance.Report:
        return clearance.check_request(
            self.api, self.method, self.url, headers=list(self.headers), body=self.body,
            context=context,
        )  # fmt: skip

    def local(self, origin: str) -> str:
        return local_url(origin, self.url)

    def send(self, client: Callable[..., Answer], origin: str) -> Answer:
        return client(self.method, self.local(origin), self.headers, self.body)


def local_url(origin: str, url: str) -> str:
    """CONTRACT section 6: where a request for ``url`` goes to the stand-in."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    fixed = {"api.fortnox.se": "fortnox", "b2bapi.snelstart.nl": "snelstart", "co3app.com": "co3"}
    if host in fixed:
        prefix = f"/{fixed[host]}"
    elif host.endswith(".kassa.at"):
        prefix = f"/kassa/{host.removesuffix('.kassa.at')}"
    else:
        prefix = f"/invoicexpress/{host.removesuffix('.app.invoicexpress.com')}"
    return origin + prefix + parts.path + (f"?{parts.query}" if parts.query else "")


def encoded(body: object) -> bytes | None:
    """A request file's body as bytes: text as UTF-8, JSON values written out."""
    if body is None:
        return None
    return body.encode() if isinstance(body, str) else json.dumps(body, ensure_ascii=False).encode()


def from_file(name: str) -> Request:
    """An ``examples/`` request file (a co3 XML document goes to its plugin URL)."""
    path = ROOT / "examples" / name
    api = path.parent.name
    if path.suffix == ".xml":
        headers = (("Content-Type", "text/xml; charset=utf-8"),)
        return Request(api, "POST", "https://co3app.com/api/product", headers, path.read_bytes())
    data = json.loads(path.read_text(encoding="utf-8"))
    raw = encoded(data.get("body"))
    return Request(api, data["method"], data["url"], tuple(data.get("headers", {}).items()), raw)


REFUSED = {
    "kassa": "kassa/article-create-bad.json",
    "snelstart": "snelstart/verkoopboekingen-create-bad.json",
    "fortnox": "fortnox/order-create-bad.json",
    "invoicexpress": "invoicexpress/invoice-create-bad.json",
    "co3": "co3/contact-set-request-bad.json",
}
ACCEPTED = {
    "kassa": "kassa/article-create.json",
    "snelstart": "snelstart/relaties-create.json",
    "fortnox": "fortnox/invoice-create.json",
    "invoicexpress": "invoicexpress/invoice-create.json",
    "co3": "co3/product-set.xml",
}


def test_the_requests_say_what_the_tests_need() -> None:
    for api in APIS:
        assert not from_file(REFUSED[api]).report().ok, api
        assert from_file(ACCEPTED[api]).report().ok, api


def assert_is_the_report(answer: Answer, report: clearance.Report) -> None:
    """The answer is exactly ``report.response()``: status, headers, body bytes."""
    status, headers, body = report.response()
    assert answer.status == status
    assert answer.body == body
    message = [(k, v) for k, v in answer.headers if k not in FRAMING]
    assert sorted(message) == sorted((k.lower(), v) for k, v in headers.items())
    assert answer.header("content-length") in {None, str(len(body))}


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("api", APIS)
def test_a_refused_request_gets_exactly_the_servers_answer(
    server: Server, api: str, client: str
) -> None:
    request = from_file(REFUSED[api])
    assert_is_the_report(request.send(CLIENTS[client], server.origin), request.report())


# -- accepted: the documented success shapes ------------------------------------------


def kassa_success(answer: Answer, request: Request) -> None:
    # seed 002 ("2.3.2 /create"): 201, {"status": 201, "data": [{"id": 42, ...,
    # "gross_amount_per_item": "9.99", "sales_tax_percentage": "20.0", ...}]}
    assert answer.status == 201
    assert answer.header("content-type") == "application/json; charset=utf-8"
    body = answer.json()
    assert isinstance(body, dict)
    assert body["status"] == 201
    (article,) = body["data"]
    assert isinstance(article["id"], int)
    sent = json.loads(request.body or b"")
    assert article["line_item_name"] == sent["line_item_name"]
    assert article["article_number"] == sent["article_number"]
    assert article["gross_amount_per_item"] == "9.99"
    assert article["sales_tax_percentage"] == "20.0"
    assert article["default_quantity"] == "1.0"


def fortnox_success(answer: Answer, request: Request) -> None:
    # api-notes/fortnox.md section 1 [REC]: 201 with the wrapped entity, "@url" first;
    # recorded bodies are compact ASCII with "\/" (PHP's json_encode)
    assert answer.status == 201
    assert answer.header("content-type") == "application/json"
    invoice = answer.json()["Invoice"]  # type: ignore[index]
    number = invoice["DocumentNumber"]
    assert isinstance(number, str)
    assert number.isdigit()
    assert next(iter(invoice)) == "@url"
    assert invoice["@url"] == f"https://api.fortnox.se/3/invoices/{number}"
    sent = json.loads(request.body or b"")["Invoice"]
    assert invoice["CustomerNumber"] == sent["CustomerNumber"]
    assert invoice["InvoiceRows"] == sent["InvoiceRows"]
    assert answer.body.isascii()
    assert b'"@url":"https:\\/\\/api.fortnox.se\\/3\\/invoices\\/' in answer.body
    assert b"\\u00f6" in answer.body  # "beställningen", as json_encode writes it


def snelstart_success(answer: Answer, request: Request) -> None:
    # OpenAPI v2-relaties-POST [SPEC]: 201 with the RelatieWriteModel (with id and uri)
    assert answer.status == 201
    assert answer.header("content-type") == "application/json; charset=utf-8"
    relatie = answer.json()
    assert isinstance(relatie, dict)
    ident = relatie["id"]
    assert str(uuid.UUID(ident)) == ident
    assert relatie["uri"] == f"/relaties/{ident}"
    sent = json.loads(request.body or b"")
    assert {k: relatie[k] for k in sent} == sent


def invoicexpress_success(answer: Answer, request: Request) -> None:
    # error-codes page [FACT]: 201 Created; every body wrapped in its root key; a new
    # document is a draft
    assert answer.status == 201
    assert answer.header("content-type") == "application/json; charset=utf-8"
    invoice = answer.json()["invoice"]  # type: ignore[index]
    assert isinstance(invoice["id"], int)
    assert invoice["status"] == "draft"
    sent = json.loads(request.body or b"")["invoice"]
    assert invoice["client"] == sent["client"]
    assert invoice["items"] == sent["items"]


def co3_success(answer: Answer, request: Request) -> None:
    # error-handling page [DOC]: answers in the request's format; a set method
    # acknowledges with the result OK; setProduct returns the product id
    del request
    assert answer.status == 200
    assert answer.header("content-type") == "text/xml; charset=utf-8"
    assert answer.body.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<response>')
    root = ET.fromstring(answer.body)  # noqa: S314 - the server's own answer
    assert root.tag == "response"
    assert root.findtext("result") == "OK"
    assert int(root.findtext("id") or "") > 0  # <id>0</id> asked for a new product


SUCCESS: dict[str, Callable[[Answer, Request], None]] = {
    "kassa": kassa_success,
    "snelstart": snelstart_success,
    "fortnox": fortnox_success,
    "invoicexpress": invoicexpress_success,
    "co3": co3_success,
}


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.parametrize("api", APIS)
def test_an_accepted_request_gets_the_documented_success(
    server: Server, api: str, client: str
) -> None:
    request = from_file(ACCEPTED[api])
    SUCCESS[api](request.send(CLIENTS[client], server.origin), request)


IX_ORIGIN = "https://acme.app.invoicexpress.com"


@pytest.mark.parametrize("client", ["urllib", "httpx", "node"])
def test_an_invoicexpress_list_is_a_page_of_nothing(server: Server, client: str) -> None:
    # the spec's InvoicesResponse: {"invoices": [...], "pagination": {total_entries,
    # current_page, total_pages, per_page}} (square-bit's list sample has the same keys);
    # no stored state: no entries, the page asked for
    request = Request("invoicexpress", "GET", f"{IX_ORIGIN}/invoices.json?api_key=k&page=2&per_page=25",
                      (("Accept", "application/json"),), None)  # fmt: skip
    assert request.report().ok
    answer = request.send(CLIENTS[client], server.origin)
    assert answer.status == 200
    assert answer.header("content-type") == "application/json; charset=utf-8"
    assert answer.json() == {
        "invoices": [],
        "pagination": {"total_entries": 0, "current_page": 2, "total_pages": 0, "per_page": 25},
    }


@pytest.mark.parametrize("client", ["urllib", "curl"])
def test_an_invoicexpress_read_answers_the_object_of_the_url(server: Server, client: str) -> None:
    # the spec's ClientResponse {"client": Client}; a client's id is text
    # (docs.invoicexpress.com/clients/createclient.md: client.id (string))
    request = Request("invoicexpress", "GET", f"{IX_ORIGIN}/clients/17.json?api_key=k",
                      (("Accept", "application/json"),), None)  # fmt: skip
    assert request.report().ok
    answer = request.send(CLIENTS[client], server.origin)
    assert answer.status == 200
    assert answer.json() == {"client": {"id": "17"}}
    # a document under its own type's root key, its id a number
    document = dataclasses.replace(request, url=f"{IX_ORIGIN}/invoice_receipts/42.json?api_key=k")
    assert document.report().ok
    assert document.send(CLIENTS[client], server.origin).json() == {"invoice_receipt": {"id": 42}}


def test_created_objects_get_new_ids(server: Server) -> None:
    request = from_file(ACCEPTED["kassa"])
    ids = {
        request.send(via_urllib, server.origin).json()["data"][0]["id"]  # type: ignore[index]
        for _ in range(3)
    }
    assert len(ids) == 3


def test_co3_answers_json_to_json(server: Server) -> None:
    body = {"command": {"setContact": {"api_key": "k", "session_key": "s", "contact_id": 21,
                                       "contact_firm": "Példa Kft."}}}  # fmt: skip
    request = Request("co3", "POST", "https://co3app.com/api/crm",
                      (("Content-Type", "application/json"),), json.dumps(body).encode())  # fmt: skip
    assert request.report().ok
    answer = request.send(via_urllib, server.origin)
    assert answer.status == 200
    assert answer.header("content-type") == "application/json"
    assert answer.json() == {"response": {"result": "OK", "id": 21}}


# -- what is not an API request --------------------------------------------------------


def test_the_index_lists_the_base_urls(server: Server) -> None:
    answer = via_urllib("GET", server.origin + "/", (), None)
    assert answer.status == 200
    text = answer.body.decode()
    assert f"{server.origin}/fortnox/3\n" in text
    assert f"{server.origin}/kassa/COMPANY/api/v1\n" in text


@pytest.mark.parametrize(
    "path",
    ["/nope/3/customers", "/kassa/meine.firma/api/v1/articles", "/kassa", "/invoicexpress/"],
)
def test_a_path_that_names_no_api_is_clearances_own_404(server: Server, path: str) -> None:
    answer = via_urllib("GET", server.origin + path, (), None)
    assert answer.status == 404
    assert "clearance serve" in answer.json()["clearance"]  # type: ignore[index]


def test_an_undocumented_endpoint_gets_a_501_that_says_why(server: Server) -> None:
    answer = via_urllib("GET", server.origin + "/fortnox/3/nothing-here", (), None)
    assert answer.status == 501
    assert "no documented endpoint of fortnox" in answer.json()["clearance"]  # type: ignore[index]


# -- bodies: size, encoding, slowness --------------------------------------------------


def _large(declared: bool) -> tuple[Request, Any]:
    request = from_file(ACCEPTED["kassa"])
    body = json.dumps({"line_item_name": "T", "product_description": "x" * (MAX_BODY + 10)})
    large = dataclasses.replace(request, body=body.encode())
    content: Any = large.body if declared else iter([large.body[:1000], large.body[1000:]])
    return large, content


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_body_over_the_limit_gets_the_apis_413(server: Server, declared: bool) -> None:
    large, content = _large(declared)
    with httpx.Client(trust_env=False, timeout=30) as client:
        response = client.post(large.local(server.origin), headers=list(large.headers),
                               content=content)  # fmt: skip
    limited = dataclasses.replace(CONTEXT, max_body_bytes=MAX_BODY)
    expected = large.report(limited)
    assert [f.code for f in expected.findings] == ["clearance:body-too-large"]
    assert response.status_code == 413
    assert response.content == expected.response()[2]


def test_a_gzip_body_is_checked_inflated(server: Server) -> None:
    request = from_file(REFUSED["kassa"])
    zipped = dataclasses.replace(
        request,
        headers=(*request.headers, ("Content-Encoding", "gzip")),
        body=gzip.compress(request.body or b""),
    )
    answer = zipped.send(via_urllib, server.origin)
    assert answer.status == 400
    assert answer.body == request.report().response()[2]


def test_a_body_clearance_cannot_decode_is_not_judged(server: Server) -> None:
    request = from_file(REFUSED["kassa"])
    brotli = dataclasses.replace(request, headers=(*request.headers, ("Content-Encoding", "br")))
    assert brotli.send(via_urllib, server.origin).status == 501


def test_a_client_too_slow_to_send_its_body_gets_408(server: Server) -> None:
    host, port = urlsplit(server.origin).hostname, urlsplit(server.origin).port
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            b"POST /kassa/meinefirma/api/v1/articles HTTP/1.1\r\nHost: x\r\n"
            b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"line_'
        )
        started = time.monotonic()
        head = sock.recv(65536)
    assert head.startswith(b"HTTP/1.1 408 ")
    assert time.monotonic() - started < 8  # --read-timeout 1


def test_fifty_concurrent_clients_each_get_their_own_answer(server: Server) -> None:
    refused, accepted = from_file(REFUSED["fortnox"]), from_file(ACCEPTED["fortnox"])
    expected = refused.report().response()[2]
    limits = httpx.Limits(max_connections=50)
    with httpx.Client(trust_env=False, timeout=30, limits=limits) as pool:

        def one(n: int) -> bool:
            request = refused if n % 2 else accepted
            response = pool.request(
                request.method, request.local(server.origin), headers=list(request.headers),
                content=request.body,
            )  # fmt: skip
            return response.content == expected if n % 2 else response.status_code == 201

        with concurrent.futures.ThreadPoolExecutor(50) as threads:
            results = list(threads.map(one, range(200)))
    assert all(results)


# -- escape hatches ---------------------------------------------------------------------


def test_clearance_ignore_switches_a_rule_off_for_one_request(server: Server) -> None:
    request = from_file(REFUSED["co3"])
    ignoring = dataclasses.replace(
        request, headers=(*request.headers, ("Clearance-Ignore", "co3:22"))
    )
    assert ignoring.send(via_urllib, server.origin).status == 200
    assert request.send(via_urllib, server.origin).status == 400
    everything = dataclasses.replace(request, headers=(*request.headers, ("Clearance-Ignore", "*")))
    assert everything.send(via_urllib, server.origin).status == 200


# -- the log and the report ---------------------------------------------------------------

SECRETS = ("sekret-token-1", "sekret-key-2", "sekret-sub-3", "sekret-access-4", "sekret-client-5",
           "sekret-co3-6")  # fmt: skip


def test_log_and_report_name_every_request_but_no_credential(server: Server) -> None:
    marker = f"/kassa/secrets{uuid.uuid4().hex[:8]}/api/v1/articles"
    kassa = Request("kassa", "POST", f"https://{marker.split('/')[2]}.kassa.at/api/v1/articles",
                    (("Authorization", SECRETS[0]), ("Content-Type", "application/json")),
                    b'{"line_item_name": "x"}')  # fmt: skip
    codes = [f.code for f in kassa.report().findings]
    kassa.send(via_urllib, server.origin)
    via_urllib("POST", f"{server.origin}/invoicexpress/acme/invoices.json?api_key={SECRETS[1]}",
               (("Content-Type", "application/json"),), b"{}")  # fmt: skip
    via_urllib("GET", f"{server.origin}/snelstart/v2/relaties?subscription-key={SECRETS[2]}",
               (("Ocp-Apim-Subscription-Key", SECRETS[2]),), None)  # fmt: skip
    via_urllib("POST", f"{server.origin}/fortnox/3/customers", (("Access-Token", SECRETS[3]),
               ("Client-Secret", SECRETS[4]), ("Content-Type", "application/json")),
               b'{"Customer": {"Name": "A"}}')  # fmt: skip
    via_urllib("POST", f"{server.origin}/co3/api/crm", (("Content-Type", "text/xml"),),
               f"<command><getContact><api_key>{SECRETS[5]}</api_key><session_key>"
               f"{SECRETS[5]}</session_key></getContact></command>".encode())  # fmt: skip
    log, report = server.text(), (server.report or Path()).read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in log
        assert secret not in report
    assert f"POST {marker} 400 refused kassa 'POST /articles' {','.join(codes)} (" in log
    assert "api_key=***" in log
    lines = [json.loads(line) for line in report.splitlines()]
    mine = next(line for line in lines if line["path"] == marker)
    assert mine["verdict"] == "refused"
    assert mine["status"] == 400
    assert [f["code"] for f in mine["findings"]] == codes
    assert {"time", "method", "api", "endpoint", "mode", "ms"} <= set(mine)


# -- the README ---------------------------------------------------------------------------

README_SECTION = "## Any language: a local stand-in server"


def readme_console() -> list[tuple[str, list[str]]]:
    """The ``$ curl`` commands of the README's serve section, with the output they show."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_SECTION in text, "the README lost its serve section"
    section = text.split(README_SECTION, 1)[1].split("\n## ", 1)[0]
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found:
                found[-1][1].append(line)
    return [(command, output) for command, output in found if command.startswith("curl ")]


def test_the_readme_shows_a_curl_example_per_api() -> None:
    shown = {cmd.split("127.0.0.1:8765/", 1)[1].split("/", 1)[0] for cmd, _ in readme_console()}
    assert shown == set(APIS)


@pytest.mark.parametrize("number", range(len(APIS)))
def test_the_readme_curl_examples_print_what_it_shows(server: Server, number: int) -> None:
    import shlex  # noqa: PLC0415
    import shutil  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    command, output = readme_console()[number]
    argv = shlex.split(command.replace("http://127.0.0.1:8765", server.origin))
    done = subprocess.run([shutil.which("curl") or "curl", "--noproxy", "*", *argv[1:]],
                          capture_output=True, timeout=60, check=False)  # fmt: skip
    assert done.stdout.decode().splitlines() == output
