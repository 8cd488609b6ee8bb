"""What every renderer shows, computed once: HTML, Markdown and terminal only lay it out.

The view is plain data derived from a `Report` (speaker order and colours, findings linked
to their transcript line, formatted numbers), so the three outputs cannot disagree and
none of them re-implements a rule. Nothing here escapes: each renderer escapes for its
own medium.
"""
from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass
from functools import partial
from typing import Callable

from ..confidence import LOW_P
from ..messages import CATALOGUE, CUE_TERMS, t
from ..closing import closing_window
from ..notices import notices
from ..schema import NEEDS_KEYS, NeedsItem, NextStep, Report, Score, SpeakerStats

SCORE_KEYS = ("listening_balance", "open_questions", "next_steps", "overall")
CARD_KEYS = ("overall", "listening_balance", "open_questions", "needs", "next_steps")   # the page's order
STEP_SLOTS = ("owner", "action", "due", "follow_up")
PALETTE_SIZE = 8  # speaker colours c0..c7; each renderer defines its own eight


def ui_language(report: Report, override: str | None = None) -> str:
    """Swedish UI for a Swedish meeting (or when asked for), English for anything else."""
    lang = (override or report.language or "en").lower()
    return "sv" if lang.split("-")[0] == "sv" else "en"


# --- numbers, the way each language writes them ---

