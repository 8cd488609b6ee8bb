"""Each transcript format to raw cues: times, the speaker the structure names, and the text lines.

- `.vtt` (Teams, Zoom, Meet, Webex): webvtt-py reads cues, NOTE/STYLE blocks and identifiers;
  speakers from `<v Name>` voice tags (several in one cue when the speaker changes mid-cue)
  or from "Name: text" lines (Zoom, Webex).
- `.srt`: the `srt` library; speakers from "Name:" / "[Name]:" prefixes.
- `.txt` (Zoom, Meet, Otter, Teams' copied text): line by line — "Name  0:01:02" or
  "[Name] 00:01:02" headers (text on the lines below), "0:00:03.920 --> 0:00:07.100" lines,
  a time on its own line, "00:01:02 Name: text" or just "Name: text" lines.
- `.json` (WhisperX, faster-whisper segments): `segments[].start/end/text/speaker/words`.
- `.docx` (Teams' Word download): its paragraphs, read as `.txt`.

Speaker prefixes and timing gaps are settled later, in `talkratio.transcripts.read`.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field

from ..errors import TranscriptError
from ..schema import Word
from .text import parse_clock

_CLOCK = r"\[?\(?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?\)?\]?"
_LOOSE = r"(?:\d{1,2}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"   # Teams' old docx writes 0:0:3.92
_ARROW = re.compile(rf"^\s*({_LOOSE})\s*-->\s*({_LOOSE})(?:\s.*)?$")
_TIME_ONLY = re.compile(rf"^\s*({_CLOCK})\s*$")
_HEADER = re.compile(rf"^\s*(?P<name>[^\d\s:\[\]][^:\[\]]{{0,60}}?)\s*[|·,-]?\s+(?P<time>{_CLOCK})\s*$")
_BRACKET_HEADER = re.compile(rf"^\s*\[(?P<name>[^\]]{{1,60}})\]\s*(?P<time>{_CLOCK})?\s*(?P<text>.*)$")
_TIMED_LINE = re.compile(rf"^\s*(?P<time>{_CLOCK})\s+(?P<text>\S.*)$")


@dataclass
class Raw:
    """A cue as the file has it; `end` None when the file gives only a start."""
    start: float | None
    end: float | None
    voice: str | None = None                      # a speaker the structure names (header, JSON field)
    lines: list[str] = field(default_factory=list)
    words: tuple[Word, ...] = ()


def parse_vtt(text: str, path: str) -> list[Raw]:
    import webvtt
    from webvtt.errors import MalformedFileError

    try:
        captions = webvtt.from_string(text)
    except MalformedFileError as err:
        raise TranscriptError(f"{path}: not a WebVTT file ({err}; it must start with WEBVTT)") from None
    return [Raw(parse_clock(c.start), parse_clock(c.end), None, c.raw_text.split("\n")) for c in captions]


def parse_srt(text: str, path: str) -> list[Raw]:
    import srt

    try:
        subs = list(srt.parse(text, ignore_errors=False))
    except (srt.SRTParseError, ValueError) as err:
        raise TranscriptError(f"{path}: not an SRT file ({_first_line(err)})") from None
    return [Raw(s.start.total_seconds(), s.end.total_seconds(), None, s.content.split("\n")) for s in subs]


def parse_txt(text: str, path: str) -> list[Raw]:
    """Line by line; a line that starts nothing new continues the cue before it."""
    cues: list[Raw] = []
    current: Raw | None = None
    for line in text.split("\n"):
        if not line.strip():
            continue
        if m := _ARROW.match(line):
            current = Raw(parse_clock(m[1]), parse_clock(m[2]))
            cues.append(current)
        elif m := _TIME_ONLY.match(line):
            current = Raw(parse_clock(m[1]), None)
            cues.append(current)
        elif (m := _BRACKET_HEADER.match(line)) and (m["time"] or m["text"]):
            start = parse_clock(m["time"]) if m["time"] else None
            if current is not None and not current.lines and current.voice is None and start is None:
                current.voice = m["name"].strip()                  # "0:03\n[Anna] text"
            else:
                current = Raw(start, None, m["name"].strip())
                cues.append(current)
            if m["text"].strip():
                current.lines.append(m["text"])
        elif (m := _HEADER.match(line)) and not line.rstrip().endswith((".", "?", "!")):
            current = Raw(parse_clock(m["time"]), None, m["name"].strip())
            cues.append(current)
        elif m := _TIMED_LINE.match(line):
            current = Raw(parse_clock(m["time"]), None, None, [m["text"]])
            cues.append(current)
        elif current is not None and current.voice is None and not current.lines and _is_name_line(line):
            current.voice = line.strip()                          # Teams' old docx: time line, name line, text
        else:
            if current is None or (current.lines and _is_prefixed(line) and current.start is None):
                current = Raw(None, None)                          # "Name: text" lines without times
                cues.append(current)
            current.lines.append(line)
    return [c for c in cues if c.lines]


def _is_name_line(line: str) -> bool:
    """A short line of capitalised words with no sentence punctuation: a speaker's name on its own."""
    words = line.split()
    return 0 < len(words) <= 4 and len(line) <= 60 and not re.search(r"[.?!,:;]", line) and all(
        w[:1].isupper() or w.isdigit() for w in words)


def _is_prefixed(line: str) -> bool:
    from .text import split_prefix
    return split_prefix(line)[0] is not None


def parse_json(text: str, path: str) -> list[Raw]:
    """WhisperX (`segments` with `speaker` and `words` with `word`/`score`) or faster-whisper segments."""
    try:
        data = json.loads(text)
    except ValueError as err:
        raise TranscriptError(f"{path}: not valid JSON ({err})") from None
    if isinstance(data, dict) and data.get("schema", "").startswith("talkratio.report"):
        raise TranscriptError(f"{path}: is a talkratio report, not a transcript (re-render it with `talkratio report`)")
    segments = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(segments, list) or not all(isinstance(s, dict) for s in segments):
        raise TranscriptError(f"{path}: not a WhisperX or faster-whisper transcript (no list of segments)")
    cues = []
    for n, s in enumerate(segments, 1):
        try:
            words = tuple(Word(" " + str(w.get("word", w.get("text", ""))).strip(), float(w["start"]), float(w["end"]),
                               float(w.get("score", w.get("probability", 1.0))))
                          for w in s.get("words", ()) if "start" in w and "end" in w)
            speaker = s.get("speaker")
            cues.append(Raw(float(s["start"]), float(s["end"]), str(speaker) if speaker is not None else None,
                            [str(s.get("text", ""))], words))
        except (KeyError, TypeError, ValueError):
            raise TranscriptError(f"{path}: segment {n} has no usable start, end and text") from None
    return cues


def parse_docx(data: bytes, path: str) -> list[Raw]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as err:
        raise TranscriptError(f"{path}: not a readable Word document ({_first_line(err)})") from None
    except Exception as err:  # a damaged zip or XML inside: python-docx raises whatever its parsers raise
        raise TranscriptError(f"{path}: not a readable Word document ({type(err).__name__})") from None
    lines = [line for p in document.paragraphs for line in p.text.replace("\v", "\n").split("\n")]
    return parse_txt("\n".join(lines), path)


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:160]
