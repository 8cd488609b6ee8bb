"""Wall time and peak memory: a downloaded kb-whisper-base against the embedded Whisper base.

usage: python benchmarks/bench_swedish_model.py [MINUTES] [--languages=sv,auto]      (default 10, sv,auto)

Builds a Swedish meeting of MINUTES by cycling the shared corpus's Swedish recordings, "downloads"
kb-whisper-base through the loopback stand-in hub of the tests (tests/hubstub.py: the embedded
base's files under KBLab's name — the real KB-Whisper cannot be fetched here), then analyses the
file in a fresh process per setting: the embedded base (no download), and kb-whisper-base chosen
for the Swedish meeting, each with the language forced to sv and with auto (language id on the
base, so the auto+kb run loads both models). Same architecture, same size: same speed expected.
CPU seconds (user + system of the child) are reported beside wall time: on a shared machine they
are the fairer comparison.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]


def build(minutes: float, folder: Path) -> Path:
    """A Swedish meeting of `minutes`, cycling the corpus's Swedish recordings."""
    from bench_pipeline import build as cycle

    return cycle(minutes, folder, [CORPUS / "scripted" / "sv-1on1-blandat.wav", CORPUS / "scripted" / "sv-kundmote-tre.wav",
                                   *sorted((CORPUS / "real" / "sv").glob("*.wav"))], stem="möte")


def run_one(path: str, model: str, language: str) -> None:
    """Child: choose models as the CLI does, analyse, print one JSON line."""
    from talkratio import hub
    from talkratio.pipeline import Analyzer, Options

    asr, by_language, choice = hub.choose(None, {"sv": "base"} if model == "base" else {})
    t = time.perf_counter()
    report = Analyzer(Options(language=language, asr_model=asr, asr_by_language=by_language, asr_choice=choice)).analyze(path)
    wall = time.perf_counter() - t
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "timings": report.timings_s, "asr": report.models["asr"],
                      "duration": report.source.duration_s, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "words": sum(len(u.words) for u in report.utterances)}))


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        return run_one(*sys.argv[2:5])
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    minutes = float(args[0]) if args else 10
    languages = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--languages=")), "sv,auto").split(",")
    from hubstub import StandInHub
    from talkratio import models

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "TALKRATIO_CACHE": str(tmp / "cache"), "HF_HOME": str(tmp / "hf"),
               "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")])}  # this checkout's code
        os.environ["TALKRATIO_CACHE"] = env["TALKRATIO_CACHE"]
        files = {f.name: f.path for f in models.model_files("whisper-base")}
        with StandInHub(files, "KBLab/kb-whisper-base") as server:
            subprocess.run([sys.executable, "-m", "talkratio.cli", "models", "download", "kb-whisper-base", "-q"],
                           env={**env, "HF_ENDPOINT": server.endpoint}, check=True)
        path = build(minutes, tmp)
        print(f"{os.cpu_count()} cores; {minutes:g} min Swedish meeting; kb-whisper-base = the stand-in's copy of base")
        print("| model | language | decode s | diarize s | transcribe s | analyze s | wall s | CPU s | peak RSS MB | words |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for language in languages:
            for model in ("base", "kb-whisper-base"):
                out = subprocess.run([sys.executable, __file__, "--child", str(path), model, language], env=env,
                                     capture_output=True, text=True)
                if out.returncode:
                    print(f"| {model} | {language} | failed: {out.stderr.strip().splitlines()[-1:]} |", flush=True)
                    continue
                r = json.loads(out.stdout.strip().splitlines()[-1])
                t = r["timings"]
                print(f"| {r['asr']} | {language} | {t['decode']:.1f} | {t['diarize']:.1f} | {t['transcribe']:.1f} | "
                      f"{t['analyze']:.1f} | {r['wall']:.1f} | {r['cpu']:.0f} | {r['rss_mb']:.0f} | {r['words']} |", flush=True)


if __name__ == "__main__":
    main()
