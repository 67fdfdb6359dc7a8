"""The errors users see: each a one-line message, no traceback, and its own exit code.

Library messages speak of parameters (``limit must be between 1 and 10000``); the CLI
knows which flag a parameter is and says ``--limit`` instead (see :class:`InvalidInput`).
"""

from __future__ import annotations


class RRError(Exception):
    """A problem with the user's input or environment, reported as one line by the CLI."""

    exit_code = 1


class InvalidInput(RRError):
    """A parameter with a value the library cannot use: ``InvalidInput("limit", "must be ...")``.

    ``str()`` names the parameter; :meth:`worded` lets a caller name it its own way (a flag).
    """

    exit_code = 2

    def __init__(self, param: str, message: str, value: object = None):
        self.param, self.message, self.value = param, message, value
        super().__init__(self.worded(param if param.startswith("RR_") else param.replace("_", " ")))

    def worded(self, name: str) -> str:
        return f"{name} {self.message}"


class NotFound(RRError):
    """An episode, article, file or folder that is not there."""

    exit_code = 2


class Busy(RRError):
    """Another process holds a lock the command needs and did not let go in time."""

    exit_code = 75  # EX_TEMPFAIL: try again later


class CorruptCatalogue(RRError):
    """catalog.json (or a file beside it) cannot be read as a catalogue; names the bad row."""

    exit_code = 65  # EX_DATAERR
