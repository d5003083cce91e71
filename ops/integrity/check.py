"""`verify-log`'s work: recompute every store's log from its events table and compare.

For each store it streams the raw rows (notification order) beside the integrity log's
leaves (tree order), joined on the notification id, and names every event that was
altered (same id and aggregate version, other bytes), deleted, inserted, or re-ordered
(moved to another notification id); it checks each aggregate's versions for gaps, and
every signed checkpoint's signature and root against the trees recomputed both from
the raw rows and from the integrity log's own leaves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ops.integrity import checkpoints
from ops.integrity.checkpoints import Checkpoint, CheckpointFormatError, NoKeyError
from ops.integrity.findings import Finding, Report, StoreReport
from ops.integrity.logcheck import LogChains
from ops.integrity.rawlog import RawEvent, RawLog, prefetched
from ops.integrity.snapshots import snapshot_problems
from ops.settings import Settings
from projections.catalogue import STORES
from projections.integrity.merkle import append, root_of
from projections.integrity.persistence import IntegrityView, LeafRow

PAGE = 10_000
Key = tuple[UUID, int]


def verify_log(settings: Settings, stores: tuple[str, ...] = STORES) -> Report:
    """Check every store's events table against its integrity log and signed checkpoints."""
    directory = settings.integrity_checkpoints
    report = Report([])
    key: Ed25519PublicKey | None
    missing = ""
    try:
        key = checkpoints.load_public_key(settings.integrity_public_key)
    except NoKeyError as error:
        key, missing = None, str(error)
        report.notes.append(f"{error}: checkpoint signatures are not checked")
    for store in stores:
        unreadable: Finding | None = None
        try:
            filed = checkpoints.read_all(directory, store)
        except CheckpointFormatError as error:
            filed = []
            unreadable = Finding("checkpoint", store, str(error))
        checked = check_store(settings, store, filed, key)
        if key is None and filed:  # unverifiable: anyone could have written them
            checked.findings.insert(
                0,
                Finding(
                    "checkpoint", store, f"{len(filed)} checkpoints cannot be checked: {missing}"
                ),
            )
        if unreadable is not None:
            checked.findings.insert(0, unreadable)
        report.stores.append(checked)
    return report


def check_store(
    settings: Settings, store: str, filed: list[Checkpoint], key: Ed25519PublicKey | None
) -> StoreReport:
    report = StoreReport(store, checkpoints=len(filed))
    signed = _signed(report, filed, key)
    view = checkpoints.open_integrity_view(settings, store)
    try:
        with RawLog(settings, store) as raw:
            _compare(report, raw, view, signed)
            for aggregate_id, version, differs in snapshot_problems(raw):
                report.findings.append(
                    Finding("snapshot", store, differs, None, aggregate_id, version)
                )
    finally:
        view.close()
    return report


def _signed(
    report: StoreReport, filed: list[Checkpoint], key: Ed25519PublicKey | None
) -> dict[int, list[Checkpoint]]:
    by_size: dict[int, list[Checkpoint]] = {}
    for checkpoint in filed:
        if key is not None and not checkpoint.verify(key):
            report.findings.append(
                Finding(
                    "checkpoint",
                    report.store,
                    f"the checkpoint of size {checkpoint.tree_size} at {checkpoint.timestamp} "
                    "does not verify with the public key",
                )
            )
            continue
        by_size.setdefault(checkpoint.tree_size, []).append(checkpoint)
    return by_size


def _stored_leaves(view: IntegrityView) -> Iterator[LeafRow]:
    for page in prefetched(_leaf_pages(view)):
        yield from page


def _leaf_pages(view: IntegrityView) -> Iterator[list[LeafRow]]:
    start = 0
    while True:
        page = view.leaves(start, PAGE)
        yield page
        if len(page) < PAGE:
            return
        start = page[-1].position + 1


class _Trees:
    """Frontiers of the tree recomputed from raw rows and of the log's own leaves."""

    def __init__(self, signed: dict[int, list[Checkpoint]], head_size: int) -> None:
        self.signed = signed
        self.head_size = head_size
        self.log_at_head: list[bytes] = []  # the log's frontier at the head row's size
        self.raw: list[bytes] = []
        self.raw_size = 0
        self.log: list[bytes] = []
        self.log_size = 0
        self.chains = LogChains()

    def add_raw(self, report: StoreReport, leaf: bytes) -> None:
        append(self.raw, self.raw_size, leaf)
        self.raw_size += 1
        for checkpoint in self.signed.get(self.raw_size, ()):
            if root_of(self.raw).hex() != checkpoint.root_hash:
                report.findings.append(
                    Finding(
                        "checkpoint",
                        report.store,
                        f"the first {self.raw_size} stored events no longer hash to the root "
                        f"signed at {checkpoint.timestamp}",
                    )
                )

    def add_log(self, report: StoreReport, row: LeafRow) -> None:
        self.chains.add(report, row)
        append(self.log, self.log_size, bytes.fromhex(row.leaf))
        self.log_size += 1
        if self.log_size == self.head_size:
            self.log_at_head = list(self.log)
            self.chains.last_at_head = row.notification_id
        for checkpoint in self.signed.get(self.log_size, ()):
            if root_of(self.log).hex() != checkpoint.root_hash:
                report.findings.append(
                    Finding(
                        "log",
                        report.store,
                        f"the integrity log's own first {self.log_size} leaves no longer hash "
                        f"to the root signed at {checkpoint.timestamp}",
                    )
                )


