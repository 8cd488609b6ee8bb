"""The HTML report in a real browser (Debian's chromium, headless); skipped without one.

Checks what only a browser can: the page loads with no console message (a CSP violation,
i.e. a blocked script or fetch, logs one) and no network request of its own, the DOM it
builds has one timeline rect per turn, a mouse click on a question marker scrolls its
transcript line into view and plays the recording from it, a phone-width page does not
scroll sideways, no word is split across lines, every text colour meets WCAG AA against
what is behind it, and the timeline's marks are links in the accessibility tree. Each check
runs on two reports: the hand-made fixture (fast) and a real pipeline run on the project's
demo recording (slow: the models run once per session). The browser is driven over the
DevTools protocol on a pipe (tests/devtools.py).
"""
from __future__ import annotations

import dataclasses
import re
import time
import wave
from pathlib import Path

import pytest

from devtools import CHROMIUM, Browser, opened  # noqa: F401  (Browser: test_batch imports it from here)
from fixtures import sample_report
from talkratio.render import build_view
from talkratio.render.audio import audio_source
from talkratio.render.html import render_html
from test_render import Elements

DEMO = Path(__file__).resolve().parents[1] / "samples" / "möte-1on1-demo.m4a"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed")


@pytest.fixture(scope="module")
def demo_report():
    """The demo meeting through the real models, once per session (minutes on 2 cores)."""
    from talkratio.pipeline import Analyzer, Options

    return Analyzer(Options(language="sv")).analyze(DEMO)


def silent_wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    """A quiet 8-bit mono WAV: every browser plays it, and it is small."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(rate)
        w.writeframes(b"\x80" * int(seconds * rate))
    return path


def with_recording(report, folder: Path):
    """The fixture report with its recording, a playable WAV of its length, at `folder`."""
    wav = silent_wav(folder / Path(report.source.path).name, report.source.duration_s + 1)
    return dataclasses.replace(report, source=dataclasses.replace(report.source, path=str(wav)))


@pytest.fixture(scope="module", params=["fixture", pytest.param("demo", marks=pytest.mark.slow)])
def page(request, tmp_path_factory):
    """(report, browser) with the report's HTML loaded; the same browser for a module's tests.
    The recording lies in the folder above the report's, as `analyze x.wav --out reports` leaves it."""
    folder = tmp_path_factory.mktemp("browser")
    if request.param == "fixture":
        report = with_recording(sample_report("sv"), folder)
    else:
        report = request.getfixturevalue("demo_report")
    path = folder / "reports" / f"{request.param}.html"
    path.parent.mkdir()
    path.write_text(render_html(report, audio=audio_source(report, path.parent)), encoding="utf-8")
    with opened(path) as browser:
        browser.resize(1280)
        yield report, browser


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_loads_without_console_messages_or_requests(page):
    _, browser = page
    assert browser.noise() == []
    requests = browser.requests()
    assert requests and all(url.startswith(("file:", "data:")) for url in requests)   # data: the player's own icons


def test_dom_has_one_timeline_rect_per_turn(page):
    report, browser = page
    assert browser.js("document.querySelectorAll('svg.timeline rect.turn').length") == len(report.turns)
    dom = Elements(browser.js("document.documentElement.outerHTML"))
    assert all(m["href"][1:] in dom.ids for m in dom.having("a", "mark"))


def test_clicking_a_question_marker_scrolls_to_its_line(page):
    report, browser = page
    question = next(m for m in build_view(report).questions if m.anchor is not None)
    browser.js("scrollTo(0, 0)")
    marker = browser.js("""(() => {
        const mark = document.querySelector('a.mark:not([data-kind="step"])');
        mark.scrollIntoView({block: 'center'});
        const box = mark.querySelector('circle, rect').getBoundingClientRect();
        return {href: mark.getAttribute('href'), x: box.x + box.width / 2, y: box.y + box.height / 2,
                scroll: window.scrollY};
    })()""")
    assert marker["href"] == f"#u-{question.anchor}"
    line = browser.js(f"document.querySelector('{marker['href']}').getBoundingClientRect().top")
    assert line > browser.js("innerHeight")          # the line starts out of view
    browser.click(marker["x"], marker["y"])
    time.sleep(0.3)
    state = browser.js(f"""(() => {{
        const line = document.querySelector('{marker['href']}');
        return {{hash: location.hash, target: document.querySelector(':target')?.id,
                top: line.getBoundingClientRect().top, height: innerHeight, scroll: window.scrollY,
                text: line.querySelector('.text').textContent}};
    }})()""")
    assert state["hash"] == marker["href"] and state["target"] == marker["href"][1:]
    assert state["scroll"] > marker["scroll"] and 0 <= state["top"] < state["height"]
    assert _words(question.text) in _words(state["text"])


# --- hear the moment ---

def _seek_state(browser) -> dict:
    """Where the last seek took the recording (it plays on at once, so currentTime runs ahead
    on a busy machine), and its current state."""
    return browser.js("(() => { const a = document.getElementById('recording');"
                      " return {time: window.seekedTo === undefined ? a.currentTime : window.seekedTo,"
                      " now: a.currentTime, error: a.error && a.error.code, ready: a.readyState}; })()")


