r"""Fortnox successes: the entity wrapped in its name, ``{"Customer": {...}}``.

Recorded [REC]: a create answers **201** with the wrapped entity, ``@url`` first
(``{"Customer":{"@url":"https:\/\/api.fortnox.se\/3\/customers\/6",...,
"CustomerNumber":"6",...}}``); an update answers 200 the same way; lists answer the
plural name and ``MetaInformation`` [DOC/REC]; a delete answers 204 [DOC]. Serialised as
PHP's ``json_encode`` writes it: compact, non-ASCII as ``\uXXXX``, ``/`` as ``\/`` (as in
the recorded bodies).

The packaged specification lost its responses, so everything else follows conventions,
with names taken from its schemas [SPEC: the wrappers' property names, the official
client's models]:

* the entity's name is the one its wrapper schema gives the resource
  (``/absencetransactions`` -> ``AbsenceTransaction``, ``/currencies`` -> ``Currency``,
  ``/assets/types`` -> ``Type``), else the request's own root key, else the path's
  singular; a list's name is the list schema's (``ModesOfPayments``, ``Currencies``,
  ``VoucherSeriesCollection``), else the entity's name and ``s``;
* ``POST /<resource>``: 201, the request's entity, numbered: the number's name is the
  last parameter of the resource's ``PUT`` or ``GET`` twin (``PUT
  /customers/{CustomerNumber}``: ``CustomerNumber``), taken from the request or new;
* ``PUT`` and ``GET`` of one entity: 200, the request's entity with the URL's
  parameters (every one of them: ``/vouchers/{VoucherSeries}/{VoucherNumber}``);
* ``GET /<resource>`` and the ``sublist`` reads: 200, an empty list and
  ``MetaInformation`` (page 1 of 1, no resources); the singletons
  (``/companyinformation``, ``/settings/company``, ``/settings/lockedperiod``, ``/me``,
  ``/euvatlimitregulation``, ``/emailsenders``, and ``/archive``, ``/inbox``: their
  root ``Folder``) answer their entity;
* actions (``PUT /invoices/{DocumentNumber}/bookkeep``, ``cancel``, ``credit``,
  ``GET .../email``...): 200, the resource's entity [SPEC: the official client's return
  types]; ``createinvoice`` answers an ``Invoice``, ``createorder`` an ``Order``;
  ``print``, ``preview``, ``eprint``, ``printreminder`` answer ``application/pdf``, the
  archive's and inbox's files ``application/octet-stream``, ``/sie/{Type}`` text: with
  an empty body, as the stand-in has no file to give;
* the services outside ``/3`` (``/api/warehouse``, ``/api/time``,
  ``/api/fileattachments``) write bare JSON, as their requests are: the object, or a
  bare array for a list [SPEC: the official client's return types]; their operations
  that return nothing answer 204, the CSV export ``text/csv``;
* ``DELETE``: 204, no body.

No stored state [INF]: a read answers the URL's numbers only, a list is empty; numbers
are typed as the entity's schema types them. The server fills every field it defaults;
the stand-in echoes what was sent.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import TYPE_CHECKING, Any

from clearance.serve.mock import _spec
from clearance.serve.mock._call import endpoint_ids, json_body
from clearance.specs import load

if TYPE_CHECKING:
    from collections.abc import Callable

    from clearance.serve.mock._call import Answer, Call

__all__ = ["SPECIAL", "default", "entity_name", "list_name", "number_name"]

API = "fortnox"
_HEADERS = {"Content-Type": "application/json"}
_BASE = "https://api.fortnox.se"
#: Entity names of resources whose path and wrappers do not tie them together.
ENTITIES = {
    "/me": "MeInformation",  # MeWrap
    # AssetSingle: one asset under the plural name (create, read, update, scrap, ...)
    "/assets": "Assets",
    "/assets/scrap": "Assets",
    "/assets/sell": "Assets",
    "/assets/writedown": "Assets",
    "/assets/writeup": "Assets",
    "/settings/company": "CompanySettings",  # CompanySettingsWrap
    "/archive": "Folder",  # FolderWrap: the archive's root folder
    "/inbox": "Folder",
}
#: ``GET`` reads of one object that have no number in their path.
SINGLETONS = frozenset(
    {
        "/companyinformation", "/settings/company", "/settings/lockedperiod", "/me",
        "/euvatlimitregulation", "/emailsenders", "/archive", "/inbox",
        "/api/warehouse/tenants-v4",
    }
)  # fmt: skip
#: A list under another resource's name [SPEC: the official client's ``ListAssetWrap``].
LIST_NAMES = {"GET /assets/depreciations/{ToDate}": "Assets"}
#: Answers that are files, by the action that asks for them: the official spec's Accept
#: [SPEC], with an empty body (the stand-in has no file to give) [INF].
FILES = {
    "print": "application/pdf",
    "preview": "application/pdf",
    "eprint": "application/pdf",
    "printreminder": "application/pdf",
}
#: Service operations without a body to answer [SPEC: the official client's ``void``];
#: so are the services' actions (``release``, ``void``, ``complete``, ``send``...), but:
VOID = frozenset(
    {
        "POST /api/fileattachments/attachments-v1/validateincludedonsend",
        "POST /api/warehouse/purchaseorders-v1/sendpurchaseorders",
    }
)
#: the service actions that answer their object [SPEC: the official client's types].
ANSWERING_ACTIONS = frozenset(
    {
        "PUT /api/warehouse/purchaseorders-v1/{id}/dropshipcomplete",
        "PUT /api/warehouse/purchaseorders-v1/{id}/response",
    }
)
#: Service operations that answer a count [SPEC: the official client's ``int``].
COUNTS = frozenset({"POST /api/warehouse/stocktaking-v1/{id}/addrows"})


def _answer(status: int, body: Any) -> Answer:
    return status, dict(_HEADERS), json_body(body, ascii_only=True, escape_slash=True)


# -- names, from the specification's schemas ---------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Wrappers:
    """The wrapper schemas' property names, by their lower-case form."""

    #: ``customer`` -> (``Customer``, the schema nodes wrapped in that name)
    objects: dict[str, tuple[str, list[dict[str, Any]]]]
    #: ``customers`` -> ``Customers``
    lists: dict[str, str]


