"""What a balanced dialogue's voice confusion is made of, and what the diarizer could see of it.

usage: python benchmarks/diar_dev/mixed.py HALF [--only=ID,ID] [--out=DIR]

Issue 18 (session 11): on "novel" two balanced real-voice dialogues were found as two voices with
healthy shares but confused (Katie / FEO070 3.5 pp, its mu-law call 15.2 pp; CV l 9.4 / 8.2 pp) and
no notice fired. Each two-speaker file is diarized with default flags (cached, the prior applied)
twice: as the pipeline does, and with short_turns.recheck disabled. Per file, from the truth:

- error pp and DER (evaluate.score), each run;
- **conf s**: truth frames with one true speaker that the output gives only to the other one's voice
  (10 ms frames, no collar), split by the true turn's length (< 1 s / 1-2.5 s / >= 2.5 s), and how
  much of it lies in confused runs >= 2 s (long stretches);
- **other %** per found voice: the share of its single-truth-speaker time that is the other person;
- **recheck right / wrong s**: seconds recheck relabelled to the true speaker / away from them;
- DER parts, and per true speaker the seconds of the voice mapped to them: own talk, the other's, silence.

And truth-free, what the report could read: the found voices' centroid cosine; over the clustering's
chunk-speaker embeddings (cache, hard clusters from pipeline.reconstruct), the share closer to the
other cluster's mean than their own (**closer other %**) and the median margin
cos(own) - cos(other).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

import evaluate as ev
from short_losses import STEP, capture, mask, truth_rows


def runs(m: np.ndarray) -> list[int]:
    """Lengths (frames) of the True runs of m."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], m.astype(np.int8), [0]])))
    return list(edges[1::2] - edges[::2])


def chunk_margins(mid: str, hard: np.ndarray) -> tuple[float, float]:
    """Share of the clustering's chunk-speaker embeddings closer to another cluster's mean, and the median margin."""
    emb = np.load(ev.CACHE / f"{mid}.step0.25.npz")["embeddings"]
    ok = (hard >= 0) & ~np.isnan(emb).any(axis=2)
    x, k = emb[ok], hard[ok]
    x = x / np.linalg.norm(x, axis=1, keepdims=True)
    labels = sorted(set(k.tolist()))
    if len(labels) < 2:
        return float("nan"), float("nan")
    means = np.stack([x[k == c].mean(0) for c in labels])
    means /= np.linalg.norm(means, axis=1, keepdims=True)
    sims = x @ means.T
    own = sims[np.arange(len(k)), [labels.index(c) for c in k]]
    other = np.where(np.arange(len(labels))[None] == np.array([labels.index(c) for c in k])[:, None], -np.inf, sims).max(1)
    return 100 * float((other > own).mean()), float(np.median(own - other))


