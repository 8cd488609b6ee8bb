"""The HTML report in a real browser (Debian's chromium, headless); skipped without one.

Checks what only a browser can: the page loads with no console message (a CSP violation,
i.e. a blocked script or fetch, logs one) and no network request of its own, the DOM it
builds has one timeline rect per turn, and a mouse click on a question marker scrolls its
transcript line into view. The browser is driven over the DevTools protocol on a pipe
(`--remote-debugging-pipe`), so no extra package is needed.
"""
from __future__ import annotations

import fcntl
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from fixtures import sample_report
from talkratio.render.html import render_html
from test_render import Elements

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--hide-scrollbars", "--window-size=1100,800"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed")


class Browser:
    """A headless chromium and one page, spoken to in DevTools-protocol JSON over fds 3/4."""

    def __init__(self):
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()
        # move the child's ends above fd 9, so that wiring them to 3 and 4 cannot clobber them
        to_child, from_child = (self._lift(fd) for fd in (to_child, from_child))

        # the browser reads our commands on fd 3 and writes its answers to fd 4
        command = f'exec "$@" 3<&{to_child} 4>&{from_child} {to_child}<&- {from_child}>&-'
        self.proc = subprocess.Popen(["bash", "-c", command, "chromium", str(CHROMIUM), *FLAGS,
                                      "--remote-debugging-pipe", "about:blank"],
                                     pass_fds=(to_child, from_child),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child)
        os.close(from_child)
        self._buffer, self._next_id, self.events = b"", 0, []
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=True)

    @staticmethod
    def _lift(fd: int) -> int:
        high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
        os.close(fd)
        return high

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise ConnectionError("chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, session: bool = False, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 30
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                assert "error" not in reply, reply
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read(deadline))

    def js(self, expression: str):
        """Evaluate in the page (DevTools evaluation is not bound by the page's CSP)."""
        result = self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        return result["result"].get("value")

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y, button="left", clickCount=1)

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self._in)
        os.close(self._out)


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    report = sample_report("sv")
    path = tmp_path_factory.mktemp("browser") / "rapport.html"
    path.write_text(render_html(report), encoding="utf-8")
    browser = Browser()
    try:
        browser.send("Page.navigate", session=True, url=path.as_uri())
        browser.wait_for("Page.loadEventFired")
        yield report, path, browser
    finally:
        browser.close()


def test_loads_without_console_messages_or_requests(opened):
    _, _, browser = opened
    browser.js("0")   # drain events that arrived with the load
    noise = [e for e in browser.events if e.get("method") in
             ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")]
    assert noise == []
    requests = [e["params"]["request"]["url"] for e in browser.events
                if e.get("method") == "Network.requestWillBeSent"]
    assert requests and all(url.startswith("file:") for url in requests)


def test_dom_has_one_timeline_rect_per_turn(opened):
    report, _, browser = opened
    assert browser.js("document.querySelectorAll('svg.timeline rect.turn').length") == len(report.turns)
    dom = Elements(browser.js("document.documentElement.outerHTML"))
    assert all(m["href"][1:] in dom.ids for m in dom.having("a", "mark"))


def test_clicking_a_question_marker_scrolls_to_its_line(opened):
    report, _, browser = opened
    question = next(q for q in report.findings.questions if q.kind == "closed")
    marker = browser.js("""(() => {
        const marks = [...document.querySelectorAll('a.mark[data-kind="closed"]')];
        marks[0].scrollIntoView({block: 'center'});
        const box = marks[0].querySelector('circle').getBoundingClientRect();
        return {href: marks[0].getAttribute('href'), x: box.x + box.width / 2, y: box.y + box.height / 2,
                scroll: window.scrollY};
    })()""")
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
    assert state["text"].startswith(question.text)
