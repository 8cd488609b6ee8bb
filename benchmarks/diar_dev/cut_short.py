"""Where a found listener's missing seconds go, stage by stage through the pipeline (issue 18, session 11).

usage: python benchmarks/diar_dev/cut_short.py tune|fresh|unseen|heldout [--only=ID,ID] [--max-share=0.2] [--label=NAME] [--replies]

Session 10's untouched look left dg-en-06 (truth 13.4 % listener, reported 10.0 %) and its μ-law
call (7.0 %) unflagged: a listener found, with too little talk. `short_losses.py` says what the
raw segmentation heard over the lost frames; this follows the listener's true talk (10 ms frames,
the truth's union per speaker, as `evaluate.score`'s shares) through each stage of the default
pipeline (cached segmentation + embeddings, as evaluate.py; prior applied):

- **heard**: some local speaker other than the one carrying the host in that chunk is active
  (segmentation, any of the chunks that see the frame);
- **clustered**: a local speaker clustered to the listener's cluster is active in some chunk;
- **count**: pyannote's instantaneous speaker count over the frame (the reconstruction keeps the
  top `count` clusters per frame): how much true overlap it counts as two;
- **reconstructed**: pyannote's own speaker_diarization gives the frame to the listener's cluster;
- **rechecked**: after `short_turns.recheck`; **final**: after the one-on-one prior (what is scored).

For each stage with turns (reconstructed, rechecked, final): the listener's and host's found
seconds (union), the listener's hits on its true talk, and the share they give. Then what the
share error is made of: the reported share against the share with the found listener over the
true host time (the listener's shortfall alone) and with the true listener over the found host
time (the host's surplus alone). Listener talk under the host's true talk (overlap) is split out
at each stage, since the truth counts it for both. Also: the host's found time over true silence
(and how much of it `short_turns.quiet_frames` calls quiet); one variant, every found turn with its
quiet runs of >= TRIM_S cut out (the truth's own bridging gap), scored the same way (not in the
pipeline: session 11 measured it on tune, fresh and unseen, and it met fewer targets); per reply
with --replies; and, per kind, whether the listeners found fall short systematically (`summary`).
--max-share=1 takes every two-speaker file. Rows to cache/results/cut-short-<label>-<half>.json.
"""
from __future__ import annotations

import json
import sys

import numpy as np

import evaluate as ev
from short_losses import STEP, capture, mask, truth_rows, why_lost


def share(listener: float, host: float) -> float:
    return 100 * listener / (listener + host) if listener + host else 0.0


TRIM_S = 0.25


def trim(turns, quiet: np.ndarray) -> list:
    """`turns` without the quiet runs (short_turns.quiet_frames, 20 ms frames) of at least TRIM_S inside them."""
    from talkratio.diarize import short_turns
    from talkratio.schema import Turn

    step, least = short_turns.FRAME_S, round(TRIM_S / short_turns.FRAME_S)
    out = []
    for t in turns:
        a, b = int(t.start / step), min(len(quiet), int(np.ceil(t.end / step)))
        flags = np.concatenate([[0], quiet[a:b].astype(np.int8), [0]])
        edges = np.flatnonzero(np.diff(flags))
        cuts = [(a + x, a + y) for x, y in zip(edges[::2], edges[1::2]) if y - x >= least]
        start = t.start
        for x, y in cuts:
            if x * step > start:
                out.append(Turn(t.speaker, start, round(x * step, 3)))
            start = max(start, y * step)
        if t.end > start:
            out.append(Turn(t.speaker, start, t.end))
    return out


def frames_of(turns, n: int, keep) -> np.ndarray:
    return mask([(t.start, t.end) for t in turns if keep(t.speaker)], n)


