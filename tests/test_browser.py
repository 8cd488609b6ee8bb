"""The HTML report in a real browser (Debian's chromium, headless); skipped without one.

Checks what only a browser can: the page loads with no console message (a CSP violation,
i.e. a blocked script or fetch, logs one) and no network request of its own, the DOM it
builds has one timeline rect per turn, and a mouse click on a question marker scrolls its
transcript line into view. Each check runs on two reports: the hand-made fixture (fast)
and a real pipeline run on the project's demo recording (slow: the models run once per
session). The browser is driven over the DevTools protocol on a pipe (tests/devtools.py).
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from devtools import CHROMIUM, Browser, opened  # noqa: F401  (Browser: test_batch imports it from here)
from fixtures import sample_report
from talkratio.render import build_view
from talkratio.render.html import render_html
from test_render import Elements

DEMO = Path(__file__).resolve().parents[1] / "samples" / "möte-1on1-demo.m4a"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed")


@pytest.fixture(scope="module")
def demo_report():
    """The demo meeting through the real models, once per session (minutes on 2 cores)."""
    from talkratio.pipeline import Analyzer, Options

    return Analyzer(Options(language="sv")).analyze(DEMO)


@pytest.fixture(scope="module", params=["fixture", pytest.param("demo", marks=pytest.mark.slow)])
def page(request, tmp_path_factory):
    """(report, browser) with the report's HTML loaded; the same browser for a module's tests."""
    report = sample_report("sv") if request.param == "fixture" else request.getfixturevalue("demo_report")
    path = tmp_path_factory.mktemp("browser") / f"{request.param}.html"
    path.write_text(render_html(report), encoding="utf-8")
    with opened(path) as browser:
        yield report, browser


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_loads_without_console_messages_or_requests(page):
    _, browser = page
    assert browser.noise() == []
    requests = browser.requests()
    assert requests and all(url.startswith("file:") for url in requests)


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
