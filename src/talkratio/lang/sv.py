"""Swedish rules: data only. Each section is read by one engine module."""
from __future__ import annotations

# --- questions and the needs analysis (read by talkratio.questions) ---
# Patterns match a lower-cased clause, words joined by single spaces, punctuation removed.

# Open question words. "var" and "när" are listed but get the special rules below.
Q_WH_WORDS = ("vad", "vem", "vems", "vilken", "vilket", "vilka", "var", "vart", "varifrån", "när",
              "hur", "varför", "hurdan", "hurdant", "hurdana", "vadå")
# Also subordinators ("När jag kom hem …"): interrogative without a "?" only when a
# verb from Q_VERB_FIRST follows at once ("När kommer du").
Q_WH_SUBORDINATORS = ("när",)
# Verb-first yes/no questions (closed). Without a "?" a subject from Q_SUBJECTS must follow.
Q_VERB_FIRST = ("är", "var", "har", "hade", "kan", "kunde", "ska", "skall", "skulle", "vill", "ville", "får",
                "fick", "gör", "gjorde", "finns", "fanns", "blir", "blev", "brukar", "tycker", "tyckte",
                "känner", "kände", "tror", "trodde", "vet", "visste", "behöver", "hinner", "hann", "menar",
                "förstår", "ser", "hör", "går", "gick", "kommer", "kom", "måste", "borde", "passar", "funkar",
                "fungerar", "gäller", "stämmer", "låter", "händer", "hände", "verkar", "märker", "minns",
                "tänker", "planerar", "jobbar", "använder", "håller", "känns", "syns", "ligger", "sitter",
                "står", "orkar", "vågar", "hittar", "pratar", "pratade", "sa", "sade", "säger", "heter",
                "bor", "föredrar", "hjälper", "saknar", "önskar", "skickar", "skickade", "ringer", "träffar",
                "träffade", "klarar", "hänger", "lyckas", "lyckades", "sköter", "äger")
# Subjects: after a fronted verb they make it a question; after a wh-word they make it a
# subordinate clause ("vad jag menar är …"), not a question.
Q_SUBJECTS = ("jag", "du", "han", "hon", "hen", "den", "det", "vi", "ni", "de", "dom", "man", "någon",
              "något", "nån", "nåt", "några", "alla", "ingen", "inget", "folk", "detta", "dessa", "denna",
              "din", "ditt", "dina", "er", "ert", "era", "hans", "hennes", "deras", "vår", "vårt", "våra",
              "min", "mitt", "mina", "kunden", "kunderna", "teamet", "gruppen", "chefen", "ledningen")
# "var" is both "where" (open) and "was" (verb-first, closed): it is "was" when one of these
# words or a subject follows ("Var det bra?", "Var inte det kul?"), "where" otherwise
# ("Var ligger kontoret?").
Q_WH_OR_VERB = {"var": ("inte", "allt")}
Q_OR_WORDS = ("eller",)  # either/or questions are closed ("Vill du ha kaffe eller te?")
# Stripped from the start of a clause: they do not take the first position in a Swedish clause.
Q_FILLERS = ("och", "men", "okej", "ok", "okey", "ja", "jaa", "jo", "nej", "nä", "nää", "eh", "ehm", "öh",
             "öhm", "hm", "hmm", "mm", "mhm", "aa", "ah", "jaha", "jaså", "tack", "hej", "äh", "nämen", "jamen")
# Stripped only before a comma or a wh-word: otherwise they take the first position and force a
# statement's word order ("Så är de bästa kundmötena också").
Q_FILLERS_COMMA = ("så", "då", "nu", "alltså", "asså", "liksom", "typ", "ba", "ju", "sen", "sedan", "bra",
                   "precis", "absolut", "toppen", "jättebra", "perfekt", "fint", "visst")
