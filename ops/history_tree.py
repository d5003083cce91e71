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

from bisect import bisect_right
from collections.abc import Mapping
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


@dataclass(frozen=True)
class TreeNames:
    """What the agencies are called: `labels` maps a key to a (name, code) pair.

    Keys: `province`, `department`, `inspectorate`, `district.D`, `commune.D.C`,
    `new_commune.N`, and those in `more_departments` (departments beside the first,
    none by default). Unlabelled keys get the English names the tests use.
    `environment` is the field whose open cases the department takes over in the reform;
    `reasons` writes the acts' reasons (English by default) in another language.
    """

    labels: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    environment: str = "environment"
    more_departments: tuple[str, ...] = ()
    reasons: Mapping[str, str] = field(default_factory=dict)  # English reason -> as written

    def of(self, key: str, english: str) -> tuple[str, str]:
        return self.labels.get(key, (english, english[:8]))

    def reason(self, english: str) -> str:
        return self.reasons.get(english, english)


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
    more_departments: list[AgencyRef] = field(default_factory=list)
    _acting: dict[tuple[object, ...], list[AgencyRef]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def everything(self) -> list[AgencyRef]:
        return [
            self.province,
            self.department,
            self.inspectorate,
            *self.districts,
            *self.communes,
            *self.new_communes,
            *self.more_departments,
        ]

    def by_id(self, agency_id: UUID) -> AgencyRef:
        return next(a for a in self.everything() if a.id == agency_id)

    def acting(self, on: date) -> list[AgencyRef]:
        """Agencies that take new work on `on`: registered, not closed, level in force.

        The answer changes only at the reform and at closing dates: it is kept for
        each span between them (and recomputed when the tree has grown).
        """
        marks = sorted({REFORM_ON, *self.closed_on.values()})
        key = (bisect_right(marks, on), *marks, len(self.closed_on), *self._sizes())
        found = self._acting.get(key)
        if found is None:
            found = self._acting[key] = [
                a
                for a in self.everything()
                if (a not in self.new_communes or on >= REFORM_ON)
                and (a.id not in self.closed_on or on < self.closed_on[a.id])
            ]
        return list(found)

    def _sizes(self) -> tuple[int, ...]:
        parts = (self.districts, self.communes, self.new_communes, self.more_departments)
        return tuple(len(part) for part in parts)

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

    def __init__(self, pending: list[Aggregate], names: TreeNames, actor: str) -> None:
        self.pending = pending
        self.names = names
        self.actor = actor
        self.aggregates: dict[UUID, Agency] = {}

    def register(
        self,
        label: tuple[str, str],
        level: str,
        parent: AgencyRef | None,
        kind: AgencyKind = AgencyKind.PEOPLES_COMMITTEE,
        on: date = FOUNDED,
    ) -> AgencyRef:
        upper = self.aggregates[parent.id] if parent else None
        name, code = label
        act = self.act(on, "establishment")
        agency = Agency.register(name, code, level, upper, act, kind)
        self.aggregates[agency.id] = agency
        self.pending.append(agency)
        return AgencyRef(agency.id, [*(parent.path if parent else []), agency.id], level, kind)

    def act(self, on: date, reason: str) -> Act:
        basis = REFORM_BASIS if on >= REFORM_ON else ""
        return Act(self.actor, UUID(int=0), on, self.names.reason(reason), basis)

    def __getitem__(self, ref: AgencyRef) -> Agency:
        return self.aggregates[ref.id]


def build_tree(
    pending: list[Aggregate], names: TreeNames | None = None, actor: str = "generator"
) -> Tree:
    """Register the agencies and their later history; the aggregates go into `pending`.

    `names` names them (English by default); `actor` is who registers, merges and
    dissolves them.
    """
    n = names or TreeNames()
    r = _Registry(pending, n, actor)
    province = r.register(n.of("province", "Province People's Committee"), "province", None)
    department = r.register(
        n.of("department", "Department of Natural Resources"), "province", province, DEPARTMENT
    )
    inspectorate = r.register(
        n.of("inspectorate", "Provincial Inspectorate"), "province", province, INSPECTORATE
    )
    districts, communes = [], []
    for d in range(3):
        district = r.register(n.of(f"district.{d}", f"District {d}"), "district", province)
        districts.append(district)
        communes += [
            r.register(n.of(f"commune.{d}.{c}", f"Commune {d}.{c}"), "commune", district)
            for c in range(2)
        ]
    tree = Tree(
        province, department, inspectorate, districts, communes, [], districts[2], districts[1]
    )
    tree.more_departments = [
        r.register(n.of(key, key), "province", province, DEPARTMENT) for key in n.more_departments
    ]
    merger = r.act(MERGE_ON, "provincial merger resolution")
    r[tree.merged].merge_into(r[tree.successor], merger)
    tree.rules[tree.merged.id] = SuccessionRule(
        f"merger/{MERGE_ON.isoformat()}", MERGE_ON, tree.successor.id
    )
    tree.closed_on[tree.merged.id] = MERGE_ON
    _reform(tree, r)
    return tree


def _reform(tree: Tree, r: _Registry) -> None:
    new = [
        r.register(
            r.names.of(f"new_commune.{n}", f"New commune {n}"),
            "commune",
            tree.province,
            on=REFORM_ON,
        )
        for n in range(3)
    ]
    tree.new_communes = new
    act = r.act(REFORM_ON, "two-tier local government: districts abolished, communes reorganised")
    for index, old in enumerate(tree.communes):
        target = new[index // 2]  # the two old communes of district d form new commune d
        r[old].merge_into(r[target], act)
        tree.rules[old.id] = SuccessionRule(f"merger/{REFORM_ON.isoformat()}", REFORM_ON, target.id)
        tree.closed_on[old.id] = REFORM_ON
    environment = SuccessionClause(tree.department.id, fields=(r.names.environment,))
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
