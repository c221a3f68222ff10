"""Compile a rule's ``when`` condition into a test closure and the explainers for it.

Conditions are nested data: ``all``/``any``/``not`` over signal and account-fact leaves.
Rather than interpret that tree on every event, each condition is compiled once, at load,
into nested closures over an event's ``Facts`` (its signals and context, indexed once per
event), and ``event_kind`` tests that the rule's scope already guarantees are dropped.
Each leaf outside a ``not`` also gets an explainer that says in words what made it hold,
which is how a decision's reason names its evidence. ``evaluator`` runs the compiled
tests and merges the fired rules' actions; only this module knows how a leaf is tested.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from watchkeeper.model import Event, EventKind, PolicyContext, ReportEvent, Signal
from watchkeeper.policy.rules import Condition, SignalTest


class Facts:
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


Test = Callable[[Facts], bool]
Explain = Callable[[Facts], list[str]]


def _describe(signal: Signal) -> str:
    return f"{signal.label} {signal.score:.2f} ({signal.detector}): {signal.reason}"


def _signal_leaf(spec: SignalTest) -> tuple[Test, Explain]:
    label, detector, floor = spec.label, spec.detector, spec.min_score

    def matching(facts: Facts) -> list[Signal]:
        if facts.best.get(label, -1.0) < floor:
            return []
        return [
            s
            for s in facts.signals
            if s.label == label and s.score >= floor and detector in (None, s.detector)
        ]

    def best_score(facts: Facts) -> bool:
        return facts.best.get(label, -1.0) >= floor

    test = best_score if detector is None else lambda facts: bool(matching(facts))
    return test, lambda facts: [_describe(s) for s in matching(facts)]


def _fact_leaf(test: Test, say: Callable[[Facts], str]) -> tuple[Test, Explain]:
    return test, lambda facts: [say(facts)] if test(facts) else []


def _always(facts: Facts) -> bool:
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

    def every(facts: Facts) -> bool:
        for test in tests:  # noqa: SIM110 - a plain loop skips the generator, ~2x faster
            if not test(facts):
                return False
        return True

    return every


def _any(tests: list[Test]) -> Test:
    if len(tests) == 1 or _always in tests:
        return tests[0] if len(tests) == 1 else _always

    def some(facts: Facts) -> bool:
        for test in tests:  # noqa: SIM110 - a plain loop skips the generator, ~2x faster
            if test(facts):
                return True
        return False

    return some


def compile_condition(
    condition: Condition, scope: frozenset[EventKind], explainers: list[Explain] | None
) -> Test:
    """A closure for the condition; non-negated leaves add their explainers to the list.

    ``scope`` is the event kinds the rule runs on, so ``event_kind`` tests that every
    such event passes are dropped rather than run.
    """
    if condition.all_ is not None:
        return _all([compile_condition(child, scope, explainers) for child in condition.all_])
    if condition.any_ is not None:
        return _any([compile_condition(child, scope, explainers) for child in condition.any_])
    if condition.not_ is not None:
        inner = compile_condition(condition.not_, scope, None)
        return lambda facts: not inner(facts)
    test, explain = _leaf(condition, scope)
    if explainers is not None and explain is not None:
        explainers.append(explain)
    return test