def _compare(
    report: StoreReport, raw: RawLog, view: IntegrityView, signed: dict[int, list[Checkpoint]]
) -> None:
    head = view.head()
    position = head.last_id if head.size else 0
    trees = _Trees(signed, head.size)
    stray_raw: dict[Key, RawEvent] = {}
    stray_log: dict[Key, LeafRow] = {}
    versions: dict[int, int] = {}  # aggregate -> last version seen
    leaves = _stored_leaves(view)
    stored = next(leaves, None)
    for event in raw.events():
        report.events += 1
        leaf = event.leaf()
        trees.add_raw(report, leaf)
        _check_version(report, versions, event)
        while stored is not None and stored.notification_id < event.notification_id:
            stray_log[stored.originator_id, stored.originator_version] = stored
            trees.add_log(report, stored)
            stored = next(leaves, None)
        if stored is not None and stored.notification_id == event.notification_id:
            trees.add_log(report, stored)
            report.covered += 1
            if (stored.originator_id, stored.originator_version) == _key(event):
                if stored.leaf != leaf.hex():
                    report.findings.append(_altered(report.store, stored, event))
            else:
                stray_log[stored.originator_id, stored.originator_version] = stored
                stray_raw[_key(event)] = event
            stored = next(leaves, None)
        elif event.notification_id <= position:
            stray_raw[_key(event)] = event
        else:
            report.uncovered += 1
    while stored is not None:
        stray_log[stored.originator_id, stored.originator_version] = stored
        trees.add_log(report, stored)
        stored = next(leaves, None)
    _strays(report, stray_raw, stray_log)
    _beyond(report, trees, signed, head.size)
    trees.chains.check_heads(report, view, trees.log_size)
    trees.chains.check_head(report, head, trees.log_at_head)


def _key(event: RawEvent) -> Key:
    return event.originator_id, event.originator_version


def _check_version(report: StoreReport, versions: dict[int, int], event: RawEvent) -> None:
    last = versions.get(event.originator_id.int, 0)
    if event.originator_version != last + 1:
        detail = (
            f"version {event.originator_version} follows version {last} of the aggregate"
            if event.originator_version > last
            else f"version {event.originator_version} comes after version {last}"
        )
        report.findings.append(
            Finding(
                "gap" if event.originator_version > last else "reordered",
                report.store,
                detail,
                event.notification_id,
                event.originator_id,
                event.originator_version,
            )
        )
    versions[event.originator_id.int] = max(last, event.originator_version)


def _altered(store: str, stored: LeafRow, event: RawEvent) -> Finding:
    differs = []
    if stored.topic != event.topic:
        differs.append(f"topic {stored.topic!r} is now {event.topic!r}")
    state_hash = hashlib.sha256(event.state).hexdigest()
    if stored.state_hash != state_hash:
        differs.append(
            f"the stored state of this {event.topic.rpartition(':')[2]} changed "
            f"(SHA-256 {stored.state_hash[:16]}… is now {state_hash[:16]}…)"
        )
    if not differs:
        differs.append("its leaf hash differs from the one logged")
    return Finding(
        "altered",
        store,
        "; ".join(differs),
        event.notification_id,
        event.originator_id,
        event.originator_version,
    )


def _strays(report: StoreReport, raw: dict[Key, RawEvent], log: dict[Key, LeafRow]) -> None:
    for key in sorted(raw.keys() & log.keys(), key=lambda k: raw[k].notification_id):
        event, stored = raw[key], log[key]
        detail = f"logged at notification {stored.notification_id}, now at {event.notification_id}"
        if stored.leaf != event.leaf().hex():
            detail += ", and its bytes changed"
        report.findings.append(
            Finding("reordered", report.store, detail, event.notification_id, *key)
        )
    for key in sorted(log.keys() - raw.keys(), key=lambda k: log[k].notification_id):
        stored = log[key]
        report.findings.append(
            Finding(
                "deleted",
                report.store,
                f"logged ({stored.topic}) but no longer stored",
                stored.notification_id,
                *key,
            )
        )
    for key in sorted(raw.keys() - log.keys(), key=lambda k: raw[k].notification_id):
        event = raw[key]
        report.findings.append(
            Finding(
                "inserted",
                report.store,
                f"stored ({event.topic}) inside the logged range but never logged",
                event.notification_id,
                *key,
            )
        )


def _beyond(
    report: StoreReport, trees: _Trees, signed: dict[int, list[Checkpoint]], size: int
) -> None:
    for checkpoint_size in sorted(signed):
        if checkpoint_size > trees.raw_size:
            report.findings.append(
                Finding(
                    "checkpoint",
                    report.store,
                    f"a checkpoint signs {checkpoint_size} events; {trees.raw_size} are stored",
                )
            )
        if checkpoint_size > size:
            report.findings.append(
                Finding(
                    "log",
                    report.store,
                    f"a checkpoint signs {checkpoint_size} events; the integrity log holds {size}",
                )
            )
