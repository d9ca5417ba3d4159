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
from collections.abc import Iterable, Mapping
from typing import Annotated, Any
from urllib.parse import SplitResult, parse_qsl

from clearance import _json
from clearance.api import Api, Endpoint, Headers
from clearance.errors import UnknownEndpointError
from clearance.model import Body
from clearance.report import Finding, Location
from clearance.specmodels import Models, Overlay
from clearance.specs import load

from . import boekingen, extravelden, overige, relaties
from .common import GUID, K, spec
from .odata import ODATA_LISTS, ODataQuery, PrijsafspraakQuery
from .policy import SnelstartPolicy

__all__ = ["API", "ENDPOINTS", "LIST_RESOURCES", "MODELS", "Snelstart"]

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
            found: list[tuple[int, Endpoint, dict[str, str]]] = []
            for endpoint in self.endpoints.values():
                if endpoint.method != method.upper():
                    continue
                match = re.fullmatch(endpoint.path_pattern().pattern, path, re.IGNORECASE)
                if match:
                    found.append((len(match.groupdict()), endpoint, match.groupdict()))
            if not found:
                raise
            # Literal paths win here too (``/Artikelen/PrijsAfspraken`` is no ``{id}``).
            _, endpoint, params = min(found, key=lambda item: item[0])
            return endpoint, params


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


# -- the models: the specification's schemas, with what the documentation adds ----------

#: Every overlay, by the name an endpoint (or a nested field) reads its schema by.
OVERLAYS: dict[str, Overlay] = {
    **relaties.OVERLAYS,
    **boekingen.OVERLAYS,
    **overige.OVERLAYS,
    **extravelden.OVERLAYS,
    **{f"query GET /{path}": Overlay(base=ODataQuery) for path in ODATA_LISTS},
    "query GET /prijsafspraken": Overlay(base=PrijsafspraakQuery),
}

#: The models of every schema, built when an endpoint is first checked.
MODELS = Models("snelstart", SnelstartPolicy(OVERLAYS), OVERLAYS, "clearance.validators.snelstart")


#: The OData options the lists take [SPEC].
_ODATA_OPTIONS = frozenset({"$filter", "$top", "$skip"})


class NoParameters(Body):
    """The query of an operation that documents none (unknown parameters are ignored)."""


class IdPath(Body):
    """The ``{id}`` in the URL, where the specification says it is a GUID (ALG-0103)."""

    id: Annotated[str, K.param("ALG-0103", GUID)]


def _operation(operation: str) -> Mapping[str, Any]:
    found: Mapping[str, Any] = load("snelstart")["operations"][operation]
    return found


def _query(operation: str) -> type[Body]:
    """The model of an operation's query: the specification's parameters, or none.

    A list whose parameters are the OData options alone is read by its overlay's class
    itself (the options are no fields: its cross checks judge them), one model for all.
    """
    names = {p["name"] for p in _operation(operation).get("query", ())}
    if not names:
        return NoParameters
    overlay = OVERLAYS.get(f"query {operation}")
    if overlay is not None and overlay.base is not None and names <= _ODATA_OPTIONS:
        return overlay.base
    return MODELS.parameters(operation)


def _path(operation: str) -> type[Body] | None:
    """The model of an operation's path parameters: a GUID is ALG-0103, the rest text.

    ``GET /vatrates/{id}`` takes a country code and ``GET /echo/{input}`` any text: no
    parameter of theirs is a GUID, so nothing of their URL is judged.
    """
    params = _operation(operation).get("path_params", ())
    if [(p["name"], p.get("format")) for p in params] == [("id", "uuid")]:
        return IdPath
    if not any(p.get("format") == "uuid" for p in params):
        return None
    return MODELS.parameters(operation, "path")


# -- the endpoint table ---------------------------------------------------------------

#: Resources whose ``GET /<resource>`` list takes OData ($filter, $top, $skip) [SPEC].
LIST_RESOURCES = ODATA_LISTS


def _paths(operation: str) -> Any:
    """What builds the model of an operation's path, if it has parameters."""
    return (lambda: _path(operation)) if "{" in operation else None


def _write(operation: str, schema: str) -> Endpoint:
    """A POST or PUT: its body the model of ``schema`` (an overlay's name or the spec's)."""
    return Endpoint(operation, MODELS.lazy(schema), _paths(operation))


def _read(operation: str) -> Endpoint:
    """A GET or DELETE: its query, and the parameters of its path."""
    return Endpoint(operation, lambda: _query(operation), _paths(operation))


_ARRAY = "SnelStart-B2B-Api-V2-Models-{}ModelArray"

