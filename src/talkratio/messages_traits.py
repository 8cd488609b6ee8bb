"""The five traits' texts (issue 21), in Swedish and English; merged into messages.CATALOGUE.

Kept apart from messages.py so the catalogue's own areas stay as they are; same rules: keys are
`area.name`, str.format placeholders, Swedish written as a Swede would say it.
"""
from __future__ import annotations

TRAITS: dict[str, dict[str, str]] = {
    "sv": {
        "scores.area.follow_ups": "följdfrågorna",
        "scores.area.active_listening": "det aktiva lyssnandet",
        "scores.area.agenda": "agendan",
        "scores.area.facts_relationship": "balansen mellan fakta och relation",
        "scores.area.together": "att driva mötet tillsammans",
        "report.score.follow_ups": "Följdfrågor",
        "report.score.active_listening": "Aktivt lyssnande",
        "report.score.agenda": "Agenda som följs",
        "report.score.facts_relationship": "Fakta och relation",
        "report.score.together": "Drivet tillsammans",
        "traits.section": "Det som skiljer ett bra samtal",
        "batch.col.traits": "Fem drag",
        "traits.intro": "Fem drag som de bästa 1:1-samtalen och kundmötena har gemensamt. Varje fynd visar "
                        "regeln som slog till och var i mötet det hördes.",
        "traits.none": "Inga exempel hittades.",
        "traits.unreached": "inte berört igen",
        "traits.reached": "togs upp igen",
        "traits.took_up": "byggde på",
        "traits.missed": "Tillfällen att fråga vidare",
        "traits.examples_fact": "Fakta",
        "traits.examples_relation": "Relation",
        "traits.kind.question": "fråga",
        "traits.kind.proposal": "förslag",
        "traits.kind.commitment": "åtagande",
        "traits.kind.topic": "nytt ämne",
        "traits.kind.reflection": "sammanfattning",
        "traits.kind.check": "kontrollfråga",
        "traits.kind.backchannel": "medhåll",
        "traits.no_host": "Ingen mötesledare kunde pekas ut, så det här betygsattes inte.",
        "traits.fu.none": "Du ställde inga frågor, så det fanns inga följdfrågor att räkna.",
        "traits.fu.summary": "{follow} av dina {asked} frågor byggde vidare på det den andra just sagt ({share}).",
        "traits.fu.only.yes": "Din enda fråga byggde vidare på det den andra just sagt.",
        "traits.fu.only.no": "Din enda fråga byggde inte vidare på det den andra just sagt.",
        "traits.al.summary": "Sammanfattningar och speglingar: {reflections}, avstämningar: {checks}, korta medhåll: "
                             "{backchannels} ({rate} per minut som den andra pratade).",
        "traits.ag.none": "Ingen agenda nämndes i början av mötet.",
        "traits.ag.summary": "Av agendans punkter togs {reached} av {items} upp igen under mötet.",
        "traits.fr.summary": "{facts} av meningarna var fakta (siffror, datum, beslut) och {relations} handlade om "
                             "relationen (tack, känslor, hur någon mår).",
        "traits.tg.summary": "Den andra sidans initiativ: frågor {questions}, förslag {proposals}, åtaganden "
                             "{commitments}, nya ämnen {topics}. Nya ämnen du själv öppnade: {host_topics}.",
        "traits.tip.follow_up": "När {name} sa {said} kunde du ha frågat vidare om det, i stället för att gå "
                                "vidare med {question}.",
        "traits.tip.listening": "Sammanfatta med egna ord då och då (”Om jag förstår dig rätt …”) och fråga "
                                "”Stämmer det?”: då vet båda att du har hört rätt.",
        "traits.tip.agenda_none": "Säg agendan i början (”Idag vill jag ta upp A, B och C”), så kan ni "
                                  "följa den tillsammans.",
        "traits.tip.agenda_unreached": "Punkten {item} på agendan togs aldrig upp igen — avsluta den eller "
                                       "flytta den till nästa möte uttryckligen.",
        "traits.tip.relation": "Mötet var nästan bara fakta — ett tack eller en fråga om hur {name} mår bygger "
                               "förtroende.",
        "traits.tip.facts": "Mötet var varmt men innehöll få fakta — sätt siffror, datum och beslut på det ni "
                            "kommer överens om.",
        "traits.tip.together": "{name} varken föreslog eller tog på sig något — fråga ”Vad föreslår du?” och "
                               "låt {name} äga ett nästa steg.",
        "traits.cue.shared word": "gemensamt ord", "traits.cue.reference": "hänvisning",
        "traits.cue.reflection": "spegling", "traits.cue.check-back": "avstämning",
        "traits.cue.back-channel": "medhåll", "traits.cue.agenda": "agenda", "traits.cue.fact": "fakta",
        "traits.cue.relationship": "relation", "traits.cue.topic": "nytt ämne", "traits.cue.proposal": "förslag",
        "traits.cue.commitment": "åtagande", "traits.cue.question": "fråga",
        "traits.cue.no shared word": "inget gemensamt ord",
    },
    "en": {
        "scores.area.follow_ups": "follow-up questions",
        "scores.area.active_listening": "active listening",
        "scores.area.agenda": "the agenda",
        "scores.area.facts_relationship": "the balance of facts and relationship",
        "scores.area.together": "driving the meeting together",
        "report.score.follow_ups": "Follow-up questions",
        "report.score.active_listening": "Active listening",
        "report.score.agenda": "Agenda followed",
        "report.score.facts_relationship": "Facts and relationship",
        "report.score.together": "Driven together",
        "traits.section": "What sets a good conversation apart",
        "batch.col.traits": "Five traits",
        "traits.intro": "Five traits the best 1:1s and customer meetings share. Each finding shows the rule "
                        "that fired and where in the meeting it was heard.",
        "traits.none": "No examples found.",
        "traits.unreached": "not touched again",
        "traits.reached": "came up again",
        "traits.took_up": "built on",
        "traits.missed": "Chances to ask more",
        "traits.examples_fact": "Facts",
        "traits.examples_relation": "Relationship",
        "traits.kind.question": "question",
        "traits.kind.proposal": "proposal",
        "traits.kind.commitment": "commitment",
        "traits.kind.topic": "new topic",
        "traits.kind.reflection": "summary",
        "traits.kind.check": "check-back",
        "traits.kind.backchannel": "back-channel",
        "traits.no_host": "No meeting leader could be identified, so this was not scored.",
        "traits.fu.none": "You asked no questions, so there were no follow-ups to count.",
        "traits.fu.summary": "{follow} of your {asked} questions built on what the other had just said ({share}).",
        "traits.fu.only.yes": "Your only question built on what the other had just said.",
        "traits.fu.only.no": "Your only question did not build on what the other had just said.",
        "traits.al.summary": "Summaries and mirrors: {reflections}, check-backs: {checks}, short acknowledgements: "
                             "{backchannels} ({rate} per minute the other spoke).",
        "traits.ag.none": "No agenda was named at the start of the meeting.",
        "traits.ag.summary": "Of the agenda's items, {reached} of {items} came up again in the meeting.",
        "traits.fr.summary": "{facts} of the sentences were facts (numbers, dates, decisions) and {relations} were "
                             "about the relationship (thanks, feelings, how someone is doing).",
        "traits.tg.summary": "The other side's initiatives: questions {questions}, proposals {proposals}, "
                             "commitments {commitments}, new topics {topics}. New topics you opened: {host_topics}.",
        "traits.tip.follow_up": "When {name} said {said} you could have asked more about it, instead of moving "
                                "on with {question}.",
        "traits.tip.listening": "Sum up in your own words now and then (“So what I'm hearing is …”) and ask "
                                "“Is that right?”: then you both know you heard it right.",
        "traits.tip.agenda_none": "Name the agenda at the start (“Today I want to cover A, B and C”), so you can "
                                  "follow it together.",
        "traits.tip.agenda_unreached": "The agenda item {item} never came up again — close it or move it to the "
                                       "next meeting out loud.",
        "traits.tip.relation": "The meeting was almost all facts — a thank-you or asking how {name} is doing "
                               "builds trust.",
        "traits.tip.facts": "The meeting was warm but had few facts — put numbers, dates and decisions on what "
                            "you agree.",
        "traits.tip.together": "{name} neither proposed nor took on anything — ask “What would you suggest?” and "
                               "let {name} own a next step.",
        **{f"traits.cue.{k}": k for k in ("shared word", "reference", "reflection", "check-back", "back-channel",
                                          "agenda", "fact", "relationship", "topic", "proposal", "commitment",
                                          "question", "no shared word")},
    },
}
