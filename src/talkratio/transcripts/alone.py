"""A transcript file on its own: cues become the turns and words `build_report()` takes, no model loaded.

Each named speaker gets an id (SPEAKER_00, … in order of first words) and their name; each cue
is one turn of its speaker, so talk time is the cues' spans — an estimate, since a cue includes
the pauses inside it — and the report says so (`source.timing = "transcript"`), with patience
and interruptions marked unavailable. Words are spread over their cue by their length unless
the file has word times of its own. The language comes from `--language`, the file, or which
language's common small words it uses more (lang/sv.py, lang/en.py `COMMON_WORDS`).
"""
from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Mapping

from ..errors import TranscriptError
from ..lang import SUPPORTED
from ..progress import Hook, silent
from ..schema import AudioInfo, Cue, CueSheet, Diarization, Report, Transcript, Turn, Word
from . import read

UNKNOWN = "unknown"
_WORD = re.compile(r"[^\W\d_]+")


def speaker_ids(cues: Iterable[Cue]) -> dict[str, str]:
    """Transcript name → speaker id, in order of first appearance."""
    ids: dict[str, str] = {}
    for c in cues:
        if c.speaker is not None and c.speaker not in ids:
            ids[c.speaker] = f"SPEAKER_{len(ids):02d}"
    return ids


def spread(text: str, start: float, end: float, speaker: str | None = None) -> tuple[Word, ...]:
    """The cue's words laid end to end over its span, each as long as its share of the letters."""
    tokens = text.split()
    total = sum(len(t) + 1 for t in tokens) or 1
    words, at = [], start
    for token in tokens:
        length = (end - start) * (len(token) + 1) / total
        words.append(Word(" " + token, round(at, 3), round(at + length, 3), 1.0, speaker))
        at += length
    return tuple(words)


def cue_words(cue: Cue, speaker: str | None) -> tuple[Word, ...]:
    if cue.words:
        return tuple(replace(w, speaker=speaker) for w in cue.words)
    return spread(cue.text, cue.start, cue.end, speaker)


def guess_language(texts: Iterable[str], forced: str = "auto", hint: str | None = None) -> tuple[str, str]:
    """(language, how it was chosen): forced, the file's own field, or its common small words."""
    if forced != "auto":
        return forced, "forced"
    if hint in SUPPORTED:
        return hint, "transcript file"
    counts = {lang: 0 for lang in SUPPORTED}
    for text in texts:
        for w in _WORD.findall(text.lower()):
            for lang, rules in SUPPORTED.items():
                counts[lang] += w in rules.COMMON_WORDS
    return ("sv" if counts["sv"] > counts["en"] else "en"), "common words"


def stages(sheet: CueSheet, language: str = "auto") -> tuple[AudioInfo, Diarization, Transcript]:
    """The stage values an audio analysis would have made, from the cues alone."""
    path = sheet.source.path
    if all(c.speaker is None for c in sheet.cues):
        raise TranscriptError(f"{path}: the transcript names no speakers; give the recording as well "
                              f"(talkratio analyze RECORDING --transcript {Path(path).name}) so the voices tell who spoke")
    ids = speaker_ids(sheet.cues)
    turns, words = [], []
    for c in sheet.cues:
        who = ids.get(c.speaker, UNKNOWN) if c.speaker is not None else UNKNOWN
        turns.append(Turn(who, c.start, c.end))
        words.extend(cue_words(c, who))
    lang, method = guess_language((c.text for c in sheet.cues), language, sheet.language)
    turns.sort(key=lambda t: (t.start, t.end))
    source = replace(sheet.source, mapping=ids)
    info = AudioInfo(path=path, sha256=sheet.source.sha256, duration_s=round(max(c.end for c in sheet.cues), 3),
                     channels=0, sample_rate=0, timing="transcript", transcript=source)
    diarization = Diarization(turns=tuple(turns), exclusive=tuple(turns), model=f"transcript:{sheet.source.format}")
    transcript = Transcript(words=tuple(words), language=lang, language_probability=None,
                            model=f"transcript:{sheet.source.format}", language_method=method,
                            names=_names(ids), source=source)
    return info, diarization, transcript


def _names(ids: Mapping[str, str]) -> dict[str, str]:
    return {sid: name for name, sid in ids.items() if name != sid}


def analyze_transcript(path: str | Path, options, hook: Hook = silent) -> Report:
    """`talkratio analyze meeting.vtt`: the report from the transcript alone (`options`: pipeline.Options)."""
    from ..report import build_report

    timings: dict[str, float] = {}
    t = time.perf_counter()
    hook("read", completed=0, total=1)
    sheet = read(path)
    info, diarization, transcript = stages(sheet, options.language)
    timings["read"] = time.perf_counter() - t
    t = time.perf_counter()
    hook("analyze", completed=0, total=1)
    report = build_report(
        info, diarization, transcript, meeting_type=options.meeting_type, host_flag=options.host,
        needs_method=options.needs.get(options.meeting_type),
        names={**transcript.names, **options.names}, recorded=options.recorded,
        models={"diarization": diarization.model, "asr": transcript.model, "language": transcript.language_method},
        settings={"language": options.language, "meeting_type": options.meeting_type, "transcript": str(path)})
    timings["analyze"] = time.perf_counter() - t
    hook("analyze", completed=1, total=1)
    return replace(report, timings_s={k: round(v, 3) for k, v in timings.items()})
