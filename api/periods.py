"""The reporting period a report's query names (docs/forms.md, "Periods").

`year` with `basis` (statistical: 15 Dec-14 Dec, Circular 01/2024/TT-TTCP; or
calendar), and at most one of `quarter` (1-4), `month` (1-12) or `months`
(3, 6, 9 or 12, cumulative from the year's start). Nothing more: the whole year.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query

from api.deps import field_error
from projections.periods import CUMULATIVE_MONTHS, Period


def period_of(
    year: Annotated[int, Query(ge=1990, le=2200, description="Statistical or calendar year")],
    basis: Annotated[
        Literal["statistical", "calendar"],
        Query(description="statistical: 15 Dec-14 Dec (Circular 01/2024/TT-TTCP)"),
    ] = "statistical",
    quarter: Annotated[int | None, Query(ge=1, le=4)] = None,
    month: Annotated[int | None, Query(ge=1, le=12, description="Month 1-12 of the year")] = None,
    months: Annotated[
        int | None,
        Query(
            ge=3,
            le=12,
            description="3, 6, 9 or 12: the first months of the year, cumulative",
            json_schema_extra={"enum": list(CUMULATIVE_MONTHS)},
        ),
    ] = None,
) -> Period:
    """The reporting period the query names."""
    given = (("quarter", quarter), ("month", month), ("months", months))
    chosen = [name for name, value in given if value is not None]
    if len(chosen) > 1:
        raise field_error(chosen[-1], "give one of quarter, month or months, not several", "query")
    if months is not None and months not in CUMULATIVE_MONTHS:
        raise field_error("months", "3, 6, 9 or 12", "query")
    if quarter is not None:
        return Period.quarter_of(year, quarter, basis)
    if month is not None:
        return Period.month_of(year, month, basis)
    return Period.months_of(year, months or 12, basis)


PeriodDep = Annotated[Period, Depends(period_of)]
