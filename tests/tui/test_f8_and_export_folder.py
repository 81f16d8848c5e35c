"""Pilot tests for F8 with nothing wrong, and where `e` on the summary writes its export."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import DATA, WEAK_REPLY, fixture_content, make_app, screen_text

from sparring.core.scoring.judge import Scorer
from sparring.tui.app import SparringApp
from sparring.tui.options import AppOptions
from sparring.tui.screens.picker import PickerScreen
from sparring.tui.screens.problems import ProblemsScreen
from sparring.tui.screens.summary import SummaryScreen
from sparring.tui.widgets.reply_box import ReplyBox


def notices(app: SparringApp) -> list[Any]:
    return list(app._notifications)


def app_with_default_export_folder() -> SparringApp:
    """The app as `sparring` makes it: no export folder given, so the default decides."""
    content = fixture_content()
    return SparringApp(AppOptions(content, Scorer(content), seed=4, persona_id="tess-tester"))


async def to_the_summary(pilot: Any) -> None:
    pilot.app.screen.query_one(ReplyBox).text = WEAK_REPLY
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("f10")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SummaryScreen)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder whose name Rich would read as markup if it were not shown literally."""
    folder = tmp_path / "home [red]x[blink]"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return folder


async def test_f8_without_problems_says_there_are_none_and_names_the_folders_read(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    assert not app.content.problems
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert "f8 Problems" not in screen_text(app)  # the footer shows F8 only with problems
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)  # no empty list opens
        [notice] = notices(app)
        assert notice.title == "Content" and notice.markup is False
        lines = notice.message.splitlines()
        files = len(list(DATA.rglob("*.yaml")))
        assert lines[0] == f"No problems in the {files} content files loaded."
        assert lines[1] == "Folders checked:"
        assert any(line.endswith(f"practice ({files} files)") for line in lines[2:]), lines
        assert any(line.endswith("no-user-dir (no such folder)") for line in lines[2:]), lines
        # In a conversation too; the palette offers the same check.
        app.start_session("tess-tester")
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert not isinstance(app.screen, ProblemsScreen)
        assert len(notices(app)) == 2 and notices(app)[1].message == notice.message
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Check content problems" in titles


async def test_e_on_the_summary_exports_to_the_documents_folder_and_says_the_full_path(
    home: Path,
) -> None:
    documents = home / "Documents"
    documents.mkdir()
    app = app_with_default_export_folder()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await to_the_summary(pilot)
        await pilot.press("e")
        await pilot.pause()
        [written] = list(documents.glob("sparring-tess-tester-*.md"))
        assert "# Practice with Tess Tester" in written.read_text(encoding="utf-8")
        assert os.name != "posix" or stat.S_IMODE(written.stat().st_mode) == 0o600
        notice = notices(app)[-1]
        assert notice.message == f"Exported to {written}" and notice.markup is False
        assert written.is_absolute() and "[red]x[blink]" in notice.message
        assert app.exported == [written]


async def test_e_without_a_documents_folder_exports_into_the_data_folder(
    home: Path, tmp_path: Path
) -> None:
    app = app_with_default_export_folder()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await to_the_summary(pilot)
        await pilot.press("e")
        await pilot.pause()
        folder = tmp_path / "xdg-data" / "sparring" / "exports"  # XDG_DATA_HOME (conftest)
        [written] = list(folder.glob("sparring-tess-tester-*.md"))
        assert notices(app)[-1].message == f"Exported to {written}"
        assert not list(home.rglob("*.md"))


async def test_an_export_that_cannot_be_written_is_one_notice_and_the_app_goes_on(
    home: Path, tmp_path: Path
) -> None:
    data = tmp_path / "xdg-data" / "sparring"
    data.mkdir(parents=True)
    (data / "exports").write_text("a file where the exports folder would be", encoding="utf-8")
    app = app_with_default_export_folder()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await to_the_summary(pilot)
        before = len(notices(app))
        await pilot.press("e")
        await pilot.pause()
        [notice] = notices(app)[before:]
        assert notice.severity == "error" and notice.markup is False
        assert notice.message.startswith(f"Could not export to {data / 'exports'}: ")
        assert app.exported == []
        # Still usable: a new session starts.
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
