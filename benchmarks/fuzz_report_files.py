"""Every one-field replacement of a good report (~33 000 files): refused in one line, or all six formats render.

    .venv/bin/python benchmarks/fuzz_report_files.py        # ~10 min on one core; prints each failure

The tests run 200 (fast) and 2 000 (slow) of the same mutations (tests/test_attack_inputs.py); the
whole set is here because it is too long for the suite. Exit 1 when any rendered with an error.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_attack_inputs as cases  # noqa: E402
from talkratio import reportfile  # noqa: E402
from talkratio.errors import InputError  # noqa: E402
from talkratio.outputs import write_outputs  # noqa: E402


def main() -> int:
    started, seen, refused, bad = time.perf_counter(), 0, 0, 0
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for doc, what in cases.mutations(None):
            seen += 1
            try:
                report = reportfile.load(cases.write(tmp, doc))
            except InputError:
                refused += 1
                continue
            try:
                write_outputs(report, tmp / "out", ["html", "md", "srt", "vtt", "rttm", "json"], None)
            except Exception as err:  # noqa: BLE001 — what this looks for
                bad += 1
                print(f"{what}: {type(err).__name__}: {str(err)[:200]}", flush=True)
    print(f"| mutations | refused in one line | rendered | rendered with an error | s |\n|---|---|---|---|---|\n"
          f"| {seen} | {refused} | {seen - refused - bad} | {bad} | {time.perf_counter() - started:.0f} |")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
