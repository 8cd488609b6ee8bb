"""The batch summary: one row per meeting, an index page with trends per named host, a CSV.

A row is a plain JSON-able dict made once from a report (`meeting_row`), so a rerun can
rebuild the summary from what it stored without reading every report again. The page uses
the report's own stylesheet (taken from report.html.j2, so the two always look alike) and
one small sorting script, allowed by its hash in the Content-Security-Policy and nothing else.
Trends follow one named leader each; meetings whose leader has no name are listed but never
pooled into a trend (two unnamed SPEAKER_00 are not the same person). summary.csv is written
for the reader's spreadsheet: in Swedish with `;` between cells and a decimal comma, as a
Swedish-locale Excel or LibreOffice opens it; in English with `,` and a decimal point. Its column
names follow the same language (messages_batch: `batch.csv.*`; the English ones are the row's keys).
Every text cell that a spreadsheet would read as a formula (= + - @, tab, CR) starts with a `'`.
A failure is shown by its kind in plain words, its error line kept beside it as technical detail.
"""
from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import jinja2
from markupsafe import Markup

from ..messages import CATALOGUE, t
from ..schema import Report
from ..traits.scores import TRAIT_KEYS
from ..transcripts import is_transcript
from . import PALETTE_SIZE, fmt_duration, fmt_share, score_band
from .audio import relative_link

SCORE_KEYS = ("overall", "listening_balance", "open_questions", "next_steps")
VERDICTS = ("none", "vague", "concrete")      # sort order, worst first
CSV_FIELDS = ("file", "report", "date", "date_source", "duration_s", "language", "meeting_type", "host",
              *SCORE_KEYS, "host_share", "questions_open", "questions_closed", "open_share",
              "steps", "steps_concrete", "verdict", "purpose", "source", "transcript", "needs_asked", "needs_uncertain",
              "traits")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")   # what a spreadsheet reads as the start of a formula
SOURCES = ("audio", "transcript", "audio+transcript")   # where words and talk time came from
METRICS = ("host_share", "open_share", "step_rate")   # the three trend charts
CHART_W, CHART_H, PAD_L, PAD_R, PAD_T, PAD_B = 320, 170, 38, 12, 10, 26
X_TICKS = 4

SORT_SCRIPT = """\
document.querySelectorAll("table.sortable thead button").forEach(function (button) {
  button.addEventListener("click", function () {
    var th = button.parentNode, table = th.closest("table"), col = th.cellIndex;
    var up = th.getAttribute("aria-sort") !== "ascending", num = th.dataset.type === "num";
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    var key = function (row) { var c = row.cells[col]; return c.dataset.sort !== undefined ? c.dataset.sort : c.textContent; };
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === "" || y === "") { return (x === "") - (y === ""); }
      var d = num ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      return up ? d : -d;
    });
    rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
  });
});
"""


def meeting_row(report: Report, file: str, link: str | None) -> dict[str, Any]:
    """What the summary shows of one meeting; `link` is the report's path relative to the index."""
    host = next((s for s in report.speakers if s.id == report.host), None)
    asked = host.questions_open + host.questions_closed if host else 0
    steps = report.findings.next_steps
    concrete = sum(s.concrete for s in steps)
    return {
        "file": file, "report": link, "date": report.recorded, "date_source": "recorded" if report.recorded else None,
        "duration_s": report.source.duration_s, "language": report.language, "meeting_type": report.meeting_type,
        "host": report.display(report.host) if report.host else None,
        "host_named": bool(report.host and report.names.get(report.host)),   # a suggested "Anna?" is no name yet
        **{k: getattr(report.scores, k).value for k in SCORE_KEYS},
        "host_share": host.talk_share if host else None,
        "questions_open": host.questions_open if host else None,
        "questions_closed": host.questions_closed if host else None,
        "open_share": host.questions_open / asked if asked else None,
        "steps": len(steps), "steps_concrete": concrete,
        "verdict": "concrete" if concrete else "vague" if steps else "none",
        "purpose": report.findings.purpose.stated,
        "source": source_of(report),
        "transcript": report.source.transcript.path if report.source.transcript else None,
        "needs_asked": sum(n.asked for n in report.findings.needs),
        "needs_uncertain": sum(n.uncertain and not n.asked for n in report.findings.needs),
        "needs_total": len(report.findings.needs) or 4,
        "traits": traits_mean(report),   # issue 21: the five traits' mean score, None before them
    }