#: Every operation of the specification, in its order: 31 writes, 65 reads and deletes.
ENDPOINTS: tuple[Endpoint, ...] = (
    _read("GET /actieprijzen"),
    _read("GET /artikelen"),
    _write("POST /artikelen", "Artikel POST"),
    _read("GET /artikelen/prijsafspraken"),
    _read("GET /artikelen/{id}"),
    _write("PUT /artikelen/{id}", "Artikel PUT"),
    _read("DELETE /artikelen/{id}"),
    _read("GET /artikelen/{id}/customFields"),
    _write("PUT /artikelen/{id}/customFields", _ARRAY.format("CustomFields-UpdatedCustomField")),
    _read("GET /artikelomzetgroepen"),
    _read("GET /artikelomzetgroepen/{id}"),
    _read("GET /authorization/HasUserAccessToAdministration"),
    _write("POST /bankafschriftbestanden", "SnelStart-B2B-Api-V2-Models-BankafschriftBestandArray"),
    _read("GET /bankboekingen"),
    _write("POST /bankboekingen", "Bankboeking POST"),
    _read("GET /bankboekingen/{id}"),
    _write("PUT /bankboekingen/{id}", "Bankboeking PUT"),
    _read("DELETE /bankboekingen/{id}"),
    _read("GET /btwaangiftes"),
    _read("GET /btwaangiftes/{id}"),
    _write(
        "PUT /btwaangiftes/{id}/externAangeven", spec("BtwAangiftes.UpdateBtwAangifteStatusModel")
    ),
    _read("GET /btwtarieven"),
    _read("GET /companyInfo"),
    _write("PUT /companyInfo", spec("CompanyInfo.CompanyInfoModel")),
    _read("GET /dagboeken"),
    _write("POST /documenten/{documenttype}", "Document POST"),
    _read("GET /documenten/{documenttype}/{pid}"),
    _read("GET /documenten/{id}"),
    _write("PUT /documenten/{id}", "Document PUT"),
    _read("DELETE /documenten/{id}"),
    _read("GET /echo/{input}"),
    _read("GET /grootboeken"),
    _write("POST /grootboeken", "Grootboek POST"),
    _read("GET /grootboeken/{id}"),
    _read("GET /grootboekmutaties"),
    _read("GET /grootboekmutaties/{id}"),
    _write("POST /inkoopboekingen", "Inkoopboeking POST"),
    _write("POST /inkoopboekingen/CreateFromAttachment", spec("Inkoopboekingen.AttachmentModel")),
    _read("GET /inkoopboekingen/GetCreateFromAttachmentStatus"),
    _write("POST /inkoopboekingen/ubl", spec("Bijlagen.UblContentModel")),
    _read("GET /inkoopboekingen/{id}"),
    _write("PUT /inkoopboekingen/{id}", "Inkoopboeking PUT"),
    _read("DELETE /inkoopboekingen/{id}"),
    _read("GET /inkoopfacturen"),
    _read("GET /kasboekingen"),
    _write("POST /kasboekingen", "Kasboeking POST"),
    _read("GET /kasboekingen/{id}"),
    _write("PUT /kasboekingen/{id}", "Kasboeking PUT"),
    _read("DELETE /kasboekingen/{id}"),
    _read("GET /kostenplaatsen"),
    _write("POST /kostenplaatsen", "Kostenplaats POST"),
    _read("GET /kostenplaatsen/{id}"),
    _write("PUT /kostenplaatsen/{id}", "Kostenplaats PUT"),
    _read("DELETE /kostenplaatsen/{id}"),
    _read("GET /landen"),
    _read("GET /landen/{id}"),
    _write("POST /memoriaalboekingen", "Memoriaalboeking POST"),
    _read("GET /memoriaalboekingen/{id}"),
    _write("PUT /memoriaalboekingen/{id}", "Memoriaalboeking PUT"),
    _read("DELETE /memoriaalboekingen/{id}"),
    _read("GET /offertes"),
    _write("POST /offertes", "Offerte POST"),
    _read("GET /offertes/{id}"),
    _write("PUT /offertes/{id}", "Offerte PUT"),
    _read("DELETE /offertes/{id}"),
    _read("GET /prijsafspraken"),
    _read("GET /rapportages/kolommenbalans"),
    _read("GET /rapportages/periodebalans"),
    _read("GET /relaties"),
    _write("POST /relaties", "Relatie POST"),
    _read("GET /relaties/{id}"),
    _write("PUT /relaties/{id}", "Relatie PUT"),
    _read("DELETE /relaties/{id}"),
    _read("GET /relaties/{id}/customFields"),
    _write("PUT /relaties/{id}/customFields", spec("CustomFields.RelatieUpdatedCustomFieldsModel")),
    _read("GET /relaties/{id}/doorlopendeincassomachtigingen"),
    _read("GET /relaties/{id}/inkoopboekingen"),
    _read("GET /relaties/{id}/verkoopboekingen"),
    _read("GET /vatratedefinitions"),
    _read("GET /vatrates"),
    _read("GET /vatrates/{id}"),
    _write("POST /verkoopboekingen", "Verkoopboeking POST"),
    _read("GET /verkoopboekingen/{id}"),
    _write("PUT /verkoopboekingen/{id}", "Verkoopboeking PUT"),
    _read("DELETE /verkoopboekingen/{id}"),
    _read("GET /verkoopfacturen"),
    _read("GET /verkoopfacturen/{id}"),
    _read("GET /verkoopfacturen/{id}/ubl"),
    _read("GET /verkooporders"),
    _write("POST /verkooporders", "Verkooporder POST"),
    _read("GET /verkooporders/{id}"),
    _write("PUT /verkooporders/{id}", "Verkooporder PUT"),
    _read("DELETE /verkooporders/{id}"),
    _write("PUT /verkooporders/{id}/ProcesStatus", "ProcesStatus PUT"),
    _read("GET /verkoopordersjablonen"),
    _read("GET /verkoopordersjablonen/{id}"),
)

API = Snelstart(ENDPOINTS)
