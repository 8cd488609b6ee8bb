"""Fill evaluate.py's cache for one half: each file's segmentation and CAM++ embeddings, nothing else.

usage: python benchmarks/diar_dev/warm.py tune|heldout|fresh|unseen [--cache=DIR]

Runs only the two costly steps of the default pipeline (segmentation, then embeddings of the
binarized segmentation, exactly as pyannote's SpeakerDiarization.apply calls them) through
evaluate.cached_pipeline, which writes cache/<id>.step<step>.npz. No clustering, no turns, no
score: a half kept for one final measurement (session 9's fresh half, session 10's unseen) can be made ready without anybody
seeing a diarization of it. Files already cached are skipped; prints only ids and seconds.
--cache writes elsewhere (to check the warmed arrays against ones evaluate.py wrote).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE))

import evaluate  # noqa: E402  (benchmarks/diar_dev/evaluate.py)


def warm(diarizer, mid: str, path: Path) -> bool:
    """Write `mid`'s cache file unless it is there; True when it was computed."""
    if (evaluate.CACHE / f"{mid}.step{diarizer.segmentation_step:g}.npz").exists():
        return False
    import numpy as np
    import torch
    from talkratio.audio import decode
    from talkratio.diarize.pyannote import SAMPLE_RATE

    pipeline = evaluate.cached_pipeline(diarizer, mid, fresh=False)
    audio = decode(path)
    file = {"waveform": torch.from_numpy(np.ascontiguousarray(audio.mono))[None], "sample_rate": SAMPLE_RATE}
    with torch.inference_mode():
        seg = pipeline.get_segmentations(file)
        if not pipeline._segmentation.model.specifications.powerset:
            from pyannote.audio.utils.signal import binarize

            seg = binarize(seg, onset=pipeline.segmentation.threshold, initial_state=False)
        pipeline.get_embeddings(file, seg, exclude_overlap=pipeline.embedding_exclude_overlap)  # writes the npz
    return True


def main() -> None:
    from talkratio.diarize.pyannote import PyannoteDiarizer

    half = next(a for a in sys.argv[1:] if not a.startswith("--"))
    for a in sys.argv[1:]:
        if a.startswith("--cache="):
            evaluate.CACHE = Path(a.split("=", 1)[1])
    split = json.loads((HERE / "split.json").read_text())[half]
    diarizer = PyannoteDiarizer()
    diarizer._load()
    order = sorted(split.items(), key=lambda kv: (HERE / "audio" / kv[1] / f"{kv[0]}.wav").stat().st_size)
    for mid, folder in order:
        t = time.perf_counter()
        done = warm(diarizer, mid, HERE / "audio" / folder / f"{mid}.wav")
        print(mid, f"{time.perf_counter() - t:.0f} s" if done else "cached", flush=True)


if __name__ == "__main__":
    main()
