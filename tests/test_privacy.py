"""Nothing leaves the machine: the switches are set by the program itself, and no socket is ever opened.

The guard is a `sitecustomize` module put first on PYTHONPATH, so it is installed in the test's
interpreter and in every worker process a batch spawns. It refuses and records every attempt
to resolve a name or connect anywhere but this machine (AF_UNIX and loopback are local IPC).
The environment is hostile on purpose: it asks for telemetry and for the hub.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from talkratio.privacy import lock_down

HOSTILE = {"PYANNOTE_METRICS_ENABLED": "1", "HF_HUB_OFFLINE": "0", "TRANSFORMERS_OFFLINE": "0",
           "HF_HUB_DISABLE_TELEMETRY": "0", "DO_NOT_TRACK": "0"}
LOCKED = {"PYANNOTE_METRICS_ENABLED": "0", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
          "HF_HUB_DISABLE_TELEMETRY": "1", "DO_NOT_TRACK": "1"}

GUARD = r'''
import json, os, socket

_LOG = os.environ["NETGUARD_LOG"]
_LOCAL = {None, "", "localhost", "127.0.0.1", "::1", "0.0.0.0", "::"}


def _record(kind, target):
    with open(_LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps({"phase": os.environ.get("NETGUARD_PHASE", "?"), "pid": os.getpid(),
                            "kind": kind, "target": repr(target)}) + "\n")


def _local(address):
    return not isinstance(address, tuple) or address[0] in _LOCAL or str(address[0]).startswith("127.")


def _guard(name, original):
    def guarded(self, address, *args, **kwargs):
        if self.family == socket.AF_UNIX:
            return original(self, address, *args, **kwargs)
        _record(name if not _local(address) else name + ":local", address)
        if _local(address):
            return original(self, address, *args, **kwargs)
        raise OSError(101, "Network is unreachable (talkratio test guard)")
    return guarded


for _name in ("connect", "connect_ex", "sendto"):
    setattr(socket.socket, _name, _guard(_name, getattr(socket.socket, _name)))

_getaddrinfo, _create_connection = socket.getaddrinfo, socket.create_connection


def getaddrinfo(host, *args, **kwargs):
    if host not in _LOCAL:
        _record("getaddrinfo", host)
        raise socket.gaierror(socket.EAI_NONAME, "name resolution refused (talkratio test guard)")
    return _getaddrinfo(host, *args, **kwargs)


def create_connection(address, *args, **kwargs):
    if not _local(address):
        _record("create_connection", address)
        raise OSError(101, "Network is unreachable (talkratio test guard)")
    return _create_connection(address, *args, **kwargs)


socket.getaddrinfo, socket.create_connection = getaddrinfo, create_connection
'''

REPORT_STATE = r'''
import json, os, sys
import huggingface_hub.constants as hub
from pyannote.audio.telemetry import metrics
metrics.provider.force_flush()  # a queued telemetry span would try to leave now, under the guard
print("STATE " + json.dumps({"env": {k: os.environ.get(k) for k in %r}, "metrics": metrics.is_metrics_enabled(),
                             "hub_offline": hub.HF_HUB_OFFLINE, "hub_telemetry_off": hub.HF_HUB_DISABLE_TELEMETRY}))
''' % (sorted(LOCKED),)


def assert_locked(state: dict) -> None:
    """pyannote's own switch writes "false" where we write "0": both mean off, and is_metrics_enabled() says so."""
    env = dict(state["env"])
    assert env.pop("PYANNOTE_METRICS_ENABLED") in ("0", "false")
    assert env == {k: v for k, v in LOCKED.items() if k != "PYANNOTE_METRICS_ENABLED"}
    assert state["metrics"] is False
    assert state["hub_offline"] is True and state["hub_telemetry_off"] is True


def guarded_python(tmp_path: Path, code: str, timeout: float) -> tuple[subprocess.CompletedProcess, list[dict], dict]:
    """Run `code` in a fresh interpreter under the guard and the hostile environment."""
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "net.log"
    log.touch()
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, **HOSTILE, "NETGUARD_LOG": str(log), "HOME": str(home),
           "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DATA_HOME": str(home / ".local"),
           "TALKRATIO_DATA": str(home / "profiles"), "HF_HOME": str(home / "hf"),
           "PYTHONPATH": os.pathsep.join([str(guard), str(Path(__file__).parent),
                                          *filter(None, [os.environ.get("PYTHONPATH")])])}  # a checkout's own src
    env.pop("TALKRATIO_CACHE", None)  # a fresh cache under HOME: Whisper is joined there, as on a first run
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            timeout=timeout, cwd=tmp_path)
    attempts = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    states = [json.loads(line[6:]) for line in result.stdout.splitlines() if line.startswith("STATE ")]
    return result, attempts, states[-1] if states else {}


