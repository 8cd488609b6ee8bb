"""From model outputs to a Report (pure, fast), and the Report to and from contract JSON.

`build_report()` is everything after the models: attribution, findings, metrics, scores,
tips. It takes plain dataclasses, so tests drive it with hand-written turns and words; the
batch cache replays stored diarization and transcripts through it when only scoring options
change, and `talkratio report` re-renders a report from its JSON without loading any model.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, replace
from typing import Any, Mapping

import numpy as np

from . import __version__
from .attribute import assign_speakers, group_utterances
from .host import choose_host
from .confidence import annotate, quality_of
from .diarize.expected import shares_in_doubt
from .metrics import measure, without_turn_taking
from .modelcheck import Scorer, review
from .names import suggest_names
from .needs_methods import SEED, analyse
from .needs_methods import load as load_method
from .next_steps import detect_next_steps
from .notices import as_json as notices_json
from .purpose import detect_purpose
from .questions import detect_questions, needs_analysis
from .schema import (AudioInfo, Diarization, Findings, Metrics, NeedsItem, NextStep, Purpose, Question, Report,
                     Score, Scores, SpeakerStats, Transcript, TranscriptQuality, TranscriptSource, Turn, Utterance,
                     Word)
from .scoring import coaching_tips, score_all
from .traits import detect_traits
from .traits.json import traits_from_dict, traits_to_dict

SCHEMA = "talkratio.report/1"


def build_report(source: AudioInfo, diarization: Diarization, transcript: Transcript, *,
                 meeting_type: str = "one-on-one", host_flag: str | None = None, enrolled_host: str | None = None,
                 names: Mapping[str, str] | None = None, recorded: dt.date | None = None,
                 audio: np.ndarray | None = None, models: Mapping[str, str] | None = None,
                 timings_s: Mapping[str, float] | None = None, settings: Mapping[str, Any] | None = None,
                 scorer: Scorer | None = None, needs_method: str | None = None) -> Report:
    """`scorer`: the ASR model's own scoring (modelcheck.py); with `audio`, tolerant matches are checked.
    `needs_method`: the needs analysis' questions (needs_methods.py; default the seed's four)."""
    names = dict(names or {})
    language = transcript.language
    # words that already know their speaker (a transcript file's names) keep it; Whisper's get one by time
    words = (transcript.words if transcript.words and all(w.speaker for w in transcript.words)
             else assign_speakers(transcript.words, diarization.exclusive))
    utterances = group_utterances(words)
    speakers = list(diarization.speakers)
    questions = detect_questions(utterances, language, audio)
    host, host_source = choose_host(speakers, flag=host_flag, names=names, enrolled=enrolled_host,
                                    questions=questions, turns=diarization.turns)
    findings = Findings(
        questions=questions,
        next_steps=detect_next_steps(utterances, language, speakers, names, recorded),
        needs=needs_analysis(questions),
        purpose=detect_purpose(utterances, language, source.duration_s),
    )
    if scorer is not None and audio is not None:
        findings = review(findings, scorer, audio, language)
    if needs_method and needs_method != SEED:   # a method of one's own: its items, after the model check
        findings = replace(findings, needs=analyse(findings.questions, language, load_method(needs_method)))
        settings = {**(settings or {}), "needs_method": needs_method}
    findings = annotate(findings, utterances)
    return assemble(source, diarization.turns, utterances, findings, speakers, language, host, host_source,
                    meeting_type=meeting_type, names=names, quality=quality_of(transcript),
                    language_probability=transcript.language_probability, recorded=recorded, models=models,
                    timings_s=timings_s, settings=settings,
                    suggested_names=suggest_names(utterances, speakers, language, names))


def assemble(source: AudioInfo, turns: tuple[Turn, ...], utterances: tuple[Utterance, ...], findings: Findings,
             speakers: list[str], language: str, host: str | None, host_source: str | None, *, meeting_type: str,
             names: Mapping[str, str], quality: TranscriptQuality | None, language_probability: float | None,
             recorded: dt.date | None, models: Mapping[str, str] | None = None,
             timings_s: Mapping[str, float] | None = None, settings: Mapping[str, Any] | None = None,
             **extra: Any) -> Report:
    """Findings to a Report: metrics, scores and tips. Shared by `build_report` and `rescore.rescore`,
    so a re-scored report is computed exactly as a fresh one; `extra` are Report fields to set."""
    # issue 21: the five traits follow the host and the questions as they stand now (a re-score may change both)
    findings = replace(findings, traits=detect_traits(utterances, findings.questions, host, language,
                                                      source.duration_s))
    metrics, stats = measure(turns, utterances, source.duration_s, host, findings.questions, names)
    if source.timing == "transcript":  # cue spans hide the pauses: no patience, no interruptions
        metrics, stats = without_turn_taking(metrics, stats)
    doubt = shares_in_doubt(str((models or {}).get("diarization", "")), [s.talk_share for s in stats], meeting_type)
    scores = score_all(metrics, findings, host, speakers, source.duration_s, meeting_type, language, quality, doubt)
    return Report(
        source=source, language=language, language_probability=language_probability, host=host,
        host_source=host_source, meeting_type=meeting_type, speakers=stats, turns=turns,
        utterances=utterances, findings=findings, metrics=metrics, scores=scores,
        tips=coaching_tips(metrics, stats, findings, scores, meeting_type, language),
        names=dict(names), models=dict(models or {}), timings_s=dict(timings_s or {}), settings=dict(settings or {}),
        recorded=recorded.isoformat() if isinstance(recorded, dt.date) else recorded, version=__version__,
        quality=quality, **extra,
    )


# --- JSON -------------------------------------------------------------------------------

def to_dict(r: Report) -> dict[str, Any]:
    """The report as contract JSON (see docs: report-contract.md); extra fields are additive."""
    f = r.findings
    return {
        "schema": SCHEMA,
        "version": r.version,
        "source": asdict(r.source),
        "recorded": r.recorded,
        "language": r.language,
        "language_probability": r.language_probability,
        "meeting_type": r.meeting_type,
        "host": r.host,
        "host_source": r.host_source,
        "speakers": [{**asdict(s), "name": r.names.get(s.id, s.name)} for s in r.speakers],
        "turns": [asdict(t) for t in r.turns],
        "utterances": [{"speaker": u.speaker, "start": u.start, "end": u.end, "text": u.text,
                        "words": [{"w": w.text, "start": w.start, "end": w.end, "p": w.probability} for w in u.words]}
                       for u in r.utterances],
        "questions": [asdict(q) for q in f.questions],
        "needs_analysis": [asdict(n) for n in f.needs],
        "purpose": asdict(f.purpose),
        "traits": traits_to_dict(f.traits),   # issue 21; null in a report from before it
        "next_steps": [{**asdict(s), "missing": list(s.missing), "cues": list(s.cues)} for s in f.next_steps],
        "metrics": {**asdict(r.metrics), "interruptions": dict(r.metrics.interruptions)},
        "scores": {k: _score_dict(getattr(r.scores, k)) for k in r.scores.__dataclass_fields__
                   if getattr(r.scores, k) is not None},
        "transcript_quality": asdict(r.quality) if r.quality else None,
        "tips": list(r.tips),
        "names": dict(r.names),
        "models": dict(r.models),
        "timings_s": dict(r.timings_s),
        "settings": dict(r.settings),
        "notices": notices_json(r, "sv" if (r.language or "").startswith("sv") else "en"),
        "suggested_names": {k: dict(v) for k, v in r.suggested_names.items()},
        "corrections": [dict(c) for c in r.corrections],
    }


def _score_dict(score: Score) -> dict[str, Any]:
    return {**asdict(score), "parts": [list(p) for p in score.parts]}


def _score(d: Mapping[str, Any]) -> Score:
    return Score(**{**d, "parts": tuple(tuple(p) for p in d.get("parts", ()))})


def from_dict(d: Mapping[str, Any]) -> Report:
    """Read contract JSON back into a Report (the inverse of `to_dict`)."""
    if d.get("schema") != SCHEMA:
        raise ValueError(f"not a talkratio report (schema {d.get('schema')!r}, expected {SCHEMA!r})")
    utterances = tuple(
        Utterance(u["speaker"], u["start"], u["end"],
                  tuple(Word(w["w"], w["start"], w["end"], w.get("p", 1.0), u["speaker"]) for w in u["words"]))
        for u in d["utterances"])
    return Report(
        source=_source(d["source"]), language=d["language"], language_probability=d.get("language_probability"),
        host=d.get("host"), host_source=d.get("host_source"), meeting_type=d.get("meeting_type", "one-on-one"),
        speakers=tuple(SpeakerStats(**s) for s in d["speakers"]),
        turns=tuple(Turn(**t) for t in d["turns"]),
        utterances=utterances,
        findings=Findings(
            questions=tuple(Question(**q) for q in d.get("questions", ())),
            next_steps=tuple(NextStep(**{**s, "missing": tuple(s.get("missing", ())), "cues": tuple(s.get("cues", ()))})
                             for s in d.get("next_steps", ())),
            needs=tuple(NeedsItem(**n) for n in d.get("needs_analysis", ())),
            purpose=Purpose(**d["purpose"]) if d.get("purpose") else Purpose(stated=False),
            traits=traits_from_dict(d.get("traits")),
        ),
        metrics=Metrics(**d["metrics"]),
        scores=Scores(**{k: _score(v) for k, v in d["scores"].items()}),
        quality=TranscriptQuality(**d["transcript_quality"]) if d.get("transcript_quality") else None,
        tips=tuple(d.get("tips", ())), names=dict(d.get("names", {})), models=dict(d.get("models", {})),
        timings_s=dict(d.get("timings_s", {})), settings=dict(d.get("settings", {})),
        recorded=d.get("recorded"), version=d.get("version", ""),
        suggested_names=dict(d.get("suggested_names", {})), corrections=tuple(d.get("corrections", ())),
    )


def _source(d: Mapping[str, Any]) -> AudioInfo:
    t = d.get("transcript")
    transcript = TranscriptSource(**{**t, "warnings": tuple(t.get("warnings", ()))}) if t else None
    return AudioInfo(**{**d, "transcript": transcript})


def with_names(report: Report, names: Mapping[str, str]) -> Report:
    return replace(report, names={**report.names, **names})
