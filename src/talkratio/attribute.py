"""Give each word a speaker and group words into utterances.

A word belongs to the exclusive turn it overlaps most; a word in a gap goes to the nearest
turn within MAX_GAP_S, else to "unknown". An utterance ends at a speaker change or a pause
longer than PAUSE_S, so a long turn with a breath in it still reads as one thought.
"""
from __future__ import annotations

import bisect
from typing import Sequence

from .schema import Turn, Utterance, Word

MAX_GAP_S = 1.0
PAUSE_S = 1.5
UNKNOWN = "unknown"


def assign_speakers(words: Sequence[Word], exclusive: Sequence[Turn]) -> tuple[Word, ...]:
    turns = sorted(exclusive, key=lambda t: t.start)
    starts = [t.start for t in turns]
    out = []
    for w in words:
        out.append(Word(w.text, w.start, w.end, w.probability, _speaker_of(w, turns, starts)))
    return tuple(out)


def _speaker_of(w: Word, turns: Sequence[Turn], starts: list[float]) -> str:
    if not turns:
        return UNKNOWN
    i = bisect.bisect_right(starts, w.end)
    # candidates: the turns that start before the word ends, scanning back while they could overlap
    best, best_overlap, best_gap = None, 0.0, MAX_GAP_S
    for t in turns[max(0, i - 8):min(len(turns), i + 1)]:
        overlap = min(w.end, t.end) - max(w.start, t.start)
        if overlap > best_overlap:
            best, best_overlap = t, overlap
        elif best_overlap == 0.0:
            gap = max(t.start - w.end, w.start - t.end)
            if gap < best_gap:
                best, best_gap = t, gap
    return best.speaker if best is not None else UNKNOWN


def group_utterances(words: Sequence[Word]) -> tuple[Utterance, ...]:
    """Consecutive words of one speaker, split where the speaker pauses longer than PAUSE_S."""
    utterances: list[Utterance] = []
    current: list[Word] = []
    for w in words:
        if current and (w.speaker != current[-1].speaker or w.start - current[-1].end > PAUSE_S):
            utterances.append(_utterance(current))
            current = []
        current.append(w)
    if current:
        utterances.append(_utterance(current))
    return tuple(utterances)


def _utterance(words: list[Word]) -> Utterance:
    return Utterance(speaker=words[0].speaker or UNKNOWN, start=words[0].start, end=words[-1].end, words=tuple(words))
