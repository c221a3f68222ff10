"""A broken policy is refused at load with every problem at its exact ``file:line``."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchkeeper.policy import load_default_policy, load_policy, parse_policy
from watchkeeper.yamlfile import YamlFileError

GOOD = """\
name: tiny
queues:
  threats: {sla_minutes: 60}
rules:
  - id: threat
    when: {signal: {label: threat}}
    then:
      - review: {queue: threats, priority: 70}
"""


def problems(tmp_path: Path, text: str, known_labels: set[str] | None = None) -> list[str]:
    """Load ``text`` from a file and return the problems, each without the file name."""
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(YamlFileError) as caught:
        load_policy(path, known_labels=known_labels)
    prefix = f"{path}:"
    assert all(problem.startswith(prefix) for problem in caught.value.problems)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return [problem.removeprefix(prefix) for problem in caught.value.problems]


def test_a_good_policy_loads(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(GOOD, encoding="utf-8")
    policy = load_policy(path)
    assert policy.name == "tiny"
    assert policy.source == str(path)
    assert [rule.id for rule in policy.rules] == ["threat"]
    assert policy.labels == {"threat"}


def test_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    text = GOOD.replace("when: {signal: {label: threat}}", "when: {signal: {label: threat}")
    [problem] = problems(tmp_path, text)
    assert problem.startswith("7: invalid YAML:")


def test_empty_file(tmp_path: Path) -> None:
    assert problems(tmp_path, "# only a comment\n") == ["1: the file is empty"]


def test_not_a_mapping(tmp_path: Path) -> None:
    assert problems(tmp_path, "- a\n- b\n") == [
        "1: a policy is a mapping with name, queues and rules"
    ]


def test_wrong_type(tmp_path: Path) -> None:
    text = GOOD.replace("sla_minutes: 60", "sla_minutes: soon")
    assert problems(tmp_path, text) == [
        "3: queues.threats.sla_minutes: Input should be a valid integer"
    ]


def test_unknown_action_in_a_flow_list(tmp_path: Path) -> None:
    text = "name: broken\nrules:\n  - id: r1\n    when: {event_kind: post}\n    then: [explode]\n"
    [problem] = problems(tmp_path, text)
    assert problem.startswith(
        "5: rules[0].then[0]: unknown action 'explode'; expected one of: remove"
    )


def test_unknown_action_key_points_at_the_key(tmp_path: Path) -> None:
    text = GOOD + "      - remove\n      - destroy: {now: true}\n"
    [problem] = problems(tmp_path, text)
    assert problem.startswith("10: rules[0].then[2].destroy: unknown action 'destroy'")


def test_action_that_needs_options(tmp_path: Path) -> None:
    text = GOOD + "      - escalate\n"
    assert problems(tmp_path, text) == [
        "9: rules[0].then[1]: 'escalate' needs options, e.g. escalate: {team: security}"
    ]


def test_unknown_condition_key_deep_in_the_tree(tmp_path: Path) -> None:
    text = GOOD.replace(
        "when: {signal: {label: threat}}",
        "when:\n      all:\n        - signal: {label: threat}\n        - account_age_lt: 7",
    )
    [problem] = problems(tmp_path, text)
    assert problem.startswith("9: rules[0].when.all[1].account_age_lt: unknown condition")
    assert "account_age_days_lt" in problem  # the message lists what is allowed


def test_two_tests_in_one_condition(tmp_path: Path) -> None:
    text = GOOD.replace(
        "when: {signal: {label: threat}}",
        "when:\n      signal: {label: threat}\n      event_kind: post",
    )
    assert problems(tmp_path, text) == [
        "8: rules[0].when.event_kind: 'signal' and 'event_kind' must be separate conditions"
        " (put them under all: [...] or any: [...])"
    ]


def test_unknown_queue(tmp_path: Path) -> None:
    text = GOOD.replace("queue: threats", "queue: threat")
    assert problems(tmp_path, text) == [
        "8: rules[0].then[0].review.queue: unknown queue 'threat'; defined: threats"
    ]


def test_duplicate_rule_id(tmp_path: Path) -> None:
    text = GOOD + "  - id: threat\n    when: {event_kind: appeal}\n    then: [remove]\n"
    assert problems(tmp_path, text) == [
        "9: rules[1].id: duplicate rule id 'threat' (first on line 5)"
    ]


def test_min_score_out_of_range(tmp_path: Path) -> None:
    text = GOOD.replace("{label: threat}", "{label: threat, min_score: 1.5}")
    assert problems(tmp_path, text) == [
        "6: rules[0].when.signal.min_score: Input should be less than or equal to 1"
    ]


def test_rule_that_can_never_fire(tmp_path: Path) -> None:
    text = GOOD.replace(
        "when: {signal: {label: threat}}",
        "when: {all: [{event_kind: post}, {event_kind: report}]}",
    )
    assert problems(tmp_path, text) == [
        "6: rules[0].when: this rule can never fire: no event kind passes its event_kind tests"
    ]


def test_missing_fields_and_bad_id(tmp_path: Path) -> None:
    text = "name: x\nrules:\n  - id: Bad Id\n    then: []\n"
    assert problems(tmp_path, text) == [
        "3: rules[0].id: 'Bad Id': use lowercase letters, digits, '-', '_' or '.'",
        "3: rules[0].when: Field required",
        "4: rules[0].then: needs at least one action",
    ]


def test_every_problem_is_reported_at_once_in_line_order(tmp_path: Path) -> None:
    text = """\
