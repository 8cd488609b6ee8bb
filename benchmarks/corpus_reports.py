"""Analyse the shared corpus with the real pipeline and score the reports.

usage: python benchmarks/corpus_reports.py [OUT_DIR] [--fast] [--counts]
Writes OUT_DIR/corpus/<id>.json for every scripted meeting and OUT_DIR/real/<stem>.json for
the real recordings, then prints ../shared/tools/score_reports.py's table for the scripted ones.
--counts gives the true speaker count (the issue's "speaker count given" condition).
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from talkratio.outputs import write_outputs
    from talkratio.pipeline import FAST, Analyzer, Options

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0]) if args else ROOT / "out"
    fast, counts = "--fast" in sys.argv, "--counts" in sys.argv
    scripted = SHARED / "corpus" / "scripted"
    real = SHARED / "corpus" / "real"
    base = Options(**(FAST if fast else {}))
    analyzer = Analyzer(base)
    jobs = []
    for truth_file in sorted(scripted.glob("*.truth.json")):
        truth = json.loads(truth_file.read_text())
        jobs.append((scripted / f"{truth['id']}.wav", out / "corpus", len(truth["talk_share"]) if counts else None,
                     {"sales": "sales"}.get(truth["kind"], "one-on-one")))
    for wav in [real / "sample.wav", *sorted((real / "en").glob("*.wav")), *sorted((real / "sv").glob("*.wav"))]:
        jobs.append((wav, out / "real", None, "one-on-one"))
    for wav, folder, n, kind in jobs:
        t = time.perf_counter()
        analyzer.options = replace(base, num_speakers=n, meeting_type=kind)
        report = analyzer.analyze(wav)
        write_outputs(report, folder, ["json"], None)
        print(f"{wav.name:45s} {time.perf_counter() - t:6.1f} s  {report.language}  "
              f"{len(report.speakers)} speakers  {report.timings_s}", flush=True)
    subprocess.run([sys.executable, str(SHARED / "tools" / "score_reports.py"), str(scripted), str(out / "corpus")])


if __name__ == "__main__":
    main()
