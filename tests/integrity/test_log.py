"""The integrity log: its tree head and chains equal a recomputation from the raw rows."""

from __future__ import annotations

from ops.integrity.rawlog import RawLog
from ops.runners import start_runners
from ops.settings import Settings
from ops.wiring import open_view
from projections.catalogue import INTEGRITY_PROJECTIONS, STORES
from projections.integrity.merkle import (
    CHAIN_START,
    MemoryTree,
    chain_hash,
    consistency_path,
    inclusion_path,
    verify_consistency,
    verify_inclusion,
)
from tests.integrity.conftest import catch_up_integrity, fill


def test_every_store_has_an_integrity_log_equal_to_its_raw_rows(
    integrity_settings: Settings,
) -> None:
    fill(integrity_settings)
    catch_up_integrity(integrity_settings)
    for store in ("petitions", "accounts"):
        with RawLog(integrity_settings, store) as raw:
            events = list(raw.events())
        tree = MemoryTree([e.leaf() for e in events])
        view = open_view(integrity_settings, INTEGRITY_PROJECTIONS[store])
        try:
            head = view.head()
            # The head row alone gives the root, as recomputed from the raw rows.
            assert head.size == len(events) > 0
            assert head.root() == tree.root()
            assert head.last_id == events[-1].notification_id
            # The stored nodes prove inclusion and consistency.
            size = head.size
            for index in (0, size // 2, size - 1):
                path = inclusion_path(view.node, index, size)
                assert verify_inclusion(tree.node(0, index), index, size, path, head.root())
            proof = consistency_path(view.node, size // 3 or 1, size)
            assert verify_consistency(
                size // 3 or 1, size, tree.root(size // 3 or 1), head.root(), proof
            )
            # Each aggregate's chain links its events' leaves in version order.
            first = events[0].originator_id
            chain = CHAIN_START
            for event in (e for e in events if e.originator_id == first):
                chain = chain_hash(chain, event.leaf())
            stored = view.chain_of(first)
            assert stored is not None
            assert stored.chain == chain.hex()
        finally:
            view.close()


def test_the_runners_follow_every_store_including_the_audit_store(
    integrity_settings: Settings,
) -> None:
    fill(integrity_settings)
    with start_runners(integrity_settings, [p.name for p in INTEGRITY_PROJECTIONS.values()]):
        for store in STORES:
            view = open_view(integrity_settings, INTEGRITY_PROJECTIONS[store])
            try:
                with RawLog(integrity_settings, store) as raw:
                    last = max((e.notification_id for e in raw.events()), default=0)
                if last:
                    assert view.wait_for(last, timeout=30)
                    assert view.head().last_id == last
            finally:
                view.close()