def traits_mean(report: Report) -> int | None:
    values = [s.value for k in TRAIT_KEYS if (s := getattr(report.scores, k, None)) is not None]
    return round(sum(values) / len(values)) if values else None


def source_of(report: Report) -> str:
    if report.source.transcript is None:
        return "audio"
    return "transcript" if report.source.timing == "transcript" else "audio+transcript"


def summary_csv(rows: Iterable[Mapping[str, Any]], lang: str = "en") -> str:
    """One line per meeting. UTF-8 with a byte-order mark, so spreadsheets read åäö right; in
    Swedish `;`-separated with decimal commas, as a Swedish-locale spreadsheet splits it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", delimiter=";" if lang == "sv" else ",")
    writer.writerow(csv_header(lang))
    for row in rows:
        writer.writerow([csv_cell(row.get(k), lang) for k in CSV_FIELDS])
    return "\ufeff" + buffer.getvalue()


def csv_header(lang: str) -> list[str]:
    """summary.csv's column names in `lang`, in the order of CSV_FIELDS."""
    return [t(lang, f"batch.csv.{k}") for k in CSV_FIELDS]


def csv_cell(value: Any, lang: str = "en") -> Any:
    """A cell as text a spreadsheet shows and never runs: a leading = + - @ tab or CR gets a `'`."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        text = f"{round(value, 4):g}" if abs(value) < 1e15 else repr(value)
        return text.replace(".", ",") if lang == "sv" else text
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def failure_view(failure: Mapping[str, str], lang: str) -> dict[str, str]:
    """A failure as the overview shows it: its kind as a sentence, its stage named, and the error line
    (`reason`, the CLI's English) kept as detail. A failure recorded without a kind is said generally."""
    error = failure.get("error") or "TalkratioError"
    if error == "InputError" and is_transcript(failure["file"]):   # recorded before transcripts had an error of their own
        error = "TranscriptError"
    key = f"batch.failure.{error}"
    stage = failure.get("stage") or ""
    return {**failure, "said": t(lang, key if key in CATALOGUE["en"] else "batch.failure.other"),
            "stage_said": t(lang, f"batch.stage.{stage}") if f"batch.stage.{stage}" in CATALOGUE["en"] else stage}


# --- trends ---

@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    label: str            # the period, e.g. 2025-03 or 2025-W11
    meetings: int


@dataclass(frozen=True)
class Line:
    host: str
    colour: int
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class Chart:
    metric: str
    lines: tuple[Line, ...]
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str, str], ...]   # (x, label, text-anchor)


def period_unit(dates: Sequence[dt.date]) -> str:
    """Days for a month or so of meetings, weeks for half a year, months beyond."""
    span = (max(dates) - min(dates)).days if dates else 0
    return "day" if span <= 45 else "week" if span <= 200 else "month"


