"""A folder run's transcripts: which go with a recording, which are analysed alone, which are not transcripts.

- A transcript whose path without its suffix equals a recording's (case aside) goes with that
  recording (`analyze REC --transcript T`); with several, the first of vtt, srt, docx, json, txt.
- A transcript with no recording is analysed alone when it matches `--glob` (if given).
- `.vtt`, `.srt` and `.docx` always count, so a broken one is reported; `.txt` and `.json`
  count only when they read as a transcript with speakers, since notes and talkratio's own
  reports share those suffixes.
- Files an earlier folder run wrote into OUT (its markers list them: `-f vtt,srt` exports)
  are never input. (A single-file run's `-f vtt` export beside its recording is not marked,
  and would be taken for that recording's transcript.)
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

from ..errors import TalkratioError, UsageError
from . import SUFFIXES, read

PREFERENCE = ("vtt", "srt", "docx", "json", "txt")
ALWAYS = frozenset({".vtt", ".srt", ".docx"})


def _key(rel: str) -> str:
    return PurePosixPath(rel).with_suffix("").as_posix().casefold()


def _rank(rel: str) -> int:
    return PREFERENCE.index(SUFFIXES[PurePosixPath(rel).suffix.lower()])


def looks_like_transcript(path: Path) -> bool:
    try:
        return any(c.speaker for c in read(path).cues)
    except (TalkratioError, OSError):
        return False


def pair(folder: Path, recordings: Sequence[str], transcripts: Sequence[str], pattern: str | None,
         written: Iterable[Path] = ()) -> tuple[dict[str, Path], list[str]]:
    """(recording rel → its transcript, transcripts to analyse alone), all relative to `folder`."""
    ours = {Path(p).resolve() for p in written}
    transcripts = sorted((t for t in transcripts if (folder / t).resolve() not in ours), key=lambda t: (_key(t), _rank(t)))
    by_stem = {_key(r): r for r in recordings}
    beside: dict[str, Path] = {}
    alone: list[str] = []
    for t in transcripts:
        rec = by_stem.get(_key(t))
        if rec in beside or not (PurePosixPath(t).suffix.lower() in ALWAYS or looks_like_transcript(folder / t)):
            continue
        if rec is not None:
            beside[rec] = folder / t
        elif not pattern or PurePosixPath(t).match(pattern):
            alone.append(t)
    return beside, alone


def check_outputs(out_dir: Path, stem: str, formats: Iterable[str], inputs: Iterable[Path | None]) -> None:
    """Refuse before any work when a report file would overwrite an input transcript
    (`analyze meeting.vtt -f vtt`, or a folder run into its own folder with `-f json` and a .json transcript)."""
    planned = {(Path(out_dir) / f"{stem}.{fmt}").resolve() for fmt in formats}
    for path in inputs:
        if path is not None and Path(path).resolve() in planned:
            raise UsageError(f"the report would overwrite the transcript {path}; write it elsewhere with --out")
