"""The second look for short turns (diarize/short_turns.py), on hand-made arrays and turns."""
from __future__ import annotations

import numpy as np
import pytest

from talkratio.diarize.short_turns import (FRAME_S, MARGIN, new_voices, quiet_frames, recheck, relabel,
                                           sandwiched_islands, stretches)
from talkratio.schema import SAMPLE_RATE, Turn

A, B = np.eye(4)[0], np.eye(4)[1]
MERGE = 0.6  # the clustering threshold: unit vectors closer than this merge (cosine > 0.82)


def voice(similarity_to_a: float) -> np.ndarray:
    return similarity_to_a * A + np.sqrt(1 - similarity_to_a ** 2) * B


def chunks(n: int, second: np.ndarray, *, overlapped: bool = False):
    """n chunks of 10 frames: local speaker 0 is A (8 frames), local speaker 1 `second` (2 frames)."""
    activity = np.zeros((n, 10, 3))
    activity[:, :8, 0] = 1
    activity[:, 8:, 1] = 1
    if overlapped:
        activity[:, 8:, 0] = 1
    embeddings = np.full((n, 3, 4), np.nan)
    embeddings[:, 0], embeddings[:, 1] = A, second
    return np.zeros((n, 3), dtype=int), A[None].copy(), embeddings, activity


def test_a_second_voice_heard_in_two_chunks_becomes_a_speaker():
    hard, centroids, embeddings, activity = chunks(2, B)
    hard, centroids = new_voices(hard, centroids, embeddings, activity, MERGE)
    assert hard[:, 1].tolist() == [1, 1] and hard[:, 0].tolist() == [0, 0]
    assert centroids.shape == (2, 4) and np.allclose(centroids[1], B)


@pytest.mark.parametrize("case", ["one chunk", "same voice", "close voice", "overlapped"])
def test_no_new_speaker_without_enough_evidence(case):
    second = {"same voice": voice(0.95), "close voice": voice(0.8)}.get(case, B)
    hard, centroids, embeddings, activity = chunks(1 if case == "one chunk" else 3, second,
                                                   overlapped=case == "overlapped")
    new_hard, new_centroids = new_voices(hard, centroids, embeddings, activity, MERGE)
    assert new_centroids.shape == (1, 4) and not new_hard.any()


def test_only_the_quieter_of_two_chunk_mates_is_split_off():
    """The louder one is what the clustering heard (it clusters voices with 2 s of a chunk)."""
    hard, centroids, embeddings, activity = chunks(2, B)
    embeddings[:, 0], embeddings[:, 1] = B, A   # the voice with 8 frames is the odd one out
    new_hard, new_centroids = new_voices(hard, centroids, embeddings, activity, MERGE)
    assert new_centroids.shape == (1, 4) and not new_hard.any()


def test_quiet_frames_follow_the_recordings_own_level():
    rng = np.random.default_rng(0)
    t = np.arange(3 * SAMPLE_RATE) / SAMPLE_RATE
    mono = (0.001 * rng.standard_normal(t.size)).astype(np.float32)
    mono[SAMPLE_RATE:2 * SAMPLE_RATE] += 0.3 * np.sin(2 * np.pi * 220 * t[:SAMPLE_RATE])
    blocks = []
    quiet = quiet_frames(mono, block_s=0.5, give_back=lambda: blocks.append(1))  # blocks: the same answer
    assert quiet.shape == (150,) and quiet[:50].all() and not quiet[51:99].any() and quiet[100:].all()
    assert len(blocks) == 6  # a file-backed recording may drop each block's pages once it is read
    assert quiet_frames(np.zeros(10, dtype=np.float32)).size == 0


def frames(*sound: tuple[float, float], length: float = 20.0) -> np.ndarray:
    quiet = np.ones(round(length / FRAME_S), dtype=bool)
    for start, end in sound:
        quiet[round(start / FRAME_S):round(end / FRAME_S)] = False
    return quiet


def test_islands_are_pause_bounded_and_sandwiched():
    quiet = frames((0, 2), (2.5, 3.5), (3.6, 4.0), (4.5, 6), (6.5, 6.7), (7, 12))
    # (2.5-4.0) joins across a 0.1 s gap; (6.5-6.7) is too short; the turn's first and last are edges
    assert sandwiched_islands(quiet, Turn("A", 0, 12)) == [(2.5, 4.0, 2.0, 4.5), (4.5, 6.0, 4.0, 6.5)]
    assert sandwiched_islands(quiet, Turn("A", 0, 3)) == []


