"""Provides matching a persona's voice settings against the voices an engine offers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sparring.core.text import did_you_mean

if TYPE_CHECKING:  # annotations only: the models (pydantic) load with the content
    from sparring.core.content.models import Voice


@dataclass(frozen=True)
class VoiceInfo:
    """One voice the engine offers, reduced to what matching needs."""

    id: str
    name: str
    languages: tuple[str, ...] = ()


def _norm(text: str) -> str:
    """Compare ids, names and language codes without case, `_` or spaces mattering."""
    return text.strip().lower().replace("_", "-").replace(" ", "-")


def _tail(voice_id: str) -> str:
    """The last part of an id: `gmw/en-gb-x-rp` -> `en-gb-x-rp`."""
    return _norm(voice_id.replace("\\", "/").rsplit("/", 1)[-1])


def find_voice(wanted: str, voices: Sequence[VoiceInfo]) -> VoiceInfo | None:
    """The voice named by id, by display name or by the last part of its id."""
    key = _norm(wanted)
    tests: tuple[Callable[[VoiceInfo], bool], ...] = (
        lambda v: _norm(v.id) == key,
        lambda v: _norm(v.name) == key,
        lambda v: _tail(v.id) == key,
    )
    return _first(tests, voices)


def find_language(language: str, voices: Sequence[VoiceInfo]) -> VoiceInfo | None:
    """The best voice for a language code: exact, then by id, then the same main language."""
    key = _norm(language)
    primary = key.split("-", 1)[0]
    tests: tuple[Callable[[VoiceInfo], bool], ...] = (
        lambda v: any(_norm(lang) == key for lang in v.languages),
        lambda v: _tail(v.id) == key,
        lambda v: any(_norm(lang).startswith(key + "-") for lang in v.languages),
        lambda v: _tail(v.id) == primary,
        lambda v: any(_norm(lang).split("-", 1)[0] == primary for lang in v.languages),
    )
    return _first(tests, voices)


def _first(
    tests: Sequence[Callable[[VoiceInfo], bool]], voices: Sequence[VoiceInfo]
) -> VoiceInfo | None:
    """The first voice passing the earliest test that any voice passes."""
    for test in tests:
        for voice in voices:
            if test(voice):
                return voice
    return None


def pick_voice(voice: Voice, voices: Sequence[VoiceInfo]) -> VoiceInfo | None:
    """The engine voice for a persona: its `voice` key wins over its `language` key."""
    if voice.voice:
        found = find_voice(voice.voice, voices)
        if found is not None:
            return found
    if voice.language:
        return find_language(voice.language, voices)
    return None


def voice_problems(voice: Voice, voices: Sequence[VoiceInfo]) -> list[tuple[str, str]]:
    """What in a persona's voice settings no voice here can honour, as (key, message)."""
    problems: list[tuple[str, str]] = []
    if voice.voice and find_voice(voice.voice, voices) is None:
        message = f"voice.voice: no voice {voice.voice!r} on this machine"
        names = [v.id for v in voices] + [v.name for v in voices]
        message += did_you_mean(voice.voice, names, n=3)
        message += " (`sparring doctor --voices` lists them)"
        problems.append(("voice", message))
    if voice.language and find_language(voice.language, voices) is None:
        message = f"voice.language: no voice speaks {voice.language!r} on this machine"
        codes = sorted({lang for v in voices for lang in v.languages})
        message += did_you_mean(voice.language, codes, n=3)
        message += " (`sparring doctor --voices` lists them)"
        problems.append(("language", message))
    return problems
