"""Ask the model, not only the text: does the canonical phrase fit this stretch of audio?

A tolerant match (fuzzy.py) says the words *look* alike. Whisper itself can say whether the
canonical words *sound* right: CTranslate2's Whisper `align` scores a given token sequence
for given audio features and returns each token's probability (faster-whisper uses it for
word timestamps), so any faster-whisper model can score both what it wrote and what we take
it for, on the same audio. `verdict` accepts the canonical reading only when its mean token
log-probability is at least the written one's minus MARGIN: it must fit clearly at least as
well as what the model wrote itself (which won its own beam search, so it usually scores
higher). Both numbers go into the finding's cue.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Callable, Sequence

import numpy as np

SAMPLE_RATE = 16_000
MARGIN = 0.5            # nats per token the canonical phrase may score below the written one
PAD_S = 0.3             # audio taken either side of the sentence

# (samples, [texts], language) → each text's mean token log-prob on those samples
Scorer = Callable[[np.ndarray, Sequence[str], str], Sequence[float]]


@dataclass(frozen=True)
class Check:
    heard_logp: float
    canon_logp: float
    accepted: bool

    def cue(self) -> str:
        return f"model check {self.canon_logp:+.2f} vs {self.heard_logp:+.2f} nats/token"


def verdict(score: Scorer, audio: np.ndarray, start: float, end: float, heard: str, canon: str,
            language: str) -> Check:
    """Score the written and the canonical sentence on the same stretch of audio."""
    a = max(0, int((start - PAD_S) * SAMPLE_RATE))
    b = min(len(audio), int((end + PAD_S) * SAMPLE_RATE))
    h, c = score(audio[a:b], [heard, canon], language)
    h, c = float(h), float(c)
    return Check(round(h, 3), round(c, 3), bool(c >= h - MARGIN))


def canonical(text: str, heard: str, taken: str) -> str:
    """The written sentence with the heard words replaced by what they were taken for."""
    i = text.lower().find(heard.lower())
    return text if i < 0 else text[:i] + (taken.capitalize() if text[i:i + 1].isupper() else taken) + text[i + len(heard):]


def review(findings, score: Scorer, audio: np.ndarray, language: str, workers: int | None = None):
    """Findings whose tolerant matches the model refused made uncertain, each with its check's numbers.

    Only accepted matches are checked (an uncertain one stays uncertain). A refused needs
    question becomes an uncertain needs item; a refused purpose an uncertain purpose. The checks
    run side by side, one per core: each encodes a 30 s window (4 s of one core under load), and
    six of them were 25 of the 40 s this stage took on a 3½-minute meeting.
    """
    from concurrent.futures import ThreadPoolExecutor

    from .questions import needs_analysis

    def checked(job):
        f, end = job
        if f is None or not f.heard or not f.taken_for or not f.text:
            return None
        return verdict(score, audio, f.start, end, f.text, canonical(f.text, f.heard, f.taken_for), language)

    p = findings.purpose
    jobs = [(q if q.needs and not q.needs_uncertain else None, q.end) for q in findings.questions]
    jobs.append((p if p.stated and p.heard and p.start is not None else None,
                 p.start + 0.4 * len(p.text.split()) if p.start is not None else 0.0))
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:  # CTranslate2 frees the GIL
        *asked, said = pool.map(checked, jobs)
    questions = tuple(q if c is None else replace(q, cue=f"{q.cue}, {c.cue()}", model_check=c.cue(),
                                                  needs_uncertain=not c.accepted)
                      for q, c in zip(findings.questions, asked))
    purpose = p if said is None else replace(p, stated=said.accepted, uncertain=not said.accepted,
                                             cue=f"{p.cue}, {said.cue()}", model_check=said.cue())
    return replace(findings, questions=questions, needs=needs_analysis(questions), purpose=purpose)


def whisper_scorer(model, pad: bool = True) -> Scorer:
    """A Scorer from a loaded faster_whisper.WhisperModel (any size or language): the audio is
    encoded once, then CTranslate2's `align` gives every token's probability for each text.
    `pad`: encode the clip padded to Whisper's 30 s window, else its own frames only."""
    from faster_whisper.audio import pad_or_trim
    from faster_whisper.tokenizer import Tokenizer

    def score(clip: np.ndarray, texts: Sequence[str], language: str) -> list[float]:
        features = model.feature_extractor(clip.astype(np.float32))
        frames = min(features.shape[-1], model.feature_extractor.nb_max_frames)
        encoded = model.encode(pad_or_trim(features[:, :frames]) if pad else features[:, :frames])
        tokenizer = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language)
        out = []
        for text in texts:
            tokens = tokenizer.encode(" " + text.strip())
            result = model.model.align(encoded, tokenizer.sot_sequence, [tokens], frames)[0]
            probs = np.clip(np.asarray(result.text_token_probs, dtype=np.float64), 1e-9, 1.0)
            out.append(float(np.mean(np.log(probs))) if probs.size else -10.0)
        return out

    return score
