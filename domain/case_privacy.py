"""Shredding a case's own summary key, mixed into `Case` (docs/summary-sealing.md).

A petition's summary is sealed under its petitioner's data key, so shredding the
identity makes it unreadable. An anonymous petition's summary (or one recorded when
the identity was legacy plain text or already shredded) is sealed under a key of the
case itself: an administrator shreds it here, with a reason and a legal basis, as an
identity is shredded. The application erases the key once the event is saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from domain.act import Act
from domain.case_mixin import CaseMixin
from domain.errors import RuleViolationError, ShreddedError
from domain.text import clean_label

if TYPE_CHECKING:
    from domain import case_step_events as sev


class CasePrivacy(CaseMixin):
    """The case's own summary key; state is declared here only for the type checker."""

    summary_key_id: UUID | None
    summary_shredded: bool

    if TYPE_CHECKING:
        SummaryShredded: type[sev.SummaryShredded]

    def shred_summary(self, act: Act, identity_key_id: UUID | None) -> None:
        """Record the erasure of the summary's own data key: who, when, why and on what basis.

        `identity_key_id` is the petitioner identity's data key, if any: a summary sealed
        under it goes with the identity (`shred_identity`), never alone.
        """
        self.require_summary_not_shredded()
        key_id = self.summary_key_id
        if key_id is None:
            raise RuleViolationError(
                "the summary was recorded in plain text before sealing existed: "
                "it has no key to erase"
            )
        if key_id == identity_key_id:
            raise RuleViolationError(
                "the summary is sealed under the petitioner's identity: "
                "shred the identity (POST /cases/{id}/petitioner/shred)"
            )
        act.require_reason()
        if not act.legal_basis.strip():
            raise RuleViolationError("legal_basis: shredding must name its legal basis")
        fields = act.fields()
        fields["legal_basis"] = clean_label(act.legal_basis, "legal_basis")
        self.trigger_event(self.SummaryShredded, summary_key_id=key_id, **fields)

    def require_summary_not_shredded(self) -> None:
        if self.summary_shredded:
            raise ShreddedError("the petition's summary was shredded: no one can read it")
