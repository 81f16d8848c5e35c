"""Provides the voice check of `validate`: every persona's voice must exist on this machine."""

from __future__ import annotations

from pathlib import Path

from sparring.core.content.catalog import Content
from sparring.core.content.errors import Problem
from sparring.core.content.yamlsafe import YamlDoc, YamlError, read_yaml
from sparring.speech.engine import Engine, SpeechUnavailable
from sparring.speech.voices import voice_problems


def check_voices(content: Content) -> tuple[list[Problem], str | None]:
    """Problems at each persona's unknown `voice` or `language` key, and a note if unchecked.

    Without a speech engine the voices cannot be known, so nothing is reported as wrong
    and the note says why they were not checked.
    """
    wanting = [p for p in content.personas.values() if p.voice.voice or p.voice.language]
    if not wanting:
        return [], None
    try:
        voices = Engine.shared().voices
    except SpeechUnavailable as error:
        return [], f"persona voices not checked: {error.message} (see `sparring doctor`)"
    problems: list[Problem] = []
    docs: dict[str, YamlDoc | None] = {}
    for persona in wanting:
        found = voice_problems(persona.voice, voices)
        if not found:
            continue
        origin = content.origins[("persona", persona.id)]
        if origin.shown not in docs:
            docs[origin.shown] = _positions(origin.path)
        doc = docs[origin.shown]
        for key, message in found:
            if doc is None:
                problems.append(Problem(origin.shown, origin.line, origin.col, message))
            else:
                problems.append(Problem.at(origin.shown, doc.position(("voice", key)), message))
    return sorted(problems), None


def _positions(path: Path) -> YamlDoc | None:
    """Re-read a file for the places of its keys (loading keeps only each item's origin)."""
    try:
        doc, _duplicates = read_yaml(path)
    except YamlError:  # changed since it loaded; the persona's own line will do
        return None
    return doc