def test_the_guard_catches_what_it_should(tmp_path):
    """Without this, a guard that recorded nothing would make every test below pass."""
    code = ("import socket, urllib.request\n"
            "for call in (lambda: socket.create_connection(('93.184.215.14', 443), timeout=1),\n"
            "             lambda: urllib.request.urlopen('https://huggingface.co', timeout=1),\n"
            "             lambda: socket.socket().connect(('10.1.2.3', 80)),\n"
            "             lambda: socket.getaddrinfo('otel.pyannote.ai', 443)):\n"
            "    try: call()\n"
            "    except OSError: pass\n")
    result, attempts, _ = guarded_python(tmp_path, code, timeout=60)
    assert result.returncode == 0, result.stderr
    caught = {(a["kind"], a["target"]) for a in attempts}
    assert caught == {("create_connection", "('93.184.215.14', 443)"), ("create_connection", "('huggingface.co', 443)"),
                      ("connect", "('10.1.2.3', 80)"), ("getaddrinfo", "'otel.pyannote.ai'")}, attempts


@pytest.mark.parametrize("first", ["talkratio", "huggingface_hub, pyannote.audio.telemetry.metrics"])
def test_importing_talkratio_locks_down_against_the_users_environment(tmp_path, first):
    """Whatever the user exported, and even when the caller imported the hub first."""
    code = f"import {first}\nimport talkratio\n" + REPORT_STATE
    result, attempts, state = guarded_python(tmp_path, code, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    assert state["env"] == LOCKED  # exactly ours: nothing of pyannote's has run yet
    assert_locked(state)
    assert attempts == []


def test_only_allow_download_opens_the_hub(monkeypatch):
    import huggingface_hub.constants as hub

    for key in LOCKED:
        monkeypatch.setenv(key, HOSTILE[key])
    monkeypatch.setattr(hub, "HF_HUB_OFFLINE", False)
    lock_down()
    assert {k: os.environ[k] for k in LOCKED} == LOCKED and hub.HF_HUB_OFFLINE is True
    lock_down(allow_hub=True)  # the user's explicit --allow-download: the hub, but still no telemetry
    assert os.environ["HF_HUB_OFFLINE"] == "0" and hub.HF_HUB_OFFLINE is False
    assert os.environ["PYANNOTE_METRICS_ENABLED"] == "0" and os.environ["DO_NOT_TRACK"] == "1"
    lock_down()


@pytest.mark.slow
def test_analyze_and_a_folder_run_make_no_network_attempt(tmp_path):
    """The real models on real (synthetic) speech, one file and then a folder of it (worker processes)."""
    from test_bad_inputs import dialogue

    recordings = tmp_path / "recordings"
    recordings.mkdir()
    wav = dialogue(recordings / "möte.wav")
    out = tmp_path / "out"
    code = (
        "import os\n"
        "from talkratio.cli import app\n"
        f"for phase, args in (('analyze', [{str(wav)!r}, '--out', {str(out / 'one')!r}]),\n"
        f"                    ('batch', [{str(recordings)!r}, '--out', {str(out / 'folder')!r}])):\n"
        "    os.environ['NETGUARD_PHASE'] = phase\n"
        "    try:\n"
        "        app(['analyze', *args, '-q', '--num-speakers', '2'], prog_name='talkratio', standalone_mode=False)\n"
        "    except SystemExit as stop:\n"
        "        assert not stop.code, (phase, stop.code)\n"
        + REPORT_STATE
    )
    result, attempts, state = guarded_python(tmp_path, code, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert attempts == [], attempts
    assert_locked(state)
    for folder in ("one", "folder"):
        report = json.loads((out / folder / "möte.json").read_text(encoding="utf-8"))
        assert len(report["speakers"]) == 2 and report["utterances"], report["speakers"]
