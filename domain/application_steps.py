"""Use cases of the further case steps, mixed into `Petitions`.

Notices, corrections, extensions, enforcement, re-examination and split petitions.

Each loads, commands and saves once, like the use cases of `domain.application`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.act import Act
from domain.application_plumbing import CaseCommandPlumbing
from domain.case import Case, Petition
from domain.errors import NotFoundError, RuleViolationError
from domain.intake import Origin
from domain.kinds import Kind, ReexaminationGrounds
from domain.reexamination import require_reexamination_authority
from domain.reference import ReferenceIndex, new_reference_code
from domain.views import Written


@dataclass(frozen=True)
class KnownDecision:
    """A case corrected to a complaint: when its decision was known, days lost excluded."""

    decision_known_on: date | None = None
    filing_days_excluded: int = 0


if TYPE_CHECKING:
    from domain.identity import Identity
    from domain.sealing import SummarySeal


class CaseStepCommands(CaseCommandPlumbing):
    """The further steps' use cases; the plumbing they use is `Petitions`'."""

    code_prefix: str

    if TYPE_CHECKING:

        def summary_seal(
            self, identity_id: UUID | None, recorded: tuple[Identity, ...] = ()
        ) -> SummarySeal: ...

    # ----- notices ------------------------------------------------------------------------

    def notify_acceptance(
        self, case_id: UUID, method: str, act: Act, expected: int | None = None
    ) -> Written:
        """Record the written notice that the case was accepted."""
        return self._change(case_id, expected, act, lambda c, a: c.notify_acceptance(method, a))

    def notify_refusal(
        self, case_id: UUID, method: str, act: Act, expected: int | None = None
    ) -> Written:
        """Record the written notice that the petition is not accepted, with its reasons."""
        return self._change(case_id, expected, act, lambda c, a: c.notify_refusal(method, a))

    # ----- intake -------------------------------------------------------------------------

    def extend_check(self, case_id: UUID, act: Act, expected: int | None = None) -> Written:
        """Extend a denunciation's initial check to 10 working days."""
        return self._change(
            case_id, expected, act, lambda c, a: c.extend_check(a, self.calendar, rules=self.rules)
        )

    def forward_for_inspection(
        self, case_id: UUID, to_agency_id: UUID, act: Act, expected: int | None = None
    ) -> Written:
        """Forward an anonymous denunciation with concrete evidence for inspection."""
        case = self._case(case_id, expected)
        case.forward_for_inspection(
            self._active_agency_ref(to_agency_id, act.legal_date), self._checked(act)
        )
        return self._save(case)

    # ----- settlement ---------------------------------------------------------------------

    def correct_kind(
        self,
        case_id: UUID,
        kind: Kind,
        act: Act,
        expected: int | None = None,
        complaint: KnownDecision | None = None,
    ) -> Written:
        """Correct the kind of an accepted case, with a reason.

        A correction to a complaint brings the day its decision was known (`complaint`).
        """
        known = complaint or KnownDecision()
        return self._change(
            case_id,
            expected,
            act,
            lambda c, a: c.correct_kind(
                kind,
                a,
                self.calendar,
                decision_known_on=known.decision_known_on,
                filing_days_excluded=known.filing_days_excluded,
                rules=self.rules,
            ),
        )

    def correct_due_date(
        self, case_id: UUID, act: Act, expected: int | None = None, clock: str | None = None
    ) -> Written:
        """Recompute a running due date on the configured (corrected) calendar.

        `clock` names the dated duty; by default the running intake or settlement one.
        """
        return self._change(
            case_id,
            expected,
            act,
            lambda c, a: c.correct_due_date(a, self.calendar, clock, rules=self.rules),
        )

    def start_enforcement(self, case_id: UUID, act: Act, expected: int | None = None) -> Written:
        """Record that enforcement of a complaint decision in force was organised."""
        return self._change(
            case_id,
            expected,
            act,
            lambda c, a: c.start_enforcement(a, self.calendar, rules=self.rules),
        )

    def reexamine(
        self,
        case_id: UUID,
        grounds: ReexaminationGrounds,
        act: Act,
        expected: int | None = None,
    ) -> Written:
        """Re-examine a settled case, by the acting officer's agency as the higher authority."""
        case = self._case(case_id, expected)
        act = self._checked(act)
        authority = self._active_agency_ref(act.agency_id, act.legal_date)
        case.reexamine(authority, grounds, act, self.calendar, rules=self.rules)
        return self._save(case)

    def is_reexamination_authority(self, case_id: UUID, agency_id: UUID, on: date) -> bool:
        """Whether the re-examination book in force on `on` names `agency_id` for the case.

        Asked of the case as it stands, whatever its status: who may re-examine it once
        settled (`domain.reexamination`), not whether it is settled.
        """
        case = self.get_case(case_id)
        if case.kind is None:
            return False
        try:
            authority = self.agency_ref(agency_id)
            require_reexamination_authority(
                authority, case.handling_agency_path, case.kind, case.field, on
            )
        except (RuleViolationError, NotFoundError):
            return False
        return True

    def split_off(
        self,
        case_id: UUID,
        kind: Kind,
        summary: str,
        act: Act,
        expected: int | None = None,
    ) -> Written:
        """Split a part of another kind off a mixed petition; answers the part's new case."""
        act = self._checked(act)
        agency = self._active_agency_ref(act.agency_id, act.legal_date)
        original = self._case(case_id, expected)
        code = new_reference_code(self.code_prefix, act.legal_date.year)
        petition = Petition(
            code,
            original.channel,
            summary,
            original.identity_id,
            original.petitioner_count,
            origin=Origin.from_fields(original.origin),
        )
        seal = self.summary_seal(original.identity_id)
        part = Case.split_part(
            original, petition, agency, act, self.calendar, rules=self.rules, seal=seal
        )
        # The original records the part's summary sealed under the part's key.
        original.record_split(
            part.id, kind, summary, act, replace(seal, key_id=part.summary_key_id)
        )
        return self._save(part, original, ReferenceIndex(code, part.id))