def fmt_clock(seconds: float) -> str:
    """A timestamp: 4:07, or 1:02:07 past the hour."""
    s = max(0, int(round(seconds)))
    h, m = divmod(s // 60, 60)
    return f"{h}:{m:02d}:{s % 60:02d}" if h else f"{m}:{s % 60:02d}"


def fmt_decimal(value: float, lang: str, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "sv" else text


def fmt_duration(seconds: float | None, lang: str) -> str:
    """A length: "0,8 s", "48 s", "3 min 05 s", "1 h 02 min"; "–" when unknown."""
    if seconds is None:
        return "–"
    if seconds < 10:
        return f"{fmt_decimal(seconds, lang)} s"
    s = int(round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def fmt_share(share: float | None, lang: str) -> str:
    """A share of 0..1 as a percentage: "72 %" in Swedish (with a no-break space), "72%" in English."""
    if share is None:
        return "–"
    return f"{round(share * 100)}\u00a0%" if lang == "sv" else f"{round(share * 100)}%"


def score_band(value: int) -> str:
    """good / fair / poor: the colour a score is shown in."""
    return "good" if value >= 75 else "fair" if value >= 50 else "poor"


# --- the view ---

@dataclass(frozen=True)
class SpeakerView:
    id: str
    name: str
    colour: int                      # index into the palette
    stats: SpeakerStats | None       # None for a speaker with turns but no stats row
    is_host: bool


@dataclass(frozen=True)
class Mark:
    """A finding placed on the timeline and linked to its transcript line."""
    kind: str                        # open | closed | prompt | step
    start: float
    speaker: str
    text: str
    anchor: int | None               # utterance index, for `#u-<index>`
    cue: str = ""
    heard: str = ""                  # a tolerant match: "hört som …, tolkat som …"


@dataclass(frozen=True)
class StepView:
    step: NextStep
    owner: str | None                # display text, None when missing
    status: str                      # concrete | vague | incomplete
    anchor: int | None

    def missing(self, slot: str) -> bool:
        """A slot the rules did not find (follow-up is a yes/no, missing only when flagged)."""
        value = self.owner if slot == "owner" else getattr(self.step, slot)
        return slot in self.step.missing or value is None

    @property
    def follow_up_key(self) -> str:
        """The follow-up cell's text: agreed, said without a time heard, or not."""
        return ("report.yes" if self.step.follow_up else
                "report.step.follow_up_untimed" if self.step.follow_up_untimed else "report.no")


@dataclass(frozen=True)
class View:
    lang: str
    t: Callable[..., str]
    report: Report
    speakers: tuple[SpeakerView, ...]
    colour: dict[str, int]           # speaker id → palette index
    duration: float
    scores: tuple[tuple[str, Score], ...]
    questions: tuple[Mark, ...]
    steps: tuple[StepView, ...]
    needs: tuple[tuple[str, NeedsItem | None, int | None], ...]   # (key, item, anchor)
    purpose_anchor: int | None
    badges: dict[int, tuple[str, ...]]      # utterance index → mark kinds on that line
    file_name: str
    cards: tuple[tuple[str, Score], ...] = ()                     # CARD_KEYS present, overall first
    closing: tuple[int, int] = (0, 0)       # (concrete, all) steps in the closing window: what the score reads
    low_words: dict[int, tuple[tuple[str, bool], ...]] = None     # utterance index → (word, low probability)
    notices: tuple = ()                     # notices.Notice: how the meeting was heard
    purpose_cue: str = ""                   # the purpose rule that fired, in the UI language

    @property
    def quality(self):
        return self.report.quality

    @property
    def poor(self) -> bool:
        return bool(self.report.quality and self.report.quality.poor)

    def heard(self, finding) -> str:
        return heard_text(self.lang, finding)

    def tech(self, text: str) -> str:
        """A model's description (as its backend wrote it) in the reader's language."""
        from .details import tech_text

        return tech_text(text, self.lang)

    @property
    def json_name(self) -> str:
        """The JSON report's usual name (the recording's stem), for the commands the page suggests."""
        return os.path.splitext(self.file_name)[0] + ".json"

    def area(self, key: str) -> str:
        return self.t(f"scores.area.{key}")
    @property
    def host(self) -> SpeakerView | None:
        return next((s for s in self.speakers if s.is_host), None)

    def name(self, speaker: str | None) -> str:
        return self.report.display(speaker)

    def question_counts(self) -> tuple[int, int]:
        """(open, closed) questions asked by the host; by everyone when the host is unknown."""
        host = self.host
        if host is not None and host.stats is not None:
            return host.stats.questions_open, host.stats.questions_closed
        return (sum(q.kind == "open" for q in self.questions), sum(q.kind == "closed" for q in self.questions))

    @property
    def needs_asked(self) -> int:
        return sum(1 for _, item, _ in self.needs if item is not None and item.asked)

    @property
    def needs_uncertain(self) -> int:
        return sum(1 for _, item, _ in self.needs if item is not None and item.uncertain and not item.asked)

    @property
    def concrete_steps(self) -> int:
        return sum(s.status == "concrete" for s in self.steps)

    def top_tips(self, n: int = 3) -> tuple[str, ...]:
        return tuple(self.report.tips[:n])

    def stage(self, key: str) -> str:
        """A pipeline stage's name in the report's language (a stage we have no word for stays as is)."""
        return self.t(f"report.stage.{key}") if f"report.stage.{key}" in CATALOGUE["en"] else key


def utterance_at(report: Report, speaker: str | None, start: float | None) -> int | None:
    """Index of the transcript line a finding came from: the speaker's line covering `start`,
    else the line starting nearest to it. None when there is no transcript."""
    utts = report.utterances
    if start is None or not utts:
        return None
    covering = [i for i, u in enumerate(utts) if u.start - 0.05 <= start <= u.end + 0.05]
    same = [i for i in covering if utts[i].speaker == speaker]
    if same or covering:
        return (same or covering)[0]
    starts = [u.start for u in utts]
    i = bisect.bisect_left(starts, start)
    near = [j for j in (i - 1, i) if 0 <= j < len(utts)]
    return min(near, key=lambda j: abs(starts[j] - start))


def _speakers(report: Report) -> tuple[SpeakerView, ...]:
    """Host first, then by talk time; speakers seen only in turns or lines come last."""
    stats = {s.id: s for s in report.speakers}
    ids = sorted(stats, key=lambda i: (i != report.host, -stats[i].talk_time_s, i))
    seen = {x.speaker for x in (*report.turns, *report.utterances)}
    ids += sorted(seen - set(ids))
    return tuple(SpeakerView(i, report.display(i), n % PALETTE_SIZE, stats.get(i), i == report.host)
                 for n, i in enumerate(ids))


_CUE_TERM = re.compile(r"(?<![\w/-])(" + "|".join(map(re.escape, CUE_TERMS)) + r")(?![\w/-])")


def cue_text(cue: str, lang: str) -> str:
    """A finding's cue in the reader's language: the rule names are translated, the quoted words
    (what was said: 'vad', 'eller hur') are left as they are."""
    parts = re.split(r"('[^']*')", cue or "")
    return "".join(p if i % 2 else _decimals(_CUE_TERM.sub(lambda m: t(lang, f"cue.{m.group(1)}"), p), lang)
                   for i, p in enumerate(parts))


def _decimals(text: str, lang: str) -> str:
    """"+3.6" → "+3,6" in Swedish (outside what was said)."""
    return re.sub(r"(?<=\d)\.(?=\d)", ",", text) if lang == "sv" else text


def heard_text(lang: str, finding) -> str:
    """"hört som 'man kan du göra', tolkat som 'vad kan du göra'" for a tolerant match; "" otherwise."""
    heard, taken = getattr(finding, "heard", None), getattr(finding, "taken_for", None)
    if not heard or heard == taken:
        return ""
    return t(lang, "report.heard", heard=heard, taken=taken) if taken else t(lang, "report.heard_only", heard=heard)


def _step_status(step: NextStep) -> str:
    return ("concrete" if step.concrete else "uncertain" if step.uncertain else "vague" if step.vague
            else "incomplete")


def build_view(report: Report, ui_lang: str | None = None) -> View:
    """Everything a renderer needs, in the UI language (`ui_lang` or the report's)."""
    lang = ui_language(report, ui_lang)
    speakers = _speakers(report)
    at = partial(utterance_at, report)
    f = report.findings
    questions = tuple(Mark("prompt" if q.prompt else q.kind, q.start, q.speaker, q.text,
                           at(q.speaker, q.start), cue_text(q.cue, lang), heard_text(lang, q)) for q in f.questions)
    view_steps = []
    for s in f.next_steps:
        owner = (t(lang, f"report.owner.{s.owner}") if s.owner in ("both", "all")
                 else None if s.owner is None else report.display(s.owner))
        view_steps.append(StepView(s, owner, _step_status(s), at(s.speaker, s.start)))
    badges: dict[int, tuple[str, ...]] = {}
    for kind, anchor in [(q.kind, q.anchor) for q in questions] + [("step", s.anchor) for s in view_steps]:
        if anchor is not None and kind not in badges.get(anchor, ()):
            badges[anchor] = badges.get(anchor, ()) + (kind,)
    needs = {n.key: n for n in f.needs}
    ends = [x.end for x in (*report.turns, *report.utterances)]
    found = {k: getattr(report.scores, k, None) for k in CARD_KEYS}
    window = closing_window(report.source.duration_s)[0]
    late = [s for s in f.next_steps if s.end >= window]
    low_words = {i: tuple((w.text, w.probability < LOW_P) for w in u.words) for i, u in enumerate(report.utterances)}
    return View(
        lang=lang, t=partial(t, lang), report=report, speakers=speakers,
        colour={s.id: s.colour for s in speakers},
        duration=max([report.source.duration_s, *ends, 1.0]),
        scores=tuple((k, getattr(report.scores, k)) for k in SCORE_KEYS),
        questions=questions, steps=tuple(view_steps),
        needs=tuple((k, needs.get(k), at(needs[k].speaker, needs[k].start)
                     if k in needs and (needs[k].asked or needs[k].uncertain) else None)
                    for k in ([n.key for n in f.needs] if any(n.label for n in f.needs) else NEEDS_KEYS)),
        purpose_anchor=at(f.purpose.speaker, f.purpose.start) if f.purpose.stated or f.purpose.uncertain else None,
        badges=badges, file_name=os.path.basename(report.source.path) or report.source.path,
        cards=tuple((k, sc) for k, sc in found.items() if sc is not None),
        closing=(sum(s.concrete for s in late), len(late)), low_words=low_words,
        notices=notices(report, lang), purpose_cue=cue_text(f.purpose.cue or "", lang),
    )
