"""Pilot tests for reloading content: good files apply, problems are listed, nothing breaks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content as TextualContent
from textual.widgets import OptionList, Static
from tui_helpers import WEAK_REPLY, screen_text

from sparring.commands.new_cmd import render
from sparring.core.content.loading import load_content
from sparring.core.content.yamlsafe import MAX_FILE_BYTES
from sparring.core.paths import user_content_dir
from sparring.core.scoring.judge import Scorer
from sparring.tui.app import SparringApp
from sparring.tui.options import AppOptions
from sparring.tui.screens.conversation import ConversationScreen
from sparring.tui.screens.picker import PickerScreen, persona_label
from sparring.tui.screens.problems import ProblemsScreen
from sparring.tui.screens.summary import SummaryScreen
from sparring.tui.widgets.reply_box import ReplyBox

BROKEN = "kind: persona\nid: broken\nname: [unclosed\n"


def user_folder() -> Path:
    """The user's managers folder (XDG_DATA_HOME points into tmp_path, see conftest)."""
    folder = user_content_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_persona(folder: Path, name: str) -> str:
    """A persona from the `sparring new persona` template; returns its id."""
    file_name, text = render("persona", name)
    (folder / file_name).write_text(text, encoding="utf-8")
    return file_name.removesuffix(".yaml")


ROLE = 'role: "Their title and where they sit, e.g. Finance Director, reports to the CFO"'
UNQUOTED = "role: Finance Director: reports to the CFO"


