"""Choices offered in an officer's forms, by name.

Agencies come from the agency directory, the handling agency's officers from the users
directory.
"""

from __future__ import annotations

from api.security import Principal
from api.stores import Stores
from domain.views import CaseDetails
from pages.actions import Choices

AGENCY_FIELDS = ("competent_agency_id", "to_agency_id")
OFFICER_FIELD = "officer_id"


def form_choices(stores: Stores, principal: Principal, case: CaseDetails) -> Choices:
    """Active agencies (not merged away) for the agency fields, by name.

    The assignment offers the officers of the agency holding the case, by name and post.
    """
    del principal
    choices: dict[str, tuple[tuple[str, str], ...]] = {}
    if stores.views is not None:
        agencies = tuple(
            (str(a.agency_id), f"{a.name} ({a.code})")
            for a in stores.views.agencies.all()
            if a.successor_id is None
        )
        choices.update(dict.fromkeys(AGENCY_FIELDS, agencies))
    if stores.users is not None:
        choices[OFFICER_FIELD] = tuple(
            (str(u.user_id), f"{u.shown_name} ({u.post})" if u.post else u.shown_name)
            for u in stores.users.officers_of(case.handling_agency_id)
        )
    return choices
