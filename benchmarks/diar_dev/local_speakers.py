"""Does a segmentation model give the listener a local speaker of its own (apart from the host's)?

usage: python benchmarks/diar_dev/local_speakers.py tune|heldout [--only=ID,ID] [--model=PATH] [--step=S]

The question behind issue 18's merged listener, asked of the model before any clustering (session 8).
pyannote's pipeline can only find a voice that some chunk's segmentation gives a local speaker
of its own; on the espeak "alike" pairs segmentation-3.0 gives the listener none (session 6).
Per file and per model: in every chunk, the host's local speaker is the one most active on the
truth host's frames (an oracle choice, favourable to the model); on frames where only one true
speaker talks, a frame "has a voice of its own" when another local speaker is active and the
host's is not. Listener frames with one = what a pipeline could find; host frames with one = how
often the model splits the host (which must stay low on real voices). For a model with soft
outputs, AUC of (best other local speaker - host's) on listener vs host frames.

Models: segmentation-3.0 from the cache evaluate.py wrote (binarized, 10 s chunks, 2.5 s step) and,
with --model=PATH, a pyannote checkpoint run here with Inference (e.g. the segmentation 2.x
multilabel model that the whisperx 3.8.6 wheel carries as whisperx/assets/pytorch_model.bin;
5 s chunks, --step 0.5 s by default; loading it needs omegaconf, which talkratio does not have).
"""
from __future__ import annotations

import json
import sys

import numpy as np

import evaluate as ev
from islands import auc


def frame_truth(truth, times: np.ndarray, host: str) -> np.ndarray:
    """Per frame time: 0 silence or overlap, 1 host alone, 2 listener alone."""
    host_on = np.zeros(len(times), bool)
    other_on = np.zeros(len(times), bool)
    for s, e, k in truth:
        inside = (times >= s) & (times < e)
        (host_on if k == host else other_on)[inside] = True
    return np.where(host_on & ~other_on, 1, np.where(other_on & ~host_on, 2, 0))


def measure(chunks: np.ndarray, start: float, step: float, duration: float, truth, host: str) -> dict:
    """chunks: (n_chunks, n_frames, n_local) activations; chunk c covers [start + c*step, + duration]."""
    n_frames = chunks.shape[1]
    grid = np.arange(0.0, start + (len(chunks) - 1) * step + duration, 0.02)   # for "in any chunk"
    grid_who, caught = frame_truth(truth, grid, host), np.zeros(len(grid), bool)
    own = {1: [0, 0], 2: [0, 0]}
    scores = {1: [], 2: []}
    for c, act in enumerate(chunks):
        times = start + c * step + (np.arange(n_frames) + 0.5) * duration / n_frames
        who = frame_truth(truth, times, host)
        if not (who == 1).any():
            continue
        k = int(np.argmax(act[who == 1].sum(axis=0)))
        others = np.delete(act, k, axis=1).max(axis=1)
        alone = (others >= 0.5) & (act[:, k] < 0.5)
        at = np.clip(np.round((times - grid[0]) / 0.02).astype(int), 0, len(grid) - 1)
        caught[at[alone]] = True
        for t in (1, 2):
            own[t][0] += int(alone[who == t].sum())
            own[t][1] += int((who == t).sum())
            scores[t] += list(others[who == t] - act[who == t, k])
    return {"listener_own": own[2][0] / max(own[2][1], 1), "host_split": own[1][0] / max(own[1][1], 1),
            "listener_s": float(grid_who[grid_who == 2].size * 0.02), "listener_s_any": float((caught & (grid_who == 2)).sum() * 0.02),
            "host_s_any": float((caught & (grid_who == 1)).sum() * 0.02),
            "listener_frames": own[2][1],
            "auc": 1 - auc(scores[1], scores[2], True) if scores[2] else float("nan")}  # P(listener's score higher)


def main() -> None:
    sys.path.insert(0, str(ev.ROOT / "src"))
    half, split = ev.named_half()
    opts, only = ev.options()
    model = None
    if "model" in opts:
        import os

        os.environ.setdefault("PYANNOTE_METRICS_ENABLED", "0")
        from pyannote.audio import Inference, Model

        model = Model.from_pretrained(opts["model"])
        step2 = float(opts.get("step", 0.5))
        infer = Inference(model, window="sliding", step=step2, skip_aggregation=True)
        from talkratio.audio import decode
    print("| meeting | listener s | seg-3.0: listener frames with a voice of their own | in any chunk, s | host frames split | "
          "in any chunk, s |" + (" seg 2.x: listener own | any chunk, s | host split | any chunk, s | AUC (other − host) |" if model else ""))
    print("|---|---|---|---|---|---|" + ("---|---|---|---|---|" if model else ""))
    results = {}
    for mid, folder in sorted(split.items()):
        path = ev.CACHE / f"{mid}.step0.25.npz"
        if (only and mid not in only) or not path.exists():
            continue
        truth = [(float(r.split()[3]), float(r.split()[3]) + float(r.split()[4]), r.split()[7])
                 for r in (ev.HERE / "truth" / f"{mid}.rttm").read_text().splitlines()]
        host = json.loads((ev.HERE / "truth" / f"{mid}.json").read_text())["host"]
        stored = np.load(path)
        w = stored["window"]
        r3 = measure(stored["segmentations"], w[0], w[2], w[1], truth, host)
        cells = lambda r: (f"{100 * r['listener_own']:.1f} % | {r['listener_s_any']:.1f} | {100 * r['host_split']:.1f} % | "
                           f"{r['host_s_any']:.1f} |")
        line = f"| {mid} | {r3['listener_s']:.1f} | " + cells(r3)
        results[mid] = {"seg3": r3}
        if model:
            audio = decode(ev.HERE / "audio" / folder / f"{mid}.wav")
            import torch

            wave = torch.from_numpy(np.asarray(audio.mono, dtype=np.float32))[None]
            out = infer({"waveform": wave, "sample_rate": 16000})
            sw = out.sliding_window
            r2 = measure(out.data, sw.start, sw.step, sw.duration, truth, host)
            results[mid]["seg2"] = r2
            line += f" {cells(r2)} {r2['auc']:.2f} |"
        print(line, flush=True)
        (ev.CACHE / "results").mkdir(parents=True, exist_ok=True)
        (ev.CACHE / "results" / f"local-speakers-{half}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
