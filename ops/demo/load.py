"""`make demo` (`petitions-ops demo`): load the demo province into the embedded database.

A province People's Committee with two departments and its inspectorate, three
districts of two communes each until the 2025 reform and three communes after it
(districts dissolved on 1 July 2025, their open cases transferred to the successors
their succession rules name), three years of petitions of every kind and fate up to
today, the heads' reception days with visits, delegations, refusals and dialogues, and
users of every role with DEMO passwords. Everything is written through the library's
batched `save`, then every read model catches up, so `make run` shows populated pages.

The demo refuses a database that already holds petitions (or demo users): `--reset`
first deletes the embedded SQLite files. The demo passwords are printed once and
written to a file only its owner may read; they are demo data, for a demo database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from time import monotonic
from uuid import UUID

from argon2 import PasswordHasher

from domain.accounts import Accounts
from domain.application import Petitions
from domain.errors import NotFoundError
from domain.users import User
from ops.demo.people import DemoUser, Staff, roster
from ops.demo.province import AGENCY_NAMES
from ops.demo.steps import DemoGenerator
from ops.rebuild import catch_up
from ops.settings import Settings
from ops.wiring import accounts_dbname, accounts_env, open_view
from projections.catalogue import ALL_PROJECTIONS

DEFAULT_CASES = 3000
DEFAULT_SEED = 2025
YEARS = 3
REGISTERED_BY = "demo"
# Argon2id at OWASP's minimum parameters: the demo's ~40 hashes take a second or two,
# and these passwords are printed anyway (production accounts use the library default).
DEMO_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")
WARNING = "DEMO PASSWORDS: demo data for a demo database; never reuse them."


class DemoRefusedError(Exception):
    """The demo cannot be loaded here (the database is not empty, or cannot be reset)."""


@dataclass(frozen=True)
class DemoAccount:
    """A demo user as printed: who, in which role and agency, and the demo password."""

    username: str
    display_name: str
    role: str
    post: str
    agency: str
    password: str


@dataclass
class DemoProvince:
    """What `load_demo` loaded."""

    accounts: list[DemoAccount]
    password_file: Path
    events: int = 0
    petitions: int = 0
    transfers: int = 0  # open cases the reform (and the 2024 merger) moved to successors
    steps: Counter[str] = field(default_factory=Counter)
    codes: list[tuple[str, UUID]] = field(default_factory=list)
    seconds: float = 0.0


def load_demo(
    settings: Settings,
    *,
    cases: int = DEFAULT_CASES,
    seed: int = DEFAULT_SEED,
    reset: bool = False,
    password_file: Path | None = None,
    today: date | None = None,
    say: Callable[[str], object] = lambda _: None,
) -> DemoProvince:
    """Load the demo province into the store `settings` name; `DemoRefusedError` if not empty."""
    started = monotonic()
    if reset:
        reset_embedded(settings)
    petitions = Petitions(settings.eventsourcing_env())
    accounts = Accounts(accounts_env(settings))
    try:
        people = roster()
        _require_empty(petitions, accounts, people)
        end = today or petitions.today()
        generator = DemoGenerator(petitions, people, seed, _years_before(end), end)
        generator.agencies()
        say(f"registering {len(people)} demo users")
        path = password_file or demo_password_file(settings)
        demo = _register(accounts, people, generator.staff_of_tree(), path)
        say(f"generating {cases} petitions from {_years_before(end)} to {end}")
        history = generator.generate(cases)
        generator.reception_days()
        demo.events, demo.petitions = history.events, len(history.records)
        demo.transfers = sum(r.transfers for r in history.records)
        demo.steps, demo.codes = generator.steps, generator.codes
    finally:
        petitions.close()
        accounts.close()
    say(f"{demo.events} events stored; the read models catch up")
    for projection in ALL_PROJECTIONS.values():
        view = open_view(settings, projection)
        try:
            catch_up(settings, projection, view)
        finally:
            view.close()
        say(f"read model {projection.name} caught up")
    demo.seconds = monotonic() - started
    return demo


def _years_before(end: date) -> date:
    try:
        return end.replace(year=end.year - YEARS)
    except ValueError:  # 29 February
        return end.replace(year=end.year - YEARS, day=28)


def _require_empty(petitions: Petitions, accounts: Accounts, people: list[DemoUser]) -> None:
    events = petitions.recorder.max_notification_id()
    if events is not None:
        raise DemoRefusedError(
            f"the database already holds petitions ({events} events); the demo loads into an "
            "empty one: `make demo DEMO_ARGS=--reset` deletes the embedded database first"
        )
    taken = [u.username for u in people if _exists(accounts, u.id)]
    if taken:
        raise DemoRefusedError(f"demo users already exist ({', '.join(taken)}); use --reset")


def _exists(accounts: Accounts, user_id: UUID) -> bool:
    try:
        accounts.user(user_id)
    except NotFoundError:
        return False
    return True


def _register(
    accounts: Accounts, people: list[DemoUser], staff: Staff, password_file: Path
) -> DemoProvince:
    """Register every demo user with a fresh password, in one save; write the passwords."""
    from api.bootstrap import write_secret  # noqa: PLC0415
    from api.security import new_password  # noqa: PLC0415

    users, printed = [], []
    for person in people:
        password = new_password()
        first = person.postings[0]
        user = User.register(
            person.username,
            DEMO_HASHER.hash(password),
            REGISTERED_BY,
            person.display_name,
            first.post,
        )
        for posting in person.postings:
            if posting.post and posting.post != user.post:
                user.describe(person.display_name, posting.post, REGISTERED_BY)
            user.grant(person.role, staff.agency_of(posting), REGISTERED_BY)
        users.append(user)
        agency = AGENCY_NAMES[person.current.agency][0] if person.current.agency else "-"
        role = person.role.value
        printed.append(
            DemoAccount(person.username, person.display_name, role, user.post, agency, password)
        )
    accounts.save(*users)
    path = write_secret(password_file, password_table(printed))
    return DemoProvince(printed, path)


def password_table(accounts: Sequence[DemoAccount]) -> str:
    """The demo users and their passwords, one per line, under a warning."""
    width = max(len(a.username) for a in accounts)
    lines = [WARNING, ""]
    lines += [
        f"{a.role:<16} {a.username:<{width}}  {a.password}  {a.display_name}, {a.post} ({a.agency})"
        for a in accounts
    ]
    return "\n".join(lines)


def demo_password_file(settings: Settings) -> Path:
    """Where the demo passwords go: beside the embedded store (`var/` otherwise)."""
    name = settings.sqlite_dbname
    if settings.uses_postgres or name.startswith((":memory:", "file:")):
        return Path("var") / "demo-passwords.txt"
    return Path(name).with_name("demo-passwords.txt")


def reset_embedded(settings: Settings) -> list[Path]:
    """Delete the embedded SQLite database files (events, views, accounts); what was deleted."""
    name = settings.sqlite_dbname
    if settings.uses_postgres or name.startswith((":memory:", "file:")):
        raise DemoRefusedError(
            "--reset deletes the embedded SQLite files only; empty a PostgreSQL schema yourself"
        )
    deleted = []
    for base in (name, accounts_dbname(name)):
        for suffix in SQLITE_SUFFIXES:
            path = Path(base + suffix)
            if path.exists():
                path.unlink()
                deleted.append(path)
    return deleted
