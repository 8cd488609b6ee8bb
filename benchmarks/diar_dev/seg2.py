"""The diarization with segmentation 2.x (multilabel, 5 s chunks) in place of segmentation-3.0.

usage: python benchmarks/diar_dev/seg2.py tune|heldout --model=PATH [--only=ID,ID]

Session 8, issue 18: local_speakers.py shows segmentation 2.x (the whisperx 3.8.6 wheel's
whisperx/assets/pytorch_model.bin) gives part of two merged espeak listeners a local speaker of
their own where 3.0 gives none. This asks what that is worth after clustering: the same pipeline
as talkratio's default (CAM++ pooled per file, agglomerative clustering, the island second look,
the one-on-one prior), only the segmentation model swapped (binarized at 0.5, step 0.25 of its
5 s window), scored like evaluate.py. Nothing is cached; loading the checkpoint needs omegaconf.
"""
from __future__ import annotations

import json
import os
import sys

import evaluate as ev


def main() -> None:
    sys.path.insert(0, str(ev.ROOT / "src"))
    os.environ.setdefault("PYANNOTE_METRICS_ENABLED", "0")
    from pyannote.audio import Model
    from pyannote.audio.core.plda import PLDA

    from talkratio.audio import decode
    from talkratio.diarize import pyannote as pa
    from talkratio.diarize.expected import with_prior
    from talkratio.models import model_path

    half = sys.argv[1]
    opts, only = ev.options()
    diarizer = pa.PyannoteDiarizer()
    pipeline = pa._pipeline_class()(
        segmentation=Model.from_pretrained(opts["model"]),
        embedding=pa._campplus_model(model_path("campplus-sv-zh-en", "campplus_cn_en_common.pt")),
        segmentation_step=diarizer.segmentation_step, plda=PLDA.__new__(PLDA), clustering="AgglomerativeClustering",
        segmentation_batch_size=16)
    pipeline.clustering = pa._clustering()
    pipeline.instantiate({"segmentation": {"min_duration_off": 0.0, "threshold": 0.5}, "clustering": pa.CLUSTERING})
    diarizer._pipeline = pipeline
    print("| meeting | truth % | reported % (seg 2.x, after the prior) | error pp | count right | DER % |")
    print("|---|---|---|---|---|---|")
    rows = []
    for mid, folder in sorted(json.loads((ev.HERE / "split.json").read_text())[half].items()):
        if only and mid not in only:
            continue
        out = with_prior(diarizer(decode(ev.HERE / "audio" / folder / f"{mid}.wav")), "one-on-one")
        row = ev.score(ev.HERE / "truth", mid, out.turns)
        rows.append(row)
        fmt = lambda v: " / ".join(f"{100 * x:.1f}" for x in v)
        print(f"| {mid} | {fmt(row['truth'])} | {fmt(row['reported'])} | {row['error_pp']:.1f} | "
              f"{'yes' if row['count_right'] else '**no**'} | {row['der']:.1f} |", flush=True)
        (ev.CACHE / "results").mkdir(parents=True, exist_ok=True)
        (ev.CACHE / "results" / f"seg2-{half}.json").write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
