"""Loading ``owners.yaml``: people and teams."""

from __future__ import annotations

from pathlib import Path

from ..domain import Owners, Person, Team
from ..i18n import Catalog
from ..problems import Problem
from .files import read_mapping
from .schema import OWNERS_SCHEMA
from .validate import check_schema


def load_owners(path: Path, file: str, catalog: Catalog) -> tuple[Owners, list[Problem]]:
    """The owner directory; with a missing or broken file it counts as empty."""
    owners = Owners(file=file)
    if not path.exists() and not path.is_symlink():
        return owners, [Problem(file, None, catalog("owners.missing"))]
    data, problems = read_mapping(path, file, catalog)
    if data is None:
        return owners, problems
    found = list(check_schema(data, OWNERS_SCHEMA, file, catalog))
    if found:
        return owners, [p.problem for p in found]
    for person_id, entry in (data.get("people") or {}).items():
        owners.people[person_id] = Person(
            id=person_id,
            name=entry["name"].strip(),
            email=entry.get("email"),
            team=entry.get("team"),
            chat=entry.get("chat"),
            active=entry.get("active", True),
            line=data["people"].key_lines.get(person_id),
        )
    for team_id, entry in (data.get("teams") or {}).items():
        owners.teams[team_id] = Team(
            id=team_id,
            name=entry["name"].strip(),
            channel=entry.get("channel"),
            line=data["teams"].key_lines.get(team_id),
        )
    for team_id, team in owners.teams.items():
        if team_id in owners.people:
            problems.append(Problem(file, team.line, catalog("owners.team_and_person", id=team_id)))
    for person in owners.people.values():
        if person.team is not None and person.team not in owners.teams:
            problems.append(
                Problem(
                    file,
                    person.line,
                    catalog("owners.unknown_team", person=person.id, team=person.team),
                )
            )
    return owners, problems
