"""--host checked before any work for folders and transcripts too, and a profile store that is no file."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from talkratio import preflight
from talkratio.errors import UsageError
from talkratio.pipeline import Options

DATA = Path(__file__).parent / "data" / "transcripts"


def _check(path: Path, **options) -> None:
    preflight.check(path, Options(**options), out=None, formats=["json"], ui_language=None, model=None)


def test_a_folder_host_may_be_any_transcripts_speaker(tmp_path, monkeypatch):
    monkeypatch.setenv("TALKRATIO_DATA", str(tmp_path / "no-store"))
    folder = tmp_path / "möten"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.vtt").write_bytes((DATA / "teams.vtt").read_bytes())
    (folder / "b.json").write_text('{"schema": "talkratio.report/1"}', encoding="utf-8")   # an earlier report
    (folder / ".hidden.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\n<v Gömd>Hej</v>\n", encoding="utf-8")
    for host in ("Åsa Öberg", "jörgen ärlig", "SPEAKER_03"):
        _check(folder, host=host)
    _check(folder, host="Anna", names={"SPEAKER_00": "Anna"})
    for host in ("Anna", "Gömd"):
        with pytest.raises(UsageError, match=f"--host '{host}' can name nobody in this folder.*Åsa Öberg"):
            _check(folder, host=host)


def test_a_transcript_alone_or_beside_the_audio(tmp_path, monkeypatch):
    monkeypatch.setenv("TALKRATIO_DATA", str(tmp_path / "no-store"))
    _check(DATA / "teams.vtt", host="Åsa Öberg")
    with pytest.raises(UsageError, match=r"in the transcript \(Jörgen Ärlig, Åsa Öberg\)"):
        _check(DATA / "teams.vtt", host="Åsa")
    wav = tmp_path / "möte.wav"
    wav.write_bytes(b"RIFF")   # never opened: the host is judged before any decoding
    _check(wav, host="Jörgen Ärlig", transcript_file=DATA / "teams.vtt")
    with pytest.raises(UsageError, match="can name nobody"):
        _check(wav, host="Jörgen", transcript_file=DATA / "teams.vtt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_the_profile_store_is_refused_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "profiles.json")
    proc = subprocess.run([sys.executable, "-m", "talkratio.cli", "profiles", "list"], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "TALKRATIO_DATA": str(tmp_path), "COLUMNS": "250"})
    assert proc.returncode == 6, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "profiles.json: not a regular file" in lines[0], lines
