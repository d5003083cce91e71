"""`bench.profile` counts a sampled profile's busy samples by part of the work."""

from __future__ import annotations

from bench.profile import BULK_PARTS, HTTP_PARTS, REBUILD_PARTS, busy_parts

COMMAND = "run;command (api/fastpath.py:45);Petitions.record_petition (domain/application.py:147)"
SAVE = "_run (ops/bulk.py:78);Application.save (eventsourcing/application.py:772)"
RAW = [
    "main (ops/serve.py:61);Runner.run (asyncio/runners.py:118) 500",  # the idle loop
    "run (threading.py:982);Condition.wait (threading.py:331) 900",  # an idle worker
    f"{COMMAND};Cursor.execute (psycopg/cursor.py:113) 40",  # the driver, in the command
    f"{COMMAND} 60",
    "run;command (api/fastpath.py:40);principal_of_token (api/deps.py:55) 10",
    "main;Router.__call__ (starlette/routing.py:683);match (fastapi/routing.py:1880) 7",
    "main;FastAPI.openapi (fastapi/applications.py:1131);get_openapi 300",  # once, at start
    "main;RequestResponseCycle.send (uvicorn/protocols/http/httptools_impl.py:524) 3",
    "main;something (elsewhere.py:1) 2",
    "run;BasePipeline._communicate_gen (psycopg/_pipeline_base.py:112) 4",  # cut short
    "main;_find_and_load (<frozen importlib._bootstrap>:1176);<module> (api/main.py:17) 90",
    "not a sample line",
]


def test_busy_samples_go_to_the_first_part_named_in_their_stack() -> None:
    shares = busy_parts(RAW, HTTP_PARTS)
    assert shares == {
        "the command (Petitions.record_petition)": 100,
        "the caller's session (its log watch: a query)": 10,
        "routing and middleware (FastAPI, Starlette)": 7,
        "uvicorn: reading and writing HTTP": 3,
        "the database driver (a stack cut short by sampling)": 4,
        "other": 2,
    }


def test_the_bulk_parts_split_saving_from_building() -> None:
    raw = [
        "generate (ops/history.py:86);_case;receive (domain/case.py:307) 30",
        "generate (ops/history.py:86);_route (ops/history.py:229) 5",
        f"{SAVE};Mapper.to_stored_event (eventsourcing/persistence.py:392) 12",
        f"{SAVE};Cursor.execute (psycopg/cursor.py:113) 20",
        f"{SAVE};EventStore.put (eventsourcing/persistence.py:750) 4",
    ]
    assert busy_parts(raw, BULK_PARTS) == {
        "building: the domain's commands and events": 30,
        "building: the generator's own choices": 5,
        "saving: events to stored events (JSON, ciphers)": 12,
        "saving: the driver and the database": 20,
        "saving: the library's save, the rest": 4,
    }


def test_the_rebuild_parts_put_reads_and_writes_before_the_views() -> None:
    runner = "run (projections/group.py:80);handle (projections/pipeline.py:120)"
    statistics = f"{runner};policy (projections/statistics/projection.py:50)"
    raw = [
        f"{runner};select_notifications (eventsourcing/sqlite.py:474) 11",
        f"{runner};to_domain_event (eventsourcing/persistence.py:410) 9",
        f"{statistics};_upsert (projections/sql_stores.py:140);executemany (sqlite3) 20",
        f"{statistics};deltas (projections/counter_rows.py:30) 7",
        f"{statistics};spans (x.py:1) 5",
        f"{runner};policy (projections/deadlines/projection.py:40) 4",
        f"{runner} 3",
    ]
    assert busy_parts(raw, REBUILD_PARTS) == {
        "reading the log: select and decode": 20,
        "writing the rows: upserts, COPY, commits": 20,
        "counters: a delta's bucket rows": 7,
        "statistics: spans, figures, contributions": 5,
        "deadlines": 4,
        "the pipeline: batches, groups, tracking": 3,
    }
