"""`analyze meeting.mp4 --transcript meeting.vtt`: the audio times the speech, the transcript says the words.

A transcriber backend (`get_transcriber("file", path=…)`): the pipeline diarizes as usual and
hands it the diarized turns, and instead of running Whisper it returns the transcript's words,
each already carrying the diarized speaker its transcript speaker was mapped to.

The mapping rule: for every pair (transcript speaker, diarized speaker) add up the seconds in
which the transcript's cues of the one overlap the turns of the other; take pairs from the
largest overlap down, each side used once. A transcript speaker left over (more names than
voices) goes to the voice it overlaps most, and the report warns. Names carry over to the
mapped voices. `agreement` is the share of the transcript's cue time in which the mapped voice
is speaking; under AGREEMENT_WARN the report says the two disagree. The transcript is also
tried shifted by up to ±SHIFTS_S: a shift that covers clearly more of the diarized speech
than none is reported as a likely offset. Cues without a speaker get one from the audio.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Sequence

from ..attribute import assign_speakers
from ..metrics import union
from ..progress import Hook, silent
from ..schema import Audio, CueSheet, Transcript, Turn, Word
from . import read
from .alone import cue_words, guess_language

AGREEMENT_WARN = 0.5
SHIFTS_S = (-60, -30, -20, -10, -5, -3, -2, -1, 1, 2, 3, 5, 10, 20, 30, 60)
SHIFT_GAIN = 0.15          # a shift must cover this much more of the cue time with speech to be reported
PAST_END_S = 5.0           # cues ending this far past the recording's end are reported


class FileTranscriber:
    name = "file"

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.sheet: CueSheet = read(self.path)   # a bad transcript fails before any model loads

    def describe(self) -> str:
        return f"{self.path.name}:{self.sheet.source.sha256}"

    def __call__(self, audio: Audio, *, language: str = "auto", speech: Sequence[Turn] = (),
                 hook: Hook = silent) -> Transcript:
        hook("transcript", completed=0, total=1)
        sheet = self.sheet
        lang, method = guess_language((c.text for c in sheet.cues), language, sheet.language)
        mapping, agreement = map_speakers(sheet, speech)
        words: list[Word] = []
        for c in sheet.cues:
            words.extend(cue_words(c, mapping.get(c.speaker) if c.speaker is not None else None))
        if any(w.speaker is None for w in words):   # unlabelled cues: the voices decide
            exclusive = _exclusive(speech)
            timed = dict(zip(range(len(words)), assign_speakers(words, exclusive)))
            words = [w if w.speaker is not None else timed[i] for i, w in enumerate(words)]
        warnings = list(sheet.source.warnings)
        if mapping and agreement is not None and agreement < AGREEMENT_WARN:
            warnings.append(f"low_agreement:{agreement:.2f}")
        shift = likely_shift(sheet, speech)
        if shift is not None:
            warnings.append(f"shifted:{shift:g}")
        past = max(c.end for c in sheet.cues) - audio.info.duration_s
        if past > PAST_END_S:
            warnings.append(f"past_end:{past:.0f}")
        if len(set(mapping.values())) < len(mapping):
            warnings.append("merged")
        source = replace(sheet.source, mapping=mapping, agreement=None if agreement is None else round(agreement, 3),
                         warnings=tuple(warnings))
        names: dict[str, str] = {}
        for name, sid in mapping.items():   # the first name mapped to a voice is its name
            names.setdefault(sid, name)
        hook("transcript", completed=1, total=1)
        return Transcript(words=tuple(words), language=lang, language_probability=None,
                          model=f"transcript:{sheet.source.format}", language_method=method,
                          names={sid: n for sid, n in names.items() if n != sid}, source=source)


def _overlap(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]) -> float:
    """Seconds shared by two sorted lists of disjoint spans (a linear merge)."""
    total, i, j = 0.0, 0, 0
    while i < len(a) and j < len(b):
        total += max(0.0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def _spans(sheet: CueSheet, shift: float = 0.0) -> dict[str, list[tuple[float, float]]]:
    per: dict[str, list[tuple[float, float]]] = {}
    for c in sheet.cues:
        if c.speaker is not None:
            per.setdefault(c.speaker, []).append((c.start + shift, c.end + shift))
    return {k: union(v) for k, v in per.items()}


def map_speakers(sheet: CueSheet, turns: Sequence[Turn]) -> tuple[dict[str, str], float | None]:
    """Transcript name → diarized speaker id by most shared time (see the module's rule), and the agreement."""
    cues = _spans(sheet)
    voices: dict[str, list[tuple[float, float]]] = {}
    for t in turns:
        voices.setdefault(t.speaker, []).append((t.start, t.end))
    voices = {k: union(v) for k, v in voices.items()}
    if not cues or not voices:
        return {}, None
    shared = {(n, v): _overlap(cues[n], voices[v]) for n in cues for v in voices}
    mapping: dict[str, str] = {}
    for (n, v), seconds in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])):
        if seconds > 0 and n not in mapping and v not in mapping.values():
            mapping[n] = v
    for n in cues:   # more names than voices: the voice they overlap most
        if n not in mapping:
            best = max(voices, key=lambda v: (shared[(n, v)], v))
            if shared[(n, best)] > 0:
                mapping[n] = best
    cue_time = sum(e - s for spans in cues.values() for s, e in spans)
    agreed = sum(shared[(n, v)] for n, v in mapping.items())
    return dict(sorted(mapping.items())), (agreed / cue_time if cue_time else None)


def likely_shift(sheet: CueSheet, turns: Sequence[Turn]) -> float | None:
    """A time offset (s) under which the cues cover clearly more of the diarized speech than as they are."""
    speech = union((t.start, t.end) for t in turns)
    if not speech:
        return None

    def coverage(shift: float) -> float:
        spans = union(s for v in _spans(sheet, shift).values() for s in v)
        total = sum(e - s for s, e in spans)
        return _overlap(spans, speech) / total if total else 0.0

    base = coverage(0.0)
    best = max(SHIFTS_S, key=coverage)
    return float(best) if coverage(best) >= base + SHIFT_GAIN else None


def _exclusive(turns: Sequence[Turn]) -> tuple[Turn, ...]:
    from ..diarize import exclusive_view
    return tuple(exclusive_view(tuple(sorted(turns, key=lambda t: t.start))))
