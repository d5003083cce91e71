"""Read models of the petitions service, built on the `eventsourcing` 9.5 projection machinery.

Packages, one per read model (each: `persistence.py` rows and queries, `sqlite.py`,
`postgres.py`, `projection.py`): `statistics`, `escalations`, `deadlines`,
`reception`, `case_index`, `agencies` on the petitions log; `users` on the accounts
log (its positions are accounts positions, waited on apart). Shared machinery:

- `rows`: tables of frozen row dataclasses (the views' contract);
- `store`: `RowStore`, mixed into the library's SQLite/PostgreSQL tracking
  recorders; every write is one transaction holding the batch's rows and a
  compare-and-set of the tracking position;
- `batching`: `BatchProjection`, a batch of events handled against a session of rows;
- `recorders`: the batching subscriptions and application recorders selected by
  `APPLICATION_RECORDER_TOPIC`;
- `pipeline`: the one projection path (live catch-up, rebuild, replay): the log read
  and decoded once for all views, one lane per view (row cache, bounded queue,
  handling overlapped with writing); `group.GroupRunner` feeds it live,
  `rebuilding.rebuild_all` from a position to a stop;
- `periods`: statistical (15 Dec-14 Dec) and calendar periods;
- `catalogue`: every read model by name.

The API opens them with `ops.wiring.open_views(settings)` and runs them with
`ops.runners.start_runners(settings)`.
"""
