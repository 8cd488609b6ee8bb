"""Voice profiles: enroll a person once, recognise them in every later meeting.

A profile is the mean CAM++ embedding of an enrollment clip, the same kind of vector the
diarizer computes for each speaker it finds, so matching is one cosine similarity per pair.
The store is one JSON file in the user's data folder, written atomically; a store we cannot
read is reported and left untouched, never silently replaced.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Mapping

import numpy as np

from .errors import InputError, ProfileError
from .io import atomic_write_text, open_input

# Cosine similarity at or above which a diarized speaker is taken to be an enrolled person.
# Measured on the scripted corpus (an espeak clip of new text against each meeting's speakers):
# same voice 0.84–0.93, different voices 0.47–0.74.
MATCH_THRESHOLD = 0.8
STORE_VERSION = 1
VOICE_SIZE = 192  # numbers in a CAM++ voice embedding: what the default diarizer gives and `enroll` stores


def store_path() -> Path:
    root = os.environ.get("TALKRATIO_DATA") or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "talkratio"
    return Path(root) / "profiles.json"


def load(path: Path | None = None) -> dict[str, dict]:
    """name → {"embedding": [...], "host": bool, "source": str, "created": iso}; {} when none yet."""
    path = path or store_path()
    if not os.path.lexists(path):
        return {}
    try:
        with open_input(path, "a voice-profile store") as f:   # a regular file only: a FIFO planted there would hang
            data = json.loads(f.read().decode("utf-8"))
        profiles = data["profiles"]
        for name, p in profiles.items():
            if not isinstance(p.get("embedding"), list) or not p["embedding"]:
                raise ValueError(f"profile '{name}' has no embedding")
            if not all(type(v) in (int, float) and np.isfinite(v) for v in p["embedding"]):
                raise ValueError(f"profile '{name}' has an embedding that is not all numbers")
            if len(p["embedding"]) != len(next(iter(profiles.values()))["embedding"]):
                raise ValueError(f"profile '{name}' has an embedding of another length than the others")
        return profiles
    except InputError as err:   # its message names the path already
        raise ProfileError(f"voice-profile store is unreadable: {err}; it was left as it is — fix or remove it") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise ProfileError(f"{path}: voice-profile store is unreadable ({err}); it was left as it is — "
                           f"fix or remove it") from None


def save(profiles: Mapping[str, dict], path: Path | None = None) -> None:
    atomic_write_text(path or store_path(), json.dumps({"version": STORE_VERSION, "profiles": dict(profiles)},
                                                       ensure_ascii=False, indent=1))


def enroll(name: str, embedding: np.ndarray, *, host: bool, source: str, path: Path | None = None) -> None:
    if not name.strip():
        raise ProfileError("a profile needs a name")
    profiles = load(path)  # raises on a damaged store, before anything is written
    if host:  # one host at a time: the person whose listening is scored
        for p in profiles.values():
            p["host"] = False
    profiles[name] = {"embedding": [round(float(v), 6) for v in embedding], "host": host, "source": source,
                      "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    save(profiles, path)


def remove(name: str, path: Path | None = None) -> None:
    profiles = load(path)
    if name not in profiles:
        raise ProfileError(f"no voice profile named '{name}' (known: {', '.join(profiles) or 'none'})")
    del profiles[name]
    save(profiles, path)


def cosine(a, b) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))


def match(embeddings: Mapping[str, tuple[float, ...]], profiles: Mapping[str, dict],
          threshold: float = MATCH_THRESHOLD) -> tuple[dict[str, str], str | None]:
    """Name the diarized speakers whose voice matches a profile: (speaker → name, host speaker).

    Best pairs first, each speaker and each profile used once, only pairs at or above threshold.
    """
    for name, p in profiles.items():
        if any(len(e) != len(p["embedding"]) for e in embeddings.values()):
            raise ProfileError(f"the voice profile '{name}' has {len(p['embedding'])} numbers, this diarizer's "
                               f"voices {len(next(iter(embeddings.values())))}: enroll it again with this model")
    pairs = sorted(((cosine(e, p["embedding"]), spk, name) for spk, e in embeddings.items()
                    for name, p in profiles.items()), reverse=True)
    names: dict[str, str] = {}
    host = None
    for score, spk, name in pairs:
        if score < threshold:
            break
        if spk in names or name in names.values():
            continue
        names[spk] = name
        if profiles[name].get("host"):
            host = spk
    return names, host
