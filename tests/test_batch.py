"""Batch mode: discovery, failures kept apart, resumable runs, Ctrl-C, workers and Dask, the summary.

Most tests run the real batch machinery (decoding, reports, index, markers, worker processes,
a Dask cluster) on backends that replay each scripted meeting's truth — turns and words —
so the reports are real and no model runs. They count their calls in a file, so a test can
tell how much model work a run did, across processes too. One slow test runs the real models.
"""
from __future__ import annotations

import base64
import csv
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import wave
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from corpus import SCRIPTED, need, scripted_ids
from fixtures import sample_report
from talkratio import batch
from talkratio.batch import discover, run_batch
from talkratio.cache import StageCache, diarization_from_dict, diarization_to_dict, transcript_from_dict, transcript_to_dict
from talkratio.cli import app
from talkratio.diarize import exclusive_view
from talkratio.errors import ModelError
from talkratio.messages import t
from talkratio.pipeline import Analyzer, Options
from talkratio.progress import silent
from talkratio.render.index import SCRIPT_HASH, meeting_row, render_index, summary_csv, trends
from talkratio.schema import Diarization, Transcript, Turn, Word
from test_render import Elements

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ("corrupt.wav", "empty.wav", "notes.wav")


# --- backends that replay the truth ---

def truth_of(audio) -> dict:
    real = Path(audio.info.path).resolve()   # through the symlink, into the shared corpus
    return json.loads(real.with_name(real.stem.removesuffix("-stereo") + ".truth.json").read_text(encoding="utf-8"))


def count(calls: str | None, stage: str, audio) -> None:
    if calls:
        with open(calls, "a", encoding="utf-8") as f:   # O_APPEND: whole lines, from any process
            f.write(f"{stage} {Path(audio.info.path).name}\n")


def calls_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


class TruthDiarizer:
    name = "truth"

    def __init__(self, calls: str | None = None, delay: float = 0.0):
        self.calls, self.delay = calls, delay

    def __call__(self, audio, *, num_speakers=None, min_speakers=None, max_speakers=None, hook=silent):
        truth = truth_of(audio)
        hook("diarize", completed=0, total=1)
        time.sleep(self.delay)   # long enough for a test to interrupt the run
        count(self.calls, "diarize", audio)
        turns = tuple(sorted((Turn(x["s"], x["start"], x["end"]) for x in truth["lines"]), key=lambda t: t.start))
        return Diarization(turns=turns, exclusive=exclusive_view(turns), model="truth")


class TruthTranscriber:
    name = "truth"

    def __init__(self, calls: str | None = None):
        self.calls = calls

    def __call__(self, audio, *, language="auto", speech=(), hook=silent):
        truth = truth_of(audio)
        count(self.calls, "transcribe", audio)
        words = []
        for line in truth["lines"]:
            tokens = line["t"].split()
            step = (line["end"] - line["start"]) / len(tokens)
            words += [Word(f" {w}", round(line["start"] + i * step, 3), round(line["start"] + (i + 1) * step, 3), 0.9)
                      for i, w in enumerate(tokens)]
        return Transcript(words=tuple(words), language=truth["language"], language_probability=1.0, model="truth")


def truth_analyzer(calls: str | None, delay: float, options: Options, threads: int = 0) -> Analyzer:
    return Analyzer(options, diarizer=TruthDiarizer(calls, delay), transcriber=TruthTranscriber(calls))


def truth_factory(calls: Path | None = None, delay: float = 0.0):
    """A batch factory, (options, threads) → Analyzer, importable by spawned workers and Dask."""
    return partial(truth_analyzer, str(calls) if calls else None, delay)


def broken_model(options: Options, threads: int = 0) -> Analyzer:
    class Missing:
        name = "missing"

        def __call__(self, audio, **kwargs):
            raise ModelError("cannot load diarization pipeline 'nowhere': no such folder")

    return Analyzer(options, diarizer=Missing(), transcriber=TruthTranscriber())


# --- folders ---

def tone(path: Path, seconds: float = 1.0) -> Path:
    t = np.arange(int(16000 * seconds)) / 16000
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes((0.2 * np.sin(2 * np.pi * 220 * t) * 32767).astype(np.int16).tobytes())
    return path


