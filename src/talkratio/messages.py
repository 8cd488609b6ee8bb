"""The one message catalogue: every sentence a user reads, in Swedish and English.

Each area owns one dict below (keys are `area.name`); `t()` picks the language and formats.
Placeholders use str.format names. Swedish is first-class: write it as a Swede would say it.
"""
from __future__ import annotations

from .messages_batch import BATCH as _BATCH   # a folder run and its overview page
from .messages_page import PAGE as _PAGE   # the report page: the player, settings, plain words
from .messages_report import REPORT as _REPORT   # the report's sections
from .messages_review import REVIEW   # who is who, corrections, re-scoring: an area of its own module
from .messages_traits import TRAITS as _TRAITS   # the five traits (follow-ups, listening, agenda, …)

# --- scores and coaching tips (metrics, listening balance, open questions, overall) ---
_SCORES: dict[str, dict[str, str]] = {
    "sv": {
        "scores.no_host": "Ingen mötesledare kunde pekas ut, så det här betygsattes inte.",
        "scores.lb.single": "Bara en röst hördes, så det fanns ingen att lyssna på.",
        "scores.lb.summary": "Du pratade {share} av tiden (målet i {type} är {band}), ditt längsta inlägg var "
                             "{monologue} och du väntade i snitt {patience} innan du tog ordet.",
        "scores.lb.summary_no_patience": "Du pratade {share} av tiden (målet i {type} är {band}) och ditt "
                                         "längsta inlägg var {monologue}.",
        "scores.type.one-on-one": "ett 1:1-samtal",
        "scores.type.sales": "ett kundmöte",
        "scores.type.team": "ett teammöte",
        "scores.oq.none": "Du ställde inga frågor.",
        "scores.oq.summary": "{questions}, och du ställde ungefär {rate} frågor per tio minuter.",
        "scores.oq.summary_prompts": "{questions}, du bad den andra berätta mer {prompts}, och du ställde ungefär "
                                     "{rate} frågor per tio minuter.",
        "scores.once": "en gång",
        "scores.times": "{n} gånger",
        "scores.overall.summary": "Ditt starkaste område var {best} ({best_value}) och ditt svagaste "
                                  "{worst} ({worst_value}).",
        "scores.overall.even": "Alla delar fick samma betyg ({value}).",
        "scores.area.listening_balance": "lyssnandet",
        "scores.area.open_questions": "de öppna frågorna",
        "scores.area.next_steps": "nästa steg",
        "scores.area.needs": "behovsanalysen",
        "scores.area.purpose": "att säga syftet med mötet",
        "tips.no_host": "Ange vem som ledde mötet med --host, så kan rapporten ge dig personliga tips.",
        "tips.share_high": "Du pratade {share} av tiden (målet i {type} är {band}) — prova att ställa en "
                           "öppen fråga och vänta tre sekunder innan du säger något mer.",
        "tips.share_low": "Du pratade bara {share} av tiden — sammanfatta gärna det du hört och styr "
                          "samtalet mot nästa steg.",
        "tips.monologue": "Ditt längsta inlägg var {monologue} — bryt efter en minut med en fråga, till "
                          "exempel ”Hur ser du på det?”",
        "tips.patience": "Du tog ordet i snitt {patience} efter att den andra tystnat — vänta en sekund "
                         "till, ofta säger den andra mer då.",
        "tips.interruptions": "Du avbröt {times} — låt den andra prata klart och skriv ner det du "
                              "vill säga.",
        "tips.no_questions": "Du ställde inga frågor — förbered tre öppna frågor, till exempel ”Vilka "
                             "utmaningar har du?”",
        "tips.closed": "{questions}, som {example} — börja i stället med vad, hur eller berätta.",
        "tips.few_questions": "Du ställde {questions} på {minutes} minuter — sikta på minst en fråga var "
                              "fjärde minut.",
        "tips.n_question": "{n} fråga",
        "tips.n_questions": "{n} frågor",
        "tips.needs": "Du frågade aldrig {questions} — behovsanalysen bygger på just sådana frågor.",
        "tips.ask.challenges": "Vilka utmaningar har du?",
        "tips.ask.way_forward": "Hur kan vi komma vidare?",
        "tips.ask.their_action": "Vad kan du göra?",
        "tips.ask.my_help": "Vad kan jag göra?",
        "tips.or": "eller",
        "tips.purpose": "Säg syftet med mötet direkt i början, till exempel ”Syftet med mötet i dag är "
                        "att …”",
        "tips.no_steps": "Mötet slutade utan nästa steg — avsluta med vem som gör vad och när, och när ni "
                         "följer upp.",
        "tips.vague_steps": "{count} av {total} nästa steg saknade ägare, handling eller tid, som {example} "
                            "— bestäm vem som gör vad och när.",
        "tips.keep_going": "Bra jobbat — du lyssnade, frågade öppet och avslutade med konkreta nästa steg. "
                           "Fortsätt så!",
    },
    "en": {
        "scores.no_host": "No meeting leader could be identified, so this was not scored.",
        "scores.lb.single": "Only one voice was heard, so there was nobody to listen to.",
        "scores.lb.summary": "You talked {share} of the time (the target in {type} is {band}), your longest "
                             "monologue was {monologue} and you waited {patience} on average before taking "
                             "the floor.",
        "scores.lb.summary_no_patience": "You talked {share} of the time (the target in {type} is {band}) "
                                         "and your longest monologue was {monologue}.",
        "scores.type.one-on-one": "a one-on-one",
        "scores.type.sales": "a sales meeting",
        "scores.type.team": "a team meeting",
        "scores.oq.none": "You asked no questions.",
        "scores.oq.summary": "{questions}, at a rate of {rate} questions per ten minutes.",
        "scores.oq.summary_prompts": "{questions}, you invited them to tell you more {prompts}, and you asked "
                                     "{rate} questions per ten minutes.",
        "scores.once": "once",
        "scores.times": "{n} times",
        "scores.overall.summary": "Your strongest area was {best} ({best_value}) and your weakest "
                                  "{worst} ({worst_value}).",
        "scores.overall.even": "Every part scored the same ({value}).",
        "scores.area.listening_balance": "listening balance",
        "scores.area.open_questions": "open questions",
        "scores.area.next_steps": "next steps",
        "scores.area.needs": "the needs analysis",
        "scores.area.purpose": "stating the purpose",
        "tips.no_host": "Tell the report who led the meeting with --host to get tips made for you.",
        "tips.share_high": "You talked {share} of the time (the target in {type} is {band}) — try asking an "
                           "open question and waiting three seconds before you say anything more.",
        "tips.share_low": "You talked only {share} of the time — summarise what you heard and steer the "
                          "conversation towards next steps.",
        "tips.monologue": "Your longest monologue was {monologue} — after a minute, stop and ask something "
                          "like “How do you see it?”",
        "tips.patience": "You took the floor {patience} on average after the other person stopped — wait "
                         "one more second; people often add something.",
        "tips.interruptions": "You interrupted {times} — let the other person finish and jot down "
                              "what you want to say.",
        "tips.no_questions": "You asked no questions — prepare three open ones, for example “What "
                             "challenges do you have?”",
        "tips.closed": "{questions}, like {example} — start with what, how or tell me instead.",
        "tips.few_questions": "You asked {questions} in {minutes} minutes — aim for at least one every four "
                              "minutes.",
        "tips.n_question": "{n} question",
        "tips.n_questions": "{n} questions",
        "tips.needs": "You never asked {questions} — a needs analysis is built on questions like these.",
        "tips.ask.challenges": "What challenges do you have?",
        "tips.ask.way_forward": "How can we move forward?",
        "tips.ask.their_action": "What can you do?",
        "tips.ask.my_help": "What can I do to help?",
        "tips.or": "or",
        "tips.purpose": "State the purpose at the very start, for example “The goal today is to …”",
        "tips.no_steps": "The meeting ended without next steps — close with who does what by when, and when "
                         "you will follow up.",
        "tips.vague_steps": "{count} of {total} next steps lacked an owner, an action or a time, like "
                            "{example} — agree who does what by when.",
        "tips.keep_going": "Well done — you listened, asked open questions and closed with concrete next "
                           "steps. Keep it up!",
    },
}

