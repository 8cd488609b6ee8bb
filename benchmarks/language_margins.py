"""How `--language auto` decides, per file: Whisper's language id, or the fit test and its margin.

usage: python benchmarks/language_margins.py FILE ...
       (e.g. ../shared/corpus/scripted/*.wav ../shared/corpus/real/sv/*.wav ../shared/corpus/real/en/*.wav)

No diarization: the whole file is the speech. One tab-separated line per file: name, language,
Whisper's probability (when it decided), fit-test margin (when it ran), how, seconds.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from talkratio.audio import decode  # noqa: E402
from talkratio.transcribe.whisper import WhisperTranscriber  # noqa: E402


def main() -> None:
    transcriber = WhisperTranscriber()
    for path in sys.argv[1:]:
        mono = np.ascontiguousarray(decode(path).mono, dtype=np.float32)
        t = time.perf_counter()
        lang, p, method, margin = transcriber.detect_language(mono, ())
        print(f"{Path(path).name}\t{lang}\t{p}\t{margin}\t{method}\t{time.perf_counter() - t:.1f}s", flush=True)


if __name__ == "__main__":
    main()
