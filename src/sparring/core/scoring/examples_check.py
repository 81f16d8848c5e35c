"""Provides the check behind `sparring validate` that rules and strengths agree with their
examples.

A rule's `flag` examples must each raise it and its `ok` examples must not; a strength's
`earn` examples must each earn it and its `miss` examples must not. An example its own
rule or strength contradicts is reported at the example's `file:line:col`, so an author
sees at once which wording the phrases or patterns miss (or catch by mistake).
"""

from __future__ import annotations

from pathlib import Path

from sparring.core.content.catalog import Content, Origin
from sparring.core.content.errors import Problem
from sparring.core.content.yamlsafe import Position, YamlDoc, read_yaml
from sparring.core.scoring.judge import Scorer
from sparring.core.text import printable


class _Places:
    """Where each example stands: the files are read again, once each, for positions."""

    def __init__(self) -> None:
        self._docs: dict[Path, YamlDoc | None] = {}

    def doc(self, origin: Origin) -> YamlDoc | None:
        if origin.path not in self._docs:
            parsed, errors = read_yaml(origin.path)
            self._docs[origin.path] = None if errors else parsed
        return self._docs[origin.path]

    def index(self, origin: Origin, section: str, key: str, value: str) -> int | None:
        """The index of the entry of `section` whose `key` is `value`, in the file."""
        doc = self.doc(origin)
        if doc is None or not isinstance(doc.data, dict):
            return None
        entries = doc.data.get(section)
        if not isinstance(entries, list):
            return None
        return next(
            (i for i, e in enumerate(entries) if isinstance(e, dict) and e.get(key) == value),
            None,
        )

    def problem(
        self, origin: Origin, section: str, index: int | None, group: str, number: int, what: str
    ) -> Problem:
        """A problem at one example, or at the entry's id when the file moved meanwhile."""
        doc = self.doc(origin)
        position = None
        if doc is not None and index is not None:
            position = doc.position((section, index, "examples", group, number))
        where = f"{section}[{index}].examples.{group}[{number}]"
        position = position or Position(origin.line, origin.col)
        return Problem.at(origin.shown, position, f"{where}: {what}")


def check_examples(content: Content, scorer: Scorer | None = None) -> list[Problem]:
    """One problem per example its rule or strength contradicts."""
    scorer = scorer or Scorer(content)
    places = _Places()
    return _rule_problems(content, scorer, places) + _strength_problems(content, scorer, places)


def check_rule_examples(content: Content, scorer: Scorer | None = None) -> list[Problem]:
    """One problem per example its rule contradicts."""
    return _rule_problems(content, scorer or Scorer(content), _Places())


def check_strength_examples(content: Content, scorer: Scorer | None = None) -> list[Problem]:
    """One problem per example its strength contradicts."""
    return _strength_problems(content, scorer or Scorer(content), _Places())


def _rule_problems(content: Content, scorer: Scorer, places: _Places) -> list[Problem]:
    problems: list[Problem] = []
    for rule in content.rules.values():
        origin = content.origins.get(("rule", rule.id))
        if origin is None:
            continue
        index = places.index(origin, "rules", "id", rule.id)
        for group, examples in (("flag", rule.examples.flag), ("ok", rule.examples.ok)):
            for number, example in enumerate(examples):
                flags = scorer.score(example).flags
                fired = any(rule.id in (f.rule_id, *f.also) for f in flags)
                if fired == (group == "flag"):
                    continue
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
                problems.append(places.problem(origin, "rules", index, group, number, what))
    return problems


def _strength_problems(content: Content, scorer: Scorer, places: _Places) -> list[Problem]:
    problems: list[Problem] = []
    for signal in content.strengths.values():
        origin = content.origins.get(("strength", signal.kind))
        if origin is None:
            continue
        index = places.index(origin, "strengths", "kind", signal.kind)
        groups = (("earn", signal.examples.earn), ("miss", signal.examples.miss))
        for group, examples in groups:
            for number, example in enumerate(examples):
                earned = any(s.kind == signal.kind for s in scorer.score(example).strengths)
                if earned == (group == "earn"):
                    continue
                shown = printable(example, one_line=True)
                if group == "earn":
                    what = (
                        f"strength {signal.kind!r} is not earned by its own example "
                        f"\u201c{shown}\u201d; expected the reply to earn it "
                        "(add a phrase or pattern that covers it)"
                    )
                else:
                    what = (
                        f"strength {signal.kind!r} is earned by its own miss example "
                        f"\u201c{shown}\u201d; expected the reply not to earn it "
                        "(narrow the phrase or pattern)"
                    )
                problems.append(places.problem(origin, "strengths", index, group, number, what))
    return problems
