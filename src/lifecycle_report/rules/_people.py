"""Who a governance rule may accept: people of owners.yaml other than the model's owner."""

from __future__ import annotations

from typing import Any

from .base import ModelContext


def owner_id(ctx: ModelContext) -> str | None:
    owner = ctx.manifest.owner
    return owner.strip() if isinstance(owner, str) and owner.strip() else None


def not_independent(
    person_id: Any, ctx: ModelContext, *, must_be_active: bool = True
) -> str | None:
    """Why ``person_id`` cannot vouch for the model (a message key), or ``None`` when it can.

    ``missing``, ``owner`` (the model's own owner), ``team`` (a team, not a person),
    ``unknown`` (not in owners.yaml) or ``inactive`` (left the role).
    """
    if not isinstance(person_id, str) or not person_id.strip():
        return "missing"
    person_id = person_id.strip()
    if person_id == owner_id(ctx):
        return "owner"
    person = ctx.owners.people.get(person_id)
    if person is None:
        return "team" if person_id in ctx.owners.teams else "unknown"
    if must_be_active and not person.active:
        return "inactive"
    return None