@pytest.fixture(scope="module")
def meetings(tmp_path_factory) -> Path:
    """The four scripted meetings (symlinks, never copies) beside three files that are not recordings."""
    ids = scripted_ids()
    if not ids:
        need(SCRIPTED)
    folder = tmp_path_factory.mktemp("meetings")
    for meeting in ids:
        (folder / f"{meeting}.wav").symlink_to(SCRIPTED / f"{meeting}.wav")
    (folder / "corrupt.wav").write_bytes((SCRIPTED / f"{ids[0]}.wav").read_bytes()[:30])   # a cut-off header
    (folder / "empty.wav").write_bytes(b"")
    (folder / "notes.wav").write_text("Agenda: budget, rekrytering, nästa steg.", encoding="utf-8")
    return folder


def good(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in BROKEN)


def reports(out: Path) -> dict[str, dict]:
    """Every JSON report under `out`, timings left out (they differ run to run)."""
    found = {}
    for path in sorted(out.rglob("*.json")):
        if path.name != "failures.json" and batch.STATE not in path.parts:
            data = json.loads(path.read_text(encoding="utf-8"))
            data.pop("timings_s")
            found[path.relative_to(out).as_posix()] = data
    return found


def index_files(out: Path) -> list[str]:
    page = Elements((out / "index.html").read_text(encoding="utf-8"))
    return sorted(row["data-file"] for row in page.having("tr", "meeting"))


# --- discovery ---

def test_discovery_by_name_and_content_in_stable_order_skipping_hidden_and_output(tmp_path):
    folder = tmp_path / "in"
    (folder / "2025-03" / ".drafts").mkdir(parents=True)
    (folder / "2025-01").mkdir()
    tone(folder / "2025-03" / "möte.wav")
    (folder / "2025-03" / "möte.m4a").write_bytes(b"named as audio: counted, and fails later")
    tone(folder / "2025-01" / "inspelning")                  # no extension: found by its content
    (folder / "2025-01" / "README").write_text("no audio here")
    (folder / "2025-01" / "agenda.txt").write_text("1. budget")
    tone(folder / ".hidden.wav")
    tone(folder / "2025-03" / ".drafts" / "utkast.wav")
    (folder / "reports").mkdir()
    tone(folder / "reports" / "old.wav")                    # the output folder, inside the input

    found = discover(folder, exclude=[folder / "reports"])
    assert [r.rel for r in found] == ["2025-01/inspelning", "2025-03/möte.m4a", "2025-03/möte.wav"]
    # two recordings with one stem keep their extension, so neither report overwrites the other
    assert [r.stem for r in found] == ["2025-01/inspelning", "2025-03/möte.m4a", "2025-03/möte.wav"]
    assert [r.rel for r in discover(folder, "*.wav", exclude=[folder / "reports"])] == ["2025-03/möte.wav"]
    assert [r.rel for r in discover(folder, "2025-01/*")] == ["2025-01/inspelning"]
    assert [r.stem for r in discover(folder, "*.wav")] == ["2025-03/möte", "reports/old"]


# --- failures, summary, resuming ---

