"""``previous_ids`` across the registry: old ids that keep their URLs working.

This needs every manifest, so it runs once after all are loaded. An old id that is a
current id (a folder under ``models/``), or that is listed twice (in two models, or
twice in one), is an error at each place it is listed; every other old id becomes a
redirect ``old id → current id``.
"""

from __future__ import annotations

from ..domain import ModelEntry
from ..i18n import Catalog
from ..problems import Problem


def check_previous_ids(entries: list[ModelEntry], catalog: Catalog) -> dict[str, str]:
    """Redirects of the valid old ids; errors are appended to the entries concerned."""
    current = {entry.id for entry in entries}
    listed: dict[str, list[tuple[ModelEntry, int | None]]] = {}
    for entry in entries:
        for previous in entry.manifest.previous_ids if entry.manifest else ():
            listed.setdefault(previous.id, []).append((entry, previous.line))
    redirects: dict[str, str] = {}
    for old, places in listed.items():
        if old in current:
            key = "manifest.previous_id_current"
        elif len(places) > 1:
            key = "manifest.previous_id_twice"
        else:
            redirects[old] = places[0][0].id
            continue
        for entry, line in places:
            entry.errors.append(Problem(entry.file, line, catalog(key, id=old)))
            entry.old_id_collides = True
    return redirects
