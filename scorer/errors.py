"""Errors that stop the reading of one report.

Findings are never exceptions; only "cannot proceed" is. Every message is bilingual and names the
file and what to do, because inspectors, not programmers, read it.
"""

from __future__ import annotations


class ReadError(Exception):
    """A report file cannot be read at all (wrong format, corrupt, encrypted, scanned...).

    Attributes:
        path: The file that could not be read.
        code: A stable reason code such as ``not_a_docx`` or ``scanned_pdf``.
        message: Chinese and English text saying what is wrong and what to do.
    """

    def __init__(self, path: str, code: str, message: str) -> None:
        """Build the error; ``str(err)`` is the full bilingual message with the path."""
        super().__init__(f"{path}: {message}")
        self.path = path
        self.code = code
        self.message = message
