"""The rule language's models: shorthands, strictness, and the static analysis of rules."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from watchkeeper.model import ACTION_KINDS
from watchkeeper.policy.rules import (
    ActionSpec,
    Condition,
    PolicyFile,
    Rule,
    possible_kinds,
    required_labels,
    rule_scope,
    walk,
)


def condition(data: Any) -> Condition:
    return Condition.model_validate(data)


def rule(when: Any, then: Any = "remove") -> Rule:
    return Rule.model_validate({"id": "r", "when": when, "then": then})


def error_messages(model: type[Condition | ActionSpec | Rule], data: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [error["msg"] for error in caught.value.errors()]


def test_every_action_kind_of_the_shared_model_can_be_written() -> None:
    assert tuple(ActionSpec.model_fields) == ACTION_KINDS


def test_bare_and_mapping_forms_of_actions() -> None:
    assert ActionSpec.model_validate("remove").kind == "remove"
    assert ActionSpec.model_validate({"suspend": None}).kind == "suspend"
    review = ActionSpec.model_validate({"review": {"queue": "threats"}})
    assert review.kind == "review"
    assert review.review is not None and review.review.priority == 50  # the default
    assert ActionSpec.model_validate({"label": {"name": "graphic"}}).kind == "label"


def test_action_mistakes_name_the_choices() -> None:
    assert error_messages(ActionSpec, "explode") == [
        "unknown action 'explode'; expected one of: "
        "remove, suspend, label, review, escalate, notify"
    ]
    assert error_messages(ActionSpec, "review") == [
        "'review' needs options, e.g. review: {queue: threats, priority: 80}"
    ]
    assert error_messages(ActionSpec, {"review": {"queue": "q", "prio": 3}}) == [
        "unknown key 'prio'; expected one of: queue, priority"
    ]
    assert error_messages(ActionSpec, {"remove": {}, "suspend": {}}) == [
        "'remove' and 'suspend' must be separate actions (one per list item)"
    ]
    [priority] = error_messages(ActionSpec, {"review": {"queue": "q", "priority": 101}})
    assert "less than or equal to 100" in priority


def test_single_values_stand_for_lists() -> None:
    assert condition({"event_kind": "post"}).event_kind == ["post"]
    assert condition({"report_reason": "threat"}).report_reason == ["threat"]
    assert [spec.kind for spec in rule({"event_kind": "post"}, "remove").then] == ["remove"]


def test_the_language_is_strict_about_types() -> None:
    assert error_messages(Condition, {"account_suspended": "yes"}) == [
        "Input should be a valid boolean"
    ]
    assert error_messages(Condition, {"signal": {"label": "threat", "min_score": "0.9"}}) == [
        "Input should be a valid number"
    ]
    assert error_messages(Condition, {"prior_strikes_gte": 0}) == [
        "Input should be greater than or equal to 1"
    ]
    assert error_messages(Condition, {}) == [
        "empty condition, e.g. {signal: {label: threat, min_score: 0.8}}"
    ]
    assert error_messages(Condition, {"all": []}) == ["needs at least one condition"]
    assert error_messages(Condition, {"not": None}) == ["'not' needs a value"]


def test_a_signal_test_defaults_to_half() -> None:
    signal = condition({"signal": {"label": "threat"}}).signal
    assert signal is not None
    assert (signal.min_score, signal.detector) == (0.5, None)


def test_possible_kinds_and_rule_scope() -> None:
    both = condition({"all": [{"event_kind": ["post", "report"]}, {"event_kind": "post"}]})
    assert possible_kinds(both) == {"post"}
    either = condition({"any": [{"event_kind": "post"}, {"event_kind": "appeal"}]})
    assert possible_kinds(either) == {"post", "appeal"}
    # a rule meets enforcement events only when it names them
    assert "enforcement" not in rule_scope(rule({"account_suspended": True}))
    assert rule_scope(rule({"event_kind": "enforcement"})) == {"enforcement"}
    assert rule_scope(rule({"not": {"event_kind": "enforcement"}})) == {
        "post",
        "account",
        "report",
        "enforcement",
        "appeal",
    }


def test_required_labels() -> None:
    threat = {"signal": {"label": "threat"}}
    dox = {"signal": {"label": "doxxing"}}
    assert required_labels(condition(threat)) == frozenset({"threat"})
    assert required_labels(condition({"any": [threat, dox]})) == frozenset({"threat", "doxxing"})
    assert required_labels(condition({"any": [threat, {"event_kind": "post"}]})) is None
    with_kind = condition({"all": [{"event_kind": "post"}, threat]})
    assert required_labels(with_kind) == frozenset({"threat"})
    assert required_labels(condition({"not": threat})) is None


def test_walk_gives_file_locations_and_negation() -> None:
    tree = condition({"all": [{"signal": {"label": "a"}}, {"not": {"signal": {"label": "b"}}}]})
    found = [
        (loc, node.signal.label, negated)
        for loc, node, negated in walk(tree, ("when",))
        if node.signal is not None
    ]
    assert found == [(("when", "all", 0), "a", False), (("when", "all", 1, "not"), "b", True)]


def test_policy_file_defaults() -> None:
    spec = PolicyFile.model_validate({"name": "p", "rules": []})
    assert spec.queues == {} and spec.description == ""
    with pytest.raises(ValidationError):
        PolicyFile.model_validate({"name": "p", "rules": [], "extra": 1})
