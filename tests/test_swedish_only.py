"""A Swedish report has no English in it: HTML (text and screen-reader labels), Markdown, terminal.

The English words to look for are every word of the English UI texts that no Swedish UI text
uses (so a new English message that leaks is caught without listing it here), plus the terms the
backends write in English into the JSON's `models`, plus known leaks from before. Removed before
looking: what was said in the meeting (it may be anything), commands the reader can copy
(`talkratio report … --host SPEAKER_01`), and names of software (pyannote.audio, CAM++, KB-Whisper).
"""
from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console

from fixtures import sample_report
from talkratio.messages import CATALOGUE
from talkratio.messages_page import TECH_TERMS
from talkratio.render.html import render_html
from talkratio.render.markdown import render_markdown
from talkratio.render.terminal import print_summary
from talkratio.report import from_dict
from talkratio.rescore import rescore

HERE = Path(__file__).parent
WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]+(?:'[a-z]+)?")

# what the backends write into `models` (diarize/pyannote.py, diarize/expected.py, diarize/channels.py,
# transcribe/whisper.py, transcripts/alone.py), as they wrote it for the demo meeting today
MODELS = {
    "diarization": "pyannote.audio SpeakerDiarization: segmentation-3.0 (step 0.25) + CAM++ (agglomerative), "
                   "second voice from a two-voice split, 2 voices expected",   # the prior took the split
    "asr": "faster-whisper kb-whisper-base (KBLab/kb-whisper-base@0123456789, int8, beam 5, temperature 0); "
           "sv: faster-whisper kb-whisper-base (int8, beam 5, temperature 0)",
    "language": "fit test on 4 windows (mean token log-prob sv -0.88, en -0.90; Whisper language id: sv 0.05); "
                "margin 0.03 under 0.10, too thin to decide: sv taken",
    "asr_choice": "language", "asr_for_language": True, "asr_kernels": "oneDNN, AVX2", "language_margin": 0.026,
}
SETTINGS = {"language": "auto", "num_speakers": None, "min_speakers": None, "max_speakers": 3,
            "diarization": "pyannote", "asr_model": "base", "asr_by_language": {"sv": "kb-whisper-base"},
            "beam_size": 5, "segmentation_step": 0.25, "transcript": True, "meeting_type": "one-on-one",
            "transcript_file": "/möten/möte.vtt", "needs_method": "sales"}
# leaks found before this test existed (issue 19/21), and Python's values
KNOWN = {"patience", "interruptions", "true", "false", "none", "default", "beam", "step", "agglomerative",
         "voices", "expected", "windows", "margin", "taken", "thin", "decide", "fit", "mean", "wh-word",
         "verb-first", "question", "mark", "rising", "pitch", "heard", "model", "check", "channels", "transcript"}
NAMES = re.compile(r"pyannote/[\w.-]+|pyannote\.audio|SpeakerDiarization|segmentation-3\.0|CAM\+\+|faster-whisper|kb-whisper-\w+|"
                   r"KB-Whisper|KBLab|[Ww]hisper|Silero VAD|oneDNN|AVX2|Common Voice|talkratio|WebVTT|"
                   r"\b(?:tiny|base|small|medium|large)\b|\bsha256\b|\bint8\b|\bHz\b")
COMMAND = re.compile(r"talkratio\s+(?:report|models|analyze)[^\n”]*|--[\w-]+|SPEAKER_\d+")


def _words(texts) -> set[str]:
    """The words of `texts`, lower-cased; a message's {placeholders} are no words of it."""
    return {w.lower() for text in texts for w in WORD.findall(re.sub(r"\{[^}]*\}", " ", str(text)))}


ENGLISH = (_words(CATALOGUE["en"].values()) | _words(TECH_TERMS) | KNOWN) - _words(CATALOGUE["sv"].values())


class Visible(HTMLParser):
    """The page's text and its screen-reader labels, without scripts, styles and copyable commands."""

    def __init__(self, page: str):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style", "code")
        self.parts += [v for k, v in attrs if k in ("title", "aria-label", "alt") and v]

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style", "code")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def english_in(text: str, report) -> list[str]:
    """The English words of `text` that are not the meeting's own (what was said, names, file names)."""
    own = _words([u.text for u in report.utterances] + list(report.names.values()) + [report.source.path]
                 + [report.display(s.id) for s in report.speakers])
    text = re.sub(r"\w+…", " ", NAMES.sub(" ", COMMAND.sub(" ", text)))   # "och at…": a quote cut short
    return sorted({w for w in _words([text]) if w in ENGLISH and w not in own})


def renderings(report) -> dict[str, str]:
    console = Console(record=True, width=100, color_system=None)
    print_summary(report, console, json_path="möte.json")
    markdown = re.sub(r"`[^`\n]*`|<[^>\n]+>", " ", render_markdown(report))   # code spans (commands), anchors
    return {"html": " ".join(Visible(render_html(report)).parts), "markdown": markdown,
            "terminal": console.export_text()}


def _demo():
    """The real demo report (Whisper base, pyannote), re-scored: the traits section and its tips included."""
    real = from_dict(json.loads((HERE / "data" / "meetings" / "demo-report.json").read_text(encoding="utf-8")))
    return rescore(dataclasses.replace(real, models=MODELS, settings=SETTINGS))


def _from_a_transcript():
    from talkratio.pipeline import Options
    from talkratio.transcripts.alone import analyze_transcript

    return analyze_transcript(HERE / "data" / "transcripts" / "teams.vtt", Options())


CASES = {"demo": _demo, "fixture": lambda: sample_report("sv"), "transcript": _from_a_transcript}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_swedish_report_has_no_english_word(case):
    report = CASES[case]()
    assert report.language == "sv"
    found = {kind: english_in(text, report) for kind, text in renderings(report).items()}
    assert found == {"html": [], "markdown": [], "terminal": []}


def test_the_check_finds_english_where_there_is_some():
    """The same check on the English report of the same meeting finds plenty (so it can fail)."""
    report = _demo()
    english = {kind: english_in(text, report) for kind, text in renderings(
        dataclasses.replace(report, language="en")).items()}   # rendered in English, words Swedish
    assert all(len(words) > 20 for words in english.values()), english
    assert {"patience", "interruptions"} <= set(english["html"]) | set(english["markdown"])


def test_the_models_own_words_are_translated_but_names_and_paths_kept():
    from talkratio.render.details import tech_text

    assert tech_text(MODELS["diarization"], "sv") == ("pyannote.audio SpeakerDiarization: segmentation-3.0 (steg 0,25) "
                                                     "+ CAM++ (agglomerativ klustring), andra rösten från en delning i två röster, "
                                                     "2 röster väntade")
    assert tech_text("faster-whisper base (int8, beam 5, temperature 0)", "sv") == \
        "faster-whisper base (int8, sökbredd 5, temperatur 0)"
    assert tech_text("pyannote.audio pipeline /modeller/step-none.v1.5", "sv") == \
        "pyannote.audio modell /modeller/step-none.v1.5"
    assert tech_text(MODELS["language"], "en") == MODELS["language"]


# a failure of every kind a folder run records (errors.kind_of), at every stage it names
FAILURES = [{"file": f"fel-{i}{suffix}", "stage": stage, "reason": f"fel-{i}: not a readable audio file", "error": error}
            for i, (error, suffix, stage) in enumerate([
                ("InputError", ".wav", "decode"), ("InputError", ".vtt", "read"), ("TranscriptError", ".wav", "transcript"), ("UsageError", ".wav", "corrections"),
                ("ModelError", ".wav", "models"), ("BackendError", ".wav", "diarize"),
                ("BackendError", ".wav", "transcribe"), ("OutputError", ".wav", "write"),
                ("ProfileError", ".wav", "profiles"), ("TalkratioError", ".wav", "analyze"),
                ("RuntimeError", ".wav", "transcript"), ("KilledWorker", ".wav", "worker"), ("", ".wav", "options")])]


def test_a_swedish_folder_overview_has_no_english_word():
    """index.html of Swedish meetings, failures included: each said in Swedish, the CLI's English
    error line kept beside it as technical detail (<code>, like a command: not counted)."""
    from talkratio.render.index import meeting_row, render_index

    reports = [CASES[case]() for case in sorted(CASES)]
    page = render_index([meeting_row(r, f"möte-{i}.wav", f"möte-{i}.html") for i, r in enumerate(reports)], FAILURES,
                        "sv", "0.1.0")
    text = " ".join(Visible(page).parts)
    assert "Möten" in text or "möten" in text
    assert text.count("Tekniska detaljer") == len(FAILURES) and page.count("not a readable audio") == len(FAILURES)
    assert [w for r in reports for w in english_in(text, r)] == []
    english = render_index([], FAILURES, "en", "0.1.0")   # the same check finds the English of an English one
    assert len(english_in(" ".join(Visible(english).parts), reports[0])) > 20
