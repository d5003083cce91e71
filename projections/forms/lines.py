"""The counters' lines: what each one counts, in which unit (docs/forms.md)."""

from __future__ import annotations

from enum import StrEnum


class Line(StrEnum):
    """A counted flow. Letters are petitions (đơn); cases are vụ việc; reception has its own."""

    LETTER_RECEIVED = "letter.received"  # detail: how it came (channel, open311, transferred_in)
    LETTER_SIGNATORIES = "letter.signatories"  # detail: one / several
    LETTER_FORWARDED_BY = "letter.forwarded_by"  # detail: the kind of forwarding body
    LETTER_DISPOSED = "letter.disposed"  # detail: accepted/guided/transferred/archived/...
    LETTER_ARCHIVED = "letter.archived"  # detail: the archive grounds (duplicate: repeated)
    LETTER_CHASED = "letter.chased"  # petitions chased up (first time), at the urging agency
    LETTER_CHASE_DOCUMENTS = "letter.chase_documents"  # every document urging settlement
    CASE_IN = "case.in"  # detail: accepted / reopened / transferred_in / kind
    CASE_OUT = "case.out"  # detail: concluded / withdrawn / terminated / transferred_out / kind
    CASE_TIMING = "case.timing"  # detail: on_time / late (of the settled)
    CASE_OUTCOME = "case.outcome"  # detail: the outcome
    CASE_EFFECT = "case.effect"  # detail: upheld / annulled / amended / act_ended
    # A second-instance decision's effect on the first (detail: upheld / annulled / amended),
    # where recorded (Concluded v6).
    CASE_EFFECT_ON_FIRST = "case.effect_on_first"
    CASE_REMEDIES_RECORDED = "case.remedies_recorded"  # conclusions that recorded remedies
    CASE_REMEDY = "case.remedy"  # detail: a remedy field; n: its amount
    CASE_MEASURES_RECORDED = "case.measures_recorded"  # conclusions that recorded measures
    CASE_MEASURE = "case.measure"  # detail: a measure field; n: its count
    REC_SESSIONS = "rec.sessions"
    REC_VISITS = "rec.visits"  # field: the visit's field
    REC_PERSONS = "rec.persons"
    REC_MATTERS = "rec.matters"  # detail: new / repeated
    REC_DELEGATIONS = "rec.delegations"
    REC_DELEGATION_PERSONS = "rec.delegation_persons"
    REC_REFUSALS = "rec.refusals"
    REC_REFUSED_PERSONS = "rec.refused_persons"
    REC_PETITIONS = "rec.petitions"


LETTER_RECEIVED = Line.LETTER_RECEIVED.value
LETTER_DISPOSED = Line.LETTER_DISPOSED.value
CASE_IN = Line.CASE_IN.value
CASE_OUT = Line.CASE_OUT.value
LETTER_LINES = tuple(line.value for line in Line if line.value.startswith("letter."))
CASE_LINES = tuple(line.value for line in Line if line.value.startswith("case."))
RECEPTION_LINES = tuple(line.value for line in Line if line.value.startswith("rec."))
