"""Provides the content models: personas, objection banks, phrasing rules and strengths.

Each kind of file has its module (objections, personas, rules, strengths) over the
shared field types in base; everything is importable from here.
"""

from __future__ import annotations

from sparring.core.content.models.base import (
    ContentModel,
    Difficulty,
    Id,
    Label,
    Pattern,
    Phrase,
    Scope,
    Text,
)
from sparring.core.content.models.objections import Move, Objection, ObjectionBank, Probe
from sparring.core.content.models.personas import (
    ObjectionRef,
    Persona,
    PersonaLines,
    RuleOverrides,
    Temperament,
    Voice,
)
from sparring.core.content.models.rules import KIND_FACTS, Rule, RuleExamples, RuleSet
from sparring.core.content.models.strengths import Signal, StrengthExamples, StrengthSet

__all__ = [
    "FILE_MODELS",
    "KIND_FACTS",
    "ContentModel",
    "Difficulty",
    "Id",
    "Label",
    "Move",
    "Objection",
    "ObjectionBank",
    "ObjectionRef",
    "Pattern",
    "Persona",
    "PersonaLines",
    "Phrase",
    "Probe",
    "Rule",
    "RuleExamples",
    "RuleOverrides",
    "RuleSet",
    "Scope",
    "Signal",
    "StrengthExamples",
    "StrengthSet",
    "Temperament",
    "Text",
    "Voice",
]

FILE_MODELS: dict[str, type[ContentModel]] = {
    "persona": Persona,
    "objections": ObjectionBank,
    "rules": RuleSet,
    "strengths": StrengthSet,
}
