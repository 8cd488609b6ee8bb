"""The recording a report plays from: a relative link to the file beside it, or the file itself inside.

The page never reaches the network for it: a relative `src` resolves to the report's own
folder (or one near it), and `--embed-audio` puts the bytes in a `data:` URI, so the report
stays one file. A relative path always starts with `./` or `../`, so a file named
`javascript:x.m4a` is a file, never a scheme.
"""
from __future__ import annotations

import base64
import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..errors import InputError
from ..schema import Report

MIME = {".m4a": "audio/mp4", ".mp4": "video/mp4", ".aac": "audio/aac", ".mp3": "audio/mpeg", ".wav": "audio/wav",
        ".flac": "audio/flac", ".ogg": "audio/ogg", ".opus": "audio/ogg", ".oga": "audio/ogg", ".webm": "audio/webm",
        ".mkv": "video/x-matroska"}

# the player's one script: any element with data-t (a time in seconds) plays the recording from there;
# a recording that cannot be loaded shows the note that says how to make it playable
PLAYER_SCRIPT = """\
(function () {
  var audio = document.getElementById("recording"), note = document.getElementById("audio-missing");
  if (!audio) { return; }
  var failed = function () { if (note) { note.hidden = false; } document.body.classList.add("no-audio"); };
  audio.addEventListener("error", failed);
  if (audio.error) { failed(); }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-t]") : null;
    if (!link) { return; }
    audio.currentTime = parseFloat(link.getAttribute("data-t"));
    var playing = audio.play();
    if (playing && playing.catch) { playing.catch(function () {}); }
  });
})();
"""
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(PLAYER_SCRIPT.encode()).digest()).decode()


@dataclass(frozen=True)
class AudioSource:
    src: str             # what <audio src> holds: "./möte.m4a", "../inspelningar/m%C3%B6te.m4a" or a data: URI
    name: str            # the recording's file name, for the "put it beside the report" note
    relative: str        # where the page looks for it, relative to the report's folder ("" when embedded)
    mime: str

    @property
    def embedded(self) -> bool:
        return self.src.startswith("data:")


def mime_of(path: str) -> str:
    ext = PurePosixPath(path.replace("\\", "/")).suffix.lower()
    return MIME.get(ext) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def relative_link(path: str) -> str:
    """A URL for a relative file path: percent-encoded, and starting with ./ or ../ (never a scheme)."""
    posix = path.replace(os.sep, "/")
    link = quote(posix, safe="/")
    return link if link.startswith(("./", "../")) else "./" + link


def has_recording(report: Report) -> bool:
    """A transcript read alone has no recording to play."""
    return bool(report.source.path) and report.source.timing != "transcript"


def audio_source(report: Report, report_dir: Path | None = None, embed: bool = False) -> AudioSource | None:
    """Where the report at `report_dir` finds its recording (beside it when the folder is unknown),
    or the recording embedded. None when there is no recording."""
    if not has_recording(report):
        return None
    path = report.source.path
    name = os.path.basename(path) or path
    mime = mime_of(path)
    if embed:
        try:
            data = Path(path).read_bytes()
        except OSError as err:
            raise InputError(f"--embed-audio: cannot read the recording {path}: {err.strerror or err}") from None
        return AudioSource(f"data:{mime};base64,{base64.b64encode(data).decode()}", name, "", mime)
    if report_dir is None or not Path(path).is_file():   # moved, or read elsewhere: look beside the report
        relative = name
    else:
        try:
            relative = os.path.relpath(Path(path).resolve(), Path(report_dir).resolve())
        except ValueError:     # another drive on Windows: only beside it can work
            relative = name
    return AudioSource(relative_link(relative), name, relative.replace(os.sep, "/"), mime)
