"""Pure builders for domain tests: agencies as refs, acts, and cases at each stage."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

from domain.act import Act
from domain.calendar import WorkingCalendar
from domain.case import AgencyRef, Case, Petition
from domain.kinds import Channel, Complexity, EffectOnContested, Kind

PROVINCE = AgencyRef(UUID(int=1), [UUID(int=1)], "province")
COMMUNE = AgencyRef(UUID(int=2), [UUID(int=1), UUID(int=2)], "commune")
OTHER_COMMUNE = AgencyRef(UUID(int=3), [UUID(int=1), UUID(int=3)], "commune")
CALENDAR = WorkingCalendar()

# Mid-2025 dates far from any public holiday (Tết, 30/4-1/5, 2/9), all on weekdays.
RECEIVED_ON = date(2025, 5, 26)  # Monday
CLASSIFIED_ON = date(2025, 5, 28)  # Wednesday
DECISION_KNOWN_ON = date(2025, 5, 1)  # the contested decision, 25 days before receipt
ACCEPTED_ON = date(2025, 6, 2)  # Monday; +30 = Wed 2 July, +45 = Thu 17 July
CONCLUDED_ON = date(2025, 6, 20)  # Friday


def act(on: date, reason: str = "", agency: AgencyRef = PROVINCE) -> Act:
    return Act("officer-1", agency.id, on, reason, "")


def petition(
    channel: Channel = Channel.POST,
    anonymous: bool = False,
    meeting_id: UUID | None = None,
    summary: str = "Land recovery decision contested",
    petitioner_count: int = 1,
    reference_code: str = "PA-2025-TEST-CODE-01",
) -> Petition:
    identity_id = None if anonymous else uuid4()
    return Petition(reference_code, channel, summary, identity_id, petitioner_count, meeting_id)


def received_case(
    on: date = RECEIVED_ON, anonymous: bool = False, agency: AgencyRef = PROVINCE
) -> Case:
    return Case.receive(petition(anonymous=anonymous), agency, act(on, agency=agency), CALENDAR)


def classified_case(
    kind: Kind = Kind.COMPLAINT,
    received_on: date = RECEIVED_ON,
    decision_known_on: date | None = DECISION_KNOWN_ON,
    anonymous: bool = False,
    competent: AgencyRef = PROVINCE,
    agency: AgencyRef = PROVINCE,
) -> Case:
    case = received_case(received_on, anonymous, agency)
    known = decision_known_on if kind == Kind.COMPLAINT else None
    classified_on = max(received_on, CLASSIFIED_ON)
    case.classify(kind, "land", competent, act(classified_on, agency=agency), CALENDAR, known)
    return case


def accepted_case(
    kind: Kind = Kind.COMPLAINT,
    complexity: Complexity = Complexity.ORDINARY,
    remote: bool = False,
    on: date = ACCEPTED_ON,
    agency: AgencyRef = PROVINCE,
) -> Case:
    case = classified_case(kind, competent=agency, agency=agency)
    case.accept(agency, act(on, agency=agency), CALENDAR, complexity, remote)
    return case


def concluded_complaint(on: date = CONCLUDED_ON, notified_on: date | None = CONCLUDED_ON) -> Case:
    """A first-instance complaint decided by the commune, so the province hears the second.

    The complainant receives the decision on `notified_on` (None: not yet notified).
    """
    case = accepted_case(Kind.COMPLAINT, agency=COMMUNE)
    case.conclude("wrong", "QD-12/2025", act(on, agency=COMMUNE), EffectOnContested.UPHELD)
    if notified_on is not None:
        case.notify_citizen("registered post", act(notified_on, agency=COMMUNE))
    return case


def filed_second_instance(first: Case, filed_on: date) -> Case:
    """File and classify a second-instance complaint against `first`, and link it."""
    second = Case.file_second_instance(
        first,
        petition(reference_code="PA-2025-TEST-CODE-02"),
        PROVINCE,
        act(filed_on),
        CALENDAR,
        [PROVINCE, COMMUNE],
    )
    first.record_appeal(second.id, act(filed_on))
    second.classify(Kind.COMPLAINT, "land", PROVINCE, act(filed_on), CALENDAR)
    return second


def days_after(start: date, days: int) -> date:
    return start + timedelta(days=days)


def replay(events: list[object]) -> object:
    """Re-apply `events` from nothing, as the repository does."""
    aggregate = None
    for event in events:
        aggregate = event.mutate(aggregate)  # type: ignore[attr-defined]
    return aggregate
