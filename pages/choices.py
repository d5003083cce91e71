"""Choices offered in an officer's forms: agencies by name, from the agency directory."""

from __future__ import annotations

from api.security import Principal
from api.stores import Stores
from domain.views import CaseDetails
from pages.actions import Choices

AGENCY_FIELDS = ("competent_agency_id", "to_agency_id")


def form_choices(stores: Stores, principal: Principal, case: CaseDetails) -> Choices:
    """Active agencies (not merged away) for the competent and referral fields, by name."""
    del principal, case
    if stores.views is None:
        return {}
    agencies = tuple(
        (str(a.agency_id), f"{a.name} ({a.code})")
        for a in stores.views.agencies.all()
        if a.successor_id is None
    )
    return dict.fromkeys(AGENCY_FIELDS, agencies)
