"""Turn validated rules into closures once, then judge each event with plain calls.

A policy is loaded once and applied to every event, so everything that depends only
on the rules happens at load: conditions become nested closures (``conditions``), each
rule knows the event kinds it can fire on and the signal labels it needs, so most rules
are skipped for a clean post with one set lookup. Deciding is then a few microseconds
per event.
Every action carries the rule that asked for it and a reason naming the evidence
(signals and account facts) behind it, because a reviewer must see why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from watchkeeper.model import (
    EVENT_KINDS,
    Action,
    ActionKind,
    Decision,
    Event,
    EventKind,
    PolicyContext,
    Signal,
    author_of,
    subject_of,
)
from watchkeeper.policy.conditions import Explain, Facts, Test, compile_condition
from watchkeeper.policy.rules import (
    ActionSpec,
    PolicyFile,
    Rule,
    required_labels,
    rule_scope,
    walk,
)


@dataclass(frozen=True, slots=True)
class Queue:
    """A review queue: cases in it are due ``sla`` after they are opened."""

    name: str
    sla: timedelta
    description: str = ""


@dataclass(frozen=True, slots=True)
class _Step:
    """One action a rule asks for; ``key`` tells which requests are the same action."""

    kind: ActionKind
    key: tuple[str, str]
    priority: int
    fields: dict[str, Any]
    """The action's own fields (queue, priority, label, team, channel) as ``Action`` names them."""


def _step(spec: ActionSpec) -> _Step:
    fields: dict[str, Any] = getattr(spec, spec.kind).model_dump()
    if "name" in fields:
        fields["label"] = fields.pop("name")
    distinct = next((str(value) for key, value in fields.items() if key != "priority"), "")
    return _Step(spec.kind, (spec.kind, distinct), fields.get("priority", 0), fields)


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to run: its test, how to explain a firing, and its actions."""

    id: str
    description: str
    test: Test
    explainers: tuple[Explain, ...]
    steps: tuple[_Step, ...]
    stop: bool
    scope: frozenset[EventKind]
    """The event kinds the rule runs on."""
    needs: frozenset[str] | None
    """At least one of these labels must be present, or the rule cannot fire."""

    @classmethod
    def build(cls, rule: Rule) -> CompiledRule:
        explainers: list[Explain] = []
        scope = rule_scope(rule)
        test = compile_condition(rule.when, scope, explainers)
        steps = tuple(_step(spec) for spec in rule.then)
        needs = required_labels(rule.when)
        return cls(
            rule.id, rule.description, test, tuple(explainers), steps, rule.stop, scope, needs
        )

    def reason(self, facts: Facts) -> str:
        """The description, then the evidence behind this firing."""
        evidence = dict.fromkeys(piece for explain in self.explainers for piece in explain(facts))
        head = self.description or f"rule {self.id}"
        return f"{head} — {'; '.join(evidence)}" if evidence else head


@dataclass(slots=True)
class _Merged:
    """An action being assembled from every rule that asked for it."""

    step: _Step
    rule_id: str
    reason: str
    others: list[str] = field(default_factory=list)

    def add(self, step: _Step, rule_id: str, reason: str) -> None:
        if step.priority > self.step.priority:  # the highest priority leads
            others = dict.fromkeys((self.rule_id, *self.others))
            self.others = [other for other in others if other != rule_id]
            self.step, self.rule_id, self.reason = step, rule_id, reason
        elif rule_id != self.rule_id and rule_id not in self.others:
            self.others.append(rule_id)


class Policy:
    """An operator's validated policy, compiled and ready to decide on events."""

    def __init__(self, spec: PolicyFile, *, version: str, source: str = "<policy>") -> None:
        self.spec = spec
        self.name = spec.name
        self.version = version
        self.source = source
        self.queues: Mapping[str, Queue] = {
            name: Queue(name, timedelta(minutes=queue.sla_minutes), queue.description)
            for name, queue in spec.queues.items()
        }
        self.rules = tuple(CompiledRule.build(rule) for rule in spec.rules)
        self._by_kind = {
            kind: tuple(r for r in self.rules if kind in r.scope) for kind in EVENT_KINDS
        }

    def __repr__(self) -> str:
        return f"Policy({self.version!r}, {len(self.rules)} rules)"

    @property
    def labels(self) -> frozenset[str]:
        """Every signal label a rule tests (for checking them against the detectors)."""
        return frozenset(
            node.signal.label
            for rule in self.spec.rules
            for _, node, _ in walk(rule.when, ())
            if node.signal is not None
        )

    def queue(self, name: str) -> Queue:
        """The named review queue; ``KeyError`` if the policy defines none by that name."""
        try:
            return self.queues[name]
        except KeyError:
            raise KeyError(f"policy {self.name!r} has no queue {name!r}") from None

    def sla_for(self, queue: str) -> timedelta:
        """How long a case in ``queue`` may wait."""
        return self.queue(queue).sla

    def decide(
        self,
        event: Event,
        signals: Sequence[Signal],
        context: PolicyContext | None = None,
        now: datetime | None = None,
    ) -> Decision:
        """Run every rule in file order; merge the fired rules' actions into one decision."""
        context = context if context is not None else PolicyContext(event_kind=event.kind)
        facts = Facts(event, signals, context)
        fired: list[str] = []
        merged: dict[tuple[str, str], _Merged] = {}
        for rule in self._by_kind[event.kind]:
            if rule.needs is not None and rule.needs.isdisjoint(facts.best):
                continue
            if not rule.test(facts):
                continue
            fired.append(rule.id)
            reason = rule.reason(facts)
            for step in rule.steps:
                entry = merged.get(step.key)
                if entry is None:
                    merged[step.key] = _Merged(step, rule.id, reason)
                else:
                    entry.add(step, rule.id, reason)
            if rule.stop:
                break
        return Decision(
            event_id=event.id,
            event_kind=event.kind,
            actions=_actions(event, merged.values()) if merged else [],
            rule_ids=fired,
            signals=list(signals),
            policy_version=self.version,
            decided_at=now or datetime.now(UTC),
        )


def _actions(event: Event, merged: Iterable[_Merged]) -> list[Action]:
    """Aim each merged action at its target: the author for suspend, else the subject.

    A suspend is dropped when the author is unknown (a report on a post that did not
    name its author); the review actions of the same decision still reach a person.
    """
    subject_kind, subject_id = subject_of(event)
    author = author_of(event)
    actions: list[Action] = []
    for entry in merged:
        step = entry.step
        target_kind, target_id = subject_kind, subject_id
        if step.kind == "suspend":
            if author is None:  # a report on a post whose author the platform did not say
                continue
            target_kind, target_id = "account", author
        also = f" (also asked by {', '.join(entry.others)})" if entry.others else ""
        actions.append(
            Action(
                kind=step.kind,
                target_kind=target_kind,
                target_id=target_id,
                rule_id=entry.rule_id,
                reason=entry.reason + also,
                **step.fields,
            )
        )
    return actions
