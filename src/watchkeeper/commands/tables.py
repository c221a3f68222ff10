"""Rich tables the CLI prints: open cases, flagged decisions."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from watchkeeper.model import Case, Decision, Signal


def cases_table(cases: Sequence[Case]) -> Table:
    table = Table(title=f"{len(cases)} open cases, most urgent first")
    for column in ("case", "queue", "priority", "due", "subject", "why"):
        table.add_column(column)
    for case in cases:
        table.add_row(
            str(case.id),
            case.queue,
            str(case.priority),
            case.sla_deadline.strftime("%Y-%m-%d %H:%M"),
            f"{case.subject_kind} {case.subject_id}",
            "; ".join(case.reasons[:2])[:120],
        )
    return table


def decisions_table(decisions: Sequence[Decision], title: str) -> Table:
    table = Table(title=title)
    for column in ("event", "verdict", "rules", "strongest signal"):
        table.add_column(column)
    for decision in decisions:
        top = max(decision.signals, key=lambda s: s.score, default=None)
        table.add_row(
            decision.event_id,
            decision.verdict,
            ", ".join(decision.rule_ids),
            _summary(top) if top else "",
        )
    return table


def _summary(signal: Signal) -> str:
    """Label, score and the first piece of evidence (the reason when there is none)."""
    shown = signal.evidence[0].text if signal.evidence else signal.reason
    return f"{signal.label} {signal.score:.2f}: {shown}"[:80]
