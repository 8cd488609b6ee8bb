"""What a folder run leaves besides the reports: index.html, summary.csv and failures.json.

Written last, and also when the run is interrupted, so the overview always lists exactly the
recordings whose reports are finished.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .. import __version__
from ..io import atomic_write_text
from ..render.index import render_index, summary_csv
from .discovery import Recording
from .workers import Failure


@dataclass(frozen=True)
class BatchResult:
    out: Path
    analysed: tuple[str, ...]
    skipped: tuple[str, ...]
    failures: tuple[Failure, ...]
    lang: str                             # of the index page
    index: Path
    summary: Path
    failures_path: Path
    warnings: tuple[tuple[str, str], ...] = ()   # (file, text): a meeting type that does not fit its speakers

    @property
    def ok(self) -> bool:
        return not self.failures


def _dated(row: dict, rec: Recording) -> dict:
    """A meeting without a recorded date is placed by its file's time, and marked as such."""
    if row.get("date"):
        return row
    try:
        day = dt.date.fromtimestamp(rec.path.stat().st_mtime).isoformat()
    except OSError:
        return row
    return {**row, "date": day, "date_source": "file"}


def index_language(rows: Iterable[dict], ui_language: str | None) -> str:
    """The overview's language: --ui-language, else the language most of its meetings were held in."""
    if ui_language:
        return "sv" if ui_language.lower().startswith("sv") else "en"
    common = Counter(r.get("language") for r in rows).most_common(1)
    return "sv" if common and common[0][0] == "sv" else "en"


def summarise(out: Path, recordings: Sequence[Recording], rows: dict[str, dict], failures: Sequence[Failure],
              lang: str, analysed: Sequence[str], skipped: Sequence[str]) -> BatchResult:
    """Write the folder's overview files for the finished `rows` (in the folder's order)."""
    listed = [_dated(rows[r.rel], r) for r in recordings if r.rel in rows]
    failures = sorted(failures, key=lambda f: f.file)
    paths = out / "index.html", out / "summary.csv", out / "failures.json"
    atomic_write_text(paths[0], render_index(listed, [asdict(f) for f in failures], lang, __version__))
    atomic_write_text(paths[1], summary_csv(sorted(listed, key=lambda r: (r.get("date") or "", r["file"])), lang))
    atomic_write_text(paths[2], json.dumps([asdict(f) for f in failures], ensure_ascii=False, indent=1))
    return BatchResult(out, tuple(analysed), tuple(skipped), tuple(failures), lang, *paths)
