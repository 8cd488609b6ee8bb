"""A second look for short turns that the segmentation or its clustering lets slip.

In a monologue the other person's "Yes, I skimmed it." (1.2 s) and "I think so." (0.8 s) vanished
into the talker, so the listener had 1 % of the talk instead of 4 %. Causes, measured:

- pyannote clusters only local speakers with 2 s of their own in a 10 s chunk; shorter ones go to
  the nearest cluster, even when the segmentation heard them as a second voice beside it in the
  same chunk (pyannote's own TODO: a new cluster "in case num_clusters < max(frame_speaker_count)").
  `new_voices` gives such voices a cluster of their own when they sound unlike it.
- segmentation-3.0 hears a short reply between two stretches of one voice as that voice (in 35 of
  the 36 windows, 0.25 s apart, that hold the reply above whole). `recheck` embeds each
  pause-bounded island inside a speaker's stretch (their consecutive turns, `stretches`) on its
  own and moves it to a voice that is clearly closer.
- A chunk-speaker with under ~0.6 s of weight in its chunk gets no embedding (NaN), and pyannote
  gave it an argmax over that NaN row: cluster 0, the host in every tune file — beside a chunk-mate
  the segmentation heard as another person, too. `unvoiced` gives it no cluster: the other chunks
  that hear those frames (each second is seen by four) and its chunk-mates decide them (session 9).

All work on what the pipeline already has, cost about a second per ten minutes of a two-person
meeting, and are conservative: on the real recordings in ../shared/corpus the first two change
nothing, and `unvoiced` changes no speaker count (one recording's shares by 1.5 pp). The thresholds
and how they were measured: README "Diarization".
"""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np

from ..profiles import cosine
from ..schema import SAMPLE_RATE, Turn

# The highest cosine similarity between two different people's centroid embeddings measured in the
# corpus (0.55-0.78): a voice split off must be further from its cluster than that.
DIFFERENT_VOICES = 0.78
MIN_CHUNKS = 2        # chunks that must hear a new voice before it becomes a speaker
CLEAN_SHARE = 0.5     # of its frames a new voice must have to itself (an overlap is a mixed voice)
# An island moves to a voice this much closer than its own speaker's. Measured on the nine DER
# recordings (README): of the 17 islands that qualify, the 16 rightly labelled came at most 0.013
# closer to another voice, the one wrong (the monologue's reply above) 0.073.
MARGIN = 0.04
ISLAND_S = (0.6, 2.5)  # shorter: too little voice to embed; longer: the segmentation hears it (and it costs)
# (in effect 0.75 s at the short end: _embed_spans cuts a span to a multiple of 0.25 s, and 0.5 s is under
# CAM++'s MIN_EMBED_FRAMES; session 11, benchmarks/README "A listener found but cut short")
PAUSE_S = 0.2          # silence that separates two islands
FRAME_S = 0.02         # level frames for the pause finder
QUIET = 0.3            # a frame is quiet below floor + QUIET * (loud - floor) dB


