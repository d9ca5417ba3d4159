"""The stand-in's parts in-process: URL mapping, and a mock answer for every endpoint."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import pytest

from clearance.apis import APIS, get_api

pytest.importorskip("starlette", reason="clearance serve needs the serve extra")

from clearance.serve import mock
from clearance.serve.urls import HOSTS, Target, UnknownPathError, resolve

ENDPOINTS = [(api, endpoint) for api in APIS for endpoint in get_api(api).endpoints]


@pytest.mark.parametrize("api", APIS)
def test_every_pinned_host_is_one_the_api_answers_on(api: str) -> None:
    target = Target(api, "acme", "/", "")
    assert get_api(api).host.fullmatch(target.host), HOSTS[api]


@pytest.mark.parametrize("account", ["meine.firma", "x@127.0.0.1:9", "a:1", "", "-a", "a%2Eb"])
def test_an_account_that_is_not_a_host_label_is_refused(account: str) -> None:
    with pytest.raises(UnknownPathError, match="not a host name label"):
        resolve(f"/kassa/{account}/api/v1/articles", "")


def test_a_path_keeps_its_encoding_and_query() -> None:
    target = resolve("/fortnox/3/customers/A%2FB", "filter=x%20y")
    assert target.url == "https://api.fortnox.se/3/customers/A%2FB?filter=x%20y"


@pytest.mark.parametrize("api", APIS)
def test_every_special_answer_names_an_endpoint(api: str) -> None:
    module = __import__(f"clearance.serve.mock.{api}", fromlist=["SPECIAL"])
    assert set(module.SPECIAL) <= set(get_api(api).endpoints)


def _call(api: str, endpoint: str) -> mock.Call:
    method, _, template = endpoint.partition(" ")
    params = dict.fromkeys(re.findall(r"\{([^{}]+)\}", template), "17")
    path = re.sub(r"\{[^{}]+\}", "17", template)
    return mock.Call(
        api=api,
        endpoint=endpoint,
        method=method if template else "POST",
        account="acme",
        path=path,
        params=params,
        query={},
        headers={"content-type": "application/json"},
        body=b"",
        form="xml" if api == "co3" else "json",
        ids=mock.Ids(),
    )


@pytest.mark.parametrize(("api", "endpoint"), ENDPOINTS, ids=[f"{a}:{e}" for a, e in ENDPOINTS])
def test_every_endpoint_has_a_success_answer(api: str, endpoint: str) -> None:
    status, headers, body = mock.answer(_call(api, endpoint))
    assert 200 <= status < 300
    if not body:
        return
    media = headers["Content-Type"].partition(";")[0]
    if media == "text/xml":
        assert ET.fromstring(body).tag == "response"  # noqa: S314 - our own answer
    else:
        assert media == "application/json"
        json.loads(body)


def test_ids_count_per_api() -> None:
    ids = mock.Ids(start=5)
    assert [ids.number("kassa"), ids.number("kassa"), ids.number("fortnox")] == [5, 6, 5]