# Tag questions: a clause of exactly these words closing a sentence. Counted without "?"
# only after a comma ("Det är bra, eller hur"), since "Han gillar det visst" is no question.
Q_TAGS = ("eller hur", "eller", "va", "visst", "inte sant", "eller vad", "eller inte", "väl", "eller hur va",
          "visst är det så", "eller vad tror du", "eller vad säger du")
Q_WEAK_TAGS = ("okej", "ok", "okey")  # tags only with a "?": ", okej." is agreement, not a question
# Open invitations: reported as open prompts even without "?".
Q_PROMPTS = (
    ("berätta", r"^(?:kan|skulle|vill) (?:du|ni) (?:kunna |inte )?berätta\b|^berätta\b"),
    ("beskriv", r"^(?:kan|skulle|vill) (?:du|ni) (?:kunna )?beskriva\b|^beskriv\b"),
    ("förklara", r"^(?:kan|skulle|vill) (?:du|ni) (?:kunna )?förklara\b"
                 r"|^förklara (?:mer|hur|vad|varför|gärna|för)\b"),
    ("utveckla", r"^(?:kan|skulle|vill) (?:du|ni) (?:kunna )?utveckla\b|^utveckla\b"),
    ("ge ett exempel", r"^(?:kan (?:du|ni) )?ge (?:mig |oss )?(?:ett )?exempel\b"),
    ("hjälp mig förstå", r"^hjälp (?:mig|oss) (?:att )?förstå\b"),
    ("säg mer", r"^säg (?:mer|lite mer)\b"),
    ("gå igenom", r"^(?:kan (?:du|ni) )?(?:gå|ta) (?:mig|oss) igenom\b"),
    ("jag vill höra mer", r"^jag (?:skulle vilja|vill gärna|vill) (?:höra|veta) (?:mer|lite mer)\b"),
)
# Indirect questions: "Jag undrar om …" is not the speaker's question unless it ends in "?";
# the word in group "w" gives the kind then ("om" closed, a wh-word open).
Q_INDIRECT = (
    ("undrar", r"\bundrar (?:lite |bara |nog )?(?P<w>om|ifall|vad|hur|när|var|vem|vilk\w+|varför)\b"),
    ("vill veta", r"\b(?:vill|skulle vilja) veta (?P<w>om|ifall|vad|hur|när|var|vem|vilk\w+|varför)\b"),
    ("funderar på", r"\bfunderar (?:lite )?på (?P<w>om|ifall|vad|hur|varför)\b"),
    ("är nyfiken på", r"\bnyfiken på (?P<w>om|vad|hur|varför)\b"),
)
# Look like questions without a "?", but are not: exclamations and imperatives.
Q_NOT_QUESTIONS = (
    r"^vad (?:bra|kul|roligt|skönt|synd|härligt|tråkigt|spännande|intressant|trevligt|fint|gött|jobbigt"
    r"|konstigt|snällt|tur|gulligt|tråkigt|himla|otroligt|fantastiskt|najs)\b",
    r"^(?:hur|vad|vem|när|var) som helst\b", r"^var (?:så )?(?:snäll|snälla|lugn|tyst|försiktig|beredd)\b",
    r"^gör (?:det|så)(?: bara| nu| då)?$", r"^(?:vet|tror) du vad$",
)
# Not made questions by pitch alone: greetings and thanks (often sung with a rise), and
# sentences about the speaker's own doings ("Jag lämnar dig"): a friendly rise on them is
# common, a declarative question about oneself is not.
Q_NO_PITCH = (r"^jag\b", r"^(?:hej|hejsan|hallå|tjena|tjenare|god morgon|godmorgon|god dag|goddag|tack|tackar|"
              r"hej då|vi ses|välkommen|välkomna|trevligt|ha det bra|ha en)\b")