def count_frames(seen: dict, n: int) -> np.ndarray:
    """pyannote's instantaneous speaker count (first reconstruct call) on the 10 ms grid."""
    count = seen["args"][2]
    sw = count.sliding_window
    t = np.arange(n) * STEP
    idx = np.clip(np.round((t - sw.start - sw.duration / 2) / sw.step).astype(int), 0, count.data.shape[0] - 1)
    return count.data[idx, 0]


def analyse(mid: str, folder: str, diarizer, pipeline, receptive) -> dict | None:
    from talkratio.audio import decode
    from talkratio.diarize import pyannote as backend
    from talkratio.diarize.expected import with_prior

    truth = json.loads((ev.HERE / "truth" / f"{mid}.json").read_text())
    listener = min(truth["talk_share"], key=truth["talk_share"].get)
    host = max(truth["talk_share"], key=truth["talk_share"].get)
    audio = decode(ev.HERE / "audio" / folder / f"{mid}.wav")
    ev.cached_pipeline(diarizer, mid, False)
    seen = capture(pipeline)
    rechecks: list = []
    original = backend.recheck

    def recording(turns, exclusive, voices, quiet, embed):
        out = original(turns, exclusive, voices, quiet, embed)
        rechecks.append((tuple(turns), out[0], dict(voices)))
        return out

    backend.recheck = recording
    try:
        raw = diarizer(audio)
    finally:
        backend.recheck = original
        del pipeline.reconstruct
    final = with_prior(raw, "one-on-one")
    ref_rows = truth_rows(mid)
    n = int(max(e for _, e, _ in ref_rows) / STEP) + 1000
    L = mask([r for r in ref_rows if r[2] == listener], n)
    H = mask([r for r in ref_rows if r[2] == host], n)
    before, after, voices = rechecks[0]       # the first recheck is the diarization's own (the split's comes after)

    def who(turns) -> tuple[str | None, set[str]]:
        """The found voice most on the listener's true talk (outside overlap), and the others."""
        names = {t.speaker for t in turns}
        on = {k: (frames_of(turns, n, k.__eq__) & L & ~H).sum() - (frames_of(turns, n, k.__eq__) & H & ~L).sum()
              for k in names}
        best = max(on, key=on.get) if on else None
        if best is None or on[best] <= 0:   # no voice leans to the listener (merged): every voice is the host's
            return None, names
        return best, names - {best}

    stages = {}
    for name, turns in (("reconstructed", before), ("rechecked", after), ("final", final.turns)):
        lk, others = who(turns)
        fl = frames_of(turns, n, lambda k: k == lk) if lk else np.zeros(n, bool)
        fh = frames_of(turns, n, others.__contains__) & ~fl
        fh_all = frames_of(turns, n, others.__contains__)
        sec = lambda m: round(float(m.sum()) * STEP, 2)
        stages[name] = {"listener_s": sec(fl), "host_s": sec(fh_all), "hit": sec(fl & L), "hit_overlap": sec(fl & L & H),
                        "listener_fa": sec(fl & ~L), "host_on_listener": sec(fh & L), "host_fa": sec(fh_all & ~H),
                        "share": round(share(sec(fl), sec(fh_all)), 2)}
    # segmentation and clustering, from the raw reconstruct inputs
    seg, hard, count = seen["args"]
    raw_ann = pipeline.to_annotation(pipeline.reconstruct(seg, hard, count), 0.0, 0.0)
    host_k, listener_k = set(), set()
    for k in raw_ann.labels():
        m = mask([(s.start, s.end) for s in raw_ann.label_timeline(k)], n)
        (listener_k if (m & L).sum() > (m & H).sum() else host_k).add(int(str(k).split("_")[-1]) if isinstance(k, str) else int(k))
    why = why_lost(seen, receptive, host_k, listener_k, H & ~L, n)
    cnt = count_frames(seen, n)
    sec = lambda m: round(float(m.sum()) * STEP, 2)
    ov = L & H
    row = {"id": mid, "truth_listener_s": sec(L), "truth_host_s": sec(H), "overlap_s": sec(ov),
           "truth_share": round(100 * truth["talk_share"][listener], 2),
           "voices_with_centroid": len(voices),
           "heard": sec(L & (why >= 2)), "heard_alone": sec(L & ~H & (why >= 2)), "clustered": sec(L & (why == 3)),
           "count2_on_overlap": sec(ov & (cnt >= 2)), "count2_on_listener": sec(L & (cnt >= 2)),
           "stages": stages}
    # each true reply (a listener RTTM region): its length, overlap, and what each stage kept of it
    kept = {name: frames_of(turns, n, lambda k, lk=who(turns)[0]: k == lk) for name, turns in
            (("reconstructed", before), ("rechecked", after), ("final", final.turns))}
    row["replies"] = []
    for s, e, k in ref_rows:
        if k != listener:
            continue
        a, b = int(round(s / STEP)), int(round(e / STEP))
        part = lambda m: round(float(m[a:b].sum()) * STEP, 2)
        row["replies"].append({"start": s, "s": round(e - s, 2), "under_host": part(H), "heard": part(why >= 2),
                               "clustered": part(why == 3), **{name: part(m) for name, m in kept.items()}})
    # the host's found time over true silence, and how much of that is quiet (short_turns.quiet_frames)
    from talkratio.diarize import short_turns

    q = np.repeat(short_turns.quiet_frames(audio.mono), round(short_turns.FRAME_S / STEP))[:n]
    quiet = np.zeros(n, bool)
    quiet[:len(q)] = q
    lk, others = who(final.turns)
    silence = frames_of(final.turns, n, others.__contains__) & ~L & ~H
    row["host_over_silence"], row["host_over_quiet"] = sec(silence), sec(silence & quiet)
    # a variant: every found turn with its quiet runs of >= TRIM_S taken out (the truth's own convention:
    # synth_meeting's speech_regions bridge gaps under 0.25 s), to see what the host's bridged pauses cost
    trimmed = trim(final.turns, q[::round(short_turns.FRAME_S / STEP)])
    lk_t, others_t = who(trimmed)
    tl = frames_of(trimmed, n, lambda k: k == lk_t) if lk_t else np.zeros(n, bool)
    th = frames_of(trimmed, n, others_t.__contains__)
    row["trimmed"] = {"listener_s": sec(tl), "host_s": sec(th), "hit": sec(tl & L), "host_hit": sec(th & H),
                      "share": round(share(sec(tl), sec(th)), 2)}
    f = stages["final"]
    row["share_with_true_host"] = round(share(f["listener_s"], row["truth_host_s"]), 2)
    row["share_with_true_listener"] = round(share(row["truth_listener_s"], f["host_s"]), 2)
    return row