def _wait_ready(browser) -> None:
    deadline = time.monotonic() + 10
    while _seek_state(browser)["ready"] < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    browser.js("(() => { const a = document.getElementById('recording'); if (!window.seekedTo) {"
               " a.addEventListener('seeking', () => { window.seekedTo = a.currentTime; }); } })()")


def _click_element(browser, selector: str) -> dict:
    box = browser.js(f"""(() => {{
        const e = document.querySelector({selector!r}); e.scrollIntoView({{block: 'center'}});
        const r = (e.querySelector('circle, rect, path') || e).getBoundingClientRect();
        return {{x: r.x + r.width / 2, y: r.y + r.height / 2, t: e.getAttribute('data-t')}};
    }})()""")
    browser.click(box["x"], box["y"])
    time.sleep(0.3)
    return box


def test_clicking_a_question_plays_the_recording_from_it(page):
    report, browser = page
    _wait_ready(browser)
    assert _seek_state(browser)["error"] is None          # the relative path found the recording
    questions = [m for m in build_view(report).questions if m.anchor is not None]
    for n, question in enumerate(questions[:3]):          # the table's time links, in turn
        box = _click_element(browser, f"#questions tbody tr:nth-child({n + 1}) a[data-t]")
        assert float(box["t"]) == pytest.approx(question.start, abs=0.01)
        assert _seek_state(browser)["time"] == pytest.approx(question.start, abs=0.3)


def test_a_timeline_mark_and_the_keyboard_play_it_too(page):
    report, browser = page
    _wait_ready(browser)
    step = next(s for s in build_view(report).steps if s.anchor is not None)
    _click_element(browser, 'svg.timeline a.mark[data-kind="step"]')
    assert _seek_state(browser)["time"] == pytest.approx(step.step.start, abs=0.3)
    # keyboard: focus a transcript time and press Enter
    line = len(report.utterances) // 2
    browser.js(f"document.querySelector('#u-{line} a.ts').focus()")
    for kind in ("keyDown", "keyUp"):
        browser.send("Input.dispatchKeyEvent", session=True, type=kind, key="Enter", code="Enter",
                     windowsVirtualKeyCode=13, text="\r" if kind == "keyDown" else "")
    time.sleep(0.3)
    assert _seek_state(browser)["time"] == pytest.approx(report.utterances[line].start, abs=0.3)


def test_the_longest_monologue_plays_from_its_start(page):
    from talkratio.render.html import monologue_starts

    report, browser = page
    _wait_ready(browser)
    host = report.host
    start = monologue_starts(report.turns)[host]
    assert any(tr.speaker == host and tr.start <= start + 0.01 for tr in report.turns)
    _click_element(browser, "table.speakers tbody tr:first-child td.monologue a[data-t]")
    assert _seek_state(browser)["time"] == pytest.approx(start, abs=0.3)


def test_a_recording_not_beside_the_report_says_how_to_make_it_playable(tmp_path):
    report = sample_report("sv")                          # its recording is not on this machine
    path = tmp_path / "r.html"
    path.write_text(render_html(report, audio=audio_source(report, tmp_path)), encoding="utf-8")
    with opened(path) as browser:
        time.sleep(0.5)
        note = browser.js("(() => { const n = document.getElementById('audio-missing');"
                          " return {hidden: n.hidden, shown: n.getClientRects().length > 0, text: n.textContent}; })()")
        browser.resize(390, 844)                          # a phone: the note must not follow the reader down
        position = browser.js("getComputedStyle(document.getElementById('player')).position")
    assert not note["hidden"] and note["shown"] and position == "static"
    assert "kundmote-2025-05-08.wav" in note["text"] and "--embed-audio" in note["text"]


def test_an_embedded_recording_plays_with_no_file_beside_it(tmp_path):
    report = with_recording(sample_report("sv"), tmp_path)
    path = tmp_path / "one-file" / "r.html"
    path.parent.mkdir()
    path.write_text(render_html(report, audio=audio_source(report, path.parent, embed=True)), encoding="utf-8")
    Path(report.source.path).unlink()                     # the report is all there is
    with opened(path) as browser:
        _wait_ready(browser)
        question = build_view(report).questions[0]
        _click_element(browser, "#questions tbody a[data-t]")
        assert _seek_state(browser)["time"] == pytest.approx(question.start, abs=0.3)
        assert browser.noise() == [] and browser.js("document.getElementById('audio-missing').hidden")
        assert all(url.startswith(("file:", "data:")) for url in browser.requests())


# --- phone, print, accessibility ---

WIDTHS = (1280, 1000, 760, 390)

SPLIT_WORDS = """(() => {
    const split = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        if (!el || el instanceof SVGElement || !el.getClientRects().length || el.closest('.sr')) { continue; }
        for (const m of node.textContent.matchAll(/[^\\s\\-\u2013\u2014/:·]+/g)) {
            const range = document.createRange();
            range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (tops.size > 1) { split.push(m[0]); }
        }
    }
    return split;
})()"""

