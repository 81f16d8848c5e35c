"""Provides the command palette entries: the same actions as the keys of the current screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

PaletteCommand = tuple[str, str, Callable[[], object]]


class SessionCommands(Provider):
    """Offers what the screen under the palette can do (hint, retry, export...) and reload."""

    def _commands(self) -> list[PaletteCommand]:
        commands: list[PaletteCommand] = []
        # The screen's own actions first, then the app's (reload, problems) on every screen.
        for owner in (self.screen, self.app):
            getter = getattr(owner, "palette_commands", None)
            if getter is not None:
                commands += getter()
        return commands

    async def discover(self) -> Hits:
        """All the screen's commands, before anything is typed."""
        for name, help_text, action in self._commands():
            yield DiscoveryHit(name, partial(action), help=help_text)

    async def search(self, query: str) -> Hits:
        """The screen's commands matching what is typed."""
        matcher = self.matcher(query)
        for name, help_text, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(action), help=help_text)
