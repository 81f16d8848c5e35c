"""Provides what the TUI tests share: fixture content, fakes, and reading the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App

from sparring.core.content.catalog import Content
from sparring.core.content.loading import load_content
from sparring.core.content.models import Voice
from sparring.core.scoring.judge import Scorer
from sparring.core.scoring.score import Turn
from sparring.tui.app import SparringApp
from sparring.tui.options import AppOptions

DATA = Path(__file__).resolve().parent.parent / "data" / "practice"
WEAK_REPLY = "I just want to work from home, everyone else does."


def fixture_content(*extra: Path) -> Content:
    """The test personas and objections only, so built-in content changes do not matter."""
    content = load_content([*extra, DATA], user_dir=DATA / "no-user-dir", builtin=False)
    assert not content.problems, content.problems
    return content


class FakeRecorder:
    """Keeps what the app records, in memory."""

    def __init__(self) -> None:
        self.turns: list[Turn] = []
        self.finished: list[tuple[str, str | None, int | None]] = []

    def start_session(self, persona_id: str, persona_name: str, seed: int | None) -> int:
        return 1

    def record_turn(self, session_id: int, turn: Turn) -> None:
        self.turns.append(turn)

    def finish_session(
        self, session_id: int, outcome: str, terms: str | None, average: int | None
    ) -> None:
        self.finished.append((outcome, terms, average))


class FakeSpeaker:
    """Records what would be spoken."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.on_error: Any = None

    @property
    def error(self) -> str | None:
        return None

    def speak(self, text: str, voice: Voice | None = None) -> None:
        self.calls.append(("speak", text))

    def warm_up(self) -> None:
        self.calls.append(("warm_up", None))

    def stop(self) -> None:
        self.calls.append(("stop", None))

    def repeat(self) -> None:
        self.calls.append(("repeat", None))

    def close(self) -> None:
        self.calls.append(("close", None))


def make_app(
    tmp_path: Path,
    content: Content | None = None,
    *,
    seed: int = 4,
    scorer: Any = None,
    recorder: Any = None,
    speaker: Any = None,
    persona_id: str | None = None,
    **options: Any,
) -> SparringApp:
    """A SparringApp on the fixture content with everything injected (more in `options`)."""
    content = content or fixture_content()
    return SparringApp(
        AppOptions(
            content,
            scorer or Scorer(content),
            recorder=recorder,
            speaker=speaker,
            seed=seed,
            persona_id=persona_id,
            export_dir=tmp_path,
            **options,
        )
    )


def screen_text(app: App[Any]) -> str:
    """Everything painted on the screen, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def card_text(app: App[Any]) -> str:
    """What the feedback card shows on screen now: its rows, inside the border and padding."""
    from sparring.tui.widgets.feedback import FeedbackCard

    region = app.screen.query_one(FeedbackCard).content_region
    rows = screen_text(app).splitlines()[region.y : region.bottom]
    return "\n".join(row[region.x : region.right].rstrip() for row in rows)
