"""English rules: data only. Each section is read by one engine module."""
from __future__ import annotations

# --- questions and the needs analysis (read by talkratio.questions) ---
# Patterns match a lower-cased clause, words joined by single spaces, punctuation removed
# (apostrophes kept: "what's", "isn't").

# Open question words ("what's" counts as "what").
Q_WH_WORDS = ("what", "who", "whom", "whose", "which", "where", "when", "how", "why")
# Also subordinators ("When I did a similar migration …"): interrogative without a "?" only
# when a verb from Q_VERB_FIRST follows at once ("When can you start").
Q_WH_SUBORDINATORS = ("when", "where")
# Auxiliary-first yes/no questions (closed). Without a "?" a subject from Q_SUBJECTS must follow.
Q_VERB_FIRST = ("do", "does", "did", "is", "are", "was", "were", "am", "can", "could", "will", "would",
                "should", "shall", "have", "has", "had", "may", "might", "must", "don't", "doesn't", "didn't",
                "isn't", "aren't", "wasn't", "weren't", "can't", "couldn't", "won't", "wouldn't",
                "shouldn't", "haven't", "hasn't", "hadn't")
# Subjects: after a fronted auxiliary they make it a question; after a wh-word they make it a
# subordinate clause ("what I mean is …"), not a question.
Q_SUBJECTS = ("i", "you", "we", "they", "he", "she", "it", "there", "this", "that", "these", "those", "the",
              "your", "our", "their", "my", "his", "her", "its", "anyone", "anybody", "someone", "somebody",
              "everyone", "everybody", "anything", "everything", "something", "people", "any", "all",
              "you're", "we're", "they're", "it's", "i'm", "that's", "there's", "he's", "she's")
Q_WH_OR_VERB: dict[str, tuple[str, ...]] = {}  # English has no "var" (where/was) ambiguity
Q_OR_WORDS = ("or",)  # either/or questions are closed
# Stripped from the start of a clause.
Q_FILLERS = ("so", "and", "but", "okay", "ok", "well", "yeah", "yes", "yep", "no", "nope", "um", "uh", "er",
             "erm", "oh", "ah", "hmm", "mm", "alright", "right", "sure", "great", "good", "cool", "perfect",
             "thanks", "hi", "hey", "also", "plus", "like", "actually", "mhm", "certainly", "absolutely",
             "fine", "wow", "interesting", "excellent", "terrific", "got it", "i see")
# Stripped only before a comma or a wh-word ("Now what do we do" but "Now is the time").
Q_FILLERS_COMMA = ("now", "then", "anyway", "basically", "honestly", "just", "look", "listen")
# Tag questions: a clause of exactly these words closing a sentence; counted without "?"
# only after a comma.
Q_TAGS = ("right", "isn't it", "aren't you", "aren't they", "don't you", "don't they", "doesn't it",
          "didn't you", "didn't it", "wasn't it", "weren't you", "haven't you", "hasn't it", "won't you",
          "won't it", "can't you", "couldn't you", "wouldn't you", "shouldn't we", "isn't that right",
          "is that right", "correct", "is that correct", "am i right", "don't we", "aren't we", "or not",
          "wouldn't it", "isn't that so", "is it", "are you", "do you", "did you", "huh", "eh")
