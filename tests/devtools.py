"""A headless chromium driven over the DevTools protocol on a pipe: no extra package needed.

Shared by the browser tests and docs/make_screenshot.py (which puts this folder on sys.path).
The browser reads commands on fd 3 and writes answers to fd 4 (`--remote-debugging-pipe`),
one JSON message per NUL-terminated frame.
"""
from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--hide-scrollbars", "--window-size=1100,800"]
NOISE = ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")


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

    def open(self, path: Path) -> None:
        """Navigate to a local file and wait for its load event."""
        self.send("Page.navigate", session=True, url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str):
        """Evaluate in the page (DevTools evaluation is not bound by the page's CSP)."""
        result = self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        return result["result"].get("value")

    def noise(self) -> list[dict]:
        """Console messages, uncaught exceptions and log entries (a CSP violation logs one)."""
        self.js("0")   # drain events that arrived before this call
        return [e for e in self.events if e.get("method") in NOISE]

    def requests(self) -> list[str]:
        """Every URL the page asked for, its own file included."""
        self.js("0")
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", session=True, type=kind, x=x, y=y, button="left", clickCount=1)

    def resize(self, width: int, height: int = 800, scale: float = 1.0) -> None:
        """Lay the page out in a `width` × `height` CSS px viewport."""
        self.send("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=scale, mobile=False)

    def screenshot(self, width: int, height: int | None = None, scale: float = 1.0) -> bytes:
        """A PNG of the page laid out `width` CSS px wide: its top `height` px, or all of it."""
        self.resize(width, scale=scale)
        full = self.js("document.documentElement.scrollHeight")
        clip = {"x": 0, "y": 0, "width": width, "height": min(height or full, full), "scale": 1}
        shot = self.send("Page.captureScreenshot", session=True, format="png", clip=clip,
                         captureBeyondViewport=True)
        return base64.b64decode(shot["data"])

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self._in)
        os.close(self._out)


@contextlib.contextmanager
def opened(path: Path) -> Iterator[Browser]:
    """A browser with `path` loaded, closed afterwards."""
    browser = Browser()
    try:
        browser.open(path)
        yield browser
    finally:
        browser.close()
