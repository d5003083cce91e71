"""Every report that takes a period answers each value of `months`, `quarter` and `month`."""

from __future__ import annotations

from datetime import date

from tests.api.conftest import World

# Every endpoint that takes a reporting period, with the user who reads it.
PERIOD_ENDPOINTS = (
    ("leader", "/reports/statistics"),
    ("leader", "/reports/escalations"),
    ("leader", "/reports/reception"),
    ("leader", "/meetings"),
    ("leader", "/reports/forms/letters"),
    ("auditor", "/reports/forms/settlement"),
    ("board", "/reports/forms/reception"),
)
STATISTICAL_ENDS = {3: date(2025, 3, 14), 6: date(2025, 6, 14), 9: date(2025, 9, 14)}


def period_of(body: dict[str, object]) -> dict[str, str]:
    period = body["period"]
    assert isinstance(period, dict)
    return period


def test_each_cumulative_months_value_answers_on_every_report(world: World) -> None:
    for user, path in PERIOD_ENDPOINTS:
        for months in (3, 6, 9, 12):
            response = world.get(user, path, params={"year": 2025, "months": months})
            assert response.status_code == 200, (path, months, response.text)
            period = period_of(response.json())
            assert period["start"] == "2024-12-15", (path, months)
            assert period["end"] == str(STATISTICAL_ENDS.get(months, date(2025, 12, 14)))
            assert period["label"] == f"SY2025 {months}m"
            calendar = world.get(
                user, path, params={"year": 2025, "months": months, "basis": "calendar"}
            )
            assert calendar.status_code == 200, (path, months, calendar.text)
            assert period_of(calendar.json())["start"] == "2025-01-01"


def test_months_quarters_and_refusals_on_every_report(world: World) -> None:
    for user, path in PERIOD_ENDPOINTS:
        month = world.get(user, path, params={"year": 2025, "month": 1})
        assert month.status_code == 200, (path, month.text)
        assert period_of(month.json())["start"] == "2024-12-15"
        assert period_of(month.json())["end"] == "2025-01-14"
        quarter = world.get(user, path, params={"year": 2025, "quarter": 2, "basis": "calendar"})
        assert period_of(quarter.json())["end"] == "2025-06-30", path
        for bad in ({"months": 4}, {"months": "six"}, {"month": 13}, {"quarter": 1, "month": 2}):
            refused = world.get(user, path, params={"year": 2025, **bad})
            assert refused.status_code == 422, (path, bad)
            assert refused.json()["errors"][0]["field"] in bad, (path, bad)


def test_each_cumulative_months_value_answers_on_the_form_files(world: World) -> None:
    for form in ("letters", "settlement", "reception"):
        for months in (3, 6, 9, 12):
            params = {"year": 2025, "months": months}
            text = world.get("leader", f"/reports/forms/{form}.csv", params=params)
            assert text.status_code == 200, (form, months, text.text)
            assert f"SY2025 {months}m: 2024-12-15 to" in text.text
            book = world.get("leader", f"/reports/forms/{form}.xlsx", params=params)
            assert book.status_code == 200, (form, months)
            assert book.content[:2] == b"PK"  # a zipped workbook
