"""The command line on bad input: one clear line, a non-zero exit, no report written."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talkratio.cli import app

runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, (result.stderr if hasattr(result, "stderr") else result.output)


def put(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make, first_line", [
    (lambda d: d / "missing.wav", "no such file"),
    (lambda d: d, "is a folder"),
    (lambda d: put(d / "empty.wav", b""), "empty file (0 bytes)"),
    (lambda d: put(d / "notes.wav", "hej hej, det här är text".encode()), "not a readable audio or video file"),
    (lambda d: put(d / "random.mp3", os.urandom(4096)), "not a readable audio"),
])
def test_bad_input_one_line_no_report(tmp_path, make, first_line):
    target = make(tmp_path)
    out = tmp_path / "out"
    code, err = run("analyze", target, "--out", out, "-q")
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("talkratio: error:") and first_line in lines[0], err
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("args, message", [
    (["--language", "de"], "unsupported --language 'de'"),
    (["--num-speakers", "0"], "--num-speakers must be at least 1"),
    (["--min-speakers", "3", "--max-speakers", "2"], "--min-speakers (3) is larger than --max-speakers (2)"),
    (["--meeting-type", "party"], "unknown --meeting-type 'party'"),
    (["--format", "docx"], "unknown --format 'docx'"),
    (["--name", "Erik"], "--name wants SPEAKER=Name"),
])
def test_bad_options(tmp_path, args, message):
    wav = tmp_path / "x.wav"
    wav.write_bytes(b"RIFF")
    code, err = run("analyze", wav, *args, "-q")
    assert code == 2 and message in err, err


def test_models_command_verifies_checksums():
    result = runner.invoke(app, ["models"], env={"COLUMNS": "200"})
    out = result.stdout
    assert result.exit_code == 0, out
    assert "whisper-base" in out and "sha256 verified" in out


def test_report_rerenders_with_new_names_without_models(tmp_path):
    """`report` reads JSON and renders; torch, pyannote and faster-whisper are never imported."""
    import subprocess
    import sys

    from fixtures import sample_report
    from talkratio.report import to_dict

    src = tmp_path / "möte.json"
    src.write_text(json.dumps(to_dict(sample_report("sv")), ensure_ascii=False), encoding="utf-8")
    speaker = sample_report("sv").speakers[0].id
    code = (
        "import sys\n"
        "from talkratio.cli import app\n"
        "try:\n"
        f"    app([{str(src)!r}, '--format', 'html,md', '--name', '{speaker}=Åsa Öberg', '-q'], prog_name='talkratio', standalone_mode=False)\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'pyannote.audio', 'faster_whisper', 'ctranslate2') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code.replace("app([", "app(['report', ")],
                            capture_output=True, text=True, cwd=Path(__file__).parent)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr
    html = (tmp_path / "möte.html").read_text(encoding="utf-8")
    assert "Åsa Öberg" in html
    assert (tmp_path / "möte.md").exists()
