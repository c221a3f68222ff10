"""What each webhook destination is told about a decision.

The platform gets the actions it must carry out (remove, suspend, label, notify).
The security team gets escalations with the evidence preserved: the event exactly as
received, every signal and the rules that fired, so the record survives the post's
deletion on the platform.
"""

from __future__ import annotations

from typing import Any

from watchkeeper.model import Decision, Event
from watchkeeper.store.records import OutboxMessage

PLATFORM = "platform"
SECURITY = "security"
PLATFORM_ACTIONS = frozenset({"remove", "suspend", "label", "notify"})


def messages_for(event: Event, decision: Decision) -> list[OutboxMessage]:
    """The outbox messages one decision produces (none for ``allow`` or review-only)."""
    messages: list[OutboxMessage] = []
    platform_actions = [a for a in decision.actions if a.kind in PLATFORM_ACTIONS]
    if platform_actions:
        messages.append(
            OutboxMessage(
                destination=PLATFORM,
                payload={
                    "type": "actions",
                    "event_id": event.id,
                    "policy_version": decision.policy_version,
                    "actions": [
                        a.model_dump(mode="json", exclude_none=True) for a in platform_actions
                    ],
                },
            )
        )
    escalations = [a for a in decision.actions if a.kind == "escalate"]
    if escalations:
        messages.append(
            OutboxMessage(destination=SECURITY, payload=_escalation(event, decision, escalations))
        )
    return messages


def _escalation(event: Event, decision: Decision, escalations: list[Any]) -> dict[str, Any]:
    return {
        "type": "escalation",
        "event_id": event.id,
        "teams": sorted({a.team for a in escalations if a.team}),
        "rule_ids": decision.rule_ids,
        "reasons": [a.reason for a in escalations],
        "evidence": {
            "event": event.model_dump(mode="json"),
            "signals": [s.model_dump(mode="json") for s in decision.signals],
            "decided_at": decision.decided_at.isoformat(),
            "policy_version": decision.policy_version,
        },
    }
