"""English rules for the five traits (talkratio.traits): data only. Same shape as traits_sv.py."""
from __future__ import annotations

STOPWORDS = frozenset("""
the a an and or but if of to in on at by for with from as is are was were be been being have has had do does
did doing done i you he she it we they me him her us them my your his its our their this that these those
what which who whom whose when where why how not no yes so then than there here too very just also really
can could will would shall should may might must get got getting make made go going went take took say said
tell told think thought know knew see saw look like want need more most much many some any other another
all every each one about into over up down out off again still now well okay ok right yeah mm thing things
i'm you're it's that's there's we're they're i've you've we've don't didn't doesn't isn't aren't can't i'd
you'd i'll you'll we'll let's lot bit kind way today good great time talk talking happen happens happening
""".split())

FOLLOW_UP_WINDOW_S = 20.0
FOLLOW_UP_REFERENCES = (
    ("you mentioned", r"\byou (?:mentioned|said|told me|brought up|talked about|raised)\b"),
    ("what you said", r"\bwhat you (?:said|mentioned|told me|just said)\b"),
    ("more about that", r"\bmore about (?:that|this|it|them)\b"),
    ("say more", r"\b(?:say|tell me) (?:a bit |a little )?more\b"),
)
STEM_MIN = 4
STEM_SHARE = 0.75

LEADING_ACKS = ("mm", "mhm", "yeah", "yes", "okay", "ok", "right", "exactly", "sure")
REFLECTIONS = (
    ("if I understand you", r"^(?:so )?if i (?:understand|understood|hear|heard|'ve got|have got|got) "
                            r"(?:you|this|that|it) (?:correctly|right)\b|^(?:so )?if i've got (?:this|that|it|you) right\b"),
    ("what you're saying", r"^(?:so )?what you're (?:really )?saying is\b|^(?:so )?what you are saying is\b"),
    ("to sum up", r"^(?:so )?to (?:sum up|summarise|summarize)\b"),
    ("it sounds like", r"^it sounds like (?:you|you've|you're|the|we|they|it's)\b(?! a\b)"),
    ("you mean", r"^(?:so )?you mean\b"),
    ("what I'm hearing", r"^(?:so )?what i'm hearing is\b"),
    ("in other words", r"^in other words\b"),
    ("so for you", r"^so for you\b"),
    ("you're saying", r"^(?:so )?you're saying\b"),
    ("I hear that", r"^i hear that\b"),
    ("so you've", r"^so (?:you've|you have|you're|it's) (?:\w+ ){0,4}(?:already|the problem|for you)\b"
                  r"|^so it's the \w+ that\b"),
)
CHECKS = (
    ("did I get that right", r"^did i (?:get|understand) (?:that|it|you) (?:right|correctly)$"),
    ("is that right", r"^is that (?:right|correct)$"),
    ("fair summary", r"^is that a fair (?:summary|description)$"),
    ("have I missed anything", r"^have i missed (?:anything|something)$"),
    ("does that match", r"^does that (?:match|fit) (?:how you see it|your view|your picture)$"),
    ("have I understood", r"^have i (?:understood|got) (?:that|it|you) (?:right|correctly)$"),
)
BACKCHANNEL_WORDS = frozenset(("mm", "mmm", "mhm", "yeah", "yes", "yep", "okay", "ok", "right", "exactly",
                               "absolutely", "sure", "uh", "huh", "hm", "hmm", "ah", "oh", "true"))
BACKCHANNEL_PHRASES = ("i see", "got it", "uh-huh", "of course", "makes sense")
BACKCHANNEL_MAX_WORDS = 4

AGENDA_INTROS = (
    ("want to cover", r"\b(?:want|like|going) to (?:cover|raise|discuss)\b(?! it with\b)|\bi want to cover\b"),
    ("talk about", r"^(?:today )?(?:i thought we'd|we'll|i'd like to|i want to|let's) talk about\b"),
    ("go through", r"\b(?:i'd like to|i want to|we'll|i want us to) go through\b(?! my)"),
    ("the agenda", r"^(?:on )?the agenda(?: today)? (?:is|are|we have)\b|^on the agenda(?: today)?\b|"
                   r"^there are \w+ things on the agenda\b"),
    ("items", r"^(?:we have|i have) (?:two|three|four|five|\d+) (?:items|things)\b|^today's items are\b"),
    ("first … then", r"^(?:i suggest )?(?:we )?(?:first|start with|we'll start with)\b(?! of all)"
                     r"(?! (?:i |we )?(?:went|had|was|came)\b)|^first (?:we|i) (?:take|look|talk|want|go)\b|"
                     r"^first we'll\b"),
    ("what I want to cover", r"^what i want to (?:cover|raise)\b"),
    ("my idea is", r"^my idea is that we take\b"),
)
AGENDA_SPLIT = r",|:|\b(?:and then|and finally|and last|and|then|finally|namely|lastly|first|last)\b"
AGENDA_LEAD = frozenset(("we", "i", "we'll", "take", "look", "at", "talk", "about", "the", "go", "through",
                         "your", "our", "a", "an", "short", "next", "with", "how", "want", "to", "hear",
                         "agree", "on", "today", "so", "have", "is", "are", "three", "two", "things", "items",
                         "agenda", "then", "us", "any", "other", "new", "working", "possible"))

FACTS = (
    ("digit", r"\d"),
    ("number word", r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                    r"fifty|hundred|thousand|million|millions|billion|half|double)\b"),
    ("amount", r"\b(?:dollars|pounds|euros|percent|per cent|hours|weeks|months|licences?|licenses?|units)\b"),
    ("date", r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|"
             r"july|august|september|october|november|december|quarter|o'clock)\b"),
    ("decision", r"\b(?:decided|decision|deadline)\b"),
)
RELATIONS = (
    ("thanks", r"\b(?:thank you|thanks)\b(?! to\b)"),
    ("appreciation", r"\b(?:appreciate|great job|well done|proud|impressed|grateful)\b"),
    ("feelings", r"\b(?:feel|feels|felt|feeling|glad|happy|sad|worried|worry|stressful|stressed|tough|hard|"
                 r"relief|trust|frustrated|upset|good that)\b"),
    ("how are you", r"\bhow are (?:you|things)\b|\bi'm fine\b"),
)

TOPICS = (
    ("another thing", r"\b(?:another thing|one more thing)\b"),
    ("speaking of", r"^speaking of\b"),
    ("also raise", r"\bi'd also like to (?:talk about|raise|bring up|discuss)\b|"
                   r"\bcan we also (?:cover|talk about|discuss)\b"),
)
PROPOSALS = (
    ("I suggest", r"^i suggest\b"),
    ("we could", r"^(?:maybe )?we (?:could|might)\b"),
    ("what if", r"^what if\b"),
    ("one idea", r"^(?:one|my) (?:idea|option|suggestion) (?:is|would be)\b|^an? (?:alternative|option|idea) "
                 r"(?:is|would be)\b"),
    ("we should", r"^i think we should\b"),
    ("how about", r"^how about\b"),
    ("why don't we", r"^why don't we\b|^let's\b|^shall we\b"),
)
COMMITMENTS = (
    ("I'll", r"^i'll\b(?! be honest)|^i will\b"),
    ("I can", r"^i can (?:take|get|do|handle|send|check|sort|call|book|look into)\b"),
    ("leave it to me", r"^leave (?:that|it) to me\b"),
    ("I promise", r"^i promise\b"),
    ("I'm on it", r"^i'm (?:booking|sending|calling|taking|on it)\b"),
)
