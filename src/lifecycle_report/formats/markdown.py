"""A pull-request comment (``check --base REF --format markdown``): what got worse first,
then what got better, then what still fails, in GitHub-flavoured Markdown.

Registry text goes through :func:`md_text` only. The comment opens with :data:`MARKER`, a
hidden line the workflow finds to update the same comment on each push, and stays under
:data:`LIMIT` characters (GitHub refuses comments of 65,536): what does not fit is counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..i18n import Catalog, catalog
from ..problems import Problem
from ..report import STATUSES, ModelResult, Report
from .options import FormatOptions

MARKER = "<!-- lifecycle-report:check -->"
LIMIT = 60_000
#: Room kept for the closing lines (omitted counts, summary).
_RESERVE = 2_000
ICONS = {"pass": "✅", "warn": "⚠️", "fail": "❌", "invalid": "⛔", "waived": "⏸️", None: "🆕"}
_RANK = {status: i for i, status in enumerate(STATUSES)}  # invalid 0 ... pass 3
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def md_text(value: object) -> str:
    """Registry text as inert GitHub Markdown: every ASCII punctuation character
    backslash-escaped (no tag, link, image, table cell or emphasis can open), whitespace
    folded, control characters shown as U+FFFD, and ``@`` kept from notifying anyone."""
    shown = _CONTROL.sub("\ufffd", " ".join(str(value).split()))
    return _PUNCTUATION.sub(r"\\\1", shown).replace("@", "@\u2060")


def md_code(value: object) -> str:
    """Registry text as a code span: a backtick fence longer than any run inside it."""
    shown = _CONTROL.sub("\ufffd", " ".join(str(value).split()))
    fence = "`" * (max((len(run) for run in re.findall("`+", shown)), default=0) + 1)
    return f"{fence} {shown} {fence}" if shown else "` `"


def _status(t: Catalog, status: str | None) -> str:
    label = t(f"status.{status}") if status else t("md.new_model")
    return f"{ICONS.get(status, '')} {label}"


def _problem(problem: Problem) -> str:
    where = problem.location()
    return f"  - ⛔ {md_text(problem.message)} · {md_text(where)}"


class _Comment:
    """Blocks added while they fit; what does not fit is counted, never cut in half."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.omitted = 0

    def add(self, block: list[str], *, always: bool = False) -> None:
        text = "\n".join(block) + "\n"
        if not always and self.size + len(text) > LIMIT - _RESERVE:
            self.omitted += 1
            return
        self.lines.extend(block)
        self.size += len(text)

    def text(self, t: Catalog) -> str:
        if self.omitted:
            self.lines += ["", t("md.omitted", count=self.omitted)]
        return "\n".join(self.lines) + "\n"


def _model_link(model: ModelResult, site_url: str | None) -> str:
    name = f"**{md_text(model.id)}**"
    if site_url:
        return f"[{name}]({site_url.rstrip('/')}/{model.url})"
    return name


def _change(model: ModelResult, was: str | None, report: Report) -> tuple[list[str], list[str]]:
    """Rules failing now and not at the base; rules failing at the base and not now.

    An invalid manifest has no findings: then only the statuses compare.
    """
    assert report.base is not None
    if model.status == "invalid" or was in (None, "invalid"):
        return [], []
    before = report.base.finding_statuses(model.id)
    now = {f.rule: f.status for f in model.findings}
    worse = [f.rule for f in model.findings if f.status == "fail" and before.get(f.rule) != "fail"]
    better = [r for r, status in before.items() if status == "fail" and now.get(r) != "fail"]
    return worse, better


def _model_block(
    model: ModelResult, report: Report, t: Catalog, options: FormatOptions, rules: Iterable[str]
) -> list[str]:
    assert report.base is not None
    base = report.base.status(model.id)
    link = _model_link(model, options.site_url)
    lines = [f"- {link} · {_status(t, base)} → {_status(t, model.status)}"]
    findings = {f.rule: f for f in model.findings}
    for rule in rules:
        finding = findings.get(rule)
        if finding is not None and finding.status == "fail":
            where = f"{finding.file}:{finding.line}" if finding.line else finding.file
            lines.append(
                f"  - ❌ `{rule}` ({t('severity.' + finding.severity)}): "
                f"{md_text(finding.message)} · {md_text(where)}"
            )
        else:
            lines.append(f"  - ✅ `{rule}`: {t('md.resolved')}")
    if model.status == "invalid" and base != "invalid":
        lines.extend(_problem(p) for p in model.errors)
    return lines


