"""The config file a team sets once: read, checked, overridden by options, shown by `talkratio config`."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from talkratio import config
from talkratio.errors import UsageError

GOOD = '''
language = "sv"
meeting_type = "sales"
host = "Anna"
formats = ["json", "md"]
ui_language = "en"
[asr]
sv = "kb-whisper-small"
'''


@pytest.fixture
def conf(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "talkratio.toml"
    monkeypatch.setenv("TALKRATIO_CONFIG", str(path))
    monkeypatch.setenv("TALKRATIO_CACHE", str(tmp_path / "cache"))
    return path


def test_no_file_means_the_defaults(conf):
    assert config.effective() == {k: (v, "default") for k, v in config.DEFAULTS.items()}


def test_the_default_place_is_the_users_config_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("TALKRATIO_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert config.path() == tmp_path / "xdg" / "talkratio" / "config.toml"


def test_the_file_sets_defaults_and_options_win(conf):
    conf.write_text(GOOD, encoding="utf-8")
    where = str(conf)
    s = config.effective({"meeting_type": "team", "host": None})
    assert s["language"] == ("sv", where) and s["meeting_type"] == ("team", "option")
    assert s["host"] == ("Anna", where) and s["formats"] == ("json,md", where)
    assert s["ui_language"] == ("en", where) and s["asr.sv"] == ("kb-whisper-small", where)
    assert s["asr.en"] == (None, "default") and s["prefer_language"] == ("sv", "default")
    assert config.asr_models(s) == {"sv": "kb-whisper-small"}


@pytest.mark.parametrize("text, message", [
    ('langauge = "sv"', "unknown setting 'langauge'"),
    ('language = "de"', "language = 'de' is not one of sv, en, auto"),
    ('meeting_type = "party"', "meeting_type = 'party' is not one of one-on-one, sales, team"),
    ('formats = ["json", "pdf"]', "unknown format 'pdf'"),
    ('host = 3', "host wants a text value, got 3"),
    ('[asr]\nfi = "x"', "unknown setting 'asr.fi'"),
    ('language = "sv', "not valid TOML"),
])
def test_a_broken_file_is_one_clear_error(conf, text, message):
    conf.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        config.effective()
    assert str(caught.value).startswith(f"{conf}: ") and message in str(caught.value)


def run(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "talkratio.cli", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_config_command_shows_each_source(conf, tmp_path):
    conf.write_text('language = "sv"\n', encoding="utf-8")
    out = run("config", env=dict(os.environ))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == f"# {conf}"
    assert f"language = sv\t# {conf}" in lines and "meeting_type = one-on-one\t# default" in lines
    assert "asr.sv = base\t# default (embedded)" in lines


def test_a_broken_file_stops_analyze_before_any_model_loads(conf, tmp_path):
    conf.write_text('language = "sv\n', encoding="utf-8")
    wav = tmp_path / "missing.wav"
    out = run("analyze", str(wav), env=dict(os.environ))
    assert out.returncode == 2
    assert out.stderr.strip().startswith(f"talkratio: error: {conf}: not valid TOML")
    assert len(out.stderr.strip().splitlines()) <= 2  # one line (rich may fold it once)


def test_a_configured_model_that_is_not_downloaded_is_named_before_the_work(conf, tmp_path):
    conf.write_text('[asr]\nsv = "kb-whisper-small"\n', encoding="utf-8")
    from test_bad_inputs import tone_wav

    wav = tone_wav(tmp_path / "tone.wav")
    out = run("analyze", str(wav), "--out", str(tmp_path / "out"), env=dict(os.environ))
    assert out.returncode == 3
    assert "model 'kb-whisper-small' is not downloaded: talkratio models download kb-whisper-small" in \
        " ".join(out.stderr.split())
    assert not (tmp_path / "out" / "tone.json").exists()
    # --model wins over the config: the embedded base for every language, no complaint about the Swedish one
    from talkratio import hub

    assert hub.choose("base", config.asr_models(config.effective())) == ("base", {}, {"*": "option"})