Q_WEAK_TAGS = ("okay", "ok", "yes", "yeah", "no")  # tags only with a "?": ", okay." is agreement, not a question
# Open invitations: reported as open prompts even without "?".
Q_PROMPTS = (
    ("tell me", r"^(?:(?:can|could|would|will) you )?(?:please )?tell (?:me|us)\b"),
    ("walk me through", r"^(?:(?:can|could|would|will) you )?(?:please )?(?:walk|talk|take) (?:me|us) through\b"),
    ("help me understand", r"^(?:(?:can|could|would|will) you )?(?:please )?help (?:me|us) understand\b"),
    ("describe", r"^(?:(?:can|could|would|will) you )?(?:please )?describe\b"),
    ("explain", r"^(?:(?:can|could|would|will) you )?(?:please )?explain\b"),
    ("elaborate", r"^(?:(?:can|could|would|will) you )?(?:please )?elaborate\b"),
    ("give me an example", r"^(?:(?:can|could|would|will) you )?(?:please )?give (?:me|us) an example\b"),
    ("say more", r"^(?:(?:can|could|would|will) you )?say (?:a bit |a little )?more\b"),
    ("go on", r"^go on$"),
    ("i'd love to hear", r"^i(?:'d| would) (?:love|like) to (?:hear|know|understand) (?:more|about|how|what|why)\b"),
)
# Indirect questions: "I wonder whether …" is not the speaker's question unless it ends in "?";
# the word in group "w" gives the kind then ("if"/"whether" closed, a wh-word open).
Q_INDIRECT = (
    ("wonder", r"\bwonder(?:ing|ed)? (?P<w>if|whether|what|how|why|when|where|who|which)\b"),
    ("curious", r"\bcurious (?:about |to know |as to )?(?P<w>if|whether|what|how|why|when|where|who|which)\b"),
    ("want to know", r"\b(?:want|like|need) to know (?P<w>if|whether|what|how|why|when|where|who|which)\b"),
)
# Look like questions without a "?", but are not: exclamations, idioms and imperatives.
Q_NOT_QUESTIONS = (
    r"^what an? ", r"^how (?:nice|great|cool|interesting|lovely|awful|funny|kind|sweet|sad|exciting)\b",
    r"^who knows\b", r"^(?:what|how|who|which|when|where)ever\b", r"^do (?:it|that|this|so)\b",
    r"^(?:will|would|could|should|might|must) (?:do|be|love|have)\b",
    r"^(?:so|neither|nor) (?:do|does|did|am|is|are|was|were|have|has|can|could|will|would|should) \w+$",
)
# Not made questions by pitch alone: greetings and thanks (often sung with a rise), and
# sentences about the speaker's own doings ("I'm going to give this a try"): a friendly rise
# (uptalk) on them is common, a declarative question about oneself is not.
Q_NO_PITCH = (r"^(?:i|i'm|i've|i'll|i'd)\b", r"^(?:good (?:morning|afternoon|evening|day)|hi|hello|hey|thanks|"
              r"thank you|bye|goodbye|see you|welcome|nice to|have a)\b")
Q_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "mr.", "mrs.", "ms.", "dr.", "vs.", "approx.", "no.", "inc.")

# The four needs-analysis questions of the seed, and common variants (matched anywhere in a question).
NEEDS = {
    "challenges": (
        ("challenges", r"\bchalleng\w*"),
        ("problems", r"\bproblem\w*|\bpain points?\b|\bissues?\b|\bheadaches?\b|\bobstacles?\b"),
        ("needs", r"\b(?:your|the team's|the) needs\b|\bwhat do you need\b(?! from)"),
        ("struggling with", r"\bstruggl\w+ with\b|\bkeeps you up at night\b|\bgetting in the way\b"),
        ("costs you the most", r"\bcosts? you the most\b|\bhardest part\b|\bbiggest (?:problem|issue|challenge|"
                               r"frustration|concern)\b"),
    ),
    "way_forward": (
        ("move forward", r"\b(?:move|moving|go|going|get|getting) (?:forward|ahead)\b"),
        ("go from here", r"\b(?:go|take it) from here\b"),
        ("next steps", r"\bnext steps?\b(?! for you| on your side)"),
        ("solve this", r"\bhow (?:can|could|should|do|would) (?:we|you) (?:\w+ )?(?:solve|fix|tackle|address)\b"),
    ),
    "their_action": (
        ("what can you do", r"\bwhat (?:can|could|will|would|should) you (?:\w+ )?do\b|\bwhat are you (?:going|"
                            r"planning) to do\b|\bwhat do you need to do\b"),
        ("your next step", r"\byour (?:first |next )steps?\b|\bnext steps? (?:for you|on your side)\b"),
    ),
    "my_help": (
        ("what can I do", r"\bwhat (?:can|could|should) (?:i|we) do (?:for|to help) you\b"
                          r"|\bwhat (?:can|could|should) i do\b|\banything (?:i|we) can do\b"),
        ("how can I help", r"\bhow (?:can|could|might|should) (?:i|we) (?:best )?(?:help|support|assist)\b"
                           r"|\b(?:can|could|may) (?:i|we) help\b"),
        ("need from me", r"\bneed (?:\w+ )?from (?:me|us)\b"),
    ),
}

