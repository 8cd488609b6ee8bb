"""What the two-voice prior (diarize/expected.py) costs per hour of audio.

usage: python benchmarks/diar_dev/cost.py
Times fold_extra_voices on an hour of a two-person meeting's turns (a turn every 4 s) with a
spurious third voice that has to be folded, and on one where nothing is folded. Pure Python
over turns: no audio is read and nothing is embedded. The whole diarization's cost per hour is
bench_pipeline.py's (benchmarks/README.md); this is what the prior adds to it. Then the report's
notice that a voice may be hidden (voice_maybe_hidden): the shares of an hour's turns and the test.
Then `short_turns.unvoiced` (no cluster for a chunk-speaker too short to embed) over an hour's
chunks (10 s, 2.5 s apart, 589 frames, 3 local speakers, one pair in ten short as on the tune half).
Then, with `--split` (or `--split=ID,ID` for other recordings of any half), the two-voice split the
diarizer records when it hears one voice (CPU seconds, all threads, per hour of audio): the diarizer
on one-voice recordings from their cached segmentation and embeddings, without the split and with it.
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from talkratio.diarize.expected import fold_extra_voices, talk_seconds, voice_maybe_hidden  # noqa: E402
from talkratio.diarize.short_turns import unvoiced  # noqa: E402
from talkratio.schema import Turn  # noqa: E402


def hour(third: bool) -> list[Turn]:
    rng, turns, t = random.Random(18), [], 0.0
    while t < 3600:
        speaker = "A" if rng.random() < 0.8 else ("C" if third and rng.random() < 0.05 else "B")
        length = rng.uniform(0.5, 1.0) if speaker == "C" else rng.uniform(1.0, 7.0)
        turns.append(Turn(speaker, round(t, 3), round(t + length, 3)))
        t += length + rng.uniform(0.1, 0.8)
    return turns


def main() -> None:
    voices = {"A": (1.0, 0.0, 0.0), "B": (0.0, 1.0, 0.0), "C": (0.9, 0.1, 0.0)}
    print("| case | turns | folded to | seconds per hour |\n|---|---|---|---|")
    for third in (True, False):
        turns = hour(third)
        t = time.perf_counter()
        out, _, _ = fold_extra_voices(turns, turns, voices, 2)
        print(f"| {'spurious third voice' if third else 'two voices'} | {len(turns)} | "
              f"{len({x.speaker for x in out})} voices | {time.perf_counter() - t:.3f} |")
    turns = hour(False)
    t = time.perf_counter()
    talk = talk_seconds(turns)
    flagged = voice_maybe_hidden(sorted(v / sum(talk.values()) for v in talk.values()), 2)
    print(f"| notice 'a voice may be hidden' | {len(turns)} | {'fires' if flagged else 'silent'} | "
          f"{time.perf_counter() - t:.3f} |")
    import numpy as np

    rng = np.random.default_rng(18)
    chunks = 3600 * 4 // 10
    activity = np.zeros((chunks, 589, 3), dtype=np.float32)
    activity[:, :400, 0] = activity[:, 400:420, 1] = 1
    embeddings = rng.standard_normal((chunks, 3, 192))
    embeddings[rng.random(chunks) < 0.1, 1] = np.nan                     # one pair in ten too short
    embeddings[:, 2] = np.nan                                           # the silent third local speaker
    t = time.perf_counter()
    out = unvoiced(np.zeros((chunks, 3), dtype=int), embeddings, activity)
    print(f"| chunk-speakers too short to embed: no cluster | {chunks} chunks | {int((out == -2).sum())} pairs | "
          f"{time.perf_counter() - t:.3f} |")


def split_cost(ids=("r-sv-cv-f-bal", "r-sv-cv-f-bal-ulaw", "df-en-04-ulaw")) -> None:
    import json

    import evaluate as ev
    from talkratio.audio import decode
    from talkratio.diarize import pyannote

    halves = {mid: folder for name, half in json.loads((ev.HERE / "split.json").read_text()).items()
              if name != "about" for mid, folder in half.items()}
    diarizer, forced_two = pyannote.PyannoteDiarizer(), pyannote._forced_two
    print("\n| one-voice recording | minutes | split's cosine | CPU s per hour without the split | with it |\n|---|---|---|---|---|")
    for mid in ids:
        audio = decode(ev.HERE / "audio" / halves[mid] / f"{mid}.wav")
        seconds = {}
        for variant in ("without", "with", "without", "with"):   # twice each, the second run counted
            pyannote._forced_two = forced_two if variant == "with" else (lambda run: None)
            diarizer._load()
            ev.cached_pipeline(diarizer, mid, False)
            t = time.process_time()
            out = diarizer(audio)
            seconds[variant] = (time.process_time() - t) * 3600 / audio.info.duration_s
        pyannote._forced_two = forced_two
        print(f"| {mid} | {audio.info.duration_s / 60:.1f} | {ev.split_shown(out)} | {seconds['without']:.0f} | "
              f"{seconds['with']:.0f} |", flush=True)


if __name__ == "__main__":
    import evaluate

    opts, _ = evaluate.options()
    if "--split" in sys.argv or "split" in opts:
        split_cost(*([opts["split"].split(",")] if "split" in opts else []))
        sys.exit()
    main()
