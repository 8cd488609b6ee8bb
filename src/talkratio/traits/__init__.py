"""The five traits of a meeting that listens (issue 21, from the seed post), as findings with evidence.

follow-up questions (followups.py), active listening: reflections, check-backs and back-channels
(listening.py), an agenda named in the opening and followed (agenda.py), facts and relationship
(tone.py), driven together: the other side's questions, proposals, commitments and new topics
(together.py). Rules are data in lang/traits_<language>.py; every mark carries the rule that fired.
Scores: scores.py; coaching tips: tips.py; JSON: json.py.
"""
from __future__ import annotations

from typing import Sequence

from ..schema import Question, Traits, Utterance


def detect_traits(utterances: Sequence[Utterance], questions: Sequence[Question], host: str | None,
                  language: str, duration_s: float) -> Traits:
    """Every trait of the meeting; the host's side (follow-ups, listening) needs a host."""
    from .agenda import detect_agenda
    from .followups import detect_follow_ups
    from .listening import detect_listening
    from .text import sentences_of
    from .together import detect_initiatives
    from .tone import detect_tone

    sentences = sentences_of(utterances, language)
    follow, missed, asked = detect_follow_ups(utterances, questions, host, language)
    reflections, backchannels, other_s = detect_listening(utterances, sentences, host, language)
    agenda, items = detect_agenda(sentences, language, duration_s)
    facts, relations = detect_tone(sentences, language)
    initiatives, host_topics = detect_initiatives(sentences, questions, host, language, agenda)
    return Traits(follow_ups=follow, missed=missed, host_questions=asked, reflections=reflections,
                  backchannels=backchannels, other_speech_s=other_s, agenda=agenda, agenda_items=items,
                  facts=facts, relations=relations, sentences=len(sentences), initiatives=initiatives,
                  host_topics=host_topics)