CENTROIDS = {"A": A, "B": B}
TURNS = (Turn("A", 0.0, 10.0), Turn("B", 12.0, 14.0))
QUIET = frames((0, 2), (3, 4), (5, 10), (12, 14))


def test_an_island_that_sounds_like_another_speaker_moves_to_them():
    turns, exclusive = recheck(TURNS, TURNS, CENTROIDS, QUIET, lambda spans: [B] * len(spans))
    # the pauses either side now separate two speakers: the host's turns stop where their voice does
    expected = (Turn("A", 0.0, 2.0), Turn("B", 3.0, 4.0), Turn("A", 5.0, 10.0), Turn("B", 12.0, 14.0))
    assert turns == expected and exclusive == expected


def test_a_reply_at_the_end_of_a_turn_is_seen_in_the_speakers_stretch():
    # the segmentation ended the host's turn just after the reply (3-4 s); the host goes on at 4.6 s
    turns = (Turn("A", 0.0, 4.5), Turn("A", 4.6, 10.0), Turn("B", 12.0, 14.0))
    assert stretches(turns) == [Turn("A", 0.0, 10.0), Turn("B", 12.0, 14.0)]
    assert sandwiched_islands(QUIET, turns[0]) == []                     # within its own turn: an edge
    embed = lambda spans: [B if span == (3.0, 4.0) else A for span in spans]
    moved, _ = recheck(turns, turns, CENTROIDS, QUIET, embed)
    assert moved == (Turn("A", 0.0, 2.0), Turn("B", 3.0, 4.0), Turn("A", 5.0, 10.0), Turn("B", 12.0, 14.0))


def test_stretches_stop_at_another_speaker():
    turns = (Turn("A", 0.0, 2.0), Turn("B", 2.5, 3.0), Turn("A", 3.5, 5.0), Turn("A", 5.2, 6.0))
    assert stretches(turns) == [Turn("A", 0.0, 2.0), Turn("B", 2.5, 3.0), Turn("A", 3.5, 6.0)]


@pytest.mark.parametrize("case", ["within the margin", "overlapped", "too short to embed", "one voice"])
def test_an_island_stays_without_clear_evidence(case):
    turns, centroids = TURNS, CENTROIDS
    vector = voice(0.7)
    if case == "within the margin":  # closer to B, by MARGIN / 2 / sqrt(2) in cosine
        vector = A + (1 + MARGIN / 2) * B
    elif case == "overlapped":
        vector, turns = B, TURNS + (Turn("B", 3.2, 3.6),)
    elif case == "one voice":
        vector, centroids = B, {"A": A}
    embed = lambda spans: [None if case == "too short to embed" else vector] * len(spans)
    assert recheck(turns, TURNS, centroids, QUIET, embed) == (tuple(turns), TURNS)


def test_relabel_cuts_other_turns_around_the_island_and_its_pauses():
    turns = (Turn("A", 0.0, 5.0), Turn("C", 1.0, 2.0), Turn("A", 6.0, 8.0))
    assert relabel(turns, "B", 1.5, 3.0) == (Turn("A", 0.0, 1.5), Turn("C", 1.0, 1.5), Turn("B", 1.5, 3.0),
                                            Turn("A", 3.0, 5.0), Turn("A", 6.0, 8.0))
    assert relabel(turns, "B", 1.5, 3.0, 1.2, 3.4) == (Turn("A", 0.0, 1.2), Turn("C", 1.0, 1.2), Turn("B", 1.5, 3.0),
                                                      Turn("A", 3.4, 5.0), Turn("A", 6.0, 8.0))


def test_two_different_voices_heard_once_each_are_not_one_new_speaker():
    hard, centroids, embeddings, activity = chunks(2, B)
    embeddings[1, 1] = np.eye(4)[2]
    new_hard, new_centroids = new_voices(hard, centroids, embeddings, activity, MERGE)
    assert new_centroids.shape == (1, 4) and not new_hard.any()
