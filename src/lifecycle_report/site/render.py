"""The site renderer: report in, ``{docs path: Markdown or bytes}`` out.

Pages are Jinja templates (``lifecycle_report/templates``). In a Markdown template
(``*.md.j2``) every ``{{ value }}`` goes through :func:`~lifecycle_report.site.escape.markdown`,
in an HTML template (``*.html.j2``) through :func:`~lifecycle_report.site.escape.html`;
inside a Markdown page's raw HTML blocks, values take the ``|h`` filter
(:func:`~lifecycle_report.site.escape.html`). Only values the renderer built itself are
:class:`~markupsafe.Markup`. Registry text is only ever a value in a template, never
template source.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import posixpath
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import quote

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    Template,
    pass_context,
)
from markupsafe import Markup
from mkdocs.utils import get_relative_url

from ..cache import code_version
from ..history import RegistryHistory
from ..i18n import Catalog, catalog
from ..problems import unexpected
from ..report import SEVERITIES, Finding, ModelResult, Report, must_compliance
from ..stages import PROD, STAGES
from ..timeline import Change, model_changes
from ..trend import Trend
from . import escape
from .badges import status_badge_svg
from .card import RECENT_DAYS, Card, incident_card, readings
from .chapter import stub_title
from .charts import DATA_FILE, data_csv, model_charts
from .feeds import iter_feeds
from .provenance import Provenance
from .urls import edit_url, final_url, model_page, page_slug, page_url, person_page, rule_page

ASSETS = (
    "javascripts/vendor/tablesort.min.js",
    "javascripts/vendor/tablesort.number.min.js",
    "javascripts/tables.js",
    "stylesheets/lifecycle-report.css",
)
ASSET_DIR = "assets/lifecycle-report"
#: Errors a model page lists (``check`` lists them all): a summary with every cell bad
#: must not make a page of megabytes.
MAX_ERRORS_SHOWN = 100


@dataclass(frozen=True)
class SiteSettings:
    """What the renderer needs besides the report."""

    lang: str = "es"
    #: Docs path of the playbook chapter the rule pages link to.
    chapter: str = "playbook/09-ml-lifecycle-y-produccion.md"
    #: Where the registry's files can be edited (``.../edit/main/registry/``), if known.
    edit_base: str | None = None
    #: Registry folder as shown to readers (``registry``).
    registry_label: str = "registry"
    #: Generate ``index.md`` (the home page) unless the docs already have one.
    home: bool = True
    #: MkDocs' ``repo_url``: links to commits and to the manifest at the built commit.
    repo_url: str | None = None
    #: MkDocs' ``use_directory_urls`` (redirect pages point at ``<id>/`` or ``<id>/index.html``).
    directory_urls: bool = True
    #: Link for a chat handle or channel, ``{}`` standing for it without its ``@``/``#``.
    chat_url: str | None = None
    #: MkDocs' ``site_url``: feeds link to absolute addresses when it is known.
    site_url: str | None = None
    #: Folders searched for page templates before the package's own: ``lifecycle-report/``
    #: in each of the theme's folders, the site's ``custom_dir`` first.
    template_dirs: tuple[str, ...] = ()


ModelFiles = list[tuple[str, str | bytes]]


class _Compiled(BytecodeCache):
    """Templates compiled once per process, in memory: every build makes new Jinja
    environments (ours: its globals are the build's; MkDocs' for the theme), and ``make
    serve`` builds after each edit. Jinja checks each template's source against the
    checksum it was compiled from."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Any) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Any) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = _Compiled()


@dataclass
class PageReuse:
    """A model's files as the previous build in this process rendered them, by a digest of
    everything they are rendered from (``make serve``: an edit re-renders only the pages
    of the models it changed; registry-wide pages are always rendered)."""

    files: dict[bytes, ModelFiles] = field(default_factory=dict)


