"""Speed of `talkratio analyze meeting.vtt` on long transcripts (no model is loaded).

usage: python benchmarks/bench_transcript.py [MINUTES ...]     (default: 60)

Writes a Teams-style WebVTT of the given length by cycling through the shared corpus's scripted
meetings' truth lines (or, without the corpus, tests/data/transcripts/teams.vtt), with three
speakers' names and voice tags, then runs the CLI on it in a fresh process (`-f json,html`,
so import, reading, analysis and rendering all count) and prints one row per length: cues,
words, the report's own stage timings, the process' wall time and peak RSS.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTED = ROOT.parent / "shared" / "corpus" / "scripted"
NAMES = {"A": "Anna Svensson", "B": "Björn Åkesson", "C": "Cecilia Öhman"}


def lines() -> list[dict]:
    """One pass of source lines: (speaker, text, start, end), each meeting after the one before."""
    out, offset = [], 0.0
    truths = sorted(SCRIPTED.glob("*.truth.json")) if SCRIPTED.is_dir() else []
    for path in truths:
        truth = json.loads(path.read_text(encoding="utf-8"))
        out += [{**line, "start": line["start"] + offset, "end": line["end"] + offset} for line in truth["lines"]]
        offset += truth["duration_s"]
    if not out:
        sys.path.insert(0, str(ROOT / "src"))
        from talkratio.transcripts import read

        sheet = read(ROOT / "tests" / "data" / "transcripts" / "teams.vtt")
        names = {n: k for k, n in zip("AB", dict.fromkeys(c.speaker for c in sheet.cues))}
        out = [{"s": names[c.speaker], "t": c.text, "start": c.start, "end": c.end} for c in sheet.cues]
    return out


def clock(s: float) -> str:
    return f"{int(s // 3600):02d}:{int(s % 3600 // 60):02d}:{s % 60:06.3f}"


def write_vtt(path: Path, minutes: float) -> tuple[int, int]:
    one = lines()
    period = one[-1]["end"] + 2.0
    cues, words, n = [], 0, 0
    while True:
        for line in one:
            start, end = line["start"] + n * period, line["end"] + n * period
            if end > minutes * 60:
                path.write_text("WEBVTT\n\n" + "".join(cues), encoding="utf-8")
                return len(cues), words
            cues.append(f"{len(cues) + 1}\n{clock(start)} --> {clock(end)}\n<v {NAMES.get(line['s'], line['s'])}>"
                        f"{line['t']}</v>\n\n")
            words += len(line["t"].split())
        n += 1


def main() -> None:
    minutes = [float(m) for m in sys.argv[1:]] or [60.0]
    print("| minutes | cues | words | read s | analyze s | process wall s | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for m in minutes:
        with tempfile.TemporaryDirectory() as tmp:
            vtt = Path(tmp) / "möte.vtt"
            n_cues, n_words = write_vtt(vtt, m)
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "talkratio.cli", "analyze", str(vtt), "--out", tmp, "-f", "json,html",
                            "-q"], check=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
            wall = time.perf_counter() - t
            rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            timings = json.loads((Path(tmp) / "möte.json").read_text(encoding="utf-8"))["timings_s"]
            print(f"| {m:g} | {n_cues} | {n_words} | {timings['read']:.2f} | {timings['analyze']:.2f} | {wall:.2f} "
                  f"| {rss:.0f} |")


if __name__ == "__main__":
    main()
