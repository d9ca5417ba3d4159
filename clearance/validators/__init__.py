"""Pydantic models of every request, one module per API, each with its ``API`` object.

A module is imported only when its API is first used, so ``clearance --version`` and a
check of one API never build the others' models.
"""

#: The APIs clearance checks, by id. Each id names ``clearance.validators.<id>``,
#: ``clearance/rules/<id>.toml`` and ``clearance.envelopes.<id>``.
APIS: tuple[str, ...] = ("kassa", "snelstart", "fortnox", "invoicexpress", "co3")
