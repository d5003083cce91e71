"""The demo province's history told with names and people (`Narrated`).

`Narrated` refines `ops.history.Generator` through its hooks: real reference codes
(with their index, so the public page finds them) and petitioners' identities; acts by
the officers posted at the acting agency on the day (`ops.demo.people`); Vietnamese
summaries, fields and reasons; and the heads' monthly reception days with visits,
delegations, refusals and dialogues. `ops.demo.steps.DemoGenerator` adds the further
steps of the law.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from uuid import UUID

from domain.act import Act
from domain.application import Petitions
from domain.case import AgencyRef, Case, Petition
from domain.identity import Identity
from domain.kinds import (
    Channel,
)
from domain.reception import MeetingKind, ReceptionMeeting
from domain.reception_register import Matter, RefusalGrounds, Visit
from domain.reference import ReferenceIndex, new_reference_code
from domain.sealing import SummarySeal
from domain.users import Role
from ops.demo import province
from ops.demo.people import DemoUser, Staff, agency_ids
from ops.history import Generator, History, Record, representatives_chosen
from ops.history_tree import REFORM_BASIS, REFORM_ON, build_tree

MERGER_BASIS = "Nghị quyết 35/2023/UBTVQH15"  # arranging district and commune units, 2023-2030
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


class Narrated(Generator):
    """The test generator's history, told with the demo province's people and words."""

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
        self._identity_keys: dict[UUID, UUID] = {}  # each identity's data key, for summaries
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
        basis = REFORM_BASIS if closed >= REFORM_ON else MERGER_BASIS
        return Act(self._administrator(), ADMINISTRATION, closed, reason, basis)

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
            self.app.vault,
            name,
            f"Thôn {rng.randrange(1, 12)}",
            f"09{rng.randrange(10**7, 10**8)}",
            f"0{rng.randrange(10**10, 10**11)}",
        )
        self.pending.append(identity)
        if identity.key_id is not None:
            self._identity_keys[identity.id] = identity.key_id
        return identity

    def _summary_seal(self, identity_id: UUID | None) -> SummarySeal:
        """Sealed under the identity's data key (recorded here), or a new one if anonymous."""
        key_id = self._identity_keys.get(identity_id) if identity_id else None
        return SummarySeal(self.app.vault, key_id)

    def _received(self, case: Case, petition: Petition) -> None:
        self.pending.append(ReferenceIndex(petition.reference_code, case.id))
        self.codes.append((petition.reference_code, case.id))

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
            representatives = representatives_chosen(on, persons, self.app.delegation_rules)
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

    def _chance_of(self, what: str) -> bool:
        return self.rng.random() < SHARES[what]

    def _staff(self) -> Staff:
        if self.staff is None:
            raise RuntimeError("register the agencies first")
        return self.staff
