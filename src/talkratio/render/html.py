"""The HTML report: one self-contained file (inline CSS and SVG, one small player script, no network).

Geometry of the SVG charts is computed here in Python, so the template only places shapes;
Jinja2 autoescapes every string, and a Content-Security-Policy allows only the player's own
script (by its hash) and media from the report's folder or embedded, so nothing that slipped
through could run or fetch.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..schema import Report, Turn
from . import (
    PALETTE_SIZE, Mark, View, build_view, fmt_clock, fmt_decimal, fmt_duration, fmt_share, score_band, utterance_at,
)
from .audio import PLAYER_SCRIPT, SCRIPT_HASH, AudioSource, audio_source
from .details import model_rows, settings_rows
from .traits import section_tips, traits_view
from .provenance import source_notes
from .who import correction_lines, json_name, who

WIDTH = 1000              # SVG user units; the chart scales to the page
LABEL_W = 150             # left column for speaker names
RIGHT_PAD = 14
LANE_H, BAR_H, OVERLAP_H = 26, 16, 8
MARK_ROWS = (12, 30)      # y of question markers, next-step markers
LANES_TOP = 44
TICK_STEPS = (5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    colour: int
    turn: Turn | None = None


@dataclass(frozen=True)
class Pin:
    x: float
    y: float
    mark: Mark
    status: str = ""      # next steps: concrete | vague | incomplete


@dataclass(frozen=True)
class Timeline:
    lanes: tuple[tuple[float, str, int], ...]   # (y, name, colour)
    turns: tuple[Bar, ...]
    overlaps: tuple[Bar, ...]
    overlap_y: float
    pins: tuple[Pin, ...]
    ticks: tuple[tuple[float, str], ...]
    axis_y: float
    height: float
    x0: float = LABEL_W
    x1: float = WIDTH - RIGHT_PAD
    share_w: float = 640          # talk-share bars, leaving room for "60 % · 1 min 03 s"


def overlap_spans(turns: tuple[Turn, ...]) -> list[tuple[float, float]]:
    """Stretches where two or more different speakers talk at once (a sweep over turn edges)."""
    edges = sorted([(t.start, 1, t.speaker) for t in turns] + [(t.end, -1, t.speaker) for t in turns])
    active: Counter[str] = Counter()
    spans, since = [], 0.0
    for time, delta, speaker in edges:
        before = sum(v > 0 for v in active.values()) >= 2
        active[speaker] += delta
        after = sum(v > 0 for v in active.values()) >= 2
        if after and not before:
            since = time
        elif before and not after and time > since:
            spans.append((since, time))
    return spans


def _tick_step(duration: float) -> int:
    """At most ~10 ticks: past 20 hours whole hours per tick, however long (1e12 s made 1.4e8 ticks)."""
    return next((s for s in TICK_STEPS if duration / s <= 10), 3600 * max(2, math.ceil(duration / 36000)))


def timeline(view: View) -> Timeline:
    """Lay out one lane per speaker, an overlap strip, marker rows and a time axis."""
    x0, x1 = LABEL_W, WIDTH - RIGHT_PAD
    scale = (x1 - x0) / view.duration

    def x(t: float) -> float:
        return round(x0 + max(0.0, t) * scale, 2)

    def width(a: float, b: float) -> float:
        return round(max(0.8, (b - a) * scale), 2)

    lane_y = {s.id: LANES_TOP + i * LANE_H for i, s in enumerate(view.speakers)}
    lanes = tuple((lane_y[s.id], s.name, s.colour) for s in view.speakers)
    turns = tuple(Bar(x(tr.start), lane_y[tr.speaker] + (LANE_H - BAR_H) / 2, width(tr.start, tr.end), BAR_H,
                      view.colour[tr.speaker], tr) for tr in view.report.turns)
    overlap_y = LANES_TOP + len(lanes) * LANE_H + 4
    overlaps = tuple(Bar(x(a), overlap_y, width(a, b), OVERLAP_H, -1) for a, b in overlap_spans(view.report.turns))
    pins = tuple(Pin(x(m.start), MARK_ROWS[0], m) for m in view.questions) + tuple(
        Pin(x(s.step.start), MARK_ROWS[1], Mark("step", s.step.start, s.step.speaker, s.step.text, s.anchor),
            s.status) for s in view.steps)
    axis_y = overlap_y + 16
    step = _tick_step(view.duration)
    ticks = tuple((x(s), fmt_clock(s)) for s in range(0, int(view.duration) + 1, step))
    return Timeline(lanes, turns, overlaps, overlap_y, pins, ticks, axis_y, axis_y + 18)


def monologue_starts(turns: tuple[Turn, ...]) -> dict[str, float]:
    """Where each speaker's longest monologue begins, measured as metrics measures it (floor
    spurts unbroken by anyone else's, or the longest spurt), so the page can play it."""
    from ..metrics import MONOLOGUE_BREAK_S, is_backchannel, spurts

    every = spurts(turns)
    candidates, run = list(every), None
    for spurt in (x for x in every if not is_backchannel(x)):
        if run and spurt.speaker == run.speaker and spurt.start - run.end < MONOLOGUE_BREAK_S:
            run = Turn(run.speaker, run.start, max(run.end, spurt.end))
        else:
            run = spurt
        candidates.append(run)
    best: dict[str, Turn] = {}
    for c in candidates:
        if c.speaker not in best or c.duration > best[c.speaker].duration:
            best[c.speaker] = c
    return {speaker: turn.start for speaker, turn in best.items()}


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(clock=fmt_clock, band=score_band, palette_size=PALETTE_SIZE)
    env.globals.update(traits_tips=section_tips)   # issue 21: templates/traits.html.j2
    return env


_ENV = _environment()


BESIDE = object()   # render_html's default: the recording is looked for beside the report


def render_html(report: Report, ui_language: str | None = None, audio: AudioSource | None = BESIDE) -> str:
    """The whole report as one HTML page, in `ui_language` or the meeting's language, playing from
    `audio` (default: the recording's file name beside the report; None: no player)."""
    view = build_view(report, ui_language)
    lang = view.lang
    if audio is BESIDE:
        audio = audio_source(report)
    return _ENV.get_template("report.html.j2").render(
        v=view, r=report, t=view.t, tl=timeline(view), notes=source_notes(report, lang),
        who=who(report, lang, json_name(report)), corrections=correction_lines(report, lang),
        traits=traits_view(report, view),   # once: the menu's link and the section (traits.html.j2)
        settings=settings_rows(report, lang), models=model_rows(report, lang),
        monologue_at={k: (t, utterance_at(report, k, t)) for k, t in monologue_starts(report.turns).items()},
        audio=audio, player_script=Markup(PLAYER_SCRIPT), script_hash=SCRIPT_HASH,
        share=lambda x: fmt_share(x, lang), dur=lambda s: fmt_duration(s, lang),
        dec=lambda x, d=1: fmt_decimal(x, lang, d))
