"""Every value that crosses a stage boundary, in one place.

decode → Audio; diarize → Diarization; transcribe → Transcript; attribute → Utterances;
detect → Findings; measure → Metrics/SpeakerStats; score → Scores; all of it → Report.
All frozen: a stage can read what came before but never change it. Nothing here imports
torch, pyannote or faster-whisper; adapters cast their types into these at the boundary.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, Mapping

import numpy as np

from . import paging

SAMPLE_RATE = 16_000  # every stage works on 16 kHz float32

Language = Literal["sv", "en"]
QuestionKind = Literal["open", "closed"]
HostSource = Literal["flag", "enrolled", "heuristic"]
MeetingType = Literal["one-on-one", "sales", "team"]


@dataclass(frozen=True)
class Cue:
    """One cue of a transcript file (VTT, SRT, a meeting app's text export): who said what, when."""
    start: float
    end: float
    text: str                      # plain text: tags stripped, entities decoded, lines joined
    speaker: str | None = None     # the name the file gives; None when it names nobody
    words: tuple[Word, ...] = ()   # the file's own word times, when it has them (WhisperX JSON)


@dataclass(frozen=True)
class TranscriptSource:
    """Where the words came from when a transcript file was read instead of (or beside) Whisper."""
    path: str
    sha256: str
    format: str                    # vtt, srt, txt, json, docx
    cues: int
    mapping: Mapping[str, str] = field(default_factory=dict)   # transcript name → speaker id
    agreement: float | None = None # beside audio: share of the transcript's cue time its mapped speaker spoke
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AudioInfo:
    path: str
    sha256: str
    duration_s: float
    channels: int
    sample_rate: int  # of the file, before resampling
    # where talk time comes from: "audio" (diarization) or "transcript" (cue spans: an estimate, no pauses seen)
    timing: Literal["audio", "transcript"] = "audio"
    transcript: TranscriptSource | None = None


@dataclass(frozen=True, eq=False)
class Audio:
    info: AudioInfo
    samples: np.ndarray  # shape: (channels, n_samples), float32, SAMPLE_RATE

    @cached_property  # every stage reads it: a stereo file is mixed down once
    def mono(self) -> np.ndarray:  # shape: (n_samples,)
        if self.samples.shape[0] == 1:
            return self.samples[0]
        return np.mean(self.samples, axis=0, out=paging.empty(self.samples.shape[1:]))

    def release(self) -> None:
        """Drop the resident copy of file-backed samples (see talkratio.paging); reads page them back in."""
        for array in (self.samples, self.__dict__.get("mono")):
            if array is not None:
                paging.release(array)


@dataclass(frozen=True)
class Turn:
    speaker: str
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Diarization:
    turns: tuple[Turn, ...]        # overlapping view, sorted by start: talk time, overlap, interruptions
    exclusive: tuple[Turn, ...]    # one speaker at a time: word attribution
    model: str
    # speaker → mean voice embedding (for enrollment matching); empty when the backend has none
    embeddings: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    # only one voice found: the same audio's best split into two, for a meeting type that expects two
    # to adopt when its parts sound unlike (diarize/expected.py); None otherwise
    two_voices: Diarization | None = None

    @property
    def speakers(self) -> tuple[str, ...]:
        return tuple(sorted({t.speaker for t in self.turns}))


@dataclass(frozen=True)
class Word:
    text: str          # as the transcriber wrote it, leading space included
    start: float
    end: float
    probability: float
    speaker: str | None = None


@dataclass(frozen=True)
class Transcript:
    words: tuple[Word, ...]
    language: str
    language_probability: float | None   # Whisper's own probability; None when forced
    model: str
    language_method: str = "forced"      # how the language was chosen, for the report's provenance
    model_choice: str = "default"        # why this model heard it: default | option | config | language
    language_margin: float | None = None # fit test: best minus runner-up mean token log-prob, when it decided
    names: Mapping[str, str] = field(default_factory=dict)   # speaker id → name, from a transcript file
    source: TranscriptSource | None = None                   # the transcript file, when words came from one


@dataclass(frozen=True)
class CueSheet:
    """A transcript file as read: its cues in time order, and the language when the file says."""
    source: TranscriptSource
    cues: tuple[Cue, ...]
    language: str | None = None


@dataclass(frozen=True)
class Utterance:
    speaker: str
    start: float
    end: float
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words).strip()


