"""`ops create-admin`: create an administrator on the configured store (idempotent).

The password is read from standard input with `--password-stdin`; otherwise a
random one is generated and written to `--password-file` (mode 0600), whose path
is printed. An existing username is left as is.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    """Create the administrator; 0 when created or already present, 2 on bad input."""
    from api.bootstrap import create_administrator, write_secret  # noqa: PLC0415
    from api.security import new_password  # noqa: PLC0415
    from domain.accounts import Accounts  # noqa: PLC0415
    from domain.errors import DuplicateError, RuleViolationError  # noqa: PLC0415
    from ops.settings import get_settings  # noqa: PLC0415
    from ops.wiring import accounts_env  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="petitions-ops create-admin", description=__doc__)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password-stdin", action="store_true")
    parser.add_argument("--password-file", default="var/admin-password.txt")
    args = parser.parse_args(argv)
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else new_password()
    if len(password) < 12:  # noqa: PLR2004
        sys.stderr.write("the password must have at least 12 characters\n")
        return 2
    accounts = Accounts(accounts_env(get_settings()))
    try:
        create_administrator(accounts, args.username, password)
    except DuplicateError:
        sys.stdout.write(f"administrator {args.username!r} already exists; nothing changed\n")
        return 0
    except RuleViolationError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    finally:
        accounts.close()
    if args.password_stdin:
        sys.stdout.write(f"created administrator {args.username!r} (password from stdin)\n")
    else:
        path = write_secret(Path(args.password_file), password)
        sys.stdout.write(
            f"created administrator {args.username!r}; its password is in {path}"
            " (readable by you only)\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
