"""What to read as a model's monitoring summary (the readers are in ``summary_*``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SummaryRequest:
    """One model's summary to read: ``path`` on disk, ``file`` as messages show it."""

    kind: str  # "csv", "parquet" or "evidently"
    path: str
    file: str
    #: Evidently only: signal -> what identifies its metric in a snapshot.
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
