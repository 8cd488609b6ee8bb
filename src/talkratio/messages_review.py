"""Texts for who is who (names.py, render/who.py), corrections and re-scoring (corrections.py,
rescore.py), per meeting: merged into messages.CATALOGUE like every other area."""
from __future__ import annotations

REVIEW: dict[str, dict[str, str]] = {
    "sv": {
        "who.host": "Mötesledare: {name} — {why}.",
        "who.host.flag": "angiven",
        "who.host.enrolled": "igenkänd röst",
        "who.host.most": "gissat: ställde flest frågor ({count} av {total})",
        "who.host.first": "gissat: lika många frågor, började prata först",
        "who.host.none": "gissat: ingen ställde frågor, började prata först",
        "who.suggested": "{name}? är ett förslag: {rule} ”{evidence}” vid {time}.",
        "who.rule.greeting": "hälsades med",
        "who.rule.vocative": "tilltalades i",
        "who.rule.self": "sa själv",
        "who.confirm": "Bekräfta eller ändra med:",
        "who.confirm_analyze": "Bekräfta eller ändra genom att analysera igen med:",
        "scores.needs.method": "{asked} av behovsanalysens {total} frågor ställdes.",
        "tips.too_short": "Inspelningen är bara {seconds} s lång — för kort för att ge tips om hur du lyssnar.",
        "rescore.done": "Omräknat på {seconds} s, utan modeller.",
        "corrections.title": "Rättelser",
        "corrections.from": "Från {path}:",
        "corrections.question.drop": "Ingen fråga vid {time}: ”{text}”",
        "corrections.question.add": "Fråga tillagd vid {time} ({kind}): ”{text}”",
        "corrections.step.drop": "Inget nästa steg vid {time}: ”{text}”",
        "corrections.step.fix": "Nästa steg vid {time} rättat ({changed}): ”{text}”",
        "corrections.kind.open": "öppen",
        "corrections.kind.closed": "sluten",
        "corrections.field.concrete": "konkret",
        "corrections.field.owner": "ägare",
        "corrections.field.due": "tid",
        "corrections.field.due_date": "datum",
        "corrections.field.action": "handling",
        "notice.type.speakers": "Mötet är angivet som {type} men {count} talare hördes — stämmer mötestypen? "
                                "Ändra med --meeting-type.",
        "notice.type.speakers_command": "Mötet är angivet som {type} men {count} talare hördes — stämmer "
                                        "mötestypen? Ändra med: {command}",
        "notice.diarization.one_voice": "Mötet är angivet som {type}, men bara en röst hördes tydligt ({heard}). "
                                        "En lyssnare som låter som mötesledaren kan ha "
                                        "räknats till mötesledaren, och då är mötesledarens andel för hög. Lyssna "
                                        "på ett par av svaren innan du litar på den.",
        "notice.diarization.other_share": "den andra fick {share} % av taltiden",
        "notice.diarization.no_other": "ingen annan röst hördes",
        "notice.diarization.split": "Först hördes bara en röst där två väntades. Inspelningen delades då i "
                                    "de två röster som skiljer sig mest, och de lät olika nog för att vara "
                                    "två personer: talandelarna bygger på den delningen. Lyssna på ett par av "
                                    "svaren innan du litar på dem.",
    },
    "en": {
        "who.host": "Meeting leader: {name} — {why}.",
        "who.host.flag": "given",
        "who.host.enrolled": "recognised voice",
        "who.host.most": "guessed: asked the most questions ({count} of {total})",
        "who.host.first": "guessed: as many questions as another, spoke first",
        "who.host.none": "guessed: nobody asked questions, spoke first",
        "who.suggested": "{name}? is a suggestion: {rule} “{evidence}” at {time}.",
        "who.rule.greeting": "greeted in",
        "who.rule.vocative": "addressed in",
        "who.rule.self": "said so in",
        "who.confirm": "Confirm or change with:",
        "who.confirm_analyze": "Confirm or change by analysing again with:",
        "scores.needs.method": "{asked} of the {total} needs-analysis questions were asked.",
        "tips.too_short": "The recording is only {seconds} s long — too short to coach on how you listened.",
        "rescore.done": "Re-scored in {seconds} s, no model loaded.",
        "corrections.title": "Corrections",
        "corrections.from": "From {path}:",
        "corrections.question.drop": "No question at {time}: “{text}”",
        "corrections.question.add": "Question added at {time} ({kind}): “{text}”",
        "corrections.step.drop": "No next step at {time}: “{text}”",
        "corrections.step.fix": "Next step at {time} corrected ({changed}): “{text}”",
        "corrections.kind.open": "open",
        "corrections.kind.closed": "closed",
        "corrections.field.concrete": "concrete",
        "corrections.field.owner": "owner",
        "corrections.field.due": "time",
        "corrections.field.due_date": "date",
        "corrections.field.action": "action",
        "notice.type.speakers": "The meeting is set as {type} but {count} speakers were heard — is the meeting "
                                "type right? Change it with --meeting-type.",
        "notice.type.speakers_command": "The meeting is set as {type} but {count} speakers were heard — is the "
                                        "meeting type right? Change it with: {command}",
        "notice.diarization.one_voice": "The meeting is set as {type}, but only one voice was heard clearly "
                                        "({heard}). A listener who sounds like the meeting "
                                        "leader may have been counted as the leader, and then the leader's share "
                                        "is too high. Listen to a few of the replies before you trust it.",
        "notice.diarization.other_share": "the other got {share} % of the talk",
        "notice.diarization.no_other": "no other voice was heard",
        "notice.diarization.split": "At first only one voice was heard where two were expected. The recording "
                                    "was then split into the two voices that differ most, and they "
                                    "sounded different enough to be two people: the talk shares rest on that "
                                    "split. Listen to a few of the replies before you trust them.",
    },
}
