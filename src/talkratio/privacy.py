"""Nothing leaves the machine: set before any model library is imported.

pyannote.audio sends usage metrics unless PYANNOTE_METRICS_ENABLED says no; huggingface_hub
reaches for the hub unless HF_HUB_OFFLINE says no. We say no to both, always, ourselves —
a user who wants a hub pipeline opts in with `allow_hub=True` (`--allow-download`).
"""
from __future__ import annotations

import os
import sys

_ALWAYS = {"PYANNOTE_METRICS_ENABLED": "0", "HF_HUB_DISABLE_TELEMETRY": "1", "DO_NOT_TRACK": "1"}


def lock_down(allow_hub: bool = False) -> None:
    os.environ.update(_ALWAYS)
    os.environ["HF_HUB_OFFLINE"] = "0" if allow_hub else "1"
    os.environ["TRANSFORMERS_OFFLINE"] = os.environ["HF_HUB_OFFLINE"]
    hub = sys.modules.get("huggingface_hub.constants")
    if hub is not None:  # imported before us (by the caller's own code): it has read the environment already
        hub.HF_HUB_OFFLINE = not allow_hub
        hub.HF_HUB_DISABLE_TELEMETRY = True
