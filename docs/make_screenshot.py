"""Regenerate docs/report-demo.png, the README's picture of the demo meeting's HTML report.

    .venv/bin/python docs/make_screenshot.py                  # analyse samples/ (minutes), then shoot
    .venv/bin/python docs/make_screenshot.py --json /tmp/demo/möte-1on1-demo.json   # reuse an analysis

Runs `talkratio analyze samples/möte-1on1-demo.m4a` as a user would, names the speakers
Anna and Erik as `talkratio report --name` would (each diarized speaker gets the name of
the scripted voice it overlaps most in samples/möte-1on1-demo.rttm), renders the HTML,
and captures it in headless chromium (tests/devtools.py) from the top down to the
question list: scores, tips, talk share, timeline, needs and purpose. With Pillow at hand
the PNG is reduced to a 256-colour palette to keep the repository small.
"""
from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from devtools import opened  # noqa: E402
from talkratio.diarize.rttm import read_rttm  # noqa: E402
from talkratio.render.html import render_html  # noqa: E402
from talkratio.report import from_dict, with_names  # noqa: E402
from talkratio.schema import Turn  # noqa: E402

SAMPLES = ROOT / "samples"
DEMO = SAMPLES / "möte-1on1-demo.m4a"
OUT = ROOT / "docs" / "report-demo.png"


def analyse(audio: Path, folder: Path) -> Path:
    """The JSON report of `audio`, written by the CLI into `folder`."""
    cli = Path(sys.executable).with_name("talkratio")
    subprocess.run([str(cli), "analyze", str(audio), "--out", str(folder), "-f", "json", "-q"], check=True)
    return folder / f"{audio.stem}.json"


def demo_names(turns: tuple[Turn, ...]) -> dict[str, str]:
    """Diarized speaker → the name of the demo voice it shares the most time with."""
    truth = json.loads((SAMPLES / f"{DEMO.stem}.truth.json").read_text(encoding="utf-8"))
    shared: Counter[tuple[str, str]] = Counter()
    for ref in read_rttm(SAMPLES / f"{DEMO.stem}.rttm"):
        for hyp in turns:
            shared[hyp.speaker, ref.speaker] += max(0.0, min(hyp.end, ref.end) - max(hyp.start, ref.start))
    best = {hyp: max((n, ref) for (h, ref), n in shared.items() if h == hyp)[1] for hyp, _ in shared}
    return {hyp: truth["names"][ref] for hyp, ref in best.items()}


def shoot(html: Path, width: int = 1280, until: str = "#traits, #questions") -> bytes:
    """A PNG of `html` at `width` CSS px, from the top to just above the first `until` element
    (the whole page when there is none)."""
    with opened(html) as browser:
        browser.resize(width)
        # the player sticks to the window's bottom; in a picture of the whole page it sits at the end
        browser.js("document.querySelectorAll('.player').forEach(p => p.style.position = 'static')")
        bottom = browser.js(f"(() => {{ const e = document.querySelector('{until}');"
                            " return e ? Math.ceil(e.getBoundingClientRect().top + scrollY) : null; })()")
        return browser.screenshot(width, bottom)


def shrink(png: bytes) -> bytes:
    """The same picture with a 256-colour palette (about a third of the bytes); as is without Pillow."""
    try:
        from PIL import Image
    except ImportError:
        return png
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return min(buffer.getvalue(), png, key=len)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="the demo's JSON report from an earlier analysis")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        source = args.json or analyse(DEMO, Path(folder))
        report = from_dict(json.loads(source.read_text(encoding="utf-8")))
        html = Path(folder) / f"{DEMO.stem}.html"
        html.write_text(render_html(with_names(report, demo_names(report.turns))), encoding="utf-8")
        args.out.write_bytes(shrink(shoot(html, args.width)))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
