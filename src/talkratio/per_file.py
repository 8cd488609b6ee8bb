"""Each recording's own meeting type and corrections: in a folder run, and for `analyze FILE` (sidecar).

A recording's type is, in order: the `meeting_type` of its corrections file (corrections.py:
`möte.talkratio.toml` beside its report in OUT, else beside the recording — the sidecar), the
name of the nearest folder it sits in that names a type (`sales/`, `kundmöten/`, `1on1/`, see
FOLDER_NAMES), and last the run's --meeting-type. The file's other corrections are applied
as `talkratio report` would apply them, by re-scoring the finished report (rescore.py): no
model runs again. `analyze FILE` reads the same file (`sidecar`); there a --meeting-type or --host
given on the command line wins over it, as it does for `talkratio report`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .audio import sha256_file
from .corrections import Corrections, existing_beside, load
from .errors import UsageError, kind_of
from .schema import Report

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
        if found := existing_beside(candidate):
            return found
    return None


def sidecar(recording: Path, out: Path) -> Corrections | None:
    """A single file's corrections file, found as a folder run finds it (beside its report in `out`,
    else beside it), read and checked: a broken one is a UsageError before any model loads."""
    path = corrections_file(recording, out / recording.stem)
    return load(path) if path else None


def settings_for(recording: Path, rel: str, out: Path, stem: str) -> FileSettings:
    """This recording's type and corrections; a broken corrections file raises UsageError."""
    path = corrections_file(recording, out / stem)
    fixes = load(path) if path else None
    kind = fixes.meeting_type if fixes and fixes.meeting_type else folder_type(rel)
    return FileSettings(kind, fixes, sha256_file(path) if path else None)


def own_settings(recordings, out: Path) -> tuple[dict[str, FileSettings], list[tuple[str, str, str, str]]]:
    """rel → FileSettings for each `batch.Recording`, and (rel, stage, reason, kind) for a broken corrections
    file: that recording fails, the others go on."""
    per, broken = {}, []
    for r in recordings:
        try:
            per[r.rel] = settings_for(r.path, r.rel, out, r.stem)
        except UsageError as err:   # corrections.CorrectionsError
            broken.append((r.rel, err.stage, " ".join(str(err).split()), kind_of(err)))
    return per, broken


def own_report(report: Report, own: FileSettings, options) -> Report:
    """The report with its file's own meeting type and corrections, re-scored without the models
    (a CorrectionsError — an entry matching nothing — fails this file only)."""
    if not own.meeting_type and own.corrections is None:
        return report
    from .rescore import rescore

    return rescore(report, meeting_type=own.meeting_type, corrections=own.corrections, needs=options.needs)


def type_warnings(report: Report) -> list[str]:
    """The report's notice that its meeting type does not fit the speakers heard, for stderr."""
    from .notices import notices
    from .render import ui_language

    return [n.text for n in notices(report, ui_language(report)) if n.key == "type.speakers"]
