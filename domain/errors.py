"""Typed errors of the domain, all from one base so callers can map them once."""

from __future__ import annotations


class PetitionError(Exception):
    """Base class of every rule the domain refuses to break."""


class RuleViolationError(PetitionError):
    """A command broke a rule of the workflow or the law."""


class InvalidTransitionError(RuleViolationError):
    """The command is not allowed in the case's current status."""


class ChronologyError(RuleViolationError):
    """An act is dated before an earlier act it depends on."""


class TimeLimitExpiredError(RuleViolationError):
    """A statutory filing limit has passed."""


class ExtensionNotAllowedError(RuleViolationError):
    """The law allows no (further) extension of this case's time limit."""


class InvalidOutcomeError(RuleViolationError):
    """The outcome does not belong to the case's kind or instance."""


class InvalidAgencyError(RuleViolationError):
    """The agency, its level or its place in the tree is not acceptable."""


class NotFoundError(PetitionError):
    """No aggregate exists with the given id or reference code."""


class DuplicateError(PetitionError):
    """Something that must be unique already exists."""


class ConcurrentChangeError(PetitionError):
    """The aggregate changed since the version the caller read."""


class BrokenHistoryError(PetitionError):
    """An aggregate's stored events have a gap, lack their creation, or differ from the log."""


class ShreddedError(PetitionError):
    """The personal data was shredded: its data key is erased and nobody can read it."""
