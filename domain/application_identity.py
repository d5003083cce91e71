"""The petitioner's identity: sealed on filing, disclosed to the handler, shredded, audited.

Mixed into `Petitions`. The data keys live in the key store the environment names
(`IDENTITY_VAULT_TOPIC`, by default `vault.factory:open_vault`: a table beside the
events); the events hold only sealed text and key ids.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.utils import resolve_topic

from domain.act import Act
from domain.errors import NotFoundError, ShreddedError
from domain.identity import Identity
from domain.sealing import SUMMARY, SummarySeal

if TYPE_CHECKING:
    from collections.abc import Iterator

    from eventsourcing.persistence import ApplicationRecorder

    from domain.case import Case
    from domain.sealing import IdentityVault, KeysWriter
    from domain.views import Written

TAggregate = TypeVar("TAggregate")
VAULT_TOPIC = "vault.factory:open_vault"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class PersonalData:
    full_name: str
    address: str = ""
    contact: str = ""
    id_number: str = ""


@dataclass(frozen=True)
class Disclosure:
    """The personal data as shown to its reader, with how many reads there have been."""

    person: PersonalData
    disclosures: int
    legacy: bool  # recorded in plain text before sealing existed


@dataclass(frozen=True)
class IdentityRead:
    """One recorded read: who, when, for which case, why."""

    user_id: str
    at: datetime
    case_id: UUID
    purpose: str


@dataclass(frozen=True)
class IdentityAudit:
    """Every read of one identity, and its shredding if it was shredded."""

    identity_id: UUID
    reads: list[IdentityRead]
    legacy: bool
    shredded_by: str | None
    shredded_at: datetime | None
    shred_reason: str


class PetitionerIdentities:
    """Identity commands and queries (mixed into the petitions application)."""

    if TYPE_CHECKING:
        env: ClassVar[dict[str, str]]
        recorder: ApplicationRecorder

        def get_case(self, case_id: UUID) -> Case: ...
        def _get(
            self,
            aggregate_id: UUID,
            cls: type[TAggregate],
            what: str,
            version: int | None = None,
        ) -> TAggregate: ...
        def _save(self, *aggregates: Identity | Case) -> Written: ...
        def _events(self, aggregate_id: UUID) -> Iterator[Any]: ...

    _vault: IdentityVault | None = None
    _vault_lock = threading.Lock()

    @property
    def vault(self) -> IdentityVault:
        """The key store of this application, opened on first use (runners never open it)."""
        with self._vault_lock:
            if self._vault is None:
                opener = resolve_topic(self.env.get("IDENTITY_VAULT_TOPIC", VAULT_TOPIC))
                self._vault = opener(self.recorder, self.env)
            return self._vault

    def store_sealed_keys(self) -> None:
        """Store the data keys of identities sealed since the last save (before saving them)."""
        if self._vault is not None:
            self._vault.flush()

    def keys_with_events(self, objs: tuple[object, ...]) -> KeysWriter | None:
        """The pending data keys to write in the transaction of the events of `objs`.

        None when nothing is pending, or when the recorder or the key store cannot share
        a transaction (then `store_sealed_keys` stores them first, in one of their own).
        """
        if self._vault is None or not getattr(self.recorder, "writes_with_events", False):
            return None
        return self._vault.keys_for_save(_named_ids(objs))

    def identities_for(self, personal_data: PersonalData | None) -> tuple[Identity, ...]:
        """The identity a petition with `personal_data` records (none for an anonymous one)."""
        if personal_data is None:
            return ()
        person = personal_data
        return (
            Identity.record(
                self.vault, person.full_name, person.address, person.contact, person.id_number
            ),
        )

    def summary_seal(
        self, identity_id: UUID | None, recorded: tuple[Identity, ...] = ()
    ) -> SummarySeal:
        """How a petition's summary is sealed (docs/summary-sealing.md).

        Under the data key of the petitioner's identity (`recorded` with the petition, or
        stored before), so one shredding makes it unreadable; under a new data key of the
        case when the petition is anonymous, or its identity has no key left to seal with.
        """
        for identity in recorded:
            if identity.id == identity_id:
                return SummarySeal(self.vault, identity.key_id)
        key_id = None
        if identity_id is not None:
            identity = self.get_identity(identity_id)
            own = None if identity.is_shredded else identity.key_id
            key_id = own if own is not None and self.vault.has_key(own) else None
        return SummarySeal(self.vault, key_id)

    def summary_of(self, case: Case) -> str | None:
        """A case's summary opened: plain when recorded before sealing; None once shredded."""
        return self.opened_summary(case.summary, case.summary_key_id)

    def opened_summary(self, summary: str, key_id: UUID | None) -> str | None:
        """A summary as stored (sealed under `key_id`, or plain when None), opened."""
        if key_id is None:
            return summary
        return _summary(self.vault.unseal(key_id, summary))

    def opened_summaries(self, stored: list[tuple[str, UUID | None]]) -> list[str | None]:
        """Summaries as stored (text, key id) opened as by `opened_summary`, in one key read.

        A list page opens its rows' summaries with one read of the key store, not one per row.
        """
        sealed = [(key_id, text) for text, key_id in stored if key_id is not None]
        opened = iter(self.vault.unseal_many(sealed) if sealed else [])
        return [text if key_id is None else _summary(next(opened)) for text, key_id in stored]

    def get_identity(self, identity_id: UUID) -> Identity:
        return self._get(identity_id, Identity, "identity")

    def disclose_identity(self, case_id: UUID, user_id: str, purpose: str) -> Disclosure:
        """Show a case's petitioner identity to `user_id`, recording the disclosure."""
        identity = self._identity_of(case_id)
        identity.require_not_shredded()
        person = self._opened(identity)
        identity.disclose(user_id, case_id, purpose, datetime.now(VIETNAM))
        self._save(identity)
        return Disclosure(person, identity.disclosures, identity.is_legacy)

    def shred_identity(self, case_id: UUID, by: str, reason: str, legal_basis: str) -> Written:
        """Record the shredding of a case's petitioner identity, then erase its data key.

        Run again after an interruption between the two, it erases the key and answers
        that the identity was already shredded.
        """
        identity = self._identity_of(case_id)
        self._erase_if_shredded(identity)
        at = datetime.now(VIETNAM)
        identity.shred(by, reason, legal_basis, at)
        written = self._save(identity)
        if identity.key_id is not None:
            self.vault.erase(identity.key_id)
        return written

    def finish_shredding(self, case_id: UUID) -> None:
        """Erase the data key of a case's identity already recorded as shredded, if any is left.

        A shredding interrupted between its event and the key's erasure is answered from
        its record when retried with its Idempotency-Key: this finishes it first.
        """
        case = self.get_case(case_id)
        if case.identity_id is not None:
            self._erase_if_shredded(self.get_identity(case.identity_id))

    def shred_summary(
        self, case_id: UUID, by: tuple[str, UUID], reason: str, legal_basis: str
    ) -> Written:
        """Record the shredding of a case's own summary key (anonymous), then erase the key.

        `by` is the administrator and the agency they act for; the act is dated today.
        Run again after an interruption between the two, it erases the key and answers
        that the summary was already shredded.
        """
        case = self.get_case(case_id)
        self._erase_summary_if_shredded(case)
        identity_key_id = None
        if case.identity_id is not None:
            identity_key_id = self.get_identity(case.identity_id).key_id
        act = Act(*by, datetime.now(VIETNAM).date(), reason, legal_basis)
        case.shred_summary(act, identity_key_id)
        written = self._save(case)
        if case.summary_key_id is not None:
            self.vault.erase(case.summary_key_id)
        return written

    def finish_summary_shredding(self, case_id: UUID) -> None:
        """Erase a summary key already recorded as shredded, if it is left (an interruption)."""
        self._erase_summary_if_shredded(self.get_case(case_id))

    def _erase_summary_if_shredded(self, case: Case) -> None:
        if case.summary_shredded and case.summary_key_id is not None:
            self.vault.erase(case.summary_key_id)

    def _erase_if_shredded(self, identity: Identity) -> None:
        if identity.is_shredded and identity.key_id is not None:
            self.vault.erase(identity.key_id)

    def identity_audit(self, case_id: UUID) -> IdentityAudit:
        """Every recorded read of a case's petitioner identity, in order."""
        identity = self._identity_of(case_id)
        reads = [
            _read(vars(event))
            for event in self._events(identity.id)
            if isinstance(event, Identity.Disclosed)
        ]
        return IdentityAudit(
            identity.id,
            reads,
            identity.is_legacy,
            identity.shredded_by,
            identity.shredded_at,
            identity.shred_reason,
        )

    def _identity_of(self, case_id: UUID) -> Identity:
        case = self.get_case(case_id)
        if case.identity_id is None:
            raise NotFoundError("the petition is anonymous")
        return self.get_identity(case.identity_id)

    def _opened(self, identity: Identity) -> PersonalData:
        if identity.legacy is not None:
            return PersonalData(**identity.legacy)
        fields = None
        if identity.key_id is not None:
            fields = self.vault.unseal(identity.key_id, identity.sealed)
        if fields is None:
            raise ShreddedError(
                "the petitioner's identity cannot be read: its data key is not in the key store"
            )
        return PersonalData(**fields)


def _named_ids(objs: tuple[object, ...]) -> set[UUID]:
    """Every id held by a field of the events being saved (aggregates' pending events)."""
    named: set[UUID] = set()
    for obj in objs:
        pending = getattr(obj, "pending_events", None)
        events = pending if pending is not None else () if obj is None else (obj,)
        for event in events:
            named.update(v for v in vars(event).values() if isinstance(v, UUID))
    return named


def _summary(fields: dict[str, str] | None) -> str | None:
    return None if fields is None else fields[SUMMARY]


def _read(disclosed: dict[str, Any]) -> IdentityRead:
    return IdentityRead(
        disclosed["to_user_id"], disclosed["at"], disclosed["case_id"], disclosed["purpose"]
    )
