"""Exceptions with messages that name the input and the fix."""


class DatelineError(Exception):
    """Base class of every error dateline raises on purpose."""


class ResourceMissing(DatelineError):
    """A model, gazetteer or database the run needs is not there (CLI exit code 3)."""


class InputError(DatelineError):
    """An input item cannot be read; the message names the item and the reason."""


class NotAvailable(DatelineError):
    """A capability (e.g. an eval task) whose extractor does not exist yet."""


class StoreError(DatelineError):
    """The store cannot do what was asked: a record that does not fit, a database it cannot open or migrate."""


class InvalidQuery(StoreError, ValueError):
    """A filter, sort key or cursor given to a store query is not one it accepts (API: HTTP 400)."""


class ConfigError(DatelineError):
    """Options or settings that do not fit together (CLI exit code 2); the message says which to change."""
