"""Generate a synthetic model registry for benchmarking `lifecycle-report`.

The layout follows /work/shared/REGISTRY.md (owners.yaml, policy.yaml,
models/<id>/model.yaml, models/<id>/monitoring.csv). Output is deterministic for
a given (n, seed, weeks): every random choice goes through one random.Random,
and the text is written directly (no yaml.dump) so that 10,000 models take a
few seconds.

Most models are healthy production models; a controlled share of them trips
each rule (missing or inactive owner, stale or incomplete summary, drops,
drift, error spikes, out-of-range outputs, silent changes, expired waivers,
retired models still serving, a few invalid manifests and broken CSV cells),
so a run of `check` goes through every rule's code paths.

    python bench/generate.py --n 1000 --out /tmp/registry
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2026, 11, 20)
SUSTAINED_PERIODS = 3
POLICY_DRIFT_MAX = 0.25
POLICY_ERROR_RATE_MAX = 0.02

POLICY_YAML = """\
# Thresholds shared by every model unless its manifest overrides them.
thresholds:
  error_rate_max: 0.02
  drift_max: 0.25
  max_age_days: 14
  sustained_periods: 3
rules: {}
"""

# fmt: off
CSV_COLUMNS = (
    "date", "performance", "input_drift", "volume", "error_rate", "output_min", "output_max",
)

FIRST_NAMES = (
    ("ana", "Ana"), ("luis", "Luis"), ("maria", "María"), ("jose", "José"),
    ("lucia", "Lucía"), ("carlos", "Carlos"), ("sofia", "Sofía"), ("javier", "Javier"),
    ("elena", "Elena"), ("pablo", "Pablo"), ("marta", "Marta"), ("diego", "Diego"),
    ("laura", "Laura"), ("andres", "Andrés"), ("paula", "Paula"), ("raul", "Raúl"),
    ("ines", "Inés"), ("sergio", "Sergio"), ("nuria", "Nuria"), ("ivan", "Iván"),
)
SURNAMES = (
    ("garcia", "García"), ("perez", "Pérez"), ("lopez", "López"), ("martinez", "Martínez"),
    ("sanchez", "Sánchez"), ("gomez", "Gómez"), ("fernandez", "Fernández"),
    ("ruiz", "Ruiz"), ("diaz", "Díaz"), ("moreno", "Moreno"), ("munoz", "Muñoz"),
    ("alvarez", "Álvarez"), ("romero", "Romero"), ("navarro", "Navarro"),
    ("torres", "Torres"), ("dominguez", "Domínguez"), ("castro", "Castro"),
)
TEAM_BASES = (
    ("riesgo", "Riesgo de crédito"), ("fraude", "Prevención del fraude"),
    ("marketing", "Marketing analítico"), ("operaciones", "Operaciones"),
    ("clientes", "Experiencia de cliente"), ("precios", "Precios y tarifas"),
    ("logistica", "Logística"), ("rrhh", "Personas"),
)
# (id word, display word, what the model predicts)
SUBJECTS = (
    ("scoring", "Scoring", "la probabilidad de impago de una solicitud"),
    ("fraude", "Fraude", "la probabilidad de que una transacción sea fraudulenta"),
    ("churn", "Abandono", "la probabilidad de baja de un cliente en 90 días"),
    ("demanda", "Demanda", "la demanda semanal por producto y tienda"),
    ("propension", "Propensión", "la propensión a contratar un producto"),
    ("tarifa", "Tarifa", "el precio óptimo de renovación"),
    ("clasificador", "Clasificador", "la categoría de una incidencia entrante"),
    ("recomendador", "Recomendador", "los productos más relevantes para un cliente"),
)
QUALIFIERS = ("credito", "hipotecas", "tarjetas", "pymes", "online", "tiendas", "seguros", "web")
METRICS = ("auc", "f1", "recall", "precision", "accuracy")
TAGS = ("tabular", "gbm", "batch", "online", "nlp", "series", "regulado", "pii", "core")

CANONICAL_STAGES = (
    "exploracion", "validacion", "pre-produccion", "produccion", "monitoreo", "retirada",
)
STAGE_WEIGHTS = (5, 7, 8, 45, 30, 5)
# Accepted non-canonical spellings (accented, English, odd case) used now and then.
STAGE_VARIANTS = {
    "exploracion": ("exploración", "Exploration"),
    "validacion": ("validación", "Validation"),
    "pre-produccion": ("pre-producción", "Pre-Production"),
    "produccion": ("producción", "Production", "PRODUCCION"),
    "monitoreo": ("Monitoring", "Monitoreo"),
    "retirada": ("retired", "Retirada"),
}
DECISIONS = {
    "exploracion": "Se abre la exploración con datos de los últimos 24 meses",
    "validacion": "El candidato supera al modelo de referencia en validación",
    "pre-produccion": "Contrato de datos y pruebas aprobados para pre-producción",
    "produccion": "Aprobado el paso a producción por el comité de modelos",
    "monitoreo": "Estable tras el despliegue, pasa a monitoreo continuo",
    "retirada": "Se retira el modelo, sustituido por una versión nueva",
}
WAIVABLE_RULES = (
    "rollback-plan", "retirement-plan", "input-drift", "error-increase",
    "tracking", "baseline-comparison", "preprod-readiness", "monitoring-fresh",
)

# Independent "something is wrong" switches and the share of models getting each.
# `waiver-expired` applies to models with a waiver, `still-serving` to retired ones.
FLAG_SHARES = (
    ("no-tracking", 0.08), ("no-validation", 0.08), ("no-review", 0.08),
    ("no-rollback", 0.08), ("no-retirement-plan", 0.1), ("notebook", 0.03),
    ("silent-stage", 0.04), ("silent-version", 0.03), ("waiver", 0.08),
    ("waiver-expired", 0.4), ("previous-ids", 0.05),
    ("no-csv", 0.03), ("no-error-column", 0.03), ("not-possible", 0.04),
    ("stale", 0.06), ("bad-cell", 0.003), ("perf-drop", 0.06),
    ("last-perf-empty", 0.02), ("drift", 0.06), ("error-spike", 0.06),
    ("out-of-range", 0.04), ("still-serving", 0.3),
    ("typo-key", 0.003), ("bad-stage", 0.002),
)
# fmt: on


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    team: str
    active: bool


@dataclass
class ModelSpec:
    """Everything drawn for one model; rendering is then deterministic."""

    index: int
    id: str
    name: str
    subject: str
    team: str
    stage: str  # canonical
    stage_text: str  # as written in the manifest
    owner_line: str | None  # full `owner:` line or None when absent
    version: str
    metric: str
    base_perf: float
    perf_min: float | None
    drift_max: float | None = None
    error_rate_max: float | None = None
    max_age_days: int | None = None
    output_range: bool = True
    not_possible: bool = False
    flags: set[str] = field(default_factory=set)


def ymd(day: date) -> str:
    return day.isoformat()


def make_teams(count: int) -> list[tuple[str, str]]:
    teams: list[tuple[str, str]] = []
    for i in range(count):
        team_id, team_name = TEAM_BASES[i % len(TEAM_BASES)]
        round_ = i // len(TEAM_BASES)
        if round_:
            team_id, team_name = f"{team_id}-{round_ + 1}", f"{team_name} {round_ + 1}"
        teams.append((team_id, team_name))
    return teams


def make_people(rng: random.Random, count: int, teams: list[tuple[str, str]]) -> list[Person]:
    people: list[Person] = []
    seen: set[str] = set()
    while len(people) < count:
        first_id, first = rng.choice(FIRST_NAMES)
        last_id, last = rng.choice(SURNAMES)
        person_id = f"{first_id}.{last_id}"
        if person_id in seen:
            person_id = f"{person_id}{len(people)}"
        seen.add(person_id)
        team_id = teams[len(people) % len(teams)][0]
        people.append(Person(person_id, f"{first} {last}", team_id, rng.random() >= 0.05))
    return people


def render_owners(people: list[Person], teams: list[tuple[str, str]]) -> str:
    lines = ["# Owner directory: people and teams referenced by the manifests.", "people:"]
    for person in people:
        lines += [
            f"  {person.id}:",
            f"    name: {person.name}",
            f"    email: {person.id}@example.com",
            f"    team: {person.team}",
            f'    chat: "@{person.id}"',
        ]
        if not person.active:
            lines.append("    active: false")
    lines.append("teams:")
    for team_id, team_name in teams:
        lines += [f"  {team_id}:", f"    name: {team_name}", f'    channel: "#{team_id}-ml"']
    return "\n".join(lines) + "\n"


def draw_owner_line(rng: random.Random, people: list[Person], team: str) -> str | None:
    roll = rng.random()
    if roll < 0.02:
        return None  # missing
    if roll < 0.035:
        return f"owner: {team}  # a team, not a person"
    if roll < 0.045:
        return "owner: todos"
    if roll < 0.055:
        return "owner: juan.nadie"  # unknown person id
    if roll < 0.06:
        first, second = rng.sample(people, 2)
        return f"owner: [{first.id}, {second.id}]"  # not a single string
    return f"owner: {rng.choice(people).id}"  # ~5% of people are inactive


def draw_model(
    rng: random.Random, index: int, people: list[Person], teams: list[tuple[str, str]]
) -> ModelSpec:
    subject_id, subject_name, predicts = rng.choice(SUBJECTS)
    qualifier = rng.choice(QUALIFIERS)
    stage = rng.choices(CANONICAL_STAGES, weights=STAGE_WEIGHTS)[0]
    stage_text = rng.choice(STAGE_VARIANTS[stage]) if rng.random() < 0.1 else stage
    team = rng.choice(teams)[0]
    base_perf = round(0.72 + rng.random() * 0.2, 3)
    spec = ModelSpec(
        index=index,
        id=f"{subject_id}-{qualifier}-{index:05d}",
        name=f"{subject_name} {qualifier} {index:05d}",
        subject=predicts,
        team=team,
        stage=stage,
        stage_text=stage_text,
        owner_line=draw_owner_line(rng, people, team),
        version=f"{rng.randint(1, 4)}.{rng.randint(0, 12)}.{rng.randint(0, 9)}",
        metric=rng.choice(METRICS),
        base_perf=base_perf,
        perf_min=None if rng.random() < 0.15 else round(base_perf - 0.06 - rng.random() * 0.04, 2),
    )
    if rng.random() < 0.3:
        spec.drift_max = rng.choice((0.2, 0.3))
    if rng.random() < 0.4:
        spec.error_rate_max = rng.choice((0.01, 0.03, 0.05))
    if rng.random() < 0.4:
        spec.max_age_days = rng.choice((7, 14, 30))
    spec.output_range = rng.random() >= 0.1
    for flag, share in FLAG_SHARES:
        if rng.random() < share:
            spec.flags.add(flag)
    spec.not_possible = "not-possible" in spec.flags
    return spec


def render_history(rng: random.Random, spec: ModelSpec, people: list[Person]) -> list[str]:
    """3-5 dated decisions, oldest first, ending at the current stage and version."""
    path = list(CANONICAL_STAGES[: CANONICAL_STAGES.index(spec.stage) + 1])
    while len(path) < 3:
        path.append(spec.stage)  # more iterations at an early stage
    path = path[-rng.randint(3, 5) :]
    if "silent-stage" in spec.flags and spec.stage != "exploracion":
        path[-1] = "validacion" if spec.stage != "validacion" else "exploracion"
    day = date(2023, 6, 1) + timedelta(days=rng.randint(0, 700))
    major, minor, _ = spec.version.split(".")
    lines = ["history:"]
    for position, stage in enumerate(path):
        last = position == len(path) - 1
        lines += [f"  - date: {ymd(day)}", f"    stage: {stage}"]
        if stage != "exploracion":
            earlier_minor = max(int(minor) - len(path) + position, 0)
            version = spec.version if last else f"{major}.{earlier_minor}.0"
            if last and "silent-version" in spec.flags:
                version = f"{major}.{minor}.99"
            lines.append(f'    version: "{version}"')
        lines.append(f'    decision: "{DECISIONS[stage]}"')
        if rng.random() < 0.6:  # `by` is optional
            lines.append(f"    by: {rng.choice(people).id}")
        day += timedelta(days=rng.randint(20, 80))
    return lines


def render_manifest(rng: random.Random, spec: ModelSpec, people: list[Person]) -> str:
    flags = spec.flags
    stage_text = "produccion-beta" if "bad-stage" in flags else spec.stage_text
    lines = [
        f"id: {spec.id}",
        f"name: {spec.name}",
        "description: >-",
        f"  Predice {spec.subject}.",
        "  Se reentrena cada trimestre con los datos consolidados del periodo.",
        f"stage: {stage_text}",
    ]
    if spec.owner_line is not None:
        lines.append(spec.owner_line)
    team_key = "equipo" if "typo-key" in flags else "team"  # unknown key: invalid manifest
    lines += [
        f"{team_key}: {spec.team}",
        f'version: "{spec.version}"',
        f"tags: [{', '.join(rng.sample(TAGS, rng.randint(2, 4)))}]",
        "artifact:",
    ]
    if "notebook" in flags:
        lines += ["  kind: notebook", f"  uri: notebooks/{spec.id}/entrenamiento.ipynb"]
    else:
        lines += ["  kind: mlflow", f"  uri: models:/{spec.id}/{rng.randint(1, 40)}"]
    if "no-tracking" not in flags:
        lines += [
            "tracking:",
            "  mlflow:",
            f"    experiment: {spec.team}/{spec.id}",
            f"    run: {rng.getrandbits(64):016x}",
            f"    registered_model: {spec.id}",
            f"  url: https://mlflow.example.com/#/experiments/{rng.randint(100, 99999)}",
        ]
    lines += [
        "links:",
        f"  runbook: https://wiki.example.com/runbooks/{spec.id}",
        f"  dashboard: https://grafana.example.com/d/{spec.id}",
        f"  repository: https://git.example.com/{spec.team}/{spec.id}",
    ]
    if "previous-ids" in flags:
        lines += ["previous_ids:", f"  - {spec.id.rsplit('-', 1)[0]}-v0-{spec.index:05d}"]
    lines += render_history(rng, spec, people)
    if "no-validation" not in flags:
        baseline = round(spec.base_perf - 0.03 - rng.random() * 0.05, 3)
        lines += [
            "validation:",
            "  baseline:",
            "    name: modelo de reglas vigente",
            f"    metric: {spec.metric}",
            f"    value: {baseline}",
            "  result:",
            f"    metric: {spec.metric}",
            f"    value: {spec.base_perf}",
        ]
    lines += [
        "readiness:",
        f"  contract: contracts/{spec.id}.yaml",
        '  tests: "CI: pruebas de datos y de inferencia en verde"',
    ]
    if "no-review" not in flags:
        review_day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 600))
        lines += ["  review:", f"    by: {rng.choice(people).id}", f"    date: {ymd(review_day)}"]
    if spec.stage not in ("exploracion", "validacion"):
        lines += render_monitoring_block(spec)
    if "no-rollback" not in flags:
        lines += [
            "rollback:",
            "  strategy: Volver a la versión anterior registrada en MLflow y avisar al canal.",
            f'  previous_version: "{spec.version.rsplit(".", 1)[0]}.0"',
        ]
    lines += render_retirement(rng, spec)
    if "waiver" in flags:
        expires = AS_OF + timedelta(
            days=rng.randint(-60, -1) if "waiver-expired" in flags else rng.randint(10, 180)
        )
        lines += [
            "waivers:",
            f"  - rule: {rng.choice(WAIVABLE_RULES)}",
            "    reason: Excepción aprobada mientras se completa la migración.",
            f"    approved_by: {rng.choice(people).id}",
            f"    expires: {ymd(expires)}",
        ]
    return "\n".join(lines) + "\n"


def render_monitoring_block(spec: ModelSpec) -> list[str]:
    lines = ["monitoring:"]
    if has_summary(spec) and spec.index % 3:  # else the default path applies (or no summary)
        lines.append("  summary: monitoring.csv")
    lines += ["  performance:", f"    metric: {spec.metric}"]
    if spec.perf_min is not None:
        lines.append(f"    min: {spec.perf_min}")
    if spec.not_possible:
        lines.append('    not_possible: "las etiquetas llegan 90 días después"')
    if spec.drift_max is not None:
        lines.append(f"  drift_max: {spec.drift_max}")
    if spec.error_rate_max is not None:
        lines.append(f"  error_rate_max: {spec.error_rate_max}")
    if spec.output_range:
        lines.append("  output_range: [0, 1]")
    if spec.max_age_days is not None:
        lines.append(f"  max_age_days: {spec.max_age_days}")
    return lines


def retirement_date(spec: ModelSpec) -> date:
    # Stable per model so the CSV can stop (or not) serving after it.
    return date(2026, 4, 1) + timedelta(days=spec.index % 180)


def render_retirement(rng: random.Random, spec: ModelSpec) -> list[str]:
    if spec.stage == "retirada":
        if "no-retirement-plan" in spec.flags:  # no date: retired-still-serving cannot judge
            return ["retirement:", "  reason: Sustituido por un modelo con mejores métricas."]
        return [
            "retirement:",
            "  plan: Migrar el tráfico al sustituto y archivar el artefacto.",
            f"  date: {ymd(retirement_date(spec))}",
            "  reason: Sustituido por un modelo con mejores métricas.",
            f"  replaced_by: {spec.id.rsplit('-', 1)[0]}-{rng.randint(0, 99999):05d}",
        ]
    if "no-retirement-plan" in spec.flags:
        return []
    return [
        "retirement:",
        "  plan: Revisión anual; retirar si deja de superar al modelo de referencia.",
    ]


def has_summary(spec: ModelSpec) -> bool:
    if spec.stage in ("produccion", "monitoreo"):
        return "no-csv" not in spec.flags
    if spec.stage == "pre-produccion":
        return spec.index % 2 == 0
    return spec.stage == "retirada"


def render_csv(rng: random.Random, spec: ModelSpec, weeks: int, dates: list[str]) -> str:
    """`weeks` weekly rows; `dates` are the ISO strings of every day up to AS_OF."""
    flags = spec.flags
    lag = rng.randint(35, 90) if "stale" in flags else rng.randint(1, 6)
    last_day = len(dates) - 1 - lag
    drift_max = spec.drift_max if spec.drift_max is not None else POLICY_DRIFT_MAX
    error_max = spec.error_rate_max if spec.error_rate_max is not None else POLICY_ERROR_RATE_MAX
    perf_floor = spec.perf_min if spec.perf_min is not None else spec.base_perf * 0.85
    retired_from = len(dates) - 1 - (AS_OF - retirement_date(spec)).days
    stops_serving = spec.stage == "retirada" and "still-serving" not in flags
    base_volume = rng.randint(2_000, 400_000)
    base_error = 0.001 + rng.random() * 0.005
    bad_row = rng.randrange(weeks) if "bad-cell" in flags else -1
    keep_error = "no-error-column" not in flags
    header = [c for c in CSV_COLUMNS if keep_error or c != "error_rate"]
    out = [",".join(header)]
    random_ = rng.random
    for row in range(weeks):
        day = last_day - 7 * (weeks - 1 - row)
        from_end = weeks - 1 - row  # 0 for the latest row
        perf = spec.base_perf + (random_() - 0.5) * 0.03
        drift = 0.02 + random_() * 0.08
        error = base_error * (0.7 + random_() * 0.6)
        out_min = random_() * 0.03
        out_max = 0.97 + random_() * 0.03
        volume = int(base_volume * (0.8 + random_() * 0.4))
        if "perf-drop" in flags and from_end < SUSTAINED_PERIODS:
            perf = perf_floor - 0.02 - random_() * 0.05
        if from_end == 0:
            if "drift" in flags:
                drift = drift_max + 0.01 + random_() * 0.1
            if "error-spike" in flags:
                error = error_max * 1.5 + random_() * 0.02
            if "out-of-range" in flags:
                out_max = 1.05 + random_() * 0.2
        if stops_serving and day > retired_from:
            volume = 0
        perf_empty = spec.not_possible or ("last-perf-empty" in flags and from_end == 0)
        cells = [dates[day], "" if perf_empty else f"{perf:.4f}", f"{drift:.4f}", str(volume)]
        if keep_error:
            cells.append(f"{error:.5f}")
        cells += [f"{out_min:.4f}", f"{out_max:.4f}"]
        if row == bad_row:
            cells[2] = "n/a"  # neither empty nor a number: a CSV error
        out.append(",".join(cells))
    return "\n".join(out) + "\n"


def generate(root: Path, n: int, seed: int = 0, weeks: int = 104) -> None:
    """Write a registry of `n` models under `root` (created if needed)."""
    if n < 1 or weeks < SUSTAINED_PERIODS + 1:
        raise ValueError("need n >= 1 and weeks >= 4")
    rng = random.Random(seed)
    models_dir = root / "models"
    if models_dir.exists() and any(models_dir.iterdir()):
        raise FileExistsError(f"{models_dir} is not empty; pick a fresh --out")
    models_dir.mkdir(parents=True, exist_ok=True)
    teams = make_teams(max(3, n // 150))
    people = make_people(rng, max(5, n // 20), teams)
    (root / "owners.yaml").write_text(render_owners(people, teams), encoding="utf-8")
    (root / "policy.yaml").write_text(POLICY_YAML, encoding="utf-8")
    span = 7 * weeks + 100
    first = AS_OF - timedelta(days=span)
    dates = [ymd(first + timedelta(days=d)) for d in range(span + 1)]
    for index in range(n):
        spec = draw_model(rng, index, people, teams)
        model_dir = models_dir / spec.id
        model_dir.mkdir()
        manifest = render_manifest(rng, spec, people)
        (model_dir / "model.yaml").write_text(manifest, encoding="utf-8")
        if has_summary(spec):
            summary = render_csv(rng, spec, weeks, dates)
            (model_dir / "monitoring.csv").write_text(summary, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic lifecycle registry.")
    parser.add_argument("--n", type=int, default=1000, help="number of models")
    parser.add_argument("--out", type=Path, required=True, help="registry root to create")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--weeks", type=int, default=104, help="rows per monitoring.csv")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        generate(args.out, args.n, args.seed, args.weeks)
    except (FileExistsError, ValueError) as exc:
        parser.error(str(exc))
    print(
        f"wrote {args.n} models to {args.out} in {time.perf_counter() - start:.2f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