def summary(rows: list[dict]) -> None:
    """Over the files whose listener was found (a voice with >= 2 % of the talk on the listener's side, as
    the notice's bound): is the shortfall systematic? The listener's kept seconds against its truth, and
    the share error split into the listener's shortfall and the host's surplus (percentage points)."""
    for name, start in (("scripted (and their calls)", "d"), ("real-voice (and their calls)", "r"), ("all", "")):
        found = [r for r in rows if r["stages"]["final"]["share"] >= 2.0 and r["truth_share"] < 20 and r["id"].startswith(start)]
        if found:
            print(f"\n{name}: ", end="")
            systematic(found)


def systematic(found: list[dict]) -> None:
    kept = [r["stages"]["final"]["hit"] / r["truth_listener_s"] for r in found]
    short = [r["share_with_true_host"] - r["truth_share"] for r in found]
    surplus = [r["share_with_true_listener"] - r["truth_share"] for r in found]
    err = [r["stages"]["final"]["share"] - r["truth_share"] for r in found]
    print(f"lead files with the listener found: {len(found)}; listener's true talk kept: median {100 * np.median(kept):.0f} % "
          f"({100 * min(kept):.0f}-{100 * max(kept):.0f} %); listener share signed error: mean {np.mean(err):+.2f} pp, "
          f"{sum(e < 0 for e in err)} of {len(err)} below the truth; from the listener's shortfall alone {np.mean(short):+.2f} pp, "
          f"from the host's surplus alone {np.mean(surplus):+.2f} pp")
    # the listener's lost seconds by reply: back-channels (< 0.6 s, too short to embed), replies that overlap the
    # host's true talk (a hand-over talked over), the others
    kinds = {"back-channel": lambda p: p["s"] < 0.6, "overlapped": lambda p: p["s"] >= 0.6 and p["under_host"] > 0,
             "other": lambda p: p["s"] >= 0.6 and p["under_host"] == 0}
    lost = {k: sum(p["s"] - p["final"] for r in found for p in r["replies"] if f(p)) for k, f in kinds.items()}
    of = {k: sum(p["s"] for r in found for p in r["replies"] if f(p)) for k, f in kinds.items()}
    print("  lost s (of true s) by reply: " + ", ".join(f"{k} {lost[k]:.1f} ({of[k]:.1f})" for k in kinds))


