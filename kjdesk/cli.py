"""One entry point: ``kjdesk`` opens the client; ``kjdesk COMMAND`` runs headless.

Exit status: 0 on success, 2 on bad input (the reason on stderr), 1 on a bug (with a trace).
Each command lives in ``kjdesk/commands/<name>.py`` with ``register(subparsers, common)``; those
modules import only argparse at the top so that ``kjdesk`` itself starts fast.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys
import traceback

from kjdesk import i18n
from kjdesk.i18n import _

# Command modules, in the order --help lists them.
COMMAND_MODULES = ("demo", "exchange", "case", "report", "aging", "assess", "score", "subsidy", "allowances", "audit")

EXIT_OK, EXIT_BUG, EXIT_BAD_INPUT = 0, 1, 2


class InputProblem(Exception):
    """Bad input a user can fix; the message says what and where."""


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=_("database file (default: KJDESK_DB or the user data folder)"))
    common.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS, help=_("language of the output"))
    common.add_argument("--user", default=argparse.SUPPRESS, metavar="NAME",
                        help=_("who is working (default: KJDESK_USER or the login name); recorded in the audit trail"))
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options()
    parser = argparse.ArgumentParser(prog="kjdesk", parents=[common],
                                     description=_("kjdesk: the sci-tech finance service desk"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"kjdesk.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"kjdesk.commands.{name}":
                raise
            continue
        module.register(subparsers, common)
    return parser


def _preselect_language(argv: list[str]) -> None:
    """Set --lang before building the parser, so --help is in that language too."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        elif arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        else:
            continue
        if value in i18n.LANGUAGES:
            i18n.set_language(value)


def open_session_factory(args: argparse.Namespace, *, create: bool = False, rescue: bool = False):
    """The database for ``--db`` / KJDESK_DB / the default database, its pages checked first.

    Only commands that put data in (``create``) may start a new file: a mistyped ``--db`` must
    not answer a report from an empty database. A damaged file is refused, except to ``rescue``
    what can be read from it (export), which is told on stderr.
    """
    from kjdesk.db.database import ServerAddress, open_database, resolve_path
    from kjdesk.db.errors import EnvironmentProblem, Kind

    path = resolve_path(getattr(args, "db", None))
    if not create and not isinstance(path, ServerAddress) and not path.exists():
        raise InputProblem(_("there is no database at {path} (kjdesk demo or kjdesk import creates one)").format(
            path=path))
    db = open_database(path, create=create)
    if db.damage is not None:
        if not rescue:
            raise EnvironmentProblem(Kind.DAMAGED, db.damage)
        print(_("kjdesk: {path} is damaged ({damage}); exporting what can be read").format(
            path=path, damage=db.damage), file=sys.stderr)
    from kjdesk.db.audit import act_as
    from kjdesk.services.users import default_name

    act_as(db, getattr(args, "user", None) or default_name())
    return db


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _preselect_language(argv)
    args = build_parser().parse_args(argv)
    if args.command is None:
        from kjdesk.ui.app import run_client

        return run_client(getattr(args, "db", None))
    from kjdesk.db.errors import DatabaseProblem, classify
    from kjdesk.domain.errors import DomainError
    from kjdesk.logs import setup_logging

    try:
        return args.handler(args) or EXIT_OK
    except (InputProblem, DomainError, DatabaseProblem) as exc:
        print(_("kjdesk: {error}").format(error=exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        problem = classify(exc)
        reason = problem.message if problem else f"{exc.filename or ''}: {exc.strerror or exc}"
        print(_("kjdesk: {error}").format(error=reason), file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # an error of the environment (busy, full, damaged …), or a bug
        problem = classify(exc)
        if problem is not None:
            print(_("kjdesk: {error}").format(error=problem.message), file=sys.stderr)
            return EXIT_BAD_INPUT
        log = setup_logging()
        logging.getLogger("kjdesk").error("unexpected error in %s", argv, exc_info=True)
        traceback.print_exc()
        if log:
            print(_("kjdesk: this is a bug; the details are in {log}").format(log=log), file=sys.stderr)
        return EXIT_BUG
