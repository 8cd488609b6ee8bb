"""Why `short_turns.new_voices` gives a short-reply listener no voice: per file, each chunk-speaker the
truth calls the listener's, and the first condition of new_voices it fails.

usage: python benchmarks/diar_dev/new_voice_refusals.py tune|fresh [--only=ID,ID]

Issue 18, session 10. The default pipeline runs from the cache (evaluate.py); its clustering is
spied on: pyannote's own clustering result (before new_voices), the embeddings and the binary
segmentation. A chunk-speaker is the listener's when most of its active frames lie in the
listener's true talk. Its first failing condition, in new_voices' order:

- **nan**: no embedding (under `MIN_EMBED_FRAMES` of weight);
- **own cluster**: pyannote gave it a cluster that no louder chunk-mate shares (nothing to claim;
  its cluster is then the listener's own, or the host's with no mate beside it: **alone in host**);
- **not clean**: under `CLEAN_SHARE` of its frames are its alone (the host's local speaker is
  active over it);
- **near**: cosine to its cluster's centroid above the clustering's merge similarity;
- **group small**: its group of unclaimed voices is heard in under `MIN_CHUNKS` chunks;
- **alike**: the group's mean is within `DIFFERENT_VOICES` of its cluster;
- **new voice**: accepted.

Printed as chunk-speakers and their active seconds (each second of talk is seen by ~4 chunks).
"""
from __future__ import annotations

import json
import sys

import numpy as np

import evaluate as ev

REASONS = ("nan", "listener's cluster", "alone in host", "not clean", "near", "group small", "alike", "new voice")


def reasons(hard, centroids, embeddings, activity, threshold, listener_pairs) -> dict:
    """First failing new_voices condition for each (chunk, speaker) in listener_pairs."""
    from scipy.cluster.hierarchy import fcluster, linkage

    from talkratio.diarize import short_turns as st
    from talkratio.profiles import cosine

    frames = activity.sum(axis=1)
    clean = (activity * (activity.sum(axis=2, keepdims=True) == 1)).sum(axis=1)
    merge_similarity = 1.0 - threshold ** 2 / 2.0
    why, unclaimed = {}, []
    for c, s in zip(*np.nonzero(frames)):
        k, vector = hard[c, s], embeddings[c, s]
        mates = [t for t in range(hard.shape[1]) if t != s and frames[c, t] and hard[c, t] == k]
        if not np.all(np.isfinite(vector)):
            r = "nan"
        elif not (mates and all(frames[c, s] < frames[c, t] for t in mates)):
            r = "alone in host" if k == 0 else "listener's cluster"
        elif clean[c, s] < st.CLEAN_SHARE * frames[c, s]:
            r = "not clean"
        elif cosine(vector, centroids[k]) >= merge_similarity:
            r = "near"
        else:
            r = None
            unclaimed.append((c, s))
        why[(c, s)] = r
    if len(unclaimed) >= 1:
        vectors = np.stack([embeddings[c, s] for c, s in unclaimed])
        unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        groups = fcluster(linkage(unit, method="centroid", metric="euclidean"), threshold, criterion="distance") \
            if len(unclaimed) > 1 else np.array([1])
        for g in np.unique(groups):
            members = [unclaimed[i] for i in np.flatnonzero(groups == g)]
            voice = vectors[groups == g].mean(axis=0)
            source = np.bincount([hard[c, s] for c, s in members]).argmax()
            r = ("group small" if len(members) < st.MIN_CHUNKS else
                 "alike" if cosine(voice, centroids[source]) >= st.DIFFERENT_VOICES else "new voice")
            for m in members:
                why[m] = r
    return {p: why[p] for p in listener_pairs if p in why}


def main() -> None:
    sys.path.insert(0, str(ev.ROOT / "src"))
    from pyannote.audio.pipelines.clustering import AgglomerativeClustering

    from talkratio.audio import decode
    from talkratio.diarize import pyannote as pa

    half, split = ev.named_half()
    opts, only = ev.options()
    diarizer = pa.PyannoteDiarizer()
    pipeline = diarizer._load()
    seen: dict = {}
    cls = type(pipeline.clustering)
    original = cls.__call__

    def spy(self, embeddings, segmentations=None, num_clusters=None, min_clusters=None, max_clusters=None, **kw):
        hard, _, centroids = AgglomerativeClustering.__call__(self, embeddings, segmentations, num_clusters,
                                                             min_clusters, max_clusters)
        seen.update(hard=hard, centroids=centroids, embeddings=embeddings, activity=segmentations.data,
                    window=segmentations.sliding_window, threshold=self.threshold)
        return original(self, embeddings, segmentations, num_clusters, min_clusters, max_clusters, **kw)

    cls.__call__ = spy
    print("| meeting | clusters | listener chunk-speakers | " + " | ".join(REASONS) + " |")
    print("|---|---|---|" + "---|" * len(REASONS))
    out_rows = {}
    for mid, folder in sorted(split.items()):
        truth = json.loads((ev.HERE / "truth" / f"{mid}.json").read_text())
        if (only and mid not in only) or len(truth["talk_share"]) != 2:
            continue
        rows = [r.split() for r in (ev.HERE / "truth" / f"{mid}.rttm").read_text().splitlines()]
        diarizer._load()
        ev.cached_pipeline(diarizer, mid, False)
        diarizer(decode(ev.HERE / "audio" / folder / f"{mid}.wav"))
        act, window = seen["activity"], seen["window"]
        n_frames = act.shape[1]
        pairs, secs = [], {}
        for c in range(act.shape[0]):
            times = window[c].start + (np.arange(n_frames) + 0.5) * window.duration / n_frames
            who = np.zeros(n_frames, int)    # 1 host, 2 listener (alone), 0 else
            for r in rows:
                s, e = float(r[3]), float(r[3]) + float(r[4])
                inside = (times >= s) & (times < e)
                who[inside] = np.where(who[inside] == 0, 1 if r[7] == truth["host"] else 2, 3)
            for s in range(act.shape[2]):
                on = act[c, :, s] > 0
                if on.any() and (who[on] == 2).mean() > 0.5:
                    pairs.append((c, s))
                    secs[(c, s)] = on.sum() * window.duration / n_frames
        why = reasons(seen["hard"], seen["centroids"], seen["embeddings"], act, seen["threshold"], pairs)
        count = {r: [0, 0.0] for r in REASONS}
        for p, r in why.items():
            count[r][0] += 1
            count[r][1] += secs[p]
        out_rows[mid] = {r: v for r, v in count.items()}
        print(f"| {mid} | {len(seen['centroids'])} | {len(why)} ({sum(secs.values()):.1f} s) | "
              + " | ".join(f"{n} ({s:.1f})" if n else "–" for n, s in count.values()) + " |", flush=True)
    (ev.CACHE / "results").mkdir(parents=True, exist_ok=True)
    (ev.CACHE / "results" / f"new-voice-refusals-{half}.json").write_text(json.dumps(out_rows, indent=1))


if __name__ == "__main__":
    main()
