"""talkratio: how well did the meeting leader listen?"""

from .privacy import lock_down

__version__ = "0.1.0"

lock_down()  # before any model library is imported: no telemetry, no hub (see privacy.py)
