"""evaluate.py with another rule for chunk-speakers too short to cluster (short_turns.assign_short).

usage: python benchmarks/diar_dev/nan_variants.py old|nearest|apart|drop tune [evaluate.py's options]

old: cluster 0, what pyannote's argmax over their NaN embedding gave before session 9;
nearest: the centroid nearest their own embedding (the pipeline's rule);
apart: the nearest centroid that no embedded chunk-mate has (the segmentation heard them as
another person), the nearest one when every centroid is taken;
drop: no cluster (pyannote's -2): their frames are left to the other chunks and chunk-mates.
Results go to cache/results/nan-<variant>-<half>.json. Tune half only.
"""
from __future__ import annotations

import sys

import numpy as np

import evaluate as ev


def old(hard, centroids, embeddings, short):
    hard = hard.copy()
    hard[short] = 0
    return hard


def drop(hard, centroids, embeddings, short):
    hard = hard.copy()
    hard[short] = -2
    return hard


def apart(hard, centroids, embeddings, short):
    hard = hard.copy()
    unit = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
    embedded = ~short & np.all(np.isfinite(embeddings), axis=2)
    for c, s in zip(*np.nonzero(short)):
        similarity = unit @ embeddings[c, s]
        taken = {int(hard[c, t]) for t in np.flatnonzero(embedded[c]) if t != s}
        free = [k for k in range(len(centroids)) if k not in taken] or list(range(len(centroids)))
        hard[c, s] = max(free, key=lambda k: similarity[k])
    return hard


def main() -> None:
    variant, half = sys.argv[1], sys.argv[2]
    assert half == "tune", "tune half only"
    sys.path.insert(0, str(ev.ROOT / "src"))
    from talkratio.diarize import pyannote

    if variant != "nearest":
        pyannote.assign_short = {"old": old, "drop": drop, "apart": apart}[variant]
    sys.argv = [sys.argv[0], half, f"--label=nan-{variant}", *sys.argv[3:]]
    ev.main()


if __name__ == "__main__":
    main()
