"""Terminal output: failing models first, one line per finding with its ``file:line``."""

from __future__ import annotations

from ..i18n import Catalog, catalog
from ..report import STATUSES, Report
from .options import FormatOptions
from .terminal import terminal_text as safe

_COLORS = {"invalid": "35", "fail": "31", "warn": "33", "pass": "32", "waived": "36"}


def render(report: Report, options: FormatOptions) -> str:
    t = catalog(options.lang)

    def paint(text: str, status: str) -> str:
        code = _COLORS.get(status)
        return f"\x1b[{code}m{text}\x1b[0m" if options.color and code else text

    lines: list[str] = []
    order = {status: i for i, status in enumerate(STATUSES)}
    for model in sorted(report.models, key=lambda m: (order[m.status], m.id)):
        label = paint(f"[{t('status.' + model.status)}]", model.status)
        lines.append(
            f"{label} {safe(model.id)}"
            + (f" · {model.stage}" if model.stage else "")
            + (f" · {safe(model.owner)}" if model.owner else "")
        )
        for problem in model.errors:
            where, message = safe(problem.location()), safe(problem.message)
            lines.append(f"  {paint('error', 'invalid')}  {where}  {message}")
        shown = 0
        for finding in model.findings:
            if finding.status in ("fail", "waived") or options.verbose:
                shown += 1
                where = safe(f"{finding.file}:{finding.line}" if finding.line else finding.file)
                status = paint(t("status." + finding.status), finding.status)
                lines.append(
                    f"  {status}  {finding.rule} ({t('severity.' + finding.severity)})  {where}  "
                    f"{safe(finding.message)}"
                )
        if model.findings and not options.verbose:
            passing = sum(f.status == "pass" for f in model.findings)
            na = sum(f.status == "not-applicable" for f in model.findings)
            lines.append(
                "  "
                + t(
                    "cli.more_passing",
                    passing=t("cli.rules_pass", count=passing),
                    na=t("cli.rules_na", count=na),
                )
            )
    in_models = {e for m in report.models for e in m.errors}
    registry_errors = [e for e in report.errors if e not in in_models]
    if registry_errors:
        lines.append(t("cli.errors") + ":")
        lines.extend(f"  {safe(e.location())}  {safe(e.message)}" for e in registry_errors)
    lines.append(summary_line(report, t))
    return "\n".join(lines) + "\n"


def summary_line(report: Report, t: Catalog) -> str:
    """``13 modelos: 4 cumplen, … · 1 error · al 2026-11-20``, each count in its own form."""
    counts = {**report.summary(), "errors": len(report.errors)}
    parts = {key: t(f"cli.count_{key}", count=n) for key, n in counts.items()}
    return t("cli.summary", as_of=report.as_of.isoformat(), **parts)
