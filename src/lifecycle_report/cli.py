"""The command line: ``lifecycle-report check`` and friends. A thin adapter over the core."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date

from . import __version__
from .evaluate import evaluate
from .formats import FORMATS, FormatOptions
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, catalog
from .load import RegistryRootError, load_registry

AS_OF_ENV = "LIFECYCLE_REPORT_AS_OF"
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def parse_date(value: str) -> date:
    if len(value) != 10:
        raise ValueError(value)
    return date.fromisoformat(value)


def resolve_as_of(flag: str | None, lang: str = DEFAULT_LANGUAGE) -> date:
    """The evaluation date: the flag, else ``LIFECYCLE_REPORT_AS_OF``, else today."""
    t = catalog(lang)
    if flag:
        try:
            return parse_date(flag)
        except ValueError:
            raise UsageError(t("cli.bad_as_of", value=flag)) from None
    env = os.environ.get(AS_OF_ENV, "").strip()
    if env:
        try:
            return parse_date(env)
        except ValueError:
            raise UsageError(t("cli.bad_env_as_of", value=env)) from None
    return date.today()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lifecycle-report",
        description="Evaluate an ML model registry against the playbook's lifecycle rules.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="evaluate the registry and report findings")
    check.add_argument("--registry", default="registry", help="registry folder (default: registry)")
    check.add_argument("--as-of", help=f"evaluation date YYYY-MM-DD (default: ${AS_OF_ENV} or today)")
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                       help="language of messages (default: es)")
    check.add_argument("--verbose", "-v", action="store_true",
                       help="text format: list passing and not-applicable findings too")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    return parser


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def cmd_check(args: argparse.Namespace) -> int:
    as_of = resolve_as_of(args.as_of, args.lang)
    registry = load_registry(args.registry, catalog(args.lang))
    report = evaluate(registry, as_of, args.lang)
    options = FormatOptions(lang=args.lang, color=_use_color(args.color), verbose=args.verbose)
    sys.stdout.write(FORMATS[args.format](report, options))
    return report.exit_code()


COMMANDS = {"check": cmd_check}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help
        return int(exc.code or 0)
    try:
        return COMMANDS[args.command](args)
    except (UsageError, RegistryRootError) as exc:
        print(f"lifecycle-report: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
