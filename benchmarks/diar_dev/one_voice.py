"""One voice alone, cut from a dialogue: does the prior's two-voice split leave it one voice?

usage: python benchmarks/diar_dev/one_voice.py ID [ID ...]

For each development dialogue ID and each of its true speakers, the audio with every other
speaker's turns silenced (truth RTTM; overlap silenced too, pauses kept) is a monologue of that
voice alone: the same voice, room and channel as in the dialogue, so a split of it that sounds
like two people would be exactly the prior's error. Each is diarized with default flags (the
segmentation and embeddings cached in cache/ under "<id>-only-<speaker>"), and the table gives the
voices found, the two-voice split's centroid cosine (evaluate.split_cosine) and its smaller share,
and whether the one-on-one prior takes the split (which here would be wrong). Results go to
cache/results/one-voice.json (merged with earlier runs). Development halves only (tune, fresh).
"""
from __future__ import annotations

import json
import sys

import numpy as np

import evaluate as ev


def alone(mono: np.ndarray, rttm: str, speaker: str, rate: int) -> np.ndarray:
    """`mono` with every other speaker's turns silenced."""
    others = np.zeros(len(mono), dtype=bool)
    for line in rttm.splitlines():
        f = line.split()
        if f[7] != speaker:
            others[int(float(f[3]) * rate):int((float(f[3]) + float(f[4])) * rate)] = True
    return np.where(others, 0.0, mono).astype(np.float32)


def own_seconds(rttm: str, speaker: str) -> float:
    return sum(float(line.split()[4]) for line in rttm.splitlines() if line.split()[7] == speaker)


def main() -> None:
    sys.path.insert(0, str(ev.ROOT / "src"))
    from talkratio.audio import decode
    from talkratio.diarize.expected import split_in, with_prior
    from talkratio.diarize.pyannote import PyannoteDiarizer
    from talkratio.schema import SAMPLE_RATE, Audio

    split = json.loads((ev.HERE / "split.json").read_text())
    halves = {mid: half for half in ("tune", "fresh") for mid in split[half]}
    diarizer, path = PyannoteDiarizer(), ev.CACHE / "results" / "one-voice.json"
    rows = json.loads(path.read_text()) if path.exists() else {}
    print("| voice alone | half | its talk s | voices found | split cosine / smaller share | prior takes the split |\n|---|---|---|---|---|---|")
    for mid in sys.argv[1:]:
        if mid not in halves:
            sys.exit(f"{mid}: not in a development half (tune, fresh)")
        audio = decode(ev.HERE / "audio" / split[halves[mid]][mid] / f"{mid}.wav")
        rttm = (ev.HERE / "truth" / f"{mid}.rttm").read_text()
        for speaker in sorted({line.split()[7] for line in rttm.splitlines()}):
            uri = f"{mid}-only-{speaker}"
            mono = alone(audio.mono, rttm, speaker, SAMPLE_RATE)
            one = Audio(audio.info, mono[None])
            diarizer._load()
            ev.cached_pipeline(diarizer, uri, False)
            raw = diarizer(one)
            out = with_prior(raw, "one-on-one")
            rows[uri] = {"half": halves[mid], "seconds": own_seconds(rttm, speaker),
                         "voices": len(raw.speakers), "split_cosine": ev.split_cosine(raw), "split": ev.split_shown(raw),
                         "taken": split_in(out.model), "voices_after": len(out.speakers)}
            r = rows[uri]
            print(f"| {uri} | {r['half']} | {r['seconds']:.0f} | {r['voices']} → {r['voices_after']} | {r['split']} | "
                  f"{'**yes**' if r['taken'] else 'no'} |", flush=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
