"""Relaties: ``POST /relaties`` and ``PUT /relaties/{id}``.

The body is the OpenAPI's ``RelatieWriteModel``, read by the policy; what the
documentation adds is here, per schema, as overlays. A value Json.NET cannot bind (text
for a number, an unknown enum name, an id that is not a GUID), anywhere in a relatie, is
REL-0066, the resource's "input incomplete or incorrect": every model of the family
derives from :class:`RelatieBody`.
"""

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, ClassVar

from clearance.catalog import Rule
from clearance.fields import Check, Inline, Invalid, Traits, as_text, text
from clearance.fields.dotnet import enum_name
from clearance.fields.identifiers import bic, iban
from clearance.fields.mailing import address_list, single_address
from clearance.fields.shapes import (
    between,
    exact_digits,
    filled,
    letters_and_digits,
    not_blank,
    past_blank,
    vat_structure,
    web_address,
)
from clearance.model import Violation
from clearance.report import Context
from clearance.specmodels import Overlay

from .common import (
    BOOL,
    INT,
    TEXT,
    K,
    SnelstartBody,
    fold,
    guid_or_none,
    is_empty_id,
    number_of,
    spec,
    spec_length,
    url_id,
    when_set,
)

__all__ = ["OVERLAYS", "RelatieBody", "RelatieCreate", "RelatieUpdate"]

BAD = K["REL-0066"].key  # every value Json.NET cannot bind on /relaties

RELATIESOORTEN = ("Geen", "Klant", "Leverancier", "Eigen")
AANMANINGSOORTEN = ("Nee", "Onderneming", "Consument")
INCASSOSOORTEN = ("Geen", "Core", "B2B")
#: Per enum (its names): its check, which reads a value as Json.NET binds it.
_ENUMS: dict[tuple[str, ...], Check] = {
    names: enum_name(names) for names in (AANMANINGSOORTEN, INCASSOSOORTEN)
}
#: The relatiesoorten as documented: a list of these is its own canonical form.
_SOORT_NAMES = frozenset(RELATIESOORTEN)


