"""Who is who: names suggested from greetings, vocatives and self-introductions (names.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from talkratio.lang import rules
from talkratio.names import name_cues, suggest_names
from talkratio.report import from_dict
from talkratio.schema import Utterance, Word

HERE = Path(__file__).parent


def utterances(lines: list[tuple[str, str]]) -> tuple[Utterance, ...]:
    """(speaker, text) lines, one after the other, 3 s each."""
    out = []
    for n, (speaker, text) in enumerate(lines):
        tokens = text.split()
        words = tuple(Word(f" {w}", 3 * n + i * 0.2, 3 * n + i * 0.2 + 0.18, 0.9, speaker) for i, w in enumerate(tokens))
        out.append(Utterance(speaker, words[0].start, words[-1].end, words))
    return tuple(out)


SV_GREETED = [("A", "Hej Erik, kul att ses."), ("B", "Hej Anna."), ("A", "Hur har veckan varit?"),
              ("B", "Bra, tack så mycket."), ("A", "Vad tycker du, Erik?"), ("B", "Det låter bra."),
              ("A", "Hej då!")]
SV_PLAIN = [("A", "Hej alla, välkomna."), ("B", "Hej hej."), ("A", "Hur har veckan varit?"),
            ("B", "Tack så mycket, den har varit bra."), ("A", "Tack, då ses vi på måndag."), ("B", "Hej då!"),
            ("A", "Vi ses i Stockholm, Göteborg."), ("B", "Tusen tack."), ("A", "Hej Du."), ("B", "Hejsan Alla!")]
EN_GREETED = [("A", "Hi Dana, good to see you."), ("B", "Thanks, Sam."), ("A", "How was your week?"),
              ("B", "Busy. What do you think, Sam?"), ("A", "My name is Sam, by the way."), ("B", "Bye!")]
EN_PLAIN = [("A", "Hi everyone, thanks for joining."), ("B", "Hi there."), ("A", "Thanks so much."),
            ("B", "Thank you very much."), ("A", "Good morning, all."), ("B", "I'm Swedish, actually."),
            ("A", "This is Monday's plan."), ("B", "Hey guys."), ("A", "Hello again."), ("B", "Thanks, Team.")]


@pytest.mark.parametrize("lines, language, expected", [
    (SV_GREETED, "sv", {"A": "Anna", "B": "Erik"}),
    (EN_GREETED, "en", {"A": "Sam", "B": "Dana"}),
    (SV_PLAIN, "sv", {}),
    (EN_PLAIN, "en", {}),
])
def test_names_with_and_without_greetings(lines, language, expected):
    found = suggest_names(utterances(lines), ["A", "B"], language)
    assert {s: v["name"] for s, v in found.items()} == expected
    for s, v in found.items():
        assert v["rule"] in ("greeting", "vocative", "self") and v["name"] in v["evidence"]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_false_name_from_the_phrase_table(language):
    """Every greeting followed by each word the table says is no name (capitalised, as Whisper writes a
    sentence start), and by a lower-case word, names nobody; followed by a name, it names it."""
    table = rules(language).NAMES
    for greeting in table["greetings"]:
        g = greeting.capitalize()
        for word in table["not_names"]:
            assert name_cues(f"{g} {word.capitalize()}.", language) == [], (greeting, word)
            assert name_cues(f"{g}, {word}!", language) == [], (greeting, word)
        assert name_cues(f"{g} Kim, välkommen.", language) == [("greeting", "Kim")], greeting
    for word in table["not_names"]:
        assert name_cues(f"{word.capitalize()} {table['self_after'][0]}.", language) == [], word
        assert name_cues(f"Vad tycker du, {word.capitalize()}?", language) == [], word


@pytest.mark.parametrize("text, language, cues", [
    ("Hej då!", "sv", []), ("Tack så mycket.", "sv", []), ("Hej alla!", "sv", []), ("Hej och välkommen.", "sv", []),
    ("Anna här.", "sv", [("self", "Anna")]), ("Hej, Anna här.", "sv", [("self", "Anna")]),
    ("Jag heter Anna Svensson.", "sv", [("self", "Anna")]), ("Ja, hej Erik!", "sv", [("greeting", "Erik")]),
    ("Tack så mycket, Erik.", "sv", [("greeting", "Erik")]), ("Det var Erik som sa det.", "sv", []),
    ("Hi everyone.", "en", []), ("Thanks so much.", "en", []), ("Hey there!", "en", []), ("I'm Swedish.", "en", []),
    ("Anna here.", "en", [("self", "Anna")]), ("Oh hi Anna.", "en", [("greeting", "Anna")]),
    ("Talk to Erik about it.", "en", []), ("What's next, Dana?", "en", [("vocative", "Dana")]),
])
def test_phrases(text, language, cues):
    assert name_cues(text, language) == cues


def test_conflicting_evidence_suggests_nothing():
    lines = [("A", "Hej Erik."), ("B", "Hej Anna."), ("A", "Tack, Johan."), ("B", "Hej Anna igen.")]
    found = suggest_names(utterances(lines), ["A", "B"], "sv")
    assert "B" not in found                     # Erik once, Johan once: not clear
    assert found["A"]["name"] == "Anna"


def test_a_name_given_wins_and_is_not_suggested_twice():
    found = suggest_names(utterances(SV_GREETED), ["A", "B"], "sv", names={"A": "Anna Svensson"})
    assert "A" not in found and found["B"]["name"] == "Erik"
    found = suggest_names(utterances(SV_GREETED), ["A", "B"], "sv", names={"A": "Erik"})
    assert found == {}                          # Erik is taken: never a second Erik


def test_three_speakers_the_next_speaker_is_the_one_greeted():
    lines = [("A", "Hej Erik."), ("B", "Hej!"), ("A", "Och hej Sara."), ("C", "Hej hej.")]
    found = suggest_names(utterances(lines), ["A", "B", "C"], "sv")
    assert {s: v["name"] for s, v in found.items()} == {"B": "Erik", "C": "Sara"}


def test_the_real_demo_report_names_both_speakers_as_its_script_does():
    """Whisper heard "Hej, Erik, kul att se." and "Hej, Anna." in the real demo run."""
    report = from_dict(json.loads((HERE / "data" / "meetings" / "demo-report.json").read_text(encoding="utf-8")))
    truth = json.loads((HERE.parent / "samples" / "möte-1on1-demo.truth.json").read_text(encoding="utf-8"))
    found = suggest_names(report.utterances, sorted({t.speaker for t in report.turns}), "sv")
    host_name = truth["names"][truth["host"]]
    assert found[report.host]["name"] == host_name                      # the guessed host is Anna …
    assert {v["name"] for v in found.values()} == set(truth["names"].values())   # … and the other Erik


def test_a_suggested_host_name_is_no_named_host_in_the_folder_trends():
    from talkratio.render.index import meeting_row
    from talkratio.rescore import rescore

    report = rescore(from_dict(json.loads((HERE / "data" / "meetings" / "demo-report.json").read_text(encoding="utf-8"))))
    row = meeting_row(report, "möte.m4a", None)
    assert row["host"] == "Anna?" and not row["host_named"]          # never pooled into a trend as if named
    named = meeting_row(rescore(report, names={report.host: "Anna"}), "möte.m4a", None)
    assert named["host"] == "Anna" and named["host_named"]
