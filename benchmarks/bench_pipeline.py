"""Speed and memory of the real pipeline on long meetings.

usage: python benchmarks/bench_pipeline.py [MINUTES ...] [--settings=default,fast,no-transcript,...] [--speech=en|sv]

Builds meetings of the given lengths (default 10 30 60 120 minutes) by concatenating the shared
corpus's English recordings (../shared/corpus, scripted + real), then runs each setting in a fresh process
(so peak RSS is that run's own) and prints one table: wall time per stage, total, real-time
factor, speed (× real time), CPU seconds (less swayed than wall time when the machine is shared)
and peak RSS. Nothing is timed inside the test suite.

--speech=sv measures the hard case instead: the corpus's real Swedish recordings (Common Voice
and larynx clips, cycled), with the language left to the tool to detect, as `talkratio analyze`
does by default.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "src"))
from talkratio.pipeline import FAST  # noqa: E402  (the CLI's --fast, from the checkout being measured)

# The CLI's three speeds, and alternatives for each heavy stage to compare them with
SETTINGS = {
    "default": {},                                                   # beam 5, segmentation step 0.25
    "fast": FAST,                                                    # --fast
    "no-transcript": {"transcript": False},                          # --no-transcript
    "no-transcript-fast": {**FAST, "transcript": False},             # --no-transcript --fast
    "no-transcript-step0.1": {"transcript": False, "segmentation_step": 0.1},  # pyannote's own step
    "beam1": {"beam_size": 1},                                       # greedy decoding, default diarization
}


def build(minutes: float, folder: Path, sources: list[Path] | None = None, stem: str = "meeting") -> Path:
    """A 16 kHz mono WAV of `minutes`, cycling through `sources` (default: the corpus' English
    meetings and conversations)."""

    import numpy as np

    from talkratio.audio import decode

    # English only by default: the language is forced to en, and Swedish decoded as English loops and retries
    sources = sources or [CORPUS / "scripted" / "en-discovery-good.wav", CORPUS / "scripted" / "en-1on1-monologue.wav",
                          CORPUS / "real" / "sample.wav", *sorted((CORPUS / "real" / "en").glob("*.wav"))]
    pieces = [decode(p).mono for p in sources]
    target, parts, total = int(minutes * 60 * 16000), [], 0
    while total < target:
        for x in pieces:
            parts.append(x[: target - total])
            total += len(parts[-1])
            if total >= target:
                break
    path = folder / f"{stem}-{minutes:g}min.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes((np.clip(np.concatenate(parts), -1, 1) * 32767).astype(np.int16).tobytes())
    return path


def run_one(path: str, setting: str, language: str) -> None:
    """Child process: analyse, render, print one JSON line of timings and peak RSS."""
    from talkratio.pipeline import Analyzer, Options
    from talkratio.render.html import render_html
    from talkratio.report import to_dict

    t = time.perf_counter()
    analyzer = Analyzer(Options(language=language, **SETTINGS[setting]))
    load = time.perf_counter() - t
    report = analyzer.analyze(path)
    t = time.perf_counter()
    json.dumps(to_dict(report))
    render_html(report)
    timings = {"load": load, **report.timings_s, "render": time.perf_counter() - t}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss_mb, cpu_s = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    print(json.dumps({"timings": timings, "duration": report.source.duration_s, "rss_mb": rss_mb, "cpu_s": cpu_s,
                      "language": report.language, "words": sum(len(u.words) for u in report.utterances)}))


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        return run_one(*sys.argv[2:5])
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    minutes = [float(a) for a in args] or [10, 30, 60, 120]
    chosen = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--settings=")), "default,fast,no-transcript")
    speech = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--speech=")), "en")
    sources = sorted((CORPUS / "real" / "sv").glob("*.wav")) if speech == "sv" else None
    language = "auto" if speech == "sv" else "en"
    import os
    import platform

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; no GPU; "
          + ("real Swedish speech, language detected" if speech == "sv" else "language forced to en"))
    stages = ["load", "decode", "diarize", "transcribe", "analyze", "render"]
    print("| minutes | setting | " + " | ".join(f"{s} s" for s in stages)
          + " | total s | RTF | × real time | CPU s | peak RSS MB | language | words |")
    print("|---" * (len(stages) + 9) + "|")
    with tempfile.TemporaryDirectory() as tmp:
        for m in minutes:
            path = build(m, Path(tmp), sources)
            for setting in chosen.split(","):
                out = subprocess.run([sys.executable, __file__, "--child", str(path), setting, language],
                                     capture_output=True, text=True)
                if out.returncode:
                    print(f"| {m:g} | {setting} | failed: {out.stderr.strip().splitlines()[-1:]} |", flush=True)
                    continue
                r = json.loads(out.stdout.strip().splitlines()[-1])
                total = sum(r["timings"].values())
                cells = " | ".join(f"{r['timings'].get(s, 0):.1f}" for s in stages)
                print(f"| {m:g} | {setting} | {cells} | {total:.1f} | {total / r['duration']:.3f} | "
                      f"{r['duration'] / total:.1f} | {r['cpu_s']:.0f} | {r['rss_mb']:.0f} | {r['language']} | {r['words']} |",
                      flush=True)


if __name__ == "__main__":
    main()
