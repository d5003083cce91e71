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


class Procedure(StrEnum):
    """Which chapter of the Law on Complaints a complaint follows."""

    ADMINISTRATIVE = "administrative"  # decisions and acts of administrative bodies (ch. II-III)
    DISCIPLINARY = "disciplinary"  # disciplinary decisions on officials (ch. IV)
    # A disciplinary dismissal (buộc thôi việc): ch. IV with a longer second filing (art. 48).
    DISCIPLINARY_DISMISSAL = "disciplinary_dismissal"

    @property
    def is_disciplinary(self) -> bool:
        return self != Procedure.ADMINISTRATIVE


class ReexaminationGrounds(StrEnum):
    """Legal grounds on which a higher authority re-examines a settled case."""

    VIOLATION_OF_LAW = "violation_of_law"  # the settlement shows signs of violating the law
    NEW_EVIDENCE = "new_evidence"  # facts unknown at settlement that change its content


class DueDateClock(StrEnum):
    """The dated duties of a case whose due date a calendar correction may move."""

    INTAKE = "intake"
    SETTLEMENT = "settlement"
    ACCEPTANCE_NOTICE = "acceptance_notice"
    PUBLICATION = "publication"
    ENFORCEMENT = "enforcement"


class Complexity(StrEnum):
    ORDINARY = "ordinary"
    COMPLEX = "complex"
    PARTICULARLY_COMPLEX = "particularly_complex"


class EffectOnContested(StrEnum):
    """What a complaint decision does to the decision or act complained of."""

    UPHELD = "upheld"  # the decision (or act) is lawful and stands
    ANNULLED = "annulled"
    AMENDED = "amended"
    # A complaint about an act (hành vi hành chính): the act is found unlawful and the one
    # who did it is ordered to end it (Law on Complaints art. 31(2)).
    ACT_ENDED = "act_ended"


class EffectOnFirst(StrEnum):
    """What a second-instance complaint decision does to the first-instance decision.

    The settlement-results form counts the second-instance decisions that annul or amend
    the first (DOMAIN.md; Circular 02/2021/TT-TTCP's form: công nhận / hủy, sửa quyết
    định giải quyết lần đầu), which the effect on the contested decision does not tell:
    a second decision annulling the contested decision may recognise a first that
    already annulled it.
    """

    UPHELD = "upheld"  # the first decision is recognised (công nhận)
    ANNULLED = "annulled"
    AMENDED = "amended"


# What a complaint decision may do to the contested decision or act, by its finding (Law
# on Complaints art. 31(2), 40(2)): a complaint found right, even partly, cannot leave the
# decision or act as it was, and one found wrong cannot change it.
CHANGES = frozenset(
    {EffectOnContested.ANNULLED, EffectOnContested.AMENDED, EffectOnContested.ACT_ENDED}
)
EFFECTS_BY_OUTCOME: dict[str, frozenset[EffectOnContested]] = {
    "right": CHANGES,
    "partly_right": CHANGES,
    "wrong": frozenset({EffectOnContested.UPHELD}),
}

OUTCOMES: dict[Kind, frozenset[str]] = {
    Kind.COMPLAINT: frozenset({"right", "partly_right", "wrong"}),
    Kind.DENUNCIATION: frozenset({"true", "partly_true", "false"}),
    Kind.RECOMMENDATION: frozenset({"accepted", "not_accepted", "answered"}),
    Kind.REFLECTION: frozenset({"accepted", "not_accepted", "answered"}),
}
