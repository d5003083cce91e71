"""A checked row becomes a historical record: agency codes and usernames resolved, steps dated.

Problems found here are the row's, named by column: an unknown or ambiguous agency
code, an unknown username, a step given half (a date without its kind, grounds,
outcome...). The rules of the case itself are checked when the record is built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar
from uuid import UUID

from domain.application_identity import PersonalData
from domain.backlog import (
    IMPORTED,
    Acceptance,
    Archival,
    Classification,
    Conclusion,
    Guidance,
    HistoricalPetition,
    Referral,
    Step,
)
from domain.case import Petition
from domain.intake import Origin
from domain.kinds import Channel, Complexity, Procedure
from ops.importer.columns import ImportRow

T = TypeVar("T")
UserLookup = Callable[[str], UUID | None]  # a username's user id, None if unknown


class CellError(ValueError):
    """A cell of the row that cannot be taken in, and why."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


@dataclass
class Resolver:
    """Turns codes and usernames into ids, each looked up once for the whole file."""

    agency_codes: dict[str, list[UUID]]
    find_user: UserLookup
    users: dict[str, UUID | None]

    def agency(self, code: str | None, column: str) -> UUID:
        if not code:
            raise CellError(column, "an agency code is required here")
        found = self.agency_codes.get(code, [])
        if len(found) != 1:
            reason = "no agency has this code" if not found else "several agencies have this code"
            raise CellError(column, reason)
        return found[0]

    def actor(self, username: str | None, column: str) -> str:
        if not username:
            return IMPORTED
        if username not in self.users:
            self.users[username] = self.find_user(username)
        user_id = self.users[username]
        if user_id is None:
            raise CellError(column, "no user has this username")
        return str(user_id)


def record_of(
    row: ImportRow, resolver: Resolver, source: str
) -> tuple[HistoricalPetition, PersonalData | None]:
    """The historical record and the petitioner's personal data a row describes."""
    note = row.note or ""
    received = Step(row.received_on, resolver.actor(row.received_by, "received_by"), note)
    petition = Petition(
        "",
        row.channel,
        row.summary,
        petitioner_count=row.petitioner_count,
        origin=_origin(row),
    )
    record = HistoricalPetition(
        import_id=row.import_id,
        source=source,
        receiving_agency_id=resolver.agency(row.receiving_agency, "receiving_agency"),
        petition=petition,
        received=received,
        classification=_classification(row, resolver, note),
        referral=_referral(row, resolver, note),
        archival=_archival(row, resolver, note),
        guidance=_guidance(row, resolver, note),
        acceptance=_acceptance(row, resolver, note),
        conclusion=_conclusion(row, resolver, note),
        withdrawal=_step(row.withdrawn_on, row.withdrawn_by, "withdrawn_by", resolver, note),
    )
    return record, _personal(row)


def _step(
    on: date | None, username: str | None, column: str, resolver: Resolver, note: str
) -> Step | None:
    if on is None:
        if username:
            raise CellError(column, "given without the date of the step")
        return None
    return Step(on, resolver.actor(username, column), note)


def _needs(value: T | None, column: str, step: str) -> T:
    if value is None:
        raise CellError(column, f"required when {step} is given")
    return value


def _origin(row: ImportRow) -> Origin | None:
    if row.origin_kind is None and row.channel is Channel.FORWARDED:
        raise CellError("origin_kind", "required when the channel is forwarded")
    if row.origin_kind is None:
        for column in ("origin_name", "dispatch_number", "dispatch_date"):
            if getattr(row, column) is not None:
                raise CellError("origin_kind", f"required when {column} is given")
        return None
    return Origin(
        row.origin_kind,
        _needs(row.origin_name, "origin_name", "origin_kind"),
        _needs(row.dispatch_number, "dispatch_number", "origin_kind"),
        _needs(row.dispatch_date, "dispatch_date", "origin_kind"),
    )


def _classification(row: ImportRow, resolver: Resolver, note: str) -> Classification | None:
    step = _step(row.classified_on, row.classified_by, "classified_by", resolver, note)
    if step is None:
        for column in ("kind", "field", "competent_agency"):
            if getattr(row, column) is not None:
                raise CellError("classified_on", f"required when {column} is given")
        return None
    return Classification(
        step,
        _needs(row.kind, "kind", "classified_on"),
        _needs(row.field, "field", "classified_on"),
        resolver.agency(row.competent_agency, "competent_agency"),
        row.decision_known_on,
        row.procedure or Procedure.ADMINISTRATIVE,
    )


def _referral(row: ImportRow, resolver: Resolver, note: str) -> Referral | None:
    step = _step(row.referred_on, row.referred_by, "referred_by", resolver, note)
    if step is None:
        if row.referred_to is not None:
            raise CellError("referred_on", "required when referred_to is given")
        return None
    return Referral(step, resolver.agency(row.referred_to, "referred_to"))


def _archival(row: ImportRow, resolver: Resolver, note: str) -> Archival | None:
    step = _step(row.archived_on, row.archived_by, "archived_by", resolver, note)
    if step is None:
        if row.archive_grounds is not None:
            raise CellError("archived_on", "required when archive_grounds is given")
        return None
    return Archival(step, _needs(row.archive_grounds, "archive_grounds", "archived_on"))


def _guidance(row: ImportRow, resolver: Resolver, note: str) -> Guidance | None:
    step = _step(row.guided_on, row.guided_by, "guided_by", resolver, note)
    if step is None:
        if row.guided_to is not None:
            raise CellError("guided_on", "required when guided_to is given")
        return None
    return Guidance(step, _needs(row.guided_to, "guided_to", "guided_on"))


def _acceptance(row: ImportRow, resolver: Resolver, note: str) -> Acceptance | None:
    step = _step(row.accepted_on, row.accepted_by, "accepted_by", resolver, note)
    if step is None:
        if row.complexity is not None:
            raise CellError("accepted_on", "required when complexity is given")
        return None
    return Acceptance(step, row.complexity or Complexity.ORDINARY)


def _conclusion(row: ImportRow, resolver: Resolver, note: str) -> Conclusion | None:
    step = _step(row.concluded_on, row.concluded_by, "concluded_by", resolver, note)
    if step is None:
        for column in ("outcome", "decision_ref", "effect_on_contested"):
            if getattr(row, column) is not None:
                raise CellError("concluded_on", f"required when {column} is given")
        return None
    return Conclusion(
        step,
        _needs(row.outcome, "outcome", "concluded_on"),
        _needs(row.decision_ref, "decision_ref", "concluded_on"),
        row.effect_on_contested,
    )


def _personal(row: ImportRow) -> PersonalData | None:
    if row.petitioner_name is None:
        for column in ("petitioner_address", "petitioner_contact", "petitioner_id_number"):
            if getattr(row, column) is not None:
                raise CellError("petitioner_name", f"required when {column} is given")
        return None
    return PersonalData(
        row.petitioner_name,
        row.petitioner_address or "",
        row.petitioner_contact or "",
        row.petitioner_id_number or "",
    )
