"""Transcript files a meeting platform wrote: each format, the bad ones, and the report made from them.

The fixtures in tests/data/transcripts/ were written for these tests in the shapes the
platforms export (Teams: a cue id per cue and `<v Name>` voice tags; Zoom: "Name: text" cues;
Otter: "Name  0:01" headers; Meet: a time line then "Name: text" lines; WhisperX: segments
with speakers and word times). No model runs here.
"""
from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from talkratio.cli import app
from talkratio.diarize.fake import FakeDiarizer
from talkratio.errors import UsageError
from talkratio.pipeline import Analyzer, Options
from talkratio.render.html import render_html
from talkratio.render.markdown import render_markdown
from talkratio.report import from_dict, to_dict
from talkratio.schema import Turn
from talkratio.transcripts import read
from talkratio.transcripts.alone import analyze_transcript
from talkratio.transcripts.beside import map_speakers

DATA = Path(__file__).parent / "data" / "transcripts"
runner = CliRunner()


def cues(name: str):
    return [(c.speaker, c.text) for c in read(DATA / name).cues]


# ---- formats ------------------------------------------------------------------------------

def test_teams_voice_tags_multiline_cues_and_a_speaker_change_mid_cue():
    sheet = read(DATA / "teams.vtt")
    got = [(c.speaker, c.text) for c in sheet.cues]
    assert got[2] == ("Jörgen Ärlig", "Det största problemet är att leverantören & vi inte pratar med varandra, "
                                      "och att ingen äger tidplanen.")   # two lines, <i> and &amp; gone
    # cue 15 holds two voices: its 8.4 s are shared by the length of their text
    a, b = sheet.cues[3], sheet.cues[4]
    assert (a.speaker, b.speaker) == ("Jörgen Ärlig", "Åsa Öberg") and a.start == 22.6 and b.end == 31.0
    share = len("Så det blir mycket dubbelarbete.") / (len("Så det blir mycket dubbelarbete.") + len("Hur kan vi komma vidare?"))
    assert a.end == b.start == pytest.approx(22.6 + 8.4 * share, abs=1e-3)
    assert sheet.source.format == "vtt" and sheet.source.cues == 7


def test_zoom_name_prefixes_in_vtt_and_srt_with_crlf_and_tags():
    assert [s for s, _ in cues("zoom.vtt")] == ["Dana Whitfield"] * 2 + ["Luis Ortega", "Dana Whitfield",
                                                                         "Luis Ortega", "Dana Whitfield"]
    srt = cues("crlf.srt")
    assert srt[1] == ("Dana Whitfield", "What does onboarding look like today?")
    assert srt[2] == ("Luis Ortega", "It takes three weeks & lots of spreadsheets. We lose people.")


def test_otter_headers_end_at_the_next_header_or_when_the_words_are_said():
    sheet = read(DATA / "otter.txt")
    assert [(c.speaker, c.start) for c in sheet.cues] == [
        ("Anna Svensson", 1.0), ("Anna Svensson", 6.0), ("Erik Öberg", 9.0), ("Anna Svensson", 21.0),
        ("Erik Öberg", 25.0)]
    assert sheet.cues[1].end == pytest.approx(6.0 + 4 / 1.5, abs=0.01)   # 4 words at 90 wpm, before 0:09
    assert sheet.cues[0].end == 6.0                                     # the next header came first


def test_meet_time_lines_with_name_lines_and_a_heading():
    got = cues("meet.txt")
    assert got[0][0] == "Anna Svensson" and "Mötesanteckningar" not in " ".join(t for _, t in got)
    assert got[2:4] == [("Erik Öberg", "Det är lite stressigt, men vi hinner."),
                        ("Anna Svensson", "Vad behöver du från mig?")]


def test_name_lines_without_times_and_a_colon_that_is_not_a_name():
    sheet = read(DATA / "lines.txt")
    assert [c.speaker for c in sheet.cues] == ["Anna", "Erik", "Anna", "Erik"]
    assert sheet.cues[3].text == "Vi har mycket att göra. Jag sa: nej till två nya projekt."
    assert sheet.cues[1].start == sheet.cues[0].end                    # laid end to end at 150 wpm
    assert sheet.cues[0].end == pytest.approx(6 / 2.5)


