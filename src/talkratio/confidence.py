"""How far the words can be trusted: a transcript-quality estimate and a confidence per finding.

Whisper gives every word a probability. On the corpus, 33–44 % of the words in the Swedish
reports (Whisper base) are below 0.5, against 0–13 % in the English ones, and the Swedish
findings are the ones that go wrong. So:

- the transcript is *poor* when at least POOR_SHARE of its words are below LOW_P; then talk
  time and turns (from the voices) still hold, while questions, needs analysis, purpose and
  next steps (from the words) may be wrong, and the report says so;
- a finding's confidence is the mean probability of its own words times the similarity of a
  tolerant match (1 for an exact rule): "Man kan du göra?" taken for "Vad kan du göra?"
  at similarity 0.88 with words at p 0.6 gets 0.53.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from .schema import Findings, Transcript, TranscriptQuality, Utterance, Word

LOW_P = 0.5
POOR_SHARE = 0.25
LOW_CONFIDENCE = 0.5       # a finding below this is shown as uncertain
# Word error rates we measured (README, ../shared/corpus): Whisper base on the real Swedish
# Common Voice clips ~44 %; on the English scripted meetings 3.4 and 18.8 % (mean ~11 %).
KNOWN_WER = {("base", "sv"): 0.44, ("base", "en"): 0.11}


def _model_size(model: str) -> str | None:
    """"base" for "faster-whisper base (int8, beam 5)" or a folder named whisper-base; else None."""
    return "base" if re.search(r"(?<![\w.])base(?![\w.])", model.lower()) else None


def transcript_quality(words: Sequence[Word], model: str, language: str) -> TranscriptQuality | None:
    """The share of low-probability words and what it means; None without words."""
    if not words:
        return None
    probs = [float(w.probability) for w in words]    # transcribers may hand over numpy floats
    low = sum(p < LOW_P for p in probs) / len(probs)
    return TranscriptQuality(words=len(probs), low_share=round(low, 3), low_p=LOW_P,
                             mean_p=round(sum(probs) / len(probs), 3), model=model, language=language,
                             poor=low >= POOR_SHARE, known_wer=KNOWN_WER.get((_model_size(model), language)))


def quality_of(transcript: Transcript) -> TranscriptQuality | None:
    """None for a platform's transcript file: it gives no word probabilities (its words carry 1.0),
    so "0 % uncertain words" would claim what nobody measured; the report names the file instead."""
    if transcript.source is not None:
        return None
    return transcript_quality(transcript.words, transcript.model, transcript.language)


def _words(utterances: Sequence[Utterance], speaker: str | None, start: float | None,
           end: float | None = None, text: str | None = None) -> list[Word]:
    """The finding's own words: the speaker's words from `start` to `end` (or as many as `text` has)."""
    if start is None:
        return []
    mine = sorted((w for u in utterances if u.speaker == speaker for w in u.words), key=lambda w: w.start)
    if end is not None:
        return [w for w in mine if w.end > start - 0.05 and w.start < end + 0.05]
    n = len((text or "").split()) or 1
    return [w for w in mine if w.start >= start - 0.05][:n]


def confidence(words: Sequence[Word], similarity: float | None = None) -> float | None:
    """Mean word probability × match similarity, rounded; None without words."""
    if not words:
        return None
    mean = sum(float(w.probability) for w in words) / len(words)
    return round(mean * (similarity if similarity is not None else 1.0), 2)


def annotate(findings: Findings, utterances: Sequence[Utterance]) -> Findings:
    """The findings with a `confidence` each (see the module docstring)."""
    questions = tuple(replace(q, confidence=confidence(_words(utterances, q.speaker, q.start, q.end), q.similarity))
                      for q in findings.questions)
    by_start = {(q.speaker, q.start): q for q in questions}
    needs = tuple(replace(n, confidence=by_start[(n.speaker, n.start)].confidence
                          if (n.speaker, n.start) in by_start else None) for n in findings.needs)
    steps = tuple(replace(s, confidence=confidence(_words(utterances, s.speaker, s.start, s.end), s.similarity))
                  for s in findings.next_steps)
    p = findings.purpose
    purpose = replace(p, confidence=confidence(_words(utterances, p.speaker, p.start, text=p.text), p.similarity)) \
        if p.start is not None else p
    return replace(findings, questions=questions, next_steps=steps, needs=needs, purpose=purpose)
