"""The one error type users see: a one-line message, no traceback."""


class RRError(Exception):
    """A problem with the user's input or environment, reported as one line by the CLI."""

    exit_code = 1


class NotFound(RRError):
    exit_code = 2
