"""Plain-text exports of a report: RTTM (diarization), SRT and WebVTT (subtitles)."""
from __future__ import annotations

import html
import re
from pathlib import Path

from .schema import Report

# every line break Python's splitlines() knows, and tabs: inside a field or a cue each would start a new
# record (a newline in --name made 17 utterances 25 cues and forged RTTM lines)
_BREAKS = re.compile(r"[\r\n\t\v\f\x1c-\x1e\x85\u2028\u2029]+")


def _field(text: str) -> str:
    """One RTTM field: whitespace of any kind is its separator, so none may remain inside."""
    return re.sub(r"\s+", "_", text.strip()) or "<NA>"


def _line(text: str) -> str:
    """Text on one cue line: breaks become spaces (a blank line ends a cue, a number line starts one)."""
    return _BREAKS.sub(" ", text).strip()


def _cue(text: str) -> str:
    """WebVTT/SRT cue text: `& < >` as entities, so `<script>` is text and `-->` cannot open a timing line."""
    return html.escape(_line(text), quote=False)


def to_rttm(report: Report) -> str:
    uri = _field(Path(report.source.path).stem.strip() or "audio")
    return "".join(
        f"SPEAKER {uri} 1 {t.start:.3f} {t.duration:.3f} <NA> <NA> {_field(report.display(t.speaker))} <NA> <NA>\n"
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
        f"{i}\n{_stamp(u.start, ',')} --> {_stamp(u.end, ',')}\n{_cue(report.display(u.speaker))}: {_cue(u.text)}\n"
        for i, u in enumerate(report.utterances, 1)
    )


def to_vtt(report: Report) -> str:
    cues = "\n".join(
        f"{_stamp(u.start, '.')} --> {_stamp(u.end, '.')}\n<v {_cue(report.display(u.speaker))}>{_cue(u.text)}\n"
        for u in report.utterances
    )
    return "WEBVTT\n\n" + cues
