"""Cross-validated judge figures on the training corpus, for choosing thresholds.

Each corpus batch is judged by an act model trained without it (temperature-scaled like the
shipped model), and the figures are pooled. Thresholds are tried with --set, so a change
is chosen on data the model did not see, never on the blind split:

    python tools/tune_cv.py                      # the current thresholds
    python tools/tune_cv.py --set RAISE_AT.defensive=0.5 --set BLOCK_AT=0.6
    python tools/tune_cv.py --pending            # with corpus/pending/ batches as batches

Fold models are cached in /tmp (building them takes minutes); the cache key is the corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import pickle
import sys
from array import array
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
NON_ANSWER_KINDS = ("keyword-list", "keywords", "negated", "mocked", "other")


def _tool(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _paths(pending: bool) -> list[Path]:
    paths = sorted((ROOT / "corpus").glob("*.jsonl"))
    if pending:
        paths += sorted((ROOT / "corpus" / "pending").glob("*.jsonl"))
    return paths


def fold_models(pending: bool) -> dict[str, Any]:
    """Each batch's held-out model, temperature-scaled; cached by the corpus digest."""
    train = _tool("train_acts")
    from sparring.core.scoring.acts import ActModel

    paths = _paths(pending)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()[:16]
    cache = Path(f"/tmp/sparring-cv-{digest}.pkl")
    if cache.exists():
        return pickle.loads(cache.read_bytes())  # noqa: S301 - our own file
    if pending:
        train.CORPUS = ROOT / "corpus" / "pending"
        extra_batches = train.corpus_samples()
        train.CORPUS = ROOT / "corpus"
    batches = train.corpus_samples()
    if pending:
        batches.update(extra_batches)
    extra = train.rule_samples()
    seed = train.fit([s for rows in batches.values() for s in rows] + extra)
    extra = extra + train.case_samples(seed)
    held_out = train.folds(batches, extra, report=False)
    temperature = train.fit_temperature(held_out)
    models: dict[str, Any] = {}
    for held in sorted(batches):
        model = train.fit([s for n, rows in batches.items() if n != held for s in rows] + extra)
        weights = {b: array("d", (w / temperature for w in r)) for b, r in model.weights.items()}
        models[held] = ActModel(model.acts, weights, version=f"cv without {held}")
        print(f"fold {held} built", file=sys.stderr)
    cache.write_bytes(pickle.dumps(models))
    return models


def apply(settings: list[str]) -> None:
    """--set NAME=V or NAME.key=V on the judge's modules (flagging, reading, judge)."""
    from sparring.core.scoring import flagging, judge, reading

    for setting in settings:
        name, value = setting.split("=", 1)
        base, _, key = name.partition(".")
        for module in (flagging, reading, judge):
            if hasattr(module, base):
                if key:
                    getattr(module, base)[key] = float(value)
                else:
                    setattr(module, base, float(value))
                break
        else:
            raise SystemExit(f"no threshold {base}")


KEYS = [
    ("flags_raised_pct", "flags_expected"),
    ("good_clean_pct", "good"),
    ("good_under_50_pct", "good"),
    ("pairs_ordered_pct", "pairs"),
    ("non_answers_under_50_pct", "non_answers"),
]


def pool(evaluate: Any, paths: list[Path], models: dict[str, Any]) -> dict[str, Any]:
    """Each batch judged by its fold's model, the figures pooled over all of them, with
    the flags raised per kind and the false flags on good replies."""
    pooled: dict[str, list[int]] = {}
    kinds: dict[str, list[int]] = {}
    false: dict[str, int] = {}
    for path in paths:
        result = evaluate.measure(evaluate.read_lines([path]), model=models[path.stem])
        for pct, whole in KEYS:
            if result[pct] is not None:
                got, total = pooled.setdefault(pct, [0, 0])
                pooled[pct] = [got + round(result[pct] * result[whole] / 100), total + result[whole]]
        for kind, share in result["raised_by_kind"].items():
            raised, expected = map(int, share.split("/"))
            got, total = kinds.setdefault(kind, [0, 0])
            kinds[kind] = [got + raised, total + expected]
        for kind, count in result["false_flags_on_good"].items():
            false[kind] = false.get(kind, 0) + count
    return {
        "figures": {k: round(100 * a / b, 1) for k, (a, b) in pooled.items() if b},
        "kinds": {k: f"{a}/{b}" for k, (a, b) in kinds.items()},
        "false": false,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], metavar="NAME=V")
    parser.add_argument("--pending", action="store_true")
    args = parser.parse_args()
    evaluate = _tool("evaluate")
    evaluate.NON_ANSWERS = NON_ANSWER_KINDS
    models = fold_models(args.pending)
    apply(args.set)
    figures = pool(evaluate, _paths(args.pending), models)["figures"]
    print(json.dumps({"set": args.set, "pending": args.pending, **figures}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
