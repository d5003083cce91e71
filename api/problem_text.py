"""Problem details in the caller's language: `title` and `detail` follow `Accept-Language`.

The machine-readable parts never change: `type` keeps the English slug, `errors`
keep their field names. Without an `Accept-Language` naming one of our languages
the texts stay as they are (the slug as title, the English detail).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from fastapi import Request

from api.i18n import N_, Language, accepted_language, language

TITLES = {
    "unauthorized": N_("Sign-in required"),
    "forbidden": N_("Not allowed"),
    "not-found": N_("Not found"),
    "conflict": N_("Conflicting change"),
    "rule-violated": N_("Rule not respected"),
    "invalid-request": N_("Invalid request"),
    "too-many-requests": N_("Too many requests"),
    "too-large": N_("Request too large"),
    "method-not-allowed": N_("Method not allowed"),
    "store-unavailable": N_("Store unavailable"),
    "views-behind": N_("Figures not up to date yet"),
    "unavailable": N_("Unavailable"),
    "internal-error": N_("Internal error"),
}


class FieldReason(Protocol):
    field: str
    reason: str


def caller_language(request: Request) -> Language | None:
    """The language the caller asked for in `Accept-Language`, if it is one of ours."""
    code = accepted_language(request.headers.get("accept-language"))
    return language(code) if code else None


def localised_title(lang: Language, title: str) -> str:
    return lang.gettext(TITLES[title]) if title in TITLES else lang.translate(title)


def localised_detail(lang: Language, detail: str, errors: Sequence[FieldReason]) -> str:
    if errors:
        return "; ".join(f"{e.field}: {e.reason}" for e in errors)
    return lang.translate(detail)