# --- questions, needs analysis and purpose ---
_QUESTIONS: dict[str, dict[str, str]] = {
    "sv": {
        "questions.open": "öppen",
        "questions.closed": "sluten",
        "questions.prompt": "öppen uppmaning",
        "questions.cue": "Varför: {cue}",
        "questions.none": "Inga frågor hittades.",
        "needs.title": "Behovsanalys",
        "needs.challenges": "Utmaningar – ”Vilka utmaningar har du?”",
        "needs.way_forward": "Vägen framåt – ”Hur kan vi komma vidare?”",
        "needs.their_action": "Den andras insats – ”Vad kan du göra?”",
        "needs.my_help": "Din hjälp – ”Vad kan jag göra?”",
        "needs.asked": "Ställd av {speaker} vid {time}: ”{text}”",
        "needs.not_asked": "Inte ställd",
        "needs.summary": "{asked} av 4 frågor i behovsanalysen ställdes.",
        "needs.tip": "Du frågade aldrig ”{question}” – prova den nästa gång och lyssna klart på svaret.",
        "needs.tip.challenges": "Vilka utmaningar har du?",
        "needs.tip.way_forward": "Hur kan vi komma vidare?",
        "needs.tip.their_action": "Vad kan du göra?",
        "needs.tip.my_help": "Vad kan jag göra för dig?",
        "purpose.title": "Syfte",
        "purpose.stated": "{speaker} angav syftet vid {time}: ”{text}”",
        "purpose.missing": "Inget syfte angavs under mötets första {minutes} minuter.",
        "purpose.tip": "Öppna med syftet, till exempel ”Syftet med mötet i dag är …”, så vet ni båda vart ni är på väg.",
    },
    "en": {
        "questions.open": "open",
        "questions.closed": "closed",
        "questions.prompt": "open prompt",
        "questions.cue": "Why: {cue}",
        "questions.none": "No questions found.",
        "needs.title": "Needs analysis",
        "needs.challenges": "Challenges – “What challenges do you have?”",
        "needs.way_forward": "The way forward – “How can we move forward?”",
        "needs.their_action": "Their part – “What can you do?”",
        "needs.my_help": "Your help – “What can I do?”",
        "needs.asked": "Asked by {speaker} at {time}: “{text}”",
        "needs.not_asked": "Not asked",
        "needs.summary": "{asked} of the 4 needs-analysis questions were asked.",
        "needs.tip": "You never asked “{question}” – try it next time, and hear the answer out.",
        "needs.tip.challenges": "What challenges do you have?",
        "needs.tip.way_forward": "How can we move forward?",
        "needs.tip.their_action": "What can you do?",
        "needs.tip.my_help": "What can I do for you?",
        "purpose.title": "Purpose",
        "purpose.stated": "{speaker} stated the purpose at {time}: “{text}”",
        "purpose.missing": "No purpose was stated in the first {minutes} minutes of the meeting.",
        "purpose.tip": "Open with the purpose, e.g. “The goal today is …”, so you both know where you are heading.",
    },
}

