"""The demo province's history: the test generator's petitions, with names and people.

`DemoGenerator` refines `ops.history.Generator` through its hooks: real reference
codes (with their index, so the public page finds them) and petitioners' identities;
acts by the officers posted at the acting agency on the day (`ops.demo.people`);
Vietnamese summaries, fields and reasons; and, beside the settlement the generator
already drives, notices of acceptance and refusal, the extended denunciation check,
anonymous denunciations forwarded for inspection, verification steps, notification
and publication of decisions, enforcement, re-examination by a higher authority,
further denunciations, parts split off mixed petitions, and the heads' periodic
reception days with visits, delegations, refusals and dialogues.

A step the domain refuses (its clock or its rules) is skipped and counted apart, so
`steps` says what the history holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from uuid import UUID

from domain.act import Act
from domain.application import Petitions
from domain.case import AgencyRef, Case, Petition
from domain.errors import PetitionError
from domain.identity import Identity
from domain.kinds import (
    EFFECTS_BY_OUTCOME,
    ArchiveGrounds,
    Channel,
    Kind,
    ReexaminationGrounds,
)
from domain.reception import MeetingKind, ReceptionMeeting
from domain.reception_register import Matter, RefusalGrounds, Visit
from domain.reference import ReferenceIndex, new_reference_code
from domain.users import Role
from ops.demo import province
from ops.demo.people import DemoUser, Staff, agency_ids
from ops.history import OUTCOME, Generator, History, Record
from ops.history_tree import REFORM_BASIS, build_tree

ADMINISTRATION = UUID(int=0)  # the pseudo-agency administrators act for (api.security)
REASONS = {
    "no signature": "Đơn không có chữ ký của người gửi",
    "complex": "Vụ việc phức tạp, cần thêm thời gian xác minh",
    "awaiting court": "Chờ kết quả giải quyết của Tòa án",
    "ground": "Có căn cứ đình chỉ theo quy định",
    "written notice: threatening behaviour": "Gây rối trật tự tại nơi tiếp công dân",
    "the agency was closed": "Chuyển giao do sắp xếp đơn vị hành chính",
    "establishment": "Thành lập",
    "provincial merger resolution": "Nhập đơn vị hành chính cấp huyện theo nghị quyết",
    "two-tier local government: districts abolished, communes reorganised": (
        "Tổ chức chính quyền địa phương hai cấp: kết thúc hoạt động cấp huyện, sắp xếp cấp xã"
    ),
}
SHARES = {
    "anonymous": 0.05,
    "refusal_notice": 0.8,
    "check_extended": 0.25,
    "forwarded": 0.5,
    "acceptance_notice": 0.9,
    "split": 0.02,
    "verification": 0.8,
    "notified": 0.9,
    "published": 0.7,
    "enforced": 0.6,
    "reexamined": 0.03,
    "further": 0.1,
    "dialogue": 0.15,
}
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


class DemoGenerator(Generator):
    """The test generator's history, with the demo province's people, names and steps."""

    def __init__(
        self,
        app: Petitions,
        people: list[DemoUser],
        seed: int,
        start: date,
        end: date,
    ) -> None:
        super().__init__(app, seed, start, end)
        self.people = people
        self.staff: Staff | None = None
        self.steps: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.refusals: Counter[str] = Counter()
        self.codes: list[tuple[str, UUID]] = []

    def agencies(self) -> History:
        administrator = self._administrator()
        tree = build_tree(self.pending, province.NAMES, administrator)
        self.history = History(tree)
        self.staff = Staff(self.people, agency_ids(tree))
        return self.history

    def staff_of_tree(self) -> Staff:
        """Who works where, by the ids of the agencies `agencies()` registered."""
        return self._staff()

    # ----- people -------------------------------------------------------------------------

    def _administrator(self) -> str:
        return str(next(u.id for u in self.people if u.role == Role.ADMINISTRATOR))

    def _actor(self, agency_id: UUID, on: date) -> str:
        officers = self._staff().of(agency_id, on)
        if not officers:
            return self._administrator()
        return str(self.rng.choice(officers).id)

    def _officer(self, agency: AgencyRef, on: date) -> str:
        return self._actor(agency.id, on)

    def _host(self, agency: AgencyRef, on: date) -> str:
        leaders = self._staff().of(agency.id, on, role=Role.LEADER)
        if not leaders:
            return "Tổ tiếp công dân"
        leader = self.rng.choice(leaders)
        posting = leader.posting_on(on)
        return f"{leader.display_name}, {posting.post}" if posting else leader.display_name

    def _reform_act(self, closed: date, holder: AgencyRef) -> Act:
        reason = REASONS["the agency was closed"]
        return Act(self._administrator(), ADMINISTRATION, closed, reason, REFORM_BASIS)

    # ----- words --------------------------------------------------------------------------

    def _reason(self, text: str) -> str:
        return REASONS.get(text, text)

    def _guided_to(self) -> str:
        return self.rng.choice(province.GUIDED_TO)

    def _dialogue_group(self) -> str:
        return self.rng.choice(province.DIALOGUE_GROUPS)

    def _field(self) -> str:
        fields = list(province.FIELDS)
        return self.rng.choices(fields, weights=list(province.FIELDS.values()))[0]

    def _decision_ref(self, r: Record) -> str:
        return f"{self.rng.randrange(1, 900)}/QĐ-UBND"

    def _petition(
        self,
        field: str,
        channel: Channel,
        signers: int,
        meeting_id: UUID | None,
        on: date,
        *,
        second_instance: bool = False,
    ) -> Petition:
        text = self._summary(field)
        if second_instance:
            text = f"Khiếu nại lần hai: {text[0].lower()}{text[1:]}"
        anonymous = not second_instance and self._chance_of("anonymous")
        identity = None if anonymous else self._identity()
        identity_id = identity.id if identity else None
        return Petition(self._code(on), channel, text, identity_id, signers, meeting_id)

    def _summary(self, field: str) -> str:
        return self.rng.choice(province.SUMMARIES[field]).format(n=self.rng.randrange(1, 12))

    def _code(self, on: date) -> str:
        return new_reference_code(self.app.code_prefix, on.year)

    def _identity(self) -> Identity:
        rng = self.rng
        name = " ".join(
            (
                rng.choice(province.FAMILY_NAMES),
                rng.choice(province.MIDDLE_NAMES),
                rng.choice(province.GIVEN_NAMES),
            )
        )
        identity = Identity.record(
            name,
            f"Thôn {rng.randrange(1, 12)}",
            f"09{rng.randrange(10**7, 10**8)}",
            f"0{rng.randrange(10**10, 10**11)}",
        )
        self.pending.append(identity)
        return identity

    def _received(self, case: Case, petition: Petition) -> None:
        self.pending.append(ReferenceIndex(petition.reference_code, case.id))
        self.codes.append((petition.reference_code, case.id))

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
            part = Case.split_part(case, petition, agency, act, self.calendar)
            case.record_split(part.id, other, summary, act)
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
            further = Case.file_further_denunciation(first, petition, superior, act, self.calendar)
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

    # ----- reception days -----------------------------------------------------------------

    def reception_days(self) -> None:
        """The heads' periodic reception days: one a month at each People's Committee."""
        month = date(self.start.year, self.start.month, 15)
        while month <= self.end:
            for agency in self.active(month):
                if agency.kind == "peoples_committee":
                    self._reception_day(agency, month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 15)
            if len(self.pending) >= 200:  # noqa: PLR2004
                self.flush()
        self.flush()

    def _reception_day(self, agency: AgencyRef, on: date) -> None:
        rng = self.rng
        dialogue = self._chance_of("dialogue")
        kind = MeetingKind.DIALOGUE if dialogue else MeetingKind.HEAD_PERIODIC
        host = self._host(agency, on)
        act = self._act(on, agency=agency)
        group = self._dialogue_group() if dialogue else ""
        meeting = ReceptionMeeting.hold(host, agency.id, agency.path, kind, act, group)
        for _ in range(rng.randrange(1, 6)):
            persons = rng.choice((1, 1, 1, 2, 3, 6, 12, 25))
            representatives = min(persons, 5) if persons >= 5 else 0  # noqa: PLR2004
            matter = rng.choice((Matter.NEW, Matter.NEW, Matter.REPEATED))
            field = rng.choice(list(province.FIELDS))
            visit = Visit(persons, matter, representatives, None, field)
            meeting.record_visit(visit, act, self.app.delegation_rules)
        self.steps["reception_day"] += 1
        if rng.random() < 0.15:  # noqa: PLR2004
            grounds = rng.choice(list(RefusalGrounds))
            refusal = self._act(on, "Thông báo bằng văn bản lý do từ chối tiếp", agency)
            meeting.refuse(rng.randrange(1, 3), grounds, refusal)
            self.steps["refusal"] += 1
        self.pending.append(meeting)

    # ----- helpers ------------------------------------------------------------------------

    def _acting_superior(self, agency: AgencyRef, on: date) -> AgencyRef | None:
        if len(agency.path) < 2:  # noqa: PLR2004
            return None
        parent = self._tree().by_id(agency.path[-2])
        return parent if parent in self.active(on) else None

    def _method(self) -> str:
        return self.rng.choice(METHODS)

    def _chance_of(self, what: str) -> bool:
        return self.rng.random() < SHARES[what]

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

    def _staff(self) -> Staff:
        if self.staff is None:
            raise RuntimeError("register the agencies first")
        return self.staff
