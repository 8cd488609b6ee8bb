"""Driven together ("vi har liksom drivit mötet framåt tillsammans"): the other side's initiatives.

Each sentence of the other side is at most one initiative, the first that fits of: a new topic
("En annan sak …", "Speaking of …"), a proposal ("Jag föreslår …", "What if we …"), a commitment
("Jag tar det", "I'll send …"), a question (questions.py found it). The host's new topics are the
agenda's items and the host's own topic shifts: who opened each new topic, in two counts.
"""
from __future__ import annotations

from typing import Sequence

from ..questions import Sentence, classify
from ..schema import Question, TraitMark
from .text import first_rule, mark

KINDS = ("topic", "proposal", "commitment", "question")
_SECTIONS = {"topic": "TOPICS", "proposal": "PROPOSALS", "commitment": "COMMITMENTS"}


def initiative(text: str, language: str, is_question: bool | None = None) -> tuple[str, str] | None:
    """(kind, cue) of one sentence; `is_question` from the question finder, else classify()."""
    for kind in KINDS[:3]:
        name = first_rule(text, language, _SECTIONS[kind])
        if name:
            return kind, f"{kind} '{name}'"
    asked = classify(text, language) is not None if is_question is None else is_question
    return ("question", "question") if asked else None


def detect_initiatives(sentences: Sequence[Sentence], questions: Sequence[Question], host: str | None,
                       language: str, agenda: TraitMark | None) -> tuple[tuple[TraitMark, ...], int]:
    """(the other side's initiatives, new topics the host opened)."""
    if host is None:
        return (), 0
    asked = {(q.speaker, q.start) for q in questions}
    marks, host_topics = [], 0
    for s in sentences:
        if s.speaker == host:
            host_topics += first_rule(s.text, language, "TOPICS") is not None
            continue
        found = initiative(s.text, language, is_question=(s.speaker, s.start) in asked)
        if found:
            marks.append(mark(found[0], s, found[1]))
    if agenda is not None and agenda.speaker == host:
        host_topics += 1
    return tuple(marks), host_topics