def test_folder_with_broken_files_records_them_and_a_second_run_does_no_model_work(meetings, tmp_path, monkeypatch):
    calls = tmp_path / "calls.log"
    monkeypatch.setattr(batch, "default_factory", truth_factory(calls))
    out = tmp_path / "out"
    runner = CliRunner()

    first = runner.invoke(app, ["analyze", str(meetings), "--out", str(out), "-q"])
    assert first.exit_code == 1, first.output
    failures = json.loads((out / "failures.json").read_text(encoding="utf-8"))
    assert sorted(f["file"] for f in failures) == list(BROKEN)
    assert {f["stage"] for f in failures} == {"decode"}
    reasons = {f["file"]: f["reason"] for f in failures}
    assert "empty file" in reasons["empty.wav"] and "not a readable audio" in reasons["notes.wav"]
    assert all("\n" not in r for r in reasons.values())
    assert all(f"talkratio: {name}: decode:" in first.output for name in BROKEN)

    wanted = good(meetings)
    assert sorted(reports(out)) == sorted(f"{Path(n).stem}.json" for n in wanted)
    assert all((out / f"{Path(n).stem}.html").is_file() for n in wanted)
    assert index_files(out) == wanted
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["file"] for r in rows) == wanted
    for row in rows:   # the summary agrees with each meeting's own report
        report = json.loads((out / f"{Path(row['file']).stem}.json").read_text(encoding="utf-8"))
        assert int(row["overall"]) == report["scores"]["overall"]["value"]
        assert float(row["duration_s"]) == report["source"]["duration_s"]
    work = calls_of(calls)
    assert sorted(work) == sorted(f"{s} {n}" for n in wanted for s in ("diarize", "transcribe"))

    before = {p: p.stat().st_mtime_ns for p in out.glob("*.json")}
    second = runner.invoke(app, ["analyze", str(meetings), "--out", str(out), "-q"])
    assert second.exit_code == 1                       # the broken files are still broken
    assert calls_of(calls) == work                     # …but nothing was analysed again
    assert {p: p.stat().st_mtime_ns for p in out.glob("*.json") if p.name != "failures.json"} == \
           {p: t for p, t in before.items() if p.name != "failures.json"}
    assert index_files(out) == wanted
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_scoring_option_reruns_only_the_report_and_a_changed_file_reruns(meetings, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in good(meetings):
        (folder / name).symlink_to(meetings / name)
    calls, out = tmp_path / "calls.log", tmp_path / "out"
    first = run_batch(folder, out, Options(), factory=truth_factory(calls))
    work = len(calls_of(calls))
    assert first.ok and len(first.analysed) == len(good(meetings)) and work == 2 * len(first.analysed)

    sales = run_batch(folder, out, Options(meeting_type="sales"), factory=truth_factory(calls))
    assert sales.analysed == first.analysed and not sales.skipped
    assert len(calls_of(calls)) == work                 # models not rerun: stage cache
    assert {r["meeting_type"] for r in reports(out).values()} == {"sales"}

    two = run_batch(folder, out, Options(meeting_type="sales", num_speakers=2), factory=truth_factory(calls))
    assert len(calls_of(calls)) == work + len(two.analysed) * 2   # a diarization setting reruns both stages

    changed = sorted(folder.iterdir())[0]
    changed.unlink()
    changed.symlink_to(meetings / sorted(good(meetings))[-1])     # same name, other content
    again = run_batch(folder, out, Options(meeting_type="sales", num_speakers=2), factory=truth_factory(calls))
    assert again.analysed == (changed.name,) and len(again.skipped) == len(good(meetings)) - 1


def test_model_error_stops_the_batch_with_one_error(meetings, tmp_path):
    with pytest.raises(ModelError, match="cannot load diarization pipeline"):
        run_batch(meetings, tmp_path / "out", Options(), factory=broken_model)
    failures = json.loads((tmp_path / "out" / "failures.json").read_text())
    assert {f["file"] for f in failures} <= set(BROKEN)   # the model error is not blamed on a file


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_keeps_finished_reports_and_a_rerun_completes_identically(meetings, tmp_path, jobs):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in good(meetings):
        (folder / name).symlink_to(meetings / name)
    calls, out = tmp_path / "calls.log", tmp_path / "out"
    # a terminal's Ctrl-C, set before the slow imports: CI may start us with SIGINT ignored, which
    # Python then keeps ignoring (a signal sent while the child still imports would be lost)
    code = ("import signal\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"
            "import test_batch\nfrom talkratio import batch\nfrom talkratio.cli import app\n"
            f"batch.default_factory = test_batch.truth_factory({str(calls)!r}, delay={3.0 * int(jobs)})\n"
            f"app(['analyze', {str(folder)!r}, '--out', {str(out)!r}, '--jobs', {jobs!r}, '-q'])\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")])}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 180
    markers = out / batch.STATE / "done"
    while not (markers.is_dir() and any(markers.glob("*.json"))) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)   # the first recording is finished: its report, its page and its marker
    assert proc.poll() is None, f"the batch ended before it could be interrupted: {proc.returncode}, {proc.stderr.read()}"
    assert any(markers.glob("*.json")), "no recording finished in 180 s"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err

    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]   # nothing half-written
    finished = index_files(out)
    assert 1 <= len(finished) < len(good(meetings))
    assert {f"{Path(p).stem}.wav" for p in reports(out)} >= set(finished)   # and every report parses whole

    resumed = run_batch(folder, out, Options(), factory=truth_factory(calls))
    assert sorted(resumed.skipped) == finished
    assert sorted(resumed.analysed) == sorted(set(good(meetings)) - set(finished))
    reference = run_batch(folder, tmp_path / "ref", Options(), factory=truth_factory())
    assert reports(out) == reports(tmp_path / "ref")
    assert (out / "summary.csv").read_text() == (tmp_path / "ref" / "summary.csv").read_text()
    assert resumed.failures == reference.failures == ()


