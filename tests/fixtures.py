"""A realistic, hand-made `Report` for tests that need a whole meeting but no models.

A two-person customer meeting (~2 minutes) in Swedish or English: the seller states a
purpose, asks open, closed and "tell me more" questions, covers three of the four
needs-analysis items, talks through one long stretch that the customer cuts into (the
one overlap), and closes with one concrete, one vague and one joint follow-up step.
Talk times, overlap and question counts are derived from the lines below, so they agree.

Use it as `from fixtures import sample_report`.
"""
from __future__ import annotations

from talkratio.schema import (
    NEEDS_KEYS, AudioInfo, Findings, Metrics, NeedsItem, NextStep, Purpose, Question,
    Report, Score, Scores, SpeakerStats, Turn, Utterance, Word,
)

HOST, GUEST = "SPEAKER_00", "SPEAKER_01"
NAMES = {"sv": {HOST: "Anna", GUEST: "Johan"}, "en": {HOST: "Anna", GUEST: "John"}}

# (speaker, start, end, {"sv": text, "en": text}, annotation or None)
LINES: tuple[tuple[str, float, float, dict[str, str], dict | None], ...] = (
    (HOST, 0.5, 3.2, {"sv": "Hej Johan, tack för att du tog dig tid.",
                      "en": "Hi John, thanks for making the time."}, None),
    (GUEST, 3.6, 5.0, {"sv": "Hej, inga problem.", "en": "Hi, no problem."}, None),
    (HOST, 5.4, 10.8, {"sv": "Syftet med mötet i dag är att förstå hur ni planerar lagret inför nästa år.",
                       "en": "The goal today is to understand how you plan your stock for next year."},
     {"purpose": {"sv": "purpose 'syftet med mötet'", "en": "purpose 'the goal today'"}}),
    (GUEST, 11.2, 12.0, {"sv": "Låter bra.", "en": "Sounds good."}, None),
    (HOST, 12.5, 15.6, {"sv": "Vilka utmaningar har ni med lagret i dag?",
                        "en": "What challenges do you have with your stock today?"},
     {"q": "open", "needs": "challenges", "cue": {"sv": "wh-word 'vilka'", "en": "wh-word 'what'"}}),
    (GUEST, 16.3, 27.9, {"sv": "Vi har för mycket kapital bundet i varor som står still, och prognoserna "
                               "stämmer sällan. Inköparna gör allt i Excel.",
                         "en": "We have too much capital tied up in goods that don't move, and the "
                               "forecasts are rarely right. The buyers do everything in Excel."}, None),
    (HOST, 28.6, 31.0, {"sv": "Berätta mer om hur prognoserna tas fram.",
                        "en": "Tell me more about how the forecasts are made."},
     {"q": "prompt", "cue": {"sv": "prompt 'berätta mer'", "en": "prompt 'tell me more'"}}),
    (GUEST, 31.8, 40.5, {"sv": "Varje inköpare har sitt eget ark, och de uppdateras en gång i månaden. "
                               "Ingen ser helheten.",
                         "en": "Each buyer has their own sheet, updated once a month. "
                               "Nobody sees the whole picture."}, None),
    (HOST, 41.2, 44.4, {"sv": "Har ni en budget avsatt för ett nytt system i år?",
                        "en": "Do you have a budget set aside for a new system this year?"},
     {"q": "closed", "cue": {"sv": "verb-first 'har'", "en": "auxiliary first 'do'"}}),
    (GUEST, 45.0, 47.1, {"sv": "Ja, men den är inte spikad.", "en": "Yes, but it isn't fixed."}, None),
    (HOST, 47.6, 78.0, {"sv": "Okej. Vi har hjälpt flera grossister med precis det här. Vårt system kopplar "
                              "ihop inköp och försäljning, prognoserna räknas om varje natt, så inköparna "
                              "ser direkt vad som behöver beställas. Dessutom får ekonomi en samlad bild "
                              "av kapitalbindningen, och ni slipper alla separata ark.",
                        "en": "Okay. We have helped several wholesalers with exactly this. Our system "
                              "connects purchasing and sales, the forecasts are recalculated every night, "
                              "so the buyers see straight away what needs ordering. Finance also gets one "
                              "view of the tied-up capital, and you can drop all the separate sheets."},
     None),
    (GUEST, 77.4, 79.9, {"sv": "Hur lång tid tar ett införande?",
                         "en": "How long does an implementation take?"},
     {"q": "open", "cue": {"sv": "wh-word 'hur'", "en": "wh-word 'how'"}}),
    (HOST, 80.5, 82.0, {"sv": "Ungefär tre månader.", "en": "About three months."}, None),
    (HOST, 82.6, 85.9, {"sv": "Hur skulle ni vilja gå vidare för att lösa det här?",
                        "en": "How would you like to move forward on this?"},
     {"q": "open", "needs": "way_forward", "cue": {"sv": "wh-word 'hur'", "en": "wh-word 'how'"}}),
    (GUEST, 86.7, 93.5, {"sv": "Jag vill gärna se en demo med våra egna siffror innan jag tar det till ledningen.",
                         "en": "I'd like to see a demo with our own numbers before I take it to management."},
     None),
    (HOST, 94.1, 96.8, {"sv": "Vad kan du göra inför en sådan demo?",
                        "en": "What can you do to prepare for a demo like that?"},
     {"q": "open", "needs": "their_action", "cue": {"sv": "wh-word 'vad'", "en": "wh-word 'what'"}}),
    (GUEST, 97.5, 100.6, {"sv": "Jag kan ta fram ett utdrag ur lagersaldot.",
                          "en": "I can pull an extract of the stock levels."}, None),
    (HOST, 101.2, 105.4, {"sv": "Perfekt. Då skickar jag en inbjudan till demon senast på fredag.",
                          "en": "Perfect. Then I'll send you an invite for the demo by Friday."},
     {"step": dict(owner=HOST, action={"sv": "skicka en inbjudan till demon", "en": "send an invite for the demo"},
                   due={"sv": "senast på fredag", "en": "by Friday"}, due_date="2025-05-09",
                   follow_up=False, concrete=True, missing=("follow_up",))}),
    (GUEST, 106.0, 109.3, {"sv": "Och jag mejlar över utdraget någon gång.",
                           "en": "And I'll email the extract at some point."},
     {"step": dict(owner=GUEST, action={"sv": "mejla utdraget", "en": "email the extract"}, due=None,
                   due_date=None, follow_up=False, concrete=False, vague=True,
                   missing=("due", "follow_up"))}),
    (HOST, 109.9, 113.0, {"sv": "Vi hörs på måndag den tolfte och stämmer av.",
                          "en": "Let's talk on Monday the twelfth to check in."},
     {"step": dict(owner="both", action={"sv": "stämma av", "en": "check in"},
                   due={"sv": "måndag den tolfte", "en": "Monday the twelfth"}, due_date="2025-05-12",
                   follow_up=True, concrete=True, missing=())}),
    (GUEST, 113.6, 115.5, {"sv": "Toppen, tack för i dag.", "en": "Great, thanks for today."}, None),
    (HOST, 115.8, 117.2, {"sv": "Tack detsamma, hej då.", "en": "Thank you too, bye."}, None),
)
DURATION_S = 118.4


