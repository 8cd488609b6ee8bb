"""Follow-up questions: the host asks about what the other just said ("frågat och frågat igen").

A host question is a candidate when the other side spoke since the host last held the floor (the
host's back-channels and the question's own utterance aside) and stopped at most
FOLLOW_UP_WINDOW_S before it; all they said since counts. It is a follow-up when it names
what they said ("du nämnde", "you mentioned", "berätta mer om det") or shares a content word's stem
with their last utterance ("sjukfrånvaro" → "sjukfrånvaron"). A candidate that does neither is a
missed chance (unless it is a check-back, or the other said under MISSED_MIN_WORDS content words):
the tips quote what the other said there.
"""
from __future__ import annotations

from typing import Sequence

from ..schema import Question, TraitMark, Utterance
from .listening import backchannel_cue, listening_kind
from .text import content_words, first_rule, rules, shared_word

MISSED_MIN_WORDS = 3   # a reply this short ("Inga problem.") offers little to ask more about (ours)


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
        said = _their_turn(ordered, q, host, language)
        if not said or q.start - said[-1].end > window:
            continue
        cue = follow_up_cue(" ".join(u.text for u in said), q.text, language)
        last_other = said[-1]
        extra = dict(ref=last_other.text, ref_speaker=last_other.speaker, ref_start=last_other.start)
        if cue:
            follow.append(TraitMark("follow_up", q.speaker, q.start, q.end, q.text, cue, **extra))
        elif (not _already_followed(follow, last_other.start) and not _is_check_back(q.text, language)
              and len(content_words(last_other.text, language)) >= MISSED_MIN_WORDS):
            missed.append(TraitMark("missed", q.speaker, q.start, q.end, q.text, "no shared word", **extra))
    return tuple(follow), tuple(missed), len(mine)


def _their_turn(ordered: Sequence[Utterance], q: Question, host: str, language: str) -> list[Utterance]:
    """What the other side said since the host last held the floor: the host's back-channels ("mm")
    and the host utterance that holds the question itself do not end it."""
    said = []
    for u in reversed([u for u in ordered if u.start < q.start]):
        if u.speaker != host:
            said.insert(0, u)
        elif u.end >= q.start or backchannel_cue(u.text, language):
            continue
        else:
            break
    return said


def _is_check_back(text: str, language: str) -> bool:
    """"Stämmer det?" after a summary checks what was heard: no missed chance."""
    found = listening_kind(text, language)
    return bool(found and found[0] == "check")


def _already_followed(follow: list[TraitMark], other_start: float) -> bool:
    """A second question after the same words is no missed chance once one took them up."""
    return any(m.ref_start == other_start for m in follow)
