"""Provides `python -m sparring.tui.screenshot`: saves the conversation screen as an SVG."""

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
    app = SparringApp(AppOptions(content, Scorer(content), seed=seed, persona_id=chosen))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.screen.query_one(ReplyBox).text = REPLY
        await pilot.press("enter")
        await pilot.pause()
        out.parent.mkdir(parents=True, exist_ok=True)
        app.save_screenshot(filename=out.name, path=str(out.parent))
    return out


def main() -> None:
    """Write docs/conversation.svg (or --out)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/conversation.svg"))
    parser.add_argument("--persona", metavar="ID", help="built-in persona (default: the first)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--size", default="100x30", help="COLSxROWS")
    args = parser.parse_args()
    cols, rows = (int(n) for n in args.size.lower().split("x"))
    path = asyncio.run(save(args.out, args.persona, (cols, rows), args.seed))
    print(f"Saved {path}")


if __name__ == "__main__":
    main()
