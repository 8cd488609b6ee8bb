"""What reaches a terminal: control characters in names and texts are shown, not obeyed.

A file named `x\\e]0;PWNED\\a\\e[2J.wav` printed raw retitles the window and clears the screen;
bidirectional overrides reorder what the reader sees. `Console` renders everything as rich does
and then makes every control character in the *text* visible (`\\x1b`); rich's own styling and
cursor moves are separate control segments, untouched. One place, so every file name, speaker
name, error line and progress label is covered, whichever way it was printed.
"""
from __future__ import annotations

import re

from rich.console import Console as _RichConsole
from rich.segment import Segment

# C0 except tab and newline, DEL, C1; bidi embeddings/overrides/isolates; line/paragraph separators
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def visible(text: str) -> str:
    """`text` with every control character written as its escape."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        text)


class Console(_RichConsole):
    def render(self, renderable, options=None):
        for segment in super().render(renderable, options):
            yield segment if segment.control or not _CONTROL.search(segment.text) else \
                Segment(visible(segment.text), segment.style)
