"""The watch every API story runs under (tests/leakwatch) finds a leak where one is planted."""

from __future__ import annotations

import logging
import sqlite3

import psycopg
import pytest
import structlog
from psycopg import sql

from ops.settings import Settings
from tests import leakwatch
from tests.api.conftest import _make_world
from tests.conftest import postgres_params

NAME = "Phan Văn Lộ"


def plant_in_a_table(settings: Settings, text: str) -> None:
    if settings.uses_postgres:
        table = sql.Identifier(settings.postgres_schema, "planted")
        with psycopg.connect(**postgres_params(), autocommit=True) as conn:  # type: ignore[arg-type]
            conn.execute(sql.SQL("CREATE TABLE {} (note text)").format(table))
            conn.execute(sql.SQL("INSERT INTO {} VALUES (%s)").format(table), (text,))
    else:
        with sqlite3.connect(settings.sqlite_dbname) as conn:
            conn.execute("CREATE TABLE planted (note TEXT)")
            conn.execute("INSERT INTO planted VALUES (?)", (text,))


def test_the_watch_finds_personal_data_logged_or_stored(store_settings: Settings) -> None:
    with leakwatch.watching() as watch:
        for world in _make_world(store_settings, runners=False):
            world.record(petitioner={"full_name": NAME, "address": "Xóm Giếng Cạn"})
            assert NAME in watch.secrets
            # The service itself leaks nothing.
            leakwatch.check(watch, world, store_settings)
            # A log line with the name is found, through structlog and through logging.
            structlog.get_logger("story").info("petitioner_seen", name=NAME)
            with pytest.raises(AssertionError, match="in the log"):
                leakwatch.check(watch, world, store_settings)
            watch.lines.clear()

            logging.getLogger("uvicorn.error").warning("saw %s", NAME)
            with pytest.raises(AssertionError, match="in the log"):
                leakwatch.check(watch, world, store_settings)
            watch.lines.clear()
            # So is a row of any table holding the address.
            plant_in_a_table(store_settings, "nhà ở Xóm Giếng Cạn")
            with pytest.raises(AssertionError, match=r"in table .*planted"):
                leakwatch.check(watch, world, store_settings)


def test_the_watch_finds_a_sealed_summary_stored_or_answered_after_its_shredding(
    store_settings: Settings,
) -> None:
    summary = "Bà Hoàng Thị Kín Đáo khiếu nại việc cấp sổ đỏ"
    with leakwatch.watching() as watch:
        for world in _make_world(store_settings, runners=False):
            case = world.record(summary=summary)
            assert summary in watch.summaries
            # Before the shredding case readers read it: the answers may show it.
            leakwatch.check(watch, world, store_settings)
            shred = {"reason": "Hết thời hạn lưu trữ", "legal_basis": "Nghị định 13/2023"}
            world.ok("admin", f"/cases/{case['id']}/petitioner/shred", shred)
            leakwatch.check(watch, world, store_settings)
            # A table holding it in plain text is found, shredded or not.
            plant_in_a_table(store_settings, summary)
            with pytest.raises(AssertionError, match=r"summary .* in table .*planted"):
                leakwatch.check(watch, world, store_settings)
