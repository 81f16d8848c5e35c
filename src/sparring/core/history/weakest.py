"""Provides the `--weakest` plan: the objections to drill and the persona who raises them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sparring.core.content.catalog import Content
from sparring.core.history.store import Store
from sparring.core.history.trends import Weakness, worst

# Below this average an attempted objection counts as weak; above it, an objection the
# user never tried is the better drill.
WEAK_BELOW = 75.0


@dataclass(frozen=True)
class WeakestPlan:
    """What `sparring practice --weakest` runs: objection ids in order, and a persona."""

    objection_ids: tuple[str, ...]
    persona_id: str | None
    reason: str
    from_history: bool


def weakest_plan(
    source: Store | Iterable[Weakness], content: Content, n: int = 4, last: int = 5
) -> WeakestPlan:
    """Pick the `n` objections the user does worst on, and the persona best suited to them.

    `source` is the history store, or per-objection rows (as `trends.worst` returns) for
    tests and callers that already loaded them. Only objections present in `content`
    count. Order: attempted objections averaging under WEAK_BELOW (worst first), then
    objections never tried (those sharing a theme with a weak one first, then the most
    commonly raised), then the rest of the attempted ones (worst first). With no history
    at all this is a spread of the most commonly raised objections, one theme at a time.
    The persona is the one whose picks cover most of the chosen objections (ties: the
    larger total weight on them, then the first id), or None when no persona raises any.
    """
    rows = worst(source, "objection_id", last, None) if isinstance(source, Store) else source
    scored = [row for row in rows if row.key in content.objections]
    scored.sort(key=lambda row: (row.average, -row.attempts, row.key))
    weak = [row.key for row in scored if row.average < WEAK_BELOW]
    strong = [row.key for row in scored if row.average >= WEAK_BELOW]
    tried = {row.key for row in scored}

    weak_themes = {content.objections[key].theme for key in weak}
    untried = [key for key in _by_popularity(content) if key not in tried]
    untried.sort(key=lambda key: content.objections[key].theme not in weak_themes)
    fresh = untried if weak else _spread(content, untried)
    chosen = (weak + fresh + strong)[: max(n, 0)]

    if not scored:
        reason = "No history yet: a spread of the objections managers raise most."
    elif weak:
        shown = ", ".join(
            f"\u201c{_title(content, row.key)}\u201d ({row.average:.0f})"
            for row in scored[: min(3, n)]
        )
        reason = f"Your lowest averages lately: {shown}."
    else:
        reason = "Everything you tried scores well; adding objections you have not met yet."
    return WeakestPlan(tuple(chosen), _best_persona(content, chosen), reason, bool(scored))


def _by_popularity(content: Content) -> list[str]:
    """Objection ids, the ones most personas raise (by total weight) first."""
    weight: dict[str, float] = dict.fromkeys(content.objections, 0.0)
    for persona in content.personas.values():
        for pick in content.picks(persona):
            weight[pick.objection.id] += pick.weight
    return sorted(weight, key=lambda key: -weight[key])


def _spread(content: Content, ids: list[str]) -> list[str]:
    """Reorder so consecutive picks come from different themes, keeping the order within."""
    queues: dict[str | None, list[str]] = {}
    for key in ids:
        queues.setdefault(content.objections[key].theme, []).append(key)
    out: list[str] = []
    while queues:
        for theme in list(queues):
            out.append(queues[theme].pop(0))
            if not queues[theme]:
                del queues[theme]
    return out


def _best_persona(content: Content, chosen: list[str]) -> str | None:
    wanted = set(chosen)
    best: tuple[int, float, str] | None = None
    for persona in sorted(content.personas.values(), key=lambda p: p.id):
        picks = [p for p in content.picks(persona) if p.objection.id in wanted]
        rank = (len(picks), sum(p.weight for p in picks), persona.id)
        if rank[0] and (best is None or rank[:2] > best[:2]):
            best = rank
    return best[2] if best else None


def _title(content: Content, objection_id: str) -> str:
    """An objection as the user knows it, by its first wording (never its id)."""
    objection = content.objections.get(objection_id)
    if objection is None:
        return objection_id.replace("-", " ")
    words = objection.wordings[0]
    return words if len(words) <= 50 else words[:49].rstrip() + "\u2026"