class _Renderer:
    def __init__(
        self,
        report: Report,
        settings: SiteSettings,
        provenance: Provenance,
        reuse: PageReuse | None = None,
    ) -> None:
        self.report = report
        self.reuse = reuse
        # Only this build's models are kept: the cache never outgrows one site.
        self._before: dict[bytes, ModelFiles] = {}
        if reuse is not None:
            self._before, reuse.files = reuse.files, {}
        self._inputs: tuple[Any, ...] | None = None
        self.settings = settings
        self.t: Catalog = catalog(settings.lang)
        self.provenance = provenance
        self._templates: dict[str, Template] = {}
        self._badges: dict[str, Markup] = {}
        self._rule_texts_cache: dict[str, tuple[str, str]] = {}
        self._findings_head: str | None = None
        self.env = Environment(
            # A site's theme overrides a page template as it overrides Material's partials.
            loader=ChoiceLoader(
                [
                    FileSystemLoader(settings.template_dirs),
                    PackageLoader("lifecycle_report", "templates"),
                ]
            ),
            autoescape=True,
            finalize=escape.markdown,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # Templates ship with the package: no stat() of their source on every page.
            auto_reload=False,
            bytecode_cache=COMPILED_TEMPLATES,
        )
        self.env.filters["h"] = escape.html
        # HTML templates (redirect pages): every value is HTML-escaped.
        self.html_env = self.env.overlay(finalize=escape.html)
        self.env.globals.update(
            t=self.t,
            md=self.md,
            html_sentence=self.html_sentence,
            badge=self.badge,
            url=_url,
            href=_href,
            link=escape.markdown_link,
            html_link=escape.html_link,
            page_title=escape.page_title,
            rule_markdown=_rule_markdown,
            rule_example=_rule_example,
            stages=STAGES,
            rules=report.rules,
            rules_by_id={rule.id: rule for rule in report.rules},
            rule_policy=self.rule_policy,
            upcoming=self.upcoming,
            model_page=model_page,
            person_page=person_page,
            rule_page=rule_page,
            report=report,
            settings=settings,
            lang=settings.lang,
            as_of=report.as_of.isoformat(),
            owners=report.registry.owners,
            stage_name=self.stage_name,
            rule_title=self.rule_title,
            chat_link=self.chat_link,
            chat_markdown=self.chat_markdown,
            recent_days=RECENT_DAYS,
            linked=self.linked,
            fmt_value=_fmt_value,
            prod=PROD,
            slug=page_slug,
            evidence=_evidence,
            paragraphs=_paragraphs,
            flat=_flat,
            applies=self.applies,
            max_errors=MAX_ERRORS_SHOWN,
            findings_table=self.findings_table,
            by_severity=_by_severity,
            **self.provenance.globals(),
        )

    # -- helpers available in templates ------------------------------------------------
    def md(self, key: str, **params: Any) -> Markup:
        """A catalog sentence that may contain Markdown; its parameters are escaped."""
        return Markup(self.t(key, **{k: escape.markdown(v) for k, v in params.items()}))

    def html_sentence(self, key: str, **params: Any) -> Markup:
        """A catalog sentence for HTML; its parameters HTML-escaped (unless Markup)."""
        return Markup(self.t(key, **{k: escape.html(v) for k, v in params.items()}))

    def badge(self, status: str, label: str | None = None) -> Markup:
        if not label:
            cached = self._badges.get(status)
            if cached is None:
                cached = self._badges[status] = self.badge(status, self.t(f"status.{status}"))
            return cached
        shown = escape.html(label)  # a catalog label, printed in Markdown and in HTML
        return Markup(f'<span class="lr-badge lr-badge--{status}">{shown}</span>')

    def findings_table(self, findings: Sequence[Finding], here: str) -> Markup:
        """A model page's findings of one severity, as an HTML table.

        Built here rather than in a template loop: a page has a dozen findings, each
        with a badge, a rule link and escaped texts, and Jinja calls were most of the
        page's render time. What repeats (the header, badges, rule titles, a page's
        file names) is escaped once.
        """
        t, html, directory_urls = self.t, escape.html, self.settings.directory_urls
        if self._findings_head is None:
            self._findings_head = "".join(
                f"<th>{html(t(key))}</th>"
                for key in ("site.col_status", "site.col_rule", "site.col_detail", "site.col_where")
            )
        files: dict[str, tuple[str, str]] = {}
        rows = []
        for f in findings:
            href = final_url(here, rule_page(f.rule), directory_urls)
            detail: str = html(f.message)
            if f.waiver:
                waiver = f.waiver
                note = t(
                    "site.waiver",
                    reason=waiver.reason,
                    approved_by=waiver.approved_by,
                    expires=waiver.expires.isoformat(),
                )
                detail = f"{detail}<br>{html(note)}"
            shown = files.get(f.file)
            if shown is None:
                shown = files[f.file] = (html(f.file), html(f.file.rsplit("/", 1)[-1]))
            where = f"{shown[1]}:{html(f.line)}" if f.line else shown[1]
            title, rule_id = self._rule_texts(f.rule)
            rows.append(
                f"<tr><td>{self.badge(f.status)}</td>"
                f'<td><a href="{href}">{title}</a> <code>{rule_id}</code></td>'
                f"<td>{detail}</td>"
                f'<td><code title="{shown[0]}">{where}</code></td></tr>\n'
            )
        body = "".join(rows)
        return Markup(
            f"<table data-search-exclude>\n<thead><tr>{self._findings_head}</tr></thead>\n"
            f"<tbody>\n{body}</tbody>\n"
            "</table>"
        )

    def _rule_texts(self, rule: str) -> tuple[str, str]:
        """A rule's title and id, HTML-escaped (once per rule)."""
        texts = self._rule_texts_cache.get(rule)
        if texts is None:
            definition = self.report.rule(rule)
            title = definition.text[self.settings.lang].title if definition else rule
            texts = (escape.html(title), escape.html(rule))
            self._rule_texts_cache[rule] = texts
        return texts

    def linked(self, model: ModelResult) -> bool:
        """Whether other folders shape this model's page: an invalid model, or one with
        an old id that collides. Its stamp then counts any uncommitted change in the
        registry."""
        return model.status == "invalid" or model.entry.old_id_collides

    def stage_name(self, stage: str | None) -> str:
        return self.t(f"stage.{stage}") if stage else "—"

    def applies(self, rule: Any) -> str:
        if rule.applies_note:
            return self.t(f"site.applies.{rule.applies_note}")
        return ", ".join(self.stage_name(s) for s in STAGES if rule.applies_to(s))

    def rule_policy(self, rule: Any) -> dict[str, Any]:
        """How policy.yaml applies ``rule`` here: its severity, whether it is on, and the
        date it is enforced from when that is still ahead of the as-of date."""
        setting = self.report.registry.policy.rules.get(rule.id)
        enabled = rule.enabled_by_default
        if setting is not None and setting.enabled is not None:
            enabled = setting.enabled
        return {
            "severity": (setting.severity if setting else None) or rule.severity,
            "enabled": enabled and not (setting is not None and setting.skipped),
            "enforce_from": self.report.enforce_from(rule.id),
        }

    def upcoming(self) -> list[tuple[Any, Any, int]]:
        """Rules enforced only from a later date: (rule, date, models failing now)."""
        out = []
        for rule in self.report.rules:
            later = self.report.enforce_from(rule.id)
            if later is not None:
                failing = sum(
                    1
                    for m in self.report.models
                    for f in m.findings
                    if f.rule == rule.id and f.status == "fail"
                )
                out.append((rule, later, failing))
        return sorted(out, key=lambda item: (item[1], item[0].id))

    def rule_title(self, rule: str) -> str:
        definition = self.report.rule(rule)
        return definition.text[self.settings.lang].title if definition else rule

    def chat_url(self, handle: str) -> str | None:
        """Where a chat handle or channel opens: itself when it is a URL, else the
        ``chat_url`` template filled with it; ``None`` when neither applies."""
        if escape.safe_url(handle):
            return handle
        template = self.settings.chat_url
        if template and handle.strip():
            return template.replace("{}", quote(handle.strip().lstrip("@#"), safe=""))
        return None

    def chat_link(self, handle: str) -> Markup:
        """A chat handle or channel in raw HTML: a link when :meth:`chat_url` gives one."""
        url = self.chat_url(handle)
        return escape.html(handle) if url is None else escape.html_link(url, handle)

    def chat_markdown(self, handle: str) -> Markup:
        """The same in Markdown (a person page's table)."""
        url = self.chat_url(handle)
        return escape.markdown(handle) if url is None else escape.markdown_link(url, handle)

    def card(self, model: ModelResult) -> Card:
        history = self.provenance.history.models.get(model.id)
        return incident_card(model, self.report.registry.owners, self.report.as_of, history)

    def _changes(self, model: ModelResult) -> list[Change]:
        """The model's decisions, version changes and manifest commits (git, if any)."""
        found = self.provenance.history.models.get(model.id)
        return model_changes(model.entry.manifest, found.manifest_commits if found else ())

    # -- pages -------------------------------------------------------------------------
    def render(self, template: str, here: str, **context: Any) -> str:
        compiled = self._templates.get(template)
        if compiled is None:
            env = self.html_env if template.endswith(".html.j2") else self.env
            compiled = self._templates[template] = env.get_template(template)
        return compiled.render(here=here, **context)

    def pages(self) -> Iterator[tuple[str, str | bytes]]:
        """Every generated file as ``(docs path, content)``, one at a time: a caller that
        writes each file as it comes never holds the whole site in memory."""
        report = self.report
        numbers = self._numbers()
        if self.settings.home:
            yield "index.md", self.render("home.md.j2", "index.md", **numbers)
        yield "models/index.md", self.render("models.md.j2", "models/index.md", **numbers)
        for model in report.models:
            yield from self._model_files(model)
        owned = self._owned()
        yield (
            "owners/index.md",
            self.render("owners.md.j2", "owners/index.md", owned=owned, orphans=self._orphans()),
        )
        for person in report.registry.owners.people.values():
            here = person_page(person.id)
            yield (
                here,
                self.render("person.md.j2", here, person=person, models=owned.get(person.id, [])),
            )
        yield from iter_feeds(
            report,
            self.provenance.trend,
            self.t,
            page_url=lambda path: page_url(path, self.settings.directory_urls),
            model_url=lambda model: page_url(model_page(model), self.settings.directory_urls),
            site_url=self.settings.site_url,
        )
        failing = self._by_rule()
        yield "rules/index.md", self.render("rules.md.j2", "rules/index.md", failing=failing)
        for rule in report.rules:
            here = rule_page(rule.id)
            yield (
                here,
                self.render(
                    "rule.md.j2",
                    here,
                    rule=rule,
                    text=rule.text[self.settings.lang],
                    failing=failing[rule.id],
                    chapter=self.settings.chapter,
                ),
            )
        yield (
            "compliance/index.md",
            self.render("compliance.md.j2", "compliance/index.md", failing=failing, **numbers),
        )
        for name in ASSETS:
            data = resources.files("lifecycle_report").joinpath("assets", name).read_bytes()
            yield f"{ASSET_DIR}/{name}", data
        yield from self.redirects()

    def _model_key(self, model: ModelResult) -> bytes | None:
        """A digest of everything a model's files are rendered from, or ``None`` (not
        reused): the model with its data and errors, the registry's owners and policy,
        the as-of date, the settings and templates, its git history and page stamp."""
        try:
            return self._model_digest(model)
        except Exception:  # something that does not pickle (or a template gone): rendered
            return None

    def _model_digest(self, model: ModelResult) -> bytes:
        if self._inputs is None:
            templates = sorted(
                (path, stat.st_mtime_ns, stat.st_size)
                for base in self.settings.template_dirs
                for folder, _, names in os.walk(base)
                for path in (os.path.join(folder, name) for name in names)
                for stat in (os.stat(path),)
            )
            registry = self.report.registry
            self._inputs = (
                code_version(),
                self.settings,
                templates,
                self.report.as_of,
                registry.owners,
                registry.policy,
                self.provenance.repo,
                self.provenance.history.available,
                self.provenance.history.checkout.status,
            )
        linked = self.linked(model)
        own = (
            model,
            linked,
            str(self.provenance.stamp(model.entry.folder, linked)),
            self.provenance.history.models.get(model.id),
        )
        data = pickle.dumps((self._inputs, own), protocol=pickle.HIGHEST_PROTOCOL)
        return hashlib.sha256(data).digest()

    def _model_files(self, model: ModelResult) -> list[tuple[str, str | bytes]]:
        """A model's page, charts and badge (as rendered before, if nothing they are
        rendered from changed)."""
        key = self._model_key(model) if self.reuse is not None else None
        if key is None:
            return self._model_files_safe(model)
        files = self._before.get(key)
        if files is None:
            errors = len(self.report.errors)
            files = self._model_files_safe(model)
            if len(self.report.errors) != errors:  # a rendering error: report it again
                return files
        assert self.reuse is not None
        self.reuse.files[key] = files
        return files

    def _model_files_safe(self, model: ModelResult) -> list[tuple[str, str | bytes]]:
        """A model's page, charts and badge. An unexpected error while rendering them
        gives the model the page of an invalid model listing that error (or, if even
        that fails, a bare page naming it): the other pages are not touched."""
        try:
            return self._model_files_of(model)
        except Exception as exc:  # isolation: one model's surprise never stops the site
            problem = unexpected(model.entry.file, exc, self.t)
            self.report.errors.append(problem)
            errors = [*model.errors, problem]
            fallback = ModelResult(model.id, None, None, None, "invalid", [], errors, model.entry)
            try:
                return self._model_files_of(fallback)
            except Exception:
                page = f"# {escape.markdown(model.id)}\n\n{escape.markdown(problem.message)}\n"
                return [(model_page(model.id), page)]

    def _model_files_of(self, model: ModelResult) -> list[tuple[str, str | bytes]]:
        here = model_page(model.id)
        charts = (
            model_charts(model, self.t, self._changes(model)) if model.status != "invalid" else []
        )
        page = self.render(
            "model.md.j2",
            here,
            model=model,
            edit=self._edit(model),
            card=self.card(model.last_good.result if model.last_good else model)
            if model.status != "invalid" or model.last_good
            else None,
            readings=readings(model),
            charts=charts,
            data_file=DATA_FILE,
        )
        files: list[tuple[str, str | bytes]] = [(here, page)]
        folder = posixpath.dirname(here)
        if charts:
            files.append((f"{folder}/{DATA_FILE}", data_csv(charts, self.t)))
        badge = status_badge_svg(
            self.t("site.badge_label"), self.t(f"status.{model.status}"), model.status
        )
        files.append((f"badges/{page_slug(model.id)}.svg", badge))
        return files

    def redirects(self) -> Iterator[tuple[str, str | bytes]]:
        """``models/<old id>/index.html`` for each previous id: static pages MkDocs copies,
        as mkdocs-redirects writes them (the ``#anchor`` is forwarded)."""
        directory_urls = self.settings.directory_urls
        for old, current in sorted(self.report.registry.redirects.items()):
            model = self.report.model(current)
            here = f"models/{old}/index.html"
            target = get_relative_url(page_url(model_page(current), directory_urls), here)
            yield (
                here,
                self.render(
                    "redirect.html.j2", here, old=old, model=model, current=current, target=target
                ),
            )

    def stubs(self, missing: Sequence[str]) -> Iterator[tuple[str, str | bytes]]:
        for path in missing:
            yield path, self.render("stub_chapter.md.j2", path, title=stub_title(path))

    # -- data views ----------------------------------------------------------------------
    def _numbers(self) -> dict[str, Any]:
        models = self.report.models
        production, must_ok = must_compliance(models)
        by_stage = {s: [m for m in models if m.stage == s] for s in STAGES}
        invalid = [m for m in models if m.status == "invalid"]
        counts = Counter((m.stage, m.status) for m in models)
        return {
            "summary": self.report.summary(),
            "production": production,
            "must_ok": must_ok,
            "by_stage": by_stage,
            "invalid": invalid,
            "stage_status": counts,
        }

    def _owned(self) -> dict[str, list[ModelResult]]:
        owned: dict[str, list[ModelResult]] = {}
        for model in self.report.models:
            if model.owner:
                owned.setdefault(model.owner, []).append(model)
        return owned

    def _orphans(self) -> list[tuple[ModelResult, str]]:
        """Production models whose owner-explicit finding fails (or is waived)."""
        out = []
        for model in self.report.models:
            if model.stage not in PROD:
                continue
            owner = next(f for f in model.findings if f.rule == "owner-explicit")
            if owner.status in ("fail", "waived"):
                out.append((model, owner.message))
        return out

    def _by_rule(self) -> dict[str, list[tuple[ModelResult, Any]]]:
        failing: dict[str, list[tuple[ModelResult, Any]]] = {r.id: [] for r in self.report.rules}
        for model in self.report.models:
            for f in model.findings:
                if f.status in ("fail", "waived"):
                    failing[f.rule].append((model, f))
        return failing

    def _edit(self, model: ModelResult) -> str | None:
        base = self.settings.edit_base
        return edit_url(base, model.entry.folder) if base else None


