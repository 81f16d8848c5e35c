"""Turns a lead-written corpus batch from its plain writing form into corpus JSONL.

Usage: python tools/corpus_from_text.py BATCH.txt OUT.jsonl

The writing form is one reply per block: a header line
`# objection-id | good|bad|mixed | voice | move,move` and then one `act> sentence` line
per sentence. The reply's flags follow from its harmful acts (a need or a personal reason
only in the first two sentences counts as an opener); its moves are the header's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FLAG_OF_ACT = {
    "challenge": "defensive", "cave": "caves", "threaten": "ultimatum",
    "apologise": "apologetic", "hedge": "vague", "need": "i-need-opener",
    "personal": "personal-first", "overpromise": "overpromise",
}  # fmt: skip


def convert(text: str, batch: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    for line in text.splitlines():
        if line.startswith("# "):
            parts = [p.strip() for p in line[2:].split("|")]
            parts += [""] * (4 - len(parts))
            current = {
                "id": f"{batch}-{len(rows) + 1:03d}",
                "objection_id": parts[0],
                "label": parts[1],
                "voice": parts[2],
                "moves": [m for m in parts[3].split(",") if m],
                "kind": "normal",
                "sentences": [],
            }
            rows.append(current)
        elif "> " in line and current is not None:
            act, sentence = line.split("> ", 1)
            current["sentences"].append({"text": sentence.strip(), "act": act.strip()})  # type: ignore[union-attr]
    for row in rows:
        sentences = row["sentences"]
        row["reply"] = " ".join(s["text"] for s in sentences)  # type: ignore[union-attr]
        flags: list[str] = []
        for index, s in enumerate(sentences):  # type: ignore[arg-type]
            kind = FLAG_OF_ACT.get(s["act"])
            if kind is None or kind in flags:
                continue
            if s["act"] in {"need", "personal"} and index > 1:
                continue
            flags.append(kind)
        row["flags"] = flags
        if row["label"] == "bad" and not row["moves"] and not flags:
            row["kind"] = "other"
    return rows


def main() -> int:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    rows = convert(source.read_text(encoding="utf-8"), out.stem)
    out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    print(f"{out}: {len(rows)} replies, {sum(len(r['sentences']) for r in rows)} sentences")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
