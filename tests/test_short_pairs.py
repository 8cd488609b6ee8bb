"""Chunk-speakers too short to cluster (diarize/short_turns.assign_short, pyannote.NewVoiceClustering).

pyannote gave such a pair (NaN embedding) np.argmax over an all-NaN row: cluster 0, the host in every
tune file, even beside a chunk-mate the segmentation heard as another person. Hand-made arrays.
"""
from __future__ import annotations

import numpy as np
import pytest

from talkratio.diarize.short_turns import assign_short, short_pairs

A, B, C = np.eye(8)[0], np.eye(8)[1], np.eye(8)[2]


def near(v: np.ndarray, other: np.ndarray, similarity: float = 0.9) -> np.ndarray:
    return similarity * v + np.sqrt(1 - similarity ** 2) * other


def test_short_pairs_are_active_but_under_the_minimum():
    activity = np.zeros((2, 100, 3))      # 10 s chunks of 100 frames: 0.1 s a frame
    activity[0, :80, 0] = 1               # 8 s
    activity[0, 80:85, 1] = 1             # 0.5 s
    activity[1, :6, 2] = 1                # 0.6 s: not short
    assert short_pairs(activity, 10.0, 0.6).tolist() == [[False, True, False], [False, False, False]]


def test_a_short_pair_gets_the_voice_nearest_its_embedding_not_cluster_0():
    hard = np.zeros((1, 3), dtype=int)    # what pyannote's argmax over NaN gave: cluster 0 (the host, A)
    centroids = np.stack([A, B])
    embeddings = np.stack([[A, near(B, C), np.full(8, np.nan)]])
    short = np.array([[False, True, False]])
    out = assign_short(hard, centroids, embeddings, short)
    assert out.tolist() == [[0, 1, 0]] and hard.tolist() == [[0, 0, 0]]   # a copy; the host's pair stays


def test_a_short_pair_that_sounds_like_the_host_stays_with_the_host():
    out = assign_short(np.array([[1, 1]]), np.stack([B, A]), np.stack([[A, near(A, B, 0.8)]]), np.array([[False, True]]))
    assert out.tolist() == [[1, 1]]


def clustering_input(short_voice: np.ndarray, chunks: int = 30):
    """Chunks 0-14: the host A alone (8 s); 15-29: the listener B alone. In chunks 0-2 a 0.4 s
    second local speaker follows the host, with `short_voice` pooled over it."""
    from pyannote.core import SlidingWindow, SlidingWindowFeature

    rng = np.random.default_rng(0)
    activity = np.zeros((chunks, 100, 3), dtype=np.float32)
    activity[:, :80, 0] = 1
    embeddings = np.full((chunks, 3, 8), np.nan)
    for c in range(chunks):
        embeddings[c, 0] = (A if c < chunks // 2 else B) + 0.05 * rng.standard_normal(8)
    for c in range(3):
        activity[c, 84:88, 1] = 1
        embeddings[c, 1] = short_voice + 0.05 * rng.standard_normal(8)
    return embeddings, SlidingWindowFeature(activity, SlidingWindow(start=0.0, duration=10.0, step=1.0))


@pytest.fixture(scope="module")
def clustering():
    pytest.importorskip("pyannote.audio")
    from talkratio.diarize.pyannote import CLUSTERING, _clustering

    clustering = _clustering()
    clustering.instantiate(CLUSTERING)
    return clustering


def test_clustering_gives_a_short_listener_reply_beside_the_host_the_listeners_voice(clustering):
    embeddings, segmentations = clustering_input(near(B, C))
    hard, _, centroids = clustering(embeddings=embeddings, segmentations=segmentations)
    host, listener = hard[0, 0], hard[20, 0]
    assert len(centroids) == 2 and host != listener
    assert hard[:3, 1].tolist() == [listener] * 3


def test_short_pairs_do_not_make_a_new_voice(clustering):
    """Three 0.4 s pairs of a voice like nobody's (cosine 0.44 to the host's): too little to count as
    a person — new_voices sees only pairs with 0.6 s, and a mere lower minimum would have let them
    make a third voice; they go to the nearest voice found."""
    embeddings, segmentations = clustering_input(near(C, A, 0.9))
    hard, _, centroids = clustering(embeddings=embeddings, segmentations=segmentations)
    assert len(centroids) == 2
    assert set(hard[:3, 1].tolist()) == {hard[0, 0]}
