"""Artikelen, kostenplaatsen, verkooporders and documenten (bijlagen)."""

from collections.abc import Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from clearance.fields import Check, Invalid, Traits, as_text, text
from clearance.fields.dotnet import base64_size
from clearance.fields.shapes import between, filled
from clearance.model import Violation
from clearance.report import Context

from .common import (
    BOOL,
    DATETIME,
    DECIMAL,
    DOUBLE,
    GUID,
    IN_RANGE,
    INT,
    INVALID,
    TEXT,
    K,
    Ref,
    SnelstartBody,
    fold,
    is_empty_id,
    limited,
    listed,
    number_of,
)

__all__ = [
    "Artikel",
    "Document",
    "Kostenplaats",
    "KostenplaatsCreate",
    "KostenplaatsUpdate",
    "Verkooporder",
    "VerkooporderCreate",
]

# -- artikelen ------------------------------------------------------------------------


class ExtraVeld(SnelstartBody):
    """An ``extraVelden`` item ``{naam, waarde}``."""

    naam: Annotated[str, K.param(INVALID, TEXT)]
    waarde: Annotated[str, K.param(INVALID, TEXT)]


class Artikel(SnelstartBody):
    """Body of ``POST /artikelen`` and ``PUT /artikelen/{id}`` (the whole artikel)."""

    artikelcode: Annotated[str, K.param(INVALID, TEXT, "ART-0002", filled(), required="ART-0002")]
    omschrijving: Annotated[str, K.param(INVALID, TEXT, "ART-0006", filled(), required="ART-0006")]
    artikelOmzetgroep: Ref | None = None
    verkoopprijs: Annotated[Decimal, K.param(INVALID, DECIMAL)]
    inkoopprijs: Annotated[Decimal, K.param(INVALID, DOUBLE)]
    eenheid: Annotated[str, K.param(INVALID, TEXT)]
    modifiedOn: Annotated[datetime, K.param(INVALID, DATETIME)]
    relatie: Ref | None = None
    isNonActief: Annotated[bool, K.param(INVALID, BOOL)]
    voorraadControle: Annotated[bool, K.param(INVALID, BOOL)]
    technischeVoorraad: Annotated[Decimal, K.param(INVALID, DECIMAL)]
    vrijeVoorraad: Annotated[Decimal, K.param(INVALID, DECIMAL)]
    extraVelden: Annotated[list[ExtraVeld | None] | None, listed] = None
    id: Annotated[str, K.param("ALG-0103", GUID)]

    @K.cross_check("ART-0008")
    def _omzetgroep(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        if fold(cls, data).get("artikelOmzetgroep") is None:
            yield Violation(K["ART-0008"], ("artikelOmzetgroep",))


# -- kostenplaatsen -------------------------------------------------------------------


class Kostenplaats(SnelstartBody):
    """Fields of ``KostenplaatsModel`` (the whole kostenplaats, on POST and PUT)."""

    omschrijving: Annotated[
        str,
        K.param(
            INVALID, TEXT, "KPL-0004", filled(), "KPL-0005", text(max_length=50),
            required="KPL-0004",
        ),
    ]  # fmt: skip
    nonactief: Annotated[bool, K.param(INVALID, BOOL)]
    nummer: Annotated[
        int,
        K.param(
            INVALID, INT, "KPL-0007", between(1, 999_999_999, rounded=True), required="KPL-0006"
        ),
    ]
    id: Annotated[str, K.param("ALG-0103", GUID)]


class KostenplaatsCreate(Kostenplaats):
    """Body of ``POST /kostenplaatsen``: not created inactive (KPL-0009).

    The id is not required to be empty: KPL-0002 ("Dit id bestaat al") shows that a new
    kostenplaats may bring its own.
    """

    @K.cross_check("KPL-0009")
    def _active(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        value = fold(cls, data).get("nonactief")
        try:
            inactive = value is not None and BOOL.fn(value)
        except Invalid:
            return
        if inactive:
            yield Violation(K["KPL-0009"], ("nonactief",))


class KostenplaatsUpdate(Kostenplaats):
    """Body of ``PUT /kostenplaatsen/{id}``: an id given as "" or Guid.Empty is KPL-0003."""

    @K.cross_check("KPL-0003")
    def _id_given(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        data = fold(cls, data)
        if "id" in data and data["id"] is not None and is_empty_id(data["id"]):
            yield Violation(K["KPL-0003"], ("id",))


# -- verkooporders --------------------------------------------------------------------


class OrderAdres(SnelstartBody):
    """``afleveradres`` and ``factuuradres`` of a verkooporder."""

    contactpersoon: Annotated[str, limited("VOR-0009", 50)]
    straat: Annotated[str, limited("VOR-0006", 50)]
    postcode: Annotated[str, limited("VOR-0007", 25)]
    plaats: Annotated[str, limited("VOR-0008", 50)]
    land: Ref | None = None


class IngaveGegeven(SnelstartBody):
    """An ``extraHoofdVelden``/``extraRegelVelden`` item (judged against its sjabloon: not here)."""

    veldNummer: Annotated[int, K.param(INVALID, INT)]
    omschrijving: Annotated[str, K.param(INVALID, TEXT)]
    waarde: Annotated[str, K.param(INVALID, TEXT)]


class OrderRegel(SnelstartBody):
    """A ``regels`` item of a verkooporder."""

    artikel: Ref | None = None
    omschrijving: Annotated[str, K.param(INVALID, TEXT)]
    stuksprijs: Annotated[Decimal, K.param(INVALID, DOUBLE)]
    aantal: Annotated[Decimal, K.param(INVALID, DECIMAL)]
    kortingsPercentage: Annotated[Decimal, K.param(INVALID, DECIMAL)]
    totaal: Annotated[Decimal, K.param(INVALID, DECIMAL)]
    extraRegelVelden: Annotated[list[IngaveGegeven | None] | None, listed] = None


#: procesStatus values the OpenAPI description rules out ("niet beschikbaar").
UNAVAILABLE_PROCESSTATUS = frozenset({"contantbon", "factuur"})


def _available() -> Check:
    def check(value: Any) -> Any:
        shown = as_text(value)
        if shown is not None and shown.strip().lower() in UNAVAILABLE_PROCESSTATUS:
            raise Invalid("not available")
        return value

    return Check(
        "processtatus_available", check, traits=Traits(refused=("contantbon", " Factuur "))
    )


class Verkooporder(SnelstartBody):
    """Body of ``PUT /verkooporders/{id}`` (and, with VOR-0005, of POST)."""

    REQUIRED = ("relatie", "datum")

    relatie: Ref | None = None
    procesStatus: Annotated[
        str, K.param(INVALID, TEXT, "clearance:verkooporder-processtatus-unavailable", _available())
    ]
    nummer: Annotated[int, K.param(INVALID, INT)]
    modifiedOn: Annotated[datetime, K.param(INVALID, DATETIME)]
    datum: Annotated[
        datetime, K.param(INVALID, DATETIME, "clearance:datetime-out-of-range", IN_RANGE)
    ]
    krediettermijn: Annotated[int, K.param(INVALID, INT)]
    geblokkeerd: Annotated[bool, K.param(INVALID, BOOL)]
    omschrijving: Annotated[str, K.param(INVALID, TEXT)]
    betalingskenmerk: Annotated[str, K.param(INVALID, TEXT)]
    incassomachtiging: Ref | None = None
    afleveradres: OrderAdres | None = None
    factuuradres: OrderAdres | None = None
    verkooporderBtwIngaveModel: Annotated[str, K.param(INVALID, TEXT)]
    kostenplaats: Ref | None = None
    regels: Annotated[list[OrderRegel | None] | None, listed] = None
    memo: Annotated[str, K.param(INVALID, TEXT)]
    orderreferentie: Annotated[str, limited("VOR-0011", 50)]
    factuurkorting: Annotated[Decimal, K.param(INVALID, DOUBLE)]
    verkoopfactuur: Ref | None = None
    verkoopordersjabloon: Ref | None = None
    verkoopOrderStatus: Annotated[str, K.param(INVALID, TEXT)]
    totaalExclusiefBtw: Annotated[Decimal, K.param(INVALID, DECIMAL)]
    totaalInclusiefBtw: Annotated[Decimal, K.param(INVALID, DECIMAL)]
    extraHoofdVelden: Annotated[list[IngaveGegeven | None] | None, listed] = None
    id: Annotated[str, K.param("ALG-0103", GUID)]


class VerkooporderCreate(Verkooporder):
    """Body of ``POST /verkooporders``: a new order brings no ordernummer (VOR-0005)."""

    @K.cross_check("VOR-0005")
    def _no_number(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        value = fold(cls, data).get("nummer")
        if isinstance(value, str) and not value.strip():
            return
        if number_of(value):
            yield Violation(K["VOR-0005"], ("nummer",))


# -- documenten -----------------------------------------------------------------------

#: "10MB", read as 10 x 1024 x 1024 bytes (the larger reading).
MAX_CONTENT = 10 * 1024 * 1024


def _content(rule: str) -> Check:
    def check(value: Any) -> Any:
        size = value if isinstance(value, int) else None
        if size is None:
            return value
        if rule == "empty" and size == 0:
            raise Invalid("zero bytes")
        if rule == "large" and size > MAX_CONTENT:
            raise Invalid("larger than 10 MB")
        return value

    # For clearance.testing: the sizes in bytes the check allows.
    traits = Traits(min_bytes=1) if rule == "empty" else Traits(max_bytes=MAX_CONTENT)
    return Check(f"content_{rule}", check, traits=traits)


class Document(SnelstartBody):
    """Body of ``POST /documenten/{documenttype}`` (``DocumentContentModel``)."""

    content: Annotated[
        str,
        K.param(
            INVALID, base64_size(), "BLG-0008", _content("empty"), "BLG-0013", _content("large"),
            required="BLG-0011",
        ),
    ]  # fmt: skip
    parentIdentifier: Annotated[str, K.param("ALG-0103", GUID)]
    fileName: Annotated[str, K.param(INVALID, TEXT, "BLG-0007", filled(), required="BLG-0007")]
    readOnly: Annotated[bool, K.param(INVALID, BOOL)]
    id: Annotated[str, K.param("ALG-0103", GUID)]
    uri: Annotated[str, K.param(INVALID, TEXT)]
