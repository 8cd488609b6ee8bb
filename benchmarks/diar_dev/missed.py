"""Where a balanced dialogue's missed talk lies, and whether sound given to nobody could tell the report.

usage: python benchmarks/diar_dev/missed.py HALF [--only=ID,ID] [--out=DIR]

Issue 18 (session 11): mixed.py found that novel's unflagged balanced errors (Katie / FEO070 and its
mu-law call, CV l and its call) are one person's talk missed (DER's miss 8-14 %), not voices
confused. Per two-speaker file, default flags (cached, prior applied), 10 ms frames:

- **missed s A / B**: each true speaker's talk that no found voice has; of all missed talk, the share
  that is quiet (short_turns.quiet_frames), that the raw segmentation heard (any local speaker active
  in a chunk, pipeline.reconstruct's input), and that lies in missed runs >= 1 s, and within EDGE_S of a true turn's start or end;
- truth-free: **loud unheard %**: frames not quiet and given to no voice, in runs >= 0.6 s
  (short_turns.ISLAND_S's floor: what CAM++ can embed), as % of the found talk;
- those runs embedded (the recheck's CAM++), each given to the nearer centroid: the seconds inside
  one true speaker that went to that speaker's voice (**right %**), and the error pp if they were added.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

import evaluate as ev
from mixed import runs
from short_losses import STEP, capture, mask, truth_rows

MIN_RUN_S = 0.6
EDGE_S = 0.3


def heard_frames(args, receptive, n: int) -> np.ndarray:
    """Frames where any chunk's local speaker is active in the raw segmentation."""
    seg = args[0]
    data, window = seg.data, seg.sliding_window
    centres = receptive.start + receptive.duration / 2 + receptive.step * np.arange(data.shape[1])
    heard = np.zeros(n, bool)
    for c in range(data.shape[0]):
        idx = np.clip(np.round((window[c].start + centres) / STEP).astype(int), 0, n - 1)
        heard[idx[(data[c] > 0.5).any(axis=1)]] = True
    return heard


def main() -> None:
    sys.path.insert(0, str(ev.ROOT / "src"))
    from talkratio.audio import decode
    from talkratio.diarize import short_turns
    from talkratio.diarize.expected import with_prior
    from talkratio.diarize.pyannote import PyannoteDiarizer, _embed_spans
    from talkratio.profiles import cosine

    opts, only = ev.options()
    half, split = ev.named_half()
    diarizer = PyannoteDiarizer()
    pipeline = diarizer._load()
    receptive = pipeline._segmentation.model.receptive_field
    rows = []
    print("| meeting | error pp | missed s A / B | missed: quiet % / heard by segmentation % / in runs >= 1 s % / within 0.3 s of a true turn's edge % | "
          "loud unheard % of found talk (s) | of it inside one speaker, to the right voice % | error pp if added |")
    print("|---" * 7 + "|")
    for mid, folder in split.items():
        truth = json.loads((ev.HERE / "truth" / f"{mid}.json").read_text())
        if (only and mid not in only) or len(truth["talk_share"]) != 2:
            continue
        audio = decode(ev.HERE / "audio" / folder / f"{mid}.wav")
        ev.cached_pipeline(diarizer, mid, False)
        seen = capture(pipeline)
        out = with_prior(diarizer(audio), "one-on-one")
        del pipeline.reconstruct
        ref_rows = truth_rows(mid)
        n = int(max(len(audio.mono) / 16000, max(e for _, e, _ in ref_rows)) / STEP) + 100
        people = sorted(truth["talk_share"])
        T = {p: mask([r for r in ref_rows if r[2] == p], n) for p in people}
        found = mask([(t.start, t.end) for t in out.turns], n)
        q = np.repeat(short_turns.quiet_frames(audio.mono), round(short_turns.FRAME_S / STEP))[:n]
        quiet = np.ones(n, bool)                 # past the audio's end: nothing to hear
        quiet[:len(q)] = q
        heard = heard_frames(seen["args"], receptive, n)
        missed = {p: T[p] & ~found for p in people}
        allm = missed[people[0]] | missed[people[1]]
        long_m = np.zeros(n, bool)
        edges = np.flatnonzero(np.diff(np.concatenate([[0], allm.astype(np.int8), [0]])))
        for a, b in zip(edges[::2], edges[1::2]):
            long_m[a:b] = (b - a) * STEP >= 1
        edge = np.zeros(n, bool)                 # within EDGE_S of a true turn's start or end
        for a, b in ((int(round(s / STEP)), int(round(e / STEP))) for s, e, _ in ref_rows):
            c = int(EDGE_S / STEP)
            edge[a:a + c] = edge[max(a, b - c):b] = True
        pct = lambda m, of: 100 * float(m.sum()) / max(float(of.sum()), 1)
        # truth-free: loud sound given to no voice, in embeddable runs
        loud = ~quiet & ~found
        edges = np.flatnonzero(np.diff(np.concatenate([[0], loud.astype(np.int8), [0]])))
        spans = [(a * STEP, b * STEP) for a, b in zip(edges[::2], edges[1::2]) if (b - a) * STEP >= MIN_RUN_S]
        loud_s = sum(e - s for s, e in spans)
        vectors = _embed_spans(pipeline._embedding.model_, audio.mono, spans) if spans else []
        sc = ev.score(ev.HERE / "truth", mid, out.turns)
        from pyannote.metrics.diarization import DiarizationErrorRate

        ref = ev.annotation(ref_rows)
        hyp = ev.annotation([(t.start, t.end, t.speaker) for t in out.turns])
        true_of = DiarizationErrorRate(collar=0.25).optimal_mapping(ref, hyp)   # found → true
        right = inside = 0.0
        added = list(out.turns)
        for (s, e), v in zip(spans, vectors):
            if v is None or len(out.embeddings) < 2:
                continue
            nearest = max(out.embeddings, key=lambda k: cosine(v, out.embeddings[k]))
            added.append(type(out.turns[0])(nearest, s, e))
            a, b = int(round(s / STEP)), int(round(e / STEP))
            for p in people:
                if T[p][a:b].mean() > 0.8:
                    inside += e - s
                    right += (e - s) * (true_of.get(nearest) == p)
        after = ev.score(ev.HERE / "truth", mid, added)["error_pp"]
        talk = float(found.sum()) * STEP
        row = {"id": mid, "error_pp": sc["error_pp"], "missed_s": {p: round(float(missed[p].sum()) * STEP, 1) for p in people},
               "missed_quiet_pct": pct(allm & quiet, allm), "missed_heard_pct": pct(allm & heard, allm),
               "missed_long_pct": pct(long_m, allm), "missed_edge_pct": pct(allm & edge, allm), "loud_unheard_pct": 100 * loud_s / max(talk, 1), "loud_unheard_s": loud_s,
               "inside_s": inside, "right_pct": 100 * right / inside if inside else float("nan"), "error_pp_if_added": after}
        rows.append(row)
        print(f"| {mid} | {sc['error_pp']:.1f} | {' / '.join(f'{v:.1f}' for v in row['missed_s'].values())} | "
              f"{row['missed_quiet_pct']:.0f} / {row['missed_heard_pct']:.0f} / {row['missed_long_pct']:.0f} / {row['missed_edge_pct']:.0f} | "
              f"{row['loud_unheard_pct']:.1f} ({loud_s:.1f}) | {row['right_pct']:.0f} ({inside:.1f} s) | {after:.1f} |", flush=True)
    out_dir = Path(opts.get("out", "/tmp/s11-mixed"))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"missed-{half}.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