def new_voices(hard: np.ndarray, centroids: np.ndarray, embeddings: np.ndarray, activity: np.ndarray,
               merge_distance: float) -> tuple[np.ndarray, np.ndarray]:
    """Clusters for voices the segmentation heard beside another one but the clustering merged into it.

    hard (chunks, local speakers) holds each local speaker's cluster, embeddings (chunks, local
    speakers, dim) their voices, activity (chunks, frames, local speakers) is binary. A local speaker
    is unclaimed when a louder chunk-mate has the same cluster, it is mostly alone (`CLEAN_SHARE`) and
    it would not merge with that cluster (euclidean distance of unit vectors > merge_distance, the
    clustering's own threshold). Unclaimed voices are grouped with the same linkage; a group heard
    in `MIN_CHUNKS` chunks that sounds unlike its cluster (`DIFFERENT_VOICES`) becomes a new cluster.
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    frames = activity.sum(axis=1)                                   # shape: (chunks, speakers)
    clean = (activity * (activity.sum(axis=2, keepdims=True) == 1)).sum(axis=1)
    merge_similarity = 1.0 - merge_distance ** 2 / 2.0
    unclaimed = []
    for c, s in zip(*np.nonzero(frames)):
        k, vector = hard[c, s], embeddings[c, s]
        mates = [t for t in range(hard.shape[1]) if t != s and frames[c, t] and hard[c, t] == k]
        if (mates and all(frames[c, s] < frames[c, t] for t in mates) and clean[c, s] >= CLEAN_SHARE * frames[c, s]
                and np.all(np.isfinite(vector)) and cosine(vector, centroids[k]) < merge_similarity):
            unclaimed.append((c, s))
    if len(unclaimed) < MIN_CHUNKS:
        return hard, centroids
    vectors = np.stack([embeddings[c, s] for c, s in unclaimed])
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    groups = fcluster(linkage(unit, method="centroid", metric="euclidean"), merge_distance, criterion="distance")
    hard, added = hard.copy(), []
    for g in np.unique(groups):
        members = [unclaimed[i] for i in np.flatnonzero(groups == g)]
        voice = vectors[groups == g].mean(axis=0)
        source = np.bincount([hard[c, s] for c, s in members]).argmax()
        if len(members) >= MIN_CHUNKS and cosine(voice, centroids[source]) < DIFFERENT_VOICES:
            for c, s in members:
                hard[c, s] = len(centroids) + len(added)
            added.append(voice)
    return hard, (np.vstack([centroids, *added]) if added else centroids)


def unvoiced(hard: np.ndarray, embeddings: np.ndarray, activity: np.ndarray) -> np.ndarray:
    """`hard` with each active chunk-speaker that has no embedding set to -2 (pyannote's "no cluster").

    hard (chunks, local speakers), embeddings (chunks, local speakers, dim), activity (chunks,
    frames, local speakers) binary. Measured on the tune half (benchmarks/README "Chunk-speakers
    too short to embed"): 185 of 1998 active chunk-speakers, by the truth of their frames as often
    the host's as the listener's; no file's talk share got worse by more than 0.1 pp."""
    hard = hard.copy()
    hard[(activity.sum(axis=1) > 0) & ~np.all(np.isfinite(embeddings), axis=2)] = -2
    return hard


def quiet_frames(mono: np.ndarray, block_s: float = 60.0, give_back: Callable[[], None] = lambda: None
                 ) -> np.ndarray:
    """One bool per `FRAME_S` frame: below the recording's own speech/silence level split.

    Levels are computed a block at a time, `give_back` called after each (a file-backed recording
    drops the pages just read: talkratio.paging), so memory does not grow with the recording.
    """
    size = round(FRAME_S * SAMPLE_RATE)
    count = len(mono) // size
    step = round(block_s / FRAME_S)
    if count == 0:
        return np.zeros(0, dtype=bool)
    levels = np.empty(count, dtype=np.float32)
    for i in range(0, count, step):
        block = np.asarray(mono[i * size:min(count, i + step) * size], dtype=np.float32).reshape(-1, size)
        levels[i:i + len(block)] = 10.0 * np.log10(np.mean(block * block, axis=1, dtype=np.float64) + 1e-10)
        give_back()
    floor, loud = np.percentile(levels, [10, 95])
    return levels < floor + QUIET * (loud - floor)


def sandwiched_islands(quiet: np.ndarray, turn: Turn) -> list[tuple[float, float, float, float]]:
    """Stretches of sound inside `turn`, between pauses of `PAUSE_S`, with the turn's sound on both sides.

    Each as (start, end, end of the sound before it, start of the sound after it).
    """
    a, b = int(turn.start / FRAME_S), min(len(quiet), int(turn.end / FRAME_S))
    pause = round(PAUSE_S / FRAME_S)
    edges = np.flatnonzero(np.diff(np.concatenate([[1], quiet[a:b].astype(np.int8), [1]])))
    islands: list[list[int]] = []
    for start, end in zip(edges[::2].tolist(), edges[1::2].tolist()):      # [start, end) runs of sound
        if islands and start - islands[-1][1] < pause:
            islands[-1][1] = end
        else:
            islands.append([start, end])
    lo, hi = ISLAND_S
    seconds = [[round((a + f) * FRAME_S, 3) for f in island] for island in islands]
    return [(s, e, seconds[i - 1][1], seconds[i + 1][0])
            for i, (s, e) in enumerate(seconds[1:-1], start=1) if lo <= e - s <= hi]


def recheck(turns: Sequence[Turn], exclusive: Sequence[Turn], voices: Mapping[str, Sequence[float]],
            quiet: np.ndarray, embed: Callable[[list[tuple[float, float]]], list[np.ndarray | None]]
            ) -> tuple[tuple[Turn, ...], tuple[Turn, ...]]:
    """Islands inside a speaker's stretch, heard by nobody else, moved to a voice `MARGIN` closer than their speaker's.

    `voices` are the speakers' centroid embeddings (none for a speaker without one). `embed` gets all
    the islands at once (a batch is cheaper) and returns a vector or None for each.
    """
    turns, exclusive = tuple(turns), tuple(exclusive)
    if len(voices) < 2:
        return turns, exclusive
    # overlapped speech is left alone: its embedding is a mix of voices
    islands = [(turn.speaker, island) for turn in stretches(exclusive) if turn.speaker in voices
               for island in sandwiched_islands(quiet, turn)
               if not any(t.speaker != turn.speaker and t.start < island[1] and t.end > island[0] for t in turns)]
    vectors = embed([island[:2] for _, island in islands]) if islands else []
    for (speaker, island), vector in zip(islands, vectors):
        if vector is None:
            continue
        similarity = {k: cosine(vector, v) for k, v in voices.items()}
        closest = max(similarity, key=similarity.get)
        if closest != speaker and similarity[closest] > similarity[speaker] + MARGIN:
            turns, exclusive = relabel(turns, closest, *island), relabel(exclusive, closest, *island)
    return turns, exclusive


def stretches(exclusive: Sequence[Turn]) -> list[Turn]:
    """Consecutive turns of one speaker, nobody else's between them, joined into one stretch.

    The segmentation often ends a turn just after a short reply it heard as the host: the reply then
    has the host's sound on one side only within that turn, and is no island of it (dd-en-00: a
    1.3 s "Yes, that works." at the end of a host turn, the host again 0.1 s after the turn ends).
    In the stretch it is sandwiched like any other island.
    """
    out: list[Turn] = []
    for t in sorted(exclusive, key=lambda t: (t.start, t.speaker)):
        if out and out[-1].speaker == t.speaker:
            out[-1] = Turn(t.speaker, out[-1].start, max(out[-1].end, t.end))
        else:
            out.append(t)
    return out


def relabel(turns: Sequence[Turn], speaker: str, start: float, end: float,
            before: float | None = None, after: float | None = None) -> tuple[Turn, ...]:
    """`speaker` alone over [start, end]: other speakers' turns are cut around it, and around the
    pauses either side ([before, after]), which now lie between two speakers' turns."""
    before = start if before is None else before
    after = end if after is None else after
    out = [Turn(speaker, start, end)]
    for t in turns:
        if t.end <= before or t.start >= after or t.speaker == speaker:
            out.append(t)
            continue
        if t.start < before:
            out.append(Turn(t.speaker, t.start, before))
        if t.end > after:
            out.append(Turn(t.speaker, after, t.end))
    return tuple(sorted(out, key=lambda t: (t.start, t.speaker)))

