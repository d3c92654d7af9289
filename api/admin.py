"""Operator commands.

python -m api.admin create-adviser --email sam@iask.example --name "Sam Patel"
python -m api.admin create-adviser --email ... --name ... --password-stdin < password-file
python -m api.admin purge-expired
python -m api.admin migrate
"""

from __future__ import annotations

import argparse
import getpass
import sys

from api import retention
from api.adviser.accounts import AccountError, create_adviser
from api.core.config import get_settings
from api.core.db import Database, upgrade_to_head


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("New adviser's password: ")
    if getpass.getpass("Type it again: ") != password:
        print("The passwords do not match.", file=sys.stderr)
        return None
    return password


def _create_adviser(email: str, name: str, password_stdin: bool) -> int:
    password = _read_password(password_stdin)
    if password is None:
        return 2
    url = get_settings().database_url
    upgrade_to_head(url)
    database = Database(url)
    try:
        with database.session() as db:
            adviser = create_adviser(db, email, name, password)
            print(f"Created adviser {adviser.name} <{adviser.email}>. Sign in at /adviser.")
    except AccountError as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        database.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m api.admin",
        description="Operator commands for the SEN support guide API.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-adviser", help="add an adviser account for the console")
    create.add_argument("--email", required=True, help="the adviser's work e-mail (their sign-in)")
    create.add_argument("--name", required=True, help="the adviser's name, shown on summaries")
    create.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input instead of a prompt",
    )
    commands.add_parser("purge-expired", help="delete conversations older than RETENTION_DAYS")
    commands.add_parser("migrate", help="upgrade the database to the latest schema")
    args = parser.parse_args(argv)

    if args.command == "create-adviser":
        return _create_adviser(args.email, args.name, args.password_stdin)
    if args.command == "purge-expired":
        return retention.main([])
    upgrade_to_head(get_settings().database_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