def main() -> None:
    sys.path.insert(0, str(ev.ROOT / "src"))
    from talkratio.diarize.pyannote import PyannoteDiarizer

    opts, only = ev.options()
    half, split = ev.named_half()
    max_share = float(opts.get("max-share", 0.2))
    diarizer = PyannoteDiarizer()
    pipeline = diarizer._load()
    receptive = pipeline._segmentation.model.receptive_field
    print("| meeting | listener s (of it under the host) | heard / clustered s | count 2 on overlap s | "
          "reconstructed: listener s, hit (overlap), host on it | rechecked: listener s, hit | final: listener s, hit, "
          "FA / host s, FA | truth → reported % | with true host / true listener % | host over silence s (quiet) | trimmed: listener s / host s, % |")
    print("|---" * 11 + "|")
    rows = []
    for mid, folder in split.items():
        truth = json.loads((ev.HERE / "truth" / f"{mid}.json").read_text())
        if (only and mid not in only) or len(truth["talk_share"]) != 2 or min(truth["talk_share"].values()) > max_share:
            continue
        row = analyse(mid, folder, diarizer, pipeline, receptive)
        rows.append(row)
        r, c, f = (row["stages"][k] for k in ("reconstructed", "rechecked", "final"))
        print(f"| {mid} | {row['truth_listener_s']:.1f} ({row['overlap_s']:.1f}) | {row['heard']:.1f} / {row['clustered']:.1f} | "
              f"{row['count2_on_overlap']:.1f} | {r['listener_s']:.1f}, {r['hit']:.1f} ({r['hit_overlap']:.1f}), {r['host_on_listener']:.1f} | "
              f"{c['listener_s']:.1f}, {c['hit']:.1f} | {f['listener_s']:.1f}, {f['hit']:.1f}, {f['listener_fa']:.1f} / "
              f"{f['host_s']:.1f}, {f['host_fa']:.1f} (true {row['truth_host_s']:.1f}) | {row['truth_share']:.1f} → {f['share']:.1f} | "
              f"{row['share_with_true_host']:.1f} / {row['share_with_true_listener']:.1f} | "
              f"{row['host_over_silence']:.1f} ({row['host_over_quiet']:.1f}) | {row['trimmed']['listener_s']:.1f} / "
              f"{row['trimmed']['host_s']:.1f}, {row['trimmed']['share']:.1f} |", flush=True)
        if "--replies" in sys.argv:
            for p in row["replies"]:
                print("    " + ", ".join(f"{k} {v}" for k, v in p.items()))
    summary(rows)
    (ev.CACHE / "results").mkdir(parents=True, exist_ok=True)
    (ev.CACHE / "results" / f"cut-short-{opts.get('label', 'current')}-{half}.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