# --- workers and Dask produce what one process produces ---

@pytest.fixture(scope="module")
def inline(meetings, tmp_path_factory):
    out = tmp_path_factory.mktemp("inline")
    result = run_batch(meetings, out, Options(), factory=truth_factory())
    return out, result


@pytest.mark.parametrize("how", [{"jobs": 2}, {"executor": "dask"}], ids=["processes", "dask"])
def test_workers_produce_the_same_reports(meetings, inline, tmp_path, how):
    if how.get("executor") == "dask":
        pytest.importorskip("distributed")
    calls = tmp_path / "calls.log"
    steps = []
    result = run_batch(meetings, tmp_path / "out", Options(), factory=truth_factory(calls),
                       hook=lambda step, completed=None, total=None: steps.append(step), **how)
    reference_out, reference = inline
    assert reports(tmp_path / "out") == reports(reference_out)
    assert result.failures == reference.failures and len(result.failures) == len(BROKEN)
    assert sorted(result.analysed) == sorted(reference.analysed)
    assert len(calls_of(calls)) == 2 * len(good(meetings))
    assert "batch" in steps and any(s.endswith("· decode") for s in steps)   # the file's stage reached us
    assert index_files(tmp_path / "out") == index_files(reference_out)


# --- the stage cache ---

def test_stage_values_survive_json():
    turns = (Turn("A", 0.0, 2.5), Turn("B", 2.0, 4.0))
    d = Diarization(turns, exclusive_view(turns), "m", {"A": (0.1, -0.2), "B": (0.3, 0.4)})
    assert diarization_from_dict(json.loads(json.dumps(diarization_to_dict(d)))) == d
    tr = Transcript((Word(" Hej", 0.1, 0.4, 0.9, "A"), Word(" du?", 0.4, 0.7, 0.8)), "sv", None, "w", "detected")
    assert transcript_from_dict(json.loads(json.dumps(transcript_to_dict(tr)))) == tr


def test_stage_keys_depend_on_model_settings_only(tmp_path):
    from talkratio.schema import AudioInfo

    info = AudioInfo("a.wav", "0" * 64, 10.0, 1, 16000)
    make = partial(truth_analyzer, None, 0.0)
    base = make(Options()).stage_keys(info)
    assert make(Options(meeting_type="sales", host="A", names={"A": "Åsa"})).stage_keys(info) == base
    assert make(Options(num_speakers=2)).stage_keys(info)[0] != base[0]
    moved = make(Options(language="sv")).stage_keys(info)
    assert moved[0] == base[0] and moved[1] != base[1]
    cache = StageCache(tmp_path)
    cache.path("transcript", base[1]).parent.mkdir(parents=True)
    cache.path("transcript", base[1]).write_text("{not json")   # a damaged entry is a miss, then replaced
    assert cache.through("transcript", base[1], lambda: Transcript((), "en", None, "x")).model == "x"
    assert cache.get("transcript", base[1])["model"] == "x"


# --- the summary ---

def rows_for(specs):
    """Rows from the sample meeting, varied: (date, host name or None, open share, verdict)."""
    report = sample_report("en")
    rows = []
    for i, (date, host, share, verdict) in enumerate(specs):
        row = meeting_row(report, f"m{i}.wav", f"m{i}.html")
        rows.append({**row, "date": date, "host": host or report.host, "host_named": host is not None,
                     "host_share": share, "verdict": verdict})
    return rows


def test_trends_average_each_named_host_per_period_and_never_pool_the_unnamed():
    rows = rows_for([("2025-01-10", "Anna", 0.8, "none"), ("2025-01-20", "Anna", 0.6, "concrete"),
                     ("2025-03-02", "Anna", 0.4, "concrete"), ("2025-09-11", "Erik", 0.5, "vague"),
                     ("2025-02-12", None, 0.3, "concrete"), ("2025-10-30", None, 0.7, "none")])
    unit, charts = trends(rows, "en")
    assert unit == "month"                              # eight months: one point per week would be noise
    share = {line.host: [(p.label, round(p.value, 3), p.meetings) for p in line.points] for line in charts[0].lines}
    assert share == {"Anna": [("2025-01", 0.7, 2), ("2025-03", 0.4, 1)], "Erik": [("2025-09", 0.5, 1)]}
    rate = {line.host: [p.value for p in line.points] for line in charts[2].lines}
    assert rate["Anna"] == [0.5, 1.0] and rate["Erik"] == [0.0]
    anna = charts[0].lines[0].points
    assert anna[0].x < anna[1].x and anna[0].y < anna[1].y   # later is further right; 70 % is higher than 40 %


