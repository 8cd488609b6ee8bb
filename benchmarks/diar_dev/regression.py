"""Regression check of the diarization on the shared corpus: the nine DER recordings and speaker counts.

usage: python benchmarks/diar_dev/regression.py [--label NAME] [--island-voice]

The nine DER recordings (sample.wav, the four AMI excerpts, the four scripted meetings; DER with
pyannote.metrics, collar 0.25 s, as tests/corpus.py) and the speaker count found on every
recording in ../shared/corpus/real (27 files) and samples/ (the demo). Segmentation and embeddings
are cached in cache/ as evaluate.py does; each file is diarized without the two-voice prior
(as before issue 18), then the prior (the diarizer's last step) is applied to that result, as
the default flags (one-on-one) do; the last column is the report's notice that a voice may be
hidden (expected.voice_maybe_hidden); then, where only one voice was found, the centroid cosine of
the two-voice split the prior may take (evaluate.split_cosine) and whether it took it. Results go to
cache/results/regression-<label>.json.
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
    from talkratio.diarize.expected import split_in, voice_maybe_hidden, with_prior
    from talkratio.diarize.pyannote import PyannoteDiarizer

    sys.path.insert(0, str(ev.ROOT / "tests"))
    from corpus import der

    if "--island-voice" in sys.argv:  # session 10's variant (island_voice.py), not in the pipeline
        import island_voice

        island_voice.install()
    label = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--label=")), "current")
    real = SHARED / "real"
    nine = [(real / "sample.wav", real / "sample.rttm")]
    nine += [(real / f"{u}.wav", real / ref) for u, ref in (("dev00", "debug.development.rttm"), ("dev01", "debug.development.rttm"),
                                                           ("tst00", "debug.test.rttm"), ("tst01", "debug.test.rttm"))]
    nine += [(p, p.with_suffix(".rttm")) for p in sorted((SHARED / "scripted").glob("*.wav")) if "stereo" not in p.name]
    counted = sorted(p for p in real.rglob("*") if p.suffix in (".wav", ".flac", ".mp3")) + sorted((ev.ROOT / "samples").glob("*.m4a"))
    diarizer, rows = PyannoteDiarizer(), {}
    print("| recording | DER % before → after | speakers before → after | smallest share after % | notice: voice may be hidden "
          "| split cosine / smaller share | split taken |\n|---|---|---|---|---|---|---|")
    for path in dict.fromkeys([w for w, _ in nine] + counted):
        audio, row = decode(path), {}
        for tag in ("before", "after"):
            t = time.perf_counter()
            if tag == "after":  # the prior is the last step: applied to the run without it, as the pipeline does
                out = with_prior(out, "one-on-one")
            else:
                diarizer._load()
                ev.cached_pipeline(diarizer, f"shared-{path.parent.name}-{path.stem}", False)
                out = diarizer(audio)
                row |= {"split_cosine": ev.split_cosine(out), "split": ev.split_shown(out)}
            shares = sorted(ev.shares(out.turns).values())
            row |= {f"speakers_{tag}": len({t.speaker for t in out.turns}), f"seconds_{tag}": time.perf_counter() - t,
                    f"notice_{tag}": voice_maybe_hidden(shares, 2) if tag == "after" else None,
                    "split_taken": split_in(out.model),
                    f"smallest_share_{tag}": shares[0] if len(shares) > 1 else 0.0,
                    f"der_{tag}": next((100 * der(ref, out.turns, uri=path.stem) for w, ref in nine if w == path), None)}
        rows[path.name] = row
        shown = "" if row["der_before"] is None else f"{row['der_before']:.1f} → {row['der_after']:.1f}"
        print(f"| {path.name} | {shown} | {row['speakers_before']} → {row['speakers_after']} | "
              f"{100 * row['smallest_share_after']:.1f} | {'yes' if row['notice_after'] else '–'} | "
              f"{row['split']} | "
              f"{'yes' if row['split_taken'] else '–'} |", flush=True)
        (ev.CACHE / "results").mkdir(parents=True, exist_ok=True)
        (ev.CACHE / "results" / f"regression-{label}.json").write_text(json.dumps(rows, indent=1))
    for tag in ("before", "after"):
        ders = [r[f"der_{tag}"] for r in rows.values() if r[f"der_{tag}"] is not None]
        print(f"mean DER over the nine, {tag}: {np.mean(ders):.2f} % ({len(ders)} recordings)")


if __name__ == "__main__":
    main()
