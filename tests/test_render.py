"""The HTML, Markdown and terminal renderings of a report: structure, language, safety."""
from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from rich.console import Console

from fixtures import sample_report
from talkratio.messages import t
from talkratio.render import (
    build_view, fmt_clock, fmt_decimal, fmt_duration, fmt_share, ui_language, utterance_at,
)
from talkratio.render.audio import PLAYER_SCRIPT, SCRIPT_HASH
from talkratio.render.html import overlap_spans, render_html
from talkratio.render.markdown import render_markdown
from talkratio.render.terminal import print_summary
from talkratio.schema import Findings, Purpose, Score, Turn, Word

EVIL = '<script>alert(1)</script>"onload={{ 7*7 }}'


class Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text, from an HTML string."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def having(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[dict]:
        return [a for name, a in self.tags
                if (tag is None or name == tag) and (cls is None or cls in (a.get("class") or "").split())
                and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    @property
    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}


@pytest.fixture(scope="module")
def sv():
    return sample_report("sv")


@pytest.fixture(scope="module")
def page(sv):
    return Elements(render_html(sv))


# --- HTML structure ---

def test_timeline_has_one_rect_per_turn(sv, page):
    rects = page.having("rect", "turn")
    assert len(rects) == len(sv.turns)
    assert [float(r["data-start"]) for r in rects] == [round(tr.start, 2) for tr in sv.turns]
    # one lane per speaker: all rects of a speaker share a y, different speakers differ
    ys = {s: {r["y"] for r in rects if r["data-speaker"] == s} for s in {r["data-speaker"] for r in rects}}
    assert all(len(y) == 1 for y in ys.values()) and len({next(iter(y)) for y in ys.values()}) == len(ys)


def test_overlap_is_drawn(sv, page):
    spans = overlap_spans(sv.turns)
    assert spans and len(page.having("rect", "overlap")) == len(spans) + 1   # +1: the legend swatch


def test_markers_link_to_existing_transcript_lines(sv, page):
    marks = page.having("a", "mark")
    assert len(marks) == len(sv.findings.questions) + len(sv.findings.next_steps)
    assert {m["data-kind"] for m in marks} == {"open", "closed", "prompt", "step"}
    ids = page.ids
    for m in marks:
        assert m["href"].startswith("#u-") and m["href"][1:] in ids
    # each question marker points at the line that says the question
    q_links = [m["href"] for m in marks if m["data-kind"] != "step"]
    for href, q in zip(q_links, sv.findings.questions):
        assert sv.utterances[int(href[3:])].text == q.text


def test_every_internal_link_resolves(page):
    hrefs = [a["href"] for a in page.having("a") if a.get("href", "").startswith("#")]
    assert len(hrefs) > 20
    assert all(h[1:] in page.ids for h in hrefs)


def test_transcript_lines_have_ids_speakers_and_timestamps(sv, page):
    lines = page.having("li", "utt")
    assert [li["id"] for li in lines] == [f"u-{i}" for i in range(len(sv.utterances))]
    assert {li["data-speaker"] for li in lines} == {u.speaker for u in sv.utterances}
    text = "".join(page.text)
    assert all(fmt_clock(u.start) in text for u in sv.utterances)
    # speakers get different colour classes
    colours = {li["data-speaker"]: set(li["class"].split()) - {"utt"} for li in lines}
    assert len({frozenset(c) for c in colours.values()}) == len(colours)


def test_scores_tables_and_checklists(sv, page):
    scores = {a["id"]: int(a["data-score"]) for a in page.having("article", "score")}
    assert scores == {f"score-{k}": getattr(sv.scores, k).value
                      for k in ("listening_balance", "open_questions", "next_steps", "overall")}
    text = " ".join(page.text)
    assert all(getattr(sv.scores, k).explanation in text for k in ("listening_balance", "overall"))
    asked = {li["data-needs"]: li["data-asked"] == "true" for li in page.having("li", data_asked="true")
             + page.having("li", data_asked="false")}
    assert asked == {n.key: n.asked for n in sv.findings.needs}
    rows = page.having("tr", data_status="concrete") + page.having("tr", data_status="vague")
    assert len(rows) == len(sv.findings.next_steps)
    assert all(tip in text for tip in sv.tips)


