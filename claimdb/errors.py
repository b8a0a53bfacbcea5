"""One error family. Each error carries the one line the CLI shows."""


class ClaimdbError(Exception):
    """Base class: ``str(error)`` is the single line shown to the user."""

    exit_code = 1


class NotFound(ClaimdbError):
    """An id or a name that is not in the database."""


class Ambiguous(ClaimdbError):
    """A name that matches more than one entity."""


class InvalidInput(ClaimdbError):
    """Text, dates, files or values that cannot be accepted."""


class Conflict(ClaimdbError):
    """A write that would break an invariant (duplicate link, self-link...)."""


class DatabaseError(ClaimdbError):
    """The database cannot be opened, read or written."""


class CheckFailed(ClaimdbError):
    """``claimdb check`` found problems (they are printed before this line)."""