def test_whisperx_json_keeps_its_word_times_and_language():
    sheet = read(DATA / "whisperx.json")
    assert sheet.language == "en" and [c.speaker for c in sheet.cues] == ["SPEAKER_00", "SPEAKER_01"]
    assert [(w.text, w.start) for w in sheet.cues[0].words][:2] == [(" What", 0.5), (" does", 0.8)]
    report = analyze_transcript(DATA / "whisperx.json", Options())
    assert report.names == {}   # ids that are already SPEAKER_xx need no names
    assert [w.start for w in report.utterances[0].words][:3] == [0.5, 0.8, 1.1]


def _teams_docx(path: Path, old_style: bool) -> Path:
    import docx

    d = docx.Document()
    if old_style:   # Teams before 2023: "0:0:0.0 --> 0:0:5.120", the name, the text
        for line in ("0:0:1.200 --> 0:0:6.800", "Åsa Öberg", "Vilka utmaningar har du?",
                     "0:0:7.100 --> 0:0:12.000", "Jörgen Ärlig", "Tiden räcker inte till."):
            d.add_paragraph(line)
    else:           # today's download: a header, then "Name   0:03" and the text
        for line in ("Möte med Jörgen", "1 december 2026, 10:00", "Åsa Öberg   0:01", "Vilka utmaningar har du?",
                     "Jörgen Ärlig   0:07", "Tiden räcker inte till."):
            d.add_paragraph(line)
    d.save(path)
    return path


@pytest.mark.parametrize("old_style", [True, False])
def test_teams_docx(tmp_path, old_style):
    sheet = read(_teams_docx(tmp_path / "möte.docx", old_style))
    assert [(c.speaker, c.text) for c in sheet.cues] == [("Åsa Öberg", "Vilka utmaningar har du?"),
                                                         ("Jörgen Ärlig", "Tiden räcker inte till.")]
    assert sheet.cues[1].start == 7.0 + (0.1 if old_style else 0.0)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_encodings_and_line_ends(tmp_path, encoding, newline):
    text = (DATA / "teams.vtt").read_text(encoding="utf-8").replace("\n", newline)
    path = tmp_path / "t.vtt"
    path.write_bytes(text.encode(encoding))
    assert cues("teams.vtt") == [(c.speaker, c.text) for c in read(path).cues]


def test_cues_out_of_order_are_sorted_and_said_so(tmp_path):
    path = tmp_path / "o.vtt"
    path.write_text("WEBVTT\n\n00:00:05.000 --> 00:00:07.000\n<v B>Två.\n\n"
                    "00:00:01.000 --> 00:00:03.000\n<v A>Ett?\n", encoding="utf-8")
    sheet = read(path)
    assert [c.text for c in sheet.cues] == ["Ett?", "Två."] and sheet.source.warnings == ("sorted",)
    report = analyze_transcript(path, Options(language="sv"))
    assert "Repliker i fel ordning sorterades efter tid." in render_html(report)


# ---- the report from a transcript alone ---------------------------------------------------

def test_report_from_teams_vtt_names_estimate_and_unavailable_turn_taking():
    report = analyze_transcript(DATA / "teams.vtt", Options())
    assert report.language == "sv" and report.models["language"] == "common words"
    assert report.names == {"SPEAKER_00": "Åsa Öberg", "SPEAKER_01": "Jörgen Ärlig"}
    assert report.display(report.host) == "Åsa Öberg"
    # talk time is the cues' spans: Åsa 5.6 + 2.6 + 3.6 + 4.6, Jörgen 11.6 + 4.8 + 9.5
    talk = {report.display(s.id): round(s.talk_time_s, 1) for s in report.speakers}
    assert talk == {"Åsa Öberg": pytest.approx(16.4, abs=0.1), "Jörgen Ärlig": pytest.approx(25.9, abs=0.1)}
    assert all(s.patience_s is None and s.interruptions is None for s in report.speakers)
    assert report.metrics.turn_taking is False and report.metrics.host_patience_s is None
    assert {q.needs for q in report.findings.questions} >= {"challenges", "way_forward"}
    assert any(s.concrete for s in report.findings.next_steps)
    d = to_dict(report)
    assert d["source"]["timing"] == "transcript" and d["source"]["transcript"]["format"] == "vtt"
    assert d["source"]["transcript"]["mapping"] == {"Åsa Öberg": "SPEAKER_00", "Jörgen Ärlig": "SPEAKER_01"}
    for text in (render_html(report), render_markdown(report)):
        assert "inte tillgängligt" in text and "uppskattad från tidsstämplarna" in text
        assert "None" not in text
    english = render_html(report, "en")
    assert "not available" in english and "estimated from the timestamps" in english
    back = from_dict(json.loads(json.dumps(d)))
    assert back.source == report.source and back.metrics == report.metrics