def test_missing_next_step_slots_are_marked(sv):
    html = render_html(sv)
    table = html[html.index('id="next-steps"'):html.index('id="transcript"')]
    expected = sum(len(set(s.missing) | {k for k in ("owner", "action", "due") if getattr(s, k) is None})
                   for s in sv.findings.next_steps)
    assert expected > 0 and table.count('class="missing"') == expected


def test_self_contained_only_the_player_script_no_network(sv, page):
    html = render_html(sv)
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert scripts == [PLAYER_SCRIPT] and not page.having("link") and not page.having("img")
    for _, attrs in page.tags:
        for key in ("src", "href"):
            assert not (attrs.get(key) or "").lower().startswith(("http:", "https:", "//"))
    csp = page.having("meta", http_equiv="Content-Security-Policy")[0]["content"]
    assert "default-src 'none'" in csp and f"script-src '{SCRIPT_HASH}'" in csp and "media-src 'self' data:" in csp
    assert [a["src"] for a in page.having("audio")] == ["./" + quote(sv.source.path.rsplit("/", 1)[1])]


def test_print_layout_present():
    html = render_html(sample_report())
    assert "@media print" in html and "size: A4" in html


def test_display_names_follow_the_names_map(sv):
    renamed = dataclasses.replace(sv, names={**sv.names, "SPEAKER_01": "Kund Kundsson"})
    text = " ".join(Elements(render_html(renamed)).text)
    assert "Kund Kundsson" in text and "Johan:" not in text


# --- language ---

@pytest.mark.parametrize("language, ui, expect", [("sv", None, "sv"), ("en", None, "en"), ("sv", "en", "en"),
                                                  ("en", "sv", "sv"), ("de", None, "en")])
def test_ui_language(language, ui, expect):
    report = sample_report("en" if language == "de" else language)
    report = dataclasses.replace(report, language=language)
    page = Elements(render_html(report, ui_language=ui))
    assert page.having("html")[0]["lang"] == expect
    text = " ".join(page.text)
    other = "en" if expect == "sv" else "sv"
    for key in ("report.section.needs", "report.section.transcript", "report.score.listening_balance",
                "report.section.next_steps"):
        assert t(expect, key) in text and t(other, key) not in text
    # the meeting itself stays in its language whatever the UI says
    assert report.utterances[4].text in text


def test_ui_language_helper(sv):
    assert ui_language(sv) == "sv" and ui_language(sv, "en") == "en"
    assert ui_language(dataclasses.replace(sv, language="sv-SE")) == "sv"
    assert ui_language(dataclasses.replace(sv, language="fi")) == "en"


def test_number_formats_per_language():
    assert fmt_share(0.724, "sv") == "72\u00a0%" and fmt_share(0.724, "en") == "72%"
    assert fmt_duration(0.84, "sv") == "0,8 s" and fmt_duration(0.66, "en") == "0.7 s"
    assert fmt_duration(None, "sv") == "–" and fmt_duration(48.4, "en") == "48 s"
    assert fmt_duration(185, "sv") == "3 min 05 s" and fmt_duration(3725, "en") == "1 h 02 min"
    assert fmt_clock(3727) == "1:02:07" and fmt_clock(65.4) == "1:05"


# --- view logic ---

def test_utterance_at_prefers_speaker_line_then_nearest(sv):
    # 77.6 s is inside the host's monologue and the guest's overlapping question
    host_line = utterance_at(sv, "SPEAKER_00", 77.6)
    guest_line = utterance_at(sv, "SPEAKER_01", 77.6)
    assert sv.utterances[host_line].speaker == "SPEAKER_00" and sv.utterances[guest_line].speaker == "SPEAKER_01"
    gap = (sv.utterances[0].end + sv.utterances[1].start) / 2 + 0.15   # in silence, nearer line 1
    assert utterance_at(sv, None, gap) == 1
    assert utterance_at(dataclasses.replace(sv, utterances=()), "SPEAKER_00", 3.0) is None


