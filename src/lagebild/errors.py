"""Errors that reach the user as one line: which input, which line, what to do."""

from __future__ import annotations


class LagebildError(Exception):
    """Base class of every error Lagebild reports to the user."""


class InputError(LagebildError):
    """An input that cannot be analysed; a batch goes on without it."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


class UsageError(LagebildError):
    """A wrong option or setting: nothing is processed."""
