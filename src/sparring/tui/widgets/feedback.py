"""Provides the feedback card: the verdict on the last reply, with flagged words highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from sparring.core.scoring.score import Score

BAND_STYLES = {
    "excellent": "bold green",
    "strong": "bold green",
    "getting there": "bold yellow",
    "needs work": "bold red",
}


def highlighted_reply(score: Score) -> Text:
    """The reply as typed, with flagged words marked red and the moves made underlined."""
    text = Text(score.reply)
    limit = len(score.reply)
    for hit in score.moves_hit:
        if 0 <= hit.start < hit.end <= limit:
            text.stylize("underline green", hit.start, hit.end)
    for flag in score.flags:
        if 0 <= flag.start < flag.end <= limit:
            text.stylize("bold white on red", flag.start, flag.end)
    return text


def score_text(score: Score, *, hinted: bool = False, strong_at: int | None = None) -> Text:
    """The whole verdict as one Text: score, band, reply, flags, moves and strengths."""
    out = Text()
    out.append(f"{score.value}", style=BAND_STYLES.get(score.band, "bold"))
    out.append("/100  ")
    out.append(score.band, style=BAND_STYLES.get(score.band, "bold"))
    if hinted:
        out.append("  (hint used)", style="dim")
    if strong_at is not None:
        verdict = "convinces" if score.value >= strong_at else f"needs {strong_at} to convince"
        out.append(f"\n{verdict}", style="dim")
    out.append("\n\n")
    out.append_text(highlighted_reply(score))
    if score.flags:
        out.append("\n\nWatch the phrasing", style="bold red")
        for flag in score.flags:
            out.append("\n! ", style="bold red")
            out.append(f"\u201c{flag.text}\u201d", style="bold")
            out.append(f" ({flag.kind}) {flag.message}")
            out.append("\n  Try: ", style="italic")
            out.append(flag.suggestion)
    if score.moves_hit:
        out.append("\n\nMoves made", style="bold green")
        for hit in score.moves_hit:
            out.append("\n\u2713 ", style="green")
            out.append(hit.name)
    if score.moves_missed:
        out.append("\n\nMoves missed", style="bold yellow")
        for miss in score.moves_missed:
            out.append("\n\u2717 ", style="yellow")
            out.append(miss.name)
    if score.strengths:
        out.append("\n\nStrengths", style="bold cyan")
        for strength in score.strengths:
            out.append("\n+ ", style="cyan")
            out.append(strength.label or strength.kind)
            out.append(f" \u201c{strength.text}\u201d", style="dim")
    for line in score.explanation:
        out.append("\n")
        out.append(line, style="dim")
    return out


class FeedbackCard(VerticalScroll):
    """The verdict on the last reply, plus a hint or the model answer when asked for."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.body = Static(id="card-body")
        self.extra = Static(id="card-extra")
        self.border_title = "Feedback"
        self.can_focus = False

    def compose(self) -> ComposeResult:
        """The verdict, then any hint or model answer."""
        yield self.body
        yield self.extra

    def show_intro(self, text: Text) -> None:
        """What the card says before the first reply."""
        self.body.update(text)
        self.extra.update(Text())
        self.remove_class("scored")

    def show_score(self, score: Score, *, hinted: bool, strong_at: int) -> None:
        """Show the verdict on a reply, and drop any earlier hint or model answer."""
        self.body.update(score_text(score, hinted=hinted, strong_at=strong_at))
        self.extra.update(Text())
        self.add_class("scored")
        self.scroll_home(animate=False)

    def show_extra(self, title: str, text: str) -> None:
        """A hint or the model answer, below the verdict."""
        block = Text(title, style="bold magenta")
        block.append("\n")
        block.append(text)
        self.extra.update(block)
        self.call_after_refresh(self.scroll_end, animate=False)