def main() -> None:
    sys.path.insert(0, str(ev.ROOT / "src"))
    from talkratio.audio import decode
    from talkratio.diarize import pyannote as pa
    from talkratio.diarize.expected import with_prior
    from talkratio.diarize.pyannote import PyannoteDiarizer
    from talkratio.profiles import cosine

    opts, only = ev.options()
    half, split = ev.named_half()
    diarizer = PyannoteDiarizer()
    pipeline = diarizer._load()
    original = pa.recheck
    rows = []
    print("| meeting | error pp (no recheck) | DER % (no recheck) | conf s: <1 / 1-2.5 / >=2.5 s turns | conf in runs >=2 s | "
          "other % per found voice | recheck right / wrong s | centroid cos | closer other % | median margin | "
          "DER = miss + FA + conf | per true speaker s: true / heard / other's / silence |")
    print("|---" * 12 + "|")
    for mid, folder in split.items():
        truth = json.loads((ev.HERE / "truth" / f"{mid}.json").read_text())
        if (only and mid not in only) or len(truth["talk_share"]) != 2:
            continue
        audio = decode(ev.HERE / "audio" / folder / f"{mid}.wav")
        outs = {}
        for tag, fn in (("on", original), ("off", lambda t, e, *a: (tuple(t), tuple(e)))):
            pa.recheck = fn
            ev.cached_pipeline(diarizer, mid, False)
            seen = capture(pipeline)
            outs[tag] = (with_prior(diarizer(audio), "one-on-one"), seen["args"][1])
            del pipeline.reconstruct
        pa.recheck = original
        out, hard = outs["on"]
        ref_rows = truth_rows(mid)
        n = int(max(e for _, e, _ in ref_rows) / STEP) + 1000
        people = sorted(truth["talk_share"])
        T = {p: mask([r for r in ref_rows if r[2] == p], n) for p in people}
        single = T[people[0]] ^ T[people[1]]
        sc = {tag: ev.score(ev.HERE / "truth", mid, o.turns) for tag, (o, _) in outs.items()}
        from pyannote.metrics.diarization import DiarizationErrorRate

        ref = ev.annotation(ref_rows)
        hypo = lambda o: ev.annotation([(t.start, t.end, t.speaker) for t in o.turns])
        found_of = {tag: {v: k for k, v in DiarizationErrorRate(collar=0.25).optimal_mapping(ref, hypo(o)).items()}
                    for tag, (o, _) in outs.items()}   # true → found
        H = {tag: {k: mask([(t.start, t.end) for t in o.turns if t.speaker == k], n) for k in {t.speaker for t in o.turns}}
             for tag, (o, _) in outs.items()}
        none = np.zeros(n, bool)

        def confused(tag):
            """Single-true-speaker frames heard only as the other person's voice."""
            m = np.zeros(n, bool)
            for p, q in (people, people[::-1]):
                mine, theirs = H[tag].get(found_of[tag].get(p), none), H[tag].get(found_of[tag].get(q), none)
                m |= T[p] & ~T[q] & ~mine & theirs
            return m

        conf = confused("on")
        bucket = np.zeros(n, np.int8)      # true turn length class of each frame
        for s, e, _ in ref_rows:
            bucket[int(round(s / STEP)):int(round(e / STEP))] = 0 if e - s < 1 else 1 if e - s < 2.5 else 2
        long_runs = sum(r for r in runs(conf) if r * STEP >= 2) * STEP
        other = {}
        for p, q in (people, people[::-1]):
            f = found_of["on"].get(p)
            if f is not None:
                h = H["on"][f] & single
                other[f] = 100 * (h & T[q]).sum() / max(h.sum(), 1)
        # recheck: frames whose label differs between the runs (on the "on" run's mapping)
        right = wrong = 0.0
        for p in people:
            f_on, f_off = found_of["on"].get(p), found_of["off"].get(p)
            gained = T[p] & single & H["on"].get(f_on, none) & ~H["off"].get(f_off, none)
            lost = T[p] & single & ~H["on"].get(f_on, none) & H["off"].get(f_off, none)
            right += gained.sum() * STEP
            wrong += lost.sum() * STEP
        # where each true speaker's reported share comes from: own talk heard, the other's talk, silence
        silence = ~T[people[0]] & ~T[people[1]]
        sources = {}
        for p, q in (people, people[::-1]):
            h = H["on"].get(found_of["on"].get(p), none)
            sources[p] = {k: round(float(v.sum()) * STEP, 1) for k, v in
                          (("true", T[p]), ("heard", h & T[p]), ("other", h & T[q] & ~T[p]), ("silence", h & silence))}
        parts = DiarizationErrorRate(collar=0.25)(ref, hypo(out), detailed=True)
        der_parts = [round(100 * parts[k] / parts["total"], 1) for k in ("missed detection", "false alarm", "confusion")]
        cos = cosine(*out.embeddings.values()) if len(out.embeddings) == 2 else float("nan")
        closer, margin = chunk_margins(mid, hard)
        row = {"id": mid, "error_pp": sc["on"]["error_pp"], "error_pp_off": sc["off"]["error_pp"], "der": sc["on"]["der"],
               "der_off": sc["off"]["der"], "conf_s": [round(float((conf & (bucket == b)).sum()) * STEP, 2) for b in range(3)],
               "conf_long_runs_s": round(float(long_runs), 2), "other_pct": other, "recheck_right_s": round(right, 2),
               "recheck_wrong_s": round(wrong, 2), "centroid_cos": cos, "closer_other_pct": closer, "median_margin": margin,
               "truth": sc["on"]["truth"], "reported": sc["on"]["reported"], "count_right": sc["on"]["count_right"],
               "sources": sources, "der_parts": der_parts}
        rows.append(row)
        print(f"| {mid} | {row['error_pp']:.1f} ({row['error_pp_off']:.1f}) | {row['der']:.1f} ({row['der_off']:.1f}) | "
              f"{' / '.join(f'{v:.1f}' for v in row['conf_s'])} | {long_runs:.1f} | "
              f"{' / '.join(f'{v:.1f}' for v in other.values())} | {right:.1f} / {wrong:.1f} | {cos:.3f} | "
              f"{closer:.1f} | {margin:.3f} | {' + '.join(map(str, der_parts))} | "
              f"{'; '.join(f'{p}: ' + '/'.join(str(v) for v in d.values()) for p, d in sources.items())} |", flush=True)
    out_dir = Path(opts.get("out", "/tmp/s11-mixed"))   # not the shared cache: it is the lead's
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"mixed-{half}.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
