"""Where a found listener's missing seconds go: per file, the listener's true talk split by what
the diarization did with it, and by what the segmentation heard there.

usage: python benchmarks/diar_dev/short_losses.py tune [--only=ID,ID] [--max-share=0.2]

Issue 18 (session 8): some listeners are found as a second voice but with too little talk
(dd-en-00: truth 5.1 %, reported 2.5 %). Each meeting whose listener has at most --max-share of the
talk is diarized with default flags (cached segmentation + embeddings, as evaluate.py; the prior
applied). Every 10 ms of the listener's true talk is one of

- **hit**: the found voice mapped to the listener (pyannote.metrics' optimal mapping) has it;
- **host**: only the host's voice has it (confusion);
- **missed**: no voice has it (not detected as speech);

and each is split by where it lies: in a reply under 0.5 s (a back-channel), within 0.25 s of
the reply's edge (what a DER collar forgives), under the host's own true speech (overlap), or
inside a longer reply. For the frames the output loses, the raw segmentation says why, from all
the 10 s chunks that see the frame: no local speaker active in any chunk (**not heard**); only
the local speaker that also carries the host in that chunk (**merged**, the segmentation heard
one voice); a local speaker of its own that the clustering gave the host (**clustered to host**);
or one clustered to the listener in some chunk but outvoted in pyannote's reconstruction (which
sums each cluster's activity over the chunks and keeps the top `count` clusters per frame)
(**outvoted**). Also: the listener voice's false alarm (seconds it has outside the listener's
true talk) and DER's parts (pyannote.metrics, collar 0.25 s) per file.
"""
from __future__ import annotations

import json
import sys

import numpy as np

import evaluate as ev

STEP = 0.01
SHORT_S = 0.5
COLLAR_S = 0.25


def truth_rows(mid: str) -> list[tuple[float, float, str]]:
    rows = [r.split() for r in (ev.HERE / "truth" / f"{mid}.rttm").read_text().splitlines()]
    return [(float(r[3]), float(r[3]) + float(r[4]), r[7]) for r in rows]


def mask(rows, n: int) -> np.ndarray:
    m = np.zeros(n, dtype=bool)
    for s, e, *_ in rows:
        m[int(round(s / STEP)):int(round(e / STEP))] = True
    return m


def capture(pipeline) -> dict:
    """Keep the first reconstruct call's inputs (segmentations, hard clusters, count)."""
    seen: dict = {}
    original = pipeline.reconstruct

    def reconstruct(segmentations, hard_clusters, count):
        # a copy of count: pyannote clips the same object's data to 1 for the exclusive diarization after this call
        from pyannote.core import SlidingWindowFeature

        seen.setdefault("args", (segmentations, hard_clusters.copy(), SlidingWindowFeature(count.data.copy(), count.sliding_window)))
        return original(segmentations, hard_clusters, count)

    pipeline.reconstruct = reconstruct
    return seen


def why_lost(seen: dict, receptive, host_k: set, listener_k: set, host_true: np.ndarray, n: int) -> np.ndarray:
    """Per 10 ms frame, the best the segmentation did there: 0 not heard, 1 merged, 2 clustered to
    host, 3 a listener-clustered local speaker in some chunk (the output then lost it: outvoted)."""
    seg, hard, _ = seen["args"]
    best = np.zeros(n, dtype=np.int8)
    data, window = seg.data, seg.sliding_window
    frames = data.shape[1]
    centres = receptive.start + receptive.duration / 2 + receptive.step * np.arange(frames)
    for c in range(data.shape[0]):
        t = window[c].start + centres
        idx = np.clip(np.round(t / STEP).astype(int), 0, n - 1)
        active = data[c] > 0.5                                       # (frames, local speakers)
        for s in range(data.shape[2]):
            on = active[:, s]
            if not on.any():
                continue
            k = hard[c, s]
            # does this local speaker also carry the host's true speech in this chunk (away from the listener)?
            carries_host = host_true[idx[on]].mean() > 0.5
            level = 3 if k in listener_k else (1 if carries_host else 2) if k in host_k else 1
            np.maximum.at(best, idx[on], level)
    return best


