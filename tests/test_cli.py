"""The command line around the analysis: model listing and re-rendering. (Bad input: test_bad_inputs.py.)"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talkratio.cli import app

runner = CliRunner()


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


@pytest.mark.parametrize("args, message", [
    (["--meeting-type", "party"], "unknown --meeting-type 'party'"),
    (["--format", "docx"], "unknown --format 'docx'"),
    (["--name", "Erik"], "--name wants SPEAKER=Name"),
    (["--date", "torsdag"], "--date wants YYYY-MM-DD"),
])
def test_bad_options_are_one_line(tmp_path, args, message):
    """Options outside the bad-input catalogue (test_bad_inputs.py): refused before any work."""
    wav = tmp_path / "x.wav"
    wav.write_bytes(b"RIFF")
    result = runner.invoke(app, ["analyze", str(wav), *args, "-q"])
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_readme_main_command_on_the_demo(tmp_path):
    """The README's first command, as a newcomer runs it: not quiet, summary and all."""
    root = Path(__file__).resolve().parents[1]
    demo = root / "samples" / "möte-1on1-demo.m4a"
    truth = json.loads((root / "samples" / "möte-1on1-demo.truth.json").read_text(encoding="utf-8"))
    result = runner.invoke(app, ["analyze", str(demo), "--out", str(tmp_path)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "skrev " in result.stdout and "wrote" not in result.stdout and "Lyssningsbalans" in result.stdout
    report = json.loads((tmp_path / "möte-1on1-demo.json").read_text(encoding="utf-8"))
    assert (tmp_path / "möte-1on1-demo.html").is_file()
    assert report["language"] == "sv" and len(report["speakers"]) == 2
    assert abs(report["metrics"]["host_talk_share"] - truth["talk_share"][truth["host"]]) < 0.05