def _words(speaker: str, start: float, end: float, text: str) -> tuple[Word, ...]:
    parts = text.split()
    step = (end - start) / len(parts)
    return tuple(Word(text=" " + w, start=round(start + i * step, 2), end=round(start + (i + 1) * step, 2),
                      probability=0.9, speaker=speaker) for i, w in enumerate(parts))


def _pick(value, lang: str):
    return value[lang] if isinstance(value, dict) else value


def _findings(lang: str) -> Findings:
    questions, steps, needs_seen, purpose = [], [], {}, Purpose(stated=False)
    for speaker, start, end, text, note in LINES:
        note, said = note or {}, text[lang]
        if "q" in note:
            questions.append(Question(speaker, start, end, said, "closed" if note["q"] == "closed" else "open",
                                      note["cue"][lang], prompt=note["q"] == "prompt", needs=note.get("needs")))
            if "needs" in note:
                needs_seen[note["needs"]] = (speaker, start, said)
        if "purpose" in note:
            purpose = Purpose(True, speaker, start, said, note["purpose"][lang])
        if "step" in note:
            s = note["step"]
            steps.append(NextStep(speaker, start, end, said, owner=s["owner"], action=_pick(s["action"], lang),
                                  due=_pick(s["due"], lang), due_date=s["due_date"], follow_up=s["follow_up"],
                                  concrete=s["concrete"], vague=s.get("vague", False), missing=s["missing"],
                                  cues=("commitment",)))
    needs = tuple(NeedsItem(k, k in needs_seen, *needs_seen.get(k, (None, None, None))) for k in NEEDS_KEYS)
    return Findings(tuple(questions), tuple(steps), needs, purpose)


def _overlap(turns: tuple[Turn, ...]) -> float:
    return sum(max(0.0, min(a.end, b.end) - max(a.start, b.start))
               for i, a in enumerate(turns) for b in turns[i + 1:] if a.speaker != b.speaker)


