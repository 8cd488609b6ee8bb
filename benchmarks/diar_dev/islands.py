"""Can a listener merged into the host be found again in the pause-bounded islands of the host's turns?

usage: python benchmarks/diar_dev/islands.py tune|heldout [--islands=LO,HI] [--only=ID,ID] [--no-f0] [--ge2e]
    [--label=NAME]

The measurement behind issue 18's open part (session 7). Each file is diarized with default flags
(cached segmentation + embeddings, as evaluate.py); inside the talkiest voice's own turns every
island of sound between pauses (`short_turns.sandwiched_islands`, 0.4-4 s by default) is embedded
on its own with CAM++ and, unless --no-f0, given its median pitch (librosa's pYIN). Each island is
labelled by the truth RTTM (the true speaker with most of it). Per file: the host's own islands'
spread (5th percentile / median of their cosine to the voice's centroid, pitch 5th/95th percentile)
and the listener islands' values; AUC = how often a listener island lies further out than a host
island (0.5: no better than chance). Then the rule the suggested method would use: an island
moves when its cosine lies below the 5th percentile of all host islands of the half (one bound,
pooled), and what that would do (listener islands caught, host islands wrongly moved, seconds).
With --ge2e each island is also embedded with Resemblyzer's GE2E encoder (ge2e.py; session 8) and
its cosine to the voice's GE2E embedding (its turns joined) is one more column, AUC and rule.
Islands go to cache/results/<label>-<half>.json (label "islands" by default).
"""
from __future__ import annotations

import functools
import json
import sys
import time

import numpy as np

import evaluate as ev


def label(truth: list[tuple[float, float, str]], start: float, end: float) -> tuple[str, float]:
    """The true speaker with most of [start, end], and the share of it they have."""
    overlap: dict[str, float] = {}
    for s, e, k in truth:
        overlap[k] = overlap.get(k, 0.0) + max(0.0, min(e, end) - max(s, start))
    best = max(overlap, key=overlap.get)
    return best, overlap[best] / (end - start)


def pitch(mono, start: float, end: float) -> float:
    import librosa

    x = np.asarray(mono[int(start * 16000):int(end * 16000)], dtype=np.float32)
    f0, voiced, _ = librosa.pyin(x, fmin=60, fmax=400, sr=16000, frame_length=1024, hop_length=320)
    return float(np.median(f0[voiced])) if voiced.any() else float("nan")


def auc(host: list[float], listener: list[float], lower: bool) -> float:
    """P(a listener island lies further out than a host island): below them (lower: the cosine), or
    further from the host islands' median on either side (the pitch). Ties count half."""
    h = np.asarray(host)
    if not lower:
        med = np.nanmedian(h)
        h, listener = np.abs(h - med), [abs(x - med) for x in listener]
    out = [((x < h).mean() if lower else (x > h).mean()) + 0.5 * (x == h).mean() for x in listener]
    return float(np.mean(out)) if out else float("nan")


