"""Words the pages show for the domain's codes: statuses, kinds, events, fields, roles.

Each is an English message marked for the catalogues; a page translates it when it
shows it. A code without a label is shown as it is.
"""

from __future__ import annotations

from api.i18n import N_, Language

STATUSES = {
    "received": N_("Received"),
    "classified": N_("Classified"),
    "referred": N_("Referred"),
    "archived": N_("Archived"),
    "guided": N_("Guided elsewhere"),
    "in_progress": N_("In settlement"),
    "suspended": N_("Suspended"),
    "concluded": N_("Concluded"),
    "withdrawn": N_("Withdrawn"),
    "terminated": N_("Terminated"),
}
KINDS = {
    "complaint": N_("Complaint"),
    "denunciation": N_("Denunciation"),
    "recommendation": N_("Recommendation"),
    "reflection": N_("Reflection"),
}
CHANNELS = {
    "reception": N_("At a reception"),
    "post": N_("By post"),
    "online": N_("Online"),
    "phone_or_email": N_("By phone or e-mail"),
    "forwarded": N_("Forwarded by another agency"),
}
EVENTS = {
    "Received": N_("Petition received"),
    "Classified": N_("Classified"),
    "Archived": N_("Archived"),
    "Guided": N_("Citizen guided elsewhere"),
    "Referred": N_("Referred to another agency"),
    "Accepted": N_("Accepted for settlement"),
    "OfficerAssigned": N_("Officer assigned"),
    "DeadlineExtended": N_("Time limit extended"),
    "VerificationRecorded": N_("Verification recorded"),
    "Concluded": N_("Concluded"),
    "CitizenNotified": N_("Citizen notified"),
    "DecisionPublished": N_("Decision published"),
    "Withdrawn": N_("Withdrawn"),
    "Terminated": N_("Terminated"),
    "Suspended": N_("Suspended"),
    "Resumed": N_("Resumed"),
    "Reopened": N_("Re-opened"),
    "Appealed": N_("Second-instance complaint filed"),
    "SummaryShredded": N_("Summary shredded"),
}
VALUES = {
    **STATUSES,
    **KINDS,
    **CHANNELS,
    "right": N_("Right"),
    "partly_right": N_("Partly right"),
    "wrong": N_("Wrong"),
    "true": N_("True"),
    "partly_true": N_("Partly true"),
    "false": N_("False"),
    "accepted": N_("Accepted"),
    "not_accepted": N_("Not accepted"),
    "answered": N_("Answered"),
    "upheld": N_("Upheld"),
    "annulled": N_("Annulled"),
    "amended": N_("Amended"),
    "ordinary": N_("Ordinary"),
    "complex": N_("Complex"),
    "particularly_complex": N_("Particularly complex"),
    "ineligible": N_("Ineligible"),
    "duplicate": N_("Duplicate"),
    "anonymous": N_("Anonymous"),
    "limitation_expired": N_("Time limit for filing expired"),
    "not_a_petition": N_("Not a petition"),
    "denounced_died": N_("The denounced person died"),
    "settled_by_judgment": N_("Settled by a judgment"),
    "complainant_died": N_("The complainant died"),
    "other_legal_ground": N_("Other legal ground"),
    "officer": N_("Officer"),
    "leader": N_("Leader"),
    "inspection_board": N_("Inspection board"),
    "auditor": N_("Auditor"),
    "administrator": N_("Administrator"),
    "central": N_("Central"),
    "province": N_("Province"),
    "district": N_("District"),
    "commune": N_("Commune"),
    "regular": N_("Regular reception"),
    "ad_hoc": N_("Ad hoc reception"),
    "dialogue": N_("Dialogue"),
    "calendar": N_("Calendar days"),
    "working": N_("Working days"),
    "national_assembly_delegation": N_("National Assembly delegation"),
    "peoples_council": N_("People's Council"),
    "fatherland_front": N_("Fatherland Front"),
    "ministry": N_("Ministry"),
    "press": N_("Press"),
    "other_agency": N_("Another agency"),
}
FIELDS = {
    "legal_date": N_("Legal date"),
    "reason": N_("Reason"),
    "legal_basis": N_("Legal basis"),
    "kind": N_("Kind"),
    "field": N_("Field"),
    "competent_agency_id": N_("Competent agency"),
    "decision_known_on": N_("Decision known on"),
    "to_agency_id": N_("To agency"),
    "complexity": N_("Complexity"),
    "remote": N_("Remote area"),
    "filing_days_excluded": N_("Days excluded from the filing limit"),
    "grounds": N_("Grounds"),
    "duplicate_of": N_("Duplicate of case"),
    "directed_to": N_("Directed to"),
    "officer_id": N_("Officer"),
    "days": N_("Days"),
    "step": N_("Step"),
    "findings": N_("Findings"),
    "outcome": N_("Outcome"),
    "decision_ref": N_("Decision reference"),
    "effect_on_contested": N_("Effect on the contested decision"),
    "method": N_("Method"),
    "partial": N_("Partial"),
    "proceeds": N_("Settlement proceeds"),
    "due_date": N_("Due date"),
    "handling_due_date": N_("Intake due date"),
    "extension_number": N_("Extension number"),
    "limit_days": N_("Limit in days"),
    "summary": N_("Summary"),
    "channel": N_("Channel"),
    "remaining_days": N_("Days remaining"),
    "second_instance_case_id": N_("Second-instance case"),
    "reference_code": N_("Reference code"),
    "receiving_agency_id": N_("Receiving agency"),
    "agency_id": N_("Agency"),
    "beyond_competence": N_("Beyond the competent level"),
    "level": N_("Level"),
    "rulebook_version": N_("Rule book version"),
    "day_type": N_("Day type"),
    "first_instance_case_id": N_("First-instance case"),
    "first_decision_on": N_("First decision on"),
    "meeting_id": N_("Reception meeting"),
    "origin": N_("Forwarded by"),
    "location": N_("Location"),
    "media_url": N_("Media"),
    "service_code": N_("Online service"),
}


def value_label(lang: Language, value: object) -> str:
    """A code shown in `lang`: its label if it has one, else the code itself."""
    if value is None:
        return ""
    text = str(value)
    return lang.gettext(VALUES[text]) if text in VALUES else text


def event_label(lang: Language, event: str) -> str:
    return lang.gettext(EVENTS[event]) if event in EVENTS else event


def field_label(lang: Language, field: str) -> str:
    return lang.gettext(FIELDS[field]) if field in FIELDS else field.replace("_", " ")


FORM_FIELDS = {"officer_id": N_("Officer")}


def form_field_label(lang: Language, field: str) -> str:
    """A form input's label: as `field_label`, unless the form asks for something else."""
    return lang.gettext(FORM_FIELDS[field]) if field in FORM_FIELDS else field_label(lang, field)