@dataclass(frozen=True)
class Question:
    speaker: str
    start: float
    end: float
    text: str
    kind: QuestionKind
    cue: str                      # the rule that fired, in words: "wh-word 'vilka'"
    prompt: bool = False          # an open invitation ("Berätta mer…") rather than a question proper
    needs: str | None = None      # needs-analysis item this question asks, see NEEDS_KEYS
    needs_uncertain: bool = False # the needs item is only a near match (fuzzy.NEAR): listen to be sure
    heard: str | None = None      # a tolerant match: the words as transcribed ("man kan du göra") …
    taken_for: str | None = None  # … and what they were taken for ("vad kan du göra"), see fuzzy.py
    similarity: float | None = None   # of that match, 0..1
    confidence: float | None = None   # 0..1: its words' mean probability × the match (confidence.py)
    model_check: str | None = None    # the ASR model's own scores of written vs taken words (modelcheck.py)


NEEDS_KEYS = ("challenges", "way_forward", "their_action", "my_help")


@dataclass(frozen=True)
class NeedsItem:
    key: str                      # one of NEEDS_KEYS
    asked: bool
    speaker: str | None = None
    start: float | None = None
    text: str | None = None
    uncertain: bool = False       # not asked for sure, but a question came near it: listen at `start`
    heard: str | None = None
    taken_for: str | None = None
    similarity: float | None = None
    confidence: float | None = None
    model_check: str | None = None
    label: str | None = None      # a method of one's own (needs_methods.py): what the report calls the item …
    ask: str | None = None        # … and how a tip asks it; None for the seed's four (messages.py has them)


@dataclass(frozen=True)
class NextStep:
    speaker: str
    start: float
    end: float
    text: str
    owner: str | None             # speaker id, "both"/"all" joint, or None when unclear
    action: str | None
    due: str | None               # as said: "på torsdag", "by Wednesday"
    due_date: str | None          # ISO date when the recording date is known
    follow_up: bool               # a follow-up agreed with a time or occasion
    concrete: bool                # owner + action + due all present
    vague: bool = False           # "vi får se", "at some point"
    missing: tuple[str, ...] = () # slots not found: "owner", "action", "due", "follow_up"
    cues: tuple[str, ...] = ()
    uncertain: bool = False       # a deadline was said ("senast på …") but not understood: listen
    heard: str | None = None      # a due word matched tolerantly: as transcribed ("tushåd") …
    taken_for: str | None = None  # … and as taken ("torsdag")
    similarity: float | None = None
    confidence: float | None = None
    follow_up_untimed: bool = False   # a follow-up said ("vi följer upp") but no time heard: not "missing"


@dataclass(frozen=True)
class Purpose:
    stated: bool
    speaker: str | None = None
    start: float | None = None
    text: str | None = None
    cue: str | None = None
    uncertain: bool = False       # a near match only: shown as "osäkert", not as "stated" nor "missing"
    heard: str | None = None
    taken_for: str | None = None
    similarity: float | None = None
    confidence: float | None = None
    model_check: str | None = None


# --- the five traits of issue 21 (talkratio.traits): evidence with the rule that fired ---

@dataclass(frozen=True)
class TraitMark:
    """One sentence that shows a trait: who said it, when, and the rule that fired (`cue`)."""
    kind: str                     # follow_up | missed | reflection | check | backchannel | fact | relation |
                                  # question | proposal | commitment | topic
    speaker: str
    start: float
    end: float
    text: str
    cue: str
    ref: str | None = None        # what it takes up: the other's words before a question, the item reached
    ref_speaker: str | None = None
    ref_start: float | None = None


@dataclass(frozen=True)
class AgendaItem:
    text: str                     # as named in the opening ("budgeten")
    reached: bool                 # came up again later in the meeting
    speaker: str | None = None    # where it came up again
    start: float | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Traits:
    """Follow-ups, active listening, the agenda, facts and relationship, driven together."""
    follow_ups: tuple[TraitMark, ...] = ()     # the host's questions that take up what the other just said
    missed: tuple[TraitMark, ...] = ()         # the host's questions right after the other spoke that did not
    host_questions: int = 0
    reflections: tuple[TraitMark, ...] = ()    # summaries, paraphrases and check-back questions (kind check)
    backchannels: tuple[TraitMark, ...] = ()   # "mm", "precis" between the other's sentences
    other_speech_s: float = 0.0                # the other side's speech: back-channels are per minute of it
    agenda: TraitMark | None = None            # the sentence that named the agenda
    agenda_items: tuple[AgendaItem, ...] = ()
    facts: tuple[TraitMark, ...] = ()
    relations: tuple[TraitMark, ...] = ()
    sentences: int = 0                         # all sentences: facts and relations are shares of these
    initiatives: tuple[TraitMark, ...] = ()    # the other side's questions, proposals, commitments, new topics
    host_topics: int = 0                       # new topics the host opened (agenda items and topic shifts)


