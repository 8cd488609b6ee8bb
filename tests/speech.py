"""Utterances made from text, for tests that need no models: words spread evenly in time."""
from __future__ import annotations

from talkratio.schema import Utterance, Word

SECONDS_PER_WORD = 0.35


def utterance(text: str, speaker: str = "A", start: float = 0.0, end: float | None = None) -> Utterance:
    """`text` as one utterance, its words spread evenly over [start, end]."""
    parts = text.split()
    end = start + SECONDS_PER_WORD * len(parts) if end is None else end
    step = (end - start) / len(parts)
    words = tuple(Word(" " + w, start + i * step, start + (i + 1) * step, 0.9, speaker)
                  for i, w in enumerate(parts))
    return Utterance(speaker, start, end, words)


def truth_utterances(truth: dict) -> list[Utterance]:
    """One utterance per line of a scripted meeting's truth.json, at the line's true times."""
    return [utterance(line["t"], line["s"], line["start"], line["end"]) for line in truth["lines"]]


def labels(questions) -> str:
    """"open closed prompt …" for a sequence of Questions, "-" for none: how the phrase tables read."""
    return " ".join("prompt" if q.prompt else q.kind for q in questions) or "-"