# --- next steps (read by talkratio.next_steps) ---
# Phrases are written as said; the engine tokenises them like the transcript (lower-cased,
# "I'll" → "i 'll"). English needs a modal for the future, so a bare present counts only
# with a deadline ("we meet on Friday"), never a past form ("I sent", "we agreed").
NEXT_STEPS = {
    "subjects": {"self": ("i",), "joint": ("we",), "other": ("you",), "others": ()},
    "modals": ("will", "'ll", "shall", "am going to", "'m going to", "are going to", "'re going to",
               "am gonna", "'m gonna", "gonna", "promise to", "plan to", "am planning to",
               "'m planning to", "'d be happy to", "am happy to", "'m happy to", "will be able to"),
    "weak_modals": ("can", "need to", "have to", "must", "should", "ought to", "'ve got to", "got to"),
    "present": r"[^\W\d_]{2,}",
    "present_strength": "weak",                # English present is the future only with a deadline
    "progressive": ("am", "'m", "are", "'re"),  # "I'm sending it tomorrow": with a deadline, like the present
    "inversion": False,
    "past": r"[^\W\d_]+ed|said|told|did|got|went|sent|made|took|saw|had|was|were|knew|thought|gave|came|"
            r"wrote|met|spoke|built|kept|left|found|felt|put|set|ran|began|brought|bought|paid|heard",
    "not_actions": ("am", "are", "is", "be", "have", "'ve", "'m", "'re", "'d", "think", "know", "guess",
                    "hope", "feel", "believe", "mean", "like", "love", "want", "need", "see", "agree",
                    "understand", "wonder", "suppose", "remember", "do", "does", "was", "were", "would",
                    "could", "might", "may"),
    "function_words": ("the", "a", "an", "it", "that", "this", "to", "on", "in", "at", "for", "of", "and",
                       "but", "so", "not", "n't", "i", "we", "you", "he", "she", "they", "just", "also",
                       "all", "both", "too", "never", "always", "really", "still", "only", "already", "sure"),
    "adverbs": ("also", "just", "probably", "maybe", "definitely", "then", "first", "quickly", "personally",
                "really", "certainly", "all", "both", "actually", "now", "gladly", "happily", "totally",
                "still", "perhaps"),
    "negations": ("not", "n't", "never", "no longer"),
    "blockers": ("if", "unless", "when", "whenever", "whether", "because", "since", "how", "what", "why",
                 "which", "who", "while", "once", "said", "says", "told", "tells", "mentioned", "promised",
                 "thought", "claimed", "heard", "reckoned", "wrote", "saying", "asked", "hope", "wish"),
    "clause_blockers": (),
    "conditionals": ("if", "unless", "in case"),        # a clause opening so is no promise
    "habitual": ("usually", "always", "often", "sometimes", "every", "each", "normally", "typically",
                 "generally", "monthly", "weekly", "daily", "never", "rarely"),
    # meeting talk, not a step unless a time is said: "let's get going", "we'll start with …"
    "meeting_talk": ("get going", "get started", "start", "begin", "move on", "go through", "recap",
                     "wrap up", "summarise", "summarize", "dive in", "talk about", "kick off", "focus on",
                     "take a look at"),
    "requests": ("can you", "could you", "would you", "will you", "please", "i need you to",
                 "i 'd like you to", "would you mind", "you need to", "you should", "you have to"),
    "imperatives": ("send", "book", "call", "email", "check", "prepare", "set up", "schedule", "share",
                    "write", "draft", "update", "ping", "forward", "confirm", "finish", "invite",
                    "make sure", "get back to me", "loop in", "reach out", "talk to"),
    "joint_imperatives": ("let 's", "let us"),
    "discourse": ("and", "so", "then", "okay", "ok", "great", "right", "please", "just", "now"),
    "conjunctions": ("and", "but", "so", "then"),
    "proposals": ("my suggestion is", "my proposal is", "i suggest", "i 'd suggest", "i propose",
                  "how about", "what if", "why do n't we", "shall we", "i 'd propose"),
    "agreement": ("yes", "yeah", "yep", "sure", "great", "perfect", "sounds good", "agreed", "fine", "okay",
                  "ok", "deal", "works for me", "good", "absolutely", "let 's do that", "that works",
                  "definitely", "of course", "excellent", "brilliant", "sounds great", "that sounds good"),
    "disagreement": ("but", "no", "not", "however", "n't"),
    "follow_up": ("follow up", "follow - up", "check in", "check back", "check progress", "check on progress",
                  "touch base", "catch up", "circle back", "get back to you", "reconnect", "regroup",
                  "meet again", "sync up", "follow-up meeting", "review where we are"),
    "vague_follow_up": ("talk soon", "speak soon", "be in touch", "stay in touch", "keep in touch",
                        "talk later", "speak later"),
    "vague_whether": ("let 's see", "let us see", "we 'll see", "we will see", "see how things develop",
                      "see how it goes", "see how things go", "wait and see", "take it as it comes",
                      "play it by ear"),
    "vague_time": ("at some point", "some point", "sometime", "some time", "later", "down the road",
                   "in the future", "eventually", "one of these days", "when we get a chance",
                   "when i get a chance", "when i have time",
                   "when there is time", "later on", "some day", "in due course", "at a later date"),
    "question_starters": ("do", "does", "did", "shall", "should", "would", "could", "will", "can", "are",
                          "is", "am", "have", "has", "must"),                # "Shall I send it?"
    "wh_words": ("what", "how", "which", "when", "why", "who", "where"),
    "abbreviations": ("mr.", "mrs.", "ms.", "dr.", "e.g.", "i.e.", "etc.", "vs."),
}
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth", "twentieth")
# Deadlines, read by talkratio.dates: words → numbers, and which phrases name a day or a period.
NEXT_STEPS_DUE = {
    "prefixes": ("by", "on", "before", "until", "till", "no later than", "this", "for", "at the latest by",
                 "at"),
    "days": {"today": 0, "tonight": 0, "this afternoon": 0, "this evening": 0, "this morning": 0,
             "end of day": 0, "end of the day": 0, "eod": 0, "close of business": 0, "before lunch": 0,
             "after lunch": 0, "after the meeting": 0, "after this meeting": 0, "right after this": 0,
             "later today": 0, "noon": 0, "midday": 0, "tomorrow": 1, "the day after tomorrow": 2},
    "time_of_day": ("morning", "afternoon", "evening", "night", "before lunch", "after lunch", "lunchtime"),
    "weekdays": {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
                 "sunday": 6},
    "weekday_suffixes": (),
    "next": ("next", "the coming"),
    "next_week": ("next week",),                                        # "Friday next week"
    "periods": {"this week": "week_end", "end of the week": "week_end", "end of this week": "week_end",
                "end of week": "week_end", "the end of the week": "week_end", "before the weekend": "week_end",
                "next week": "next_week_end", "early next week": "next_week_start",
                "beginning of next week": "next_week_start", "this weekend": "weekend",
                "over the weekend": "weekend", "end of the month": "month_end", "end of month": "month_end",
                "the end of the month": "month_end", "next month": "next_month_end"},
    "months": {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
               "august": 8, "september": 9, "october": 10, "november": 11, "december": 12},
    "month_prefixes": ("in", "by", "before", "until", "end of"),
    "day_article": ("the",),                                            # "the twelfth", "the 12th"
    "ordinals": {**{w: n for n, w in enumerate(_ORDINALS, 1)},
                 **{"twenty " + w: 20 + n for n, w in enumerate(_ORDINALS[:9], 1)},
                 "thirtieth": 30, "thirty first": 31},
    "numbers": {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2,
                "couple of": 2, "fourteen": 14},
    "in_n": ("in", "within"),
    "units": {"day": 1, "days": 1, "week": 7, "weeks": 7},
    "clock": ("at",),
    "clock_words": (),
    "not_after_day": ("week", "weeks", "time", "half", "part", "step", "version", "draft", "quarter", "day",
                      "thing", "point", "one", "question", "item", "phase", "round", "of the quarter"),
    "clock_skip": ("one", "a", "couple of", "a couple of"),            # "at one point" is no time
    "day_month_order": "",
    "next_meeting": ("next meeting", "our next meeting", "next one - on - one", "next 1:1",
                     "next standup", "next check - in", "next catch - up", "next time we meet"),
    "anaphora": ("by then", "until then", "till then"),
}

