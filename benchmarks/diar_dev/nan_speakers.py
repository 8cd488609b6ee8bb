"""Chunk-speakers too short to embed: how many, how long, who truly speaks in them, where they go.

usage: python benchmarks/diar_dev/nan_speakers.py tune [--only=ID,ID] [--short]

Our CAM++ wrapper gives a (10 s chunk, local speaker) pair with under MIN_EMBED_FRAMES of weight
(~0.6 s) a NaN embedding; pyannote's assign_embeddings then takes np.argmax over an all-NaN row,
which is cluster 0. From evaluate.py's cache (segmentation + embeddings), per file: active
chunk-speakers, those with NaN, their frames in chunk-seconds (each second is seen by 4 chunks) and
on the timeline (their union), and the truth over those timeline frames: host alone, listener alone,
both, nobody (host = the truth's larger share). "mate" counts NaN chunk-speakers with an embedded
local speaker active in the same chunk, and "mate's cluster" those that the clustering (our
NewVoiceClustering, as the pipeline runs it) put in that mate's cluster — which the segmentation
says is another person (the numbers in benchmarks/README are from the code before session 9's
change; since then the pipeline gives such pairs no cluster, -2, and this column reads 0). With --short, the voice evidence a shorter minimum would give: the file is
embedded once more with no minimum (cached as cache/<id>.step0.25.min1.npz, with each pair's weight in
CAM++ frames), and each NaN chunk-speaker's cosine to the listener's cluster minus the host's (the
clusters named by the truth of their embedded members) is compared between those whose frames are
mostly the host's and those mostly the listener's: AUC = P(a listener one scores higher). Tune half only.
"""
from __future__ import annotations

import json
import sys

import numpy as np

import evaluate as ev

GRID = 0.02


def truth_frames(mid: str, grid: np.ndarray) -> np.ndarray:
    """Per grid time: 0 nobody, 1 host alone, 2 listener alone, 3 both."""
    truth = json.loads((ev.HERE / "truth" / f"{mid}.json").read_text())["talk_share"]
    host = max(truth, key=truth.get)
    on = {1: np.zeros(len(grid), bool), 2: np.zeros(len(grid), bool)}
    for row in (ev.HERE / "truth" / f"{mid}.rttm").read_text().splitlines():
        f = row.split()
        s, e = float(f[3]), float(f[3]) + float(f[4])
        on[1 if f[7] == host else 2][(grid >= s) & (grid < e)] = True
    return on[1] * 1 + on[2] * 2


def measure(mid: str, clustering) -> dict:
    from pyannote.core import SlidingWindow, SlidingWindowFeature

    stored = np.load(ev.CACHE / f"{mid}.step0.25.npz")
    seg, emb, (w0, dur, step) = stored["segmentations"], stored["embeddings"], stored["window"]
    n_chunks, n_frames, n_local = seg.shape
    hard, _, _ = clustering(embeddings=emb, segmentations=SlidingWindowFeature(seg, SlidingWindow(start=w0, duration=dur, step=step)),
                            num_clusters=None, min_clusters=1, max_clusters=np.inf)
    grid = np.arange(0.0, w0 + (n_chunks - 1) * step + dur, GRID)
    who = truth_frames(mid, grid)
    covered = np.zeros(len(grid), bool)
    active = seg.sum(axis=1) > 0
    nan = np.isnan(emb).any(axis=2)
    pairs = []   # (chunk, local speaker, truth by majority) of the NaN ones
    rows = {"active": int(active.sum()), "nan": int((active & nan).sum()), "chunk_s": 0.0,
            "mate": 0, "mates_cluster": 0, "majority": [0, 0, 0, 0], "mates_cluster_majority": [0, 0, 0, 0]}
    for c, s in zip(*np.nonzero(active & nan)):
        on = seg[c, :, s] > 0
        times = w0 + c * step + (np.flatnonzero(on) + 0.5) * dur / n_frames
        at = np.clip(np.round(times / GRID).astype(int), 0, len(grid) - 1)
        covered[at] = True
        rows["chunk_s"] += on.sum() * dur / n_frames
        major = int(np.bincount(who[at], minlength=4).argmax())
        rows["majority"][major] += 1
        pairs.append((int(c), int(s), major))
        mates = [t for t in range(n_local) if t != s and active[c, t] and not nan[c, t]]
        if mates:
            rows["mate"] += 1
            if hard[c, s] in {hard[c, t] for t in mates}:
                rows["mates_cluster"] += 1
                rows["mates_cluster_majority"][major] += 1
    rows["timeline_s"] = float(covered.sum() * GRID)
    rows["truth_s"] = [float(((who == k) & covered).sum() * GRID) for k in range(4)]   # nobody, host, listener, both
    return {"id": mid} | rows, pairs, hard, who_of(seg, w0, step, dur, who), active & ~nan


def who_of(seg, w0, step, dur, who) -> np.ndarray:
    """(chunks, local speakers, 4): frames of each chunk-speaker by truth (nobody, host, listener, both)."""
    n_chunks, n_frames, n_local = seg.shape
    out = np.zeros((n_chunks, n_local, 4), int)
    for c in range(n_chunks):
        at = np.clip(np.round((w0 + c * step + (np.arange(n_frames) + 0.5) * dur / n_frames) / GRID).astype(int), 0, len(who) - 1)
        for s in range(n_local):
            out[c, s] = np.bincount(who[at[seg[c, :, s] > 0]], minlength=4)
    return out


