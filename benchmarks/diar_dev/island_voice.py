"""A second voice found in the islands of the only voice the clustering heard (issue 18, session 10):
a measured variant, NOT in the pipeline (it broke two AMI excerpts; benchmarks/README "A listener
heard only in islands"). `evaluate.py --island-voice` and `regression.py --island-voice` run it.

When the segmentation hears a short-reply listener as the host (the same local speaker over the
host's lines and the reply), the clustering has one voice and the second look (`short_turns.recheck`)
has nothing to move an island to: on the development corpus's "fresh" half five scripted meetings
came out with one voice and a centroid-less sliver. The replies are still there as islands
(pause-bounded stretches of sound inside the voice's stretches, `short_turns.sandwiched_islands`),
and they sound like each other and unlike the host. `island_voice` groups the islands' CAM++
embeddings the way pyannote groups chunk-speakers (centroid linkage on unit vectors, the
clustering's own merge distance) and makes the group that sounds most unlike the voice a new voice,
with the bounds `new_voices` already uses for a voice split off a cluster: heard in `MIN_CHUNKS`
islands, and further than `DIFFERENT_VOICES` from the voice. `recheck` then moves the islands
that are `MARGIN` closer to it.
"""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np

from talkratio.diarize.short_turns import DIFFERENT_VOICES, MIN_CHUNKS, sandwiched_islands, stretches
from talkratio.profiles import cosine
from talkratio.schema import Turn


def island_voice(turns: Sequence[Turn], exclusive: Sequence[Turn], voices: Mapping[str, Sequence[float]],
                 quiet: np.ndarray, embed: Callable[[list[tuple[float, float]]], list],
                 merge_distance: float) -> dict[str, Sequence[float]]:
    """`voices` plus, when there is exactly one, a new voice made of islands of it that sound unlike it.

    Islands under another speaker's turn are left out (their sound is a mix), as in `recheck`. The new
    voice's label is the first free "SPEAKER_NN"; its centroid is the mean of its islands' embeddings.
    """
    voices = dict(voices)
    if len(voices) != 1:
        return voices
    (speaker, centroid), = voices.items()
    spans = [island[:2] for turn in stretches(exclusive) if turn.speaker == speaker
             for island in sandwiched_islands(quiet, turn)
             if not any(t.speaker != speaker and t.start < island[1] and t.end > island[0] for t in turns)]
    vectors = [v for v in (embed(spans) if spans else []) if v is not None]
    if len(vectors) < MIN_CHUNKS:
        return voices
    from scipy.cluster.hierarchy import fcluster, linkage

    stacked = np.stack([np.asarray(v, dtype=np.float64) for v in vectors])
    unit = stacked / np.linalg.norm(stacked, axis=1, keepdims=True)
    groups = fcluster(linkage(unit, method="centroid", metric="euclidean"), merge_distance, criterion="distance")
    best: tuple[float, np.ndarray] | None = None
    for g in np.unique(groups):
        members = stacked[groups == g]
        if len(members) < MIN_CHUNKS:
            continue
        voice = members.mean(axis=0)
        similarity = cosine(voice, centroid)
        if similarity < DIFFERENT_VOICES and (best is None or similarity < best[0]):
            best = (similarity, voice)
    if best is not None:
        voices[free_label({t.speaker for t in turns} | set(voices))] = tuple(float(x) for x in best[1])
    return voices


def free_label(taken: set[str]) -> str:
    """The first "SPEAKER_NN" (pyannote's label form) not in `taken`."""
    n = 0
    while f"SPEAKER_{n:02d}" in taken:
        n += 1
    return f"SPEAKER_{n:02d}"


def memo(embed):
    """`embed` that embeds each span once (island_voice and recheck ask for the same islands)."""
    seen: dict = {}

    def cached(spans):
        todo = [s for s in dict.fromkeys(spans) if s not in seen]
        seen.update(zip(todo, embed(todo) if todo else []))
        return [seen[s] for s in spans]

    return cached


def install() -> None:
    """Run island_voice before the second look in PyannoteDiarizer (default flags: no count given), and
    keep the new voice's centroid in the Diarization, as a pipeline change would."""
    from dataclasses import replace

    from talkratio.diarize import pyannote as pa

    state: dict = {}
    recheck, call = pa.recheck, pa.PyannoteDiarizer.__call__

    def with_island_voice(turns, exclusive, voices, quiet, embed):
        embed = memo(embed)
        state["voices"] = island_voice(turns, exclusive, voices, quiet, embed, pa.CLUSTERING["threshold"])
        return recheck(turns, exclusive, state["voices"], quiet, embed)

    def diarize(self, audio, **counts):
        state.clear()
        out = call(self, audio, **counts)
        if "voices" in state and not any(counts.values()):
            out = replace(out, embeddings={k: v for k, v in state["voices"].items()
                                           if any(t.speaker == k for t in out.turns)})
        return out

    pa.recheck, pa.PyannoteDiarizer.__call__ = with_island_voice, diarize
