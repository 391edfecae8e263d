"""One small exception hierarchy. Per-document failures become ``errors`` rows, never crashes."""

from __future__ import annotations


class NewsfactsError(Exception):
    """Base class of every error newsfacts raises on purpose."""


class ModelNotInstalled(NewsfactsError):
    """Neither the configured spaCy model nor its fallbacks are installed."""


class DocumentError(NewsfactsError):
    """One document cannot be processed; becomes an ``errors`` row.

    ``stage`` is where it failed (read | clean | nlp | extract | write) and ``error`` a
    short class such as ``empty_input`` that users can group by.
    """

    def __init__(self, stage: str, error: str, message: str) -> None:
        super().__init__(message)
        self.stage = stage
        self.error = error
        self.message = message


class RunnerError(NewsfactsError):
    """A run cannot go on (its folder is in use, workers cannot start, bad engine)."""


class InputError(NewsfactsError):
    """An input path or pattern names nothing that can be read (a usage error, exit 2)."""


class OutputError(NewsfactsError):
    """The run folder cannot be written (read-only, a file, no space left): a usage error, exit 2.

    Shards finished before it are kept: once the folder is usable, the same command resumes.
    """
