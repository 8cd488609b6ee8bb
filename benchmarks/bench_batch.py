"""Batch throughput with the real models: files per minute with 1 and 2 worker processes.

usage: python benchmarks/bench_batch.py [FOLDER] [--fast] [--no-transcript] [--workers 1,2]
FOLDER defaults to the four scripted meetings of ../shared/corpus (linked into a temporary
folder, never copied). Every run starts from an empty OUT, so no cache helps it; each worker
count runs in the same process, one after the other, and the table is printed at the end.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTED = ROOT.parent / "shared" / "corpus" / "scripted"


def scripted_folder(into: Path) -> Path:
    folder = into / "meetings"
    folder.mkdir()
    for truth in sorted(SCRIPTED.glob("*.truth.json")):
        name = truth.name.replace(".truth.json", ".wav")
        (folder / name).symlink_to(SCRIPTED / name)
    return folder


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from talkratio.batch import run_batch
    from talkratio.pipeline import FAST, Options
    from talkratio.privacy import lock_down

    lock_down()
    args = sys.argv[1:]
    workers = [int(n) for n in (args[args.index("--workers") + 1] if "--workers" in args else "1,2").split(",")]
    positional = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or args[i - 1] != "--workers")]
    options = Options(**(FAST if "--fast" in args else {}), transcript="--no-transcript" not in args)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(positional[0]) if positional else scripted_folder(Path(tmp))
        rows = []
        for jobs in workers:
            t = time.perf_counter()
            result = run_batch(folder, Path(tmp) / f"out-{jobs}", options, jobs=jobs)
            wall = time.perf_counter() - t
            files = len(result.analysed) + len(result.failures)
            rows.append((jobs, files, len(result.failures), wall, files / wall * 60))
    print(f"settings: beam {options.beam_size}, segmentation step {options.segmentation_step}, "
          f"transcript {options.transcript}, folder {folder}")
    print(f"{'workers':>7} {'files':>5} {'failed':>6} {'wall s':>8} {'files/min':>9} {'speed-up':>8}")
    for jobs, files, failed, wall, rate in rows:
        print(f"{jobs:>7} {files:>5} {failed:>6} {wall:>8.1f} {rate:>9.2f} {rate / rows[0][4]:>7.2f}x")


if __name__ == "__main__":
    main()
