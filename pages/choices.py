"""Choices offered in an officer's forms: agencies and officers by name, not by id."""

from __future__ import annotations

from api.security import Principal
from api.stores import Stores
from domain.views import CaseDetails
from pages.actions import Choices


def form_choices(stores: Stores, principal: Principal, case: CaseDetails) -> Choices:
    """Agencies for the competent/referral fields, officers of the agency for assignment."""
    del stores, principal, case
    return {}
