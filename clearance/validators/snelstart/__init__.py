"""SnelStart B2B API v2 (Dutch accounting).

JSON bodies in camelCase behind Azure API Management: every call carries an
``Ocp-Apim-Subscription-Key`` (or ``?subscription-key=``) and an ``Authorization: Bearer``
token. The server validates a body with ASP.NET Web API and Json.NET and answers HTTP 400
with a JSON array, one ``{"errorCode", "message", "details"}`` per failed rule; codes are
``{resource}-{number}`` (REL-0011, BOE-0058, ...). Json.NET binds property names in any
letter case and converts numeric strings, so clearance does too.

Facts a request does not carry come from :class:`clearance.Context`: the URL's ``{id}``
(ALG-0101, REL-0047), and the account's facts (:class:`clearance.Account`), without which
BOE-0033 (the current boekjaar) and REL-0006 (Dutch KvK numbers only) refuse nothing. A
custom field's value is judged against its definition when the item carries it (REF-0004 ..
REF-0015).

More information:

* https://b2bapi-developer.snelstart.nl/foutcodes-v2
* https://b2bapi-developer.snelstart.nl/odata
* ``shared/api-notes/snelstart.md`` in the project's research notes
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any
from urllib.parse import SplitResult, parse_qsl

from clearance import _json
from clearance.api import Api, Endpoint, Headers
from clearance.errors import UnknownEndpointError
from clearance.model import Body
from clearance.report import Finding, Location

from .boekingen import (
    Bankboeking,
    Created,
    Inkoopboeking,
    Kasboeking,
    Memoriaalboeking,
    Updated,
    Verkoopboeking,
)
from .common import GUID, K
from .extravelden import RelatieCustomFields
from .odata import ODataQuery, PrijsafspraakQuery
from .overige import Artikel, Document, KostenplaatsCreate, KostenplaatsUpdate, Verkooporder
from .overige import VerkooporderCreate as _VerkooporderNew
from .relaties import RelatieCreate, RelatieUpdate

__all__ = ["API", "ENDPOINTS", "LIST_RESOURCES", "Snelstart"]

#: Request media types with a formatter on the server [SPEC].
MEDIA_TYPES = frozenset({"application/json", "text/json", "application/x-www-form-urlencoded"})


class Snelstart(Api):
    """SnelStart: host ``b2bapi.snelstart.nl``, paths under ``/v2``."""

    name = "snelstart"
    host = re.compile(r"b2bapi\.snelstart\.nl")
    base_path = "/v2"
    #: Every body also takes application/x-www-form-urlencoded [SPEC]: ASP.NET Web API binds
    #: the form's fields as it binds JSON's properties.
    reads_forms = True
    #: An empty body (or JSON null); a body that is not JSON gets each resource's own code
    #: (see :meth:`malformed`).
    malformed_rule = "ALG-0106"
    empty_rule = "ALG-0106"
    too_large_rule = "clearance:body-too-large"
    transport_rules = (
        "clearance:subscription-key-missing",
        "clearance:bearer-token-missing",
        "clearance:unsupported-media-type",
    )

    def parse(self, raw: str | bytes, endpoint: Endpoint) -> Any:
        """JSON; for a query, text that is not JSON binds no parameters (as before binding)."""
        try:
            return super().parse(raw, endpoint)
        except _json.EmptyBodyError:
            raise
        except _json.MalformedJsonError:
            if endpoint.takes_query:
                return {}
            raise

    def malformed(self, endpoint: Endpoint, error: _json.MalformedJsonError) -> Finding:
        """A body that is not JSON binds nothing: each resource answers it with its own code."""
        del error
        return self.not_an_object(endpoint)

    def prepare(self, value: Any, endpoint: Endpoint) -> Any:
        """A query is a mapping of parameters; a body that is not an object binds nothing."""
        if type(value) is not dict and endpoint.takes_query and not isinstance(value, Mapping):
            return {}
        return value

    def transport(
        self, endpoint: Endpoint, url: SplitResult, headers: Headers, path_params: Mapping[str, str]
    ) -> list[Finding]:
        """The subscription key (APIM), the bearer token, and the body's media type."""
        del path_params
        findings: list[Finding] = []
        query = {k.lower(): v for k, v in parse_qsl(url.query, keep_blank_values=True)}
        key = (
            headers.get("Ocp-Apim-Subscription-Key", "").strip()
            or query.get("subscription-key", "").strip()
        )
        if endpoint.auth and not key:
            findings.append(
                self.finding(
                    "clearance:subscription-key-missing",
                    location=Location("header", "Ocp-Apim-Subscription-Key"),
                )
            )
        scheme, _, token = headers.get("Authorization", "").strip().partition(" ")
        if endpoint.auth and (scheme.lower() != "bearer" or not token.strip()):
            findings.append(
                self.finding(
                    "clearance:bearer-token-missing", location=Location("header", "Authorization")
                )
            )
        media = headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if not endpoint.takes_query and media and media not in MEDIA_TYPES:
            findings.append(
                self.finding(
                    "clearance:unsupported-media-type",
                    location=Location("header", "Content-Type"),
                    ctx={"mediaType": media},
                )
            )
        return findings

    def as_written(
        self, value: Any, loc: tuple[str | int, ...]
    ) -> tuple[tuple[str | int, ...], tuple[int, ...]]:
        """Pointers spell keys as the payload does (Json.NET matches them in any case)."""
        return _as_written(value, loc)

    def match(self, method: str, path: str) -> tuple[Endpoint, dict[str, str]]:
        """As the base class; ASP.NET routes ignore letter case, so a second try does too."""
        try:
            return super().match(method, path)
        except UnknownEndpointError:
            for endpoint in self.endpoints.values():
                if endpoint.method != method.upper():
                    continue
                found = re.fullmatch(endpoint.path_pattern().pattern, path, re.IGNORECASE)
                if found:
                    return endpoint, found.groupdict()
            raise