def main() -> None:
    sys.path.insert(0, str(ev.ROOT / "src"))
    from pyannote.metrics.diarization import DiarizationErrorRate

    from talkratio.audio import decode
    from talkratio.diarize.expected import with_prior
    from talkratio.diarize import short_turns
    from talkratio.diarize.pyannote import PyannoteDiarizer
    from talkratio.diarize.short_turns import quiet_frames

    opts, only = ev.options()
    half, split = ev.named_half()
    max_share = float(opts.get("max-share", 0.2))
    diarizer = PyannoteDiarizer()
    pipeline = diarizer._load()
    receptive = pipeline._segmentation.model.receptive_field
    rows = []
    head = ("| meeting | listener s (truth) | hit | host: short / edge / overlap / inside | missed: short / edge / overlap / "
            "inside | lost, segmentation: not heard / merged / clustered to host / outvoted | listener FA s | "
            "host true s / over silence s (quiet) | truth → reported % | DER % = miss + FA + conf |")
    print(head + "\n" + "|---" * 10 + "|")
    for mid, folder in split.items():
        truth = json.loads((ev.HERE / "truth" / f"{mid}.json").read_text())
        listener = min(truth["talk_share"], key=truth["talk_share"].get)
        if (only and mid not in only) or len(truth["talk_share"]) != 2 or truth["talk_share"][listener] > max_share:
            continue
        host = truth["host"] if truth.get("host") in truth["talk_share"] else max(truth["talk_share"], key=truth["talk_share"].get)
        audio = decode(ev.HERE / "audio" / folder / f"{mid}.wav")
        ev.cached_pipeline(diarizer, mid, False)
        seen = capture(pipeline)
        out = with_prior(diarizer(audio), "one-on-one")
        del pipeline.reconstruct
        ref_rows = truth_rows(mid)
        n = int(max(e for _, e, _ in ref_rows) / STEP) + 1000
        ref = ev.annotation(ref_rows)
        hyp = ev.annotation([(t.start, t.end, t.speaker) for t in out.turns])
        metric = DiarizationErrorRate(collar=COLLAR_S)
        parts = metric(ref, hyp, detailed=True)
        mapping = {v: k for k, v in metric.optimal_mapping(ref, hyp).items()}   # true → found
        found_l, found_h = mapping.get(listener), mapping.get(host)
        L = mask([r for r in ref_rows if r[2] == listener], n)
        H = mask([r for r in ref_rows if r[2] == host], n)
        hypL = mask([(t.start, t.end) for t in out.turns if t.speaker == found_l], n)
        hypH = mask([(t.start, t.end) for t in out.turns if t.speaker != found_l], n)
        short, edge = np.zeros(n, bool), np.zeros(n, bool)
        for s, e, k in ref_rows:
            if k != listener:
                continue
            a, b = int(round(s / STEP)), int(round(e / STEP))
            if e - s < SHORT_S:
                short[a:b] = True
            c = int(COLLAR_S / STEP)
            edge[a:a + c] = edge[max(a, b - c):b] = True
        where = {"short": short, "edge": edge & ~short, "overlap": H & ~short & ~edge, "inside": ~H & ~short & ~edge}
        hit, to_host, missed = L & hypL, L & ~hypL & hypH, L & ~hypL & ~hypH
        # raw clusters → who they are: the true speaker with most of the cluster's raw reconstruction
        seg, hard, count = seen["args"]
        raw = pipeline.to_annotation(pipeline.reconstruct(seg, hard, count), 0.0, 0.0)
        host_k, listener_k = set(), set()
        for k in raw.labels():
            m = mask([(s.start, s.end) for s in raw.label_timeline(k)], n)
            (listener_k if (m & L).sum() > (m & H).sum() else host_k).add(int(str(k).split("_")[-1]) if isinstance(k, str) else int(k))
        why = why_lost(seen, receptive, host_k, listener_k, H & ~L, n)
        lost = L & ~hypL
        q = quiet_frames(audio.mono)
        quiet = np.zeros(n, bool)
        qi = np.repeat(q, round(short_turns.FRAME_S / STEP))[:n]
        quiet[:len(qi)] = qi
        sec = lambda m: round(float(m.sum()) * STEP, 2)
        row = {"id": mid, "listener_s": sec(L), "hit": sec(hit),
               "host": {w: sec(to_host & m) for w, m in where.items()}, "missed": {w: sec(missed & m) for w, m in where.items()},
               "lost_why": {name: sec(lost & (why == i)) for i, name in enumerate(("not heard", "merged", "clustered to host", "outvoted"))},
               "listener_fa": sec(hypL & ~L), "found_listener_s": sec(hypL), "found_host_s": sec(hypH & ~hypL),
               "host_over_silence": sec(hypH & ~hypL & ~L & ~H), "host_true_s": sec(H & ~L),
               "host_over_silence_quiet": sec(hypH & ~hypL & ~L & ~H & quiet),
               "der": 100 * abs(parts["diarization error rate"]),
               "der_parts": {k: 100 * parts[k] / parts["total"] for k in ("missed detection", "false alarm", "confusion")},
               "reported": sorted(ev.shares(out.turns).values(), reverse=True)}
        rows.append(row)
        slash = lambda d: " / ".join(f"{v:.1f}" for v in d.values())
        p = row["der_parts"]
        print(f"| {mid} | {row['listener_s']:.1f} | {row['hit']:.1f} | {slash(row['host'])} | {slash(row['missed'])} | "
              f"{slash(row['lost_why'])} | {row['listener_fa']:.1f} | {row['host_true_s']:.1f} / {row['host_over_silence']:.1f} "
              f"({row['host_over_silence_quiet']:.1f}) | {100 * truth['talk_share'][listener]:.1f} → {100 * row['reported'][-1]:.1f} | {row['der']:.1f} = {p['missed detection']:.1f} + "
              f"{p['false alarm']:.1f} + {p['confusion']:.1f} |", flush=True)
    (ev.CACHE / "results").mkdir(parents=True, exist_ok=True)
    (ev.CACHE / "results" / f"short-losses-{opts.get('label', 'current')}-{half}.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
