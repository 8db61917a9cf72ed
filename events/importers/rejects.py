"""The rejects file of ``--partial``: the rows that were not imported, as they came, plus a reason.

CSV rows keep their header and cells (and their bytes: undecodable ones are written back
as they were), so the file can be fixed in a spreadsheet and imported again. GeoJSON
features and KML placemarks become a GeoJSON FeatureCollection with a ``reason`` property.
"""

import csv
import json
from pathlib import Path
from typing import Any, TextIO

REASON = "reason"


def rejects_path(path: str, source_name: str, several: bool) -> Path:
    """Where one input's rejects go: ``path`` itself, or ``path-<input>`` when there are several inputs."""
    target = Path(path)
    if not several:
        return target
    return target.with_name(f"{target.stem}-{Path(source_name).stem}{target.suffix}")


class RejectsFile:
    """Opened on the first rejected row; nothing is created when every row is good."""

    def __init__(self, path: Path, source):
        self.path, self.source = path, source
        self.handle: TextIO | None = None
        self.writer: Any = None  # a csv writer, once the first row is rejected
        self.features: list[dict] = []

    def add(self, original, reason: str):
        if self.source.format == "csv":
            if self.writer is None:
                self.handle = handle = self.path.open("w", encoding="utf-8", errors="surrogateescape", newline="")
                self.writer = csv.writer(handle)
                self.writer.writerow([*self.source.columns, REASON])
            self.writer.writerow([*original, reason])
        else:
            feature = dict(original)
            feature["properties"] = {**(feature.get("properties") or {}), REASON: reason}
            self.features.append(feature)

    def close(self):
        if self.handle is not None:
            self.handle.close()
        elif self.features:
            document = {"type": "FeatureCollection", "features": self.features}
            self.path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