# --- next steps ---
_NEXT_STEPS: dict[str, dict[str, str]] = {
    "sv": {
        "next_steps.score.none": "Inga nästa steg bestämdes i slutet av mötet.",
        "next_steps.score.clear": "Tydliga nästa steg på slutet: vem gör vad och när, och hur ni följer upp.",
        "next_steps.score.concrete_but": "Konkreta nästa steg på slutet, men {missing}.",
        "next_steps.score.not_concrete": "Inget konkret nästa steg på slutet: {missing}.",
        "next_steps.gap.due": "inget datum",
        "next_steps.gap.owner": "ingen ansvarig",
        "next_steps.gap.action": "ingen tydlig uppgift",
        "next_steps.gap.follow_up": "ingen uppföljning bestämd",
        "next_steps.gap.follow_up_untimed": "en uppföljning nämndes, men ingen tid för den hördes",
        "next_steps.gap.coverage": "inte alla fick ett eget steg",
        "next_steps.gap.vague": "något steg var vagt",
        "next_steps.and": "och",
    },
    "en": {
        "next_steps.score.none": "No next steps were agreed at the end of the meeting.",
        "next_steps.score.clear": "Clear next steps at the end: who does what by when, and how you follow up.",
        "next_steps.score.concrete_but": "Concrete next steps at the end, but {missing}.",
        "next_steps.score.not_concrete": "No concrete next step at the end: {missing}.",
        "next_steps.gap.due": "no date",
        "next_steps.gap.owner": "no owner",
        "next_steps.gap.action": "no clear action",
        "next_steps.gap.follow_up": "no follow-up agreed",
        "next_steps.gap.follow_up_untimed": "a follow-up was mentioned, but no time for it was heard",
        "next_steps.gap.coverage": "not everyone has a step of their own",
        "next_steps.gap.vague": "a step was left vague",
        "next_steps.and": "and",
    },
}

