"""A petition's summary may name the petitioner: no log line and no public answer shows it.

(Case readers still read it until the identity is shredded, which makes it unreadable:
docs/summary-sealing.md, tests/api/test_summary_shredding.py.)
"""

from __future__ import annotations

from tests import leakwatch
from tests.api.conftest import World

NAMED = "Bà Phạm Thị Riêng Tư khiếu nại việc thu hồi thửa đất số 47"


def test_the_summary_is_in_no_log_line_and_no_public_answer(world: World) -> None:
    w = world
    with leakwatch.watching() as watch:
        case = w.record(summary=NAMED)
        w.case("officer", case["id"])  # read back by staff: still not logged
        public = [
            (where, text) for where, text in leakwatch._answers(w) if where.endswith("the public")
        ]
    assert public
    assert any('"/cases"' in line for line in watch.lines)  # the request lines were captured
    assert not leakwatch._found(NAMED, "\n".join(watch.lines))
    assert [where for where, text in public if leakwatch._found(NAMED, text)] == []