def main() -> None:
    sys.path.insert(0, str(ev.ROOT / "src"))
    from talkratio.audio import decode
    from talkratio.diarize import short_turns
    from talkratio.diarize.expected import talk_seconds, with_prior
    from talkratio.diarize.pyannote import PyannoteDiarizer, _embed_spans
    from talkratio.profiles import cosine

    half, split = ev.named_half()
    opts, only = ev.options()
    lo, hi = (float(v) for v in opts.get("islands", "0.4,4.0").split(","))
    f0 = "--no-f0" not in sys.argv
    ge2e = "--ge2e" in sys.argv
    name = opts.get("label", "islands")
    diarizer, files = PyannoteDiarizer(), {}
    print(f"| meeting | voices found | host islands | host cos p5 / median | listener islands: cos | AUC cos |"
          f"{' host pitch p5-p95 Hz | listener pitch Hz | AUC pitch |' if f0 else ''}"
          f"{' host GE2E p5 / median | listener islands: GE2E | AUC GE2E |' if ge2e else ''}")
    print("|---|---|---|---|---|---|" + ("---|---|---|" if f0 else "") + ("---|---|---|" if ge2e else ""))
    for mid, folder in sorted(split.items()):
        if (only and mid not in only) or not (ev.CACHE / f"{mid}.step{diarizer.segmentation_step:g}.npz").exists():
            continue
        t0 = time.perf_counter()
        audio = decode(ev.HERE / "audio" / folder / f"{mid}.wav")
        diarizer._load()
        ev.cached_pipeline(diarizer, mid, False)
        out = with_prior(diarizer(audio), "one-on-one")
        talk = talk_seconds(out.turns)
        host = max(talk, key=talk.get)
        truth = [(float(r.split()[3]), float(r.split()[3]) + float(r.split()[4]), r.split()[7])
                 for r in (ev.HERE / "truth" / f"{mid}.rttm").read_text().splitlines()]
        true_host = json.loads((ev.HERE / "truth" / f"{mid}.json").read_text())["host"]
        short_turns.ISLAND_S = (lo, hi)
        quiet = short_turns.quiet_frames(audio.mono)
        spans = [i[:2] for turn in out.exclusive if turn.speaker == host
                 for i in short_turns.sandwiched_islands(quiet, turn)]
        vectors = _embed_spans(diarizer._pipeline._embedding.model_, audio.mono, spans) if spans else []
        g_vectors, g_host = [None] * len(spans), None
        if ge2e and spans:
            import ge2e as g

            g_vectors = g.embed_spans(audio.mono, spans)
            g_host = g.centroid(audio.mono, [(t.start, t.end) for t in out.exclusive if t.speaker == host])
        rows = []
        for (s, e), v, gv in zip(spans, vectors, g_vectors):
            if v is None or host not in out.embeddings:
                continue
            who, purity = label(truth, s, e)
            rows.append({"start": s, "end": e, "cos": cosine(v, out.embeddings[host]), "f0": pitch(audio.mono, s, e) if f0 else None,
                         "truth": "host" if who == true_host else "listener", "purity": purity,
                         "ge2e": cosine(gv, g_host) if gv is not None else None})
        total = sum(talk.values())
        files[mid] = {"voices": {k: v / total for k, v in talk.items()}, "islands": rows, "talk_s": total}
        H = [r for r in rows if r["truth"] == "host"]
        L = [r for r in rows if r["truth"] == "listener"]
        hc = [r["cos"] for r in H] or [float("nan")]
        listed = lambda key, fmt: ", ".join(format(r[key], fmt) for r in L) or "–"
        line = (f"| {mid} | {len(talk)} ({' / '.join(f'{100 * v / total:.1f}' for v in sorted(talk.values(), reverse=True))} %) | "
                f"{len(H)} | {np.percentile(hc, 5):.2f} / {np.median(hc):.2f} | "
                f"{listed('cos', '.2f')} | {auc(hc, [r['cos'] for r in L], True):.2f} |")
        if f0:
            hp = [r["f0"] for r in H] or [float("nan")]
            line += (f" {np.nanpercentile(hp, 5):.0f}–{np.nanpercentile(hp, 95):.0f} | "
                     f"{listed('f0', '.0f')} | {auc(hp, [r['f0'] for r in L], False):.2f} |")
        if ge2e:
            hg = [r["ge2e"] for r in H] or [float("nan")]
            line += (f" {np.percentile(hg, 5):.2f} / {np.median(hg):.2f} | {listed('ge2e', '.2f')} | "
                     f"{auc(hg, [r['ge2e'] for r in L], True):.2f} |")
        print(line.replace("nan", "–"), f"<!-- {time.perf_counter() - t0:.0f} s -->", flush=True)
        (ev.CACHE / "results").mkdir(parents=True, exist_ok=True)
        (ev.CACHE / "results" / f"{name}-{half}.json").write_text(json.dumps(files, indent=1))
    rule(files)
    if ge2e:
        rule(files, "ge2e")


def rule(files: dict, key: str = "cos") -> None:
    """The suggested method's bound (host islands' pooled 5th percentile) and what it would move."""
    host = [r[key] for f in files.values() for r in f["islands"] if r["truth"] == "host"]
    if not host:
        return
    bound = float(np.percentile(host, 5))
    print(f"\nbound ({key}): cosine below {bound:.3f} (5th percentile of {len(host)} host islands, pooled)\n")
    print("| meeting | listener islands caught | host islands moved | listener s caught | host s moved | of talk s |")
    print("|---|---|---|---|---|---|")
    for mid, f in files.items():
        moved = [r for r in f["islands"] if r[key] < bound]
        caught = [r for r in moved if r["truth"] == "listener"]
        wrong = [r for r in moved if r["truth"] == "host"]
        n_l = sum(r["truth"] == "listener" for r in f["islands"])
        print(f"| {mid} | {len(caught)}/{n_l} | {len(wrong)} | {sum(r['end'] - r['start'] for r in caught):.1f} | "
              f"{sum(r['end'] - r['start'] for r in wrong):.1f} | {f['talk_s']:.0f} |")


if __name__ == "__main__":
    main()
