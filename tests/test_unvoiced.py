"""Chunk-speakers too short to embed (diarize/short_turns.unvoiced, pyannote.NewVoiceClustering).

pyannote gave such a pair (NaN embedding) np.argmax over an all-NaN row: cluster 0, the host in every
tune file, even beside a chunk-mate the segmentation heard as another person. Hand-made arrays.
"""
from __future__ import annotations

import numpy as np
import pytest

from talkratio.diarize.short_turns import unvoiced

A, B = np.eye(8)[0], np.eye(8)[1]


def test_an_active_pair_without_an_embedding_gets_no_cluster():
    hard = np.array([[0, 0, 0]])          # what pyannote's argmax over NaN gave local speaker 1: cluster 0
    embeddings = np.stack([[A, np.full(8, np.nan), np.full(8, np.nan)]])
    activity = np.zeros((1, 10, 3))
    activity[0, :8, 0] = 1
    activity[0, 8:, 1] = 1                # local speaker 2 is silent: pyannote sets it -2 itself
    out = unvoiced(hard, embeddings, activity)
    assert out.tolist() == [[0, -2, 0]] and hard.tolist() == [[0, 0, 0]]   # a copy; the host's pair stays


def clustering_input(chunks: int = 30):
    """Chunks 0-14: the host A (8 s); 15-29: the listener B. In chunks 0-2 a 0.4 s second local speaker
    follows the host, with no embedding (as CAM++ gives one under 0.6 s)."""
    from pyannote.core import SlidingWindow, SlidingWindowFeature

    rng = np.random.default_rng(0)
    activity = np.zeros((chunks, 100, 3), dtype=np.float32)
    activity[:, :80, 0] = 1
    activity[:3, 84:88, 1] = 1
    embeddings = np.full((chunks, 3, 8), np.nan)
    for c in range(chunks):
        embeddings[c, 0] = (A if c < chunks // 2 else B) + 0.05 * rng.standard_normal(8)
    return embeddings, SlidingWindowFeature(activity, SlidingWindow(start=0.0, duration=10.0, step=1.0))


@pytest.fixture(scope="module")
def clustering():
    pytest.importorskip("pyannote.audio")
    from talkratio.diarize.pyannote import CLUSTERING, _clustering

    clustering = _clustering()
    clustering.instantiate(CLUSTERING)
    return clustering


def test_a_short_pair_beside_the_host_is_not_given_the_host_by_an_argmax_over_nan(clustering):
    embeddings, segmentations = clustering_input()
    hard, _, centroids = clustering(embeddings=embeddings, segmentations=segmentations)
    assert len(centroids) == 2 and hard[0, 0] != hard[20, 0]
    assert hard[:3, 1].tolist() == [-2] * 3
    assert hard[:, 0].tolist() == [hard[0, 0]] * 15 + [hard[20, 0]] * 15   # the embedded ones as before


def test_with_one_voice_nothing_is_dropped(clustering):
    """One cluster: nothing to choose, and a chunk whose every pair had -2 would leave pyannote no cluster."""
    embeddings, segmentations = clustering_input()
    embeddings[15:, 0] = A + 0.05 * np.random.default_rng(1).standard_normal((15, 8))
    hard, _, centroids = clustering(embeddings=embeddings, segmentations=segmentations)
    assert len(centroids) == 1 and set(hard[:3, 1].tolist()) == {0}
