"""Provides ContentControl: F8 lists the content problems (or says there are none), F9 reloads."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.worker import get_current_worker

from sparring.core.content.report import no_problems_summary, problems_summary, reload_summary
from sparring.tui.scorer import default_scorer
from sparring.tui.screens.picker import PickerScreen

if TYPE_CHECKING:
    from sparring.core.content.catalog import Content
    from sparring.core.session.engine import Scores


class ContentControl:
    """The practice room's content files: their problems, and reading them again.

    The App keeps the content: `current` gives it, `use` hands the App new content and its
    judge (None when a reload that loaded no manager keeps the judge and managers before).
    The reload runs in the App's worker group "reload", whose failure the App reports.
    """

    def __init__(
        self,
        app: App[Any],
        *,
        current: Callable[[], Content],
        use: Callable[[Content, Scores | None], None],
        loader: Callable[[], Content] | None = None,
        make_scorer: Callable[[Content], Scores] | None = None,
    ) -> None:
        self._app = app
        self._current = current
        self._use = use
        self._loader = loader
        self._make_scorer = make_scorer or default_scorer

    def show_problems(self) -> None:
        """F8: the list of content problems; with none, a notice naming the folders read."""
        from sparring.tui.screens.problems import ProblemsScreen

        app, content = self._app, self._current()
        if not content.problems:
            app.notify(no_problems_summary(content), title="Content", timeout=8, markup=False)
            return
        if isinstance(app.screen, ProblemsScreen):
            app.screen.dismiss(None)
        app.push_screen(ProblemsScreen([str(p) for p in content.problems]))

    def reload(self) -> None:
        """F9: load the content files again, off the UI thread; a newer reload replaces this."""
        self._app.run_worker(
            self._reload_in_thread, thread=True, exclusive=True, group="reload", exit_on_error=False
        )

    def _reload_in_thread(self) -> None:
        """Load and build the judge in a worker thread, then hand both to the UI thread."""
        if self._loader is not None:
            content = self._loader()
        else:
            from sparring.core.content.loading import load_content

            content = load_content()
        scorer = self._make_scorer(content)
        if not get_current_worker().is_cancelled:
            self._app.call_from_thread(self.apply, content, scorer)

    def apply(self, content: Content, scorer: Scores) -> None:
        """Use new content: new sessions and the picker see it; a session in progress keeps its own.

        An empty load (every file broken, no built-ins found) keeps the previous managers, so
        a reload can never leave the user with nothing to practise against.
        """
        from sparring.tui.screens.problems import ProblemsScreen

        app, old = self._app, self._current()
        if not content.personas:
            app.notify(
                "No manager loaded, so the managers loaded before are kept.\n"
                + problems_summary(content.problems),
                title="Reload",
                severity="error",
                timeout=10,
                markup=False,
            )
            kept = dataclasses.replace(old, problems=content.problems, checked=content.checked)
            self._use(kept, None)
            app.refresh_bindings()
            return
        self._use(content, scorer)
        for screen in app.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.use_content(content)
        if isinstance(app.screen, ProblemsScreen):
            # An open list is replaced by the new one, or closed when all is fixed.
            if content.problems:
                self.show_problems()
            else:
                app.screen.dismiss(None)
        app.refresh_bindings()
        app.notify(
            reload_summary(old, content),
            title="Reload",
            severity="warning" if content.problems else "information",
            timeout=10 if content.problems else 5,
            markup=False,
        )
