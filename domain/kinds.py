"""Vocabularies of the domain: kinds, channels, statuses and outcomes per kind."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    COMPLAINT = "complaint"
    DENUNCIATION = "denunciation"
    RECOMMENDATION = "recommendation"
    REFLECTION = "reflection"


class Channel(StrEnum):
    RECEPTION = "reception"
    POST = "post"
    ONLINE = "online"
    PHONE_OR_EMAIL = "phone_or_email"
    FORWARDED = "forwarded"


class Status(StrEnum):
    RECEIVED = "received"
    CLASSIFIED = "classified"
    REFERRED = "referred"
    ARCHIVED = "archived"
    GUIDED = "guided"
    IN_PROGRESS = "in_progress"
    SUSPENDED = "suspended"
    CONCLUDED = "concluded"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"


OPEN_CASE_STATUSES = frozenset({Status.IN_PROGRESS, Status.SUSPENDED})
INTAKE_STATUSES = frozenset({Status.RECEIVED, Status.CLASSIFIED, Status.REFERRED})
FINAL_STATUSES = frozenset(
    {Status.ARCHIVED, Status.GUIDED, Status.CONCLUDED, Status.WITHDRAWN, Status.TERMINATED}
)


class ArchiveGrounds(StrEnum):
    INELIGIBLE = "ineligible"
    DUPLICATE = "duplicate"
    ANONYMOUS = "anonymous"
    LIMITATION_EXPIRED = "limitation_expired"
    NOT_A_PETITION = "not_a_petition"


class TerminationGrounds(StrEnum):
    DENOUNCED_DIED = "denounced_died"
    SETTLED_BY_JUDGMENT = "settled_by_judgment"
    COMPLAINANT_DIED = "complainant_died"
    OTHER_LEGAL_GROUND = "other_legal_ground"


class Complexity(StrEnum):
    ORDINARY = "ordinary"
    COMPLEX = "complex"
    PARTICULARLY_COMPLEX = "particularly_complex"


class EffectOnContested(StrEnum):
    """What a complaint decision does to the decision or act complained of."""

    UPHELD = "upheld"
    ANNULLED = "annulled"
    AMENDED = "amended"


OUTCOMES: dict[Kind, frozenset[str]] = {
    Kind.COMPLAINT: frozenset({"right", "partly_right", "wrong"}),
    Kind.DENUNCIATION: frozenset({"true", "partly_true", "false"}),
    Kind.RECOMMENDATION: frozenset({"accepted", "not_accepted", "answered"}),
    Kind.REFLECTION: frozenset({"accepted", "not_accepted", "answered"}),
}