# Words that never end a sentence although they end in "."
Q_ABBREVIATIONS = ("t.ex.", "bl.a.", "m.m.", "osv.", "d.v.s.", "dvs.", "s.k.", "ca.", "resp.", "p.g.a.", "pga.",
                   "fr.o.m.", "t.o.m.", "o.s.v.", "kl.", "nr.", "st.", "jmf.", "mfl.", "m.fl.")

# The four needs-analysis questions of the seed, and common variants (matched anywhere in a question).
NEEDS = {
    "challenges": (
        ("utmaningar", r"\butmaning\w*"),
        ("problem", r"\b(?:vad|vilka|vilket|finns det) (?:är |har |några |ni för |du för |för )?\w* ?problem\w*"),
        ("behov", r"\bbehov\w*\b"),
        ("svårast", r"\bvad (?:är|känns|tycker \w+ är) (?:det )?(?:svårast|jobbigast|tuffast|mest utmanande)\b"),
        ("skaver", r"\bvad (?:är det som )?skaver\b|\bvar skaver det\b"),
        ("kämpar med", r"\bkämpar (?:du|ni) med\b"),
        ("kostar mest", r"\bkostar (?:er|dig) mest\b|\btar mest tid\b"),
        ("hinder", r"\bhinder\b|\bstår i vägen\b"),
    ),
    "way_forward": (
        ("komma vidare", r"\b(?:hur|vad) (?:kan|ska|skulle|kommer|gör|går) (?:vi|ni|du) (?:\w+ )?"
                         r"(?:komma|gå|ta oss|ta det) vidare\b|\bkommer vi vidare\b|\bgår vi vidare\b"),
        ("lösa det", r"\bhur (?:kan|ska|skulle) (?:vi|ni|du) (?:\w+ )?lösa\b"),
        ("gå vidare", r"\b(?:vilja|vill) (?:gå|komma) vidare\b"),
        ("nästa steg", r"\bnästa steg\b"),
        ("härifrån", r"\bhärifrån\b"),
    ),
    "their_action": (
        ("vad kan du göra", r"\bvad (?:kan|skulle|ska|tänker|vill|behöver) (?:du|ni) (?:själv |själva )?"
                            r"(?:kunna )?göra\b"),
        ("bidra med", r"\bvad kan (?:du|ni) bidra med\b"),
        ("ditt nästa steg", r"\b(?:ditt|ert) (?:första |nästa )?steg\b"),
    ),
    "my_help": (
        ("vad kan jag göra", r"\bvad (?:kan|skulle|ska) (?:jag|vi) (?:kunna )?göra (?:för|åt) (?:dig|er)\b"
                             r"|\bvad (?:kan|skulle|ska) jag (?:kunna )?göra\b"),
        ("hjälpa dig", r"\b(?:hur|vad|var) (?:kan|skulle|ska) (?:jag|vi) (?:kunna )?(?:hjälpa|stötta|bidra)\b"
                       r"|\bkan (?:jag|vi) hjälpa\b"),
        ("behöver från mig", r"\bbehöver (?:du|ni) (?:\w+ )?(?:från|av) (?:mig|oss)\b"),
    ),
}

