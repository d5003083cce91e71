"""The agency directory follows registrations, renamings, re-parentings and mergers."""

from __future__ import annotations

from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod

from domain.agency import Agency
from projections.agencies.persistence import AGENCIES, AgenciesView, AgencyRow
from projections.agencies.postgres import PostgresAgenciesView
from projections.agencies.sqlite import SQLiteAgenciesView
from projections.batching import BatchProjection
from projections.session import Session


class AgenciesProjection(BatchProjection[AgenciesView]):
    name = "agencies"
    interests: ClassVar[tuple[type, ...]] = (
        Agency.Registered,
        Agency.Renamed,
        Agency.Reparented,
        Agency.MergedInto,
        Agency.Dissolved,
    )

    @classmethod
    def view_classes(cls) -> dict[str, type[AgenciesView]]:
        return {"sqlite": SQLiteAgenciesView, "postgres": PostgresAgenciesView}

    @singledispatchmethod
    def handle(self, event: object, session: Session) -> None:
        """Other events change no agency."""

    @handle.register(Agency.Registered)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        row = AgencyRow(e.originator_id, e.name, e.code, e.level, e.parent_id, None, 1, e.kind)
        session.put(AGENCIES, row)

    @handle.register(Agency.Renamed)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        session.update(AGENCIES, e.originator_id, name=e.name, version=e.originator_version)

    @handle.register(Agency.Reparented)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        changes = {"parent_id": e.parent_id, "version": e.originator_version}
        session.update(AGENCIES, e.originator_id, **changes)

    @handle.register(Agency.MergedInto)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        changes = {"successor_id": e.successor_id, "version": e.originator_version}
        session.update(AGENCIES, e.originator_id, **changes)

    @handle.register(Agency.Dissolved)
    def _(self, e: Any, session: Session) -> None:  # noqa: ANN401
        changes = {"successor_id": e.default_successor_id, "version": e.originator_version}
        session.update(AGENCIES, e.originator_id, **changes)