# --- a finding's cue (the rule that fired, recorded in English in the JSON) as the reader sees it ---
CUE_TERMS = ("model check", "wh-word", "verb-first", "question mark", "either/or", "rising pitch", "nats/token",
             "indirect", "purpose", "prompt", "heard", "tag", "vs", "st", "correction")
_CUES: dict[str, dict[str, str]] = {
    "sv": {"cue.model check": "modellkontroll", "cue.wh-word": "frågeord", "cue.verb-first": "verbet först",
           "cue.question mark": "frågetecken", "cue.either/or": "antingen/eller", "cue.rising pitch": "stigande ton",
           "cue.nats/token": "(log-sannolikhet per ordbit)", "cue.indirect": "indirekt", "cue.purpose": "syfte",
           "cue.prompt": "uppmaning", "cue.heard": "hört", "cue.tag": "påhängsfråga", "cue.vs": "mot",
           "cue.st": "halvtoner", "cue.correction": "rättelse"},
    "en": {f"cue.{term}": term for term in CUE_TERMS},
}

# --- how sure the report is: transcript quality, tolerant matches, uncertain findings (issue 16) ---
_CONFIDENCE: dict[str, dict[str, str]] = {
    "sv": {
        "scores.oq.summary_short": "{questions}; mötet var för kort för att bedöma en takt.",
        "scores.oq.summary_prompts_short": "{questions} och du bad den andra berätta mer {prompts}; mötet var för "
                                           "kort för att bedöma en takt.",
        "scores.needs.summary": "{asked} av behovsanalysens 4 frågor ställdes.",
        "scores.needs.summary_unsure": "{asked} av behovsanalysens 4 frågor ställdes säkert och {unsure} kanske "
                                       "(osäkert hörda, räknas till hälften).",
        "scores.overall.none_strong": "Inget område nådde 50; svagast var {worst} ({worst_value}).",
        "next_steps.gap.share": "bara {concrete} av {total} steg på slutet var konkreta",
        "report.score.needs": "Behovsanalys",
        "report.glance.steps_closing": "{concrete} av {total} nästa steg på slutet konkreta",
        "report.glance.needs_uncertain": "(+{count} osäker)",
        "report.score.uncertain": "osäkert",
        "report.overall.parts": "Så räknas totalen",
        "report.overall.part": "{area}: {value} × {weight}",
        "report.quality.line": "Transkriptionen: {low} av orden osäkert hörda (sannolikhet under {p}), "
                               "modell {model}{wer}.",
        "report.quality.wer": ", uppmätt ordfel för {language} ungefär {wer}",
        "report.quality.poor_title": "Transkriptionen är osäker",
        "report.quality.poor": "Pratandel, tider och turer bygger på rösterna och håller. Frågor, behovsanalys, "
                               "syfte och nästa steg bygger på orden och kan vara fel: lyssna själv där det står "
                               "osäkert.",
        "report.heard": "hört som ”{heard}”, tolkat som ”{taken}”",
        "report.heard_only": "hört som ”{heard}”",
        "report.needs.uncertain": "osäkert — lyssna vid {time}",
        "report.purpose.uncertain": "Osäkert om syftet nämndes — lyssna vid {time}:",
        "report.step.uncertain": "Osäkert",
        "report.low_word": "osäkert hört ord",
        "report.confidence": "säkerhet {value}",
        "report.terminal.quality": "Transkription: {low} av orden osäkra ({model}).",
        "report.terminal.quality_poor": "Transkriptionen är osäker: {low} av orden osäkra ({model}). Pratandel "
                                        "och turer håller; frågor, behovsanalys, syfte och nästa steg kan vara fel.",
    },
    "en": {
        "scores.oq.summary_short": "{questions}; the meeting was too short to judge a rate.",
        "scores.oq.summary_prompts_short": "{questions} and you invited them to tell more {prompts}; the meeting "
                                           "was too short to judge a rate.",
        "scores.needs.summary": "{asked} of the 4 needs-analysis questions were asked.",
        "scores.needs.summary_unsure": "{asked} of the 4 needs-analysis questions were asked for sure and {unsure} "
                                       "maybe (heard uncertainly, counted as half).",
        "scores.overall.none_strong": "No area reached 50; the weakest was {worst} ({worst_value}).",
        "next_steps.gap.share": "only {concrete} of {total} steps at the end were concrete",
        "report.score.needs": "Needs analysis",
        "report.glance.steps_closing": "{concrete} of {total} next steps at the end concrete",
        "report.glance.needs_uncertain": "(+{count} uncertain)",
        "report.score.uncertain": "uncertain",
        "report.overall.parts": "How the overall score is made",
        "report.overall.part": "{area}: {value} × {weight}",
        "report.quality.line": "Transcript: {low} of the words heard uncertainly (probability under {p}), "
                               "model {model}{wer}.",
        "report.quality.wer": ", measured word error rate for {language} about {wer}",
        "report.quality.poor_title": "The transcript is unreliable",
        "report.quality.poor": "Talk share, times and turns come from the voices and hold. Questions, needs "
                               "analysis, purpose and next steps come from the words and may be wrong: listen "
                               "yourself where it says uncertain.",
        "report.heard": "heard as “{heard}”, taken as “{taken}”",
        "report.heard_only": "heard as “{heard}”",
        "report.needs.uncertain": "uncertain — listen at {time}",
        "report.purpose.uncertain": "Unsure whether the purpose was stated — listen at {time}:",
        "report.step.uncertain": "Uncertain",
        "report.low_word": "word heard uncertainly",
        "report.confidence": "confidence {value}",
        "report.terminal.quality": "Transcript: {low} of the words uncertain ({model}).",
        "report.terminal.quality_poor": "The transcript is unreliable: {low} of the words uncertain ({model}). "
                                        "Talk share and turns hold; questions, needs analysis, purpose and next "
                                        "steps may be wrong.",
    },
}

