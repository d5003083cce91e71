"""The further steps of the law, carried through in the demo province's history.

Beside the settlement the test generator already drives: notices of acceptance and
refusal, the extended denunciation check, anonymous petitions archived (an anonymous
denunciation with evidence forwarded for inspection), verification steps, notification
and publication of decisions, enforcement, re-examination by a higher authority,
further denunciations and parts split off mixed petitions. A step the domain refuses
(its clock or its rules) is skipped and counted apart, so `steps` says what the
history holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from functools import partial

from domain.case import AgencyRef, Case, Petition
from domain.errors import PetitionError
from domain.kinds import (
    EFFECTS_BY_OUTCOME,
    ArchiveGrounds,
    Channel,
    Kind,
    ReexaminationGrounds,
)
from ops.demo.story import Narrated
from ops.history import OUTCOME, Record

PARTS = {
    Kind.REFLECTION: "Phần phản ánh về thái độ của cán bộ khi tiếp nhận hồ sơ",
    Kind.RECOMMENDATION: "Phần kiến nghị rút ngắn thời gian giải quyết hồ sơ",
}
METHODS = ("Gửi qua bưu điện", "Giao trực tiếp", "Niêm yết tại trụ sở", "Đăng trên cổng thông tin")
VERIFICATIONS = (
    ("Làm việc với người gửi đơn", "Đã ghi nhận ý kiến, tài liệu người gửi đơn cung cấp"),
    ("Kiểm tra hiện trạng", "Hiện trạng khớp một phần với nội dung đơn"),
    ("Làm việc với cơ quan liên quan", "Đã thu thập hồ sơ, tài liệu liên quan"),
)


class DemoGenerator(Narrated):
    """The demo province's history: its people and words, and every step the law has."""

    # ----- further steps ------------------------------------------------------------------

    def _archived(self, case: Case, r: Record, day: date) -> None:
        if not case.anonymous and self._chance_of("refusal_notice"):
            act = self._act(day, "Đơn không đủ điều kiện thụ lý", r.holder)
            self._try("refusal_notice", lambda: case.notify_refusal(self._method(), act))

    def _classified(self, case: Case, r: Record, kind: Kind, day: date) -> bool:
        if case.anonymous:  # archived: or inspected, for a denunciation with evidence
            return self._anonymous(case, r, kind, day)
        competent_here = r.competent is not None and r.competent.id == r.holder.id
        if kind == Kind.DENUNCIATION and competent_here and self._chance_of("check_extended"):
            act = self._act(day, "Cần kiểm tra, xác minh tại nhiều địa điểm", r.holder)
            self._try("check_extended", partial(case.extend_check, act, self.calendar))
        return False

    def _anonymous(self, case: Case, r: Record, kind: Kind, day: date) -> bool:
        r.status = "archived"
        if kind == Kind.DENUNCIATION and self._chance_of("forwarded"):
            act = self._act(day, "Đơn nặc danh có tài liệu, chứng cứ cụ thể", r.holder)
            inspectorate = self._tree().inspectorate
            if self._try("forwarded", partial(case.forward_for_inspection, inspectorate, act)):
                return True
        act = self._act(day, "Đơn không rõ họ tên, địa chỉ người gửi", r.holder)
        archive = partial(case.archive, ArchiveGrounds.ANONYMOUS, act)
        if not self._try("archived_anonymous", archive):
            raise RuntimeError("an anonymous petition could not be archived")
        return True

    def _accepted(self, case: Case, r: Record, kind: Kind, day: date) -> None:
        if kind in {Kind.COMPLAINT, Kind.DENUNCIATION} and self._chance_of("acceptance_notice"):
            act = self._act(day, agency=r.holder)
            self._try("acceptance_notice", lambda: case.notify_acceptance(self._method(), act))
        if case.split_from_case_id is None and r.instance == 1 and self._chance_of("split"):
            self._split(case, r, kind, day)

    def _split(self, case: Case, r: Record, kind: Kind, day: date) -> None:
        other = Kind.REFLECTION if kind != Kind.REFLECTION else Kind.RECOMMENDATION
        summary = PARTS[other]
        code = self._code(day)
        petition = Petition(code, case.channel, summary, case.identity_id, case.petitioner_count)
        agency = r.holder
        act = self._act(day, "Đơn có nhiều nội dung thuộc loại khác nhau", agency)
        try:
            seal = self._summary_seal(case.identity_id)
            part = Case.split_part(case, petition, agency, act, self.calendar, seal=seal)
            part_seal = replace(seal, key_id=part.summary_key_id) if seal else None
            case.record_split(part.id, other, summary, act, part_seal)
        except PetitionError:
            self.skipped["split"] += 1
            return
        self.steps["split"] += 1
        self.pending.append(part)
        self._received(part, petition)
        record = Record(part.id, r.received_on, agency, field=r.field, handling=agency)
        self._history().records.append(record)
        part.classify(other, r.field, agency, self._act(day, agency=agency), self.calendar)
        record.kind, record.competent, record.status = other.value, agency, "classified"
        self._route(part, record, other, agency, day)

    def _before_closing(self, case: Case, r: Record, kind: Kind, day: date, end: date) -> None:
        del kind
        if case.status.value != "in_progress" or not self._chance_of("verification"):
            return
        day = max(day, case.last_act_on)  # after a transfer the reform made meanwhile
        span = max((end - day).days, 0)
        dates = sorted(day + timedelta(days=self.rng.randrange(span + 1)) for _ in range(2))
        chosen = self.rng.sample(VERIFICATIONS, self.rng.randrange(1, 3))
        for (step, findings), on in zip(chosen, dates, strict=False):
            act = self._act(on, agency=r.holder)
            self._try("verification", partial(case.record_verification, step, findings, act))

    def _concluded(self, case: Case, r: Record, kind: Kind, end: date) -> None:
        if not case.anonymous and self._chance_of("notified"):
            act = self._act(end, agency=r.holder)
            self._try("notified", lambda: case.notify_citizen(self._method(), act))
        if kind in {Kind.COMPLAINT, Kind.DENUNCIATION} and self._chance_of("published"):
            act = self._act(end, agency=r.holder)
            self._try("published", lambda: case.publish_decision(self._method(), act))

    def _settled(self, case: Case, r: Record, kind: Kind, end: date) -> None:
        due = case.enforcement_due_date
        if due is not None and due <= self.end and self._chance_of("enforced"):
            on = due - timedelta(days=self.rng.randrange(0, 3))
            act = self._act(max(on, end), agency=r.holder)
            self._try("enforced", lambda: case.start_enforcement(act))
            return
        settled_by_law = kind in {Kind.COMPLAINT, Kind.DENUNCIATION}
        if settled_by_law and self._chance_of("reexamined"):
            self._reexamine(case, r, kind, end)
        elif kind == Kind.DENUNCIATION and self._chance_of("further"):
            self._further(case, r, end)

    def _reexamine(self, case: Case, r: Record, kind: Kind, end: date) -> None:
        on = end + timedelta(days=self.rng.randrange(20, 90))
        authority = self._acting_superior(r.holder, on)
        if on > self.end - timedelta(days=2) or authority is None:
            return
        grounds = self.rng.choice(list(ReexaminationGrounds))
        act = self._act(on, "Phát hiện vi phạm pháp luật khi giải quyết", authority)
        reexamine = partial(case.reexamine, authority, grounds, act, self.calendar)
        if not self._try("reexamined", reexamine):
            return
        r.handling, r.status = authority, "in_progress"
        decided = on + timedelta(days=self.rng.randrange(10, 40))
        if decided > self.end:
            return
        outcome = self.rng.choice(OUTCOME[kind])
        effect = None
        if kind == Kind.COMPLAINT:
            effect = self.rng.choice(sorted(EFFECTS_BY_OUTCOME[outcome]))
        act = self._act(decided, "Giải quyết lại sau khi xem xét lại", authority)
        ref = self._decision_ref(r)
        conclude = partial(case.conclude, outcome, ref, act, effect, self.calendar)
        if self._try("concluded_again", conclude):
            r.status = "concluded"

    def _further(self, first: Case, r: Record, end: date) -> None:
        on = end + timedelta(days=self.rng.randrange(5, 40))
        superior = self._acting_superior(r.holder, on)
        if on > self.end - timedelta(days=5) or superior is None or first.anonymous:
            return
        summary = f"Tố cáo tiếp: {self._summary(r.field).lower()}"
        petition = Petition(self._code(on), Channel.POST, summary, first.identity_id)
        act = self._act(
            on, "Tố cáo tiếp vì cho rằng việc giải quyết không đúng pháp luật", superior
        )
        try:
            seal = self._summary_seal(first.identity_id)
            further = Case.file_further_denunciation(
                first, petition, superior, act, self.calendar, seal=seal
            )
            first.record_further_denunciation(further.id, act)
        except PetitionError:
            self.skipped["further"] += 1
            return
        self.steps["further"] += 1
        self.pending.append(further)
        self._received(further, petition)
        record = Record(further.id, on, superior, field=r.field, handling=superior)
        self._history().records.append(record)
        act = self._act(on, agency=superior)
        further.classify(Kind.DENUNCIATION, r.field, superior, act, self.calendar)
        record.kind, record.competent, record.status = "denunciation", superior, "classified"
        self._settle(further, record, Kind.DENUNCIATION, on + timedelta(days=2))
        self._succeed(further, record, self.end)

    # ----- helpers ------------------------------------------------------------------------

    def _acting_superior(self, agency: AgencyRef, on: date) -> AgencyRef | None:
        if len(agency.path) < 2:  # noqa: PLR2004
            return None
        parent = self._tree().by_id(agency.path[-2])
        return parent if parent in self.active(on) else None

    def _method(self) -> str:
        return self.rng.choice(METHODS)

    def _try(self, step: str, command: Callable[[], object]) -> bool:
        """Run an optional step; the domain may refuse it (then it is counted as skipped)."""
        try:
            command()
        except PetitionError as error:
            self.skipped[step] += 1
            self.refusals[f"{step}: {error}"] += 1
            return False
        self.steps[step] += 1
        return True
