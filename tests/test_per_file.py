"""A folder run with a meeting type per file: from its corrections sidecar or its folder's name.

Runs the real batch on the scripted meetings with backends that replay their truth (test_batch.py),
so the reports are real and no model runs.
"""
from __future__ import annotations

import json

from talkratio.batch import run_batch
from talkratio.per_file import folder_type
from talkratio.pipeline import Options
from test_batch import calls_of, meetings, reports, truth_factory  # noqa: F401 (meetings is a fixture)


def test_folder_names_say_the_type():
    assert folder_type("sales/a.wav") == "sales" and folder_type("2025/Kundmöten/a.m4a") == "sales"
    assert folder_type("1on1/maj/a.wav") == "one-on-one" and folder_type("team/1on1/a.wav") == "one-on-one"
    assert folder_type("a.wav") is None and folder_type("salesforce/a.wav") is None


def test_each_file_gets_its_own_type_warns_on_the_speaker_count_and_reruns_cheaply(meetings, tmp_path):
    folder, out, calls = tmp_path / "in", tmp_path / "out", tmp_path / "calls.log"
    for sub, name in (("sales", "en-discovery-good"), ("1on1", "sv-kundmote-tre"), (".", "en-1on1-monologue"),
                      (".", "sv-1on1-blandat")):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        (folder / sub / f"{name}.wav").symlink_to(meetings / f"{name}.wav")
    sidecar = folder / "en-1on1-monologue.talkratio.toml"
    sidecar.write_text('meeting_type = "team"\n[names]\nA = "Dana"\n', encoding="utf-8")

    first = run_batch(folder, out, Options(), factory=truth_factory(calls))
    assert first.ok, first.failures
    found = {rel: (r["meeting_type"], r["names"]) for rel, r in reports(out).items()}
    assert found == {"sales/en-discovery-good.json": ("sales", {}), "1on1/sv-kundmote-tre.json": ("one-on-one", {}),
                     "en-1on1-monologue.json": ("team", {"A": "Dana"}), "sv-1on1-blandat.json": ("one-on-one", {})}
    warned = dict(first.warnings)
    assert set(warned) == {"1on1/sv-kundmote-tre.wav", "en-1on1-monologue.wav"}
    assert "ett 1:1-samtal men 3 talare" in warned["1on1/sv-kundmote-tre.wav"]          # Swedish meeting
    assert "team meeting" in warned["en-1on1-monologue.wav"] and "2 speakers" in warned["en-1on1-monologue.wav"]
    notices = json.loads((out / "1on1" / "sv-kundmote-tre.json").read_text(encoding="utf-8"))["notices"]
    assert any(n["key"] == "type.speakers" for n in notices)                           # in the report too
    work = len(calls_of(calls))

    again = run_batch(folder, out, Options(), factory=truth_factory(calls))
    assert not again.analysed and len(again.skipped) == 4 and set(dict(again.warnings)) == set(warned)

    sidecar.write_text('meeting_type = "one-on-one"\n', encoding="utf-8")             # edited: only it re-scores
    edited = run_batch(folder, out, Options(), factory=truth_factory(calls))
    assert edited.analysed == ("en-1on1-monologue.wav",) and len(calls_of(calls)) == work   # no model work
    assert reports(out)["en-1on1-monologue.json"]["meeting_type"] == "one-on-one"
    assert "en-1on1-monologue.wav" not in dict(edited.warnings)


def test_a_broken_sidecar_fails_its_file_only(meetings, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for name in ("en-1on1-monologue", "en-discovery-good"):
        (folder / f"{name}.wav").symlink_to(meetings / f"{name}.wav")
    (folder / "en-1on1-monologue.talkratio.toml").write_text("meeting_type = 'party'\n", encoding="utf-8")
    result = run_batch(folder, out, Options(), factory=truth_factory())
    assert [(f.file, f.stage) for f in result.failures] == [("en-1on1-monologue.wav", "corrections")]
    assert "meeting_type 'party'" in result.failures[0].reason and result.analysed == ("en-discovery-good.wav",)
