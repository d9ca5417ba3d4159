"""Boekingen: verkoop-, inkoop-, memoriaal-, kas- and bankboekingen (POST and PUT).

Codes of the BOE series; a value Json.NET cannot bind has no documented code here
(``clearance:invalid-type``), an id that is not a GUID is ALG-0103. The fields come from
the specification (see :mod:`.policy`); the overlays below hold what the documentation
adds: the fields with BOE codes, and the classes with the rules that span fields.
"""

import functools
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from typing import Annotated, Any, ClassVar

from clearance.fields import nonzero, text
from clearance.fields.dotnet import EMPTY_GUID, enum_name, parse_datetime
from clearance.fields.shapes import filled
from clearance.model import Violation
from clearance.report import Context
from clearance.specmodels import Overlay

from .common import (
    DATETIME,
    DECIMAL,
    EARLIEST,
    IN_RANGE,
    INVALID,
    LATEST,
    TEXT,
    K,
    SnelstartBody,
    fold,
    fold_keys,
    guid_or_none,
    is_empty_id,
    limited,
    number_of,
    spec,
    url_id,
)

__all__ = [
    "OVERLAYS",
    "Created",
    "Updated",
    "boekjaar_limit",
]

# -- the id of a new or changed boeking (also used by the other resources) ------------


