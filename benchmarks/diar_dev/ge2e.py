"""Resemblyzer's GE2E speaker encoder (`resemblyzer/pretrained.pt`, 256-d) for islands.py --ge2e.

A measurement only (session 8, issue 18): does an encoder trained differently from CAM++ (GE2E
loss, LSTM over 40 mel bands, no mean normalisation of the features) hear the espeak "alike"
listener apart from the host where CAM++ does not? Needs `Resemblyzer==0.1.4` and `webrtcvad`
importable (resemblyzer imports it at import time); it is not a dependency of talkratio.
"""
from __future__ import annotations

import functools

import numpy as np


@functools.cache
def encoder():
    from resemblyzer import VoiceEncoder

    return VoiceEncoder("cpu", verbose=False)


def _clip(mono, start: float, end: float) -> np.ndarray:
    from resemblyzer import normalize_volume

    x = np.asarray(mono[int(start * 16000):int(end * 16000)], dtype=np.float32)
    return normalize_volume(x, -30, increase_only=True)


def embed_spans(mono, spans: list[tuple[float, float]]) -> list[np.ndarray]:
    """One GE2E embedding per span, each on its own (partials of 1.6 s averaged, as resemblyzer does)."""
    return [encoder().embed_utterance(_clip(mono, s, e)) for s, e in spans]


def centroid(mono, turns: list[tuple[float, float]]) -> np.ndarray:
    """The voice's GE2E embedding: its turns joined end to end and embedded as one utterance."""
    joined = np.concatenate([_clip(mono, s, e) for s, e in turns if e - s >= 0.2])
    return encoder().embed_utterance(joined)