def _as_written(
    value: Any, loc: Iterable[str | int]
) -> tuple[tuple[str | int, ...], tuple[int, ...]]:
    """``loc`` with each key as the payload writes it (any case), and its document order."""
    written: list[str | int] = []
    order: list[int] = []
    current = value
    for step in loc:
        if isinstance(current, Mapping):
            keys = list(current)
            key: Any = step
            if step not in current and isinstance(step, str):
                matches = [k for k in keys if isinstance(k, str) and k.lower() == step.lower()]
                key = matches[-1] if matches else step  # Json.NET: the last one wins
            if key in current:
                order.append(keys.index(key))
                current = current[key]
            else:
                order.append(len(keys))
                current = None
            written.append(key)
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            order.append(step)
            written.append(step)
            current = current[step]
        else:
            order.append(0)
            written.append(step)
            current = None
    return tuple(written), tuple(order)


# -- path parameters ------------------------------------------------------------------


class IdPath(Body):
    """The ``{id}`` in the URL: a GUID (ALG-0103)."""

    id: Annotated[str, K.param("ALG-0103", GUID)]


class DocumentPath(Body):
    """The ``{documenttype}`` of ``POST /documenten/{documenttype}`` (not judged)."""

    documenttype: str | None = None


# -- bodies: new (id empty) and changed (id of the URL) ---------------------------------


class ArtikelCreate(Artikel, Created):
    """Body of ``POST /artikelen``."""


class ArtikelUpdate(Artikel, Updated):
    """Body of ``PUT /artikelen/{id}``."""


class KostenplaatsChange(KostenplaatsUpdate, Updated):
    """Body of ``PUT /kostenplaatsen/{id}``."""


class VerkooporderCreate(_VerkooporderNew, Created):
    """Body of ``POST /verkooporders``."""


class VerkooporderUpdate(Verkooporder, Updated):
    """Body of ``PUT /verkooporders/{id}``."""


class VerkoopboekingCreate(Verkoopboeking, Created):
    """Body of ``POST /verkoopboekingen``."""


class VerkoopboekingUpdate(Verkoopboeking, Updated):
    """Body of ``PUT /verkoopboekingen/{id}``."""


class InkoopboekingCreate(Inkoopboeking, Created):
    """Body of ``POST /inkoopboekingen``."""


class InkoopboekingUpdate(Inkoopboeking, Updated):
    """Body of ``PUT /inkoopboekingen/{id}``."""


class MemoriaalboekingCreate(Memoriaalboeking, Created):
    """Body of ``POST /memoriaalboekingen``."""


class MemoriaalboekingUpdate(Memoriaalboeking, Updated):
    """Body of ``PUT /memoriaalboekingen/{id}``."""


class KasboekingCreate(Kasboeking, Created):
    """Body of ``POST /kasboekingen``."""


class KasboekingUpdate(Kasboeking, Updated):
    """Body of ``PUT /kasboekingen/{id}``."""


class BankboekingCreate(Bankboeking, Created):
    """Body of ``POST /bankboekingen``."""


class BankboekingUpdate(Bankboeking, Updated):
    """Body of ``PUT /bankboekingen/{id}``."""


class DocumentCreate(Document, Created):
    """Body of ``POST /documenten/{documenttype}``."""


# -- the endpoint table ---------------------------------------------------------------

#: Resources whose ``GET /<resource>`` list takes OData ($filter, $top, $skip) [SPEC].
LIST_RESOURCES = (
    "actieprijzen", "artikelen", "bankboekingen", "btwaangiftes", "grootboeken",
    "grootboekmutaties", "inkoopfacturen", "kasboekingen", "offertes", "relaties",
    "verkoopfacturen", "verkooporders",
)  # fmt: skip


def _changes(resource: str, create: type[Body], update: type[Body]) -> Sequence[Endpoint]:
    return (
        Endpoint(f"POST /{resource}", create),
        Endpoint(f"PUT /{resource}/{{id}}", update, IdPath),
    )


ENDPOINTS: tuple[Endpoint, ...] = (
    *_changes("relaties", RelatieCreate, RelatieUpdate),
    Endpoint("PUT /relaties/{id}/customFields", RelatieCustomFields, IdPath),
    *_changes("artikelen", ArtikelCreate, ArtikelUpdate),
    *_changes("kostenplaatsen", KostenplaatsCreate, KostenplaatsChange),
    *_changes("verkooporders", VerkooporderCreate, VerkooporderUpdate),
    *_changes("verkoopboekingen", VerkoopboekingCreate, VerkoopboekingUpdate),
    *_changes("inkoopboekingen", InkoopboekingCreate, InkoopboekingUpdate),
    *_changes("memoriaalboekingen", MemoriaalboekingCreate, MemoriaalboekingUpdate),
    *_changes("kasboekingen", KasboekingCreate, KasboekingUpdate),
    *_changes("bankboekingen", BankboekingCreate, BankboekingUpdate),
    Endpoint("POST /documenten/{documenttype}", DocumentCreate, DocumentPath),
    *(Endpoint(f"GET /{resource}", ODataQuery) for resource in LIST_RESOURCES),
    Endpoint("GET /prijsafspraken", PrijsafspraakQuery),
)

API = Snelstart(ENDPOINTS)
