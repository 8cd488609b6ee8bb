"""`talkratio models download` against a loopback stand-in for the hub (tests/hubstub.py).

The stand-in serves the embedded Whisper base's files as "KBLab/kb-whisper-base" on 127.0.0.1,
reached through HF_ENDPOINT, so the real huggingface_hub client does the real HTTP. Each way a
download can go wrong must give one clear line, a non-zero exit, and nothing a later analysis
would load (no registry entry, no model folder).
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hubstub import COMMIT, StandInHub
from talkratio import hub, models
from talkratio.errors import ModelError

REPO = "KBLab/kb-whisper-base"


@pytest.fixture(scope="module")
def base_files(tmp_path_factory) -> dict[str, Path]:
    """The embedded base model's files, assembled once into a cache of this module's own."""
    cache = tmp_path_factory.mktemp("embedded")
    old = os.environ.get("TALKRATIO_CACHE")
    os.environ["TALKRATIO_CACHE"] = str(cache)
    try:
        return {f.name: f.path for f in models.model_files("whisper-base")}
    finally:
        if old is None:
            os.environ.pop("TALKRATIO_CACHE")
        else:
            os.environ["TALKRATIO_CACHE"] = old


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TALKRATIO_CACHE", str(folder))
    return folder


@pytest.fixture
def stand_in(base_files):
    with StandInHub(base_files, REPO) as server:
        yield server


def env_for(server: StandInHub, cache: Path, tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "HF_ENDPOINT": server.endpoint, "HF_HOME": str(tmp_path / "hf"),
           "TALKRATIO_CACHE": str(cache), "HF_HUB_DISABLE_XET": "1"}
    for key in ("HF_TOKEN", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        env.pop(key, None)
    return env


def download(env: dict, *args: str, timeout: float = 300, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "talkratio.cli", "models", "download", "kb-whisper-base",
                           *args], env=env, capture_output=True, text=True, timeout=timeout)


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    joined = " ".join(lines)  # rich folds a long line at the terminal width
    assert joined.startswith("talkratio: error: "), stderr
    return joined


def nothing_loadable(cache: Path) -> None:
    """No entry, no folder: `analyze` would fall back to the embedded base and say so."""
    assert hub.registry() == {}
    assert not (cache / "hub" / "kb-whisper-base").exists()
    assert hub.for_language("sv") is None
    assert hub.choose(None, {}) == ("base", {}, {"*": "default"})
    with pytest.raises(ModelError, match="not downloaded: talkratio models download kb-whisper-base"):
        hub.choose("kb-whisper-base", {})


def test_download_lands_verified_and_registered(stand_in, cache, tmp_path, base_files):
    result = download(env_for(stand_in, cache, tmp_path))
    assert result.returncode == 0, result.stderr
    assert "KBLab/kb-whisper-base @ 4f1c0a6b2d9e: 4 files, 147.9 MB" in result.stdout
    entry = hub.registry()["kb-whisper-base"]
    assert entry["repo"] == REPO and entry["commit"] == COMMIT and entry["language"] == "sv"
    folder = cache / "hub" / "kb-whisper-base"
    assert sorted(entry["files"]) == sorted(base_files) == sorted(p.name for p in folder.iterdir())
    for name, spec in entry["files"].items():
        embedded = models.manifest()["whisper-base"]["files"][name]
        assert spec == {"size": embedded["size"], "sha256": embedded["sha256"]}
        assert spec["size"] == (folder / name).stat().st_size
    assert not list((cache / "hub").glob(".partial-*"))
    # the README on the hub is not on faster-whisper's allow-list: never asked for
    assert not [r for r in stand_in.requests if "README" in r]
    assert hub.model_folder("kb-whisper-base") == folder
    assert hub.choose(None, {}) == ("base", {"sv": "kb-whisper-base"}, {"*": "default", "sv": "language"})
    # a changed byte is refused on load, like an embedded model
    time.sleep(0.05)
    with (folder / "config.json").open("r+b") as f:
        f.seek(10)
        byte = f.read(1)
        f.seek(10)
        f.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelError, match="does not match the sha256 recorded when it was downloaded"):
        hub.model_folder("kb-whisper-base")
    # listed, then removed
    listing = subprocess.run([sys.executable, "-m", "talkratio.cli", "models"], env={**env_for(stand_in, cache, tmp_path), "COLUMNS": "250"},
                             capture_output=True, text=True, timeout=300)
    assert listing.returncode == 3 and "kb-whisper-base" in listing.stdout
    gone = subprocess.run([sys.executable, "-m", "talkratio.cli", "models", "remove", "kb-whisper-base"],
                          env=env_for(stand_in, cache, tmp_path), capture_output=True, text=True, timeout=120)
    assert gone.returncode == 0, gone.stderr
    nothing_loadable(cache)


def test_revision_pins_the_commit_asked_for(stand_in, cache, tmp_path):
    result = download(env_for(stand_in, cache, tmp_path), "--revision", COMMIT)
    assert result.returncode == 0, result.stderr
    assert f"GET /api/models/{REPO}/revision/{COMMIT}" in stand_in.requests
    assert all(COMMIT in r for r in stand_in.requests if "/resolve/" in r)


def test_a_truncated_file_is_refused(stand_in, cache, tmp_path):
    stand_in.faults["truncate"] = {"model.bin": 1000}
    result = download(env_for(stand_in, cache, tmp_path))
    assert result.returncode == 3
    assert "model.bin arrived with 1000 bytes instead of 145217532" in one_line(result.stderr)
    nothing_loadable(cache)


def test_a_wrong_sha256_is_refused(stand_in, cache, tmp_path):
    stand_in.faults["wrong_sha"] = "model.bin"
    result = download(env_for(stand_in, cache, tmp_path))
    assert result.returncode == 3
    assert "model.bin does not match the hash the hub published" in one_line(result.stderr)
    nothing_loadable(cache)
    assert not (cache / "hub" / ".partial-kb-whisper-base" / "model.bin").exists()  # not resumable as "done"


def test_an_unreachable_hub_is_one_line(cache, tmp_path, base_files):
    with StandInHub(base_files, REPO) as server:
        env = env_for(server, cache, tmp_path)
    result = download(env)  # the server is gone: connection refused
    assert result.returncode == 3
    assert "cannot reach the model hub" in one_line(result.stderr)
    nothing_loadable(cache)


def test_a_download_killed_halfway_leaves_nothing_usable_and_a_rerun_finishes(stand_in, cache, tmp_path):
    stand_in.faults["stall_after"] = {"model.bin": 40_000_000}
    env = env_for(stand_in, cache, tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "talkratio.cli", "models", "download", "kb-whisper-base", "-q"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    partial = cache / "hub" / ".partial-kb-whisper-base"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        got = sum(p.stat().st_size for p in partial.rglob("*") if p.is_file()) if partial.exists() else 0
        if got >= 40_000_000:
            break
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.2)
    else:
        pytest.fail("the download never reached 40 MB")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    nothing_loadable(cache)
    assert list(partial.rglob("*.incomplete"))  # the killed transfer's part file, hidden and never loaded
    stand_in.faults.clear()
    again = download(env)
    assert again.returncode == 0, again.stderr
    assert hub.model_folder("kb-whisper-base").name == "kb-whisper-base"
    assert not partial.exists()


def in_small_tmpfs(tmp_path: Path, size_mb: int, script: str, env: dict) -> subprocess.CompletedProcess:
    """Run `script` with a `size_mb` tmpfs at tmp_path/small, in a private mount namespace (skip if impossible)."""
    if not shutil.which("unshare"):
        pytest.skip("unshare is not installed: cannot mount a small tmpfs")
    small = tmp_path / "small"
    small.mkdir(exist_ok=True)
    probe = subprocess.run(["unshare", "-rm", "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(small)],
                           capture_output=True, text=True)
    if probe.returncode:
        pytest.skip(f"cannot mount a tmpfs here ({probe.stderr.strip()})")
    return subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size={size_mb}m tmpfs {small} && {script}"],
                          env=env, capture_output=True, text=True, timeout=300)


def test_too_little_space_is_refused_before_fetching(stand_in, tmp_path):
    cache = tmp_path / "small" / "cache"
    result = in_small_tmpfs(tmp_path, 20, f"{sys.executable} -m talkratio.cli models download kb-whisper-base; "
                                          f"rc=$?; ls -A {cache}/hub > {tmp_path}/listing.txt 2>&1; exit $rc",
                            env_for(stand_in, cache, tmp_path))
    assert result.returncode == 3, result.stderr
    line = one_line(result.stderr)
    assert "needs 147.9 MB but only" in line and "nothing was fetched" in line, line
    assert not [r for r in stand_in.requests if "/resolve/" in r]
    assert "kb-whisper-base" not in (tmp_path / "listing.txt").read_text().split()


def test_a_disk_that_fills_up_during_the_download_is_one_line(stand_in, tmp_path):
    """A real ENOSPC mid-transfer: 200 MB tmpfs, enough at the start; a 150 MB file fills it while
    the stand-in holds model.bin after its first 10 MB."""
    stand_in.faults["pause_after"] = {"model.bin": (10_000_000, 4.0)}
    small = tmp_path / "small"
    cache = small / "cache"
    script = (f"{sys.executable} -m talkratio.cli models download kb-whisper-base -q & pid=$!; "
              f"until [ $(du -sm {small} | cut -f1) -ge 5 ]; do sleep 0.1; done; "
              f"head -c 150M /dev/zero > {small}/filler 2>/dev/null; wait $pid; rc=$?; "
              f"ls -A {cache}/hub > {tmp_path}/listing.txt 2>&1; exit $rc")
    result = in_small_tmpfs(tmp_path, 200, script, env_for(stand_in, cache, tmp_path))
    assert result.returncode == 3, result.stderr
    line = one_line(result.stderr)
    assert "No space left on device" in line and "nothing was installed" in line, line
    listing = (tmp_path / "listing.txt").read_text().split()
    assert "kb-whisper-base" not in listing and "registry.json" not in listing, listing


def test_hub_names_and_repo_ids():
    assert hub.resolve("kb-whisper-small") == ("kb-whisper-small", "KBLab/kb-whisper-small")
    assert hub.resolve("Systran/faster-whisper-small") == ("Systran/faster-whisper-small",) * 2
    for bad in ("whisper-huge", "a/b/c", "/x", ".hidden/x"):
        with pytest.raises(Exception, match="unknown model"):
            hub.resolve(bad)


def test_allow_list_is_faster_whispers_own():
    """The same files faster-whisper would fetch itself (read from its source, not copied by hand)."""
    import inspect

    from faster_whisper import utils

    source = inspect.getsource(utils.download_model)
    for pattern in hub.ALLOW:
        assert f'"{pattern}"' in source
    assert source.count('",\n') >= len(hub.ALLOW) - 1


def test_a_broken_registry_is_one_clear_error(cache):
    (cache / "hub").mkdir(parents=True)
    (cache / "hub" / "registry.json").write_text("{not json")
    with pytest.raises(ModelError, match="registry of downloaded models is unreadable"):
        hub.registry()
    assert hub.for_language("sv") is None  # analysis goes on with the embedded base (and says so)


def test_choose_by_option_config_and_download(cache, monkeypatch):
    monkeypatch.setattr(hub, "registry", lambda: {
        "kb-whisper-tiny": {"language": "sv", "files": {"model.bin": {"size": 10}}},
        "kb-whisper-small": {"language": "sv", "files": {"model.bin": {"size": 300}}},
        "Systran/faster-whisper-small": {"language": None, "files": {"model.bin": {"size": 400}}}})
    assert hub.choose(None, {}) == ("base", {"sv": "kb-whisper-small"}, {"*": "default", "sv": "language"})
    assert hub.choose(None, {"sv": "kb-whisper-tiny"}) == ("base", {"sv": "kb-whisper-tiny"},
                                                           {"*": "default", "sv": "config"})
    assert hub.choose(None, {"sv": "base"}) == ("base", {}, {"*": "default"})  # the config asks for the embedded one
    assert hub.choose("/models/x", {"sv": "kb-whisper-tiny"}) == ("/models/x", {}, {"*": "option"})
    assert json.dumps(hub.choose(None, {"en": "Systran/faster-whisper-small"})[1]) == \
        '{"sv": "kb-whisper-small", "en": "Systran/faster-whisper-small"}'
