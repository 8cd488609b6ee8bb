"""One error tree. Adapters translate library errors into it; the CLI prints one line."""


class TalkratioError(Exception):
    """Anything the user can act on. `str(err)` is the one line the CLI prints."""

    exit_code = 1
    stage = "analyze"


class InputError(TalkratioError):
    """The file cannot be read as audio: missing, empty, not audio, no audio track."""

    exit_code = 2
    stage = "decode"


class TranscriptError(InputError):
    """A transcript file cannot be read: not a format we read, broken, empty, impossible times.

    Its own stage, so a folder run says "transcript" whether the file came alone or beside a recording."""

    stage = "transcript"


class UsageError(TalkratioError):
    """Options that contradict each other or name something unknown."""

    exit_code = 2
    stage = "options"


class ModelError(TalkratioError):
    """A model is missing, tampered with, or failed to load."""

    exit_code = 3
    stage = "models"


class BackendError(TalkratioError):
    """A model ran and failed (diarization or transcription)."""

    exit_code = 4


class OutputError(TalkratioError):
    """The report could not be written (read-only folder, disk full)."""

    exit_code = 5
    stage = "write"


class ProfileError(TalkratioError):
    """The voice-profile store is unreadable or would be damaged."""

    exit_code = 6
    stage = "profiles"


def kind_of(err: BaseException) -> str:
    """The error's kind for a report of failures: the class of this tree it belongs to (a
    CorrectionsError is a UsageError), or, for any other exception, its own class name."""
    return next((c.__name__ for c in type(err).__mro__ if c.__module__ == __name__), type(err).__name__)