def test_overlap_spans_counts_different_speakers_only():
    turns = (Turn("A", 0, 10), Turn("A", 5, 12), Turn("B", 11, 15), Turn("C", 14, 20), Turn("B", 20, 21))
    assert overlap_spans(turns) == [(11, 12), (14, 15)]


def test_host_first_and_view_counts(sv):
    v = build_view(sv)
    assert v.speakers[0].id == sv.host and v.host.is_host
    assert v.question_counts() == (sv.speakers[0].questions_open, sv.speakers[0].questions_closed)
    assert v.needs_asked == sum(n.asked for n in sv.findings.needs)
    assert v.concrete_steps == sum(s.concrete for s in sv.findings.next_steps)


def test_empty_meeting_renders_with_placeholders(sv):
    bare = dataclasses.replace(sv, findings=Findings(purpose=Purpose(stated=False)), tips=(), host=None,
                               host_source=None, utterances=(), models={}, settings={}, timings_s={})
    for lang in ("sv", "en"):
        page = Elements(render_html(bare, lang))
        text = " ".join(page.text)
        for key in ("report.none.questions", "report.none.tips", "report.host.unknown"):
            assert t(lang, key) in text
        assert not page.having("a", "mark") and len(page.having("rect", "turn")) == len(sv.turns)
        md = render_markdown(bare, lang)
        assert t(lang, "report.none.steps").split(".")[0] in md


def test_findings_without_transcript_get_unlinked_markers(sv):
    page = Elements(render_html(dataclasses.replace(sv, utterances=())))
    assert not page.having("a", "mark")
    assert len(page.having("g", "mark")) == len(sv.findings.questions) + len(sv.findings.next_steps)


# --- safety ---

def _poisoned(report):
    """The report with EVIL in every user-controlled string: lines, names, file, findings."""
    utts = tuple(dataclasses.replace(u, words=(Word(" " + EVIL, u.start, u.end, 0.9, u.speaker),) + u.words)
                 if i % 3 == 0 else u for i, u in enumerate(report.utterances))
    f = report.findings
    findings = dataclasses.replace(
        f, questions=tuple(dataclasses.replace(q, text=EVIL + q.text, cue=EVIL) for q in f.questions),
        next_steps=tuple(dataclasses.replace(s, text=EVIL, action=EVIL) for s in f.next_steps),
        purpose=dataclasses.replace(f.purpose, text=EVIL))
    return dataclasses.replace(
        report, utterances=utts, findings=findings, tips=(EVIL,) + report.tips,
        names={k: f"{EVIL}|*{v}*" for k, v in report.names.items()},
        source=dataclasses.replace(report.source, path=f"/tmp/{EVIL}.wav"),
        models={**report.models, "asr": EVIL}, settings={**report.settings, EVIL: EVIL},
        scores=dataclasses.replace(report.scores, overall=Score(50, EVIL)))


def test_html_escapes_everything(sv):
    clean, html = render_html(sv), render_html(_poisoned(sv))
    own = f"<script>{PLAYER_SCRIPT}</script>"
    assert html.count(own) == 1            # the player's own script, and no other
    html, clean = html.replace(own, ""), clean.replace(own, "")
    assert "<script" not in html.lower() and '"onload=' not in html
    escaped = html.count("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert escaped >= 10
    # the template syntax is shown, never evaluated (the file name, split at the "/" of
    # "</script>", adds copies without the script part)
    assert html.count("{{ 7*7 }}") >= escaped
    assert html.count("49") == clean.count("49")
    page = Elements(html)
    assert not page.having("script")
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)


def test_markdown_escapes_everything(sv):
    md = render_markdown(_poisoned(sv))
    assert "<script" not in md.lower() and "&lt;script&gt;" in md
    assert "{{ 7\\*7 }}" in md and "49" not in md.replace(render_markdown(sv), "")
    # a name with | and * cannot break a table row or start emphasis
    for line in md.splitlines():
        if line.startswith("| ") and "Anna" in line:
            assert "\\|" in line and "\\*Anna\\*" in line


