"""The README's screenshot (docs/report-demo.png) is a whole, small PNG, and its script works.

The picture is kept current by rerunning docs/make_screenshot.py after a template change;
these tests check that the committed file decodes and that the script's parts do their job.
"""
from __future__ import annotations

import importlib.util
import struct
import zlib
from pathlib import Path

import pytest

from devtools import CHROMIUM
from fixtures import sample_report
from talkratio.diarize.rttm import read_rttm
from talkratio.render.html import render_html
from talkratio.schema import Turn

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "docs" / "make_screenshot.py"
PNG = ROOT / "docs" / "report-demo.png"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}   # PNG colour type → samples per pixel


def _load_script():
    spec = importlib.util.spec_from_file_location("make_screenshot", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG after checking every chunk's CRC and inflating its pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        assert struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0] == zlib.crc32(kind + body), kind
        chunks[kind] = chunks.get(kind, b"") + body
        pos += 12 + length
    assert b"IEND" in chunks and pos == len(data)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert interlace == 0
    row = (width * CHANNELS[colour] * depth + 7) // 8
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + row)   # one filter byte per row
    return width, height


def test_the_readme_shows_the_committed_screenshot():
    assert "](docs/report-demo.png)" in (ROOT / "README.md").read_text(encoding="utf-8")
    data = PNG.read_bytes()
    width, height = png_size(data)
    assert width >= 1000 and 800 <= height <= 2400
    assert len(data) < 600_000


def test_demo_speakers_get_the_names_of_the_voices_they_overlap():
    names = {"A": "SPEAKER_07", "B": "SPEAKER_02"}
    turns = tuple(Turn(names[t.speaker], t.start + 0.2, t.end - 0.1)
                  for t in read_rttm(ROOT / "samples" / "möte-1on1-demo.rttm"))
    assert _load_script().demo_names(turns) == {"SPEAKER_07": "Anna", "SPEAKER_02": "Erik"}


@pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed")
def test_the_script_shoots_the_top_of_a_report_and_shrinks_it(tmp_path):
    script = _load_script()
    html = tmp_path / "r.html"
    html.write_text(render_html(sample_report("sv")), encoding="utf-8")
    top = script.shoot(html, width=900)
    everything = script.shoot(html, width=900, until="#no-such-section")
    (w, h), (_, full) = png_size(top), png_size(everything)
    assert w == 900 and 600 < h < full
    small = script.shrink(top)
    assert png_size(small) == (w, h) and len(small) <= len(top)
