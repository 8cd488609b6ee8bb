"""The terminal summary after `analyze`: four scores, talk shares and the top three tips.

Every string goes in as a `rich.text.Text`, never as markup, so a speaker called
"[bold]" or a transcript with brackets prints literally.
"""
from __future__ import annotations

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..schema import Report
from . import build_view, fmt_decimal, fmt_duration, fmt_share, score_band
from .provenance import source_notes
from .who import correction_lines, who

BAR_WIDTH = 20
BAND_STYLE = {"good": "green", "fair": "yellow", "poor": "red"}
PALETTE = ("blue", "cyan", "yellow", "magenta", "red", "green", "white", "bright_blue")


def _bar(fraction: float, style: str) -> Text:
    filled = round(max(0.0, min(1.0, fraction)) * BAR_WIDTH)
    return Text("█" * filled, style=style) + Text("░" * (BAR_WIDTH - filled), style="dim")


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _traits(report: Report, v) -> list:
    """The five traits' scores under their own heading; nothing for a report from before them."""
    from .traits import traits_view
    blocks = traits_view(report, v)
    if not blocks:
        return []
    grid = _grid()
    for b in blocks:
        style = "dim" if b.score.uncertain else BAND_STYLE[score_band(b.score.value)]
        grid.add_row(Text(b.title), Text(str(b.score.value) + ("?" if b.score.uncertain else ""), style=f"bold {style}"),
                     _bar(b.score.value / 100, style), Text(b.score.explanation))
    return [Text(v.t("traits.section"), style="bold"), Padding(grid, (0, 0, 1, 1))]


def print_summary(report: Report, console: Console, ui_language: str | None = None,
                  json_path: str | None = None) -> None:
    """Print the compact summary of `report` to `console`, in `ui_language` or the meeting's;
    `json_path`: the report written, for the command that confirms the host and names."""
    v = build_view(report, ui_language)
    t = v.t
    title = Text(t("report.title"), style="bold") + Text(
        f" · {v.file_name} · {fmt_duration(v.duration, v.lang)}", style="dim")
    w = who(report, v.lang, json_path)
    title += Text("".join(f"\n{line}" for line in (w.host, *w.suggested) if line))
    if w.command:
        title += Text(f"\n{w.intro} ", style="dim") + Text(w.command, style="bold")
    if report.corrections:
        title += Text("\n" + t("corrections.title") + ": " + " · ".join(correction_lines(report, v.lang)), style="dim")

    scores = _grid()
    for key, score in v.cards:
        style = "dim" if score.uncertain else BAND_STYLE[score_band(score.value)]
        value = Text(str(score.value), style=f"bold {style}")
        if score.uncertain:
            value += Text("?", style="dim")
        scores.add_row(Text(t(f"report.score.{key}"), style="bold" if key == "overall" else ""),
                       value, _bar(score.value / 100, style), Text(score.explanation))

    shares = _grid()
    for s in v.speakers:
        if s.stats is None:
            continue
        name = Text(s.name, style=PALETTE[s.colour])
        if s.is_host:
            name += Text(f" ({t('report.role.host')})", style="dim")
        shares.add_row(name, Text(fmt_share(s.stats.talk_share, v.lang)),
                       _bar(s.stats.talk_share, PALETTE[s.colour]),
                       Text(fmt_duration(s.stats.talk_time_s, v.lang), style="dim"))

    parts = [title]
    if v.quality:
        key = "report.terminal.quality_poor" if v.poor else "report.terminal.quality"
        parts.append(Text(t(key, low=fmt_share(v.quality.low_share, v.lang), model=v.tech(v.quality.model)),
                          style="yellow" if v.poor else "dim"))
    parts += [Padding(scores, (1, 0, 1, 1))]
    parts += _traits(report, v)   # issue 21: the five traits, one row each
    parts += [Text(t("report.terminal.shares"), style="bold"), Padding(shares, (0, 0, 1, 1))]
    notes = source_notes(report, v.lang)   # a transcript file: where words and times came from, and warnings
    if notes:
        parts += [Padding(Text("\n".join(notes), style="dim"), (0, 0, 1, 1))]
    parts += [Padding(Text(f"! {n.text}", style="yellow"), (0, 0, 1, 0)) for n in v.notices]
    tips = v.top_tips(3)
    if tips:
        listing = Table.grid(padding=(0, 1))
        listing.add_column(no_wrap=True)
        listing.add_column(overflow="fold")
        for i, tip in enumerate(tips, 1):
            listing.add_row(Text(f"{i}."), Text(tip))
        parts += [Text(t("report.terminal.tips"), style="bold"), Padding(listing, (0, 0, 0, 1))]
    total = sum(report.timings_s.values())
    if total > 0:  # a re-render from JSON keeps the analysis' own timings
        stages = " · ".join(f"{v.stage(stage)} {fmt_duration(s, v.lang)}" for stage, s in report.timings_s.items())
        speed = fmt_decimal(report.source.duration_s / total, v.lang)
        parts += [Text(t("report.terminal.timings", stages=stages, total=fmt_duration(total, v.lang), speed=speed),
                       style="dim")]
    console.print(Group(*parts))