# --- how the meeting was heard (notices.py): the model, and a language decided on thin evidence ---
_NOTICES: dict[str, dict[str, str]] = {
    "sv": {
        "notice.title": "Om hur mötet hördes",
        "notice.asr.multilingual_sv": "Mötet är på svenska men skrevs ut av den flerspråkiga Whisper base, som "
                                      "hör fel på många svenska ord (52,1 % ordfel på Common Voice) — frågor och "
                                      "nästa steg kan därför saknas. KB-Whisper från Kungliga biblioteket har "
                                      "8,7 % (base; tiny 12,9 %, small 6,4 %, medium 5,4 %, enligt KBLab). Kör en "
                                      "gång: {command} — sedan används den offline för svenska möten.",
        "notice.language.thin": "Språket var svårt att avgöra (marginal {margin} i log-sannolikhet per ordbit, "
                                "gränsen är {limit}), så mötet behandlades som {language}. Blev det fel, "
                                "analysera igen med --language.",
    },
    "en": {
        "notice.title": "How the meeting was heard",
        "notice.asr.multilingual_sv": "This meeting is in Swedish but was transcribed by the multilingual "
                                      "Whisper base, which mishears many Swedish words (52.1 % word error rate on "
                                      "Common Voice), so questions and next steps may be missing. The National "
                                      "Library of Sweden's KB-Whisper gets 8.7 % (base; tiny 12.9 %, small 6.4 %, "
                                      "medium 5.4 %, per KBLab). Run once: {command} — it is used offline for "
                                      "Swedish meetings from then on.",
        "notice.language.thin": "The language was hard to tell (margin {margin} in log-probability per token, "
                                "the limit is {limit}), so the meeting was treated as {language}. If that is "
                                "wrong, analyse it again with --language.",
    },
}

LANGUAGES = ("sv", "en")


def _merge(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for area in (_SCORES, _QUESTIONS, _NEXT_STEPS, _REPORT, _BATCH, _CONFIDENCE, _NOTICES, _CUES, _PAGE, REVIEW,
                 _TRAITS):
        merged.update(area[lang])
    return merged


CATALOGUE = {lang: _merge(lang) for lang in LANGUAGES}


def t(lang: str, key: str, **values: object) -> str:
    """The message `key` in `lang` (English for any language we do not write), formatted."""
    table = CATALOGUE.get(lang, CATALOGUE["en"])
    template = table.get(key) or CATALOGUE["en"][key]
    return template.format(**values)
