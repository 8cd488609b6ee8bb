"""talkratio: how well did the meeting leader listen?"""

from .kernels import pin as pin_kernels
from .privacy import lock_down

__version__ = "0.1.0"

lock_down()  # before any model library is imported: no telemetry, no hub (see privacy.py)
pin_kernels()  # likewise before ctranslate2 loads: the same words on any x86 CPU (see kernels.py)
