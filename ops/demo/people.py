"""The demo province's users: who works where, in which role and post, and since when.

Every role is here: officers in the province, its departments, inspectorate, districts
and communes; leaders; an inspection board; an auditor; an administrator. District
and old commune staff move to the new communes on 1 July 2025, and their grant history
says so. A user's id is derived from the username (`User.create_id`), so the
generator can attribute acts to people before they are registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.users import Role, User
from ops.demo.province import CONSTRUCTION_DEPARTMENT
from ops.history_tree import MERGE_ON, REFORM_ON, Tree

EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class Posting:
    """An agency (by key, see `ops.demo.province`), a post there, and from when."""

    agency: str | None
    post: str
    since: date = EARLIEST


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role
    postings: tuple[Posting, ...]

    @property
    def id(self) -> UUID:
        return User.create_id(self.username)

    @property
    def current(self) -> Posting:
        return self.postings[-1]

    def posting_on(self, on: date) -> Posting | None:
        held = [p for p in self.postings if p.since <= on]
        return held[-1] if held else None


def _one(username: str, name: str, role: Role, agency: str | None, post: str) -> DemoUser:
    return DemoUser(username, name, role, (Posting(agency, post),))


def roster() -> list[DemoUser]:
    """Every demo user, in the order they are registered."""
    users = [
        _one("quan.tri", "Đặng Quốc Bảo", Role.ADMINISTRATOR, None, "Quản trị hệ thống"),
        _one("kiem.toan", "Vũ Thanh Hương", Role.AUDITOR, None, "Kiểm toán viên nhà nước"),
        _one("chu.tich.tinh", "Nguyễn Văn Hùng", Role.LEADER, "province", "Chủ tịch UBND tỉnh"),
        _one(
            "pho.chu.tich.tinh", "Trần Thị Mai", Role.LEADER, "province", "Phó Chủ tịch UBND tỉnh"
        ),
        _one(
            "tcd.tinh.1", "Lê Minh Tuấn", Role.OFFICER, "province", "Chuyên viên Ban Tiếp công dân"
        ),
        _one(
            "tcd.tinh.2",
            "Phạm Thu Trang",
            Role.OFFICER,
            "province",
            "Chuyên viên Ban Tiếp công dân",
        ),
        _one(
            "chanh.thanh.tra",
            "Hoàng Văn Nam",
            Role.INSPECTION_BOARD,
            "inspectorate",
            "Chánh Thanh tra tỉnh",
        ),
        _one("thanh.tra.tinh", "Bùi Thị Lan", Role.OFFICER, "inspectorate", "Thanh tra viên chính"),
        _one(
            "giam.doc.tnmt",
            "Đỗ Văn Thắng",
            Role.LEADER,
            "department",
            "Giám đốc Sở Tài nguyên và Môi trường",
        ),
        _one("cv.tnmt", "Ngô Thị Hạnh", Role.OFFICER, "department", "Chuyên viên Sở TN&MT"),
        _one("cv.xay.dung", "Trịnh Văn Long", Role.OFFICER, CONSTRUCTION_DEPARTMENT, "Chuyên viên"),
    ]
    users += _districts()
    users += _communes()
    return users


DISTRICT_STAFF = (
    ("Phan Văn Đức", "Lý Thị Hoa", "Mai Quốc Khánh"),
    ("Tạ Văn Sơn", "Đinh Thị Ngọc", "Lương Văn Tài"),
    ("Hà Văn Quân", "Cao Thị Yến", "Kiều Văn Phúc"),
)
COMMUNE_STAFF = (
    ("Trương Thị Thảo", "Lâm Văn Hậu"),
    ("Chu Văn Bắc", "Dương Thị Nhung"),
    ("Triệu Văn Tiến", "Âu Thị Loan"),
)
NEW_COMMUNE_STAFF = ("Tô Văn Hòa", "Quách Thị Vân", "Mạc Văn Lực")


def _districts() -> list[DemoUser]:
    users = []
    for d, (head, first, second) in enumerate(DISTRICT_STAFF):
        district, new = f"district.{d}", f"new_commune.{d}"
        merged = d == 2  # noqa: PLR2004  # district 2 was merged into district 1 in 2024
        moves: tuple[Posting, ...] = (Posting("district.1", "", MERGE_ON),) if merged else ()
        for username, name, role, post, later in (
            (f"chu.tich.huyen.{d}", head, Role.LEADER, "Chủ tịch UBND huyện", "Chủ tịch UBND xã"),
            (f"cv.huyen.{d}.1", first, Role.OFFICER, "Chuyên viên Phòng Tài nguyên", "Chuyên viên"),
            (f"cv.huyen.{d}.2", second, Role.OFFICER, "Thanh tra viên huyện", "Chuyên viên"),
        ):
            postings = (
                Posting(district, post),
                *(Posting(m.agency, post, m.since) for m in moves),
                Posting(new, later, REFORM_ON),
            )
            users.append(DemoUser(username, name, role, postings))
    return users


def _communes() -> list[DemoUser]:
    users = []
    for d, staff in enumerate(COMMUNE_STAFF):
        for c, name in enumerate(staff):
            old, new = f"commune.{d}.{c}", f"new_commune.{d}"
            postings = (
                Posting(old, "Công chức Địa chính - Xây dựng"),
                Posting(new, "Công chức Địa chính - Xây dựng", REFORM_ON),
            )
            users.append(DemoUser(f"cong.chuc.xa.{d}.{c}", name, Role.OFFICER, postings))
    for n, name in enumerate(NEW_COMMUNE_STAFF):
        posting = Posting(f"new_commune.{n}", "Chuyên viên Văn phòng HĐND và UBND xã", REFORM_ON)
        users.append(DemoUser(f"cv.xa.{n}", name, Role.OFFICER, (posting,)))
    return users


class Staff:
    """Who works for which agency on a date, by the agencies' ids in a generated tree."""

    def __init__(self, users: list[DemoUser], agency_ids: dict[str, UUID]) -> None:
        self.users = users
        self.agency_ids = agency_ids

    def of(self, agency_id: UUID, on: date, role: Role = Role.OFFICER) -> list[DemoUser]:
        """The users holding `role` at the agency on `on`."""
        return [
            user
            for user in self.users
            if user.role == role and self._agency_on(user, on) == agency_id
        ]

    def _agency_on(self, user: DemoUser, on: date) -> UUID | None:
        posting = user.posting_on(on)
        return self.agency_of(posting) if posting else None

    def agency_of(self, posting: Posting) -> UUID | None:
        return self.agency_ids[posting.agency] if posting.agency else None


def agency_ids(tree: Tree) -> dict[str, UUID]:
    """The agency keys of `ops.demo.province` mapped to the ids of a generated tree."""
    ids = {
        "province": tree.province.id,
        "department": tree.department.id,
        "inspectorate": tree.inspectorate.id,
        CONSTRUCTION_DEPARTMENT: tree.more_departments[0].id,
    }
    for d, district in enumerate(tree.districts):
        ids[f"district.{d}"] = district.id
    for index, commune in enumerate(tree.communes):
        ids[f"commune.{index // 2}.{index % 2}"] = commune.id
    for n, commune in enumerate(tree.new_communes):
        ids[f"new_commune.{n}"] = commune.id
    return ids
