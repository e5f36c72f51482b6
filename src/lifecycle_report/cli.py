"""The command line: ``lifecycle-report check`` and friends. A thin adapter over the core."""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TypeAlias

from . import __version__, changes, skeleton
from .changes import ChangesError, changed_files, models_in_scope
from .compare import BaseError, load_base, new_failures
from .evaluate import evaluate
from .formats import FORMATS, FormatOptions
from .formats.terminal import terminal_text
from .formats.trend import trend_json, trend_text
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, catalog
from .load import RegistryRootError, load_registry
from .load.git_history import OK, locate
from .report import Report
from .schema_cmd import SCHEMAS, render_schema, schema_file, write_schemas
from .scope import restrict
from .trend import WEEKS, compliance_trend
from .usage import AS_OF_ENV, UsageError, parse_weeks, resolve_as_of

SITE_URL_ENV = "LIFECYCLE_REPORT_SITE_URL"
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lifecycle-report",
        description="Evaluate an ML model registry against the playbook's lifecycle rules.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for add_command in SUBPARSERS:
        add_command(sub)
    return parser


def _add_check(sub: Subcommands) -> None:
    check = sub.add_parser("check", help="evaluate the registry and report findings")
    check.add_argument("--registry", default="registry", help="registry folder (default: registry)")
    check.add_argument(
        "--as-of", help=f"evaluation date YYYY-MM-DD (default: ${AS_OF_ENV} or today)"
    )
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help="language of messages (default: es)",
    )
    check.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="text format: list passing and not-applicable findings too",
    )
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument(
        "--strict",
        action="store_true",
        help="deseable and alerta failures make the exit status 1 too",
    )
    check.add_argument(
        "--changed-since",
        metavar="REF",
        help="pull-request mode: report only models changed since git REF "
        "(REF...HEAD plus uncommitted and untracked files)",
    )
    check.add_argument(
        "--base",
        metavar="REF",
        help="also evaluate the registry as it was at git REF and report each model's and "
        "finding's status there (base_status); read from git objects, the work tree is untouched",
    )
    check.add_argument(
        "--fail-on",
        choices=("any", "new"),
        default="any",
        help="with --base: 'new' exits 1 only for models failing now that did not fail at REF "
        "(or new owners.yaml/policy.yaml errors); default 'any'",
    )
    check.add_argument(
        "--site-url",
        help=f"base URL of the published site, for rule links "
        f"(default: ${SITE_URL_ENV}, else relative links)",
    )


def _add_schema(sub: Subcommands) -> None:
    schema = sub.add_parser("schema", help="print the JSON Schema of a registry file")
    schema.add_argument(
        "--file",
        choices=tuple(SCHEMAS),
        default="model",
        help="which file's schema (default: model)",
    )
    schema.add_argument(
        "--write",
        action="store_true",
        help="write every schema into REGISTRY/schema/ (the files editors are pointed at)",
    )
    schema.add_argument(
        "--registry", default="registry", help="registry folder (default: registry)"
    )
    schema.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)


