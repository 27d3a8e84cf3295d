"""Errors that the command-line entry points print as one clear line (no traceback wall)."""


class StudyError(Exception):
    """A problem the user can fix: bad params, a malformed notebook, a wrong folder..."""
