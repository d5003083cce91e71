"""Vietnamese by default, English and French on request: pages and API problem details."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from api.i18n import LANGUAGES, LOCALE_DIR, accepted_language, language
from tests.api.conftest import World
from tests.pages.conftest import browser_for

ROOT = Path(__file__).parents[2]


def test_pages_are_in_vietnamese_without_a_choice(sqlite_world: World) -> None:
    page = browser_for(sqlite_world).get("/track")
    assert '<html lang="vi">' in page.text
    assert "Tra cứu vụ việc" in page.text


def test_the_browsers_accept_language_chooses_among_ours(sqlite_world: World) -> None:
    page = browser_for(sqlite_world, **{"Accept-Language": "de-DE, fr;q=0.8, en;q=0.5"}).get(
        "/track"
    )
    assert '<html lang="fr">' in page.text
    assert "Suivre un dossier" in page.text


def test_the_switch_overrides_the_browsers_language(sqlite_world: World) -> None:
    client = browser_for(sqlite_world, **{"Accept-Language": "fr"})
    client.post(
        "/language",
        data={"language": "en", "next": "/track", "csrf_token": client.cookies["petitions_csrf"]},
    )
    assert '<html lang="en">' in client.get("/track").text


def test_dates_and_numbers_follow_the_language() -> None:
    from datetime import date  # noqa: PLC0415

    day = date(2025, 3, 4)
    assert (language("vi").date(day), language("fr").date(day), language("en").date(day)) == (
        "4 thg 3, 2025",
        "4 mars 2025",
        "Mar 4, 2025",
    )
    assert language("fr").percent(0.856) == "85,6\u00a0%"


def test_accept_language_picks_the_best_of_our_languages() -> None:
    assert accepted_language("en-GB,en;q=0.9,vi;q=0.8") == "en"
    assert accepted_language("ja, zh;q=0.5") is None
    assert accepted_language("vi-VN") == "vi"


def test_api_problem_details_follow_accept_language_and_keep_their_machine_parts(
    sqlite_world: World,
) -> None:
    w = sqlite_world
    body = {"channel": "post", "summary": "x", "legal_date": "not a date"}
    plain = w.post("officer", "/cases", body).json()
    french = w.post("officer", "/cases", body, headers={"Accept-Language": "fr"}).json()
    assert plain["title"] == "invalid-request"
    assert french["type"] == plain["type"]
    assert french["title"] == "Requête invalide"
    assert [e["field"] for e in french["errors"]] == [e["field"] for e in plain["errors"]]
    assert french["errors"][0]["reason"].startswith("Une date valide")


def test_a_domain_error_is_translated_with_its_values(sqlite_world: World) -> None:
    w = sqlite_world
    case = w.record()
    response = w.post(
        "officer",
        f"/cases/{case['id']}/conclusion",
        {"outcome": "right", "decision_ref": "1/QĐ", "legal_date": "2025-09-01"},
        headers={"Accept-Language": "vi"},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "không thể kết luận đơn chưa được phân loại"


def test_every_message_has_a_translation_in_every_language() -> None:
    method_map = [
        ("api/**.py", "python"),
        ("pages/**.py", "python"),
        ("pages/templates/**.html", "jinja2"),
    ]
    used = {
        message[2] if isinstance(message[2], str) else message[2][0]
        for message in extract_from_dir(
            str(ROOT),
            method_map,
            keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None},
        )
    }
    used.discard("")
    for code in LANGUAGES:
        with (LOCALE_DIR / code / "LC_MESSAGES" / "messages.po").open("rb") as po:
            catalog = read_po(po)
        translated = {
            (m.id if isinstance(m.id, str) else m.id[0])
            for m in catalog
            if m.id and (m.string if isinstance(m.string, str) else all(m.string))
        }
        assert used - translated == set(), code
