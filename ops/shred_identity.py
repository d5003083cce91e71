"""`petitions-ops shred-identity`: erase a case's petitioner identity, as an administrator.

The same act as `POST /cases/{case_id}/petitioner/shred`: an `Identity.Shredded` event
records who (the administrator named by `--by`), when and why (`--reason`,
`--legal-basis`, both required), then the person's data key is deleted. Afterwards no
one can read the identity; the case and its history are unchanged (docs/encryption.md).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING
from uuid import UUID

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ops.settings import Settings


def get_settings() -> Settings:
    from ops.settings import get_settings as settings  # noqa: PLC0415

    return settings()


def main(argv: Sequence[str] | None = None) -> int:
    """Shred; 0 when done, 1 when refused (not found, not an administrator, already shredded)."""
    from domain.accounts import Accounts  # noqa: PLC0415
    from domain.application import Petitions  # noqa: PLC0415
    from domain.errors import PetitionError  # noqa: PLC0415
    from domain.users import Role  # noqa: PLC0415
    from ops.wiring import accounts_env  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="petitions-ops shred-identity", description=__doc__)
    parser.add_argument("case_id", type=UUID)
    parser.add_argument("--by", required=True, help="username of the administrator acting")
    parser.add_argument("--reason", required=True)
    parser.add_argument("--legal-basis", required=True)
    args = parser.parse_args(argv)
    settings = get_settings()
    accounts, app = Accounts(accounts_env(settings)), Petitions(settings.eventsourcing_env())
    try:
        user = accounts.user_named(args.by)
        if user.role != Role.ADMINISTRATOR or not user.active:
            sys.stderr.write(f"{args.by} is not an active administrator\n")
            return 1
        written = app.shred_identity(args.case_id, str(user.id), args.reason, args.legal_basis)
    except PetitionError as error:
        sys.stderr.write(f"refused: {error}\n")
        return 1
    finally:
        app.close()
        accounts.close()
    sys.stdout.write(f"shredded the identity {written.id} of case {args.case_id}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
