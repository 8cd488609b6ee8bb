"""Active listening ("Aktivt lyssna, lyssna och fråga mer"): reflections, check-backs, back-channels.

A reflection paraphrases or sums up what the other said ("Om jag förstår dig rätt …", "So what
you're saying is …"); a check-back asks whether that was right ("Stämmer det?"). Both are the
host's sentences, matched after any leading acknowledgement ("Mm, så det du säger är …").
A back-channel is a host utterance of acknowledgements only ("mm", "precis", "I see", at most
BACKCHANNEL_MAX_WORDS words) right after the other spoke; they are counted per minute of the
other side's speech. Back-channels the transcriber never wrote (a short diarization turn with no
words) are not counted: we cannot tell a "mm" from a cough.
"""
from __future__ import annotations

from typing import Sequence

from ..questions import Sentence, normalize
from ..schema import TraitMark, Utterance
from .text import compiled, mark, rules


def backchannel_cue(text: str, language: str) -> str | None:
    """"back-channel 'mm'" when `text` is acknowledgements only."""
    r = rules(language)
    norm = normalize(text)
    if not norm:
        return None
    rest = f" {norm} "
    for phrase in r.BACKCHANNEL_PHRASES:
        rest = rest.replace(f" {phrase} ", " ")
    words = rest.split()
    if len(norm.split()) > r.BACKCHANNEL_MAX_WORDS or not all(w in r.BACKCHANNEL_WORDS for w in words):
        return None
    return f"back-channel '{norm}'"


def listening_kind(text: str, language: str) -> tuple[str, str] | None:
    """("reflection" | "check" | "backchannel", cue) for one sentence, or None."""
    cue = backchannel_cue(text, language)
    if cue:
        return "backchannel", cue
    words = normalize(text).split()
    acks = rules(language).LEADING_ACKS
    while words and words[0] in acks:
        words = words[1:]
    rest = " ".join(words)
    for section, kind, label in (("CHECKS", "check", "check-back"), ("REFLECTIONS", "reflection", "reflection")):
        for name, pattern in compiled(language, section):
            if pattern.search(rest):
                return kind, f"{label} '{name}'"
    return None


def detect_listening(utterances: Sequence[Utterance], sentences: Sequence[Sentence], host: str | None,
                     language: str) -> tuple[tuple[TraitMark, ...], tuple[TraitMark, ...], float]:
    """(reflections and check-backs, back-channels, seconds the other side spoke)."""
    if host is None:
        return (), (), 0.0
    reflections = []
    for s in sentences:
        if s.speaker == host and (found := listening_kind(s.text, language)) and found[0] != "backchannel":
            reflections.append(mark(found[0], s, found[1]))
    ordered = sorted(utterances, key=lambda u: u.start)
    backchannels = []
    for prev, u in zip(ordered, ordered[1:]):
        if u.speaker == host and prev.speaker != host and (cue := backchannel_cue(u.text, language)):
            backchannels.append(TraitMark("backchannel", u.speaker, u.start, u.end, u.text, cue,
                                          ref=prev.text, ref_speaker=prev.speaker, ref_start=prev.start))
    other_s = sum(u.end - u.start for u in ordered if u.speaker != host)
    return tuple(reflections), tuple(backchannels), other_s
