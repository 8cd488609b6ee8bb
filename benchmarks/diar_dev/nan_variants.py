"""evaluate.py with a rule for chunk-speakers too short to cluster (under 0.6 s of weight in a chunk).

usage: python benchmarks/diar_dev/nan_variants.py old|nearest|apart|drop tune [evaluate.py's options]
       python benchmarks/diar_dev/nan_variants.py table LABEL LABEL ...   (results side by side)

The pipeline gives such a pair a NaN embedding; pyannote's assign_embeddings took an argmax over
that NaN row (cluster 0) until session 9, which gives it no cluster (short_turns.unvoiced). Here every
pair's embedding comes from cache/<id>.step0.25.min1.npz (pooled with no minimum; nan_speakers.py
--short writes it), the short ones are kept out of the clustering and new_voices as the pipeline
does, and then:
old: cluster 0 (the argmax over NaN, before session 9);
nearest: the centroid nearest their own embedding;
apart: the nearest centroid that no embedded chunk-mate has (the segmentation heard them as
another person), the nearest one when every centroid is taken;
drop: no cluster (pyannote's -2): their frames are left to the other chunks and chunk-mates (the
pipeline's rule since session 9).
Results go to cache/results/nan-<variant>-<half>.json. Tune half only.
"""
from __future__ import annotations

import sys

import numpy as np

import evaluate as ev

MIN_S = 0.6   # the pipeline's MIN_EMBED_FRAMES (30) of CAM++ frames (20 ms)


def short_pairs(activity: np.ndarray, chunk_s: float) -> np.ndarray:
    """(chunks, local speakers): active, but under MIN_S seconds of the chunk."""
    seconds = activity.sum(axis=1) * chunk_s / activity.shape[1]
    return (seconds > 0) & (seconds < MIN_S)


def old(hard, centroids, embeddings, short):
    hard = hard.copy()
    hard[short] = 0
    return hard


def nearest(hard, centroids, embeddings, short):
    hard = hard.copy()
    unit = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
    for c, s in zip(*np.nonzero(short)):
        hard[c, s] = int(np.argmax(unit @ embeddings[c, s]))
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


def install(rule) -> None:
    """Every cached pipeline evaluate.py makes reads the no-minimum embeddings and applies `rule`."""
    cached = ev.cached_pipeline

    def cached_pipeline(diarizer, uri, fresh):
        pipeline = cached(diarizer, uri, fresh)
        embeddings = np.load(ev.CACHE / f"{uri}.step{diarizer.segmentation_step:g}.min1.npz")["embeddings"]
        pipeline.get_embeddings = lambda file, binary, exclude_overlap=False, hook=None: embeddings
        cls = type(pipeline.clustering)
        if not getattr(cls, "_short_rule", None):
            base = cls.__call__

            def call(self, embeddings, segmentations=None, num_clusters=None, min_clusters=None, max_clusters=None, **kw):
                short = short_pairs(segmentations.data, segmentations.sliding_window.duration) \
                    & np.all(np.isfinite(embeddings), axis=2)
                clustered = np.where(short[..., None], np.nan, embeddings)
                hard, soft, centroids = base(self, clustered, segmentations, num_clusters, min_clusters, max_clusters, **kw)
                if centroids is not None and len(centroids) > 1:
                    hard = rule(hard, centroids, embeddings, short)
                return hard, soft, centroids

            cls.__call__, cls._short_rule = call, rule
        return pipeline

    ev.cached_pipeline = cached_pipeline


def table(labels: list[str]) -> None:
    """Error pp / count / DER per file and the summary, for each results file cache/results/<label>-tune.json."""
    import json

    runs = {label: {r["id"]: r for r in json.loads((ev.CACHE / "results" / f"{label}-tune.json").read_text())}
            for label in labels}
    ids = list(next(iter(runs.values())))
    print("| meeting | " + " | ".join(f"{label}: err pp / count / DER %" for label in labels) + " |")
    print("|---|" + "---|" * len(labels))
    for mid in ids:
        cells = [f"{r[mid]['error_pp']:.1f} / {'✓' if r[mid]['count_right'] else '✗'} / {r[mid]['der']:.1f}"
                 for r in runs.values()]
        print(f"| {mid} | " + " | ".join(cells) + " |")
    met = lambda r: r["count_right"] and r["error_pp"] <= (3 if ev.kind(r["id"]) == "phone" else 2)
    print("\n| run | files | count right | mean pp | worst pp | mean DER % | targets met |\n|---|---|---|---|---|---|---|")
    for label, r in runs.items():
        rows = [r[m] for m in ids]
        print(f"| {label} | {len(rows)} | {sum(x['count_right'] for x in rows)} | {np.mean([x['error_pp'] for x in rows]):.2f} | "
              f"{max(x['error_pp'] for x in rows):.1f} | {np.mean([x['der'] for x in rows]):.2f} | {sum(map(met, rows))} |")


def main() -> None:
    if sys.argv[1] == "table":
        return table(sys.argv[2:])
    variant, half = sys.argv[1], sys.argv[2]
    assert half == "tune", "tune half only"
    sys.path.insert(0, str(ev.ROOT / "src"))
    install({"old": old, "nearest": nearest, "apart": apart, "drop": drop}[variant])
    sys.argv = [sys.argv[0], half, f"--label=nan-{variant}", *sys.argv[3:]]
    ev.main()


if __name__ == "__main__":
    main()