OVERFLOWING = """(() => {
    const out = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        if (!node.textContent.trim() || !el || !el.getClientRects().length || el.closest('.sr, title')) { continue; }
        const box = el.closest('.scroll, .score, .card, .glance li, main');
        if (!box || box.classList.contains('scroll')) { continue; }      // a scroller may be wider than the page
        const range = document.createRange(); range.selectNodeContents(node);
        const text = range.getBoundingClientRect(), edge = box.getBoundingClientRect();
        if (text.right > edge.right + 1 || text.left < edge.left - 1) { out.push(node.textContent.trim().slice(0, 30)); }
    }
    return out;
})()"""

CONTRAST = """(() => {
    const rgba = c => { const m = /rgba?\\(([^)]+)\\)/.exec(c || ''); if (!m) { return null; }
        const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
    const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
    const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
    const behind = el => { const layers = [];
        for (let e = el; e; e = e.parentElement) { const c = rgba(getComputedStyle(e).backgroundColor);
            if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) { break; } } }
        return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]); };
    const found = [], seen = new Set(), walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const el = walker.currentNode.parentElement;
        if (!walker.currentNode.textContent.trim() || !el || seen.has(el)) { continue; }
        seen.add(el);
        if (!el.getClientRects().length || el.closest('.sr, title, script, style')) { continue; }
        const cs = getComputedStyle(el);
        if (cs.visibility === 'hidden') { continue; }
        let alpha = 1;
        for (let e = el; e; e = e.parentElement) { alpha *= parseFloat(getComputedStyle(e).opacity); }
        const own = rgba(el instanceof SVGElement ? cs.fill : cs.color), bg = behind(el);
        const fg = over([own[0], own[1], own[2], own[3] * alpha], bg);
        const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a), ratio = (hi + 0.05) / (lo + 0.05);
        const px = el instanceof SVGElement ? el.getBoundingClientRect().height * 0.8 : parseFloat(cs.fontSize);
        const large = px >= 24 || (parseInt(cs.fontWeight) >= 700 && px >= 18.66);
        found.push({text: walker.currentNode.textContent.trim().slice(0, 30), ratio: Math.round(ratio * 100) / 100,
                    need: large ? 3 : 4.5, colour: el instanceof SVGElement ? cs.fill : cs.color});
    }
    return found;
})()"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_sideways_scrolling_no_word_split_nothing_sticking_out(page, width):
    _, browser = page
    browser.resize(width)
    try:
        scroll, viewport = browser.js("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= viewport
        assert browser.js(SPLIT_WORDS) == []
        assert browser.js(OVERFLOWING) == []          # nor sticks out of its card (clipped by the next one)
        smallest = browser.js("Math.min(...[...document.querySelectorAll('svg.chart text')]"
                              ".map(e => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a))")
        assert smallest >= 9.4                        # chart text stays legible (the card scrolls instead)
    finally:
        browser.resize(1280)


@pytest.mark.parametrize("width", (1280, 390))
def test_every_text_colour_meets_wcag_aa(page, width):
    _, browser = page
    browser.resize(width)
    try:
        texts = browser.js(CONTRAST)
    finally:
        browser.resize(1280)
    assert len(texts) > 50                                # it did look at the page
    assert [x for x in texts if x["ratio"] < x["need"]] == []


def test_timeline_marks_are_links_a_screen_reader_reaches(page):
    report, browser = page
    tree = browser.send("Accessibility.getFullAXTree", session=True)["nodes"]
    links = [n.get("name", {}).get("value", "") for n in tree
             if n.get("role", {}).get("value") == "link" and not n.get("ignored")]
    view = build_view(report)
    for mark in (m for m in view.questions if m.anchor is not None):
        assert any(mark.text in name and name.startswith(f"{int(mark.start // 60)}:") for name in links), mark.text


def test_good_and_poor_are_said_in_words_or_symbols_not_colour_alone(page):
    _, browser = page
    glance = browser.js("[...document.querySelectorAll('.glance li')].map(li => li.textContent.trim())")
    assert glance and all(text[0] in "✓~✗" for text in glance)
    bands = browser.js("[...document.querySelectorAll('.score .band')].map(b => b.textContent.trim())")
    assert bands and all(b[0] in "✓~✗" and len(b) > 2 for b in bands)


def test_the_folder_overview_fits_a_phone_and_meets_contrast(tmp_path):
    from talkratio.render.index import meeting_row, render_index

    report = sample_report("sv")
    rows = [{**meeting_row(report, f"möte-{i}.wav", f"möte-{i}.html"), "date": f"2025-05-0{i + 1}",
             "host": "Anna", "host_named": True} for i in range(3)]
    path = tmp_path / "index.html"
    path.write_text(render_index(rows, [], "sv"), encoding="utf-8")
    with opened(path) as browser:
        for width in (1280, 390):
            browser.resize(width)
            scroll, viewport = browser.js("[document.documentElement.scrollWidth, innerWidth]")
            assert scroll <= viewport
            assert browser.js(SPLIT_WORDS) == [] and browser.js(OVERFLOWING) == []
            texts = browser.js(CONTRAST)
            assert texts and [x for x in texts if x["ratio"] < x["need"]] == []