name: many
queues:
  threats: {sla_minutes: -5}
rules:
  - id: a
    when: {signal: {label: threat, min_score: 2}}
    then: [remove]
  - id: b
    when: {event_kind: [post, bogus]}
    then: [remove]
  - id: b
    when: {report_reason: threat}
    then:
      - review: {queue: nowhere}
"""
    found = problems(tmp_path, text)
    assert [problem.split(":")[0] for problem in found] == ["3", "6", "9", "11", "14"]
    assert "duplicate rule id 'b' (first on line 8)" in found[3]
    assert "unknown queue 'nowhere'" in found[4]


def test_known_labels_flag_labels_no_detector_emits(tmp_path: Path) -> None:
    text = GOOD.replace(
        "when: {signal: {label: threat}}",
        "when:\n      any:\n        - signal: {label: threat}\n"
        "        - not: {signal: {label: thret}}",
    )
    assert problems(tmp_path, text, known_labels={"threat", "doxxing"}) == [
        "9: rules[0].when.any[1].not.signal.label: no installed detector emits label 'thret';"
        " known: doxxing, threat"
    ]
    path = tmp_path / "policy.yaml"
    assert load_policy(path).labels == {"threat", "thret"}  # allowed without known_labels


def test_unreadable_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(YamlFileError) as caught:
        load_policy(missing)
    assert str(caught.value).startswith(f"{missing}:1: cannot read file")


def test_version_names_the_policy_and_follows_the_text() -> None:
    first = parse_policy(GOOD, "a.yaml")
    again = parse_policy(GOOD, "b.yaml")
    changed = parse_policy(GOOD.replace("priority: 70", "priority: 71"), "a.yaml")
    assert first.version == again.version
    assert first.version.startswith("tiny@") and len(first.version) == len("tiny@") + 12
    assert changed.version != first.version


def test_default_policy_loads_and_uses_only_its_queues() -> None:
    policy = load_default_policy()
    assert policy.name == "default"
    assert policy.source.endswith("default_policy.yaml")
    assert {"threats", "terrorism", "doxxing", "reports", "appeals"} <= set(policy.queues)
    assert policy.labels == {
        "detector_error",
        "evasion",
        "threat",
        "threat_credibility",
        "doxxing",
        "extremism",
        "extremist_campaign",
        "extremist_media",
        "propaganda_host",
        "known_media",
        "media_unchecked",
        "known_text",
    }
    assert all(rule.description for rule in policy.spec.rules)
