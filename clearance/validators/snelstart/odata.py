"""Query parameters: every GET and DELETE, and the OData options of the lists that take them.

A query's parameters bind by name in any letter case, as ASP.NET Web API's do; one the
specification requires (a report's ``start``), missing, leaves no action to select.

The lists whose operation the specification names ``…-GET-OData`` take ``$filter``,
``$top`` and ``$skip``, read by ASP.NET Web API OData v3 (``System.Web.Http.OData``):
``$top``/``$skip`` with ``Convert.ToInt32``, so a sign and white space around the digits
pass, and only text that is no whole number is refused. System query options are
case-sensitive (``$Top`` is not ``$top``); others (``$select``, ``$orderby``,
``subscription-key``) are not judged.

More information:

* https://b2bapi-developer.snelstart.nl/odata
* https://github.com/OData/WebApi (``OData/src/System.Web.Http.OData``)
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar

from clearance.fields import Check, Invalid
from clearance.fields.odata import count, filter_syntax
from clearance.fields.shapes import between
from clearance.model import Violation
from clearance.report import Context

from .common import K, SnelstartBody, fold

__all__ = ["MAX_TOP", "ODATA_LISTS", "ODataQuery", "PrijsafspraakQuery", "Query"]

#: "Bij OData functionaliteit worden er maximaal 500 items teruggegeven" (OData page).
MAX_TOP = 500
INT32_MAX = 2**31 - 1

#: The lists whose ``operationId`` ends in ``-GET-OData`` [SPEC]: ``GET /<path>``.
ODATA_LISTS = (
    "actieprijzen", "artikelen", "artikelen/prijsafspraken", "bankboekingen", "btwaangiftes",
    "grootboeken", "grootboekmutaties", "inkoopfacturen", "kasboekingen", "offertes",
    "prijsafspraken", "relaties", "vatratedefinitions", "vatrates", "verkoopfacturen",
    "verkooporders",
)  # fmt: skip

_FILTER = filter_syntax()
_COUNT = count()
#: What ``Convert.ToInt32`` (``Int32.Parse``, ``NumberStyles.Integer``) reads: white space
#: around, a sign, ASCII digits; .NET's number parser also ignores trailing NULs.
_INT_TEXT = re.compile(r"[\t-\r ]*([+-]?[0-9]+)[\t-\r ]*\x00*")


def _values(value: Any) -> list[Any]:
    """A query parameter's values (a repeated parameter comes as a list)."""
    return value if isinstance(value, list) else [value]


class Query(SnelstartBody):
    """The query parameters of a GET or DELETE (its required ones: ``REQUIRED``).

    ``CONTROLLER`` names the ASP.NET controller, which the answer to a missing one names.
    """

    CONTROLLER: ClassVar[str] = ""

    @K.cross_check("clearance:query-parameter-missing")
    def _required(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        data = fold(cls, data)
        for name in cls.REQUIRED:
            # Only an absent one: a name given empty (``end=``) still selects the action,
            # and what the action does with the empty value is not documented.
            if data.get(name) is None:
                ctx = {"controller": cls.CONTROLLER, "field": name}
                yield Violation(K["clearance:query-parameter-missing"], (name,), ctx)


class ODataQuery(Query):
    """The query of a list that takes OData (``$filter``, ``$top``, ``$skip``)."""

    #: For :mod:`clearance.testing`: the options the cross checks judge, and their checks.
    __clearance_drawn__: ClassVar[Mapping[str, tuple[Check, ...]]] = {
        "$filter": (_FILTER,),
        "$top": (_COUNT, between(1, MAX_TOP)),
        "$skip": (_COUNT, between(0, INT32_MAX)),
    }

    #: Documented queries (the OData page's examples) and none, for :mod:`clearance.testing`.
    SAMPLES: ClassVar[tuple[Mapping[str, Any], ...]] = (
        {},
        {"$filter": "Email eq 'bart@snelstart.nl'"},
        {"$filter": "ModifiedOn gt datetime'2017-07-16T23:59:59.999'", "$top": 500},
        {"$filter": "startswith(Naam,'Test') eq true", "$select": "Id,Naam", "$skip": 10},
    )

    @K.cross_check(
        "ALG-0104",
        "clearance:odata-option-empty",
        "clearance:odata-top-invalid",
        "clearance:odata-skip-invalid",
        "clearance:odata-top-too-large",
        "clearance:odata-count-outside-specified",
    )
    def _options(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        for key, value in data.items():
            if key not in {"$filter", "$top", "$skip"}:
                continue
            for item in _values(value):
                yield from _option(key, item)


def _option(key: str, item: Any) -> Iterator[Violation]:
    shown = str(item) if isinstance(item, int) and not isinstance(item, bool) else item
    if key == "$filter":
        try:
            _FILTER.fn(shown)
        except Invalid as exc:
            yield Violation(K["ALG-0104"], (key,), {"reason": str(exc)})
        return
    if shown is None or (isinstance(shown, str) and not shown.strip()):
        yield Violation(K["clearance:odata-option-empty"], (key,), {"option": key})
        return
    found = _INT_TEXT.fullmatch(shown) if isinstance(shown, str) else None
    if found is None:
        code = "clearance:odata-top-invalid" if key == "$top" else "clearance:odata-skip-invalid"
        yield Violation(K[code], (key,), {"Value": shown if isinstance(shown, str) else item})
        return
    number = int(found.group(1))
    least = 1 if key == "$top" else 0
    if not least <= number <= INT32_MAX:
        ctx = {"option": key, "Value": shown, "range": f"{least} .. {INT32_MAX}"}
        yield Violation(K["clearance:odata-count-outside-specified"], (key,), ctx)
    elif key == "$top" and number > MAX_TOP:
        yield Violation(K["clearance:odata-top-too-large"], (key,), {"Value": number})


class PrijsafspraakQuery(ODataQuery):
    """Query of ``GET /prijsafspraken``: the filter must name Artikel/Id."""

    SAMPLES = (
        {
            "$filter": "Artikel/Id eq guid'b3e1e950-d3aa-4005-ac58-fe057c9dc624'"
            " and Relatie/Id eq guid'75b4fe7b-062b-4ae1-bad1-5c5e3866a2ae'"
            " and Aantal eq 6 and Datum eq datetime'2021-01-01'"
        },
    )

    @K.cross_check("clearance:prijsafspraken-artikel-id-missing")
    def _artikel(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        filters = [v for v in _values(data.get("$filter")) if isinstance(v, str)]
        if not any("artikel/id" in f.lower() for f in filters):
            yield Violation(K["clearance:prijsafspraken-artikel-id-missing"], ("$filter",))
