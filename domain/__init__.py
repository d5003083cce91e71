"""The petition and case domain: pure Python on `eventsourcing.domain`, no I/O."""
