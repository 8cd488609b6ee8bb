"""The acoustic question cue: does the pitch (F0) rise at the end of a sentence?

Transcribers often drop the "?" of a declarative or verb-first question ("Har du
fortfarande samma nummer"), but the voice still rises at the end. We track F0 with
librosa's pYIN (probabilistic YIN: it also says which frames are voiced, so the
unvoiced tail of a sentence is not read as pitch) over the last `WINDOW_S` seconds only
(about 0.15 s of CPU a sentence), and only on sentences no word rule caught. librosa is
imported lazily: re-rendering a report never pays for it. The first pYIN call in a fresh
environment JIT-compiles (numba) once, for some seconds.
"""
from __future__ import annotations

import numpy as np

from .schema import SAMPLE_RATE

WINDOW_S = 0.7           # how much of the sentence end we look at
TAIL_S = 0.15            # allowance after the last word's end time (ASR word ends are early)
RISE_THRESHOLD_ST = 3.5  # a final rise of at least this many semitones marks a question
# Why 3.5 st: a question-final rise is typically 4-8 semitones, a continuation rise 2-3.
# Measured here: statements in the scripted corpus (espeak, true line times) reach at most
# +0.3 st, the real Swedish read/TTS statements in ../shared/corpus/real at most +0.9 st
# (tests/test_prosody.py asserts they stay below), the one Common Voice clip read as a
# question +9.4 st. Many questions do not rise at all (Swedish marks them by word order,
# which the lexical rules catch), so the threshold favours precision over recall.
FMIN_HZ, FMAX_HZ = 65.0, 420.0
_FRAME, _HOP = 1024, 160  # 64 ms frames (two periods of FMIN), 10 ms hop
_RESOLUTION_ST = 0.1      # pYIN's default grid: coarser ones are faster but change its voicing decisions
_MIN_VOICED = 8           # fewer voiced frames than this: no verdict
_SMOOTH = 5               # median filter over frames, against octave jumps


def f0_semitones(audio: np.ndarray, start: float, end: float, sr: int = SAMPLE_RATE) -> np.ndarray:
    """F0 over [start, end] in semitones relative to 100 Hz; NaN where unvoiced."""
    import librosa

    a, b = max(0, int(start * sr)), min(len(audio), int(end * sr))
    chunk = np.asarray(audio[a:b], dtype=np.float32)
    if len(chunk) < _FRAME:
        return np.full(0, np.nan)
    f0, voiced, _ = librosa.pyin(chunk, fmin=FMIN_HZ, fmax=FMAX_HZ, sr=sr, frame_length=_FRAME,
                                 hop_length=_HOP, center=False, resolution=_RESOLUTION_ST)
    f0 = np.where(voiced, f0, np.nan)
    return 12.0 * np.log2(f0 / 100.0)  # shape: (frames,)


def _smooth(x: np.ndarray) -> np.ndarray:
    """Running median over voiced frames only, so a single octave error cannot fake a rise."""
    pad = _SMOOTH // 2
    padded = np.pad(x, pad, mode="edge")
    return np.array([np.median(padded[i:i + _SMOOTH]) for i in range(len(x))])


def pitch_rise_semitones(audio: np.ndarray, start: float, end: float, sr: int = SAMPLE_RATE,
                         until: float | None = None) -> float | None:
    """How far the pitch climbs at the end of [start, end], in semitones; None if too little voice.

    The rise is the median level of the last fifth of the (smoothed) voiced frames minus the
    lowest point before it: a falling statement ends at its low point (about 0), a question
    climbs away from it. The median makes it conservative (a glide still climbing reads a
    little low) and deaf to a final creak or a one-syllable blip. Only the last `WINDOW_S`
    seconds are analysed, plus `TAIL_S` after `end` but never past `until` (where the next
    speaker starts: their voice is not this rise).
    """
    stop = end + TAIL_S if until is None else max(end, min(end + TAIL_S, until))
    st = f0_semitones(audio, max(start, end - WINDOW_S), stop, sr)
    voiced = st[~np.isnan(st)]
    if len(voiced) < _MIN_VOICED:
        return None
    contour = _smooth(voiced)
    tail = max(3, len(contour) // 5)
    final = float(np.median(contour[-tail:]))
    low = float(np.min(contour[:-tail]))
    return round(final - low, 1)


def is_rising(rise: float | None) -> bool:
    """True when a measured rise marks a question (see RISE_THRESHOLD_ST)."""
    return rise is not None and rise >= RISE_THRESHOLD_ST
