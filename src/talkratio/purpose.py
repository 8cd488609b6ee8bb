"""Was the purpose of the meeting stated in its opening?

A meeting that starts with "Syftet med mötet är …" or "My aim today is …" gives both sides
a direction. We look only at the opening: the first `OPENING_SHARE` of the recording or the
first `OPENING_MIN_S` seconds, whichever is longer (10 % of a 30-minute meeting is three
minutes; a 5-minute call still gets its first two). A purpose first named later is a
recovery, not an opening, and is not counted. Patterns are PURPOSE in lang/<language>.py.
"""
from __future__ import annotations

import re
from typing import Sequence

from . import fuzzy
from .lang import rules
from .questions import normalize, split_sentences
from .schema import Purpose, Utterance

OPENING_SHARE = 0.10
OPENING_MIN_S = 120.0


def opening_window_s(duration_s: float) -> float:
    """Seconds from the start in which a stated purpose counts."""
    return max(OPENING_SHARE * duration_s, OPENING_MIN_S)


def detect_purpose(utterances: Sequence[Utterance], language: str, duration_s: float) -> Purpose:
    """The first sentence in the opening that states the meeting's purpose, with the rule that fired."""
    window = opening_window_s(duration_s)
    patterns = [(name, re.compile(p)) for name, p in rules(language).PURPOSE]
    opening = [s for u in sorted(utterances, key=lambda u: u.start) if u.start <= window
               for s in split_sentences(u, language) if s.start <= window]
    for sentence in opening:
        text = normalize(sentence.text)
        for name, pattern in patterns:
            if pattern.search(text):
                return Purpose(True, sentence.speaker, sentence.start, sentence.text, f"purpose '{name}'")
    return _near_purpose(opening, language)


def _near_purpose(opening, language: str) -> Purpose:
    """No rule fired: the opening sentence closest to a canonical purpose phrase (FUZZY["purpose"]),
    stated when fuzzy.ACCEPT alike ("Sivtet med mötet" → "syftet med mötet"). No uncertain tier: the
    phrase has one content word, and "Systemet med mötet" is too often just that."""
    data = getattr(rules(language), "FUZZY", None)
    best = None
    for sentence in opening if data else ():
        m = fuzzy.best_match(normalize(sentence.text).split(), data["purpose"], language)
        if m and m.accepted and (best is None or m.similarity > best[1].similarity):
            best = (sentence, m)
    if best is None:
        return Purpose(stated=False)
    sentence, m = best
    heard, taken = m.differing()
    return Purpose(m.accepted, sentence.speaker, sentence.start, sentence.text, f"purpose '{m.canon}' (heard '{m.heard}')",
                   uncertain=not m.accepted, heard=heard or None, taken_for=taken or None, similarity=m.similarity)
