"""Follow-up questions: the host asks about what the other just said ("frågat och frågat igen").

A host question is a candidate when the other side spoke last before it (the host's own words may
come between) and stopped at most FOLLOW_UP_WINDOW_S before it. It is a follow-up when it names
what they said ("du nämnde", "you mentioned", "berätta mer om det") or shares a content word's stem
with their last utterance ("sjukfrånvaro" → "sjukfrånvaron"). A candidate that does neither is a
missed chance: the tips quote what the other said there.
"""
from __future__ import annotations

from typing import Sequence

from ..schema import Question, TraitMark, Utterance
from .text import content_words, first_rule, rules, shared_word


def follow_up_cue(other_said: str, question: str, language: str) -> str | None:
    """Why `question` takes up `other_said`, as the rule that fired; None when it does not."""
    ref = first_rule(question, language, "FOLLOW_UP_REFERENCES")
    if ref:
        return f"reference '{ref}'"
    word = shared_word(question, content_words(other_said, language), language)
    return f"shared word '{word}'" if word else None


def detect_follow_ups(utterances: Sequence[Utterance], questions: Sequence[Question], host: str | None,
                      language: str) -> tuple[tuple[TraitMark, ...], tuple[TraitMark, ...], int]:
    """(follow-ups, missed chances, the host's questions and prompts)."""
    if host is None:
        return (), (), 0
    window = rules(language).FOLLOW_UP_WINDOW_S
    ordered = sorted(utterances, key=lambda u: u.start)
    mine = [q for q in questions if q.speaker == host]
    follow, missed = [], []
    for q in mine:
        before = [u for u in ordered if u.start < q.start]
        last_other = next((u for u in reversed(before) if u.speaker != host), None)
        if last_other is None or q.start - last_other.end > window:
            continue
        cue = follow_up_cue(last_other.text, q.text, language)
        extra = dict(ref=last_other.text, ref_speaker=last_other.speaker, ref_start=last_other.start)
        if cue:
            follow.append(TraitMark("follow_up", q.speaker, q.start, q.end, q.text, cue, **extra))
        elif not _already_followed(follow, last_other.start):
            missed.append(TraitMark("missed", q.speaker, q.start, q.end, q.text, "no shared word", **extra))
    return tuple(follow), tuple(missed), len(mine)


def _already_followed(follow: list[TraitMark], other_start: float) -> bool:
    """A second question after the same words is no missed chance once one took them up."""
    return any(m.ref_start == other_start for m in follow)