# --- next steps (read by talkratio.next_steps) ---
# Phrases are written as said; the engine tokenises them like the transcript, lower-cased.
# Swedish states the future in the plain present ("jag skickar den på fredag", "då pratar jag
# med Erik"), so a present-tense verb next to jag/vi counts, in either word order.
NEXT_STEPS = {
    "subjects": {"self": ("jag",), "joint": ("vi",), "other": ("du",), "others": ("ni",)},
    "modals": ("ska", "skall", "kommer att", "lovar att", "tänker"),     # + infinitive: a commitment
    "weak_modals": ("kan", "måste", "behöver", "borde", "bör"),         # count only with a time said
    "present": r"[^\W\d_]{2,}r",                                        # skickar, tar, gör, ringer
    "inversion": True,                                                  # "då skickar jag", "tar vi"
    "past": r"[^\W\d_]+(?:ade|de|te)",
    "present_strength": "medium",                                       # needs no deadline
    "not_actions": ("är", "har", "var", "tror", "tycker", "vet", "känner", "förstår", "hoppas", "undrar",
                    "menar", "antar", "gillar", "heter", "finns", "verkar", "låter", "får", "slipper",
                    "sitter", "står", "ligger", "bor", "mår", "säger", "minns", "behöver", "kör"),
    # words ending in -r that are never the verb: "eller jag", "när vi"
    "function_words": ("eller", "när", "där", "här", "för", "efter", "under", "över", "mer", "varför",
                       "inför", "ur", "hur", "om", "det", "den", "de", "dem", "på", "med", "i", "till", "av",
                       "att", "som", "och", "men", "en", "ett", "så", "nu", "jag", "vi", "du", "ni", "han",
                       "hon", "hen"),
    "adverbs": ("också", "nog", "gärna", "bara", "direkt", "själv", "kanske", "då", "sedan", "sen",
                "först", "snabbt", "absolut", "definitivt", "väl", "ju", "själva", "personligen"),
    "negations": ("inte", "aldrig", "ej", "knappast", "icke"),
    # before the subject (within two words): a condition, a subordinate clause or reported speech
    "blockers": ("om", "ifall", "när", "innan", "medan", "eftersom", "för att", "huruvida", "hur", "vad",
                 "varför", "vilka", "vilken", "vem", "som", "sa", "sade", "sagt", "säger", "berättade",
                 "nämnde", "lovade", "tyckte", "trodde", "menade", "hörde", "skrev", "visste", "hoppas", "önskar"),
    "clause_blockers": ("att",),                        # "Att jag slipper …" (an answer)
    "conditionals": ("om", "ifall", "i fall"),          # a clause opening so is no promise
    "habitual": ("brukar", "alltid", "ofta", "ibland", "varje", "varannan", "vanligtvis", "oftast",
                 "normalt", "i regel", "jämt", "sällan", "dagligen"),
    # meeting talk, not a step unless a time is said: "vi börjar med …", "låt oss gå igenom …"
    "meeting_talk": ("börjar", "börja", "sätter igång", "sätta igång", "kör igång", "köra igång",
                     "går igenom",
                     "gå igenom", "går vidare", "gå vidare", "sammanfattar", "sammanfatta", "rundar av",
                     "runda av", "pratar om", "prata om", "fokuserar på", "fokusera på", "tar det från början"),
    "requests": ("kan du", "kan ni", "skulle du kunna", "skulle ni kunna", "hinner du", "hinner ni",
                 "jag vill att du", "jag vill att ni", "jag behöver att du", "får jag be dig att"),
    "imperatives": ("skicka", "boka", "ring", "maila", "mejla", "kolla", "ta fram", "förbered", "skriv",
                    "fixa", "ordna", "kontakta", "bjud in", "lägg in", "sätt upp", "uppdatera", "återkom",
                    "hör av dig", "meddela", "se till", "dela", "stäm av", "prata med", "ta med"),
    "joint_imperatives": ("låt oss",),
    "discourse": ("och", "så", "då", "sen", "sedan", "men", "okej", "bra", "ja", "snälla"),
    "conjunctions": ("och", "men", "så", "sen", "sedan"),   # "…, och jag tar fram …" starts a clause
    "proposals": ("mitt förslag är att", "ett förslag är att", "jag föreslår att", "föreslår jag att",
                  "jag skulle föreslå att", "vad sägs om att", "vi kan väl"),
    "agreement": ("ja", "japp", "jajamen", "jo", "bra", "absolut", "okej", "ok", "kör", "gärna", "perfekt",
                  "toppen", "utmärkt", "låter bra", "det låter bra", "det gör vi", "visst", "precis",
                  "självklart", "deal", "det funkar", "det fungerar", "kanon", "fint"),
    "disagreement": ("men", "nej", "nja", "fast", "tyvärr"),
    "follow_up": ("följer upp", "följa upp", "uppföljning", "uppföljningsmöte", "stämmer av", "stämma av",
                  "stäm av", "avstämning", "återkommer", "återkopplar", "återkoppla", "ses igen",
                  "nytt möte", "checkar av", "checka av", "kollar av", "kolla av", "kollar läget",
                  "går igenom läget"),
    "vague_follow_up": ("vi hörs", "hörs vi", "hör av mig", "hör av oss", "hörs av"),   # vague without a time
    "vague_whether": ("vi får se", "får vi se", "vi får väl se", "vi ser hur det går", "vi ser hur det blir",
                      "vi tar det som det kommer", "det löser sig", "vi avvaktar", "vi väntar och ser",
                      "vi får ta det då"),
    "vague_time": ("någon gång", "nån gång", "längre fram", "framöver", "så småningom", "vid tillfälle",
                   "när vi hinner", "när jag hinner", "när det passar", "senare", "i framtiden", "på sikt",
                   "vid läge"),
    "question_starters": ("ska", "skall", "kan", "borde", "bör", "måste", "behöver", "har", "är", "vill",
                          "skulle", "får", "hinner", "tycker", "gör", "blir"),   # "Ska jag skicka den?"
    "wh_words": ("vad", "hur", "vilka", "vilken", "vilket", "när", "varför", "vem", "var"),
    "abbreviations": ("kl.", "t.ex.", "bl.a.", "ca.", "dvs.", "osv.", "s.k."),
}
_ORDINALS = ("första", "andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde",
             "tionde", "elfte", "tolfte", "trettonde", "fjortonde", "femtonde", "sextonde", "sjuttonde",
             "artonde", "nittonde", "tjugonde")