# --- purpose of the meeting (read by talkratio.purpose) ---
# Statements of purpose or agenda, searched for in the opening of the meeting only.
PURPOSE = (
    ("the goal today", r"\b(?:the|our|my) (?:main )?(?:goal|aim|purpose|objective|point|agenda) (?:for |of )?"
                       r"(?:this|today|today's|the|our|tonight)\b"),
    ("my aim today", r"\b(?:my|our) (?:main )?(?:goal|aim|purpose|objective) (?:\w+ ){0,2}(?:is|was) to\b"),
    ("today I want to", r"\btoday (?:i|we)(?:'d| would| want| wanted| am going| are going| will|'ll)\b"),
    ("I'd like to use this time", r"\b(?:i|we)(?:'d| would) like to (?:use (?:this|our|the) time|cover|"
                                  r"get out of|achieve)\b"),
    ("on the agenda", r"\bon (?:the|our|today's) agenda\b|\bagenda (?:for today|today)\b"),
    ("what I want to cover", r"\bwhat (?:i|we)(?:'d| would)? (?:want|like|hope) to (?:cover|discuss|talk about|"
                             r"get out of|achieve)\b"),
    ("the reason for this meeting", r"\bthe reason (?:for|behind) (?:this|the|our|today's) (?:meeting|call|chat)\b"),
)

