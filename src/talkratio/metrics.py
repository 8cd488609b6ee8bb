"""Conversation metrics from the overlapping diarization turns: who talked, when, how.

Talk time is the union of a speaker's turns, so overlap counts for each speaker. Turn-taking
metrics work on *spurts*: one speaker's turns joined across pauses under SPURT_GAP_S (a
diarizer splits speech at every breath). A spurt shorter than BACKCHANNEL_S is a
back-channel ("mm", "ja", "okej"): it never takes the floor, so it neither breaks someone
else's monologue nor counts as an interruption. Every threshold is explained in
docs/scoring.md.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Mapping, Sequence

from .schema import Metrics, Question, SpeakerStats, Turn, Utterance

SPURT_GAP_S = 0.5            # one speaker's turns closer than this are one spurt
BACKCHANNEL_S = 1.0          # a spurt shorter than this is a back-channel
HANDOVER_OVERLAP_S = 0.5     # starting this close to the other's end is a hand-over, not an interruption
MONOLOGUE_BREAK_S = 5.0      # a silence this long ends a monologue even if nobody else speaks

Span = tuple[float, float]


def union(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping spans covering the same time as `spans`."""
    merged: list[list[float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        elif end > start:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _length(spans: Iterable[Span]) -> float:
    return sum(e - s for s, e in spans)


def overlap_seconds(per_speaker: Mapping[str, list[Span]]) -> float:
    """Time in which two or more speakers talk at once."""
    events = sorted((t, d) for spans in per_speaker.values() for s, e in spans for t, d in ((s, 1), (e, -1)))
    total, active, last = 0.0, 0, 0.0
    for t, d in events:  # ends sort before starts at the same instant: touching is not overlap
        if active >= 2:
            total += t - last
        active, last = active + d, t
    return total


def spurts(turns: Sequence[Turn]) -> list[Turn]:
    """Each speaker's turns joined across short pauses, sorted by start."""
    by_speaker: dict[str, list[Span]] = {}
    for t in turns:
        by_speaker.setdefault(t.speaker, []).append((t.start, t.end))
    out = []
    for speaker, spans in by_speaker.items():
        current: list[float] | None = None
        for start, end in union(spans):
            if current and start - current[1] < SPURT_GAP_S:
                current[1] = end
            else:
                if current:
                    out.append(Turn(speaker, *current))
                current = [start, end]
        if current:
            out.append(Turn(speaker, *current))
    return sorted(out, key=lambda t: (t.start, t.end))


def is_backchannel(spurt: Turn) -> bool:
    return spurt.duration < BACKCHANNEL_S


def longest_monologues(floor: Sequence[Turn]) -> dict[str, float]:
    """Per speaker, the longest run of their floor spurts that nobody else's floor spurt breaks."""
    best: dict[str, float] = {}
    run: Turn | None = None
    for s in floor:
        if run and s.speaker == run.speaker and s.start - run.end < MONOLOGUE_BREAK_S:
            run = Turn(run.speaker, run.start, max(run.end, s.end))
        else:
            run = s
        best[run.speaker] = max(best.get(run.speaker, 0.0), run.duration)
    return best


def interruptions(all_spurts: Sequence[Turn], floor: Sequence[Turn]) -> dict[str, int]:
    """Floor spurts started while another speaker's floor spurt had HANDOVER_OVERLAP_S or more to go."""
    counts = {s.speaker: 0 for s in all_spurts}
    latest_end: dict[str, float] = {}  # per speaker, the end of their floor spurts so far
    for s in floor:
        if any(end - s.start >= HANDOVER_OVERLAP_S for who, end in latest_end.items() if who != s.speaker):
            counts[s.speaker] += 1
        latest_end[s.speaker] = max(latest_end.get(s.speaker, s.end), s.end)
    return counts


def patience(all_spurts: Sequence[Turn], speaker: str) -> float | None:
    """Mean pause before `speaker` takes the floor after someone else stopped; overlapping starts are 0.

    A sample is taken only when someone else's speech ended after the speaker's own last spurt, so
    a "mm" inside the speaker's monologue does not count. None when there is no sample.
    """
    pauses = []
    others_end = own_end = None
    for s in all_spurts:
        if s.speaker != speaker:
            others_end = s.end if others_end is None else max(others_end, s.end)
            continue
        # the speaker's own "mm" is listening, not taking the floor
        if not is_backchannel(s) and others_end is not None and (own_end is None or others_end > own_end):
            pauses.append(max(0.0, s.start - others_end))
        own_end = s.end if own_end is None else max(own_end, s.end)
    return sum(pauses) / len(pauses) if pauses else None


def _switches(floor: Sequence[Turn]) -> int:
    return sum(a.speaker != b.speaker for a, b in zip(floor, floor[1:]))


def _word_count(utterances: Sequence[Utterance], speaker: str) -> int:
    return sum(1 for u in utterances if u.speaker == speaker for w in u.words if any(c.isalnum() for c in w.text))


def _question_counts(questions: Sequence[Question], speaker: str) -> tuple[int, int]:
    asked = [q for q in questions if q.speaker == speaker and not q.prompt]
    return sum(q.kind == "open" for q in asked), sum(q.kind == "closed" for q in asked)


def measure(turns: Sequence[Turn], utterances: Sequence[Utterance], duration_s: float, host: str | None,
            questions: Sequence[Question] = (), names: Mapping[str, str] = {},
            ) -> tuple[Metrics, tuple[SpeakerStats, ...]]:
    """Meeting-level metrics and per-speaker stats (sorted by speaker id) from overlapping turns."""
    per_speaker: dict[str, list[Span]] = {}
    for t in turns:
        per_speaker.setdefault(t.speaker, []).append((t.start, t.end))
    per_speaker = {k: union(v) for k, v in sorted(per_speaker.items())}
    talk = {k: _length(v) for k, v in per_speaker.items()}
    total_talk = sum(talk.values())
    speech = _length(union(span for spans in per_speaker.values() for span in spans))

    all_spurts = spurts(turns)
    floor = [s for s in all_spurts if not is_backchannel(s)]
    monologue = longest_monologues(floor)
    interrupted = interruptions(all_spurts, floor)

    stats = []
    for speaker in per_speaker:
        own = [s for s in all_spurts if s.speaker == speaker]
        words = _word_count(utterances, speaker)
        n_open, n_closed = _question_counts(questions, speaker)
        stats.append(SpeakerStats(
            id=speaker, name=names.get(speaker), role="host" if speaker == host else "participant",
            talk_time_s=talk[speaker], talk_share=talk[speaker] / total_talk if total_talk else 0.0,
            turns=len(own), longest_monologue_s=max([monologue.get(speaker, 0.0), *(s.duration for s in own)]),
            words=words, words_per_minute=words / (talk[speaker] / 60) if talk[speaker] else 0.0,
            questions_open=n_open, questions_closed=n_closed,
            interruptions=interrupted[speaker], patience_s=patience(all_spurts, speaker)))

    host_stats = next((s for s in stats if s.id == host), None)
    metrics = Metrics(
        speech_s=speech, silence_s=max(0.0, duration_s - speech), overlap_s=overlap_seconds(per_speaker),
        speaker_switches_per_min=_switches(floor) / (duration_s / 60) if duration_s > 0 else 0.0,
        host_talk_share=host_stats.talk_share if host_stats else None,
        host_longest_monologue_s=host_stats.longest_monologue_s if host_stats else None,
        host_patience_s=host_stats.patience_s if host_stats else None,
        interruptions={s.id: s.interruptions for s in stats})
    return metrics, tuple(stats)


def without_turn_taking(metrics: Metrics, stats: Sequence[SpeakerStats]) -> tuple[Metrics, tuple[SpeakerStats, ...]]:
    """Patience and interruptions marked unknown: a transcript's cue spans include the pauses inside
    them and start where the captioner chose, so the gaps between cues are not the gaps between voices."""
    return (replace(metrics, host_patience_s=None, interruptions={k: None for k in metrics.interruptions},
                    turn_taking=False),
            tuple(replace(s, patience_s=None, interruptions=None) for s in stats))
