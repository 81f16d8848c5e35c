"""Measures the judge on labelled reply sets: flags raised, clean good replies, bands, ordering.

Usage: python tools/evaluate.py [--json] [FILE.jsonl ...]
Without files it measures the frozen blind split (tests/eval/blind) and, when present,
the coach-labelled development replies (../shared/eval/dev-replies.jsonl). It prints
figures only, never the replies, so that nobody tunes on the blind split by reading it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

BLIND = ROOT / "tests" / "eval" / "blind"
DEV = ROOT.parent / "shared" / "eval" / "dev-replies.jsonl"
NON_ANSWERS = ("keyword-list", "keywords", "negated", "mocked")


def read_lines(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Every JSON line of the given files."""
    rows: list[dict[str, Any]] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def measure(rows: list[dict[str, Any]], by_id: bool = True, model: Any = None) -> dict[str, Any]:
    """Score every row and sum up how the verdicts agree with the labels."""
    from sparring.core.content.loading import default_sources, load_sources
    from sparring.core.scoring.judge import Scorer

    # Built-in content only, parsed afresh: a user's own files must not move the figures.
    sources = default_sources(user_dir=ROOT / "tests" / "eval" / "no-user-dir")
    content = load_sources(sources, cache_file=False)
    scorer = Scorer(content, model)
    expected = raised = 0
    kf_expected = kf_raised = 0
    good = good_clean = good_low = good_70 = 0
    non_answer = non_answer_low = 0
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_kind: dict[str, int] = defaultdict(int)
    by_source: dict[str, int] = defaultdict(int)
    scores: dict[str, list[tuple[str, int]]] = defaultdict(list)
    times: list[float] = []
    for row in rows:
        objection = row.get("objection_id") if by_id and row.get("objection_id") else None
        if objection is None or objection not in content.objections:
            objection = row["objection"]
        started = time.perf_counter()
        result = scorer.score(row["reply"], objection)
        times.append(time.perf_counter() - started)
        kinds = {flag.kind for flag in result.flags}
        key = row.get("objection_id") or row["objection"]
        scores[key].append((row["label"], result.value))
        if row["label"] == "good":
            good += 1
            good_clean += not kinds
            good_low += result.value < 50
            good_70 += result.value >= 70
            for flag in result.flags:
                source = "rule" if flag.rule_id else "model"
                false_kind[f"{flag.kind}/{source}"] += 1
            continue
        if row.get("kind") in NON_ANSWERS:
            non_answer += 1
            non_answer_low += result.value < 50
        for kind in row.get("flags", []):
            expected += 1
            hit = kind in kinds
            raised += hit
            if hit:
                sources = {
                    ("rule" if f.rule_id else "model") for f in result.flags if f.kind == kind
                }
                by_source["+".join(sorted(sources))] += 1
            per_kind[kind][0] += 1
            per_kind[kind][1] += hit
            if row.get("stock") is False:
                kf_expected += 1
                kf_raised += hit
    pairs = ordered = 0
    for items in scores.values():
        goods = [s for label, s in items if label == "good"]
        bads = [s for label, s in items if label != "good"]
        for g in goods:
            for b in bads:
                pairs += 1
                ordered += g > b
    times.sort()

    def pct(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    return {
        "replies": len(rows),
        "flags_raised_pct": pct(raised, expected),
        "flags_expected": expected,
        "keyword_free_raised_pct": pct(kf_raised, kf_expected),
        "keyword_free_expected": kf_expected,
        "good_clean_pct": pct(good_clean, good),
        "good_under_50_pct": pct(good_low, good),
        "good_70_plus_pct": pct(good_70, good),
        "good": good,
        "pairs_ordered_pct": pct(ordered, pairs),
        "pairs": pairs,
        "non_answers_under_50_pct": pct(non_answer_low, non_answer),
        "non_answers": non_answer,
        "raised_by_kind": {k: f"{v[1]}/{v[0]}" for k, v in sorted(per_kind.items())},
        "false_flags_on_good": dict(sorted(false_kind.items())),
        "raised_by_source": dict(sorted(by_source.items())),
        "latency_ms_median": round(1000 * statistics.median(times), 3) if times else None,
        "latency_ms_p95": round(1000 * times[int(0.95 * (len(times) - 1))], 3) if times else None,
    }


def cross_validate(as_json: bool) -> int:
    """Figures on the corpus, each batch judged by a model that never saw it."""
    sys.path.insert(0, str(ROOT / "tools"))
    import train_acts

    batches = train_acts.corpus_samples()
    extra = train_acts.rule_samples()
    corpus_all = [s for samples in batches.values() for s in samples]
    extra = extra + train_acts.case_samples(train_acts.fit(corpus_all + extra))
    rows: list[dict[str, Any]] = []
    report: dict[str, Any] = {}
    for held in sorted(batches):
        model = train_acts.fit(
            [s for name, samples in batches.items() if name != held for s in samples] + extra
        )
        held_rows = read_lines([train_acts.CORPUS / f"{held}.jsonl"])
        report[held] = measure(held_rows, True, model)
        rows += held_rows
    if as_json:
        print(json.dumps(report, indent=2))
        return 0
    for name, figures in report.items():
        print(f"== cv {name}")
        for key, value in figures.items():
            print(f"  {key}: {value}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Print the figures for each set."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--cv",
        action="store_true",
        help="cross-validate on the training corpus: each batch scored by a model trained "
        "on the other batches (the figures to tune on; the blind split is only measured)",
    )
    args = parser.parse_args(argv)
    if args.cv:
        return cross_validate(args.json)
    sets: dict[str, tuple[list[Path], bool]] = {}
    if args.files:
        sets["given"] = (args.files, True)
    else:
        sets["blind"] = (sorted(BLIND.glob("*.jsonl")), True)
        if DEV.is_file():
            sets["dev"] = ([DEV], False)
    report = {name: measure(read_lines(paths), by_id) for name, (paths, by_id) in sets.items()}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for name, figures in report.items():
        print(f"== {name}")
        for key, value in figures.items():
            print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
