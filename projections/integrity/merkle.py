"""RFC 9162 Merkle tree hashing, frontiers, and inclusion and consistency proofs.

A leaf is `SHA-256(0x00 || canonical event bytes)` and a node `SHA-256(0x01 || left ||
right)`; the tree over `n` leaves splits at the largest power of two below `n`
(RFC 9162 §2.1.1). Proofs are built from a `NodeSource`, which answers the hash of any
perfect subtree (`level`, `index`), so a store keeping those nodes answers in O(log n)
reads; the verifiers (§2.1.3.2, §2.1.4.2) need nothing but the proof.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from uuid import UUID

EMPTY_ROOT = hashlib.sha256(b"").digest()
CHAIN_START = bytes(32)

NodeSource = Callable[[int, int], bytes]  # (level, index) -> hash of that perfect subtree


def event_bytes(originator_id: UUID, version: int, topic: str, state_hash: bytes) -> bytes:
    """The canonical bytes of one stored event: id, version, topic, SHA-256 of the stored state.

    The state enters by its hash, so a leaf can be checked from an export that carries
    the hash but not the (possibly personal) stored bytes.
    """
    text = topic.encode()
    return b"".join(
        (
            originator_id.bytes,
            version.to_bytes(8, "big"),
            len(text).to_bytes(4, "big"),
            text,
            state_hash,
        )
    )


def event_leaf(originator_id: UUID, version: int, topic: str, state: bytes) -> bytes:
    """The leaf hash of one stored event."""
    return leaf_hash(event_bytes(originator_id, version, topic, hashlib.sha256(state).digest()))


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def chain_hash(previous: bytes, leaf: bytes) -> bytes:
    """The next link of an aggregate's chain: `SHA-256(previous || leaf)`."""
    return hashlib.sha256(previous + leaf).digest()


def append(frontier: list[bytes], size: int, leaf: bytes) -> list[tuple[int, int, bytes]]:
    """Add `leaf` (the `size`-th, 0-based) to `frontier`, in place.

    The frontier holds the roots of the perfect subtrees that make up the tree, largest
    first. Returns the perfect subtrees this leaf completes, as (level, index, hash).
    """
    made = []
    node, level, index = leaf, 0, size
    while index & 1:
        node = node_hash(frontier.pop(), node)
        level += 1
        index >>= 1
        made.append((level, index, node))
    frontier.append(node)
    return made


def root_of(frontier: Sequence[bytes]) -> bytes:
    """The tree head of a frontier: its subtrees folded from the right."""
    if not frontier:
        return EMPTY_ROOT
    node = frontier[-1]
    for left in reversed(frontier[:-1]):
        node = node_hash(left, node)
    return node


def _split(n: int) -> int:
    """The largest power of two smaller than `n` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtree(source: NodeSource, lo: int, hi: int) -> bytes:
    """MTH(D[lo:hi]) for a range whose start is aligned, as every range RFC 9162 splits is."""
    size = hi - lo
    if size & (size - 1) == 0:
        level = size.bit_length() - 1
        return source(level, lo >> level)
    k = _split(size)
    return node_hash(subtree(source, lo, lo + k), subtree(source, lo + k, hi))


def inclusion_path(source: NodeSource, index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), leaf side first."""
    path: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append(subtree(source, lo + k, hi))
            hi = lo + k
        else:
            path.append(subtree(source, lo, lo + k))
            lo += k
    path.reverse()
    return path


def consistency_path(source: NodeSource, first: int, second: int) -> list[bytes]:
    """PROOF(first, D[0:second]) (RFC 9162 §2.1.4.1)."""
    if not 0 < first <= second:
        raise ValueError(f"no consistency proof from {first} to {second}")
    proof: list[bytes] = []
    lo, hi, m, whole = 0, second, first, True
    while True:
        if m == hi - lo:
            if not whole:
                proof.append(subtree(source, lo, hi))
            break
        k = _split(hi - lo)
        if m <= k:
            proof.append(subtree(source, lo + k, hi))
            hi = lo + k
        else:
            proof.append(subtree(source, lo, lo + k))
            lo += k
            m -= k
            whole = False
    proof.reverse()
    return proof


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, path: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2."""
    if not 0 < first <= second:
        return False
    if first == second:
        return not path and first_root == second_root
    proof = list(path)
    if first & (first - 1) == 0:
        proof.insert(0, first_root)
    if not proof:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


class MemoryTree:
    """A tree held in memory (for tests, exports and offline checks): leaves and their nodes."""

    def __init__(self, leaves: Sequence[bytes] = ()) -> None:
        self.levels: list[list[bytes]] = [[]]
        self.frontier: list[bytes] = []
        for leaf in leaves:
            self.add(leaf)

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def add(self, leaf: bytes) -> None:
        made = append(self.frontier, self.size, leaf)
        self.levels[0].append(leaf)
        for level, _, node in made:
            if len(self.levels) <= level:
                self.levels.append([])
            self.levels[level].append(node)

    def node(self, level: int, index: int) -> bytes:
        return self.levels[level][index]

    def root(self, size: int | None = None) -> bytes:
        size = self.size if size is None else size
        return EMPTY_ROOT if size == 0 else subtree(self.node, 0, size)