@cache
def _wrappers() -> _Wrappers:
    objects: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    lists: dict[str, str] = {}
    for node in load(API)["schemas"].values():
        members = {
            k: v for k, v in (node.get("properties") or {}).items() if k != "MetaInformation"
        }
        if len(members) != 1:
            continue
        ((key, member),) = members.items()
        if member.get("type") == "array":
            lists.setdefault(key.lower(), key)
        elif "ref" in member:
            objects.setdefault(key.lower(), (key, []))[1].append(member)
    return _Wrappers(objects, lists)


def _segments(template: str) -> list[str]:
    return [part for part in template.split("/") if part]


def _collection(template: str) -> str:
    """The resource's path (``/invoices`` for ``/invoices/{DocumentNumber}/bookkeep``).

    A ``sublist`` is the resource's: ``/prices`` for ``/prices/sublist/{PriceList}/...``.
    """
    head = template.partition("/{")[0].rstrip("/")
    return head.removesuffix("/sublist")


def _singular(word: str) -> str:
    """``currencies`` -> ``currency``, ``customers`` -> ``customer``."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word.removesuffix("s")


def _named(template: str) -> tuple[str, list[dict[str, Any]]] | None:
    """The wrapper name of the resource of ``template``, and the nodes it wraps."""
    collection = _collection(template)
    objects = _wrappers().objects
    if collection in ENTITIES:
        key = ENTITIES[collection]
        return key, objects.get(key.lower(), (key, []))[1]
    segment = _segments(collection)[-1].lower() if collection else ""
    if segment not in _wrappers().lists and segment in objects:  # /companyinformation
        return objects[segment]
    return objects.get(_singular(segment))


@cache
def entity_name(template: str) -> str:
    """The name an entity of ``template``'s resource is wrapped in.

    >>> entity_name("/absencetransactions/{id}"), entity_name("/currencies")
    ('AbsenceTransaction', 'Currency')
    >>> entity_name("/supplierinvoices/{GivenNumber}/bookkeep"), entity_name("/assets/types")
    ('SupplierInvoice', 'Type')
    """
    named = _named(template)
    if named is not None:
        return named[0]
    collection = _collection(template)
    for endpoint in endpoint_ids(API):  # the body a sibling operation wraps
        method, _, other = endpoint.partition(" ")
        if method in {"POST", "PUT"} and _collection(other) == collection:
            body = (_spec_operation(endpoint).get("body") or {}).get("media") or {}
            for node in body.values():
                members = _spec.properties(API, node)
                if len(members) == 1:
                    return next(iter(members))
    segment = _segments(collection)[-1].lower() if collection else ""
    listed = _wrappers().lists.get(segment)
    if listed is not None:  # AssetFileConnections -> AssetFileConnection
        return _singular(listed)
    singular = _singular(segment)
    return singular[:1].upper() + singular[1:]


@cache
def list_name(template: str) -> str:
    """The name of a list of ``template``'s resource.

    >>> list_name("/modesofpayments"), list_name("/voucherseries"), list_name("/units")
    ('ModesOfPayments', 'VoucherSeriesCollection', 'Units')
    """
    collection = _collection(template)
    segment = _segments(collection)[-1].lower() if collection else ""
    lists = _wrappers().lists
    return lists.get(segment) or lists.get(segment + "collection") or entity_name(template) + "s"


def _spec_operation(endpoint: str) -> dict[str, Any]:
    found: dict[str, Any] = load(API)["operations"].get(endpoint) or {}
    return found


def number_name(api_endpoints: tuple[str, ...], template: str) -> str | None:
    """The name of the number of a resource: the last parameter of its ``PUT`` twin.

    Without a ``PUT`` twin, of its ``GET`` twin.

    >>> number_name(("PUT /offers/{DocumentNumber}",), "/offers")
    'DocumentNumber'
    >>> number_name(("GET /financialyears/{Id}",), "/financialyears")
    'Id'
    """
    for method in ("PUT", "GET"):
        prefix = f"{method} {template.rstrip('/')}/{{"
        for endpoint in api_endpoints:
            if endpoint.startswith(prefix) and endpoint.endswith("}"):
                return endpoint.rpartition("{")[2][:-1]
    return None


# -- the answer ---------------------------------------------------------------------------


def _typed(value: str, node: dict[str, Any]) -> int | float | str:
    """A URL's text as the schema types the member (``"17"`` -> 17 for an integer)."""
    kind = _spec.resolve(API, node).get("type")
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        return value
    return value


