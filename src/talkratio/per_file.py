"""In a folder run, each recording's own meeting type and corrections.

A recording's type is, in order: the `meeting_type` of its corrections file (corrections.py:
`möte.talkratio.toml` beside its report in OUT, else beside the recording — the sidecar), the
name of the nearest folder it sits in that names a type (`sales/`, `kundmöten/`, `1on1/`, see
FOLDER_NAMES), and last the run's --meeting-type. The file's other corrections are applied
as `talkratio report` would apply them, by re-scoring the finished report (rescore.py): no
model runs again.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .audio import sha256_file
from .corrections import Corrections, beside, load

# Folder names that say which kind of meetings a folder holds (compared case-insensitively).
FOLDER_NAMES = {
    "one-on-one": ("one-on-one", "one_on_one", "1on1", "1-on-1", "1-1", "1:1", "one-on-ones", "1on1s",
                   "medarbetarsamtal", "utvecklingssamtal", "enskilda samtal", "avstämningar"),
    "sales": ("sales", "sales calls", "customer", "customers", "customer meetings", "sälj", "säljmöten",
              "säljsamtal", "kund", "kunder", "kundmöte", "kundmöten", "kundsamtal"),
    "team": ("team", "teams", "team meetings", "teammöte", "teammöten", "gruppmöten", "möten i teamet"),
}
_BY_NAME = {name.casefold(): kind for kind, names in FOLDER_NAMES.items() for name in names}


@dataclass(frozen=True)
class FileSettings:
    meeting_type: str | None        # None: the run's own
    corrections: Corrections | None
    fingerprint: str | None         # the corrections file's sha256: an edited file re-scores its report


def folder_type(rel: str) -> str | None:
    """The meeting type the nearest enclosing folder's name says, if any."""
    for part in reversed(PurePosixPath(rel).parent.parts):
        if part.casefold() in _BY_NAME:
            return _BY_NAME[part.casefold()]
    return None


def corrections_file(recording: Path, report_stem: Path) -> Path | None:
    """Beside the report (where `talkratio report` looks) first, else beside the recording."""
    for candidate in (report_stem.with_name(report_stem.name + ".json"), recording):
        found = beside(candidate)
        if found.is_file():
            return found
    return None


def settings_for(recording: Path, rel: str, out: Path, stem: str) -> FileSettings:
    """This recording's type and corrections; a broken corrections file raises UsageError."""
    path = corrections_file(recording, out / stem)
    fixes = load(path) if path else None
    kind = fixes.meeting_type if fixes and fixes.meeting_type else folder_type(rel)
    return FileSettings(kind, fixes, sha256_file(path) if path else None)
