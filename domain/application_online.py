"""Requests filed online through Open311: received by the portal's agency, routed by the rules.

Mixed into `Petitions`. A request is a petition received online by the agency that
runs the portal (the province), with the place it is about and the service chosen.
When a routing rule names the competent commune, the same save classifies it by the
service's kind and field and refers it to that commune, attributed to the client
application with the rules' version as the reason; otherwise it waits at the portal's
agency to be classified by an officer. Either way it is beyond the level only if the
rule says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.act import Act
from domain.case import AgencyRef, Case, Petition
from domain.errors import DuplicateError
from domain.intake import Location, ServiceIntake
from domain.kinds import Channel
from domain.open311 import Area, RequestToken, Service
from domain.reference import ReferenceIndex, new_reference_code
from domain.views import Written

if TYPE_CHECKING:
    from eventsourcing.domain import Aggregate

    from domain.application_identity import PersonalData
    from domain.calendar import WorkingCalendar
    from domain.identity import Identity
    from domain.sealing import SummarySeal

ATTEMPTS = 5


@dataclass(frozen=True)
class OnlineRequest:
    """What a client application sent: the service, the place and the citizen's words."""

    service: Service
    rules_version: str
    location: Location
    description: str = ""
    media_url: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    token: str = ""  # answered instead of the id, for a `batch` service

    def petition(self, area: Area | None) -> Petition:
        intake = ServiceIntake(
            self.service.code,
            self.rules_version,
            area.name if area else "",
            area.beyond_level if area else False,
            self.media_url,
            self.attributes,
        )
        summary = self.description.strip() or self.service.name
        return Petition("", Channel.ONLINE, summary, location=self.location, service=intake)


class OnlineRequests:
    """Open311 filings (mixed into the petitions application)."""

    if TYPE_CHECKING:
        calendar: WorkingCalendar
        code_prefix: str

        def _checked(self, act: Act) -> Act: ...
        def _active_agency_ref(self, agency_id: UUID, on: date) -> AgencyRef: ...
        def _save(self, *aggregates: Aggregate) -> Written: ...
        def identities_for(self, personal: PersonalData | None) -> tuple[Identity, ...]: ...
        def summary_seal(
            self, identity_id: UUID | None, recorded: tuple[Identity, ...] = ()
        ) -> SummarySeal: ...

    def file_online_request(
        self,
        request: OnlineRequest,
        act: Act,
        routed_to: tuple[Area, UUID] | None = None,
        personal: PersonalData | None = None,
    ) -> Written:
        """Record a request received by the portal's agency (`act.agency_id`).

        `routed_to` is the rule that matched and the competent commune's id, if any.
        """
        act = self._checked(act)
        portal = self._active_agency_ref(act.agency_id, act.legal_date)
        area, commune_id = routed_to or (None, None)
        commune = self._active_agency_ref(commune_id, act.legal_date) if commune_id else None
        petition = request.petition(area)
        for _ in range(ATTEMPTS):
            identity = self.identities_for(personal)
            code = new_reference_code(self.code_prefix, act.legal_date.year)
            numbered = replace(
                petition, reference_code=code, identity_id=identity[0].id if identity else None
            )
            seal = self.summary_seal(numbered.identity_id, identity)
            case = Case.receive(numbered, portal, act, self.calendar, seal=seal)
            if area is not None and commune is not None:
                self._route(case, request, area, commune, act)
            token = (RequestToken(request.token, case.id),) if request.token else ()
            try:
                return self._save(case, ReferenceIndex(code, case.id), *identity, *token)
            except DuplicateError:
                continue
        raise DuplicateError("could not draw an unused reference code")

    def _route(
        self, case: Case, request: OnlineRequest, area: Area, commune: AgencyRef, act: Act
    ) -> None:
        reason = f"routed by Open311 rules {request.rules_version}, area {area.name}"
        routed = replace(act, reason=reason, legal_basis="")
        service = request.service
        case.classify(service.kind, service.field, commune, routed, self.calendar)
        if commune.id != case.handling_agency_id:
            case.refer(commune, routed, self.calendar)
