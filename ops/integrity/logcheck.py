"""The integrity log checked against itself: each aggregate's chain, the chain heads, the head row.

The leaves are compared with the stored events elsewhere (`ops.integrity.check`); here
every chain link is recomputed from the log's own leaves (a link is `SHA-256(previous
link || leaf)`), each aggregate's chain head must be its last logged event's, and the
head row (which the next checkpoint signs) must be the tree of the leaves.
"""

from __future__ import annotations

from uuid import UUID

from ops.integrity.findings import Finding, StoreReport
from projections.integrity.merkle import CHAIN_START, chain_hash, root_of
from projections.integrity.persistence import CHAINS, HeadRow, IntegrityView, LeafRow


class LogChains:
    """Each aggregate's chain, recomputed from the log's leaves in tree order."""

    def __init__(self) -> None:
        self.heads: dict[UUID, tuple[int, bytes, int]] = {}  # aggregate -> version, chain, position
        self.last_at_head = 0  # the notification id of the leaf at the head row's size

    def add(self, report: StoreReport, row: LeafRow) -> None:
        previous = self.heads.get(row.originator_id)
        chain = chain_hash(previous[1] if previous else CHAIN_START, bytes.fromhex(row.leaf))
        if chain.hex() != row.chain:
            report.findings.append(
                Finding(
                    "log",
                    report.store,
                    "the chain link logged for this event is not SHA-256(previous link || leaf)",
                    row.notification_id,
                    row.originator_id,
                    row.originator_version,
                )
            )
        self.heads[row.originator_id] = (row.originator_version, chain, row.position)

    def check_heads(self, report: StoreReport, view: IntegrityView, size: int) -> None:
        """Every aggregate's chain head row against its chain recomputed from `size` leaves.

        A head at a position past them was logged since they were read (the log grows
        while it is checked), unless the log's head row, read now, does not reach it.
        """
        expected = dict(self.heads)
        now = view.head().size
        for row in view.select_rows(CHAINS):
            head = expected.pop(row.originator_id, None)
            if size <= row.position < now:
                continue
            if head is None or (row.version, row.chain, row.position) != (
                head[0],
                head[1].hex(),
                head[2],
            ):
                report.findings.append(
                    Finding(
                        "log",
                        report.store,
                        "its chain head in the integrity log is not the chain of its logged events",
                        None,
                        row.originator_id,
                        row.version,
                    )
                )
        for aggregate, (version, _, _) in expected.items():
            report.findings.append(
                Finding(
                    "log",
                    report.store,
                    "no chain head in the integrity log",
                    None,
                    aggregate,
                    version,
                )
            )

    def check_head(self, report: StoreReport, head: HeadRow, frontier: list[bytes]) -> None:
        """The head row, read before the leaves, against the tree of its first `size` leaves."""
        if (head.root(), head.last_id if head.size else 0) != (
            root_of(frontier),
            self.last_at_head,
        ):
            report.findings.append(
                Finding(
                    "log",
                    report.store,
                    f"the head row (size {head.size}, last notification {head.last_id}) is not "
                    f"the tree of the log's first {head.size} leaves, whose root the next "
                    "checkpoint signs",
                )
            )
