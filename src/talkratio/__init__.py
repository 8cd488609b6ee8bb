"""talkratio: how well did the meeting leader listen?"""

__version__ = "0.1.0"
