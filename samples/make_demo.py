"""Render the demo meeting in samples/demo.yaml to an .m4a with a truth file, reproducibly.

Every line is spoken by espeak-ng, resampled to 16 kHz, and laid on one timeline with short
seeded pauses, so the audio and its truth come from the same samples: talk times are the
union of where each rendered line is actually loud (RMS per 10 ms frame), not a guess from
the script. The truth JSON has the shape of ../shared/corpus/scripted/*.truth.json, so the
same scorer reads both.

    python samples/make_demo.py [--script samples/demo.yaml] [--out samples]

Needs espeak-ng on PATH, and numpy, PyAV and PyYAML (all in the project venv).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import wave
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SR = 16_000
FRAME = SR // 100          # 10 ms analysis frames
MIN_GAP_S = 0.25           # silences shorter than this stay inside one speech region
GAP_S = (0.3, 0.9)         # pause before each line, drawn from the script's seed
LEAD_S, TAIL_S = 0.6, 0.8  # silence before the first and after the last line
GAIN = 0.6                 # headroom, so an overlap does not clip
NOISE_DBFS = -50.0         # faint room noise: a real recording is never digitally silent
BIT_RATE = 48_000


def tts(text: str, voice: dict) -> np.ndarray:
    """One line spoken by espeak-ng, float32 at 16 kHz, silence trimmed at both ends."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "line.wav"
        subprocess.run(["espeak-ng", "-v", voice["voice"], "-s", str(voice.get("speed", 160)),
                        "-p", str(voice.get("pitch", 50)), "-w", str(wav), text],
                       check=True, capture_output=True)
        with wave.open(str(wav), "rb") as w:
            rate = w.getframerate()
            x = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    x = resample(x.astype(np.float32) / 32768.0, rate, SR)
    on = np.flatnonzero(active_frames(x))
    return x[on[0] * FRAME:(on[-1] + 1) * FRAME] if on.size else x


def resample(x: np.ndarray, src: int, dst: int) -> np.ndarray:
    """Band-limited resampling through the spectrum: numpy only, and no aliasing going down."""
    if src == dst:
        return x
    n_out = round(len(x) * dst / src)
    spectrum = np.fft.rfft(x)[: n_out // 2 + 1]
    return (np.fft.irfft(spectrum, n_out) * (n_out / len(x))).astype(np.float32)


def active_frames(x: np.ndarray) -> np.ndarray:
    """Which 10 ms frames hold speech: RMS above 2 % of the loudest frame."""
    n = len(x) // FRAME
    rms = np.sqrt((x[: n * FRAME].reshape(n, FRAME).astype(np.float64) ** 2).mean(axis=1))
    return rms > max(rms.max(initial=0.0) * 0.02, 1e-4)


def speech_regions(x: np.ndarray, offset: int) -> list[tuple[float, float]]:
    """(start, end) seconds of speech in a clip placed at sample `offset`, short gaps merged."""
    on = np.concatenate([[False], active_frames(x), [False]])
    edges = np.flatnonzero(np.diff(on.astype(np.int8)))
    regions: list[list[float]] = []
    for a, b in zip(edges[::2], edges[1::2]):
        start, end = (offset + a * FRAME) / SR, (offset + b * FRAME) / SR
        if regions and start - regions[-1][1] < MIN_GAP_S:
            regions[-1][1] = end
        else:
            regions.append([start, end])
    return [(round(s, 3), round(e, 3)) for s, e in regions]


def union_length(regions: list[tuple[float, float]]) -> float:
    total, reach = 0.0, float("-inf")
    for s, e in sorted(regions):
        if e > reach:
            total += e - max(s, reach)
            reach = e
    return total


def lay_out(script: dict, rng: np.random.Generator):
    """Place every line on the timeline: (clips at sample offsets, placed lines, regions, length)."""
    clips, placed, regions = [], [], []
    cursor = round(LEAD_S * SR)
    for i, line in enumerate(script["lines"]):
        x = tts(line["t"], script["voices"][line["s"]])
        pause = round(rng.uniform(*GAP_S) * SR)  # drawn for every line, so edits stay local
        back = line.get("overlap", 0.0) or (rng.uniform(0.5, 0.9) if line.get("cut") else 0.0)
        start = cursor if i == 0 else (cursor - round(back * SR) if back else cursor + pause)
        clips.append((start, x))
        regions += [(s, e, line["s"]) for s, e in speech_regions(x, start)]
        placed.append({**line, "start": round(start / SR, 3), "end": round((start + len(x)) / SR, 3)})
        cursor = max(cursor, start + len(x))
    return clips, placed, regions, cursor + round(TAIL_S * SR)


def mix(clips, length: int, rng: np.random.Generator) -> np.ndarray:
    y = np.zeros(length, dtype=np.float32)
    for start, x in clips:
        y[start:start + len(x)] += GAIN * x
    y += rng.normal(0.0, 10 ** (NOISE_DBFS / 20), size=length).astype(np.float32)
    return np.clip(y, -1.0, 1.0)


def write_m4a(path: Path, y: np.ndarray) -> None:
    """Mono AAC in an MP4 (.m4a) container: the kind of file a phone's recorder app makes."""
    import av

    with av.open(str(path), "w", format="ipod") as out:
        stream = out.add_stream("aac", rate=SR, layout="mono")
        stream.bit_rate = BIT_RATE
        size = stream.codec_context.frame_size or 1024
        for i in range(0, len(y), size):
            frame = av.AudioFrame.from_ndarray(y[None, i:i + size], format="flt", layout="mono")
            frame.sample_rate, frame.pts = SR, i
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))


