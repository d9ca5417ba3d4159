"""Which endpoint an unplaced file is most likely for: from its keys, and from its path.

Only used to word the hint of a file the linter cannot place (and so never to check
anything): a payload's top-level keys are matched against each endpoint's fields (in
any letter case, as SnelStart reads them), a wrapper such as Fortnox's ``{"Customer":
{...}}`` or InvoiceXpress's ``{"invoice": {...}}`` by the keys inside it too, and a key
that names a co3 method names that method. Words of the file's path break ties: an
api's name (``fixtures/fortnox/...``) keeps the guess in that api, a resource's name
(``orders``, ``simplified``) favours its endpoints.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel

from clearance.apis import get_api

if TYPE_CHECKING:
    from collections.abc import Sequence

    from clearance.api import Endpoint

__all__ = ["Guess", "guess"]

#: How much a path word that names an endpoint's resource adds to its score (shared
#: among the resources it names: ``notes`` names credit, debit and fees notes alike).
_PATH_BONUS = 0.3
#: Scores this close to the best count as a tie; those this close are listed.
_TIE, _NEAR = 0.01, 0.25
#: The score of a wrapper key whose contents fit none of its fields.
_WRAPPER_ONLY = 0.25
_WORD = re.compile(r"[a-z0-9]+")
_METHOD_RANK = {"POST": 0, "PUT": 1, "GET": 2, "DELETE": 3}


@dataclasses.dataclass(frozen=True, slots=True)
class Guess:
    """The likely endpoints of a file, most likely first; ``sure`` when one stands out."""

    candidates: tuple[tuple[str, str], ...] = ()
    sure: bool = False

    @property
    def best(self) -> tuple[str, str] | None:
        """The most likely (api, endpoint id), if any."""
        return self.candidates[0] if self.candidates else None


def guess(
    value: Any, path: str, apis: Sequence[str], *, known: bool = False, most: int = 6
) -> Guess:
    """The endpoints of ``apis`` that the parsed ``value`` at ``path`` most likely is for.

    Args:
        value: the file's parsed contents (anything; only an object's keys tell).
        path: the file's path as the user names it (its words tell too).
        apis: the apis to consider.
        known: whether the api is known for certain (``--api``, the configuration): then
            the path alone may name the endpoint, as it may when it names the api.
        most: how many candidates to list at most.
    """
    words = {word for word in _WORD.findall(path.lower()) if len(word) > 3}  # noqa: PLR2004
    named = [api for api in apis if api in words]
    endpoints = [(api, ep) for api in named or apis for ep in get_api(api).endpoints.values()]
    shapes = {(api, ep.id): _fits(value, ep) for api, ep in endpoints}
    if any(shapes.values()):  # the keys tell: the path only breaks ties among those
        endpoints = [(api, ep) for api, ep in endpoints if shapes[api, ep.id]]
    elif not (named or known):  # nothing but words of a path: too little to go on
        return Guess()
    bonus = _path_bonus(words, [ep for _, ep in endpoints])
    scored = [
        (shapes[api, ep.id] + bonus.get(_root(ep), 0.0), n, api, ep)
        for n, (api, ep) in enumerate(endpoints)
    ]
    scored = [item for item in scored if item[0] > 0]
    if not scored:
        return Guess()
    scored.sort(key=lambda item: (-item[0], _METHOD_RANK.get(item[3].method, 9), item[1]))
    best = scored[0][0]
    ties = {_resource(ep) for score, _, _, ep in scored if score >= best - _TIE}
    listed: dict[tuple[str, str], tuple[str, str]] = {}
    for score, _, api, ep in scored:
        if score >= best - _NEAR:
            listed.setdefault((api, _resource(ep)), (api, ep.id))
    return Guess(tuple(listed.values())[:most], sure=len(ties) == 1)


def _path_bonus(words: set[str], endpoints: Sequence[Endpoint]) -> dict[str, float]:
    """Per resource root, what the path's words add: shared among the roots a word names."""
    roots = {_root(ep) for ep in endpoints}
    bonus: dict[str, float] = {}
    for word in map(_stem, words):
        hits = [root for root in roots if word in {_stem(w) for w in _WORD.findall(root)}]
        for root in hits:
            bonus[root] = bonus.get(root, 0.0) + _PATH_BONUS / len(hits)
    return bonus


def _fits(value: Any, endpoint: Endpoint) -> float:
    """How well ``value``'s keys fit the endpoint's payload: 0 (not at all) to 1."""
    if not isinstance(value, dict) or not value:
        return 0.0
    if " " not in endpoint.id:  # co3: the method name is the endpoint
        command = value.get("command", value)
        keys = {str(key).lower() for key in command} if isinstance(command, dict) else set()
        return 1.0 if endpoint.id.lower() in keys else 0.0
    return _score(endpoint.model, value)


def _score(model: type[BaseModel], value: dict[Any, Any], depth: int = 0) -> float:
    fields = {name.lower(): info for name, info in model.model_fields.items()}
    keys = [key for key in value if isinstance(key, str)]
    hits = [key for key in keys if key.lower() in fields]
    if not hits:
        return 0.0
    score = len(hits) / len(value)
    if depth == 0 and len(value) == 1:  # a wrapper: the keys inside it tell the rest
        inner = value[hits[0]]
        nested = _model_in(fields[hits[0].lower()].annotation)
        if nested is not None and isinstance(inner, dict) and inner:
            within = _score(nested, inner, depth + 1)
            return 0.5 + 0.5 * within if within else _WRAPPER_ONLY
    return score


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (through ``X | None``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _resource(endpoint: Endpoint) -> str:
    """The thing an endpoint works on: its path without parameters (``/invoices``)."""
    template = re.sub(r"/?\{[^{}]*\}", "", endpoint.template).removesuffix(".json")
    return template or endpoint.id


def _root(endpoint: Endpoint) -> str:
    """The first part of an endpoint's resource (``credit_notes`` of its change-state too)."""
    words = _resource(endpoint).lower().strip("/").split("/")
    return words[1] if words[0] == "api" and len(words) > 1 else words[0]


def _stem(word: str) -> str:
    """A word without its plural ending: ``orders``, ``artikelen``, ``relaties``."""
    for ending in ("en", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) > 3:  # noqa: PLR2004
            return word[: -len(ending)]
    return word