def break_role(path: Path) -> tuple[int, int]:
    """The typical slip: a colon in unquoted text. Returns where the loader should point."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines) if text.startswith(ROLE))
    lines[line] = UNQUOTED + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return line + 1, UNQUOTED.index(": reports") + 1


def real_app(seed: int = 3) -> SparringApp:
    """The app as `sparring` starts it: built-ins plus the user folder, the real scorer."""
    content = load_content()
    return SparringApp(AppOptions(content, Scorer(content), seed=seed, export_dir=user_folder()))


def notifications(app: SparringApp) -> list[Any]:
    return list(app._notifications)


async def reload(pilot: Any) -> None:
    """Press the reload key and wait for the loading thread and its hand-over."""
    await pilot.press("f9")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def picker(app: SparringApp) -> PickerScreen:
    return next(s for s in app.screen_stack if isinstance(s, PickerScreen))


def picker_ids(app: SparringApp) -> list[str]:
    return [p.id for p in picker(app).shown_personas]


def problems_shown(app: SparringApp) -> list[str]:
    assert isinstance(app.screen, ProblemsScreen)
    shown = []
    for widget in app.screen.query(".problem").results(Static):
        visual = widget.visual
        assert isinstance(visual, TextualContent)
        shown.append(visual.plain)
    return shown


async def send(pilot: Any, text: str) -> None:
    pilot.app.screen.query_one(ReplyBox).text = text
    await pilot.press("enter")
    await pilot.pause()


async def test_reload_with_a_broken_file_keeps_everything_else_running() -> None:
    folder = user_folder()
    app = real_app()
    builtin_ids = set(app.content.personas)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert "f9 Reload" in screen_text(app)
        assert "f8 Problems" not in screen_text(app)  # F8 only shows while there are problems
        # A session in progress with a built-in manager.
        first = next(iter(app.content.personas))
        app.start_session(first)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        session = screen.session
        await send(pilot, WEAK_REPLY)
        turns = len(session.turns)
        old_scorer, old_content = app.scorer, app.content

        # The user edits files in another window: one broken, one new and good.
        write_persona(folder, "Broken")
        line, col = break_role(folder / "broken.yaml")
        new_id = write_persona(folder, "Skeptical CFO")
        before = len(notifications(app))
        await reload(pilot)

        # One notification sums it up.
        added = notifications(app)[before:]
        assert len(added) == 1
        message = added[0].message
        assert "new: Skeptical CFO" in message
        assert "1 problem in 1 file (" in message and "broken.yaml" in message
        assert "Press F8" in message
        assert added[0].severity == "warning"
        # The good files took effect, the built-ins stayed, the scorer follows the content.
        assert new_id in app.content.personas
        assert builtin_ids <= set(app.content.personas)
        assert app.scorer is not old_scorer
        assert getattr(app.scorer, "content", app.content) is app.content
        # The session goes on with what it started with.
        assert app.screen is screen and screen.session is session
        assert session.content is old_content
        await send(pilot, WEAK_REPLY)
        assert len(session.turns) == turns + 1
        # The conversation's footer is full at 80 columns: F8 is in the palette here.
        titles = [command.title for command in app.get_system_commands(screen)]
        assert "Show content problems" in titles

        # The modal lists the problem as file:line:col: message.
        await pilot.press("f8")
        await pilot.pause()
        shown = problems_shown(app)
        assert len(shown) == 1
        assert shown[0].endswith(
            f"/broken.yaml:{line}:{col}: YAML syntax error: "
            "mapping values are not allowed in this context"
        ), shown
        assert shown == [str(p) for p in app.content.problems]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        # After the session, the picker offers the new manager next to every built-in.
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        ids = picker_ids(app)
        assert new_id in ids and builtin_ids <= set(ids)
        assert app.screen.query_one(OptionList).option_count == len(ids)
        label = persona_label(app.content, app.content.personas[new_id]).plain
        assert "custom (" in label and "skeptical-cfo.yaml" in label
        text = screen_text(app)
        assert "Skeptical CFO" in text and "custom" in text

        # Fixing the file and reloading again clears the problem.
        path = folder / "broken.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(UNQUOTED, ROLE), encoding="utf-8")
        before = len(notifications(app))
        await reload(pilot)
        added = notifications(app)[before:]
        assert len(added) == 1 and added[0].severity == "information"
        assert "new: Broken" in added[0].message and "problem" not in added[0].message
        assert app.content.problems == []
        assert "broken" in picker_ids(app)
        # A new session uses the reloaded content.
        app.start_session(new_id)
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert app.screen.session.persona.name == "Skeptical CFO"
        assert app.screen.session.content is app.content


async def test_startup_problems_get_one_notification_and_the_modal() -> None:
    folder = user_folder()
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (folder / "other.yaml").write_text("kind: persona\nid: x\n", encoding="utf-8")
    app = real_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        shown = notifications(app)
        assert len(shown) == 1
        assert shown[0].message.startswith(f"{len(app.content.problems)} problems in 2 files (")
        assert "broken.yaml" in shown[0].message and "other.yaml" in shown[0].message
        assert "f8 Problems" in screen_text(app)
        await pilot.press("f8")
        await pilot.pause()
        lines = problems_shown(app)
        assert lines == [str(p) for p in app.content.problems]
        assert all(re.match(r".*(broken|other)\.yaml:\d+:\d+: \S", line) for line in lines)
        # The palette offers reload and the list too.
        await pilot.press("escape")
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert commands[-2:] == ["Reload content", "Show content problems"]
        assert "Start practising" in commands and "Quit" in commands  # the screen's, Textual's


def oversized(folder: Path) -> str:
    (folder / "big.yaml").write_text(
        "kind: rules\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1), encoding="utf-8"
    )
    return r"big\.yaml:1:1: file is [\d,]+ bytes; the limit is 1,048,576 bytes"


def python_tag(folder: Path) -> str:
    (folder / "evil.yaml").write_text(
        'kind: persona\nid: evil\nname: !!python/object/apply:os.system ["touch pwned"]\n',
        encoding="utf-8",
    )
    return r"evil\.yaml:3:7: tag !!python/object/apply:os\.system is not allowed"


def alias_bomb(folder: Path) -> str:
    rows = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    (folder / "bomb.yaml").write_text(
        "kind: rules\n" + "\n".join(rows) + "\nrules: *a9\n", encoding="utf-8"
    )
    return r"bomb\.yaml:\d+:\d+: .*anchors and aliases \(&name, \*name\) are not allowed"


def escaping_briefing(folder: Path) -> str:
    secret = folder.parent.parent / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    write_persona(folder, "Nosy")
    path = folder / "nosy.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "# briefing_file: notes.md", "briefing_file: ../../secret.txt"
    )
    path.write_text(text, encoding="utf-8")
    return r"nosy\.yaml:\d+:\d+: briefing_file: '\.\./\.\./secret\.txt' leads outside"


def absolute_briefing(folder: Path) -> str:
    write_persona(folder, "Nosy")
    path = folder / "nosy.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "# briefing_file: notes.md", "briefing_file: /etc/passwd"
    )
    path.write_text(text, encoding="utf-8")
    return r"nosy\.yaml:\d+:\d+: briefing_file: '/etc/passwd' is an absolute path"


@pytest.mark.parametrize(
    "make_bad", [oversized, python_tag, alias_bomb, escaping_briefing, absolute_briefing]
)
async def test_each_unsafe_file_is_refused_on_reload(make_bad: Any) -> None:
    folder = user_folder()
    app = real_app()
    builtin_ids = set(app.content.personas)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        pattern = make_bad(folder)
        await reload(pilot)
        assert len(notifications(app)) == 1
        assert "1 problem in 1 file" in notifications(app)[0].message
        assert builtin_ids <= set(picker_ids(app))
        assert not (Path.cwd() / "pwned").exists()
        await pilot.press("f8")
        await pilot.pause()
        shown = problems_shown(app)
        assert len(shown) == 1 and re.search(f"(^|/){pattern}", shown[0]), shown
        # A persona whose notes were refused still loads, without the notes.
        nosy = app.content.personas.get("nosy")
        if nosy is not None:
            assert "TOP SECRET" not in nosy.briefing and "root:" not in nosy.briefing


LITERAL = ["[@click=app.quit]x[/]", "[bold]x[/]"]


@pytest.mark.parametrize("text", LITERAL)
async def test_custom_file_text_is_literal_in_picker_notification_and_modal(text: str) -> None:
    folder = user_folder()
    app = real_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        write_persona(folder, "Tricky")
        path = folder / "tricky.yaml"
        body = path.read_text(encoding="utf-8")
        body = body.replace('name: "Tricky"', f'name: "{text}"')
        path.write_text(body, encoding="utf-8")
        odd = f'kind: rules\n"{text}": 1\nrules:\n  - id: odd\n'
        (folder / "[b]odd.yaml").write_text(odd, encoding="utf-8")
        await reload(pilot)
        # The notification names the file exactly, as plain text.
        message = notifications(app)[0].message
        assert "[b]odd.yaml" in message
        assert f"new: {text}" in message
        assert not notifications(app)[0].markup
        # The picker shows the name as written; clicking it fires nothing.
        await pilot.press(*"tricky")
        await pilot.pause()
        assert picker_ids(app) == ["tricky"]
        assert text in screen_text(app)
        await pilot.click("#details")
        await pilot.click("#personas")
        await pilot.pause()
        assert app.return_code is None and app.is_running
        # The modal lists the bad reference and the broken file name literally.
        await pilot.press("f8")
        await pilot.pause()
        shown = problems_shown(app)
        assert f"/[b]odd.yaml:2:1: {text}: unknown key {text!r}" in shown[0], shown
        page = screen_text(app)
        assert "[b]odd.yaml:" in page and text in page
        for widget in app.screen.query(".problem"):
            await pilot.click(widget)
        await pilot.pause()
        assert app.return_code is None and app.is_running


async def test_breaking_the_persona_in_use_keeps_its_session_to_the_summary() -> None:
    folder = user_folder()
    new_id = write_persona(folder, "Skeptical CFO")
    app = real_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.start_session(new_id)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        session = screen.session
        break_role(folder / "skeptical-cfo.yaml")
        await reload(pilot)
        message = notifications(app)[-1].message
        assert "gone: Skeptical CFO" in message and "1 problem in 1 file" in message
        assert new_id not in app.content.personas
        # Still practising with her, as she was when the session started.
        assert app.screen is screen and session.persona.name == "Skeptical CFO"
        await send(pilot, WEAK_REPLY)
        assert len(session.turns) == 1
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Skeptical CFO" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert new_id not in picker_ids(app)


async def test_reload_from_the_command_palette() -> None:
    folder = user_folder()
    app = real_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        new_id = write_persona(folder, "Skeptical CFO")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"reload content")
        await pilot.pause(0.3)
        assert "Reload content" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert new_id in picker_ids(app)
        assert "new: Skeptical CFO" in notifications(app)[-1].message


async def test_an_open_problem_list_follows_the_reload() -> None:
    folder = user_folder()
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    app = real_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        assert len(problems_shown(app)) == 1
        (folder / "other.yaml").write_text(BROKEN, encoding="utf-8")
        await reload(pilot)
        assert len(problems_shown(app)) == 2
        (folder / "broken.yaml").unlink()
        (folder / "other.yaml").unlink()
        await reload(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert len(app.screen_stack) == 1
