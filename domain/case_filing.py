"""How a case comes to exist, mixed into `Case`.

The fields of a received petition, and the petitions filed against, taken further
from, or split off another case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, Self

from domain.act import Act
from domain.calendar import WorkingCalendar
from domain.case_clocks import SECOND_INSTANCE
from domain.competence import require_second_instance_body
from domain.errors import RuleViolationError
from domain.intake import ServiceIntake
from domain.kinds import Channel
from domain.rules import RULES, RuleBooks, TimeLimit
from domain.text import clean_text

if TYPE_CHECKING:
    from domain import case_events as ev
    from domain.case import AgencyRef, Case, Petition
    from domain.sealing import SummarySeal


class CaseFiling:
    """Petitions filed against, or split off, another case."""

    if TYPE_CHECKING:
        Received: type[ev.Received]

        @classmethod
        def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Self: ...  # noqa: A002, ANN401

    @classmethod
    def file_second_instance(
        cls,
        first: Case,
        petition: Petition,
        agency: AgencyRef,
        act: Act,
        calendar: WorkingCalendar,
        decider_chain: Sequence[AgencyRef],
        *,
        rules: RuleBooks = RULES,
        seal: SummarySeal | None = None,
    ) -> Self:
        """Record a second-instance complaint against `first`'s decision (or its silence).

        `agency` must be the body the law names for the body that decided first, whose
        ancestry with kinds, root first, is `decider_chain` (Law on Complaints arts.
        18-25): not always an ancestor, as a minister hears a provincial chairman's
        decision in the ministry's field. The first case's procedure chooses the rules
        (chapter IV for a disciplinary decision); its filing limit is checked when the
        complaint, classified under that procedure, is accepted or archived as expired.
        The received complaint records the competence book's version and the rule.
        """
        check_petition(petition)
        if not decider_chain or decider_chain[-1].id != first.handling_agency_id:
            raise RuleViolationError("the chain must end with the agency that decided first")
        named = require_second_instance_body(
            decider_chain, agency, first.field, act.legal_date, first.procedure
        )
        basis, grounds = first.second_instance_basis(act.legal_date)
        intake = rules.in_force(act.legal_date).intake_limit(None)
        fields = received_fields(petition, agency, act, calendar, intake, seal)
        fields |= {
            "instance": SECOND_INSTANCE,
            "first_instance_case_id": first.id,
            "first_decision_on": basis,
            "second_instance_basis": grounds,
            "competence_rule": named.record,
        }
        return cls._create(cls.Received, **fields)

    @classmethod
    def file_further_denunciation(
        cls,
        first: Case,
        petition: Petition,
        superior: AgencyRef,
        act: Act,
        calendar: WorkingCalendar,
        *,
        rules: RuleBooks = RULES,
        seal: SummarySeal | None = None,
    ) -> Self:
        """Record a denunciation taken further to the superior of `first`'s settling agency.

        Allowed when `first` is overdue or settled against the law (Law on
        Denunciations art. 37).
        """
        check_petition(petition)
        first.further_denunciation_allowed(act.legal_date)
        if len(first.handling_agency_path) < 2 or superior.id != first.handling_agency_path[-2]:  # noqa: PLR2004
            raise RuleViolationError(
                "a further denunciation goes to the direct superior of the agency that settles it"
            )
        limit = rules.in_force(act.legal_date).deadlines.further_denunciation
        fields = received_fields(petition, superior, act, calendar, limit, seal)
        return cls._create(cls.Received, **(fields | {"further_of_case_id": first.id}))

    @classmethod
    def split_part(
        cls,
        original: Case,
        petition: Petition,
        agency: AgencyRef,
        act: Act,
        calendar: WorkingCalendar,
        *,
        rules: RuleBooks = RULES,
        seal: SummarySeal | None = None,
    ) -> Self:
        """A part of `original`, a mixed petition, as its own petition.

        It was received when the original was; its intake clock runs from the split (`act`).
        """
        check_petition(petition)
        received = replace(act, legal_date=original.received_on)
        intake = rules.in_force(original.received_on).intake_limit(None)
        fields = received_fields(petition, agency, received, calendar, intake, seal)
        due = calendar.add(act.legal_date, intake.days, intake.day_type)
        fields |= {
            "split_from_case_id": original.id,
            "handling_from": act.legal_date,
            "handling_due_date": due,
            "calendar_version": calendar.version_between(act.legal_date, due),
        }
        return cls._create(cls.Received, **fields)


def intake_clock(
    limit: TimeLimit, calendar: WorkingCalendar, start: date, due: date
) -> dict[str, Any]:
    """The fields recording which limit and calendar an intake due date came from."""
    return {
        "handling_limit_days": limit.days,
        "handling_day_type": limit.day_type.value,
        "limit_confirmed": limit.confirmed,
        "calendar_version": calendar.version_between(start, due),
    }


def received_fields(
    petition: Petition,
    agency: AgencyRef,
    act: Act,
    calendar: WorkingCalendar,
    intake: TimeLimit,
    seal: SummarySeal | None = None,
) -> dict[str, Any]:
    """The fields of a `Received`; the summary sealed by `seal` (plain text without one)."""
    due = calendar.add(act.legal_date, intake.days, intake.day_type)
    return {
        "reference_code": petition.reference_code,
        "channel": petition.channel.value,
        "receiving_agency_id": agency.id,
        "receiving_agency_path": list(agency.path),
        "receiving_level": agency.level,
        **summary_fields(petition.summary.strip(), seal),
        "identity_id": petition.identity_id,
        "anonymous": petition.identity_id is None,
        "petitioner_count": petition.petitioner_count,
        "meeting_id": petition.meeting_id,
        "instance": 1,
        "first_instance_case_id": None,
        "first_decision_on": None,
        "second_instance_basis": "",
        "competence_rule": "",
        "handling_due_date": due,
        **intake_clock(intake, calendar, act.legal_date, due),
        "further_of_case_id": None,
        "split_from_case_id": None,
        "handling_from": None,
        **intake_fields(petition, act.legal_date),
        **act.fields(),
    }


def summary_fields(summary: str, seal: SummarySeal | None) -> dict[str, Any]:
    """`summary` and `summary_key_id`: sealed by `seal`, or plain text (key None)."""
    if seal is None:
        return {"summary": summary, "summary_key_id": None}
    sealed, key_id = seal.sealed(summary)
    return {"summary": sealed, "summary_key_id": key_id}


def intake_fields(petition: Petition, received_on: date) -> dict[str, Any]:
    """Version 3 of `Received`: the forwarding body, the place, the online service."""
    origin = petition.origin.checked(received_on) if petition.origin else None
    location = petition.location.checked() if petition.location else None
    service = petition.service.checked() if petition.service else None
    return {
        "origin": origin.fields() if origin else None,
        "location": location.fields() if location else None,
        "media_url": service.media_url if service else "",
        "service_code": service.service_code if service else "",
        "service_attributes": dict(service.attributes) if service else {},
        "intake_rules": _rules(service),
        "beyond_level_by_routing": service.beyond_level if service else None,
    }


def _rules(service: ServiceIntake | None) -> str:
    if service is None:
        return ""
    rule = f" {service.routing_rule}" if service.routing_rule else " (no routing rule matched)"
    return f"{service.rules_version}{rule}"


def check_petition(petition: Petition) -> None:
    clean_text(petition.summary, "summary", required=True)
    if petition.petitioner_count < 1:
        raise RuleViolationError("petitioner_count must be at least 1")
    if not petition.reference_code:
        raise RuleViolationError("a petition needs a reference code")
    if petition.channel is not Channel.RECEPTION and petition.meeting_id is not None:
        raise RuleViolationError("only a petition received at a reception meeting has a meeting")
    if petition.visit_id is not None and petition.meeting_id is None:
        raise RuleViolationError("only a petition received at a reception meeting has a visit")
    if petition.representatives and (petition.meeting_id is None or petition.visit_id):
        raise RuleViolationError(
            "representatives come with a petition taken at a meeting without a visit entered"
        )
    if (petition.channel is Channel.FORWARDED) != (petition.origin is not None):
        raise RuleViolationError(
            "a forwarded petition names the body that forwarded it, and only a forwarded one"
        )
    if petition.service is not None and petition.channel is not Channel.ONLINE:
        raise RuleViolationError("only a petition filed online comes through an online service")