def test_index_is_self_contained_sortable_and_lists_failures():
    rows = rows_for([("2025-01-10", "Anna", 0.8, "none"), ("2025-01-20", "Erik", 0.5, "concrete")])
    page = render_index(rows, [{"file": "trasig.wav", "stage": "decode", "reason": "<b>not audio</b>"}], "sv", "9.9")
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    script = re.search(r"<script>(.*)</script>", page, re.S).group(1)
    digest = "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src '{digest}'" in csp and digest == SCRIPT_HASH and "default-src 'none'" in csp
    assert "<b>not audio</b>" not in page and "&lt;b&gt;not audio&lt;/b&gt;" in page
    dom = Elements(page)
    assert [r["data-file"] for r in dom.having("tr", "meeting")] == ["m0.wav", "m1.wav"]
    assert [r["data-file"] for r in dom.having("tr", "failure")] == ["trasig.wav"]
    assert len(dom.having("polyline", "trend-line")) == 0 and len(dom.having("circle", "trend-dot")) == 6
    assert "Utveckling per mötesledare" in page and "http" not in page.replace("http-equiv", "")


def test_summary_csv_is_one_row_per_meeting_for_spreadsheets():
    rows = rows_for([("2025-01-10", "Åsa", 0.8, "none"), ("2025-01-20", None, None, "concrete")])
    text = summary_csv(rows)
    assert text.startswith("\ufeff")
    parsed = list(csv.DictReader(text.lstrip("\ufeff").splitlines()))
    assert [r["host"] for r in parsed][0] == "Åsa" and parsed[1]["host_share"] == ""
    assert parsed[0]["purpose"] in ("true", "false") and parsed[0]["host_share"] == "0.8"


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed")
def test_index_sorts_in_a_real_browser_without_csp_complaints(inline):
    from test_browser import Browser

    out, result = inline
    browser = Browser()
    try:
        browser.send("Page.navigate", session=True, url=(out / "index.html").as_uri())
        browser.wait_for("Page.loadEventFired")
        browser.js("0")
        noise = [e for e in browser.events if e.get("method") in
                 ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")]
        assert noise == []                         # a script blocked by the CSP would log here
        column = 4
        assert browser.js(f"document.querySelectorAll('#meetings thead th')[{column}].textContent.trim()") == \
            t(result.lang, "report.score.overall")
        values = f"[...document.querySelectorAll('#meetings tbody tr')].map(r => +r.cells[{column}].textContent)"
        browser.js(f"document.querySelectorAll('#meetings thead button')[{column}].click()")
        up = browser.js(values)
        browser.js(f"document.querySelectorAll('#meetings thead button')[{column}].click()")
        down = browser.js(values)
        assert up == sorted(up) and down == sorted(up, reverse=True) and len(set(up)) > 1
    finally:
        browser.close()


# --- the real models, once ---

REAL_MEETINGS = ("en-discovery-good.wav", "sv-1on1-blandat.wav")   # the two quickest to diarize


@pytest.mark.slow
def test_real_models_on_the_scripted_meetings(meetings, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in REAL_MEETINGS:
        (folder / name).symlink_to(meetings / name)
    result = run_batch(folder, tmp_path / "out", Options(transcript=False), jobs=1)   # diarization only
    assert result.ok and result.analysed == REAL_MEETINGS
    for report in reports(tmp_path / "out").values():
        assert report["turns"] and 0 < report["metrics"]["speech_s"] <= report["source"]["duration_s"]
        assert report["settings"]["transcript"] is False and report["utterances"] == []
    again = run_batch(folder, tmp_path / "out", Options(transcript=False))
    assert again.analysed == () and again.skipped == REAL_MEETINGS
    assert index_files(tmp_path / "out") == list(REAL_MEETINGS)