# --- language of a transcript file (no Whisper to ask): its most common small words ---
COMMON_WORDS = frozenset("the and to is you we that of it what how have for with not this are be can will "
                         "do so but on at your our they there here also or now just then when which".split())

# --- tolerant matching of misheard key words (read by talkratio.fuzzy's callers) ---
FUZZY = {
    "needs": {
        "challenges": ("what challenges do you have", "what are your challenges", "what are the challenges",
                       "what is your biggest challenge"),
        "way_forward": ("how can we move forward", "how do we move forward", "how can we go forward"),
        "their_action": ("what can you do",),
        "my_help": ("what can i do", "how can i help you", "what can i do for you"),
    },
    "purpose": ("the purpose of this meeting", "the purpose of today's meeting", "the goal of this meeting",
                "the goal for today", "the agenda for today"),
    "not_slot": ("that", "this", "it", "then", "so", "there", "now", "and", "but", "i", "you", "we", "they",
                 "he", "she", "much", "more", "all", "what", "how", "which", "anything", "something"),
    "wh_words": ("what", "which", "why", "how", "when", "who", "where"),
    "due_prefixes": ("on", "by", "before", "until", "next"),
    "due_words": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow",
                  "january", "february", "march", "april", "june", "july", "august", "september", "october",
                  "november", "december"),
    "due_markers": ("no later than", "at the latest by"),
    "due_spoken": {},
}

# --- who is who (read by talkratio.names): names said in greetings, to someone, or of oneself ---
NAMES = {
    # A greeting opening a sentence, then a capitalised name: the person greeted ("Hi Erik", "Thanks, Anna").
    "greetings": ("hi", "hello", "hey", "good morning", "good afternoon", "good evening", "morning", "welcome",
                  "thanks", "thank you", "thanks so much", "thank you so much", "nice to meet you",
                  "great to see you", "good to see you", "nice to see you"),
    "lead": ("oh", "well", "yes", "yeah", "and", "so", "ok", "okay", "ah"),  # before a greeting: "Oh hi Anna"
    "self_before": ("my name is", "i'm", "i am", "this is"),               # "my name is Anna": the speaker
    "self_after": ("here",),                                               # "Anna here": the speaker
    # Capitalised words that follow a greeting or end a sentence after a comma but name nobody.
    "not_names": ("everyone", "everybody", "all", "guys", "folks", "team", "there", "again", "so", "very",
                  "much", "a", "an", "the", "and", "for", "you", "to", "back", "bye", "goodbye", "again",
                  "god", "lord", "sorry", "fine", "good", "great", "glad", "happy", "here", "just", "not",
                  "sure", "ok", "okay", "yes", "no", "thanks", "welcome", "it", "is", "that", "this", "what",
                  "how", "me", "we", "us", "i", "right", "too", "all", "everyone's", "y'all", "team's",
                  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                  "january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december", "english", "swedish", "american", "british", "european",
                  "german", "french", "indian", "chinese", "canadian", "australian", "sweden", "america",
                  "london", "stockholm", "calling", "speaking"),
}
