"""The other resources: artikelen, kostenplaatsen, orders, grootboeken, documenten, imports.

Verkooporders and offertes, UBL and attachment imports, bank statements, btw-aangiftes
and the company settings too. The fields come from the specification (see
:mod:`.policy`); the overlays below hold what the documentation adds.
"""

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Annotated, Any

from clearance.fields import Check, Invalid, Traits, as_text, text
from clearance.fields.dotnet import base64_size, enum_name
from clearance.fields.shapes import between, filled
from clearance.model import Violation
from clearance.report import Context
from clearance.specmodels import Overlay, SpecField, SpecNode

from .boekingen import Created, Updated
from .common import (
    BOOL,
    DATETIME,
    IN_RANGE,
    INT,
    INVALID,
    TEXT,
    K,
    SnelstartBody,
    fold,
    is_empty_id,
    limited,
    number_of,
    spec,
)

__all__ = ["OVERLAYS", "PROCESSTATUS"]

_SOURCE = "https://b2bapi-developer.snelstart.nl/foutcodes-v2"

# -- artikelen ------------------------------------------------------------------------


class Artikel(SnelstartBody):
    """Rules of ``POST /artikelen`` and ``PUT /artikelen/{id}`` (the whole artikel)."""

    @K.cross_check("ART-0008")
    def _omzetgroep(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        if fold(cls, data).get("artikelOmzetgroep") is None:
            yield Violation(K["ART-0008"], ("artikelOmzetgroep",))


class ArtikelCreate(Artikel, Created):
    """Body of ``POST /artikelen``."""


class ArtikelUpdate(Artikel, Updated):
    """Body of ``PUT /artikelen/{id}``."""


# "Omschrijving is te lang" (ART-0007): at most 250, the specification's maxLength.
_ARTIKEL_OMSCHRIJVING = K.param(
    INVALID, TEXT, "ART-0006", filled(), "ART-0007", text(max_length=250), required="ART-0006"
)
_ARTIKEL_FIELDS = {
    "artikelcode": Annotated[
        str, K.param(INVALID, TEXT, "ART-0002", filled(), required="ART-0002")
    ],
    "omschrijving": Annotated[str, _ARTIKEL_OMSCHRIJVING],
}

# -- kostenplaatsen -------------------------------------------------------------------


class KostenplaatsCreate(SnelstartBody):
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


class KostenplaatsUpdate(Updated):
    """Body of ``PUT /kostenplaatsen/{id}``: an id given as "" or Guid.Empty is KPL-0003."""

    @K.cross_check("KPL-0003")
    def _id_given(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        data = fold(cls, data)
        if "id" in data and data["id"] is not None and is_empty_id(data["id"]):
            yield Violation(K["KPL-0003"], ("id",))


_KOSTENPLAATS_OMSCHRIJVING = K.param(
    INVALID, TEXT, "KPL-0004", filled(), "KPL-0005", text(max_length=50), required="KPL-0004"
)
_KOSTENPLAATS_FIELDS = {
    "omschrijving": Annotated[str, _KOSTENPLAATS_OMSCHRIJVING],
    "nummer": Annotated[
        int,
        K.param(
            INVALID, INT, "KPL-0007", between(1, 999_999_999, rounded=True), required="KPL-0006"
        ),
    ],
}

# -- verkooporders and offertes -------------------------------------------------------

#: The procesStatus values [SPEC].
PROCESSTATUS = (
    "Order", "Offerte", "Bevestiging", "Werkbon", "Pakbon", "Afhaalbon", "Contantbon", "Factuur"
)  # fmt: skip
#: procesStatus values the OpenAPI description rules out ("niet beschikbaar").
UNAVAILABLE_PROCESSTATUS = frozenset({"contantbon", "factuur"})


def _available() -> Check:
    def check(value: Any) -> Any:
        shown = as_text(value)
        if shown is not None and shown.strip().lower() in UNAVAILABLE_PROCESSTATUS:
            raise Invalid("not available")
        return value

    # For clearance.testing: the available values lead what is drawn.
    available = tuple(p for p in PROCESSTATUS if p.lower() not in UNAVAILABLE_PROCESSTATUS)
    return Check(
        "processtatus_available",
        check,
        examples=(*available, "werkbon", 3),
        traits=Traits(refused=("contantbon", " Factuur ")),
    )


#: A procesStatus: one Json.NET binds, and not one the specification says is not available.
_PROCESSTATUS = Annotated[
    str,
    K.param(
        INVALID, enum_name(PROCESSTATUS),
        "clearance:verkooporder-processtatus-unavailable", _available(),
    ),
]  # fmt: skip


class Verkooporder(SnelstartBody):
    """Rules of a verkooporder or offerte (POST and PUT)."""

    REQUIRED = ("relatie", "datum")


class VerkooporderCreate(Verkooporder, Created):
    """Body of ``POST /verkooporders`` (and offertes): no ordernummer yet (VOR-0005)."""

    @K.cross_check("VOR-0005")
    def _no_number(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        value = fold(cls, data).get("nummer")
        if isinstance(value, str) and not value.strip():
            return
        if number_of(value):
            yield Violation(K["VOR-0005"], ("nummer",))


class VerkooporderUpdate(Verkooporder, Updated):
    """Body of ``PUT /verkooporders/{id}`` (and offertes)."""


class ProcesStatusUpdate(Updated):
    """Body of ``PUT /verkooporders/{id}/ProcesStatus``: its id, if any, is the URL's."""


_ORDER_FIELDS = {
    "procesStatus": _PROCESSTATUS,
    "datum": Annotated[
        datetime, K.param(INVALID, DATETIME, "clearance:datetime-out-of-range", IN_RANGE)
    ],
    "orderreferentie": Annotated[str, limited("VOR-0011", 50)],
}
_ORDER_NESTED = {"afleveradres": "Verkooporder.Adres", "factuuradres": "Verkooporder.Adres"}

# -- documenten, UBL and attachments --------------------------------------------------

#: "10MB", read as 10 x 1024 x 1024 bytes (the larger reading).
MAX_CONTENT = 10 * 1024 * 1024
#: "5 Mb", read as 5 x 1024 x 1024 bytes.
MAX_ATTACHMENT = 5 * 1024 * 1024


def _content(rule: str, limit: int = MAX_CONTENT) -> Check:
    def check(value: Any) -> Any:
        size = value if isinstance(value, int) else None
        if size is None:
            return value
        if rule == "empty" and size == 0:
            raise Invalid("zero bytes")
        if rule == "large" and size > limit:
            raise Invalid(f"larger than {limit} bytes")
        return value

    # For clearance.testing: the sizes in bytes the check allows.
    traits = Traits(min_bytes=1) if rule == "empty" else Traits(max_bytes=limit)
    return Check(f"content_{rule}", check, traits=traits)


_DOCUMENT_CONTENT = K.param(
    INVALID, base64_size(), "BLG-0008", _content("empty"), "BLG-0013", _content("large"),
    required="BLG-0011",
)  # fmt: skip
_DOCUMENT_FIELDS = {
    "content": Annotated[str, _DOCUMENT_CONTENT],
    "fileName": Annotated[str, K.param(INVALID, TEXT, "BLG-0007", filled(), required="BLG-0007")],
}


class DocumentCreate(Created):
    """Body of ``POST /documenten/{documenttype}``."""


class DocumentUpdate(Updated):
    """Body of ``PUT /documenten/{id}``."""


class GrootboekCreate(Created):
    """Body of ``POST /grootboeken``."""


class BankafschriftBestand(SnelstartBody):
    """A file of ``POST /bankafschriftbestanden``: its name and content [SPEC required]."""

    REQUIRED = ("name", "base64EncodedContent")


# BOE-0084 .. BOE-0090 are the grootboek codes: its omschrijving is required, at most 50
# characters; a grootboekfunctie Json.NET cannot bind is BOE-0085.
_GROOTBOEK_OMSCHRIJVING = K.param(
    INVALID, TEXT, "BOE-0084", filled(), "BOE-0088", text(max_length=50), required="BOE-0084"
)
_ATTACHMENT_CONTENT = K.param(
    INVALID, base64_size(), "clearance:attachment-too-large", _content("large", MAX_ATTACHMENT)
)


def _grootboekfunctie(node: SpecNode) -> Any:
    """A grootboekfunctie Json.NET cannot bind (no name the specification lists) is BOE-0085."""
    return Annotated[str, K.param("BOE-0085", enum_name(node.get("enum", ())))]


# -- overlays: what the documentation says of each schema ------------------------------


def _pair(
    name: str, schema: str, bases: tuple[type[SnelstartBody], type[SnelstartBody]], **more: Any
) -> dict[str, Overlay]:
    """The overlays of a resource's POST and PUT: one schema, the id rules of each."""
    return {
        f"{name} {method}": Overlay(schema=spec(schema), base=base, source=_SOURCE, **more)
        for method, base in zip(("POST", "PUT"), bases, strict=True)
    }


_ORDER_BASES = (VerkooporderCreate, VerkooporderUpdate)

OVERLAYS: dict[str, Overlay] = {
    **_pair(
        "Artikel", "Artikelen.ArtikelModel", (ArtikelCreate, ArtikelUpdate), fields=_ARTIKEL_FIELDS
    ),
    **_pair(
        "Kostenplaats",
        "Kostenplaatsen.KostenplaatsModel",
        (KostenplaatsCreate, KostenplaatsUpdate),
        fields=_KOSTENPLAATS_FIELDS,
    ),
    **_pair(
        "Verkooporder",
        "Verkooporders.VerkoopOrderModel",
        _ORDER_BASES,
        fields=_ORDER_FIELDS,
        nested=_ORDER_NESTED,
    ),
    **_pair(
        "Offerte",
        "Verkooporders.OfferteModel",
        _ORDER_BASES,
        fields=_ORDER_FIELDS,
        nested=_ORDER_NESTED,
    ),
    **_pair(
        "Document",
        "Documenten.DocumentContentModel",
        (DocumentCreate, DocumentUpdate),
        fields=_DOCUMENT_FIELDS,
    ),
    "Verkooporder.Adres": Overlay(
        schema=spec("Relaties.AdresModel"),
        fields={
            "contactpersoon": Annotated[str, limited("VOR-0009", 50)],
            "straat": Annotated[str, limited("VOR-0006", 50)],
            "postcode": Annotated[str, limited("VOR-0007", 25)],
            "plaats": Annotated[str, limited("VOR-0008", 50)],
        },
        source=_SOURCE,
    ),
    "ProcesStatus PUT": Overlay(
        schema=spec("Verkooporders.VerkooporderUpdateProcesStatusModel"),
        base=ProcesStatusUpdate,
        fields={"procesStatus": _PROCESSTATUS},
    ),
    "Grootboek POST": Overlay(
        schema=spec("Grootboeken.GrootboekModel"),
        base=GrootboekCreate,
        fields={
            "omschrijving": Annotated[str, _GROOTBOEK_OMSCHRIJVING],
            "grootboekfunctie": SpecField(_grootboekfunctie),
        },
        source=_SOURCE,
    ),
    spec("Bijlagen.UblContentModel"): Overlay(
        fields={
            # "De Ubl content mag niet leeg zijn" (BOE-0031): missing, null, or no bytes.
            "content": Annotated[
                str,
                K.param(INVALID, base64_size(), "BOE-0031", _content("empty"), required="BOE-0031"),
            ],
        },
        source=_SOURCE,
    ),
    spec("Inkoopboekingen.AttachmentModel"): Overlay(
        fields={
            "content": Annotated[str, _ATTACHMENT_CONTENT],
        },
        source="the description of POST /inkoopboekingen/CreateFromAttachment [SPEC]",
    ),
    spec("BtwAangiftes.UpdateBtwAangifteStatusModel"): Overlay(
        fields={
            # "Aangiftestatus heeft geen waarde" (BTW-0002): the status missing or null.
            "isExternAangegeven": Annotated[bool, K.param(INVALID, BOOL, required="BTW-0002")],
        },
        source=_SOURCE,
    ),
    spec("BankafschriftBestand"): Overlay(base=BankafschriftBestand),
}
