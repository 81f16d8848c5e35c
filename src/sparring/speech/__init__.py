"""Provides speaking the manager's lines: the Speaker protocol and its implementations."""

from sparring.speech.base import ErrorCallback, FakeSpeaker, SilentSpeaker, Speaker, Spoken
from sparring.speech.engine import SpeechUnavailable
from sparring.speech.pyttsx3_speaker import Pyttsx3Speaker

__all__ = [
    "ErrorCallback",
    "FakeSpeaker",
    "Pyttsx3Speaker",
    "SilentSpeaker",
    "Speaker",
    "SpeechUnavailable",
    "Spoken",
]
