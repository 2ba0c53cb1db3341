"""Problems found in volunteers' files, reported in French.

Every check collects all problems instead of stopping at the first one; each
problem names the file, the line, the field (as the volunteer wrote it) and
says what was found and what is expected.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str
    # What to do in the file (« ajoutez avant cette ligne … »): said by
    # `make check` and the build, not next to a web form's field.
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f", ligne {self.line}"
        text = f"{self.message} ; {self.hint}" if self.hint else self.message
        if self.field:
            return f"{where}, {self.field} : {text}"
        return f"{where} : {text}"


class FieldError(ValueError):
    """A value that does not fit its field; the message is French and complete."""


class InvalidContent(Exception):
    """Raised by the build when a file must be skipped; carries its problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def quote(value: object, limit: int = 60) -> str:
    """The value as shown to a volunteer: « value », shortened if long."""
    text = str(value).replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"« {text} »"
