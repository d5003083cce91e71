"""Tamper evidence over every store: the raw log, signed checkpoints, proofs, checks, exports.

The integrity log itself is a projection (`projections.integrity`); this package reads
the events tables directly (`rawlog`), signs and files checkpoints (`checkpoints`),
builds proofs from the log (`proofs`), compares everything (`check`), and exports
audited histories (`export`). The commands live in `ops.*_cli` modules.
"""
