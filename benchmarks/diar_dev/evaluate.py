"""Diarize one half of the development corpus with default flags and score the talk shares.

usage: python benchmarks/diar_dev/evaluate.py tune|heldout|fresh|unseen [--label=NAME] [--only=ID,ID] [--fresh] [--no-prior] [--both] [--cached-only] [--part=I/N]
    [--islands=LO,HI] [--island-voice]

Default flags: the meeting type is one-on-one, so its prior (diarize/expected.py) applies;
--no-prior runs the diarization as it was before issue 18; --cached-only skips files not yet embedded;
--islands sets short_turns.ISLAND_S (the island lengths the second look embeds) for an experiment;
--island-voice runs island_voice.py's variant (session 10, not in the pipeline).

Prints one row per meeting: truth shares, reported shares, talk-share error (the largest
difference in percentage points over the true speakers, each matched to a found speaker by
pyannote.metrics' optimal mapping; a true speaker left unmatched counts as 0 %), whether the
speaker count is right, DER (pyannote.metrics, collar 0.25 s, overlap scored), and whether the
report would say a voice may be hidden (expected.voice_maybe_hidden, the one-on-one prior), and
where only one voice was found, the centroid cosine of the two-voice split the prior may take
(split_cosine, "–" otherwise) and whether it took it. Then the worst and mean error per kind
(scripted, real, phone).

The half "fresh" (session 9; not the flag --fresh) was kept for one measurement and is a development
half since session 10. The half "unseen" (session 10) is for one final measurement only, by the lead,
with the method frozen: nobody else runs this script on it; warm.py filled its cache without
diarizing it. The segmentation and CAM++
embeddings of each file are cached in cache/ (keyed by file and segmentation step): variants that
change clustering or what follows reuse them, so each file is embedded once. --fresh ignores the
cache. Results also go to cache/results/<label>-<half>.json.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import warnings

warnings.filterwarnings("ignore", message=".uem. was approximated")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = HERE / "cache"


def options(argv=None) -> tuple[dict[str, str], set[str] | None]:
    """The `--name=value` options of a diar_dev script's command line, and the ids `--only=` names
    (None: every meeting of the half). Shared by the scripts in this folder."""
    opts = dict(a[2:].split("=", 1) for a in (sys.argv[1:] if argv is None else argv) if a.startswith("--") and "=" in a)
    return opts, (set(opts["only"].split(",")) if "only" in opts else None)


def named_half(argv=None) -> tuple[str, dict[str, str]]:
    """The half a diar_dev script's command line names (its first argument that is no option), and that
    half's meetings (id → audio folder) from split.json. Shared by the scripts in this folder."""
    name = next(a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("--"))
    return name, json.loads((HERE / "split.json").read_text())[name]


def cached_pipeline(diarizer, uri: str, fresh: bool):
    """The diarizer's pyannote pipeline with its two costly steps read from / written to disk."""
    from pyannote.core import SlidingWindow, SlidingWindowFeature

    pipeline = diarizer._load()
    cls = type(pipeline)
    path = CACHE / f"{uri}.step{diarizer.segmentation_step:g}.npz"
    stored = None if fresh or not path.exists() else np.load(path)

    def get_segmentations(file, hook=None):
        if stored is not None:
            w = stored["window"]
            return SlidingWindowFeature(stored["segmentations"], SlidingWindow(start=w[0], duration=w[1], step=w[2]))
        seg = cls.get_segmentations(pipeline, file, hook=hook)
        pipeline._seg = seg
        return seg

    def get_embeddings(file, binary, exclude_overlap=False, hook=None):
        if stored is not None:
            return stored["embeddings"]
        emb = cls.get_embeddings(pipeline, file, binary, exclude_overlap=exclude_overlap, hook=hook)
        seg = pipeline._seg
        sw = seg.sliding_window
        CACHE.mkdir(exist_ok=True)
        np.savez(path, segmentations=seg.data, embeddings=emb, window=np.array([sw.start, sw.duration, sw.step]))
        return emb

    pipeline.get_segmentations, pipeline.get_embeddings = get_segmentations, get_embeddings
    return pipeline


def shares(turns) -> dict[str, float]:
    from pyannote.core import Annotation, Segment

    ann = Annotation()
    for i, t in enumerate(turns):
        ann[Segment(t.start, t.end), i] = t.speaker
    talk = {k: ann.label_timeline(k).support().duration() for k in ann.labels()}
    total = sum(talk.values()) or 1.0
    return {k: v / total for k, v in talk.items()}


def annotation(rows):
    from pyannote.core import Annotation, Segment

    ann = Annotation()
    for i, (s, e, k) in enumerate(rows):
        ann[Segment(s, e), i] = k
    return ann


def score(truth_dir: Path, mid: str, turns) -> dict:
    from pyannote.metrics.diarization import DiarizationErrorRate

    truth = json.loads((truth_dir / f"{mid}.json").read_text())
    ref = annotation([(float(r.split()[3]), float(r.split()[3]) + float(r.split()[4]), r.split()[7])
                      for r in (truth_dir / f"{mid}.rttm").read_text().splitlines()])
    hyp = annotation([(t.start, t.end, t.speaker) for t in turns])
    metric = DiarizationErrorRate(collar=0.25)
    der = metric(ref, hyp)
    mapping = metric.optimal_mapping(ref, hyp)       # found speaker → true speaker
    found = shares(turns)
    back = {v: k for k, v in mapping.items()}
    errors = {k: 100 * abs(share - found.get(back.get(k), 0.0)) for k, share in truth["talk_share"].items()}
    from talkratio.diarize.expected import voice_maybe_hidden

    return {"id": mid, "truth": sorted(truth["talk_share"].values(), reverse=True),
            "reported": sorted(found.values(), reverse=True), "error_pp": max(errors.values()),
            "doubt": voice_maybe_hidden(sorted(found.values()), 2),   # the report's notice (one-on-one)
            "count_right": len(found) == len(truth["talk_share"]), "der": 100 * der}


