"""Model-stage results on disk, keyed by everything they depend on.

Diarization depends on the audio and the diarization settings; the transcript also on the
turns it was given. Keyed that way, a change of --meeting-type, --host or --name reruns only
`build_report()` (milliseconds), never the models (minutes). Entries are JSON, written
atomically, so a killed run leaves none half-written; an unreadable entry is a miss.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

from . import __version__
from .errors import OutputError
from .io import atomic_write_text, read_state
from .schema import Diarization, Transcript, Turn, Word

FORMAT = 3  # bump when an entry's layout or meaning changes: old entries then simply miss (2: a diarization's
# two_voices; 3: two_voices also beside a centroid-less sliver)
T = TypeVar("T")


def digest(*parts: Any) -> str:
    """A stable key for JSON-able parts (paths and dates by their text)."""
    text = json.dumps([FORMAT, __version__, *parts], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def backend_id(backend: object) -> str:
    """Which backend produced a stage: its class and, when it has one, its own description."""
    if backend is None:
        return "none"
    describe = getattr(backend, "describe", None)
    detail = describe() if callable(describe) else getattr(backend, "name", "")
    return f"{type(backend).__module__}.{type(backend).__qualname__}:{detail}"


# --- stage values as JSON ---

def _turns(turns) -> list[list]:
    return [[t.speaker, t.start, t.end] for t in turns]


def diarization_to_dict(d: Diarization) -> dict[str, Any]:
    return {"turns": _turns(d.turns), "exclusive": _turns(d.exclusive), "model": d.model,
            "embeddings": {k: list(v) for k, v in d.embeddings.items()},
            "two_voices": None if d.two_voices is None else diarization_to_dict(d.two_voices)}


def diarization_from_dict(d: Mapping[str, Any]) -> Diarization:
    two = d.get("two_voices")
    return Diarization(turns=tuple(Turn(*t) for t in d["turns"]), exclusive=tuple(Turn(*t) for t in d["exclusive"]),
                       model=d["model"], embeddings={k: tuple(v) for k, v in d["embeddings"].items()},
                       two_voices=None if two is None else diarization_from_dict(two))


def transcript_to_dict(t: Transcript) -> dict[str, Any]:
    return {"words": [[w.text, w.start, w.end, w.probability, w.speaker] for w in t.words], "language": t.language,
            "language_probability": t.language_probability, "model": t.model, "language_method": t.language_method,
            "model_choice": t.model_choice, "language_margin": t.language_margin}


def transcript_from_dict(d: Mapping[str, Any]) -> Transcript:
    return Transcript(words=tuple(Word(*w) for w in d["words"]), language=d["language"],
                      language_probability=d["language_probability"], model=d["model"],
                      language_method=d["language_method"], model_choice=d.get("model_choice", "default"),
                      language_margin=d.get("language_margin"))


CODECS: dict[str, tuple[Callable[[Any], dict], Callable[[Mapping], Any]]] = {
    "diarization": (diarization_to_dict, diarization_from_dict),
    "transcript": (transcript_to_dict, transcript_from_dict),
}


class StageCache:
    """`root/<stage>/<key[:2]>/<key>.json`: one file per entry, safe for many writers at once."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path(self, stage: str, key: str) -> Path:
        return self.root / stage / key[:2] / f"{key}.json"

    def get(self, stage: str, key: str) -> dict | None:
        try:
            return json.loads(read_state(self.path(stage, key)))
        except (OSError, ValueError):
            return None

    def put(self, stage: str, key: str, value: Mapping[str, Any]) -> None:
        try:
            atomic_write_text(self.path(stage, key), json.dumps(value, ensure_ascii=False))
        except OutputError:
            pass  # a cache is an optimisation: never fail an analysis because it cannot be written

    def through(self, stage: str, key: str, compute: Callable[[], T]) -> T:
        """The cached value of `stage` under `key`, or `compute()` stored for next time."""
        encode, decode = CODECS[stage]
        hit = self.get(stage, key)
        if hit is not None:
            try:
                return decode(hit)
            except (KeyError, TypeError, ValueError):
                pass  # written by another layout: recompute and overwrite
        value = compute()
        self.put(stage, key, encode(value))
        return value


def through(cache: StageCache | None, stage: str, key: str | None, compute: Callable[[], T]) -> T:
    """`cache.through(...)`, or just `compute()` when there is no cache."""
    return compute() if cache is None or key is None else cache.through(stage, key, compute)
