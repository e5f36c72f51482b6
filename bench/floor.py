"""The parsing floor: the cost of merely reading a registry's files.

`check` cannot be faster than loading owners.yaml, policy.yaml, every
model.yaml (with libyaml's CSafeLoader) and every monitoring.csv (with the csv
module). The benchmark reports check's time as a multiple of this floor.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml


def _load_yaml(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def parse_floor(root: Path) -> None:
    """Parse every file `check` must read under `root`, discarding the results."""
    for name in ("owners.yaml", "policy.yaml"):
        path = root / name
        if path.is_file():
            _load_yaml(path)
    models_dir = root / "models"
    for model_dir in sorted(models_dir.iterdir()):
        _load_yaml(model_dir / "model.yaml")
        summary = model_dir / "monitoring.csv"
        if summary.is_file():
            with summary.open(encoding="utf-8", newline="") as handle:
                list(csv.reader(handle))


if __name__ == "__main__":
    import time

    start = time.perf_counter()
    parse_floor(Path(sys.argv[1]))
    print(f"floor: {time.perf_counter() - start:.3f} s")
