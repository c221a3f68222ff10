"""Open review cases from a decision's ``review`` actions, with SLA deadlines.

A case is due at ``now + the queue's SLA``; the priority comes from the rule. A
reviewer then sees the most urgent, most credible threats first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from watchkeeper.model import Decision
from watchkeeper.store.records import NewCase


def cases_for(
    decision: Decision, now: datetime, sla_for: Callable[[str], timedelta]
) -> list[NewCase]:
    """One case per review action (the policy already merged duplicates per queue)."""
    cases: list[NewCase] = []
    for action in decision.actions:
        if action.kind != "review" or action.queue is None:
            continue
        reasons = [action.reason] if action.reason else []
        reasons += [signal.reason for signal in decision.signals if signal.reason]
        cases.append(
            NewCase(
                subject_kind=action.target_kind,
                subject_id=action.target_id,
                queue=action.queue,
                priority=action.priority or 0,
                sla_deadline=now + sla_for(action.queue),
                rule_ids=list(decision.rule_ids),
                reasons=reasons,
            )
        )
    return cases
