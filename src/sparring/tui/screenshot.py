"""Provides `python -m sparring.tui.screenshot`: saves the conversation screen as SVGs.

By default two pictures, after one reply to the first objection: docs/conversation.svg at
80x24 (the terminal most people never resize) and docs/conversation-120.svg at 120x36.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

REPLY = (
    "I know it's a big ask, but that's a fair question. I'd send a morning plan and an "
    "end-of-day summary in Slack, and we could try it for 90 days with a check-in after 30."
)


async def save(out: Path, persona_id: str | None, size: tuple[int, int], seed: int) -> Path:
    """Run the app headless, answer the first objection, and save the screen."""
    from sparring.core.content.loading import load_content
    from sparring.core.scoring.judge import Scorer
    from sparring.tui.app import SparringApp
    from sparring.tui.options import AppOptions
    from sparring.tui.widgets.reply_box import ReplyBox

    content = load_content(user_dir=out.parent / ".no-user-content", builtin=True)
    chosen = persona_id or next(iter(content.personas))
    # Speech off whatever the saved setting is, so the footer is the same on every machine.
    options = AppOptions(content, Scorer(content), seed=seed, persona_id=chosen, speak=False)
    app = SparringApp(options)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.screen.query_one(ReplyBox).text = REPLY
        await pilot.press("enter")
        await pilot.pause()
        out.parent.mkdir(parents=True, exist_ok=True)
        app.save_screenshot(filename=out.name, path=str(out.parent))
    return out


DEFAULTS = (
    (Path("docs/conversation.svg"), (80, 24)),
    (Path("docs/conversation-120.svg"), (120, 36)),
)


def main() -> None:
    """Write docs/conversation.svg and docs/conversation-120.svg (or --out at --size)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="one picture here instead of the two")
    parser.add_argument("--persona", metavar="ID", help="built-in persona (default: the first)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--size", default="80x24", help="COLSxROWS, with --out")
    args = parser.parse_args()
    if args.out is not None:
        cols, rows = (int(n) for n in args.size.lower().split("x"))
        targets: tuple[tuple[Path, tuple[int, int]], ...] = ((args.out, (cols, rows)),)
    else:
        targets = DEFAULTS
    for out, size in targets:
        path = asyncio.run(save(out, args.persona, size, args.seed))
        print(f"Saved {path} ({size[0]}x{size[1]})")


if __name__ == "__main__":
    main()