def short_embeddings(mid: str, diarizer) -> tuple[np.ndarray, np.ndarray]:
    """Embeddings with no minimum weight and each pair's weight in CAM++ frames (cached)."""
    import torch
    import torch.nn.functional as F
    from pyannote.core import SlidingWindow, SlidingWindowFeature
    from talkratio.audio import decode
    from talkratio.diarize import pyannote as ours

    path = ev.CACHE / f"{mid}.step0.25.min1.npz"
    if not path.exists():
        stored = np.load(ev.CACHE / f"{mid}.step0.25.npz")
        seg, (w0, dur, step) = stored["segmentations"], stored["window"]
        folder = json.loads((ev.HERE / "split.json").read_text())["tune"][mid]
        audio = decode(ev.HERE / "audio" / folder / f"{mid}.wav")
        pipeline, saved = diarizer._load(), ours.MIN_EMBED_FRAMES
        ours.MIN_EMBED_FRAMES = 1
        try:
            file = {"waveform": torch.from_numpy(np.ascontiguousarray(audio.mono))[None], "sample_rate": ours.SAMPLE_RATE}
            emb = type(pipeline).get_embeddings(pipeline, file, SlidingWindowFeature(seg, SlidingWindow(start=w0, duration=dur, step=step)))
        finally:
            ours.MIN_EMBED_FRAMES = saved
        span = round(dur / ours.FRAME_S)
        weights = torch.from_numpy(seg.transpose(0, 2, 1).astype(np.float32))     # (chunks, speakers, frames)
        totals = F.interpolate(weights, size=span, mode="nearest").sum(dim=2).numpy()
        np.savez(path, embeddings=emb, totals=totals)
    stored = np.load(path)
    return stored["embeddings"], stored["totals"]


def voice_evidence(pairs, hard, whos, embedded, emb_short, totals) -> list[tuple[int, float, float]]:
    """(truth by majority, weight in frames, cos to the listener's cluster - cos to the host's) per NaN pair."""
    from talkratio.profiles import cosine

    clusters = sorted(set(hard[embedded].tolist()))
    if len(clusters) < 2:
        return []
    frames = {k: whos[embedded & (hard == k)].sum(axis=0) for k in clusters}
    host = max(clusters, key=lambda k: frames[k][1] / max(frames[k].sum(), 1))
    listener = max((k for k in clusters if k != host), key=lambda k: frames[k][2])
    centroid = {k: np.mean(emb_short[embedded & (hard == k)], axis=0) for k in (host, listener)}
    return [(major, float(totals[c, s]), cosine(emb_short[c, s], centroid[listener]) - cosine(emb_short[c, s], centroid[host]))
            for c, s, major in pairs if np.all(np.isfinite(emb_short[c, s]))]


def main() -> None:
    sys.path.insert(0, str(ev.ROOT / "src"))
    from talkratio.diarize.pyannote import CLUSTERING, PyannoteDiarizer, _clustering

    half, split = ev.named_half()
    assert half == "tune", "tune half only (the held-out halves are scored by the lead)"
    opts, only = ev.options()
    clustering = _clustering()
    clustering.instantiate(CLUSTERING)
    out, evidence = [], []
    diarizer = PyannoteDiarizer()
    print("| meeting | active | NaN | chunk-s | timeline s | truth s: nobody / host / listener / both | "
          "by majority: nobody / host / listener / both | with an embedded mate | in the mate's cluster (by majority) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for mid in split:
        if only and mid not in only:
            continue
        r, pairs, hard, whos, embedded = measure(mid, clustering)
        if "--short" in sys.argv:
            evidence += [(mid, *e) for e in voice_evidence(pairs, hard, whos, embedded, *short_embeddings(mid, diarizer))]
        out.append(r)
        print(f"| {mid} | {r['active']} | {r['nan']} | {r['chunk_s']:.1f} | {r['timeline_s']:.1f} | "
              f"{' / '.join(f'{v:.1f}' for v in r['truth_s'])} | {' / '.join(map(str, r['majority']))} | "
              f"{r['mate']} | {r['mates_cluster']} ({' / '.join(map(str, r['mates_cluster_majority']))}) |")
    total = lambda k: np.sum([r[k] for r in out], axis=0)
    print(f"| all | {total('active')} | {total('nan')} | {total('chunk_s'):.1f} | {total('timeline_s'):.1f} | "
          f"{' / '.join(f'{v:.1f}' for v in total('truth_s'))} | {' / '.join(map(str, total('majority')))} | "
          f"{total('mate')} | {total('mates_cluster')} ({' / '.join(map(str, total('mates_cluster_majority')))}) |")
    if evidence:
        from islands import auc

        print("\n| NaN pairs by weight (CAM++ frames) | host ones | listener ones | AUC listener vs host | "
              "host ones closer to the listener's cluster | listener ones closer to it |\n|---|---|---|---|---|---|")
        for lo, hi in ((1, 10), (10, 20), (20, 30), (1, 30)):
            part = [e for e in evidence if lo <= e[2] < hi]
            h, li = [e[3] for e in part if e[1] == 1], [e[3] for e in part if e[1] == 2]
            a = 1 - auc(h, li, True) if h and li else float("nan")
            print(f"| {lo}-{hi} | {len(h)} | {len(li)} | {a:.2f} | {sum(v > 0 for v in h)} | {sum(v > 0 for v in li)} |")
        (ev.CACHE / "results" / f"nan-evidence-{half}.json").parent.mkdir(parents=True, exist_ok=True)
        (ev.CACHE / "results" / f"nan-evidence-{half}.json").write_text(json.dumps(evidence, indent=1))
    (ev.CACHE / "results").mkdir(parents=True, exist_ok=True)
    (ev.CACHE / "results" / f"nan-speakers-{half}.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