def test_terminal_prints_markup_literally(sv):
    report = dataclasses.replace(_poisoned(sv), names={"SPEAKER_00": "[bold]Anna[/bold]", "SPEAKER_01": EVIL})
    console = Console(record=True, width=200)
    print_summary(report, console)
    out = console.export_text()
    assert "[bold]Anna[/bold]" in out and "<script>alert(1)</script>" in out


# --- markdown ---

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_markdown_structure(lang):
    report = sample_report(lang)
    md = render_markdown(report)
    anchors = set(re.findall(r'<a id="(u-\d+)"></a>', md))
    assert len(anchors) == len(report.utterances)
    links = re.findall(r"\]\(#(u-\d+)\)", md)
    assert len(links) >= len(report.findings.questions) + len(report.findings.next_steps)
    assert set(links) <= anchors
    for key in ("report.section.needs", "report.section.questions", "report.section.next_steps"):
        assert f"## {t(lang, key)}" in md
    assert md.count("- [x]") == sum(n.asked for n in report.findings.needs)
    assert md.count("- [ ]") == sum(not n.asked for n in report.findings.needs)
    # every table row has as many cells as its header
    for block in re.findall(r"(?:^\|.*\|\n)+", md, flags=re.M):
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in block.splitlines()}
        assert len(widths) == 1


# --- terminal ---

@pytest.mark.parametrize("lang, ui", [("sv", None), ("en", None), ("sv", "en")])
def test_terminal_summary(lang, ui):
    report = sample_report(lang)
    ui_lang = ui or lang
    console = Console(record=True, width=120)
    print_summary(report, console, ui_language=ui)
    out = console.export_text()
    for key in ("listening_balance", "open_questions", "next_steps", "overall"):
        assert t(ui_lang, f"report.score.{key}") in out
        assert re.search(rf"{re.escape(t(ui_lang, f'report.score.{key}'))}\s+{getattr(report.scores, key).value}\b", out)
    for s in report.speakers:
        assert re.search(rf"{report.display(s.id)}.*{re.escape(fmt_share(s.talk_share, ui_lang))}", out)
    flat = " ".join(out.split())
    assert all(" ".join(tip.split()) in flat for tip in report.tips[:3])
    assert " ".join(report.tips[3].split()) not in flat
    total = sum(report.timings_s.values())
    speed = fmt_decimal(report.source.duration_s / total, ui_lang)
    assert f"{t(ui_lang, 'report.stage.diarize')} {fmt_duration(report.timings_s['diarize'], ui_lang)}" in flat
    assert t(ui_lang, "report.terminal.timings", stages="", total="", speed=speed).split("(")[-1] in flat
    assert len(out.splitlines()) < 21   # compact


def test_terminal_without_tips_or_stats(sv):
    console = Console(record=True, width=100)
    print_summary(dataclasses.replace(sv, tips=(), speakers=()), console)
    out = console.export_text()
    assert t("sv", "report.terminal.tips") not in out and t("sv", "report.score.overall") in out


@pytest.mark.parametrize("cue, swedish", [
    ("wh-word 'vad'", "frågeord 'vad'"),
    ("verb-first 'kan'", "verbet först 'kan'"),
    ("tag 'eller hur'", "påhängsfråga 'eller hur'"),
    ("purpose 'syftet med mötet' (heard 'sivtet med mötet'), model check -1.20 vs -1.10 nats/token",
     "syfte 'syftet med mötet' (hört 'sivtet med mötet'), modellkontroll -1,20 mot -1,10 (log-sannolikhet per ordbit)"),
    ("rising pitch (+4.1 st), question mark", "stigande ton (+4,1 halvtoner), frågetecken"),
    ("prompt 'berätta'", "uppmaning 'berätta'"),
    ("either/or 'eller'", "antingen/eller 'eller'"),
    ("tag 'tag'", "påhängsfråga 'tag'"),          # a quoted word is what was said: never translated
])
def test_cues_read_in_swedish(cue, swedish):
    from talkratio.render import cue_text
    assert cue_text(cue, "sv") == swedish
    assert cue_text(cue, "en") == cue


