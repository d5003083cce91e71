"""RFC 9162 hashing: the frontier, proofs and verifiers against the RFC's recursive definitions."""

from __future__ import annotations

from projections.integrity.merkle import (
    EMPTY_ROOT,
    MemoryTree,
    consistency_path,
    inclusion_path,
    leaf_hash,
    node_hash,
    root_of,
    verify_consistency,
    verify_inclusion,
)

SIZE = 40


def mth(leaves: list[bytes]) -> bytes:
    """MTH(D[n]) exactly as RFC 9162 §2.1.1 defines it."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


LEAVES = [leaf_hash(n.to_bytes(2, "big")) for n in range(SIZE + 1)]
TREE = MemoryTree(LEAVES[:SIZE])


def test_the_frontier_gives_the_rfc_tree_head_at_every_size() -> None:
    for n in range(SIZE + 1):
        assert root_of(MemoryTree(LEAVES[:n]).frontier) == mth(LEAVES[:n]) == TREE.root(n)


def test_inclusion_proofs_verify_and_fail_for_another_leaf() -> None:
    for n in range(1, SIZE + 1):
        root = mth(LEAVES[:n])
        for m in range(n):
            path = inclusion_path(TREE.node, m, n)
            assert verify_inclusion(LEAVES[m], m, n, path, root)
            assert not verify_inclusion(LEAVES[SIZE], m, n, path, root)
            assert not verify_inclusion(LEAVES[m], m, n, path, mth(LEAVES[1 : n + 1]))


def test_consistency_proofs_verify_and_fail_for_a_rewritten_history() -> None:
    for n in range(1, SIZE + 1):
        for m in range(1, n + 1):
            path = consistency_path(TREE.node, m, n)
            assert verify_consistency(m, n, mth(LEAVES[:m]), mth(LEAVES[:n]), path)
            if m < n:
                rewritten = mth([LEAVES[SIZE], *LEAVES[1:n]])
                assert not verify_consistency(m, n, mth(LEAVES[:m]), rewritten, path)
