"""Operator commands: `python -m api.admin purge-expired | hash-password | migrate`."""

from __future__ import annotations

import argparse
import getpass
import sys

from api import retention
from api.core.auth import hash_password
from api.core.config import get_settings
from api.core.db import upgrade_to_head


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.admin", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("purge-expired", help="delete conversations older than RETENTION_DAYS")
    commands.add_parser("hash-password", help="print an ADVISER_PASSWORD_HASH for a password")
    commands.add_parser("migrate", help="upgrade the database to the latest schema")
    args = parser.parse_args(argv)

    if args.command == "purge-expired":
        return retention.main([])
    if args.command == "hash-password":
        password = getpass.getpass("Adviser password: ") if sys.stdin.isatty() else input()
        if len(password) < 12:
            print("Use at least 12 characters.", file=sys.stderr)
            return 2
        print(hash_password(password))
        return 0
    upgrade_to_head(get_settings().database_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
