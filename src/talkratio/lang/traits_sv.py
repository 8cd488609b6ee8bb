"""Swedish rules for the five traits (talkratio.traits): data only.

Patterns match a sentence as questions.normalize() writes it: lower-case words, single spaces,
punctuation gone. A pattern's name is the cue a finding reports.
"""
from __future__ import annotations

# --- shared: words that carry no topic (a follow-up or an agenda item is matched on the others) ---
STOPWORDS = frozenset("""
och i att det som en på är av för med till den har de inte om ett han hon men var jag sig från vi så kan
man när år säga dem du ni efter upp under alla vill finns skulle även bara också vara mycket här då sedan
sen nu eller något någon några vad hur vem vilka vilken vilket varför där mig dig oss er ju ja nej väl
hade varit blev blir bli får fick ska kunde kunna göra gör gjorde gjort tycker tror vet ser sa sagt säger
mer mest lite just annat andra samma varje hela igen alltså liksom typ kanske väldigt bra dina din ditt
min mitt mina vår vårt våra deras hans hennes dom dess detta dessa denna vara även hos utan mot över
igenom idag dag tar ta tog prata pratar pratade tänkte tänker går gå gick kommer komma känns fått finns
sätt saker sak del tid gång nog rätt lika helt redan aldrig alltid ofta ibland egentligen verkligen
okej mm precis jo jaha hej tack emot allt inget ingen ens skall behöver behöva just hur tycka händer
""".split())

# --- follow-up questions (traits/followups.py) ---
FOLLOW_UP_WINDOW_S = 20.0   # a question this long after the other stopped still answers them (ours)
FOLLOW_UP_REFERENCES = (
    ("du nämnde", r"\b(?:du|ni) (?:nämnde|nämnt|sa|sade|sagt|berättade|pratade om|tog upp)\b"),
    ("det du sa", r"\bdet (?:du|ni) (?:sa|sade|nämnde|säger|berättade)\b"),
    ("mer om det", r"\b(?:mer|lite mer) om (?:det|detta|den|dem|dom)\b"),
    ("säga mer", r"\b(?:säga|berätta|utveckla) (?:mer|lite mer)\b"),
)
STEM_MIN = 4                # two words share a stem when their common start is this long …
STEM_SHARE = 0.75           # … and covers this share of the shorter word ("flytta" ~ "flytten")

# --- active listening (traits/listening.py) ---
LEADING_ACKS = ("mm", "mhm", "ja", "jaa", "okej", "ok", "precis", "jaha", "aha", "absolut")
REFLECTIONS = (
    ("om jag förstår dig rätt", r"^(?:så )?om jag (?:förstår|förstått|hör|hört|hörde|uppfattar|uppfattat)"
                                r" (?:dig|er|det) rätt\b"),
    ("det du säger är", r"^(?:så )?det (?:du|ni) (?:egentligen |alltså )?säger är\b"),
    ("om jag sammanfattar", r"^(?:så )?om jag (?:ska )?sammanfatta(?:r)?\b|^sammanfattningsvis\b"),
    ("det låter som att", r"^det låter som (?:att|om)\b"),
    ("du menar", r"^(?:så )?(?:du|ni) menar (?:alltså )?att\b|^(?:så )?(?:du|ni) menar alltså\b"),
    ("med andra ord", r"^med andra ord\b"),
    ("så för dig", r"^så för (?:dig|er)\b"),
    ("du säger att", r"^(?:så )?(?:du|ni) säger att\b"),
    ("jag hör att", r"^jag hör att\b"),
    ("så … alltså", r"^så (?:\w+ ){0,3}alltså\b"),
)
CHECKS = (
    ("har jag förstått rätt", r"^har jag (?:förstått|uppfattat|fattat) (?:dig|er|det) rätt$"),
    ("stämmer det", r"^stämmer det(?: (?!att\b)\w+)*$"),
    ("rätt uppfattat", r"^(?:är|var) det rätt (?:uppfattat|förstått)$"),
    ("har jag missat något", r"^har jag missat (?:något|nåt)$"),
    ("uppfattade jag rätt", r"^(?:uppfattade|förstod) jag (?:det|dig|er) rätt$"),
)
BACKCHANNEL_WORDS = frozenset(("mm", "mmm", "mhm", "ja", "jaa", "jo", "jaha", "aha", "precis", "okej", "ok",
                               "okey", "absolut", "exakt", "visst", "japp", "jaså", "hm", "hmm"))
BACKCHANNEL_PHRASES = ("just det", "jag förstår", "ja visst", "jag fattar")
BACKCHANNEL_MAX_WORDS = 4

