"""Scripted meetings for the five traits (tests/data/meetings/traits/*.yaml): true words in, the
traits' findings scored against the truth labels each script carries per line."""
from __future__ import annotations

from pathlib import Path

import yaml

from speech import utterance
from talkratio.report import build_report
from talkratio.schema import AudioInfo, Diarization, Report, Transcript, Turn

TRAITS_DIR = Path(__file__).parent / "data" / "meetings" / "traits"
GAP_S = 0.6


def scripts() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(TRAITS_DIR.glob("*.yaml"))]


def timed_lines(script: dict) -> list[dict]:
    """The script's lines with times: words 0.35 s apart, GAP_S between lines (as truth.json has them)."""
    t, out = 0.5, []
    for line in script["lines"]:
        end = t + 0.35 * len(line["t"].split())
        out.append({**line, "start": t, "end": end})
        t = end + GAP_S
    return out


def report_from_lines(script: dict, lines: list[dict], duration_s: float | None = None) -> Report:
    """The analysis on true words: one utterance per line, its speaker known."""
    utts = [utterance(line["t"], line["s"], line["start"], line["end"]) for line in lines]
    turns = tuple(Turn(u.speaker, u.start, u.end) for u in utts)
    duration = duration_s or lines[-1]["end"] + 0.8
    source = AudioInfo(f"{script['id']}.txt", "0" * 64, duration, 1, 16000, timing="transcript")
    words = tuple(w for u in utts for w in u.words)
    kind = {"one_on_one": "one-on-one"}.get(script["kind"], script["kind"])
    return build_report(source, Diarization(turns, turns, "truth"), Transcript(words, script["language"], None, "truth"),
                        meeting_type=kind, host_flag=script["host"], names=script.get("names"))


def line_of(lines: list[dict], start: float, speaker: str | None = None) -> int | None:
    """The index of the line a finding starting at `start` falls in (speaker-checked when given)."""
    for i, line in enumerate(lines):
        if line["start"] - 0.3 <= start <= line["end"] + 0.3 and (speaker is None or line["s"] == speaker):
            return i
    return None


def _as_list(v) -> list:
    return v if isinstance(v, list) else [v]


def units(report: Report, lines: list[dict]) -> dict[str, tuple[set, set]]:
    """Per trait: (truth units, found units). A unit is (line, kind) or (item, line) for the agenda."""
    tr = report.findings.traits
    truth = {k: set() for k in ("follow_ups", "active_listening", "agenda", "facts_relationship", "together")}
    for i, line in enumerate(lines):
        if line.get("fu"):
            truth["follow_ups"].add((i, "follow_up"))
        if line.get("lis"):
            truth["active_listening"].add((i, line["lis"]))
        if line.get("agenda"):
            truth["agenda"].add((i, "agenda"))
        if line.get("reach"):
            truth["agenda"].add((line["reach"], i))
        if line.get("fact"):
            truth["facts_relationship"].add((i, "fact"))
        if line.get("rel"):
            truth["facts_relationship"].add((i, "relation"))
        for kind in _as_list(line.get("init") or []):
            truth["together"].add((i, kind))
    found = {k: set() for k in truth}
    at = lambda m: line_of(lines, m.start, m.speaker)   # noqa: E731
    found["follow_ups"] = {(at(m), "follow_up") for m in tr.follow_ups}
    found["active_listening"] = {(at(m), m.kind) for m in tr.reflections + tr.backchannels}
    if tr.agenda:
        found["agenda"].add((at(tr.agenda), "agenda"))
        named = [line.get("agenda") for line in lines if line.get("agenda")]
        keys = named[0] if named else []
        for item in tr.agenda_items:
            if item.reached:
                key = next((k for k in keys if k in item.text), item.text)
                found["agenda"].add((key, line_of(lines, item.start, item.speaker)))
    found["facts_relationship"] = {(at(m), "fact") for m in tr.facts} | {(at(m), "relation") for m in tr.relations}
    found["together"] = {(at(m), m.kind) for m in tr.initiatives}
    return {k: (truth[k], found[k]) for k in truth}


def precision_recall(pairs: list[tuple[set, set]]) -> tuple[float, float]:
    tp = sum(len(t & f) for t, f in pairs)
    n_found = sum(len(f) for _, f in pairs)
    n_truth = sum(len(t) for t, _ in pairs)
    return (tp / n_found if n_found else 1.0), (tp / n_truth if n_truth else 1.0)
