"""Turn validated rules into closures once, then judge each event with plain calls.

A policy is loaded once and applied to every event, so everything that depends only
on the rules happens at load: conditions become nested closures, each rule knows the
event kinds it can fire on and the signal labels it needs, so most rules are skipped
for a clean post with one set lookup. Deciding is then a few microseconds per event.
Every action carries the rule that asked for it and a reason naming the evidence
(signals and account facts) behind it, because a reviewer must see why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
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
    ReportEvent,
    Signal,
    author_of,
    subject_of,
)
from watchkeeper.policy.rules import (
    ActionSpec,
    Condition,
    PolicyFile,
    Rule,
    SignalTest,
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


class _Facts:
    """What the compiled tests read: the event's signals and context, indexed once."""

    __slots__ = ("best", "ctx", "kind", "report_reason", "reporter_trust", "signals")

    def __init__(self, event: Event, signals: Sequence[Signal], ctx: PolicyContext) -> None:
        best: dict[str, float] = {}
        for signal in signals:
            if signal.score > best.get(signal.label, -1.0):
                best[signal.label] = signal.score
        self.best = best
        self.signals = signals
        self.ctx = ctx
        self.kind: EventKind = event.kind
        trust, reason = ctx.reporter_trust, ctx.report_reason
        if isinstance(event, ReportEvent):  # the event is the authority if context lacks it
            trust = event.reporter_trust if trust is None else trust
            reason = event.reason if reason is None else reason
        self.reporter_trust = trust
        self.report_reason = reason.lower() if reason else None


Test = Callable[[_Facts], bool]
Explain = Callable[[_Facts], list[str]]


def _describe(signal: Signal) -> str:
    return f"{signal.label} {signal.score:.2f} ({signal.detector}): {signal.reason}"


def _signal_leaf(spec: SignalTest) -> tuple[Test, Explain]:
    label, detector, floor = spec.label, spec.detector, spec.min_score

    def matching(facts: _Facts) -> list[Signal]:
        if facts.best.get(label, -1.0) < floor:
            return []
        return [
            s
            for s in facts.signals
            if s.label == label and s.score >= floor and detector in (None, s.detector)
        ]

    def best_score(facts: _Facts) -> bool:
        return facts.best.get(label, -1.0) >= floor

    test = best_score if detector is None else lambda facts: bool(matching(facts))
    return test, lambda facts: [_describe(s) for s in matching(facts)]


def _fact_leaf(test: Test, say: Callable[[_Facts], str]) -> tuple[Test, Explain]:
    return test, lambda facts: [say(facts)] if test(facts) else []


def _always(facts: _Facts) -> bool:
    return True


def _leaf(condition: Condition, scope: frozenset[EventKind]) -> tuple[Test, Explain | None]:
    """The test for one leaf condition, and how to explain it when it holds."""
    if condition.signal is not None:
        return _signal_leaf(condition.signal)
    if condition.event_kind is not None:
        kinds = frozenset(condition.event_kind)
        if scope <= kinds:  # the rule only ever sees these kinds: nothing to test
            return _always, None
        return (lambda f: f.kind in kinds), None
    if condition.account_age_days_lt is not None:
        days = condition.account_age_days_lt
        return _fact_leaf(
            lambda f: f.ctx.account_age_days is not None and f.ctx.account_age_days < days,
            lambda f: f"account {f.ctx.account_age_days or 0:.1f} days old (< {days:g})",
        )
    if condition.prior_strikes_gte is not None:
        strikes = condition.prior_strikes_gte
        return _fact_leaf(
            lambda f: f.ctx.prior_strikes >= strikes,
            lambda f: f"{f.ctx.prior_strikes} prior strike(s)",
        )
    if condition.account_suspended is not None:
        wanted = condition.account_suspended
        return _fact_leaf(
            lambda f: f.ctx.account_suspended is wanted,
            lambda f: "account is suspended" if wanted else "account is not suspended",
        )
    if condition.reporter_trust_gte is not None:
        trust = condition.reporter_trust_gte
        return _fact_leaf(
            lambda f: f.reporter_trust is not None and f.reporter_trust >= trust,
            lambda f: f"reporter trust {f.reporter_trust or 0:.2f}",
        )
    if condition.report_reason is not None:
        reasons = frozenset(reason.lower() for reason in condition.report_reason)
        return _fact_leaf(
            lambda f: f.report_reason in reasons, lambda f: f"reported for {f.report_reason}"
        )
    raise AssertionError(f"validated condition without a test: {condition!r}")


def _all(tests: list[Test]) -> Test:
    tests = [test for test in tests if test is not _always]
    if len(tests) <= 1:
        return tests[0] if tests else _always

    def every(facts: _Facts) -> bool:
        for test in tests:  # noqa: SIM110 - a plain loop skips the generator, ~2x faster
            if not test(facts):
                return False
        return True

    return every


def _any(tests: list[Test]) -> Test:
    if len(tests) == 1 or _always in tests:
        return tests[0] if len(tests) == 1 else _always

    def some(facts: _Facts) -> bool:
        for test in tests:  # noqa: SIM110 - a plain loop skips the generator, ~2x faster
            if test(facts):
                return True
        return False

    return some


def _compile(
    condition: Condition, scope: frozenset[EventKind], explainers: list[Explain] | None
) -> Test:
    """A closure for the condition; non-negated leaves add their explainers to the list.

    ``scope`` is the event kinds the rule runs on, so ``event_kind`` tests that every
    such event passes are dropped rather than run.
    """
    if condition.all_ is not None:
        return _all([_compile(child, scope, explainers) for child in condition.all_])
    if condition.any_ is not None:
        return _any([_compile(child, scope, explainers) for child in condition.any_])
    if condition.not_ is not None:
        inner = _compile(condition.not_, scope, None)
        return lambda facts: not inner(facts)
    test, explain = _leaf(condition, scope)
    if explainers is not None and explain is not None:
        explainers.append(explain)
    return test


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
        test = _compile(rule.when, scope, explainers)
        steps = tuple(_step(spec) for spec in rule.then)
        needs = required_labels(rule.when)
        return cls(
            rule.id, rule.description, test, tuple(explainers), steps, rule.stop, scope, needs
        )

    def reason(self, facts: _Facts) -> str:
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
        facts = _Facts(event, signals, context)
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
