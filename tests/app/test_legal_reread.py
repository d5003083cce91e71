"""Points of the legal re-read through the Petitions application, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.act import Act
from domain.application import PersonalData, Petitions
from domain.case import Petition
from domain.errors import RuleViolationError
from domain.kinds import ArchiveGrounds, Channel

FOUNDED = date(2025, 1, 2)
FIRST = date(2025, 5, 26)  # Monday
AGAIN = date(2025, 6, 2)  # Monday


class TestLegalReread:
    @staticmethod
    def act(agency: UUID, on: date, reason: str = "") -> Act:
        return Act("officer-1", agency, on, reason, "")

    def record(self, app: Petitions, agency: UUID, on: date) -> UUID:
        petition = Petition("", Channel.POST, "Khiếu nại quyết định thu hồi đất")
        return app.record_petition(petition, self.act(agency, on), PersonalData("Nguyễn Văn A")).id

    def test_a_duplicate_names_a_petition_received_before_it(
        self, app: Petitions, province: UUID
    ) -> None:
        """DOMAIN, intake 2 and the letter-handling form's repeated letters.

        A duplicate is archived against the letter already received: one the service
        does not hold, or one received after it, is no letter it repeats.
        """
        first = self.record(app, province, FIRST)
        again = self.record(app, province, AGAIN)
        position = app.recorder.max_notification_id()
        sent_twice = self.act(province, AGAIN, "the same letter, sent again")
        with pytest.raises(RuleViolationError, match="no petition"):
            app.archive(again, ArchiveGrounds.DUPLICATE, sent_twice, duplicate_of=uuid4())
        with pytest.raises(RuleViolationError, match="received after"):
            app.archive(first, ArchiveGrounds.DUPLICATE, sent_twice, duplicate_of=again)
        assert app.recorder.max_notification_id() == position
        app.archive(again, ArchiveGrounds.DUPLICATE, sent_twice, duplicate_of=first)
        assert app.case_details(again).status == "archived"
