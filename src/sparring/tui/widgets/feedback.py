"""Provides the feedback card: the verdict first, then what to fix first, then what worked."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from sparring.core.content.models import Objection
from sparring.core.scoring.score import ASSISTED_LABELS, Score
from sparring.core.scoring.verdict import Fix, Verdict, verdict
from sparring.core.text import printable

BAND_STYLES = {
    "excellent": "bold green",
    "strong": "bold green",
    "getting there": "bold yellow",
    "needs work": "bold red",
}


def _quoted(quotes: tuple[str, ...]) -> str:
    return ", ".join(f"\u201c{printable(q, one_line=True)}\u201d" for q in quotes)


def _indented(text: Text) -> Padding:
    """A detail under an entry, wrapped with a hanging indent."""
    return Padding(text, (0, 0, 0, 2))


def _fix(fix: Fix, *, detail: bool) -> list[RenderableType]:
    """One entry: a flag's phrases and kind, or a missed move; with `detail`, how and why."""
    if fix.kind == "move":
        head = Text("\u2717 Missed: ", style="bold yellow")
        head.append(printable(fix.title, one_line=True), style="bold")
        parts: list[RenderableType] = [head]
        if detail and fix.advice:
            parts.append(_indented(Text.assemble(("Say: ", "italic"), printable(fix.advice))))
        return parts
    head = Text("! ", style="bold red")
    head.append(_quoted(fix.quotes), style="bold")
    head.append(f" ({fix.title})", style="red")
    parts = [head, _indented(Text.assemble(("Try: ", "italic"), printable(fix.advice)))]
    if detail and fix.why:
        parts.append(_indented(Text(printable(fix.why), style="dim")))
    return parts


def score_text(
    score: Score,
    objection: Objection | None = None,
    *,
    hinted: bool | str = False,
    strong_at: int | None = None,
) -> Group:
    """The card: score and band, then the one or two fixes, the rest, then what worked.

    The reply itself is not repeated (the transcript shows it) and neither is the
    arithmetic behind the number: only what the user can act on.
    """
    told: Verdict = verdict(score, objection)
    style = BAND_STYLES.get(told.band, "bold")
    head = Text()
    head.append(f"{told.value}/100 ", style=style)
    head.append(told.band, style=style)
    if hinted:  # True, or how the reply was helped: "hint" or "model"
        label = ASSISTED_LABELS.get(hinted, "hint used") if isinstance(hinted, str) else "hint used"
        head.append(f" \u00b7 {label}", style="dim")
    convinces = strong_at is not None and told.value >= strong_at
    if strong_at is not None:
        head.append("\n")
        head.append("Convinces" if convinces else f"Needs {strong_at} to convince", style="dim")
    if told.capped_by:
        head.append("\n")
        head.append(f"Held down by the {told.capped_by} phrasing", style="dim")
    parts: list[RenderableType] = [head]
    if told.first:
        moves_only = all(fix.kind == "move" for fix in told.first)
        heading = "To make it stronger" if convinces and moves_only else "Fix first"
        parts.append(Text(f"\n{heading}", style="bold"))
        for fix in told.first:
            parts += _fix(fix, detail=True)
    if told.rest:
        parts.append(Text("\nAlso", style="bold"))
        for fix in told.rest:
            parts += _fix(fix, detail=False)
    if told.worked:
        parts.append(Text("\nWhat worked", style="bold green"))
        for good in told.worked:
            line = Text("\u2713 ", style="green")
            line.append(printable(good.label, one_line=True))
            if good.quotes:
                line.append(f" {_quoted(good.quotes)}", style="dim")
            parts.append(line)
    if not told.first and not told.worked:
        parts.append(Text("\nNothing flagged, and no move of this objection found.", style="dim"))
    return Group(*parts)


class FeedbackCard(VerticalScroll):
    """The verdict on the last reply, plus a hint or the model answer when asked for.

    Focusable (Tab from the reply box): the arrows, PageUp and PageDown scroll it; the
    conversation screen also pages it with PageUp/PageDown while the reply box has focus.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.body = Static(id="card-body")
        self.extra = Static(id="card-extra")
        self.border_title = "Feedback"

    def compose(self) -> ComposeResult:
        """The verdict, then any hint or model answer."""
        yield self.body
        yield self.extra

    def show_intro(self, text: Text) -> None:
        """What the card says before the first reply."""
        self.body.update(text)
        self.extra.update(Text())
        self.remove_class("scored")
        self._after_change()

    def show_score(
        self,
        score: Score,
        *,
        hinted: bool | str,
        strong_at: int,
        objection: Objection | None = None,
    ) -> None:
        """Show the verdict on a reply, and drop any earlier hint or model answer."""
        self.body.update(score_text(score, objection, hinted=hinted, strong_at=strong_at))
        self.extra.update(Text())
        self.add_class("scored")
        self.scroll_home(animate=False)
        self._after_change()

    def show_extra(self, title: str, text: str) -> None:
        """A hint or the model answer, below the verdict."""
        block = Text(title, style="bold magenta")
        block.append("\n")
        block.append(printable(text))
        self.extra.update(block)
        self.call_after_refresh(self.scroll_end, animate=False)
        self._after_change()

    def _after_change(self) -> None:
        self.call_after_refresh(self._say_if_more)

    def _say_if_more(self) -> None:
        """Name the scroll keys on the border while there is more than fits."""
        self.border_subtitle = "PgUp/PgDn \u2195" if self.max_scroll_y > 0 else ""