def test_host_flag_takes_a_transcript_name():
    report = analyze_transcript(DATA / "zoom.vtt", Options(host="luis ortega"))
    assert report.display(report.host) == "Luis Ortega" and report.host_source == "flag"


def test_cli_analyzes_a_transcript_without_importing_any_model(tmp_path):
    code = (
        "import sys\nfrom talkratio.cli import app\n"
        f"try:\n    app(['analyze', {str(DATA / 'zoom.vtt')!r}, '--out', {str(tmp_path)!r}, '-f', 'json,html,md', '-q'],"
        " prog_name='talkratio', standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'pyannote.audio', 'faster_whisper', 'ctranslate2', 'av') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr
    report = json.loads((tmp_path / "zoom.json").read_text(encoding="utf-8"))
    assert report["language"] == "en" and report["names"]["SPEAKER_00"] == "Dana Whitfield"
    assert {p.name for p in tmp_path.iterdir()} == {"zoom.json", "zoom.html", "zoom.md"}


def test_help_lists_the_transcript_formats():
    result = runner.invoke(app, ["analyze", "--help"], env={"COLUMNS": "200"})
    assert all(f in result.stdout for f in ("WebVTT", "SRT", "Otter", "WhisperX", "docx", "--transcript"))


# ---- bad transcripts: one line, exit 2, nothing written -----------------------------------

BAD = {
    "empty.vtt": (b"", "the transcript is empty"),
    "blank.srt": (b"\n\r\n  \n", "the transcript is empty"),
    "noheader.vtt": ("00:00:01.000 --> 00:00:02.000\n<v A>Hej\n".encode(), "not a WebVTT file"),
    "garbage.srt": (b"this is not a subtitle file", "not an SRT file"),
    "binary.vtt": (b"WEBVTT\n\0\0\0\x01\x02", "not a text transcript"),
    "headeronly.vtt": (b"WEBVTT\n\n", "no cues with text"),
    "backwards.vtt": ("WEBVTT\n\n00:00:05.000 --> 00:00:02.000\n<v A>Hej\n".encode(), "cue 1 ends before it starts"),
    "nolabels.vtt": ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHej där.\n".encode(), "names no speakers"),
    "nolabels.json": (b'[{"start": 0, "end": 2, "text": "hi"}]', "names no speakers"),
    "broken.json": (b'{"segments": [', "not valid JSON"),
    "report.json": (b'{"schema": "talkratio.report/1"}', "is a talkratio report"),
    "notdocx.docx": (b"PK\x03\x04 not really a zip", "not a readable Word document"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_transcripts_fail_in_one_line(tmp_path, name):
    data, message = BAD[name]
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_bytes(data)
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(path), "--out", str(out), "-q"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_transcript_option_wants_a_transcript_and_not_no_transcript(tmp_path):
    wav = tmp_path / "x.wav"
    wav.write_bytes(b"RIFF")
    for path, args, message in ((wav, ["--transcript", str(wav)], "--transcript wants a transcript file"),
                                (wav, ["--transcript", str(DATA / "teams.vtt"), "--no-transcript"], "contradict"),
                                (DATA / "zoom.vtt", ["--transcript", str(DATA / "teams.vtt")], "goes with one recording"),
                                (tmp_path, ["--transcript", str(DATA / "teams.vtt")], "goes with one recording")):
        result = runner.invoke(app, ["analyze", str(path), *args, "--out", str(tmp_path / "out"), "-q"])
        assert result.exit_code == 2 and message in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


# ---- beside the audio ---------------------------------------------------------------------

def _wav(path: Path, seconds: float) -> Path:
    t = np.arange(int(16000 * seconds)) / 16000
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes((0.2 * np.sin(2 * np.pi * 200 * t) * 32767).astype(np.int16).tobytes())
    return path


# the voices as a diarizer would hear the Teams fixture: speech inside the cues, pauses between
TEAMS_VOICES = [Turn("SPEAKER_01", 1.3, 6.5), Turn("SPEAKER_01", 7.4, 9.6), Turn("SPEAKER_00", 10.6, 21.7),
                Turn("SPEAKER_00", 22.7, 26.9), Turn("SPEAKER_01", 28.0, 30.6), Turn("SPEAKER_00", 31.9, 40.7),
                Turn("SPEAKER_01", 41.6, 45.5)]


def test_transcript_beside_audio_maps_names_to_voices(tmp_path):
    wav = _wav(tmp_path / "möte.wav", 47)
    analyzer = Analyzer(Options(transcript_file=DATA / "teams.vtt", use_profiles=False),
                        diarizer=FakeDiarizer(TEAMS_VOICES))
    report = analyzer.analyze(wav)
    src = report.source.transcript
    assert src.mapping == {"Jörgen Ärlig": "SPEAKER_00", "Åsa Öberg": "SPEAKER_01"}
    # every voice turn lies inside a cue of its mapped name: agreement = voice time / cue time
    assert src.agreement == pytest.approx(38.0 / 42.3, abs=0.002) and src.warnings == ()
    assert report.source.timing == "audio" and report.metrics.turn_taking
    assert report.names == {"SPEAKER_00": "Jörgen Ärlig", "SPEAKER_01": "Åsa Öberg"}
    assert report.display(report.host) == "Åsa Öberg"
    host = next(s for s in report.speakers if s.id == report.host)
    assert host.patience_s is not None and host.interruptions == 0   # from the audio's turns
    assert host.talk_time_s == pytest.approx(5.2 + 2.2 + 2.6 + 3.9)
    html = render_html(report)
    assert "Jörgen Ärlig → SPEAKER_00" in html and "90\u00a0% av transkriptets tid stämmer" in html
    assert "Orden och talarnas namn kommer från transkriptet teams.vtt" in html


def test_a_transcript_of_another_recording_is_flagged(tmp_path):
    wav = _wav(tmp_path / "annat.wav", 30)
    voices = [Turn("SPEAKER_00", 0.0, 3.0), Turn("SPEAKER_01", 3.5, 12.0), Turn("SPEAKER_00", 25.0, 29.0)]
    report = Analyzer(Options(transcript_file=DATA / "teams.vtt", use_profiles=False),
                      diarizer=FakeDiarizer(voices)).analyze(wav)
    keys = [w.partition(":")[0] for w in report.source.transcript.warnings]
    assert "low_agreement" in keys and "past_end" in keys
    assert "Varning: transkriptet och inspelningen stämmer dåligt överens" in render_html(report)


def test_a_shifted_transcript_is_detected():
    from talkratio.transcripts.beside import likely_shift

    sheet = read(DATA / "teams.vtt")
    shifted = [Turn(t.speaker, t.start + 10, t.end + 10) for t in TEAMS_VOICES]
    assert likely_shift(sheet, shifted) == 10.0
    assert likely_shift(sheet, TEAMS_VOICES) is None


def test_mapping_takes_the_largest_overlaps_first_and_shares_a_voice_when_names_outnumber_voices():
    sheet = read(DATA / "zoom.vtt")
    one_voice = [Turn("SPEAKER_00", 0.0, 33.0)]
    mapping, agreement = map_speakers(sheet, one_voice)
    assert mapping == {"Dana Whitfield": "SPEAKER_00", "Luis Ortega": "SPEAKER_00"} and agreement == 1.0


def test_unlabelled_transcript_beside_audio_takes_speakers_from_the_voices(tmp_path):
    vtt = tmp_path / "u.vtt"
    vtt.write_text("WEBVTT\n\n00:00:00.500 --> 00:00:02.500\nVad gör du i dag?\n\n"
                   "00:00:03.000 --> 00:00:05.500\nJag jobbar med rapporten.\n", encoding="utf-8")
    wav = _wav(tmp_path / "u.wav", 6)
    voices = [Turn("SPEAKER_00", 0.5, 2.5), Turn("SPEAKER_01", 3.0, 5.5)]
    report = Analyzer(Options(transcript_file=vtt, use_profiles=False), diarizer=FakeDiarizer(voices)).analyze(wav)
    assert [(u.speaker, u.text) for u in report.utterances] == [("SPEAKER_00", "Vad gör du i dag?"),
                                                                ("SPEAKER_01", "Jag jobbar med rapporten.")]


# ---- folder runs --------------------------------------------------------------------------

def voices_analyzer(options: Options, threads: int = 0) -> Analyzer:
    """The Teams fixture's voices for every recording; Whisper must never be asked."""
    class NoWhisper:
        name = "no-whisper"

        def __call__(self, audio, **kwargs):
            raise AssertionError("Whisper ran although a transcript was given")

    return Analyzer(options, diarizer=FakeDiarizer(TEAMS_VOICES), transcriber=NoWhisper())


def test_folder_pairs_a_transcript_with_its_recording_and_analyses_one_alone(tmp_path):
    import csv

    from talkratio.batch import discover, run_batch

    folder = tmp_path / "möten"
    folder.mkdir()
    _wav(folder / "möte.wav", 47)
    (folder / "möte.vtt").write_bytes((DATA / "teams.vtt").read_bytes())
    (folder / "kund.txt").write_bytes((DATA / "otter.txt").read_bytes())     # alone
    (folder / "agenda.txt").write_text("1. budget\n2. rekrytering\n", encoding="utf-8")   # not a transcript
    (folder / "gammal.json").write_text('{"schema": "talkratio.report/1"}', encoding="utf-8")
    found = discover(folder)
    assert [(r.rel, r.transcript.name if r.transcript else None) for r in found] == [
        ("kund.txt", None), ("möte.wav", "möte.vtt")]

    out = tmp_path / "out"
    result = run_batch(folder, out, Options(use_profiles=False), formats=("json", "html", "vtt"),
                       factory=voices_analyzer)
    assert result.ok and sorted(result.analysed) == ["kund.txt", "möte.wav"]
    beside = json.loads((out / "möte.json").read_text(encoding="utf-8"))
    assert beside["source"]["timing"] == "audio" and beside["names"]["SPEAKER_01"] == "Åsa Öberg"
    alone = json.loads((out / "kund.json").read_text(encoding="utf-8"))
    assert alone["source"]["timing"] == "transcript" and alone["names"]["SPEAKER_00"] == "Anna Svensson"
    rows = {r["fil"]: r for r in csv.DictReader((out / "summary.csv").open(encoding="utf-8-sig", newline=""), delimiter=";")}
    assert rows["möte.wav"]["källa"] == "audio+transcript" and rows["kund.txt"]["källa"] == "transcript"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "ljud + transkript" in index and "transkript (uppskattad taltid)" in index

    # a rerun into the input folder itself never takes its own .vtt exports for transcripts
    again = run_batch(folder, out, Options(use_profiles=False), formats=("json", "html", "vtt"),
                      factory=voices_analyzer)
    assert sorted(again.skipped) == ["kund.txt", "möte.wav"] and not again.analysed
    # into the folder itself: a .vtt export would overwrite möte.vtt, so the run is refused before any work
    with pytest.raises(UsageError, match="would overwrite the transcript"):
        run_batch(folder, folder, Options(use_profiles=False), formats=("json", "vtt"), factory=voices_analyzer)
    assert not (folder / "möte.json").exists()
    inside = run_batch(folder, folder, Options(use_profiles=False), formats=("json", "html"), factory=voices_analyzer)
    assert sorted(inside.analysed) == ["kund.txt", "möte.wav"]   # its own möte.json is not a transcript
    rerun = run_batch(folder, folder, Options(use_profiles=False), formats=("json", "html"), factory=voices_analyzer)
    assert sorted(rerun.skipped) == ["kund.txt", "möte.wav"] and not rerun.analysed and rerun.ok


def test_single_file_never_writes_over_its_transcript(tmp_path):
    vtt = tmp_path / "m.vtt"
    vtt.write_bytes((DATA / "zoom.vtt").read_bytes())
    result = runner.invoke(app, ["analyze", str(vtt), "-f", "json,vtt", "-q"])
    assert result.exit_code == 2 and "would overwrite the transcript" in result.stderr
    assert vtt.read_bytes() == (DATA / "zoom.vtt").read_bytes() and not (tmp_path / "m.json").exists()


def test_a_transcript_file_claims_no_word_confidence(tmp_path):
    """The file gives no word probabilities: no transcript-quality line, rather than a made-up 0 %."""
    report = analyze_transcript(DATA / "teams.vtt", Options())
    assert report.quality is None and to_dict(report).get("transcript_quality") is None
    page = render_html(report)
    assert 'id="quality"' not in page and "osäkert hörda" not in page
