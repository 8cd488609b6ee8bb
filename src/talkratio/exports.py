"""Plain-text exports of a report: RTTM (diarization), SRT and WebVTT (subtitles)."""
from __future__ import annotations

from pathlib import Path

from .schema import Report


def to_rttm(report: Report) -> str:
    uri = Path(report.source.path).stem.replace(" ", "_") or "audio"
    return "".join(
        f"SPEAKER {uri} 1 {t.start:.3f} {t.duration:.3f} <NA> <NA> {report.display(t.speaker).replace(' ', '_')} <NA> <NA>\n"
        for t in report.turns
    )


def _stamp(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(report: Report) -> str:
    return "\n".join(
        f"{i}\n{_stamp(u.start, ',')} --> {_stamp(u.end, ',')}\n{report.display(u.speaker)}: {u.text}\n"
        for i, u in enumerate(report.utterances, 1)
    )


def to_vtt(report: Report) -> str:
    cues = "\n".join(
        f"{_stamp(u.start, '.')} --> {_stamp(u.end, '.')}\n<v {report.display(u.speaker)}>{u.text}\n"
        for u in report.utterances
    )
    return "WEBVTT\n\n" + cues