def truth(script: dict, placed: list[dict], regions, length: int) -> dict:
    speakers = sorted(script["voices"])
    talk = {s: union_length([(a, b) for a, b, k in regions if k == s]) for s in speakers}
    total = sum(talk.values())
    return {
        "id": script["id"], "language": script["language"], "kind": script["kind"],
        "host": script["host"], "names": script.get("names", {}),
        "duration_s": round(length / SR, 3),
        "talk_time_s": {s: round(v, 3) for s, v in talk.items()},
        "talk_share": {s: round(v / total, 4) for s, v in talk.items()},
        "questions": [{"speaker": l["s"], "start": l["start"], "text": l["t"], "kind": l["q"],
                       **({"needs": l["needs"]} if "needs" in l else {})}
                      for l in placed if l.get("q")],
        "next_steps": [{"speaker": l["s"], "owner": l.get("owner"), "start": l["start"],
                        "text": l["t"], "kind": l["step"]} for l in placed if l.get("step")],
        "concrete_next_steps": script["expect"]["concrete_next_steps"],
        "interruptions": [{"speaker": l["s"], "start": l["start"]} for l in placed if l.get("cut")],
        "lines": placed,
    }


def build(script_path: Path, out_dir: Path) -> dict:
    """Render `script_path` into `out_dir` (<id>.m4a, .truth.json, .rttm); returns the truth."""
    import yaml

    script = yaml.safe_load(script_path.read_text(encoding="utf-8"))
    mid = unicodedata.normalize("NFC", script["id"])  # one spelling of "ö" on every file system
    script["id"] = mid
    rng = np.random.default_rng(script.get("seed", 0))
    clips, placed, regions, length = lay_out(script, rng)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_m4a(out_dir / f"{mid}.m4a", mix(clips, length, rng))
    rttm = "".join(f"SPEAKER {mid} 1 {s:.3f} {e - s:.3f} <NA> <NA> {k} <NA> <NA>\n"
                   for s, e, k in sorted(regions))
    (out_dir / f"{mid}.rttm").write_text(rttm, encoding="utf-8")
    result = truth(script, placed, regions, length)
    (out_dir / f"{mid}.truth.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--script", type=Path, default=HERE / "demo.yaml")
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args(argv)
    if shutil.which("espeak-ng") is None:
        print("make_demo: espeak-ng is not installed (apt-get install espeak-ng)", file=sys.stderr)
        return 1
    t = build(args.script, args.out)
    shares = ", ".join(f"{t['names'].get(s, s)} {v:.0%}" for s, v in t["talk_share"].items())
    print(f"{args.out / (t['id'] + '.m4a')}: {t['duration_s']:.1f} s, {shares}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
