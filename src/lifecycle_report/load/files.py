"""Reading one YAML file into data or problems; never raises for bad content."""

from __future__ import annotations

import os
import stat
from typing import Any

from ..i18n import Catalog
from ..positions import YamlMap
from ..problems import Problem
from .validate import yaml_problem
from .yamlio import YamlError, decode, parse

#: Files larger than this are refused before parsing (a manifest is a few KiB).
MAX_FILE_BYTES = 1_000_000


def _read_regular(path: str | os.PathLike[str]) -> bytes | None:
    """The bytes of a regular file; ``None`` for anything else (a FIFO, a device, a
    folder), which is never read: opening without blocking, a FIFO cannot hang us."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)


def read_mapping(
    path: str | os.PathLike[str], file: str, catalog: Catalog
) -> tuple[YamlMap | None, list[Problem]]:
    """Parse ``path`` as a YAML mapping. ``file`` is the path shown in messages."""
    try:
        if os.path.islink(path):
            return None, [Problem(file, None, catalog("file.symlink"))]
        raw = _read_regular(path)
        if raw is None:
            return None, [Problem(file, None, catalog("file.not_regular"))]
    except OSError as exc:
        return None, [
            Problem(file, None, catalog("file.unreadable", detail=exc.strerror or str(exc)))
        ]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(file, None, catalog("file.too_large", limit=MAX_FILE_BYTES))]
    try:
        data: Any = parse(decode(raw))
    except YamlError as exc:
        return None, [yaml_problem(exc, file, catalog)]
    if data is None:
        return None, [Problem(file, 1, catalog("file.empty"))]
    if not isinstance(data, YamlMap):
        return None, [Problem(file, getattr(data, "line", 1), catalog("file.not_mapping"))]
    return data, []
