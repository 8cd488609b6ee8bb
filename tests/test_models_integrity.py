"""Model files are the ones we tested: sha256 against the manifest on every load, tampering refused.

Every test points TALKRATIO_CACHE at a temporary folder and works on copies: the real cache
and the files inside the venv's site-packages are never touched.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest

from talkratio import models
from talkratio.errors import ModelError

VAD = "silero-vad-v6"      # one small packaged file (1.2 MB): cheap to copy and hash
WHISPER = "whisper-base"   # assembled from two wheels into the cache


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TALKRATIO_CACHE", str(folder))
    return folder


@pytest.fixture
def hashes(monkeypatch) -> list[Path]:
    """Every file `models` hashes, in order."""
    seen: list[Path] = []
    real = models._sha256

    def counting(path: Path) -> str:
        seen.append(Path(path))
        return real(path)

    monkeypatch.setattr(models, "_sha256", counting)
    return seen


def spec(model: str, name: str) -> dict:
    return models.manifest()[model]["files"][name]


def only_file(model: str) -> tuple[str, dict]:
    (name, s), = models.manifest()[model]["files"].items()
    return name, s


def redirect(monkeypatch, rel: str, copy: Path) -> None:
    """Make the installed file `rel` (a manifest "from"/"parts" path) resolve to `copy` instead."""
    real = models._package_file
    monkeypatch.setattr(models, "_package_file", lambda r, model: copy if r == rel else real(r, model))


def copy_of(model: str, rel: str, folder: Path) -> Path:
    target = folder / Path(rel).name
    shutil.copyfile(models._package_file(rel, model), target)
    return target


def flip_byte(path: Path, offset: int | None = None) -> None:
    """Change one byte in place: same size, so only the hash can tell."""
    time.sleep(0.05)  # let the clock tick past the verification's timestamps (coarse on some kernels)
    with path.open("r+b") as f:
        f.seek(offset if offset is not None else path.stat().st_size // 2)
        byte = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([byte[0] ^ 0xFF]))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_tampered_packaged_file_is_refused(tmp_path, monkeypatch):
    name, s = only_file(VAD)
    copy = copy_of(VAD, s["from"], tmp_path)
    redirect(monkeypatch, s["from"], copy)
    assert models.model_files(VAD)[0].path == copy  # the untouched copy passes: the check is real
    flip_byte(copy)
    pins = " ".join(f"{p}=={v}" for p, v in models.manifest()[VAD]["packages"].items())
    with pytest.raises(ModelError) as caught:
        models.model_files(VAD)
    assert str(caught.value) == (f"model '{VAD}': {copy} does not match its sha256 — refusing a tampered or damaged "
                                 f"file; reinstall: pip install --force-reinstall {pins}")


def test_tampering_with_the_timestamp_put_back_is_still_caught(tmp_path, monkeypatch):
    """Size and mtime are easy to restore (`touch -r`); the change time is not."""
    name, s = only_file(VAD)
    copy = copy_of(VAD, s["from"], tmp_path)
    redirect(monkeypatch, s["from"], copy)
    models.model_files(VAD)  # verified and stamped
    before = copy.stat()
    flip_byte(copy)
    os.utime(copy, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert copy.stat().st_mtime_ns == before.st_mtime_ns and copy.stat().st_size == before.st_size
    with pytest.raises(ModelError, match="does not match its sha256"):
        models.model_files(VAD)


def test_a_file_is_hashed_on_every_load(tmp_path, monkeypatch, hashes):
    """No stamp says "hashed before": whoever can edit the cache could forge one (test_attack_files)."""
    name, s = only_file(VAD)
    copy = copy_of(VAD, s["from"], tmp_path)
    redirect(monkeypatch, s["from"], copy)
    models.model_files(VAD)
    models.model_files(VAD)
    models.model_path(VAD, name)
    assert hashes == [copy, copy, copy]


def test_an_unwritable_cache_costs_a_rehash_not_a_failure(tmp_path, monkeypatch, hashes):
    """The stamp file cannot be written (the cache path runs through a file): verification still works."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("TALKRATIO_CACHE", str(blocker / "cache"))
    name, s = only_file(VAD)
    copy = copy_of(VAD, s["from"], tmp_path)
    redirect(monkeypatch, s["from"], copy)
    assert models.model_files(VAD)[0].path == copy
    models.model_files(VAD)
    assert hashes == [copy, copy]


def test_a_missing_model_package_says_what_to_install(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    name, s = only_file(VAD)
    top = s["from"].split("/")[0]
    monkeypatch.setattr(importlib.util, "find_spec", lambda mod, *a: None if mod == top else real(mod, *a))
    pins = " ".join(f"{p}=={v}" for p, v in models.manifest()[VAD]["packages"].items())
    with pytest.raises(ModelError) as caught:
        models.model_files(VAD)
    assert str(caught.value) == f"model '{VAD}' is not installed: pip install {pins}"


def test_a_damaged_assembled_whisper_file_is_refused_not_rebuilt(cache, monkeypatch):
    """The cache is written atomically, so a changed file was changed by someone: say so, do not paper over it."""
    assembled: list[str] = []
    real = models._assemble

    def counting(model, name, s, target):
        assembled.append(name)
        real(model, name, s, target)

    monkeypatch.setattr(models, "_assemble", counting)
    files = {f.name: f.path for f in models.model_files(WHISPER)}
    assert sorted(assembled) == sorted(models.manifest()[WHISPER]["files"])
    target = files["model.bin"]
    assert target.is_relative_to(cache)
    flip_byte(target)
    assembled.clear()
    with pytest.raises(ModelError) as caught:
        models.model_files(WHISPER)
    assert str(caught.value) == (f"model '{WHISPER}': {target} does not match its sha256 — refusing a tampered or "
                                 f"damaged file; delete it and run again to rebuild it from the installed wheels")
    assert assembled == [] and sha256(target) != spec(WHISPER, "model.bin")["sha256"]  # left for the user to see
    target.unlink()  # as the message says
    assert {f.name: f.path for f in models.model_files(WHISPER)} == files and assembled == ["model.bin"]
    assert sha256(target) == spec(WHISPER, "model.bin")["sha256"]
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_truncated_assembled_file_is_refused_without_hashing_it(cache, hashes):
    """A size mismatch alone condemns the file: no need to hash 145 MB to know it is wrong."""
    models.model_files(WHISPER)
    target = cache / "models" / WHISPER / "model.bin"
    with target.open("r+b") as f:
        f.truncate(1000)
    hashes.clear()
    with pytest.raises(ModelError, match="does not match its sha256"):
        models.model_files(WHISPER)
    assert target not in hashes and target.stat().st_size == 1000


def test_damaged_wheel_contents_are_refused_and_nothing_is_left_behind(tmp_path, cache, monkeypatch):
    s = spec(WHISPER, "config.json")
    copy = copy_of(WHISPER, s["from"], tmp_path)
    flip_byte(copy, offset=10)
    redirect(monkeypatch, s["from"], copy)
    pins = " ".join(f"{p}=={v}" for p, v in models.manifest()[WHISPER]["packages"].items())
    with pytest.raises(ModelError) as caught:
        models.model_files(WHISPER)
    assert str(caught.value) == (f"model '{WHISPER}': config.json assembled from config.json fails its checksum; "
                                 f"reinstall: pip install --force-reinstall {pins}")
    folder = cache / "models" / WHISPER
    assert not (folder / "config.json").exists()
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
