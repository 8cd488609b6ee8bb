"""A PNG of the report's "five traits" section (issue 21), in headless chromium (tests/devtools.py).

    .venv/bin/python docs/make_traits_screenshot.py OUT.png --script tests/data/meetings/traits/sv-traits-bra.yaml
    .venv/bin/python docs/make_traits_screenshot.py OUT.png --json report.json   # an analysis' JSON

With --script the meeting's true words go straight into the analysis (as tests/test_traits.py does).
"""
from __future__ import annotations

import argparse
import base64
import json
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from devtools import opened  # noqa: E402
from talkratio.render.html import render_html  # noqa: E402
from talkratio.report import from_dict  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--script", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--width", type=int, default=1100)
    args = parser.parse_args(argv)
    if args.script:
        from traits_truth import report_from_lines, timed_lines
        script = yaml.safe_load(args.script.read_text(encoding="utf-8"))
        report = report_from_lines(script, timed_lines(script))
    else:
        report = from_dict(json.loads(args.json.read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as folder:
        html = Path(folder) / "report.html"
        html.write_text(render_html(report), encoding="utf-8")
        with opened(html) as browser:
            browser.resize(args.width)
            rect = browser.js("(() => { const r = document.querySelector('#traits').getBoundingClientRect();"
                              " return [r.top + scrollY, r.height]; })()")
            shot = browser.send("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=True,
                                clip={"x": 0, "y": rect[0], "width": args.width, "height": rect[1], "scale": 1})
    args.out.write_bytes(base64.b64decode(shot["data"]))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