# --- agenda named in the opening and followed (traits/agenda.py) ---
AGENDA_INTROS = (
    ("ta upp", r"\b(?:vill|ska|tänkte|skulle vilja) (?:jag |vi )?(?:gärna )?ta upp\b(?! (?:det|den|frågan) med\b)"),
    ("prata om", r"^(?:idag |i dag )?(?:jag tänkte (?:att )?vi|vi ska|ska vi|jag skulle vilja|jag vill)"
                 r" (?:gärna )?(?:prata|pratar|snacka) om\b"),
    ("gå igenom", r"\b(?:jag vill|jag skulle vilja|vi ska|jag vill att vi) (?:gärna )?går? igenom\b"
                  r"(?! mejl)"),
    ("dagordningen", r"^(?:på )?(?:dagordningen|agendan)(?: idag)? (?:är|har vi|står)\b|"
                     r"^(?:det finns )?\w+ (?:saker|punkter) på (?:dagordningen|agendan)\b"),
    ("punkter", r"^(?:vi har|jag har) (?:två|tre|fyra|fem|\d+) (?:punkter|saker)\b|^punkterna(?: idag)? är\b"),
    ("först … sedan", r"^(?:jag föreslår att )?(?:vi )?(?:först|börjar med|vi börjar med)\b(?! och främst)"
                      r"(?! (?:gick|åt|var|kom|hade)\b)"),
    ("först vill jag", r"^först (?:tar|tittar|pratar|går|vill) (?:vi|jag)\b"),
    ("det jag vill ta upp", r"^det jag vill ta upp\b"),
    ("min tanke är", r"^min tanke är att vi tar\b"),
)
AGENDA_SPLIT = r",|:|\b(?:och sedan|och sen|och därefter|och sist|och slutligen|och|samt|sedan|sen|därefter|" \
               r"sist|slutligen|nämligen|och om|först)\b"
AGENDA_LEAD = frozenset(("vi", "jag", "tar", "tittar", "pratar", "prata", "går", "gå", "igenom", "om", "på",
                         "att", "din", "ditt", "dina", "er", "ert", "era", "en", "ett", "kort", "den", "det",
                         "de", "nästa", "med", "hur", "vill", "höra", "bestämma", "idag", "i", "dag", "så",
                         "har", "är", "tre", "två", "saker", "punkter", "idag", "agendan", "till", "sist"))

# --- facts and relationship (traits/tone.py) ---
FACTS = (
    ("siffra", r"\d"),
    ("räkneord", r"\b(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tjugo|trettio|fyrtio|femtio|hundra|"
                 r"tusen|miljon|miljoner|miljard|miljarder|halva|hälften|dubbelt)\b"),
    ("belopp", r"\b(?:kronor|kr|procent|euro|dollar|timmar|veckor|månader|licenser?|enheter)\b"),
    ("datum", r"\b(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|januari|februari|mars|april|maj|juni|"
              r"juli|augusti|september|oktober|november|december|kvartal(?:et)?|klockan)(?:s|en)?\b"),
    ("beslut", r"\b(?:bestämt|bestämde|beslutat|beslutade|beslutet|beslut|deadline|senast)\b"),
)
RELATIONS = (
    ("tack", r"\btack(?! vare)\b"),
    ("uppskattning", r"\b(?:uppskattar|bra jobbat|snyggt jobbat|stolt|imponerad|imponerande|tacksam)\b"),
    ("känslor", r"\b(?:känns|kändes|känner (?:mig|dig|sig|er|oss)|glad|ledsen|orolig|oroar|stressigt|stressad|"
                r"tufft|tungt|jobbigt|skönt|trygg|litar|frustrerad|nöjd)\b"),
    ("hur mår du", r"\b(?:mår|hur har (?:du|ni) det)\b"),
)

# --- driven together: the other side's initiatives (traits/together.py) ---
TOPICS = (
    ("en annan sak", r"\b(?:en annan sak|en sak till|en till sak)\b"),
    ("apropå", r"^apropå\b"),
    ("också ta upp", r"\b(?:skulle|vill) (?:jag )?också (?:vilja )?(?:prata om|ta upp)\b|"
                     r"\b(?:kan|får) vi (?:också )?ta upp\b"),
)
PROPOSALS = (
    ("jag föreslår", r"^jag föreslår\b"),
    ("vi kanske kan", r"^(?:vi )?kanske (?:vi )?(?:kan|skulle kunna)\b"),
    ("tänk om", r"^tänk om\b"),
    ("ett förslag", r"^(?:ett|mitt) (?:förslag|alternativ) (?:är|vore|skulle vara)\b"),
    ("vi skulle kunna", r"^vi (?:skulle kunna|kunde|kan ju)\b"),
    ("vi borde", r"^jag tycker (?:att )?vi (?:ska|borde|bör)\b|^vi borde\b"),
    ("vad sägs om", r"^vad sägs om\b"),
    ("ska vi", r"^ska vi\b|^borde vi\b"),
)
COMMITMENTS = (
    ("jag ska", r"^jag ska\b(?! säga\b)"),
    ("jag tar", r"^jag (?:tar|fixar|ordnar|kollar|bokar|skickar|ringer|mejlar|återkommer|lovar)\b"),
    ("jag hör av mig", r"^jag hör av mig\b"),
    ("jag kan ta", r"^jag kan (?:ta|fixa|ordna|kolla|boka|skicka|ringa)\b"),
    ("det tar jag", r"^det (?:tar|fixar|ordnar|kan) jag\b"),
)
