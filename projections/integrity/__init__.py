"""The integrity log: a Merkle tree (RFC 9162) and per-aggregate hash chains over a store.

One projection per store (`integrity_petitions`, `integrity_accounts`, `integrity_audit`),
following the store's notifications undecoded; see docs/integrity.md.
"""
