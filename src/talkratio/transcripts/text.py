"""Bytes to clean cue text: encodings of real exports, styling tags, entities, "Name:" prefixes.

Teams and Zoom write UTF-8 (sometimes with a BOM); a transcript saved from Windows Notepad
or Word's "Unicode" text is UTF-16; older Windows tools write cp1252. Line ends may be CRLF.
"""
from __future__ import annotations

import codecs
import html
import re

from ..errors import TranscriptError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.]*>")      # <b>, </i>, <c.yellow>, <v Anna>, <00:00:01.500>
_SPACE = re.compile(r"\s+")
# "Anna Svensson: text" — a name of one to four words, no digits, no sentence punctuation, not a URL
_PREFIX = re.compile(r"^\s*(?:[-–—]\s*)?\[?(?P<name>[^\W\d_][\w]*(?:[ .'’\-]{1,2}\w+){0,3})\]?\s*:\s+(?P<text>\S.*)$")


def decode(data: bytes, path: str) -> str:
    """The file's text with `\\n` line ends, whichever of the usual encodings it was saved in."""
    if not data.strip():
        raise TranscriptError(f"{path}: the transcript is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _lines(data.decode(encoding, errors="replace"))
    if len(data) >= 4 and (data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return _lines(data.decode(encoding, errors="replace"))   # UTF-16 without a BOM: every other byte is 0
    if b"\0" in data:
        raise TranscriptError(f"{path}: not a text transcript (binary data)")
    try:
        return _lines(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _lines(data.decode("cp1252", errors="replace"))


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def clean(text: str) -> str:
    """Plain words: styling and voice tags dropped, entities (&amp; &lt; &#229;) decoded, one line."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", text))).strip()


def split_prefix(line: str) -> tuple[str | None, str]:
    """("Anna Svensson", "Hej!") from "Anna Svensson: Hej!"; (None, line) when it has no name prefix.
    A candidate only: `labels()` decides which candidates in a file are names."""
    m = _PREFIX.match(line)
    if not m:
        return None, line
    return m["name"].strip(), m["text"].strip()


def parse_clock(text: str) -> float:
    """Seconds from 1:02:03.5, 01:02:03,500, 02:03 or 0:0:3.92 (Teams' old docx)."""
    parts = text.strip().strip("[]()").replace(",", ".").split(":")
    if not 2 <= len(parts) <= 3 or not all(p.replace(".", "", 1).isdigit() for p in parts):
        raise ValueError(f"not a time: {text!r}")
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + float(p)
    return seconds


def is_label(name: str, seen: int) -> bool:
    """A prefix is a speaker's name when it recurs, or looks like one (every word capitalised, or
    "SPEAKER_00" / "Speaker 2"): "Jag sa: nej" once in a file is a sentence, not a speaker."""
    words = re.split(r"[ .'’\-]+", name)
    return seen >= 2 or all(w[:1].isupper() or w.isdigit() for w in words if w)