def period_start(date: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return date - dt.timedelta(days=date.weekday())
    return date.replace(day=1) if unit == "month" else date


def period_label(start: dt.date, unit: str) -> str:
    if unit == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.strftime("%Y-%m") if unit == "month" else start.isoformat()


def host_key(row: Mapping[str, Any]) -> str:
    """Trends follow a named leader across meetings; "" for an unnamed one (SPEAKER_00 is
    nobody in particular), who gets no trend."""
    return row["host"] if row.get("host_named") and row.get("host") else ""


def unnamed_count(rows: Sequence[Mapping[str, Any]]) -> int:
    """Meetings left out of the trends because their leader has no name."""
    return sum(1 for r in rows if not host_key(r))


def metric_value(row: Mapping[str, Any], metric: str) -> float | None:
    return float(row["verdict"] == "concrete") if metric == "step_rate" else row.get(metric)


def trends(rows: Sequence[Mapping[str, Any]], lang: str) -> tuple[str, tuple[Chart, ...]]:
    """(period unit, one chart per metric): per host and period, the mean over its meetings."""
    dated = [(dt.date.fromisoformat(r["date"]), r) for r in rows if r.get("date") and host_key(r)]
    unit = period_unit([d for d, _ in dated])
    starts = sorted({period_start(d, unit) for d, _ in dated})
    hosts = sorted({host_key(r) for _, r in dated}, key=str.casefold)
    x0, x1 = PAD_L, CHART_W - PAD_R
    first, span = (starts[0], (starts[-1] - starts[0]).days) if starts else (None, 0)

    def x(start: dt.date) -> float:
        return round(x0 + (x1 - x0) * ((start - first).days / span if span else 0.5), 1)

    def y(value: float) -> float:
        return round(PAD_T + (CHART_H - PAD_T - PAD_B) * (1 - value), 1)

    charts = []
    for metric in METRICS:
        lines = []
        for colour, host in enumerate(hosts):
            groups: dict[dt.date, list[float]] = {}
            for d, r in dated:
                value = metric_value(r, metric)
                if host_key(r) == host and value is not None:
                    groups.setdefault(period_start(d, unit), []).append(value)
            points = tuple(Point(x(s), y(sum(v) / len(v)), sum(v) / len(v), period_label(s, unit), len(v))
                           for s, v in sorted(groups.items()))
            if points:
                lines.append(Line(host, colour % PALETTE_SIZE, points))
        y_ticks = tuple((y(v), fmt_share(v, lang)) for v in (0.0, 0.25, 0.5, 0.75, 1.0))
        charts.append(Chart(metric, tuple(lines), y_ticks, x_ticks(starts, unit, x)))
    return unit, tuple(charts)


def x_ticks(starts: Sequence[dt.date], unit: str, x) -> tuple[tuple[float, str, str], ...]:
    """At most X_TICKS period labels, the outer ones kept inside the chart."""
    if len(starts) > X_TICKS:
        starts = [starts[round(i * (len(starts) - 1) / (X_TICKS - 1))] for i in range(X_TICKS)]
    anchors = ["middle"] * len(starts)
    if len(starts) > 1:
        anchors[0], anchors[-1] = "start", "end"
    return tuple((x(s), period_label(s, unit), a) for s, a in zip(starts, anchors))


# --- the page ---

def _report_css(env: jinja2.Environment) -> Markup:
    """The report's stylesheet, rendered: one look for both pages, defined in one place."""
    source = (Path(__file__).parent / "templates" / "report.html.j2").read_text(encoding="utf-8")
    match = re.search(r"<style>(.*?)</style>", source, re.S)
    return Markup(env.from_string(match.group(1)).render() if match else "")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(band=score_band, palette_size=PALETTE_SIZE)
    return env


_ENV = _environment()
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SORT_SCRIPT.encode()).digest()).decode()


def render_index(rows: Sequence[Mapping[str, Any]], failures: Sequence[Mapping[str, str]], lang: str,
                 version: str = "") -> str:
    """The whole summary page: every meeting (sortable), trends per host, and what failed."""
    rows = sorted(rows, key=lambda r: (r.get("date") or "", r["file"]))
    unit, charts = trends(rows, lang)
    return _ENV.get_template("index.html.j2").render(
        rows=rows, failures=[failure_view(f, lang) for f in failures], charts=charts, unit=unit, lang=lang, t=partial(t, lang),
        verdicts=VERDICTS, score_keys=SCORE_KEYS, version=version, chart=(CHART_W, CHART_H, PAD_L, PAD_R),
        css=_report_css(_ENV), script=Markup(SORT_SCRIPT), script_hash=SCRIPT_HASH, link=relative_link,
        unnamed=unnamed_count(rows),
        share=lambda x: fmt_share(x, lang), dur=lambda s: fmt_duration(s, lang))