@dataclass(frozen=True)
class Findings:
    questions: tuple[Question, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    needs: tuple[NeedsItem, ...] = ()
    purpose: Purpose = Purpose(stated=False)
    traits: Traits | None = None   # issue 21; None in a report written before it


@dataclass(frozen=True)
class SpeakerStats:
    id: str
    name: str | None
    role: Literal["host", "participant"]
    talk_time_s: float
    talk_share: float
    turns: int
    longest_monologue_s: float
    words: int
    words_per_minute: float
    questions_open: int
    questions_closed: int
    interruptions: int | None = 0   # None: not measurable (times from a transcript's cues)
    patience_s: float | None = None


@dataclass(frozen=True)
class Metrics:
    speech_s: float
    silence_s: float
    overlap_s: float
    speaker_switches_per_min: float
    host_talk_share: float | None
    host_longest_monologue_s: float | None
    host_patience_s: float | None
    interruptions: Mapping[str, int | None]
    turn_taking: bool = True      # False: times from a transcript's cues, so patience and interruptions are unknown


@dataclass(frozen=True)
class Score:
    value: int                    # 0..100
    explanation: str              # one sentence, in the report's language
    uncertain: bool = False       # built on words of a poor transcript: shown as uncertain
    parts: tuple[tuple[str, float, int], ...] = ()   # overall only: (area, weight, 0..100) that made it


@dataclass(frozen=True)
class Scores:
    listening_balance: Score
    open_questions: Score
    next_steps: Score
    overall: Score
    needs: Score | None = None    # the needs analysis on its own card: items asked of 4
    # the five traits (issue 21, talkratio.traits.scores); None in a report written before them
    follow_ups: Score | None = None
    active_listening: Score | None = None
    agenda: Score | None = None
    facts_relationship: Score | None = None
    together: Score | None = None


@dataclass(frozen=True)
class TranscriptQuality:
    words: int
    low_share: float              # share of words with probability < low_p
    low_p: float
    mean_p: float
    model: str
    language: str
    poor: bool                    # low_share ≥ the poor threshold: text-based findings may be wrong
    known_wer: float | None = None   # the model's measured WER for this language, when we measured it


@dataclass(frozen=True)
class Report:
    source: AudioInfo
    language: str
    language_probability: float | None
    host: str | None
    host_source: HostSource | None
    meeting_type: MeetingType
    speakers: tuple[SpeakerStats, ...]
    turns: tuple[Turn, ...]
    utterances: tuple[Utterance, ...]
    findings: Findings
    metrics: Metrics
    scores: Scores
    tips: tuple[str, ...] = ()                 # coaching tips, in the report's language
    names: Mapping[str, str] = field(default_factory=dict)   # speaker id → display name
    models: Mapping[str, str | bool | float] = field(default_factory=dict)   # names, and how they were chosen
    timings_s: Mapping[str, float] = field(default_factory=dict)
    settings: Mapping[str, object] = field(default_factory=dict)
    recorded: str | None = None                # ISO date of the recording, when known
    version: str = ""
    quality: TranscriptQuality | None = None   # how far the words can be trusted (confidence.py)
    # speaker → {"name", "evidence", "start", "rule"}: heard in a greeting or vocative (names.py), not confirmed
    suggested_names: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    corrections: tuple[Mapping[str, object], ...] = ()   # applied from the meeting's corrections file (corrections.py)

    def display(self, speaker: str | None) -> str:
        """The name a reader sees for a speaker id; a suggested name is shown with a "?"."""
        if speaker is None:
            return "?"
        if speaker not in self.names and speaker in self.suggested_names:
            return f"{self.suggested_names[speaker]['name']}?"
        return self.names.get(speaker, speaker)
