"""The one error type of the pipeline: a problem found in a file, at a line.

Loading never raises for bad input: every problem becomes a :class:`Problem` that the
report lists under ``errors`` and the site shows on the model's page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A problem in a registry file. ``line`` is 1-based, ``None`` when unknown."""

    file: str
    line: int | None
    message: str

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "message": self.message}


def unexpected(file: str, error: BaseException, catalog: Callable[..., str]) -> Problem:
    """An unexpected error while handling ``file``: the file's problem, never a crash
    of the whole report. The message names the error, shortened."""
    detail = f"{type(error).__name__}: {error}"
    if len(detail) > 200:
        detail = detail[:199] + "…"
    return Problem(file, None, catalog("internal.unexpected", detail=detail))
