"""Regression check of the diarization on the shared corpus: the nine DER recordings and speaker counts.

usage: python benchmarks/diar_dev/regression.py [--label NAME]

The nine DER recordings (sample.wav, the four AMI excerpts, the four scripted meetings; DER with
pyannote.metrics, collar 0.25 s, as tests/corpus.py) and the speaker count found on every
recording in ../shared/corpus/real (27 files) and samples/ (the demo). Segmentation and embeddings
are cached in cache/ as evaluate.py does; TALKRATIO_DIAR_BASELINE=1 runs the code without the
issue-18 pass on the same cache (the before/after pair). Results go to cache/results/regression-<label>.json.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

import evaluate as ev

SHARED = ev.ROOT.parent / "shared" / "corpus"


def main() -> None:
    sys.path.insert(0, str(ev.ROOT / "src"))
    from talkratio.audio import decode
    from talkratio.diarize.pyannote import PyannoteDiarizer

    sys.path.insert(0, str(ev.ROOT / "tests"))
    from corpus import der

    label = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--label=")), "current")
    real = SHARED / "real"
    nine = [(real / "sample.wav", real / "sample.rttm")]
    nine += [(real / f"{u}.wav", real / ref) for u, ref in (("dev00", "debug.development.rttm"), ("dev01", "debug.development.rttm"),
                                                           ("tst00", "debug.test.rttm"), ("tst01", "debug.test.rttm"))]
    nine += [(p, p.with_suffix(".rttm")) for p in sorted((SHARED / "scripted").glob("*.wav")) if "stereo" not in p.name]
    counted = sorted(p for p in real.rglob("*") if p.suffix in (".wav", ".flac", ".mp3")) + sorted((ev.ROOT / "samples").glob("*.m4a"))
    diarizer, rows = PyannoteDiarizer(), {}
    for path in dict.fromkeys([w for w, _ in nine] + counted):
        t = time.perf_counter()
        diarizer._load()
        ev.cached_pipeline(diarizer, f"shared-{path.parent.name}-{path.stem}", False)
        out = diarizer(decode(path))
        rows[str(path.relative_to(SHARED.parent) if SHARED.parent in path.parents else path.name)] = {
            "speakers": len({t.speaker for t in out.turns}), "seconds": time.perf_counter() - t,
            "der": next((100 * der(ref, out.turns, uri=path.stem) for w, ref in nine if w == path), None)}
    print("| recording | DER % | speakers |\n|---|---|---|")
    for name, row in rows.items():
        shown = "" if row["der"] is None else f"{row['der']:.1f}"
        print(f"| {name} | {shown} | {row['speakers']} |")
    ders = [r["der"] for r in rows.values() if r["der"] is not None]
    print(f"\nmean DER over the nine: {np.mean(ders):.2f} %")
    (ev.CACHE / "results").mkdir(parents=True, exist_ok=True)
    (ev.CACHE / "results" / f"regression-{label}.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
