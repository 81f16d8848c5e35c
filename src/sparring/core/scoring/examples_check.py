"""Provides the check behind `sparring validate` that every rule agrees with its examples.

A rule's `flag` examples must each raise it and its `ok` examples must not; a rule its
own examples contradict is reported at the example's `file:line:col`, so an author sees
at once which wording the phrases or patterns miss (or catch by mistake).
"""

from __future__ import annotations

from pathlib import Path

from sparring.core.content.catalog import Content
from sparring.core.content.errors import Problem
from sparring.core.content.yamlsafe import Position, YamlDoc, read_yaml
from sparring.core.scoring.judge import Scorer
from sparring.core.text import printable


def check_rule_examples(content: Content, scorer: Scorer | None = None) -> list[Problem]:
    """One problem per example its rule contradicts."""
    scorer = scorer or Scorer(content)
    docs: dict[Path, YamlDoc | None] = {}
    problems: list[Problem] = []
    for rule in content.rules.values():
        origin = content.origins.get(("rule", rule.id))
        if origin is None:
            continue
        if origin.path not in docs:
            parsed, errors = read_yaml(origin.path)
            docs[origin.path] = None if errors else parsed
        index = _index(docs[origin.path], rule.id)
        for group, examples in (("flag", rule.examples.flag), ("ok", rule.examples.ok)):
            for number, example in enumerate(examples):
                flags = scorer.score(example).flags
                fired = any(rule.id in (f.rule_id, *f.also) for f in flags)
                if fired == (group == "flag"):
                    continue
                doc = docs[origin.path]
                position = None
                if doc is not None and index is not None:
                    position = doc.position(("rules", index, "examples", group, number))
                shown = printable(example, one_line=True)
                if group == "flag":
                    what = (
                        f"rule {rule.id!r} does not flag its own example \u201c{shown}\u201d; "
                        f"expected a flag of kind {rule.kind} "
                        "(add a phrase or pattern that covers it)"
                    )
                else:
                    what = (
                        f"rule {rule.id!r} flags its own ok example \u201c{shown}\u201d; "
                        "expected no flag (narrow the phrase, or add an exception)"
                    )
                where = f"rules[{index}].examples.{group}[{number}]"
                position = position or Position(origin.line, origin.col)
                problems.append(Problem.at(origin.shown, position, f"{where}: {what}"))
    return problems


def _index(doc: YamlDoc | None, rule_id: str) -> int | None:
    if doc is None or not isinstance(doc.data, dict):
        return None
    rules = doc.data.get("rules")
    if not isinstance(rules, list):
        return None
    return next(
        (i for i, r in enumerate(rules) if isinstance(r, dict) and r.get("id") == rule_id), None
    )
