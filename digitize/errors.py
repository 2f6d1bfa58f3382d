"""One exception per failure kind, each with the exit code the CLI maps it to."""

from __future__ import annotations


class ExitCode:
    OK = 0
    SOME_FILES_FAILED = 1
    USAGE = 2  # click's own code for bad options
    MISSING_DEPENDENCY = 3
    DATABASE = 4
    CONFIG = 5
    INTERRUPTED = 130


class DigitizeError(Exception):
    """Base class: carries the exit code and a one-line message for the user."""

    exit_code = ExitCode.SOME_FILES_FAILED


class BadInputError(DigitizeError):
    """One input file cannot be read: the document fails, the batch goes on."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EncryptedPdfError(BadInputError):
    pass


class TooLargeError(BadInputError):
    pass


class MissingDependencyError(DigitizeError):
    exit_code = ExitCode.MISSING_DEPENDENCY


class DatabaseError(DigitizeError):
    exit_code = ExitCode.DATABASE


class ConfigError(DigitizeError):
    exit_code = ExitCode.CONFIG