# Deadlines, read by talkratio.dates: words → numbers, and which phrases name a day or a period.
NEXT_STEPS_DUE = {
    "prefixes": ("senast", "till", "på", "innan", "före", "nu", "redan", "helst", "under"),
    "days": {"idag": 0, "i dag": 0, "ikväll": 0, "i kväll": 0, "i eftermiddag": 0, "i förmiddag": 0,
             "innan lunch": 0, "före lunch": 0, "till lunch": 0, "efter lunch": 0, "efter mötet": 0,
             "direkt efter mötet": 0, "under dagen": 0, "imorgon": 1, "i morgon": 1, "imorron": 1,
             "i morron": 1, "imorrn": 1, "i morrn": 1, "i övermorgon": 2, "övermorgon": 2},
    "time_of_day": ("förmiddag", "förmiddagen", "eftermiddag", "eftermiddagen", "bitti", "kväll",
                    "morgon", "innan lunch", "före lunch", "efter lunch", "till lunch"),
    "weekdays": {"måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lördag": 5,
                 "söndag": 6, "måndan": 0, "tisdan": 1, "onsdan": 2, "torsdan": 3, "fredan": 4,
                 "lördan": 5, "söndan": 6},                             # as said: "på fredan"
    "weekday_suffixes": ("en", "ens"),
    "next": ("nästa", "kommande"),
    "next_week": ("nästa vecka",),                                      # "fredag nästa vecka"
    "periods": {"i veckan": "week_end", "den här veckan": "week_end", "denna vecka": "week_end",
                "under veckan": "week_end", "i slutet av veckan": "week_end", "slutet av veckan": "week_end",
                "veckans slut": "week_end", "innan helgen": "week_end", "före helgen": "week_end",
                "nästa vecka": "next_week_end", "i början av nästa vecka": "next_week_start",
                "början av nästa vecka": "next_week_start", "i helgen": "weekend",
                "i slutet av månaden": "month_end", "slutet av månaden": "month_end",
                "månadsskiftet": "month_end", "nästa månad": "next_month_end"},
    "months": {"januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
               "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12},
    "month_prefixes": ("i", "till", "före", "innan", "senast", "under"),
    "day_article": ("den",),                                            # "den tolfte", "den 12:e"
    "ordinals": {**{w: n for n, w in enumerate(_ORDINALS, 1)},
                 **{"tjugo" + w: 20 + n for n, w in enumerate(_ORDINALS[:9], 1)},
                 "trettionde": 30, "trettioförsta": 31},
    "numbers": {"en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
                "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "ett par": 2, "fjorton": 14},
    "in_n": ("om", "inom", "inom loppet av"),
    "units": {"dag": 1, "dagar": 1, "dagarna": 1, "vecka": 7, "veckor": 7, "veckorna": 7},
    "clock": ("klockan", "kl", "kl."),
    "clock_words": ("halv", "kvart över", "kvart i"),                   # "klockan halv tre"
    "not_after_day": ("vecka", "veckan", "veckorna", "gången", "delen", "halvan", "steget", "versionen",
                      "kvartalet", "dagen", "punkten", "frågan", "fasen", "utkastet"),   # "den första veckan"
    "clock_skip": (),
    "day_month_order": "dm",                                            # 12/3 is the twelfth of March
    "next_meeting": ("nästa möte", "nästa avstämning", "nästa 1:1", "nästa veckomöte", "nästa gång vi ses"),
    "anaphora": ("till dess", "tills dess", "till då"),                  # the deadline said just before
}

# --- purpose of the meeting (read by talkratio.purpose) ---
# Statements of purpose or agenda, searched for in the opening of the meeting only.
_MEETING = r"(?:\w+ )?(?:möte\w*|samtal\w*|träff\w*|dag\w*|det här|vårt|detta)\b"
PURPOSE = (
    ("syftet med mötet", r"\bsyftet (?:med|för) " + _MEETING),
    ("målet med mötet", r"\bmålet (?:med|för) " + _MEETING),
    ("idag vill jag", r"\bi ?dag (?:vill|skulle|tänkte|ska|hade) (?:jag|vi)\b"),
    ("jag vill idag", r"\b(?:jag|vi) (?:vill|skulle vilja|tänkte|ska) (?:\w+ )?i ?dag\b"),
    ("agenda", r"\b(?:agendan|dagordningen|på agendan|vår agenda)\b"),
    ("det vi ska prata om", r"\b(?:det|vad) (?:vi|jag) (?:vill|ska|skulle vilja) (?:prata|gå igenom|ta upp|"
                            r"diskutera|komma fram till|få ut)\b"),
    ("anledningen till mötet", r"\banledningen till (?:att vi ses|mötet|det här mötet|att jag bjöd in)\b"),
)

# --- language of a transcript file (no Whisper to ask): its most common small words ---
COMMON_WORDS = frozenset("och att det är jag som en på inte vi du har för med vad hur den till av om så kan "
                         "ska vill men var ni där här också eller nu bara sedan sen mycket när vilka".split())

# --- tolerant matching of misheard key words (read by talkratio.fuzzy's callers) ---
# Canonical phrases, written as said; a heard run of words matches by fuzzy.similarity
# (thresholds in fuzzy.py). Exact rules above are tried first; these catch what Whisper
# mishears ("Vilka åtmaningar har du", "Man kan du göra?", "Sivtet med mötet").
FUZZY = {
    "needs": {
        "challenges": ("vilka utmaningar har du", "vilka utmaningar har ni", "vilka är utmaningarna",
                       "vad är din största utmaning", "vilka problem har du"),
        "way_forward": ("hur kan vi komma vidare", "hur kommer vi vidare", "hur går vi vidare",
                        "hur ska vi komma vidare"),
        "their_action": ("vad kan du göra", "vad kan ni göra", "vad kan du själv göra"),
        "my_help": ("vad kan jag göra", "hur kan jag hjälpa dig", "vad kan vi göra för dig"),
    },
    "purpose": ("syftet med mötet", "syftet med samtalet", "syftet med dagens möte", "syftet med det här mötet",
                "målet med mötet", "målet med samtalet", "syftet med träffen"),
    # Words that can open "… kan du göra?" themselves: never taken for a misheard question word.
    "not_slot": ("det", "den", "detta", "dessa", "de", "dom", "så", "då", "nu", "sen", "sedan", "här", "där",
                 "också", "jag", "du", "vi", "ni", "han", "hon", "hen", "och", "men", "mycket", "allt", "inget",
                 "ingenting", "mer", "lite", "något", "nåt", "sånt", "sådant", "vad", "hur", "vilka"),
    # Question words a question may open with, for a misheard first word before verb + subject.
    "wh_words": ("vad", "vilka", "vilken", "vilket", "varför", "hur", "när", "vem"),
    # Due words: after one of the prefixes, a word this alike (fuzzy.DUE_ACCEPT) is taken for it.
    "due_prefixes": ("på", "senast", "till", "nästa", "före", "innan"),     # not "i": "i morse" ≠ "i mars"
    "due_words": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
                  "månda", "tisda", "onsda", "torsda", "freda", "lörda", "sönda",
                  "imorgon", "januari", "februari", "mars", "april", "juni", "juli", "augusti",
                  "september", "oktober", "november", "december"),
    # A deadline said but not understood: "senast på 2 stånd" (Thursday) makes the step uncertain.
    "due_markers": ("senast",),
    # Follow-up phrases a transcript may mishear ("stemmer av"), repaired whole at fuzzy.ACCEPT.
    # English has none: its transcripts hear them right, and "followed up" would pass for "follow up".
    "follow_up": ("följer upp", "följa upp", "stämmer av", "stämma av", "ses igen", "nytt möte",
                  "checkar av", "kollar av", "uppföljningsmöte", "avstämning"),
    "due_spoken": {"månda": "måndag", "tisda": "tisdag", "onsda": "onsdag", "torsda": "torsdag",
                   "freda": "fredag", "lörda": "lördag", "sönda": "söndag"},
}

# --- who is who (read by talkratio.names): names said in greetings, to someone, or of oneself ---
NAMES = {
    # A greeting opening a sentence, then a capitalised name: the person greeted ("Hej Erik", "Tack, Anna").
    "greetings": ("hej", "hejsan", "hallå", "tjena", "tjenare", "tja", "morsning", "god morgon", "godmorgon",
                  "god dag", "goddag", "god eftermiddag", "välkommen", "tack", "tack så mycket", "tusen tack",
                  "hej och välkommen"),
    "lead": ("ja", "jo", "nej", "men", "och", "åh", "oj", "okej", "så"),   # before a greeting: "Ja, hej Erik"
    "self_before": ("jag heter", "mitt namn är"),                          # "Jag heter Anna": the speaker
    "self_after": ("här",),                                                # "Anna här": the speaker
    # Capitalised words that follow a greeting or end a sentence after a comma but name nobody.
    "not_names": ("då", "så", "alla", "allihop", "allihopa", "allesammans", "igen", "och", "hej", "hejsan",
                  "på", "för", "du", "ni", "er", "dig", "mycket", "själv", "också", "tillbaka", "där", "här",
                  "alltså", "vad", "hur", "gänget", "vänner", "kollegor", "team", "teamet", "gruppen", "gott",
                  "folk", "mitt", "min", "jag", "vi", "det", "den", "detta", "som", "att", "eller", "men",
                  "ja", "nej", "okej", "bra", "toppen", "tack", "kul", "trevligt", "välkommen", "välkomna",
                  "sist", "senast", "snart", "sedan", "sen", "nu", "idag", "imorgon", "själva", "hörni",
                  "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
                  "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                  "oktober", "november", "december", "svenska", "engelska", "sverige", "stockholm"),
}
