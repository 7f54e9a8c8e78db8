"""The one catalogue of Lagebild's errors (spaCy's ``errors.py`` is the model).

Every error the user can meet is one of these classes; ``cli.py`` maps them to one line
and an exit code in one place (``report``). Input errors are also ``ValueError``s, so a
library caller can catch them the way Python's own bad-value errors are caught.
"""

from __future__ import annotations


class LagebildError(Exception):
    """Base class of every error Lagebild reports to the user."""

    exit_code = 2


class UsageError(LagebildError):
    """A wrong option or setting: nothing is processed."""

    exit_code = 2


class InvalidDate(UsageError, ValueError):
    """A publication date that is not a real YYYY-MM-DD date."""


class InputError(LagebildError, ValueError):
    """An input that cannot be analysed; a batch goes on without it."""

    exit_code = 1

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class TextTooLong(InputError):
    """A text over the pipeline's length limit (``limits.MAX_CHARS``)."""


class InvalidText(InputError):
    """A text that is empty or holds what no Unicode text may (lone surrogates)."""


class AnalysisFailed(InputError):
    """A component raised on one document; the batch goes on without it.

    ``detail`` is the traceback, shown only with ``--debug``."""

    def __init__(self, source: str, error_type: str, message: str, detail: str = ""):
        self.detail = detail
        self.error_type = error_type
        first = message.strip().splitlines()[0] if message.strip() else ""
        super().__init__(source, f"analysis failed: {error_type}: {first}".rstrip(": "))


class ComponentError(UsageError):
    """A component's settings, files or registration are wrong (found at start-up)."""