class Created(SnelstartBody):
    """A POST body: its id must be empty (ALG-0100)."""

    #: For clearance.testing: the empty id a .NET client sends, among drawn ones.
    SAMPLES: ClassVar[tuple[Mapping[str, Any], ...]] = ({}, {"id": EMPTY_GUID})

    @K.cross_check("ALG-0100")
    def _new_id(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        value = fold(cls, data).get("id")
        if guid_or_none(value) and not is_empty_id(value):
            yield Violation(K["ALG-0100"], ("id",))


class Updated(SnelstartBody):
    """A PUT body: an id it carries must be the URL's (ALG-0101)."""

    @K.cross_check("ALG-0101")
    def _same_id(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        expected = url_id(context)
        value = fold(cls, data).get("id")
        found = guid_or_none(value)
        if expected and found and not is_empty_id(value) and found != expected:
            yield Violation(K["ALG-0101"], ("id",))


# -- the booking date -----------------------------------------------------------------

BOOKING_DATE = K.param("BOE-0070", DATETIME, "BOE-0070", IN_RANGE)
BOOKING_DATE_REQUIRED = K.param("BOE-0070", DATETIME, "BOE-0070", IN_RANGE, required="BOE-0070")


def _years_back(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@functools.lru_cache(maxsize=16)  # pure, and an administration has one boekjaar at a time
def boekjaar_limit(fiscal_year_start: date) -> date:
    """The earliest booking date BOE-0033 lets through, given the current boekjaar's start.

    "Not more than 5 years before the current boekjaar": the start, five years back.

    >>> boekjaar_limit(date(2026, 1, 1))
    datetime.date(2021, 1, 1)
    >>> boekjaar_limit(date(2028, 2, 29))
    datetime.date(2023, 2, 28)
    """
    return _years_back(fiscal_year_start, 5)


class Booked(SnelstartBody):
    """A boeking with a booking date (``DATE``) that may not be too old (BOE-0033).

    The current boekjaar is an administration setting that may lag behind the calendar,
    so the rule reads it from the account (``Account.snelstart_fiscal_year_start``);
    while it is unknown, no date is refused for its age.
    """

    DATE: ClassVar[str] = "datum"

    @K.cross_check("BOE-0033")
    def _not_too_old(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        start = context.account.snelstart_fiscal_year_start if context is not None else None
        if start is None:
            return
        value = fold(cls, data).get(cls.DATE)
        booked = parse_datetime(value)
        if booked is None or not EARLIEST <= booked <= LATEST:
            return  # BOE-0070 reports it
        if booked.date() < boekjaar_limit(start):
            yield Violation(K["BOE-0033"], (cls.DATE,))


# -- verkoop- and inkoopboekingen -----------------------------------------------------

#: The btw soorten of a ``btw`` regel. The specification lists eight for each side and each
#: misses one (``InkopenVerlegd`` on verkoopboekingen, ``VerkopenVerlegd`` on
#: inkoopboekingen); a PHP client's BtwRegelSoort has all nine [3P]: all nine bind.
BTW_SOORTEN = (
    "Geen", "VerkopenLaag", "VerkopenHoog", "VerkopenOverig", "VerkopenVerlegd",
    "InkopenLaag", "InkopenHoog", "InkopenOverig", "InkopenVerlegd",
)  # fmt: skip


class FactuurRegel(SnelstartBody):
    """A boekingsregel of a verkoop- or inkoopboeking (amount excluding btw)."""

    REQUIRED = ("grootboek",)


class Factuurboeking(Booked):
    """Rules shared by verkoop- and inkoopboekingen."""

    DATE = "factuurdatum"

    @K.cross_check("BOE-0023")
    def _regels(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        regels = fold(cls, data).get("boekingsregels")
        if regels is None or regels == []:
            yield Violation(K["BOE-0023"], ("boekingsregels",))

    @K.cross_check("BOE-0062")
    def _verlegd(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        regels = fold(cls, data).get("btw")
        if not isinstance(regels, list):
            return
        verlegd = other = None
        for n, regel in enumerate(regels):
            if not isinstance(regel, Mapping):
                continue
            regel = fold_keys(regel, ("btwSoort", "btwBedrag"))  # noqa: PLW2901
            soort = regel.get("btwSoort")
            if not isinstance(soort, str) or soort.strip().lower() in {"", "geen"}:
                continue
            if soort.strip().lower().endswith("verlegd"):
                verlegd = n if verlegd is None else verlegd
            # A zero amount beside it does not mix anything; a verlegd entry counts whatever
            # its amount, since reverse-charged btw is zero by nature.
            elif number_of(regel.get("btwBedrag")):
                other = n if other is None else other
        if verlegd is not None and other is not None:
            yield Violation(K["BOE-0062"], ("btw", max(verlegd, other), "btwSoort"))


class EenmaligeIncassoMachtiging(SnelstartBody):
    """``eenmaligeIncassoMachtiging`` of a verkoopboeking."""

    REQUIRED = ("omschrijving", "datum")


class Verkoopboeking(Factuurboeking):
    """Rules of ``POST /verkoopboekingen`` and ``PUT /verkoopboekingen/{id}``."""

    REQUIRED = ("klant",)

    @K.cross_check("BOE-0064")
    def _one_mandate(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        data = fold(cls, data)
        eenmalig = data.get("eenmaligeIncassoMachtiging")
        doorlopend = data.get("doorlopendeIncassoMachtiging")
        given = isinstance(eenmalig, Mapping) and any(v is not None for v in eenmalig.values())
        if (
            given
            and isinstance(doorlopend, Mapping)
            and not is_empty_id(fold_keys(doorlopend, ("id",)).get("id"))
        ):
            yield Violation(K["BOE-0064"], ("doorlopendeIncassoMachtiging",))


class Inkoopboeking(Factuurboeking):
    """Rules of ``POST /inkoopboekingen`` and ``PUT /inkoopboekingen/{id}``."""

    REQUIRED = ("leverancier",)


# -- memoriaalboekingen ---------------------------------------------------------------

#: "De omschrijving is verplicht" (BOE-0084); at most 250 characters (BOE-0071).
_REQUIRED_OMSCHRIJVING = K.param(
    INVALID, TEXT, "BOE-0084", filled(), "BOE-0071", text(max_length=250), required="BOE-0084"
)
#: A regel's omschrijving: at most 250 characters, "Een omschrijving mag maximaal 250
#: tekens lang zijn" (BOE-0071), the limit the specification gives every regel [SPEC].
_REGEL_OMSCHRIJVING = limited("BOE-0071", 250)


class MemoriaalRegel(SnelstartBody):
    """A ``memoriaalBoekingsRegels`` item: debet or credit, not both (BOE-0076)."""

    REQUIRED = ("grootboek",)

    @K.cross_check("BOE-0076")
    def _one_side(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        data = fold(cls, data)
        if number_of(data.get("debet")) and number_of(data.get("credit")):
            yield Violation(K["BOE-0076"], ("credit",))


class MemoriaalBoekingRegel(SnelstartBody):
    """An ``inkoopboekingBoekingsRegels``/``verkoopboekingBoekingsRegels`` item of a memoriaal."""

    REQUIRED = ("boekingId", "bedrag")


class Dagboekboeking(Booked):
    """What memoriaal-, kas- and bankboekingen share: a dagboek, a date and a description."""

    REQUIRED = ("dagboek",)


class Memoriaalboeking(Dagboekboeking):
    """Rules of ``POST /memoriaalboekingen`` and ``PUT /memoriaalboekingen/{id}``."""

    @K.cross_check("BOE-0094", "BOE-0039")
    def _journaal(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        data = fold(cls, data)
        lists: dict[str, list[Any]] = {}
        for key in (
            "memoriaalBoekingsRegels",
            "inkoopboekingBoekingsRegels",
            "verkoopboekingBoekingsRegels",
        ):
            items = data.get(key)
            lists[key] = items if isinstance(items, list) else []
        if sum(len(items) for items in lists.values()) < 2:  # noqa: PLR2004
            # One regel is unbalanced by nature: its balance is not a second answer.
            yield Violation(K["BOE-0094"], ("memoriaalBoekingsRegels",))
            return
        if lists["inkoopboekingBoekingsRegels"] or lists["verkoopboekingBoekingsRegels"]:
            return  # their side in the balance is not documented
        regels = [
            fold_keys(r, ("debet", "credit"))
            for r in lists["memoriaalBoekingsRegels"]
            if isinstance(r, Mapping)
        ]
        if not regels:
            return
        if not _balanced(regels):
            yield Violation(K["BOE-0039"], ("memoriaalBoekingsRegels",))


def _balanced(regels: list[dict[str, Any]]) -> bool:
    """Debet equals credit, exactly or once each amount is rounded to cents.

    Rounded too, because the server may store amounts in cents before it compares.
    """
    exact = rounded_even = rounded_up = Decimal(0)
    cent = Decimal("0.01")
    with localcontext(prec=120):  # .NET decimals have 29 digits; sums and cents fit in 120
        for regel in regels:
            for key, sign in (("debet", 1), ("credit", -1)):
                amount = number_of(regel.get(key)) or Decimal(0)
                exact += sign * amount
                rounded_even += sign * amount.quantize(cent, ROUND_HALF_EVEN)
                rounded_up += sign * amount.quantize(cent, ROUND_HALF_UP)
    return 0 in {exact, rounded_even, rounded_up}


# -- kas- and bankboekingen -----------------------------------------------------------


class KasRegel(SnelstartBody):
    """Any regel of a kas- or bankboeking: debet or credit, not both (BOE-0091)."""

    @K.cross_check("BOE-0091")
    def _one_side(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        data = fold(cls, data)
        if number_of(data.get("debet")) and number_of(data.get("credit")):
            yield Violation(K["BOE-0091"], ("credit",))


class GrootboekBoekingsRegel(KasRegel):
    """A ``grootboekBoekingsRegels`` item."""

    REQUIRED = ("grootboek",)


class InkoopVerantwoordingsRegel(KasRegel):
    """An ``inkoopboekingBoekingsRegels`` item (its inkoopboeking is required)."""

    REQUIRED = ("boekingId",)


class BtwBoekingsregel(KasRegel):
    """A ``btwBoekingsregels`` item."""

    REQUIRED = ("type", "tarief")


class Kasboeking(Dagboekboeking):
    """Rules of ``POST``/``PUT`` ``/kasboekingen`` (and, the same model, ``/bankboekingen``)."""

    @K.cross_check("BOE-0027")
    def _one_amount(cls, data: Mapping[str, Any], context: Context | None) -> Iterable[Violation]:
        del context
        data = fold(cls, data)
        if number_of(data.get("bedragUitgegeven")) and number_of(data.get("bedragOntvangen")):
            yield Violation(K["BOE-0027"], ("bedragOntvangen",))


# -- overlays: what the documentation says of each schema ------------------------------


def _changes(name: str, rules: type[SnelstartBody]) -> tuple[type[SnelstartBody], ...]:
    """The bases of the POST and of the PUT model of a resource with ``rules``."""
    return (
        type(f"{name}Create", (rules, Created), {"__doc__": f"Body of POST ({name})."}),
        type(f"{name}Update", (rules, Updated), {"__doc__": f"Body of PUT ({name})."}),
    )


_BOEKSTUK = Annotated[str, limited("BOE-0068", 25)]
_OMSCHRIJVING = Annotated[str, limited("BOE-0071", 250)]
_FACTUURNUMMER = Annotated[
    str,
    K.param(
        INVALID, TEXT, "BOE-0058", filled(), "BOE-0058", text(max_length=25), required="BOE-0058"
    ),
]
#: A factuur's boekingsregel: its omschrijving and its amount, which may not be zero.
_FACTUUR_REGEL = Overlay(
    base=FactuurRegel,
    fields={
        "omschrijving": Annotated[str, _REGEL_OMSCHRIJVING],
        "bedrag": Annotated[
            Decimal, K.param(INVALID, DECIMAL, "BOE-0028", nonzero(), required="BOE-0028")
        ],
    },
)
_BTW_REGEL = Overlay(
    fields={"btwSoort": Annotated[str, K.param(INVALID, enum_name(BTW_SOORTEN))]},
    source="iwd-nl/snelstart-php BtwRegelSoort [3P]: the nine soorten",
)
_SOURCE = "https://b2bapi-developer.snelstart.nl/foutcodes-v2 (BOE-*)"


def _booking(
    name: str, schema: str, rules: type[SnelstartBody], fields: dict[str, Any]
) -> dict[str, Overlay]:
    """The POST and PUT overlays of a boeking: the same fields, the id rules of each."""
    create, update = _changes(name, rules)
    common = {"boekstuk": _BOEKSTUK, "omschrijving": _OMSCHRIJVING, **fields}
    return {
        f"{name} POST": Overlay(schema=schema, base=create, fields=common, source=_SOURCE),
        f"{name} PUT": Overlay(schema=schema, base=update, fields=common, source=_SOURCE),
    }


_DAGBOEK_DATUM = {"datum": Annotated[datetime, BOOKING_DATE_REQUIRED]}

OVERLAYS: dict[str, Overlay] = {
    **_booking(
        "Verkoopboeking",
        spec("VerkoopBoekingen.VerkoopBoekingModel"),
        Verkoopboeking,
        {"factuurnummer": _FACTUURNUMMER, "factuurdatum": Annotated[datetime, BOOKING_DATE]},
    ),
    **_booking(
        "Inkoopboeking",
        spec("Inkoopboekingen.InkoopboekingModel"),
        Inkoopboeking,
        {
            "factuurnummer": _FACTUURNUMMER,
            "factuurdatum": Annotated[datetime, BOOKING_DATE_REQUIRED],
        },
    ),
    **_booking(
        "Memoriaalboeking",
        spec("Bankboekingen.MemoriaalboekingModel"),
        Memoriaalboeking,
        _DAGBOEK_DATUM,
    ),
    **_booking("Kasboeking", spec("Kasboekingen.KasboekingModel"), Kasboeking, _DAGBOEK_DATUM),
    **_booking("Bankboeking", spec("Bankboekingen.BankboekingModel"), Kasboeking, _DAGBOEK_DATUM),
    spec("VerkoopBoekingen.VerkoopBoekingRegelModel"): _FACTUUR_REGEL,
    spec("Inkoopboekingen.InkoopboekingRegelModel"): _FACTUUR_REGEL,
    spec("VerkoopBoekingen.VerkoopBoekingBtwRegelModel"): _BTW_REGEL,
    spec("Inkoopboekingen.BtwBoekingModel"): _BTW_REGEL,
    spec("VerkoopBoekingen.VerkoopBoekingEenmaligeIncassoMachtigingModel"): Overlay(
        base=EenmaligeIncassoMachtiging,
        fields={
            "kenmerk": Annotated[str, limited("BOE-0057", 50)],
            # BOE-0056 says 50 [DOC]; the specification's 250 is not read.
            "omschrijving": Annotated[str, limited("BOE-0056", 50)],
            "datum": Annotated[
                datetime, K.param(INVALID, DATETIME, "clearance:datetime-out-of-range", IN_RANGE)
            ],
        },
        source=_SOURCE,
    ),
    spec("Bankboekingen.MemoriaalboekingModel.MemoriaalBoekingsRegelModel"): Overlay(
        base=MemoriaalRegel, fields={"omschrijving": Annotated[str, _REQUIRED_OMSCHRIJVING]}
    ),
    spec("Bankboekingen.MemoriaalboekingModel.InkoopBoekingVerantwoordingsRegelModel"): Overlay(
        base=MemoriaalBoekingRegel,
        fields={"omschrijving": Annotated[str, _REQUIRED_OMSCHRIJVING]},
    ),
    spec("Bankboekingen.MemoriaalboekingModel.VerkoopBoekingVerantwoordingsRegelModel"): Overlay(
        base=MemoriaalBoekingRegel,
        fields={"omschrijving": Annotated[str, _REQUIRED_OMSCHRIJVING]},
    ),
    spec("Kasboekingen.GrootboekBoekingsRegelModel"): Overlay(
        base=GrootboekBoekingsRegel,
        fields={"omschrijving": Annotated[str, _REQUIRED_OMSCHRIJVING]},
    ),
    spec("Kasboekingen.InkoopBoekingVerantwoordingsRegelModel"): Overlay(
        base=InkoopVerantwoordingsRegel
    ),
    spec("Kasboekingen.VerkoopBoekingVerantwoordingsRegelModel"): Overlay(base=KasRegel),
    spec("Kasboekingen.BtwBoekingregelModel"): Overlay(base=BtwBoekingsregel),
}
