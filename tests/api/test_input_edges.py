"""Edge values the generated-input audit found answered with a 500: each is a 422 naming
the field, and nothing is stored."""

from __future__ import annotations

from tests.api.conftest import World
from tests.api.test_bad_input import problem, unchanged


def test_a_legal_cut_off_before_the_earliest_date_is_a_422(sqlite_world: World) -> None:
    w = sqlite_world
    w.record()
    with unchanged(w):
        for path in ("/reports/deadlines", "/cases"):
            body = problem(w.get("officer", path, params={"as_of": "0001-01-01"}), 422)
            assert body["errors"][0]["field"] == "as_of"


def test_a_recorded_time_past_the_calendar_in_utc_is_a_422(sqlite_world: World) -> None:
    w = sqlite_world
    w.record()
    for moment in ("9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"):
        for path in ("/reports/deadlines", "/cases"):
            body = problem(w.get("officer", path, params={"known_at": moment}), 422)
            assert body["errors"][0]["field"] == "known_at"
