"""The synthetic province's agency tree, and its history: a merger in 2024, the reform in 2025.

The province's People's Committee heads a department (Sở) and an inspectorate at
its own level, and three districts of two communes each. District 2 is merged into
district 1 on 1 July 2024. On 1 July 2025 (two-tier local government) three new
communes are formed, one from each district's old communes (which merge into it),
and the districts are dissolved: district 0 into new commune 0 and, for the
environment, the department; district 1 into new communes 1 and 2 (by area: the
old communes of district 2 go to new commune 2) and the department. Open cases of
the closed agencies pass to their successors on that day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.act import Act
from domain.agency import Agency
from domain.agency_kinds import AgencyKind
from domain.case import AgencyRef
from domain.succession import SuccessionClause, SuccessionPlan, SuccessionRule

FOUNDED = date(2021, 12, 1)
MERGE_ON = date(2024, 7, 1)
REFORM_ON = date(2025, 7, 1)
REFORM_BASIS = "Law 72/2025/QH15; Resolution 190/2025/QH15"
DEPARTMENT, INSPECTORATE = AgencyKind.DEPARTMENT, AgencyKind.INSPECTORATE


@dataclass
class Tree:
    """The agencies as refs, and who succeeded whom (for the generator's own bookkeeping)."""

    province: AgencyRef
    department: AgencyRef
    inspectorate: AgencyRef
    districts: list[AgencyRef]
    communes: list[AgencyRef]
    new_communes: list[AgencyRef]
    merged: AgencyRef
    successor: AgencyRef
    rules: dict[UUID, SuccessionRule] = field(default_factory=dict)
    closed_on: dict[UUID, date] = field(default_factory=dict)

    def everything(self) -> list[AgencyRef]:
        return [
            self.province,
            self.department,
            self.inspectorate,
            *self.districts,
            *self.communes,
            *self.new_communes,
        ]

    def by_id(self, agency_id: UUID) -> AgencyRef:
        return next(a for a in self.everything() if a.id == agency_id)

    def acting(self, on: date) -> list[AgencyRef]:
        """Agencies that take new work on `on`: registered, not closed, level in force."""
        return [
            a
            for a in self.everything()
            if (a not in self.new_communes or on >= REFORM_ON)
            and (a.id not in self.closed_on or on < self.closed_on[a.id])
        ]

    def successions(self) -> list[tuple[UUID, UUID]]:
        """Every (predecessor, successor) pair, as the read models roll up."""
        return [(a, s) for a, rule in self.rules.items() for s in rule.successor_ids]

    def successor_of(self, holder: AgencyRef, case_field: str, paths: list[list[UUID]]) -> UUID:
        """Where a case held by a closed agency goes, following the chain to an acting one."""
        agency = holder.id
        while agency in self.rules:
            agency = self.rules[agency].successor_for(case_field, paths)
        return agency


class _Registry:
    """Registers agencies as aggregates (into `pending`) and hands back their refs."""

    def __init__(self, pending: list[Aggregate]) -> None:
        self.pending = pending
        self.aggregates: dict[UUID, Agency] = {}

    def register(
        self,
        name: str,
        level: str,
        parent: AgencyRef | None,
        kind: AgencyKind = AgencyKind.PEOPLES_COMMITTEE,
        on: date = FOUNDED,
    ) -> AgencyRef:
        upper = self.aggregates[parent.id] if parent else None
        agency = Agency.register(name, name[:8], level, upper, _act(on, "establishment"), kind)
        self.aggregates[agency.id] = agency
        self.pending.append(agency)
        return AgencyRef(agency.id, [*(parent.path if parent else []), agency.id], level, kind)

    def __getitem__(self, ref: AgencyRef) -> Agency:
        return self.aggregates[ref.id]


def build_tree(pending: list[Aggregate]) -> Tree:
    """Register the agencies and their later history; the aggregates go into `pending`."""
    r = _Registry(pending)
    province = r.register("Province People's Committee", "province", None)
    department = r.register("Department of Natural Resources", "province", province, DEPARTMENT)
    inspectorate = r.register("Provincial Inspectorate", "province", province, INSPECTORATE)
    districts, communes = [], []
    for d in range(3):
        district = r.register(f"District {d}", "district", province)
        districts.append(district)
        communes += [r.register(f"Commune {d}.{c}", "commune", district) for c in range(2)]
    tree = Tree(
        province, department, inspectorate, districts, communes, [], districts[2], districts[1]
    )
    r[tree.merged].merge_into(r[tree.successor], _act(MERGE_ON, "provincial merger resolution"))
    tree.rules[tree.merged.id] = SuccessionRule(
        f"merger/{MERGE_ON.isoformat()}", MERGE_ON, tree.successor.id
    )
    tree.closed_on[tree.merged.id] = MERGE_ON
    _reform(tree, r)
    return tree


def _reform(tree: Tree, r: _Registry) -> None:
    new = [r.register(f"New commune {n}", "commune", tree.province, on=REFORM_ON) for n in range(3)]
    tree.new_communes = new
    act = _act(REFORM_ON, "two-tier local government: districts abolished, communes reorganised")
    for index, old in enumerate(tree.communes):
        target = new[index // 2]  # the two old communes of district d form new commune d
        r[old].merge_into(r[target], act)
        tree.rules[old.id] = SuccessionRule(f"merger/{REFORM_ON.isoformat()}", REFORM_ON, target.id)
        tree.closed_on[old.id] = REFORM_ON
    environment = SuccessionClause(tree.department.id, fields=("environment",))
    old_of_district_2 = tuple(c.id for c in tree.communes[4:])
    plans = {
        tree.districts[0].id: SuccessionRule(
            "district-0/2025-07-01/v1", REFORM_ON, new[0].id, (environment,)
        ),
        tree.districts[1].id: SuccessionRule(
            "district-1/2025-07-01/v1",
            REFORM_ON,
            new[1].id,
            (environment, SuccessionClause(new[2].id, areas=old_of_district_2)),
        ),
    }
    for district_id, rule in plans.items():
        successors = [r.aggregates[s] for s in rule.successor_ids]
        plan = SuccessionPlan(rule.version, rule.default_successor_id, rule.clauses)
        r.aggregates[district_id].dissolve(successors, plan, act)
        tree.rules[district_id] = rule
        tree.closed_on[district_id] = REFORM_ON


def _act(on: date, reason: str = "") -> Act:
    return Act("generator", UUID(int=0), on, reason, REFORM_BASIS if on >= REFORM_ON else "")