def _rule_markdown(rule: Any, lang: str, field: str) -> Markup:
    """A rule's own text (``why``/``fix``): Markdown written in this package, or, for a
    team's rule, registry text shown as written."""
    value = getattr(rule.text[lang], field)
    return escape.markdown(value) if rule.team else Markup(value)


def _rule_example(rule: Any) -> Markup:
    """A rule's YAML example (written in this package), for a fenced code block."""
    return Markup(rule.example)


@pass_context
def _url(context: Any, target: str, anchor: str = "") -> Markup:
    """A relative link from the page being rendered to docs path ``target``, for
    Markdown links (MkDocs turns them into the final URL)."""
    return Markup(get_relative_url(target, context["here"]) + (f"#{anchor}" if anchor else ""))


@pass_context
def _href(context: Any, target: str, anchor: str = "") -> Markup:
    """Like ``url``, but the final URL (:func:`final_url`)."""
    return Markup(final_url(context["here"], target, context["settings"].directory_urls, anchor))


def _by_severity(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by severity, in :data:`SEVERITIES` order; empty groups left out."""
    groups: dict[str, list[Finding]] = {severity: [] for severity in SEVERITIES}
    for finding in findings:
        groups[finding.severity].append(finding)
    return [(severity, items) for severity, items in groups.items() if items]


def _evidence(value: Any) -> Markup:
    """A piece of evidence in raw HTML: a link when it is a safe URL, else escaped text."""
    if value is None or value == "":
        return Markup("—")
    if isinstance(value, dict):
        return Markup(", ").join(
            escape.html(k) + Markup(": ") + _evidence(v) for k, v in value.items()
        )
    return escape.html_link(value)


def _paragraphs(text: Any) -> Markup:
    """Registry prose (a description) as raw HTML paragraphs, one block each: blank lines
    part paragraphs, other line breaks fold into spaces, as Markdown would show them."""
    if not text:
        return Markup("")
    parts = re.split(r"\n[ \t]*\n", str(text).strip())
    return Markup("\n\n").join(
        Markup("<p>{}</p>").format(escape.html(part)) for part in parts if part.strip()
    )


def _flat(mapping: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in mapping.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.extend(_flat(value, name + "."))
        else:
            out.append((name, value))
    return out


def _fmt_value(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}".replace(",", " ")
    return f"{value:.4g}"


def iter_site(
    report: Report,
    settings: SiteSettings | None = None,
    missing_chapters: Sequence[str] = (),
    history: RegistryHistory | None = None,
    trend: Trend | None = None,
    reuse: PageReuse | None = None,
) -> Iterator[tuple[str, str | bytes]]:
    """Every generated page and asset as ``(docs path, content)``, rendered on demand.

    ``history`` (git) and ``trend`` are optional: without them pages say the history is
    unavailable and the stamp names no commit, as for a build outside git. With
    ``reuse``, model files whose inputs are unchanged since the last call are reused.
    """
    settings = settings or SiteSettings()
    t = catalog(settings.lang)
    provenance = Provenance(t, report.as_of.isoformat(), settings.repo_url, history, trend)
    renderer = _Renderer(report, settings, provenance, reuse)
    yield from renderer.pages()
    yield from renderer.stubs(missing_chapters)


def render_site(
    report: Report,
    settings: SiteSettings | None = None,
    missing_chapters: Sequence[str] = (),
    history: RegistryHistory | None = None,
    trend: Trend | None = None,
) -> dict[str, str | bytes]:
    """:func:`iter_site` as a ``{docs path: content}`` mapping."""
    return dict(iter_site(report, settings, missing_chapters, history, trend))