def _members(template: str) -> dict[str, dict[str, Any]]:
    """The properties of the resource's entity, over every schema wrapped in its name."""
    members: dict[str, dict[str, Any]] = {}
    for node in (_named(template) or ("", []))[1]:
        members.update(_spec.properties(API, node))
    return members


def _sent(call: Call) -> tuple[str | None, dict[str, Any]]:
    """The request's root key and entity.

    A body of one object member is wrapped; any other object is the entity itself
    (``ManualObAsset``, ``CreateAssetFileConnection``).
    """
    value = call.payload()
    if not isinstance(value, dict):
        return None, {}
    if len(value) == 1:
        ((key, fields),) = value.items()
        if isinstance(fields, dict):
            return key, dict(fields)
    return None, dict(value)


def _url(call: Call, path: str) -> str:
    version = "" if call.template.startswith("/api/") else "/3"
    return f"{_BASE}{version}{path}"


def _params(call: Call, members: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {k: _typed(v, members.get(k, {})) for k, v in call.params.items()}


def _action(call: Call) -> str | None:
    """The action of a template that ends in a word after a parameter (``bookkeep``)."""
    head, _, last = call.template.rpartition("/")
    return last if "{" in head and "{" not in last else None


def _service(call: Call) -> Answer:
    """An operation of the services outside ``/3``: bare JSON."""
    if call.method == "DELETE" or call.endpoint in VOID:
        return 204, {}, b""
    if call.endpoint in COUNTS:
        return _answer(200, 0)
    if call.method == "GET":
        if call.template in SINGLETONS:
            return _answer(200, {})
        listing = not call.params or _action(call) is not None
        return _answer(200, [] if listing else dict(call.params))
    if _action(call) is not None and call.endpoint not in ANSWERING_ACTIONS:
        return 204, {}, b""
    return _service_write(call)


def _service_write(call: Call) -> Answer:
    value = call.payload()
    creates = call.method == "POST" and not call.params
    if isinstance(value, list):  # attachments, stock locations: each one back
        items = [_created(call, item) for item in value if isinstance(item, dict)]
        return _answer(201 if creates else 200, items)
    if call.method == "PUT" and not call.params:  # a batch, by the ids in the query
        return _answer(200, [])
    if creates:
        return _answer(201, _created(call, value if isinstance(value, dict) else {}))
    fields = value if isinstance(value, dict) and _action(call) is None else {}
    return _answer(200, {**fields, **call.params})


def _created(call: Call, fields: dict[str, Any]) -> dict[str, Any]:
    """A new service object: the fields sent and, when its schema has one, a new id."""
    body = (_spec_operation(call.endpoint).get("body") or {}).get("media") or {}
    members: dict[str, dict[str, Any]] = {}
    for node in body.values():
        resolved = _spec.resolve(API, node)
        members = _spec.properties(API, resolved.get("items") or resolved)
    created = dict(fields)
    if "id" in members and created.get("id") in {None, ""}:
        kind = _spec.resolve(API, members["id"])
        number = call.ids.number(API)
        created["id"] = (
            call.ids.guid() if kind.get("format") == "uuid"
            else number if kind.get("type") == "integer" else str(number)
        )  # fmt: skip
    return created


def _read_all(call: Call) -> Answer:
    """A list (empty, page 1 of 1), or a singleton's entity."""
    if _collection(call.template) in SINGLETONS:
        return _answer(200, {entity_name(call.template): {}})
    page = call.query.get("page", "")
    name = LIST_NAMES.get(call.endpoint) or list_name(call.template)
    meta = {
        "@TotalResources": 0,
        "@TotalPages": 1,
        "@CurrentPage": int(page) if page.isdigit() and int(page) > 0 else 1,
    }
    return _answer(200, {name: [], "MetaInformation": meta})


def _one(call: Call, action: str | None) -> Answer:
    """One entity: created (201, numbered), updated, read, or acted on (200)."""
    key, fields = _sent(call)
    if action is not None or call.method == "GET":
        key, fields = None, {}  # an action's body, if any, is not the entity
    named = _named(call.template)
    name = named[0] if named is not None else key or entity_name(call.template)
    members = _members(call.template)
    if call.params:  # PUT, GET, or an action on it: the URL's numbers
        path = call.path.rpartition("/")[0] if action is not None else call.path
        return _answer(200, {name: {"@url": _url(call, path), **fields, **_params(call, members)}})
    number = number_name(endpoint_ids(API), call.template)
    if number is None:
        return _answer(201, {name: fields})
    given = fields.get(number)
    if given in {None, ""}:
        given = _typed(str(call.ids.number(API)), members.get(number, {}))
    url = _url(call, f"{_collection(call.template)}/{given}")
    return _answer(201, {name: {"@url": url, **fields, number: given}})


def default(call: Call) -> Answer:
    """The answer to an endpoint, from its id and the schemas' names (module docstring)."""
    if call.template.startswith("/api/"):
        return _service(call)
    if call.method == "DELETE":
        return 204, {}, b""
    action = _action(call)
    if action in FILES:
        return 200, {"Content-Type": FILES[action]}, b""
    listing = not call.params or "/sublist/" in call.template or call.endpoint in LIST_NAMES
    if call.method == "GET" and listing:
        return _read_all(call)
    return _one(call, action)


# -- answers the official client types otherwise ------------------------------------------


def _created_by(target: str) -> Callable[[Call], Answer]:
    """``createinvoice``, ``createorder``: the new document, referring to its source."""

    def answer(call: Call) -> Answer:
        collection = f"/{target.lower()}s"
        members = _members(collection)
        named = number_name(endpoint_ids(API), collection) or "DocumentNumber"
        number = _typed(str(call.ids.number(API)), members.get(named, {}))
        entity: dict[str, Any] = {"@url": _url(call, f"{collection}/{number}"), named: number}
        reference = entity_name(call.template) + "Reference"
        source = next(iter(call.params.values()), "")
        if reference in members:
            entity[reference] = _typed(source, members[reference])
        return _answer(200, {target: entity})

    return answer


def _fixed(status: int, body: Any) -> Callable[[Call], Answer]:
    def answer(call: Call) -> Answer:
        del call
        return _answer(status, body)

    return answer


def _file(media: str) -> Callable[[Call], Answer]:
    def answer(call: Call) -> Answer:
        del call
        return 200, {"Content-Type": media}, b""

    return answer


def _upload(call: Call) -> Answer:
    """A file put in the archive or the inbox [SPEC: ``FolderFileRowWrap``]."""
    ident = call.ids.guid()
    return _answer(201, {"File": {"@url": _url(call, f"{call.path}/{ident}"), "Id": ident}})


def _bare(call: Call) -> Answer:
    return _answer(201, _sent(call)[1])


#: Endpoints whose answer differs from :func:`default` [SPEC: the official client's
#: return types; INF: an empty body where the answer is a file].
SPECIAL: dict[str, Callable[[Call], Answer]] = {
    "PUT /orders/{DocumentNumber}/createinvoice": _created_by("Invoice"),
    "PUT /contracts/{DocumentNumber}/createinvoice": _created_by("Invoice"),
    "PUT /offers/{DocumentNumber}/createorder": _created_by("Order"),
    "GET /customerreferences": _fixed(200, {"CustomerReference": {"CustomerReferenceRows": []}}),
    "POST /assets/depreciate": _fixed(201, {"AssetsDepreciation": []}),
    "POST /assetfileconnections": _bare,  # AssetFileConnection, bare
    "POST /archive": _upload,
    "POST /inbox": _upload,
    "GET /archive/{id}": _file("application/octet-stream"),
    "GET /inbox/{Id}": _file("application/octet-stream"),
    "GET /sie/{Type}": _file("text/plain"),
    "GET /api/warehouse/purchaseorders-v1/csv": _file("text/csv"),
}
