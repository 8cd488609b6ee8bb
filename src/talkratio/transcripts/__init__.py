"""Meeting transcripts that a platform already wrote (Teams, Zoom, Meet, Webex, Otter, WhisperX).

`read(path)` turns a file into a `CueSheet`: cues in time order, each with one speaker's plain
text. What is settled here, for every format alike:

- a cue whose lines change speaker (`<v Anna>…</v><v Erik>…</v>`, or "Anna: …" then "Erik: …")
  becomes one cue per speaker, the cue's time shared out by the length of their text;
- a "Name: text" prefix names a speaker only when the name recurs or looks like a name
  (`text.is_label`), so "Jag sa: nej" stays a sentence;
- a cue the file gives no speaker keeps the speaker before it (a continued paragraph);
- a cue with only a start ends where the next one starts, but no later than its words take at
  90 words a minute; a file with no times at all is laid out at 150 words a minute;
- untimed lines before a file's first time are its heading and are dropped;
- cues out of order are sorted (and the report says so); a cue ending before it starts, a
  negative time, or a file with no text is refused with one line (TranscriptError, exit 2).

Nothing here loads a model: `talkratio analyze meeting.vtt` runs in seconds.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..errors import TranscriptError
from ..io import open_input
from ..schema import Cue, CueSheet, TranscriptSource
from . import formats
from .text import clean, decode, is_label, split_prefix

SUFFIXES = {".vtt": "vtt", ".srt": "srt", ".txt": "txt", ".json": "json", ".docx": "docx"}
FORMATS_HELP = ("WebVTT (Teams, Zoom, Meet, Webex), SRT, Zoom/Meet/Otter .txt, WhisperX/faster-whisper .json, "
                "Teams .docx")
SLOW_WORDS_PER_S = 1.5     # 90 wpm: a cue with only a start ends no later than its words take at this pace
WORDS_PER_S = 2.5          # 150 wpm: the pace for laying out a file with no times at all
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]*)>")


def is_transcript(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SUFFIXES


def read(path: str | Path) -> CueSheet:
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise TranscriptError(f"{path}: not a transcript format talkratio reads ({FORMATS_HELP})")
    with open_input(path, "a transcript", TranscriptError) as f:  # only a regular file: a FIFO would block
        try:
            data = f.read()
        except OSError as err:
            raise TranscriptError(f"{path}: cannot be read ({err.strerror or err})") from None
    if kind == "docx":
        if not data:
            raise TranscriptError(f"{path}: the transcript is empty")
        raw = formats.parse_docx(data, str(path))
        language = None
    else:
        text = decode(data, str(path))
        raw = getattr(formats, f"parse_{kind}")(text, str(path))
        language = _json_language(text) if kind == "json" else None
    cues, warnings = settle(raw, str(path))
    source = TranscriptSource(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format=kind, cues=len(cues),
                              warnings=tuple(warnings))
    return CueSheet(source=source, cues=tuple(cues), language=language)


def settle(raw: list[formats.Raw], path: str) -> tuple[list[Cue], list[str]]:
    """Raw cues to one-speaker cues in time order, with every cue's end known."""
    warnings: list[str] = []
    for n, r in enumerate(raw, 1):
        if (r.start is not None and r.start < 0) or (r.end is not None and r.end < 0):
            raise TranscriptError(f"{path}: cue {n} has a negative time")
        if r.start is not None and r.end is not None and r.end < r.start:
            raise TranscriptError(f"{path}: cue {n} ends before it starts ({_clock(r.start)} --> {_clock(r.end)})")
    raw = [r for r in raw if any(clean(line) for line in r.lines)]
    first = next((i for i, r in enumerate(raw) if r.start is not None), 0)
    raw = raw[first:]   # untimed lines before the first time are a heading ("Transcript", a date, a title)
    if not raw:
        raise TranscriptError(f"{path}: no cues with text in this transcript")
    _place_untimed(raw)
    if any(b.start < a.start for a, b in zip(raw, raw[1:])):
        warnings.append("sorted")
        raw = sorted(raw, key=lambda r: r.start)
    _fill_ends(raw)
    accepted = _labels(raw)
    cues: list[Cue] = []
    speaker: str | None = None
    for r in raw:
        parts = _segments(r, accepted, r.voice or speaker)
        speaker = parts[-1][0] if parts else speaker
        cues.extend(_share_time(r, parts))
    return cues, warnings


def _place_untimed(raw: list[formats.Raw]) -> None:
    """Cues without a start follow the cue before them (from 0 s), at WORDS_PER_S."""
    at = 0.0
    for r in raw:
        if r.start is None:
            r.start = at
            r.end = at + max(1, _n_words(r)) / WORDS_PER_S
        at = r.end if r.end is not None else r.start


def _fill_ends(raw: list[formats.Raw]) -> None:
    for i, r in enumerate(raw):
        if r.end is not None and r.end > r.start:
            continue
        spoken = max(1, _n_words(r)) / SLOW_WORDS_PER_S
        later = [x.start for x in raw[i + 1:] if x.start > r.start]
        r.end = r.start + (min(spoken, later[0] - r.start) if later else spoken)


def _n_words(r: formats.Raw) -> int:
    return sum(len(clean(line).split()) for line in r.lines)


def _labels(raw: list[formats.Raw]) -> set[str]:
    """The "Name:" prefixes in this file that name speakers (see `text.is_label`)."""
    seen: dict[str, int] = {}
    for r in raw:
        for line in r.lines:
            if not _VOICE.search(line):
                name = split_prefix(clean(line))[0]
                if name:
                    seen[name] = seen.get(name, 0) + 1
    return {name for name, n in seen.items() if is_label(name, n)}


def _segments(r: formats.Raw, labels: set[str], speaker: str | None) -> list[tuple[str | None, str]]:
    """(speaker, text) runs of one raw cue, split wherever a voice tag or a name prefix changes speaker."""
    parts: list[tuple[str | None, str]] = []

    def add(who: str | None, text: str, new: bool) -> None:
        text = clean(text)
        if new or not parts or parts[-1][0] != who:
            if text:
                parts.append((who, text))
        elif text:
            parts[-1] = (who, f"{parts[-1][1]} {text}")

    for line in r.lines:
        pieces = _VOICE.split(line)   # [before, name, text, name, text, …]
        if len(pieces) > 1:
            add(speaker, pieces[0], False)
            for name, text in zip(pieces[1::2], pieces[2::2]):
                speaker = clean(name) or speaker
                add(speaker, text, True)
            continue
        name, rest = split_prefix(clean(line))
        if name in labels:
            speaker = name
            add(speaker, rest, True)
        else:
            add(speaker, line, False)
    return parts


def _share_time(r: formats.Raw, parts: list[tuple[str | None, str]]) -> list[Cue]:
    """One cue per part, the raw cue's span divided by text length; the file's own word times kept."""
    if r.words and len(parts) == 1:
        return [Cue(r.start, r.end, parts[0][1], parts[0][0], r.words)]
    total = sum(len(text) for _, text in parts) or 1
    cues, at = [], r.start
    for who, text in parts:
        end = at + (r.end - r.start) * len(text) / total
        cues.append(Cue(round(at, 3), round(end, 3), text, who))
        at = end
    return cues


def _json_language(text: str) -> str | None:
    import json
    try:
        data = json.loads(text)
    except ValueError:
        return None
    lang = data.get("language") if isinstance(data, dict) else None
    return lang if lang in ("sv", "en") else None


def _clock(s: float) -> str:
    return f"{int(s // 3600):02d}:{int(s % 3600 // 60):02d}:{s % 60:06.3f}"
