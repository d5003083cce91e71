"""Taking a petition in: classification, referral, acceptance, archival and guidance.

Mixed into `Petitions`. Each use case loads the case, runs one command and saves it,
like the use cases of `domain.application`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.act import Act
from domain.application_plumbing import CaseCommandPlumbing
from domain.errors import NotFoundError, RuleViolationError
from domain.kinds import ArchiveGrounds, Complexity, Kind, Procedure
from domain.views import Written


@dataclass(frozen=True)
class Classify:
    kind: Kind
    field: str
    competent_agency_id: UUID
    decision_known_on: date | None = None
    expected_version: int | None = None
    procedure: Procedure | None = None  # None: a second instance's first case's, else ordinary


@dataclass(frozen=True)
class Filing:
    """How a complaint's filing limit is judged: a remote area's, days lost excluded."""

    remote: bool = False
    days_excluded: int = 0


@dataclass(frozen=True)
class Accept:
    complexity: Complexity
    remote: bool = False
    filing_days_excluded: int = 0
    expected_version: int | None = None


class CaseIntakeCommands(CaseCommandPlumbing):
    """The intake use cases; the plumbing they use is `Petitions`'."""

    def classify(self, case_id: UUID, command: Classify, act: Act) -> Written:
        """Classify a petition; a second instance keeps its first case's procedure.

        The receiving agency's kind is read for vượt cấp (a reception office receives
        for its People's Committee).
        """
        case = self._case(case_id, command.expected_version)
        competent = self._active_agency_ref(command.competent_agency_id, act.legal_date)
        first = case.first_instance_case_id
        case.classify(
            command.kind,
            command.field,
            competent,
            self._checked(act),
            self.calendar,
            command.decision_known_on,
            command.procedure,
            rules=self.rules,
            first_procedure=self.get_case(first).procedure if first else None,
            receiver=self.agency_ref(case.receiving_agency_id),
        )
        return self._save(case)

    def refer(
        self, case_id: UUID, to_agency_id: UUID, act: Act, expected: int | None = None
    ) -> Written:
        case = self._case(case_id, expected)
        case.refer(
            self._active_agency_ref(to_agency_id, act.legal_date),
            self._checked(act),
            self.calendar,
            rules=self.rules,
        )
        return self._save(case)

    def receive_referral(self, case_id: UUID, act: Act, expected: int | None = None) -> Written:
        """Record the day the agency a petition was referred to received it; its clock starts."""
        return self._change(
            case_id,
            expected,
            act,
            lambda c, a: c.receive_referral(a, self.calendar, rules=self.rules),
        )

    def chase_up(
        self, case_id: UUID, document_ref: str, act: Act, expected: int | None = None
    ) -> Written:
        """Record a document by the officer's agency urging the holder to settle the petition."""
        case = self._case(case_id, expected)
        act = self._checked(act)
        case.chase_up(self._active_agency_ref(act.agency_id, act.legal_date), document_ref, act)
        return self._save(case)

    def accept(self, case_id: UUID, command: Accept, act: Act) -> Written:
        case = self._case(case_id, command.expected_version)
        agency = self._active_agency_ref(act.agency_id, act.legal_date)
        case.accept(
            agency,
            self._checked(act),
            self.calendar,
            command.complexity,
            command.remote,
            command.filing_days_excluded,
            rules=self.rules,
        )
        return self._save(case)

    def archive(
        self,
        case_id: UUID,
        grounds: ArchiveGrounds,
        act: Act,
        duplicate_of: UUID | None = None,
        expected: int | None = None,
        filing: Filing | None = None,
    ) -> Written:
        """Archive with grounds; "limitation expired" is judged as acceptance would (`filing`).

        A duplicate names a petition the service holds, received before this one.
        """
        filing = filing or Filing()
        repeated_on = self._received_on(duplicate_of) if duplicate_of else None
        return self._change(
            case_id,
            expected,
            act,
            lambda c, a: c.archive(
                grounds,
                a,
                duplicate_of,
                self.calendar,
                remote=filing.remote,
                filing_days_excluded=filing.days_excluded,
                rules=self.rules,
                duplicate_received_on=repeated_on,
            ),
        )

    def _received_on(self, case_id: UUID) -> date:
        """The day the petition `case_id` was received; one the service lacks is refused."""
        try:
            return self.get_case(case_id).received_on
        except NotFoundError:
            raise RuleViolationError(f"duplicate_of names no petition ({case_id})") from None

    def guide(
        self, case_id: UUID, directed_to: str, act: Act, expected: int | None = None
    ) -> Written:
        return self._change(case_id, expected, act, lambda c, a: c.guide(directed_to, a))
