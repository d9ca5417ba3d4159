"""The query of OData list endpoints (``GET /relaties`` ...): ``$filter``, ``$top``, ``$skip``.

System query options are case-sensitive (``$Top`` is not ``$top``); other parameters
(``$select``, ``$orderby``, ``subscription-key``) are not judged.
"""

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from clearance.fields import Check, Invalid
from clearance.fields.odata import count, filter_syntax
from clearance.fields.shapes import between
from clearance.model import Body, Violation
from clearance.report import Context

from .common import K

__all__ = ["MAX_TOP", "ODataQuery", "PrijsafspraakQuery"]

#: "Maximale waarde voor $top is 500" (OData page).
MAX_TOP = 500

_FILTER = filter_syntax()
_COUNT = count()


def _values(value: Any) -> list[Any]:
    """A query parameter's values (a repeated parameter comes as a list)."""
    return value if isinstance(value, list) else [value]


class ODataQuery(Body):
    """Query of a ``GET /<resource>`` list endpoint that takes OData."""

    #: For :mod:`clearance.testing`: the options the cross checks judge, and their checks.
    __clearance_drawn__: ClassVar[Mapping[str, tuple[Check, ...]]] = {
        "$filter": (_FILTER,),
        "$top": (_COUNT, between(0, MAX_TOP)),
        "$skip": (_COUNT,),
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
        "clearance:odata-top-too-large",
        "clearance:odata-top-invalid",
        "clearance:odata-skip-invalid",
    )
    def _options(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
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
    try:
        number = _COUNT.fn(shown)
    except Invalid:
        code = "clearance:odata-top-invalid" if key == "$top" else "clearance:odata-skip-invalid"
        yield Violation(K[code], (key,), {"Value": "" if shown is None else shown})
        return
    if key == "$top" and number > MAX_TOP:
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
    def _artikel(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        filters = [v for v in _values(data.get("$filter")) if isinstance(v, str)]
        if not any("artikel/id" in f.lower() for f in filters):
            yield Violation(K["clearance:prijsafspraken-artikel-id-missing"], ("$filter",))