_COUNTED = ("pass", "warn", "fail", "invalid")


def _state(report: Report, t: Catalog, options: FormatOptions, out: _Comment) -> None:
    """Without a base: the failing models, then the summary line."""
    out.add([t("md.no_base", as_of=report.as_of.isoformat()), ""])
    failing = [m for m in report.models if m.status in ("fail", "invalid")]
    if failing:
        out.add([f"### {t('md.failing', count=len(failing))}", ""])
    for model in failing:
        block = [f"- {_model_link(model, options.site_url)} · {_status(t, model.status)}"]
        block += [f"  - ❌ `{f.rule}`: {md_text(f.message)}" for f in model.failing()]
        block += [_problem(p) for p in model.errors]
        out.add(block)
    summary = report.summary()
    as_of = report.as_of.isoformat()
    out.add(["", t("cli.summary", errors=len(report.errors), as_of=as_of, **summary)])


def _counts(report: Report, t: Catalog) -> list[str]:
    """Models per status, now and at the base."""
    assert report.base is not None
    now = report.summary()
    before = report.base.report.summary() if report.base.report else None
    return [
        "| | " + " | ".join(_status(t, s) for s in _COUNTED) + " |",
        "|---|---:|---:|---:|---:|",
        f"| {t('md.now')} | " + " | ".join(str(now[s]) for s in _COUNTED) + " |",
        f"| {md_text(report.base.ref)} | "
        + " | ".join(str(before[s]) if before else "–" for s in _COUNTED)
        + " |",
    ]


def _comparison(report: Report, t: Catalog, options: FormatOptions, out: _Comment) -> None:
    base = report.base
    assert base is not None
    worse: list[list[str]] = []
    better: list[list[str]] = []
    still: list[ModelResult] = []
    for model in report.models:
        was = base.status(model.id)
        got_worse, got_better = _change(model, was, report)
        if was is None or was == "invalid":  # no findings to compare: the failing ones now
            got_worse = [f.rule for f in model.failing()]
        rank_now, rank_was = _RANK[model.status], _RANK[was or "pass"]
        if rank_now < rank_was or (was != "invalid" and got_worse and rank_now <= rank_was):
            worse.append(_model_block(model, report, t, options, got_worse + got_better))
        elif rank_now > rank_was or got_better:
            better.append(_model_block(model, report, t, options, got_worse + got_better))
        elif model.status in ("fail", "invalid"):
            still.append(model)
    known = {(p.file, p.message) for p in (base.report.shared_errors() if base.report else [])}
    now_errors = report.shared_errors()
    new_errors = [p for p in now_errors if (p.file, p.message) not in known]
    fixed = len(known - {(p.file, p.message) for p in now_errors})
    removed = base.removed(report)
    worse_count = len(worse) + bool(new_errors)
    as_of = report.as_of.isoformat()
    ref = md_code(base.ref)
    out.add([t("md.verdict", worse=worse_count, better=len(better)), ""])
    out.add([t("md.compared", ref=ref, commit=base.commit[:12], as_of=as_of), ""])
    out.add([*_counts(report, t), ""])
    if worse_count:
        out.add([f"### {t('md.worse', count=worse_count)}", ""])
        if new_errors:
            out.add([f"- {t('md.shared_errors')}", *(_problem(p) for p in new_errors)])
        for block in worse:
            out.add(block)
        out.add([""])
    else:
        out.add([t("md.nothing_worse"), ""])
    if better or removed or fixed:
        out.add([f"### {t('md.better', count=len(better))}", ""])
        for block in better:
            out.add(block)
        if fixed:
            out.add([f"- {t('md.shared_fixed', count=fixed)}"])
        if removed:
            out.add([f"- {t('md.removed')}: " + ", ".join(md_text(r) for r in removed)])
        out.add([""])
    if still:
        out.add(["<details>", f"<summary>{t('md.still', count=len(still))}</summary>", ""])
        for model in still:
            link, status = _model_link(model, options.site_url), _status(t, model.status)
            rules = ", ".join(f"`{f.rule}`" for f in model.failing())
            out.add([f"- {link} · {status} {rules}"])
        out.add(["", "</details>"], always=True)


def render(report: Report, options: FormatOptions) -> str:
    t = catalog(options.lang)
    out = _Comment()
    out.add([MARKER, f"## {t('md.title')}", ""])
    if report.base is None:
        _state(report, t, options, out)
    else:
        _comparison(report, t, options, out)
    return out.text(t)