def _stats(lang: str, turns, utterances, findings) -> tuple[SpeakerStats, ...]:
    talk = {s: sum(t.duration for t in turns if t.speaker == s) for s in (HOST, GUEST)}
    total = sum(talk.values())
    out = []
    for s in (HOST, GUEST):
        words = sum(len(u.words) for u in utterances if u.speaker == s)
        qs = [q for q in findings.questions if q.speaker == s and not q.prompt]
        out.append(SpeakerStats(
            id=s, name=NAMES[lang][s], role="host" if s == HOST else "participant",
            talk_time_s=round(talk[s], 2), talk_share=round(talk[s] / total, 4),
            turns=sum(t.speaker == s for t in turns),
            longest_monologue_s=round(max(t.duration for t in turns if t.speaker == s), 2),
            words=words, words_per_minute=round(words / talk[s] * 60, 1),
            questions_open=sum(q.kind == "open" for q in qs), questions_closed=sum(q.kind == "closed" for q in qs),
            interruptions=1 if s == GUEST else 0, patience_s=0.6 if s == HOST else 0.7))
    return tuple(out)


_SCORES = {
    "sv": (("Du pratade {share} % av tiden, mer än kunden.", "Fyra av fem frågor var öppna.",
            "Två av tre nästa steg har ägare, handling och tid.", "Bra behovsanalys och tydligt syfte; "
            "korta ner monologerna."),
           ("Du pratade 30 sekunder i ett svep efter budgetfrågan — stanna efter en mening och fråga vad "
            "kunden tänker.", "Johans mejl saknar datum: fråga ”När kan du skicka det?”.",
            "Du frågade aldrig vad du kan göra för kunden — prova ”Hur kan jag hjälpa dig vidare?”.",
            "Fortsätt öppna med syftet, det gav mötet en tydlig riktning.")),
    "en": (("You talked {share}% of the time, more than the customer.", "Four of five questions were open.",
            "Two of three next steps have an owner, an action and a time.", "Good needs analysis and a "
            "clear purpose; shorten the monologues."),
           ("You talked for 30 seconds straight after the budget question — stop after one sentence and "
            "ask what the customer thinks.", "John's email has no date: ask \"When can you send it?\".",
            "You never asked what you can do for the customer — try \"How can I help you move forward?\".",
            "Keep opening with the purpose; it gave the meeting a clear direction.")),
}


def sample_report(language: str = "sv") -> Report:
    """The sample meeting in `language` ("sv" or "en"), fully populated like a pipeline run."""
    lang = "sv" if language == "sv" else "en"
    utterances = tuple(Utterance(s, a, b, _words(s, a, b, text[lang])) for s, a, b, text, _ in LINES)
    turns = tuple(Turn(s, a, b) for s, a, b, _, _ in LINES)
    findings = _findings(lang)
    speakers = _stats(lang, turns, utterances, findings)
    host = speakers[0]
    speech = sum(t.duration for t in turns) - _overlap(turns)
    explanations, tips = _SCORES[lang]
    share = round(host.talk_share * 100)
    values = (100 - abs(share - 45) * 3, 80, 67, 0)
    values = values[:3] + (round(sum(values[:3]) / 3),)
    scores = Scores(*(Score(v, e.format(share=share)) for v, e in zip(values, explanations)))
    return Report(
        source=AudioInfo(path=f"/home/anna/inspelningar/{'kundmote' if lang == 'sv' else 'customer-call'}-"
                              "2025-05-08.wav", sha256="9f2c" + "0" * 56 + "b7e1", duration_s=DURATION_S,
                         channels=1, sample_rate=44_100),
        language=lang, language_probability=0.97, host=HOST, host_source="heuristic", meeting_type="sales",
        speakers=speakers, turns=turns, utterances=utterances, findings=findings,
        metrics=Metrics(speech_s=round(speech, 2), silence_s=round(DURATION_S - speech, 2),
                        overlap_s=round(_overlap(turns), 2),
                        speaker_switches_per_min=round(sum(a.speaker != b.speaker for a, b in zip(turns, turns[1:]))
                                                       / DURATION_S * 60, 1),
                        host_talk_share=host.talk_share, host_longest_monologue_s=host.longest_monologue_s,
                        host_patience_s=host.patience_s, interruptions={HOST: 0, GUEST: 1}),
        scores=scores, tips=tips, names=dict(NAMES[lang]),
        models={"asr": "whisper base (int8)", "diarization": "pyannote/speaker-diarization-community-1"},
        timings_s={"decode": 0.41, "diarize": 12.3, "transcribe": 25.07, "analyze": 0.05},
        settings={"purpose_window_s": 120.0, "min_pause_s": 0.3, "interruption_overlap_s": 0.5,
                  "device": "cpu"},
        recorded="2025-05-08", version="0.1.0",
    )
