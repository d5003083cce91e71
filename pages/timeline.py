"""A case's history as people read it: each event's details in words, and as CSV rows."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from api.i18n import Language
from api.names import Names
from api.schemas import CaseHistory, HistoryEntry
from pages import labels

TIMELINE_COLUMNS = (
    "version",
    "event",
    "legal_date",
    "recorded_at",
    "actor_name",
    "actor_post",
    "actor_agency_name",
    "reason",
    "legal_basis",
    "details",
    "actor_id",
    "actor_agency_id",
)
HIDDEN = frozenset({"identity_id", "anonymous", "instance", "petitioner_count"})
AGENCY_FIELDS = frozenset(
    {"to_agency_id", "competent_agency_id", "receiving_agency_id", "agency_id"}
)


def timeline_rows(history: CaseHistory) -> list[dict[str, Any]]:
    """One CSV row per event; the event's own fields as `name=value` pairs."""
    return [
        {
            **entry.model_dump(mode="json", exclude={"fields"}),
            "details": "; ".join(f"{k}={v}" for k, v in _shown(entry).items()),
        }
        for entry in history.events
    ]


def details(lang: Language, names: Names, entry: HistoryEntry) -> list[tuple[str, str]]:
    """The event's own fields, labelled and formatted in `lang`; ids shown as names."""
    return [
        (labels.field_label(lang, name), _text(lang, names, name, value))
        for name, value in _shown(entry).items()
    ]


def _shown(entry: HistoryEntry) -> dict[str, Any]:
    return {
        k: v
        for k, v in entry.fields.items()
        if k not in HIDDEN and not k.endswith(("_path", "_level")) and v not in (None, "", [])
    }


def _text(lang: Language, names: Names, name: str, value: object) -> str:
    if isinstance(value, bool):
        return lang.gettext("yes") if value else lang.gettext("no")
    if isinstance(value, date):
        return lang.date(value)
    if name in AGENCY_FIELDS and isinstance(value, UUID):
        return names.agency(value)
    if name == "officer_id" and isinstance(value, str):
        person = names.person(value)
        return f"{person.name} ({person.post})" if person.post else person.name
    if isinstance(value, int):
        return lang.number(value)
    return labels.value_label(lang, value)
