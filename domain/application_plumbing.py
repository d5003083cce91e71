"""What the case use cases' mixins use of `Petitions`, declared once for the type checker.

`Petitions` sets the calendar and rule books and defines the plumbing (`_case`,
`_checked`, `_change`); the case queries and the agencies' mixins define `get_case`,
`agency_ref` and `_active_agency_ref`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.act import Act
from domain.calendar import WorkingCalendar
from domain.case import AgencyRef, Case
from domain.rules import RuleBooks
from domain.typed_store import TypedStore
from domain.views import Written


class CaseCommandPlumbing(TypedStore):
    """The base of the case use cases' mixins: typed loads and saves, and `Petitions`' own."""

    calendar: WorkingCalendar
    rules: RuleBooks

    if TYPE_CHECKING:

        def get_case(self, case_id: UUID) -> Case: ...
        def agency_ref(self, agency_id: UUID) -> AgencyRef: ...
        def _active_agency_ref(self, agency_id: UUID, on: date) -> AgencyRef: ...
        def _case(self, case_id: UUID, expected_version: int | None) -> Case: ...
        def _checked(self, act: Act) -> Act: ...
        def _change(
            self,
            case_id: UUID,
            expected: int | None,
            act: Act,
            command: Callable[[Case, Act], None],
        ) -> Written: ...
