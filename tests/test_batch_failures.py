"""A folder run's failures in the reader's language: each said by its kind (errors.kind_of), the
error line kept beside it as technical detail; summary.csv's column names in the same language.
No model runs: the meetings are transcripts, and the broken files fail before any model."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from talkratio.batch import run_batch
from talkratio.errors import BackendError, InputError, TalkratioError, TranscriptError, UsageError, kind_of
from talkratio.pipeline import Analyzer, Options
from talkratio.render.index import CSV_FIELDS

HERE = Path(__file__).parent


def no_models(options: Options, threads: int = 0) -> Analyzer:
    class Unused:
        name = "unused"

        def __call__(self, audio, **kwargs):
            raise AssertionError("a model ran for a file that cannot be read")

    return Analyzer(options, diarizer=Unused(), transcriber=Unused())


def folder_with_broken_files(tmp_path: Path) -> Path:
    folder = tmp_path / "möten"
    folder.mkdir()
    shutil.copy(HERE / "data" / "transcripts" / "teams.vtt", folder / "kund.vtt")   # a Swedish meeting
    (folder / "trasig.wav").write_text("Agenda: budget, rekrytering.", encoding="utf-8")   # not audio
    (folder / "tom.vtt").write_bytes(b"")                                                    # an empty transcript
    (folder / "fel.vtt").write_bytes((HERE / "data" / "transcripts" / "teams.vtt").read_bytes())
    (folder / "fel.talkratio.toml").write_text('meeting_type = "fest"\n', encoding="utf-8")   # a broken corrections file
    return folder


def test_kinds_come_from_the_error_tree():
    from talkratio.corrections import CorrectionsError

    assert kind_of(InputError("x")) == "InputError" and kind_of(CorrectionsError("x")) == "UsageError"
    assert kind_of(BackendError("x")) == "BackendError" and kind_of(TalkratioError("x")) == "TalkratioError"
    assert kind_of(RuntimeError("x")) == "RuntimeError" and kind_of(UsageError("x")) == "UsageError"
    assert kind_of(TranscriptError("x")) == "TranscriptError" and isinstance(TranscriptError("x"), InputError)


def test_a_swedish_run_says_why_in_swedish_and_keeps_the_detail(tmp_path):
    folder, out = folder_with_broken_files(tmp_path), tmp_path / "ut"
    result = run_batch(folder, out, Options(use_profiles=False), factory=no_models)   # language from the meetings
    assert result.lang == "sv" and result.analysed == ("kund.vtt",)
    stored = {f["file"]: f for f in json.loads((out / "failures.json").read_text(encoding="utf-8"))}
    assert {f: s["error"] for f, s in stored.items()} == {"fel.vtt": "UsageError", "tom.vtt": "TranscriptError",
                                                          "trasig.wav": "InputError"}
    page = (out / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="failures"'):]
    assert section.count("Inspelningen gick inte att läsa.") == 1
    assert section.count("Transkriptet gick inte att läsa.") == 1
    assert "En inställning för filen är fel, till exempel i dess rättelsefil." in section
    assert section.count("<summary>Tekniska detaljer</summary>") == 3 and "avkodning" in section
    assert {f: s["stage"] for f, s in stored.items()} == {"fel.vtt": "corrections", "tom.vtt": "transcript",
                                                          "trasig.wav": "decode"}   # a transcript is not decoded
    for name, failure in stored.items():   # nothing lost: the CLI's line is beside each sentence, escaped
        assert f"<code>{failure['reason']}</code>" in section.replace("&#39;", "'"), name
    assert "not a readable audio" in stored["trasig.wav"]["reason"] and "fest" in stored["fel.vtt"]["reason"]

    header = (out / "summary.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    assert header[:3] == ["fil", "rapport", "datum"] and len(header) == len(CSV_FIELDS)
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8-sig", newline=""), delimiter=";"))
    assert [r["fil"] for r in rows] == ["kund.vtt"] and rows[0]["källa"] == "transcript"


def test_an_english_run_says_it_in_english(tmp_path):
    folder, out = folder_with_broken_files(tmp_path), tmp_path / "out"
    result = run_batch(folder, out, Options(use_profiles=False), ui_language="en", factory=no_models)
    assert result.lang == "en"
    section = (out / "index.html").read_text(encoding="utf-8").split('id="failures"')[1]
    assert "The recording could not be read." in section
    assert "The transcript could not be read." in section and "<summary>Technical detail</summary>" in section
    assert "gick inte" not in section
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8-sig", newline="")))
    assert list(rows[0]) == list(CSV_FIELDS) and rows[0]["file"] == "kund.vtt"


def _beside_a_recording(tmp_path: Path, write_transcript) -> tuple[Path, dict]:
    """A folder with one recording and its transcript (`write_transcript(path)` makes it), run with a
    fake diarizer: nothing is analysed, and its one failure is the transcript's. (out, that failure)."""
    from talkratio.diarize.fake import FakeDiarizer
    from talkratio.schema import Turn
    from test_bad_inputs import tone_wav

    folder, out = tmp_path / "möten", tmp_path / "ut"
    folder.mkdir()
    tone_wav(folder / "samtal.wav", seconds=3.0)
    write_transcript(folder / "samtal.vtt")

    def factory(options: Options, threads: int = 0) -> Analyzer:
        return Analyzer(options, diarizer=FakeDiarizer([Turn("SPEAKER_00", 0.0, 3.0)]), transcriber=None)

    result = run_batch(folder, out, Options(use_profiles=False, language="sv"), ui_language="sv", factory=factory)
    assert result.analysed == ()
    (failure,) = json.loads((out / "failures.json").read_text(encoding="utf-8"))
    assert (failure["file"], failure["stage"], failure["error"]) == ("samtal.wav", "transcript", "TranscriptError")
    return out, failure


def test_a_broken_transcript_beside_a_recording_is_the_transcripts_failure(tmp_path):
    """Not "the recording could not be read" at the stage decode: the recording was read, its transcript not."""
    out, failure = _beside_a_recording(tmp_path, lambda vtt: vtt.write_text(
        "WEBVTT\n\n00:00:02.000 --> 00:00:01.000\n<v Anna>Hej.\n", encoding="utf-8"))
    assert "ends before it starts" in failure["reason"]
    section = (out / "index.html").read_text(encoding="utf-8").split('id="failures"')[1]
    assert "Transkriptet gick inte att läsa." in section and "Inspelningen gick inte" not in section


def test_a_failure_recorded_before_kinds_is_still_shown():
    from talkratio.render.index import render_index

    page = render_index([], [{"file": "gammal.wav", "stage": "decode", "reason": "gammal.wav: empty file"}], "sv")
    assert "Analysen av filen gick inte att slutföra." in page and "<code>gammal.wav: empty file</code>" in page


def test_an_unreadable_transcript_beside_a_recording_is_the_transcripts_failure(tmp_path):
    """A transcript that is no regular file (here a FIFO) fails in io.open_input, before any parsing: the
    overview still says the transcript could not be read, at its own stage, not the recording's."""
    import os

    _, failure = _beside_a_recording(tmp_path, os.mkfifo)
    assert "not a regular file" in failure["reason"]
