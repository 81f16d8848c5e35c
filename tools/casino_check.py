"""Precision check on CaSiNo (real negotiation chat): empathy, trade talk and preference
questions must not be flagged as apologetic, caving or a personal-need opener.

Usage: python tools/casino_check.py PATH/casino_test.json [PATH/casino_valid.json ...]
The data is not in this repository (CC BY 4.0, github kushalchawla/CaSiNo); pass its files.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# For each CaSiNo strategy, the flag kinds that would be false on it.
WRONG = {
    "showing-empathy": {"apologetic", "caves", "defensive"},
    "promote-coordination": {"caves", "apologetic", "ultimatum"},
    "elicit-pref": {"i-need-opener", "defensive", "apologetic"},
    "small-talk": {"apologetic", "caves", "defensive", "ultimatum"},
}
OBJECTION = "what-exactly-are-you-asking"


def main(argv: list[str]) -> int:
    """Print, per strategy, how many utterances carried a false flag."""
    from sparring.core.content.loading import default_sources, load_sources
    from sparring.core.scoring.judge import Scorer

    content = load_sources(default_sources(user_dir=ROOT / "no-user-dir"), cache_file=False)
    scorer = Scorer(content)
    seen: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for name in argv:
        for dialogue in json.loads(Path(name).read_text(encoding="utf-8")):
            for text, labels in dialogue["annotations"]:
                for label in labels.split(","):
                    if label not in WRONG or not text.strip():
                        continue
                    seen[label] += 1
                    flagged = {f.kind for f in scorer.score(text, OBJECTION).flags} & WRONG[label]
                    wrong[label] += bool(flagged)
                    kinds.update(f"{label}:{k}" for k in flagged)
    for label in WRONG:
        print(f"{label}: {wrong[label]}/{seen[label]} falsely flagged")
    print("by kind:", dict(kinds.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