def test_a_swedish_page_names_no_english_rule():
    page = render_html(sample_report("sv"))
    assert not [w for w in ("wh-word", "verb-first", "question mark", "either/or", "(heard ", "model check")
                if w in page]


# --- a Swedish report in Swedish (issue 19, item 6) ---

def test_swedish_report_has_no_english_settings_or_python_values(sv):
    report = dataclasses.replace(sv, settings={**sv.settings, "num_speakers": None, "transcript": True,
                                               "language": "auto", "segmentation_step": 0.25})
    html = render_html(report)
    technical = html[html.index('id="technical"'):]
    assert technical.startswith('id="technical"') and "<details" in html[html.index('id="details"'):]
    text = " ".join(Elements(technical).text)
    assert "Antal talare: inte angivet" in text and "Transkribering: Ja" in text and "0,25" in text
    assert not re.search(r"\b(True|False|None)\b", text) and "num_speakers" not in text
    words = " ".join(Elements(html).text)
    assert "Tålamod" not in words and "Avbrott" not in words.replace("avbrott", "")


def test_swedish_cue_labels_and_decimals(sv):
    from talkratio.render import cue_text

    assert cue_text("rising pitch (+3.6 st)", "sv") == "stigande ton (+3,6 halvtoner)"
    assert cue_text("wh-word 'hur'", "sv") == "frågeord 'hur'"
    assert cue_text("question mark", "sv") == "frågetecken"
    assert cue_text("model check -0.70 vs -0.64 nats/token", "en") == "model check -0.70 vs -0.64 nats/token"
    assert cue_text("wh-word 'vad' (heard 'man 3.5')", "sv") == "frågeord 'vad' (hört 'man 3.5')"


def test_an_unsure_score_does_not_claim_its_band_outright(sv):
    unsure = dataclasses.replace(sv, scores=dataclasses.replace(
        sv.scores, open_questions=Score(80, "x", uncertain=True)))
    page = render_html(unsure)
    card = page[page.index('id="score-open_questions"'):]
    card = card[:card.index("</article>")]
    assert "Ser bra ut" in card and "osäkert" in card and ">Bra<" not in card


def test_one_wer_figure_when_the_model_notice_gives_its_own(sv):
    from talkratio.schema import TranscriptQuality

    quality = TranscriptQuality(words=100, low_share=0.3, low_p=0.5, mean_p=0.6, model="faster-whisper base (int8)",
                                language="sv", poor=True, known_wer=0.44)
    base = dataclasses.replace(sv, quality=quality, models={**sv.models, "asr": "faster-whisper base (int8)"})
    kb = dataclasses.replace(base, models={**sv.models, "asr": "kb-whisper base (int8)"})
    figures = lambda r: re.findall(r"\d+(?:,\d)?\s%\sordfel|ordfel[^.<]*?\d+(?:,\d)?\s%", render_html(r))
    assert len(figures(base)) == 1 and "52,1" in figures(base)[0]      # the notice's, not a second 44 %
    assert len(figures(kb)) == 1 and "44" in figures(kb)[0]            # no notice: the measured one


def test_the_longest_monologue_is_found_where_metrics_measured_it(sv):
    from talkratio.render.html import monologue_starts

    starts = monologue_starts(sv.turns)
    by_id = {s.id: s.longest_monologue_s for s in sv.speakers}
    assert starts == {"SPEAKER_00": 47.6, "SPEAKER_01": 16.3}      # 47.6–78.0 and 16.3–27.9 in the fixture
    assert by_id == {"SPEAKER_00": 30.4, "SPEAKER_01": 11.6}
    links = [a for a in Elements(render_html(sv)).having("a", "at") if a.get("data-t") == "47.60"]
    assert links and links[0]["href"].startswith("#u-")