def _relatiesoort() -> Check:
    """A JSON array of relatiesoort names (any case) or enum numbers: the names, canonical."""
    item = enum_name(RELATIESOORTEN)

    def check(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise Invalid("not a list")
        return [item.fn(v) for v in value]

    # Names spelled as documented come back as they are: an equal list.
    return Check(
        "relatiesoort",
        check,
        {"type": "array", "items": item.schema},
        examples=(["Klant"], ["Leverancier"], ["klant"], ["Geen", "Klant"]),
        inline=Inline(
            "type({v}) is list and all(type(s) is str and s in {names} for s in {v})",
            {"names": _SOORT_NAMES},
            same=True,
        ),
    )


#: Per relatiesoort rule: a test on the canonical list under which the rule certainly holds.
_SOORT_SHORTCUTS = {
    "geen": "not {needed}.isdisjoint({v})",
    "eigen": "'Eigen' not in {v}",
    "both": "('Klant' not in {v} or 'Leverancier' not in {v})",
}


def _soort_rule(test: str) -> Check:
    """One of the relatiesoort rules, on the canonical list (enum numbers: not judged)."""

    def check(value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return value
        soorten = set(value)
        if test == "geen" and not soorten & {"Klant", "Leverancier", "Eigen"}:
            raise Invalid("no relatiesoort")
        if test == "eigen" and "Eigen" in soorten:
            raise Invalid("eigen")
        if test == "both" and {"Klant", "Leverancier"} <= soorten:
            raise Invalid("klant and leverancier")
        return value

    refused = {"geen": ([], ["Geen"]), "eigen": (["Eigen"],), "both": (["Klant", "Leverancier"],)}
    return Check(
        f"relatiesoort_{test}",
        check,
        traits=Traits(refused=refused[test]),
        inline=Inline(
            f"type({{v}}) is list and {_SOORT_SHORTCUTS[test]}",
            {"needed": frozenset({"Klant", "Leverancier", "Eigen"})},
            same=True,
        ),
    )


_SOORT = _relatiesoort()
_SOORT_STEPS = (
    BAD, _SOORT, "REL-0001", _soort_rule("geen"), "REL-0048", _soort_rule("eigen"),
    "REL-0065", _soort_rule("both"),
)  # fmt: skip


def _soorten(data: Mapping[str, Any]) -> set[str] | None:
    """The relatiesoorten of a body, or ``None`` when the field cannot be read."""
    value = data.get("relatiesoort")
    if type(value) is list:
        try:
            if _SOORT_NAMES.issuperset(value):
                return set(value)  # what the general reading below makes of it
        except TypeError:
            pass  # an item that is a list or an object: the general reading refuses it
    try:
        value = _SOORT.fn(value)
    except Invalid:
        return None
    if not all(isinstance(v, str) for v in value):
        return None  # enum numbers: which soort each names is not documented
    return set(value)


def _email(length: str, single: str, listed_: str) -> Any:
    """An e-mail field: at most 250 characters, one address or a ';'-separated list."""
    return K.param(
        BAD,
        TEXT,
        length,
        text(max_length=250),
        single,
        single_address(),
        listed_,
        address_list(),
    )


# -- the family -------------------------------------------------------------------------


class RelatieBody(SnelstartBody):
    """Base of every object of a relatie body: what Json.NET cannot bind is REL-0066."""

    UNREADABLE = BAD


# -- addresses ------------------------------------------------------------------------

#: The lines of an address that REL-0060 wants all or none of, in the order it reports them.
_ADDRESS_LINES = ("straat", "postcode", "plaats")


class VestigingsAdres(RelatieBody):
    """``vestigingsAdres``: all of straat, postcode, plaats once one is filled (REL-0060).

    ``land`` is left out on both sides: the server fills in Nederland when it is missing,
    so a relatie without address comes back from GET with a land alone.
    """

    @K.cross_check("REL-0060")
    def _complete(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        data = fold(cls, data)
        straat, postcode, plaats = data.get("straat"), data.get("postcode"), data.get("plaats")
        texts = type(straat) is str and type(postcode) is str and type(plaats) is str
        if texts and straat and postcode and plaats:
            return  # all three filled in: none is missing
        lines = [(name, as_text(data.get(name))) for name in _ADDRESS_LINES]
        if not any(value and value.strip() for _, value in lines):
            return
        for name, value in lines:
            if not value:  # missing, null or "" (a blank line is not judged)
                yield Violation(K["REL-0060"], (name,))
                return


def _lines(contactpersoon: str, straat: str, postcode: str, plaats: str) -> dict[str, Any]:
    """An address's four lines, each with its documented code for its length."""
    return {
        "contactpersoon": Annotated[str, K.param(BAD, TEXT, contactpersoon, text(max_length=50))],
        "straat": Annotated[str, K.param(BAD, TEXT, straat, text(max_length=50))],
        "postcode": Annotated[str, K.param(BAD, TEXT, postcode, text(max_length=25))],
        "plaats": Annotated[str, K.param(BAD, TEXT, plaats, text(max_length=50))],
    }


# -- the six e-mail objects -----------------------------------------------------------


class EmailVersturen(RelatieBody):
    """``{shouldSend, email, ccEmail}``: with shouldSend on, an e-mail address is required."""

    #: The code for shouldSend without an address (each object has its own).
    MISSING: ClassVar[Rule | None] = None

    @K.cross_check()  # the code is each object's MISSING (bound where it is named)
    def _missing(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        """The object's own code when shouldSend is on and email is empty."""
        del context
        if cls.MISSING is None:
            return
        data = fold(cls, data)
        send = data.get("shouldSend")
        if send is None or send is False:
            return  # not sending: nothing is missing
        email = data.get("email")
        if type(email) is str and email.strip():
            return  # an address is there (what ``as_text`` shows of it, below)
        try:
            send = BOOL.fn(send)
        except Invalid:
            return
        shown = as_text(email)
        if send and not (shown and shown.strip()):
            yield Violation(cls.MISSING, ("email",))


#: Per e-mail object: its code when an address is missing, then the codes of email and of
#: ccEmail (too long, not one address, not a list of addresses).
_EMAILS: dict[str, tuple[str, tuple[str, str, str], tuple[str, str, str]]] = {
    "offerteEmailVersturen": ("REL-0044", ("REL-0081", "REL-0045", "REL-0080"),
                              ("REL-0083", "REL-0046", "REL-0082")),
    "bevestigingsEmailVersturen": ("REL-0038", ("REL-0077", "REL-0039", "REL-0076"),
                                   ("REL-0079", "REL-0040", "REL-0078")),
    "factuurEmailVersturen": ("REL-0032", ("REL-0073", "REL-0033", "REL-0072"),
                              ("REL-0075", "REL-0034", "REL-0074")),
    "aanmaningEmailVersturen": ("REL-0029", ("REL-0069", "REL-0030", "REL-0068"),
                                ("REL-0071", "REL-0031", "REL-0070")),
    "offerteAanvraagEmailVersturen": ("REL-0089", ("REL-0092", "REL-0090", "REL-0091"),
                                      ("REL-0095", "REL-0093", "REL-0094")),
    "bestellingEmailVersturen": ("REL-0096", ("REL-0099", "REL-0097", "REL-0098"),
                                 ("REL-0102", "REL-0100", "REL-0101")),
}  # fmt: skip


def _email_object(field: str) -> Overlay:
    """The overlay of one e-mail object: its base names its code for a missing address."""
    missing, email, cc = _EMAILS[field]
    base = type(f"{field[:1].upper()}{field[1:]}", (EmailVersturen,), {"MISSING": K[missing]})
    return Overlay(
        schema=spec("Relaties.EmailVersturenModel"),
        base=base,
        fields={"email": Annotated[str, _email(*email)], "ccEmail": Annotated[str, _email(*cc)]},
        source="foutcodes-v2 REL-0029 .. REL-0102",
    )


# -- the relatie ----------------------------------------------------------------------


def _nonzero(value: Any) -> bool:
    amount = number_of(value)
    return amount is not None and amount != 0


#: A Dutch KvK number: 8 digits, spaces, dots and dashes aside (REL-0006, by the account).
_KVK_NUMBER = exact_digits(8, ignore=" .-")


class Relatie(RelatieBody):
    """The rules shared by ``POST /relaties`` and ``PUT /relaties/{id}``."""

    NOT_AN_OBJECT = BAD

    @K.cross_check("REL-0006")
    def _kvk_nummer(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        """REL-0006: a Dutch KvK number (8 digits), where the account says only those pass.

        The rule is not documented; relaties abroad carry other registry numbers, so it
        is checked only with ``Account.snelstart_kvk_dutch_only`` set.
        """
        if context is None or context.account.snelstart_kvk_dutch_only is not True:
            return
        value = fold(cls, data).get("kvkNummer")
        if value is None or value == "" or not isinstance(value, str):
            return  # not set, or a type that TEXT reports
        try:
            _KVK_NUMBER.fn(value)
        except Invalid:
            yield Violation(K["REL-0006"], ("kvkNummer",))

    @K.cross_check("REL-0002", "REL-0004", "REL-0014", "REL-0016", "REL-0062")
    def _needs_soort(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        """Settings that only a klant (or a leverancier) can have."""
        del context
        data = fold(cls, data)
        soorten = _soorten(data)
        if soorten is None:
            return
        klant, leverancier = "Klant" in soorten, "Leverancier" in soorten
        if not klant:
            aanmaning = _known(data.get("aanmaningsoort"), AANMANINGSOORTEN)
            if aanmaning is not None and aanmaning != "Nee":
                yield Violation(K["REL-0002"], ("aanmaningsoort",))
            if _nonzero(data.get("factuurkorting")):
                yield Violation(K["REL-0004"], ("factuurkorting",))
            if _known(data.get("incassoSoort"), INCASSOSOORTEN) in {"Core", "B2B"}:
                yield Violation(K["REL-0016"], ("incassoSoort",))
            if _nonzero(data.get("kredietLimiet")):
                yield Violation(K["REL-0062"], ("kredietLimiet",))
        if not leverancier and _flag(data.get("bankieren")):
            yield Violation(K["REL-0014"], ("bankieren",))

    @K.cross_check("REL-0009")
    def _iban_needed(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        data = fold(cls, data)
        shown = as_text(data.get("iban"))
        if shown and shown.strip():
            return
        incasso = _known(data.get("incassoSoort"), INCASSOSOORTEN) in {"Core", "B2B"}
        if _flag(data.get("bankieren")) or incasso:
            yield Violation(K["REL-0009"], ("iban",))


def _known(value: Any, names: tuple[str, ...]) -> str | None:
    """An enum value's documented spelling when it names one member; else ``None``.

    Numbers, lists of several names and values Json.NET cannot bind name no documented
    member for certain (the enum's numbers are not documented): no rule judges them.
    """
    check = _ENUMS.get(names) or enum_name(names)
    try:
        found = check.fn(value)
    except Invalid:
        return None
    return found if isinstance(found, str) else None


def _flag(value: Any) -> bool:
    try:
        return bool(value is not None and BOOL.fn(value))
    except Invalid:
        return False


class RelatieCreate(Relatie):
    """Body of ``POST /relaties``: relatiesoort is required, the id must be empty."""

    @K.cross_check("REL-0063")
    def _new_id(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        del context
        value = fold(cls, data).get("id")
        if not is_empty_id(value) and guid_or_none(value):
            yield Violation(K["REL-0063"], ("id",))


class RelatieUpdate(Relatie):
    """Body of ``PUT /relaties/{id}``: the whole relatie; its id is the URL's."""

    @K.cross_check("REL-0047")
    def _same_id(cls, data: Mapping[str, Any], context: Context | None) -> Iterator[Violation]:
        expected = url_id(context)
        value = fold(cls, data).get("id")
        found = guid_or_none(value)
        if expected and found and not is_empty_id(value) and found != expected:
            yield Violation(K["REL-0047"], ("id",))


# -- overlays: what the documentation says of each schema ------------------------------

_NAAM = K.param(
    BAD, TEXT, "REL-0007", filled(), "clearance:longer-than-specified", spec_length(50),
    required="REL-0007",
)  # fmt: skip
_BTW_NUMMER = K.param(
    BAD, TEXT, "REL-0057", not_blank(), "REL-0057", text(max_length=50),
    "REL-0058", past_blank(text(min_length=2)),
    "REL-0059", letters_and_digits(), "REL-0088", vat_structure(),
)  # fmt: skip
# As sent: Json.NET does not trim, so a space around the digits counts.
_OIN = K.param(
    BAD, TEXT, "REL-0086", not_blank(), "REL-0086", past_blank(exact_digits(20, strip=False))
)  # fmt: skip
_WEBSITE = K.param(
    BAD, TEXT, "REL-0015", web_address(), "clearance:longer-than-specified", spec_length(100)
)  # fmt: skip

#: The fields of a relatie whose codes the documentation gives (foutcodes-v2 REL-*).
_RELATIE_FIELDS: dict[str, Any] = {
    "naam": Annotated[str, _NAAM],
    "telefoon": Annotated[str, K.param(BAD, TEXT, "REL-0013", text(max_length=25))],
    "mobieleTelefoon": Annotated[str, K.param(BAD, TEXT, "REL-0012", text(max_length=25))],
    "email": Annotated[str, _email("REL-0085", "REL-0061", "REL-0084")],
    "btwNummer": Annotated[str, _BTW_NUMMER],
    "krediettermijn": Annotated[
        int, K.param(BAD, INT, "REL-0003", between(-365, 1000, rounded=True))
    ],
    "oin": Annotated[str, _OIN],
    "websiteUrl": Annotated[str, _WEBSITE],
    "iban": Annotated[
        str, K.param(BAD, TEXT, "REL-0011", not_blank(), "REL-0011", when_set(iban()))
    ],
    "bic": Annotated[str, K.param(BAD, TEXT, "REL-0010", not_blank(), "REL-0010", when_set(bic()))],
}

#: Nested objects of a relatie, each read as a member of the family (REL-0066).
_RELATIE_NESTED = {
    "vestigingsAdres": "Relatie.VestigingsAdres",
    "correspondentieAdres": "Relatie.CorrespondentieAdres",
    "factuurRelatie": "Relatie.Ref",
    "documents": "Relatie.Document",
    "extraVeldenKlant": "Relatie.ExtraVeld",
    **{field: f"Relatie.{field}" for field in _EMAILS},
}

_SOURCE = "https://b2bapi-developer.snelstart.nl/foutcodes-v2 (REL-*)"

OVERLAYS: dict[str, Overlay] = {
    "Relatie POST": Overlay(
        schema=spec("Relaties.RelatieWriteModel"),
        base=RelatieCreate,
        fields={
            **_RELATIE_FIELDS,
            "relatiesoort": Annotated[list[str], K.param(*_SOORT_STEPS, required="REL-0001")],
        },
        nested=_RELATIE_NESTED,
        source=_SOURCE,
    ),
    "Relatie PUT": Overlay(
        schema=spec("Relaties.RelatieWriteModel"),
        base=RelatieUpdate,
        fields={**_RELATIE_FIELDS, "relatiesoort": Annotated[list[str], K.param(*_SOORT_STEPS)]},
        nested=_RELATIE_NESTED,
        source=_SOURCE,
    ),
    "Relatie.VestigingsAdres": Overlay(
        schema=spec("Relaties.AdresModel"),
        base=VestigingsAdres,
        fields=_lines("REL-0023", "REL-0020", "REL-0021", "REL-0022"),
        nested={"land": "Relatie.Ref"},
        source=_SOURCE,
    ),
    "Relatie.CorrespondentieAdres": Overlay(
        schema=spec("Relaties.AdresModel"),
        base=RelatieBody,
        fields=_lines("REL-0028", "REL-0025", "REL-0026", "REL-0027"),
        nested={"land": "Relatie.Ref"},
        source=_SOURCE,
    ),
    "Relatie.Ref": Overlay(schema=spec("Relaties.RelatieIdentifierModel"), base=RelatieBody),
    "Relatie.Document": Overlay(schema=spec("Documenten.DocumentModel"), base=RelatieBody),
    "Relatie.ExtraVeld": Overlay(schema=spec("Relaties.ExtraVeldRelatieModel"), base=RelatieBody),
    **{f"Relatie.{field}": _email_object(field) for field in _EMAILS},
}