def _add_new(sub: Subcommands) -> None:
    new = sub.add_parser("new", help="create models/<id>/model.yaml from a commented skeleton")
    new.add_argument("id", help="model id: lower case, digits and hyphens")
    new.add_argument("--registry", default="registry", help="registry folder (default: registry)")
    new.add_argument("--stage", default="exploracion", help="initial stage (default: exploracion)")
    new.add_argument("--owner", help="person id from owners.yaml")
    new.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help="language of messages (default: es)",
    )


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def resolve_site_url(flag: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The site's base URL: the flag, else ``LIFECYCLE_REPORT_SITE_URL``, else empty.

    It must be absolute (``http://`` or ``https://``): SARIF and pull-request comments
    link to pages under it, and a link without a scheme would be relative to the reader.
    """
    value = (flag if flag is not None else os.environ.get(SITE_URL_ENV, "")).strip()
    if value and not re.match(r"https?://[^/\s]", value, re.IGNORECASE):
        raise UsageError(catalog(lang)("cli.bad_site_url", value=value))
    return value.rstrip("/")


def exit_status(report: Report, *, strict: bool = False) -> int:
    """The report's exit status; with ``strict``, a model with warnings fails too."""
    if report.exit_code():
        return EXIT_FINDINGS
    if strict and any(model.status == "warn" for model in report.models):
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    as_of = resolve_as_of(args.as_of, args.lang)
    site_url = resolve_site_url(args.site_url, args.lang)
    if args.fail_on == "new" and args.base is None:
        raise UsageError(catalog(args.lang)("base.fail_on_needs_base"))
    # Loading and evaluating make many long-lived objects and almost no reference cycles:
    # with the cyclic collector off meanwhile, check takes ~7.5 % less (docs/rendimiento.md).
    gc.disable()
    try:
        registry = load_registry(args.registry, catalog(args.lang))
        report = evaluate(registry, as_of, args.lang)
    finally:
        gc.enable()
    base = None
    if args.base is not None:
        try:
            base = load_base(Path(args.registry), args.base, as_of, args.lang, args.registry)
        except BaseError as exc:
            raise UsageError(exc.describe(args.lang)) from None
    changed = None
    if args.changed_since is not None:
        try:
            changed = changed_files(Path(args.registry), args.changed_since)
        except ChangesError as exc:
            raise UsageError(exc.describe(args.lang)) from None
    if changed is not None:
        folders = [entry.folder for entry in registry.models]
        report = restrict(report, models_in_scope(Path(args.registry), changed, folders))
        print(
            changes.message(
                args.lang,
                "scope",
                ref=args.changed_since,
                count=len(report.models),
                total=len(folders),
            ),
            file=sys.stderr,
        )
    report.base = base
    options = FormatOptions(
        lang=args.lang,
        color=_use_color(args.color),
        verbose=args.verbose,
        site_url=site_url,
    )
    sys.stdout.write(FORMATS[args.format](report, options))
    if args.fail_on == "new":
        return EXIT_FINDINGS if new_failures(report, strict=args.strict) else EXIT_OK
    return exit_status(report, strict=args.strict)


def cmd_schema(args: argparse.Namespace) -> int:
    if not args.write:
        sys.stdout.write(render_schema(args.file))
        return EXIT_OK
    t = catalog(args.lang)
    registry = Path(args.registry)
    if not registry.is_dir():
        raise RegistryRootError(t("registry.not_a_directory", path=args.registry))
    for path, changed in write_schemas(registry):
        state = "written" if changed else "unchanged"
        print(t(f"schemafile.{state}", path=path.as_posix()))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    registry = Path(args.registry)
    request = skeleton.NewModel(args.id, args.stage, args.owner)
    try:
        path = skeleton.create(registry, request)
    except skeleton.SkeletonError as exc:
        raise UsageError(exc.describe(args.lang)) from None
    print(skeleton.message(args.lang, "created", path=path.as_posix()))
    schema = schema_file(registry, "model")
    if not schema.exists():
        print(skeleton.message(args.lang, "schema_hint", path=schema.as_posix()), file=sys.stderr)
    return EXIT_OK


def _add_generate(sub: Subcommands) -> None:
    gen = sub.add_parser(
        "generate",
        help="write the site's Markdown tree and a plugin-free mkdocs.yml into a folder",
    )
    gen.add_argument("--registry", default=None, help="registry folder (default: the plugin's)")
    gen.add_argument("--out", required=True, help="output folder (docs/ and mkdocs.yml)")
    gen.add_argument("--config", "-f", default="mkdocs.yml", help="mkdocs.yml to start from")
    gen.add_argument("--as-of", help=f"evaluation date YYYY-MM-DD (default: ${AS_OF_ENV} or today)")
    gen.add_argument("--lang", choices=LANGUAGES, default=None, help="language of the pages")


def cmd_generate(args: argparse.Namespace) -> int:
    from .portable import ProjectError, generate, read_project  # MkDocs: only for this command

    config = Path(args.config)
    if not config.is_file():
        raise UsageError(f"{config}: mkdocs.yml not found")
    try:
        project = read_project(config, args.registry, args.lang)
    except ProjectError as exc:
        raise UsageError(str(exc)) from None
    options = project.options
    pinned = None if options.as_of is None else str(options.as_of)  # a YAML date or a string
    as_of = resolve_as_of(args.as_of if args.as_of is not None else pinned, options.language)
    parse_weeks(options.trend_weeks, options.language, minimum=0)
    report = generate(project, Path(args.out), as_of)
    print(f"{Path(args.out) / 'mkdocs.yml'}: {len(report.models)} models")
    return EXIT_OK


def _add_trend(sub: Subcommands) -> None:
    trend = sub.add_parser(
        "trend", help="MUST compliance of production models week by week, from git history"
    )
    trend.add_argument("--registry", default="registry", help="registry folder (default: registry)")
    trend.add_argument("--weeks", default=str(WEEKS), help=f"series length (default: {WEEKS})")
    trend.add_argument(
        "--as-of", help=f"last date of the series YYYY-MM-DD (default: ${AS_OF_ENV} or today)"
    )
    trend.add_argument("--format", choices=("text", "json"), default="text")
    trend.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    trend.add_argument(
        "--cache-dir",
        default=".cache/lifecycle-report",
        help="where evaluated weeks are kept between runs (default: the site build's cache)",
    )
    trend.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")


def cmd_trend(args: argparse.Namespace) -> int:
    weeks = parse_weeks(args.weeks, args.lang)
    as_of = resolve_as_of(args.as_of, args.lang)
    t = catalog(args.lang)
    root = Path(args.registry)
    if not root.is_dir():
        raise RegistryRootError(t("registry.not_a_directory", path=args.registry))
    checkout = locate(root)
    if checkout.status != OK:
        raise UsageError(t(f"trend.unavailable.{checkout.status}", path=args.registry))
    cache = None if args.no_cache else Path(args.cache_dir)
    series = compliance_trend(checkout, as_of, weeks, cache)
    sys.stdout.write(trend_json(series) if args.format == "json" else trend_text(series, args.lang))
    return EXIT_OK


#: Subcommands: how each adds its parser, and the function that runs it.
SUBPARSERS = [_add_check, _add_schema, _add_new, _add_generate, _add_trend]
COMMANDS = {
    "check": cmd_check,
    "schema": cmd_schema,
    "new": cmd_new,
    "generate": cmd_generate,
    "trend": cmd_trend,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help
        return int(exc.code or 0)
    try:
        return COMMANDS[args.command](args)
    except (UsageError, RegistryRootError) as exc:
        print(f"lifecycle-report: {terminal_text(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # the last guard: one line and exit 1, never a traceback
        detail = terminal_text(f"{type(exc).__name__}: {exc}")[:300]
        t = catalog(getattr(args, "lang", None) or DEFAULT_LANGUAGE)
        print(f"lifecycle-report: {t('cli.unexpected', detail=detail)}", file=sys.stderr)
        return EXIT_FINDINGS


if __name__ == "__main__":
    raise SystemExit(main())
