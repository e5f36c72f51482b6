"""The lifecycle stages of the playbook chapter and their accepted spellings."""

from __future__ import annotations

import unicodedata

#: Canonical stage ids, in lifecycle order.
STAGES: tuple[str, ...] = (
    "exploracion",
    "validacion",
    "pre-produccion",
    "produccion",
    "monitoreo",
    "retirada",
)

#: Stages where a model serves real users (``prod`` in the contract).
PROD: frozenset[str] = frozenset({"produccion", "monitoreo"})

_ALIASES: dict[str, tuple[str, ...]] = {
    "exploracion": ("exploración", "exploration"),
    "validacion": ("validación", "validation"),
    "pre-produccion": ("pre-producción", "pre-production"),
    "produccion": ("producción", "production"),
    "monitoreo": ("monitoring",),
    "retirada": ("retired",),
}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip()).casefold()


_LOOKUP: dict[str, str] = {
    _fold(alias): stage for stage, aliases in _ALIASES.items() for alias in (stage, *aliases)
}


def canonical_stage(value: object) -> str | None:
    """Return the canonical stage id for ``value``, or ``None`` when it is not a stage."""
    if not isinstance(value, str):
        return None
    return _LOOKUP.get(_fold(value))


def accepted_spellings() -> list[str]:
    """Every accepted spelling (canonical, accented and English), lower case."""
    return sorted(_LOOKUP)
