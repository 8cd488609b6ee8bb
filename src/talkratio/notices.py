"""Things the reader must know about how the meeting was heard, derived from the report alone.

A Swedish meeting transcribed by the multilingual Whisper base was heard with many words wrong
(KBLab's model card: 52.1 % WER on Common Voice sv for OpenAI's base, 8.7 % for KB-Whisper base):
the report says so and names the one command that fixes it. A language decided on thin evidence
says how thin. A meeting type that expects two voices where one, or one and a sliver, was heard
says the talk share may hide a listener who sounds like the host (issue 18); one whose second voice
the prior took from a two-voice split says so. Computed from the report alone (`models`,
`language`, the speakers' shares), so a re-rendered report shows them too.
"""
from __future__ import annotations

from dataclasses import dataclass

from .diarize.expected import prior_of, split_in, voice_maybe_hidden
from .messages import t
from .schema import Report

FIT_THIN = 0.10   # transcribe.whisper.FIT_THIN (kept in step by a test; importing it would pull in the backend)
FIX_COMMAND = "talkratio models download kb-whisper-base"


@dataclass(frozen=True)
class Notice:
    key: str
    text: str
    command: str | None = None


def heard_by_multilingual_base(report: Report) -> bool:
    return report.language == "sv" and str(report.models.get("asr", "")).startswith("faster-whisper base ")


def notices(report: Report, lang: str) -> tuple[Notice, ...]:
    found = []
    if heard_by_multilingual_base(report):
        found.append(Notice("asr.multilingual_sv", t(lang, "notice.asr.multilingual_sv", command=FIX_COMMAND),
                            FIX_COMMAND))
    margin = report.models.get("language_margin")
    if isinstance(margin, (int, float)) and margin < FIT_THIN:
        number = f"{margin:.2f}".replace(".", ",") if lang == "sv" else f"{margin:.2f}"
        limit = f"{FIT_THIN:.2f}".replace(".", ",") if lang == "sv" else f"{FIT_THIN:.2f}"
        found.append(Notice("language.thin", t(lang, "notice.language.thin", margin=number, limit=limit,
                                               language=t(lang, f"report.language.{report.language}")
                                               if report.language in ("sv", "en") else report.language)))
    n = len(report.speakers)   # a type that does not fit the voices heard: "1:1-samtal · 3 talare"
    if report.meeting_type == "one-on-one" and n > 2 or report.meeting_type == "team" and n == 2:
        found.append(Notice("type.speakers", t(lang, "notice.type.speakers", count=n,
                                                type=t(lang, f"scores.type.{report.meeting_type}"))))
    shares = sorted(s.talk_share for s in report.speakers)
    if split_in(str(report.models.get("diarization", ""))) and len(shares) == 2:   # said even if re-scored as another type
        found.append(Notice("diarization.split", t(lang, "notice.diarization.split")))
    # the prior ran at analysis (pyannote, no count given) and the meeting type, maybe re-scored, expects two
    if shares and voice_maybe_hidden(shares, prior_of(str(report.models.get("diarization", "")), report.meeting_type)):   # no voice at all: nothing was merged
        share = f"{100 * shares[0]:.1f}".replace(".", "," if lang == "sv" else ".")
        heard = t(lang, "notice.diarization.other_share", share=share) if len(shares) > 1 else \
            t(lang, "notice.diarization.no_other")
        found.append(Notice("diarization.one_voice", t(lang, "notice.diarization.one_voice", heard=heard,
                                                       type=t(lang, f"scores.type.{report.meeting_type}"))))
    return tuple(found)


def as_json(report: Report, lang: str) -> list[dict]:
    return [{"key": n.key, "text": n.text, **({"command": n.command} if n.command else {})}
            for n in notices(report, lang)]