def split_cosine(diarization) -> float | None:
    """The centroid cosine of the two-voice split recorded when one voice was found, or None."""
    from talkratio.profiles import cosine

    split = diarization.two_voices
    return cosine(*split.embeddings.values()) if split is not None and len(split.embeddings) == 2 else None


def split_shown(diarization) -> str:
    """The two-voice split's cosine and its smaller voice's share, for the tables."""
    found = split_cosine(diarization)
    small = min(shares(diarization.two_voices.turns).values()) if found is not None else 0.0
    return "–" if found is None else f"{found:.3f} / {100 * small:.1f} %"


def kind(mid: str) -> str:
    return "phone" if mid.endswith(("-ulaw", "-amr")) else "scripted" if mid.startswith(("dd-", "df-", "dg-", "dh-")) else "real"


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from talkratio.audio import decode
    from talkratio.diarize.expected import EXPECTED_SPEAKERS, split_in, with_prior
    from talkratio.diarize.pyannote import PyannoteDiarizer

    half, split = named_half()
    opts, only = options()
    label, fresh = opts.get("label", "current"), "--fresh" in sys.argv
    if "islands" in opts:
        from talkratio.diarize import short_turns

        short_turns.ISLAND_S = tuple(float(v) for v in opts["islands"].split(","))
    if "--island-voice" in sys.argv:
        import island_voice

        island_voice.install()
    # --both: each file without the prior (before issue 18) and with it, from the same embeddings
    variants = [("before", None), ("after", EXPECTED_SPEAKERS["one-on-one"])] if "--both" in sys.argv else \
        [(label, None if "--no-prior" in sys.argv else EXPECTED_SPEAKERS["one-on-one"])]
    diarizer = PyannoteDiarizer()
    results = {tag: [] for tag, _ in variants}
    t0 = time.perf_counter()
    print("| meeting | variant | truth % | reported % | error pp | count right | DER % | notice: voice may be hidden "
          "| split cosine / smaller share | split taken | s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    # shortest first, so a run cut short (the CPU is shared) still covers every kind
    order = sorted(split.items(), key=lambda kv: (HERE / "audio" / kv[1] / f"{kv[0]}.wav").stat().st_size)
    if "part" in opts:  # --part=I/N: every N-th file from the I-th, for N processes side by side
        i, n = map(int, opts["part"].split("/"))
        order = order[i::n]
    for mid, folder in order:
        if only and mid not in only:
            continue
        if "--cached-only" in sys.argv and not (CACHE / f"{mid}.step{diarizer.segmentation_step:g}.npz").exists():
            continue
        audio = decode(HERE / "audio" / folder / f"{mid}.wav")
        for tag, expected in variants:
            t = time.perf_counter()
            if tag == "after":  # the prior is the last step: applied to the run without it, as the pipeline does
                out = with_prior(out, "one-on-one")
            else:
                diarizer._load()
                cached_pipeline(diarizer, mid, fresh)
                raw = diarizer(audio)
                out = with_prior(raw, "one-on-one") if expected else raw
            row = score(HERE / "truth", mid, out.turns) | {"seconds": time.perf_counter() - t, "audio_s": audio.info.duration_s,
                                                           "split_cosine": split_cosine(raw), "split": split_shown(raw), "split_taken": split_in(out.model)}
            results[tag].append(row)
            fmt = lambda v: " / ".join(f"{100 * x:.1f}" for x in v)
            print(f"| {mid} | {tag} | {fmt(row['truth'])} | {fmt(row['reported'])} | {row['error_pp']:.1f} | "
                  f"{'yes' if row['count_right'] else '**no**'} | {row['der']:.1f} | {'yes' if row['doubt'] else '–'} | "
                  f"{row['split']} | "
                  f"{'yes' if row['split_taken'] else '–'} | {row['seconds']:.0f} |", flush=True)
            (CACHE / "results").mkdir(parents=True, exist_ok=True)
            (CACHE / "results" / f"{tag}-{half}{opts.get('part', '').replace('/', 'of')}.json").write_text(json.dumps(results[tag], indent=1))
    for tag, rows in results.items():
        summary(tag, rows)
    print(f"\n{time.perf_counter() - t0:.0f} s")


def summary(tag: str, rows: list[dict]) -> None:
    print()
    print(f"\n{tag}:\n")
    print("| kind | meetings | worst error pp | mean error pp | count right | mean DER % |")
    print("|---|---|---|---|---|---|")
    for k in ("scripted", "real", "phone", "all"):
        part = [r for r in rows if k in ("all", kind(r["id"]))]
        if part:
            print(f"| {k} | {len(part)} | {max(r['error_pp'] for r in part):.1f} | "
                  f"{np.mean([r['error_pp'] for r in part]):.1f} | {sum(r['count_right'] for r in part)}/{len(part)} | "
                  f"{np.mean([r['der'] for r in part]):.1f} |")
    flagged = [r for r in rows if r.get("doubt")]
    print(f"notice 'a voice may be hidden': {len(flagged)} files ({sum(r['error_pp'] > 2 for r in flagged)} with error > 2 pp); "
          f"not flagged with error > 2 pp: {sum(r['error_pp'] > 2 and not r.get('doubt') for r in rows)}")
    print(f"{tag}: {sum(r['audio_s'] for r in rows) / 60:.1f} min of audio")


if __name__ == "__main__":
    main()
