"""Tests for HistoryScreen, driven with Pilot inside a tiny app."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, Static

from sparring.core.history.store import Store
from sparring.core.history.trends import HistoryData, history_data
from sparring.core.scoring.score import Flag, Score, Turn
from sparring.tui.screens.history import HistoryScreen
from sparring.tui.widgets.theme_chart import ThemeChart

CLICK = "[@click=app.quit]x[/]"
BOLD = "[bold]x[/]"


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


class HostApp(App[None]):
    """Pushes the screen under test, and keeps the messages it posts."""

    def __init__(self, screen: HistoryScreen) -> None:
        super().__init__()
        self.under_test = screen
        self.chosen: list[int] = []
        self.quit_called = False

    def on_mount(self) -> None:
        self.push_screen(self.under_test)

    def on_history_screen_session_selected(self, message: HistoryScreen.SessionSelected) -> None:
        self.chosen.append(message.session_id)

    async def action_quit(self) -> None:
        self.quit_called = True  # a literal [@click=app.quit] must never get here


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "history.sqlite3")
    at = 1_700_000_000.0
    for n, value in enumerate([40, 60, 85]):
        session = opened.start_session("rita", CLICK if n == 2 else "Rita", n)
        for i, reply in enumerate([BOLD, CLICK, "plain"]):
            flag = Flag("vague", 0, 1, BOLD, "m", CLICK, "r")
            score = Score(value=value + i, band="b", objection_id="o", reply=reply, flags=(flag,))
            theme = "accountability" if i < 2 else "precedent"
            at += 60
            opened.record_turn(session, Turn(i, "o", theme, CLICK, reply, score, at=at))
        opened.finish_session(session, "trial" if n else "no-deal", BOLD, value + 1)
    yield opened  # type: ignore[misc]
    opened.close()


def _plain(widget: Static) -> str:
    content = widget.content
    assert isinstance(content, Text), type(content)
    return content.plain


async def test_loads_in_a_worker_and_shows_everything_literally(store: Store) -> None:
    app = HostApp(HistoryScreen.from_store(store, {"accountability": "Accountability [b]"}))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.under_test
        assert screen.data is not None and screen.data.total == 3
        table = screen.query_one(DataTable)
        assert table.row_count == 3
        newest = table.get_row("3")
        assert [c.plain for c in newest] == ["3", newest[1].plain, CLICK, "Trial agreed", "86", "3"]
        assert "+25 vs last session" in _plain(screen.query_one("#history-summary", Static))
        chart = _plain(screen.query_one(ThemeChart))
        assert "Accountability [b]" in chart and "precedent" in chart
        worst = _plain(screen.query_one("#history-worst-themes", Static))
        assert worst.startswith("Accountability [b]   62.2  (6 latest of 6)")

        # Choose the newest session: its turns appear exactly as typed.
        table.focus()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.chosen == [3]
        detail = _plain(screen.query_one("#history-detail", Static))
        assert f"Manager: {CLICK}" in detail
        assert f"You: {BOLD}" in detail and f"You: {CLICK}" in detail
        assert f"terms: {BOLD}" in detail and f"“{BOLD}”: {CLICK}" in detail
        # Clicking where the literal action text is drawn fires nothing.
        await pilot.click("#history-detail", offset=(9, 3))
        await pilot.click(DataTable, offset=(30, 1))
        await pilot.pause()
        assert not app.quit_called
        assert app.screen is screen


async def test_toggle_per_day_reloads_and_escape_closes(store: Store) -> None:
    calls: list[str] = []

    def loader(by: str) -> HistoryData:
        calls.append(by)
        return history_data(store, by=by)  # type: ignore[arg-type]

    app = HostApp(HistoryScreen(loader))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("d")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert calls == ["session", "day"]
        assert app.under_test.data is not None and app.under_test.data.by == "day"
        assert "one bar per day" in _plain(app.under_test.query_one(ThemeChart))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not app.under_test


async def test_empty_history_from_fixed_data() -> None:
    app = HostApp(HistoryScreen(HistoryData(0, [], {}, [], [])))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.under_test
        assert "No practice sessions saved yet" in _plain(
            screen.query_one("#history-summary", Static)
        )
        assert "No scored replies yet" in _plain(screen.query_one(ThemeChart))
        assert screen.query_one(DataTable).row_count == 0


async def test_weakest_objections_are_shown_by_their_words_never_their_ids() -> None:
    from sparring.core.history.trends import Weakness

    data = HistoryData(
        total=1,
        sessions=[],
        trends={},
        worst_themes=[],
        worst_objections=[Weakness("slow-replies", 40.0, 2, 2, 0.0)],
        by="session",
        latest=None,
    )
    screen = HistoryScreen(data, objection_titles={"slow-replies": "Your replies take hours."})
    app = App[None]()
    async with app.run_test() as pilot:
        await app.push_screen(screen)
        await pilot.pause()
        shown = _plain(screen.query_one("#history-worst-objections", Static))
        assert "Your replies take hours." in shown and "slow-replies" not in shown
