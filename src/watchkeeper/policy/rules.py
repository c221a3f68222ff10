"""The rule language as pydantic models: exactly what an operator may write in a policy.

Moderators, not programmers, write policies, so the language stays small: a rule is
``when`` (one test, or ``all``/``any``/``not`` of tests) and ``then`` (a list of
actions). Every model refuses unknown keys and wrong types, and names the allowed
choices in the message, so a typo fails at load against the line that holds it
instead of silently never matching. The static analysis at the bottom (which event
kinds a rule can fire on, which signal labels it needs) lets the loader reject rules
that can never fire and lets the evaluator skip rules without running them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, cast

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from watchkeeper.model import EVENT_KINDS, ActionKind, EventKind

KEY_CONTEXT = "yaml_key"
"""Our custom errors name the offending key here, so the loader can point at its line."""

Loc = tuple[str | int, ...]
_SLUG = re.compile(r"[a-z0-9][a-z0-9_.-]*")


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise PydanticCustomError(
            "bad_name", f"{value!r}: use lowercase letters, digits, '-', '_' or '.'"
        )
    return value


def _one_or_many(value: Any) -> Any:
    """Let ``event_kind: post`` stand for ``[post]`` and ``then: remove`` for ``[remove]``."""
    return [value] if isinstance(value, str | dict) else value


def _not_empty(what: str) -> AfterValidator:
    def check(items: list[Any]) -> list[Any]:
        if not items:
            raise PydanticCustomError("policy_empty", f"needs at least one {what}")
        return items

    return AfterValidator(check)


def _key_error(key: str, message: str) -> PydanticCustomError:
    return PydanticCustomError("policy_key", message, {KEY_CONTEXT: key})


Name = Annotated[str, Field(min_length=1, max_length=100)]
Slug = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_slug)]
Score = Annotated[float, Field(ge=0.0, le=1.0)]
Priority = Annotated[int, Field(ge=0, le=100)]
Text = Annotated[str, Field(max_length=1_000)]


class _Strict(BaseModel):
    """Refuses unknown keys, naming the allowed ones; ``one_of`` models take exactly one key."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    noun: ClassVar[str] = "key"
    one_of: ClassVar[bool] = False
    example: ClassVar[str] = ""
    hint: ClassVar[str] = ""

    @classmethod
    def _normalize(cls, data: Any) -> Any:
        return data

    @model_validator(mode="before")
    @classmethod
    def _check_keys(cls, data: Any) -> Any:
        data = cls._normalize(data)
        if not isinstance(data, dict):
            if cls.one_of:
                raise PydanticCustomError(
                    "policy_shape", f"expected a {cls.noun}, e.g. {cls.example}"
                )
            return data
        allowed = [field.alias or name for name, field in cls.model_fields.items()]
        for key in data:
            if key not in allowed:
                choices = ", ".join(allowed)
                raise _key_error(
                    str(key), f"unknown {cls.noun} {key!r}; expected one of: {choices}"
                )
        if cls.one_of:
            if not data:
                raise PydanticCustomError("policy_shape", f"empty {cls.noun}, e.g. {cls.example}")
            keys = list(data)
            if len(keys) > 1:
                raise _key_error(
                    keys[1],
                    f"{keys[0]!r} and {keys[1]!r} must be separate {cls.noun}s{cls.hint}",
                )
            if data[keys[0]] is None:
                raise _key_error(keys[0], f"{keys[0]!r} needs a value")
        return data


class SignalTest(_Strict):
    """True when the event has a signal with this label (and detector) scoring >= min_score."""

    label: Name
    detector: Name | None = None
    min_score: Score = 0.5


class Condition(_Strict):
    """One test on the event's signals or context, or a combination of tests."""

    noun = "condition"
    one_of = True
    example = "{signal: {label: threat, min_score: 0.8}}"
    hint = " (put them under all: [...] or any: [...])"

    all_: Annotated[list[Condition], _not_empty("condition")] | None = Field(None, alias="all")
    any_: Annotated[list[Condition], _not_empty("condition")] | None = Field(None, alias="any")
    not_: Condition | None = Field(None, alias="not")
    signal: SignalTest | None = None
    event_kind: (
        Annotated[list[EventKind], BeforeValidator(_one_or_many), Field(min_length=1)] | None
    ) = None
    account_age_days_lt: Annotated[float, Field(gt=0)] | None = None
    prior_strikes_gte: Annotated[int, Field(ge=1)] | None = None
    account_suspended: bool | None = None
    reporter_trust_gte: Score | None = None
    report_reason: (
        Annotated[list[Name], BeforeValidator(_one_or_many), Field(min_length=1)] | None
    ) = None


class NoOptions(_Strict):
    """``remove`` and ``suspend`` take no options."""


class LabelOptions(_Strict):
    name: Name


class ReviewOptions(_Strict):
    queue: Name
    priority: Priority = 50
    """0-100; higher is reviewed sooner."""


class EscalateOptions(_Strict):
    team: Name


class NotifyOptions(_Strict):
    channel: Name


BARE_ACTIONS = ("remove", "suspend")
_ACTION_EXAMPLES = {
    "label": "label: {name: extremist campaign}",
    "review": "review: {queue: threats, priority: 80}",
    "escalate": "escalate: {team: security}",
    "notify": "notify: {channel: trust-and-safety}",
}


class ActionSpec(_Strict):
    """One action a rule asks for; ``remove`` and ``suspend`` may be written bare."""

    noun = "action"
    one_of = True
    example = "remove, or review: {queue: threats, priority: 80}"
    hint = " (one per list item)"

    remove: NoOptions | None = None
    suspend: NoOptions | None = None
    label: LabelOptions | None = None
    review: ReviewOptions | None = None
    escalate: EscalateOptions | None = None
    notify: NotifyOptions | None = None

    @classmethod
    def _normalize(cls, data: Any) -> Any:
        if isinstance(data, str):
            if data in BARE_ACTIONS:
                return {data: {}}
            if data in _ACTION_EXAMPLES:
                message = f"{data!r} needs options, e.g. {_ACTION_EXAMPLES[data]}"
            else:
                message = f"unknown action {data!r}; expected one of: {', '.join(cls.model_fields)}"
            raise PydanticCustomError("policy_action", message)
        if isinstance(data, dict):
            return {k: {} if v is None and k in BARE_ACTIONS else v for k, v in data.items()}
        return data

    @property
    def kind(self) -> ActionKind:
        """Which action this is (the one key that was written)."""
        (name,) = self.model_fields_set
        return cast(ActionKind, name)


class Rule(_Strict):
    """When the condition holds, ask for the actions; ``stop`` skips the rules after it."""

    id: Slug
    description: Text = ""
    """Shown to reviewers as the reason for every action this rule asks for."""
    when: Condition
    then: Annotated[list[ActionSpec], BeforeValidator(_one_or_many), _not_empty("action")]
    stop: bool = False


class QueueSpec(_Strict):
    """A review queue and how soon its cases must be handled."""

    sla_minutes: Annotated[int, Field(gt=0, le=525_600)]
    description: Text = ""


class PolicyFile(_Strict):
    """A whole policy file."""

    name: Slug
    description: Text = ""
    queues: dict[Slug, QueueSpec] = Field(default_factory=dict)
    rules: list[Rule]


# --- static analysis -------------------------------------------------------------

ALL_KINDS: frozenset[EventKind] = frozenset(EVENT_KINDS)


def walk(
    condition: Condition, loc: Loc, negated: bool = False
) -> Iterator[tuple[Loc, Condition, bool]]:
    """Every condition in the tree with its location in the file and whether it is negated."""
    yield loc, condition, negated
    for key, children in (("all", condition.all_), ("any", condition.any_)):
        for index, child in enumerate(children or ()):
            yield from walk(child, (*loc, key, index), negated)
    if condition.not_ is not None:
        yield from walk(condition.not_, (*loc, "not"), not negated)


def possible_kinds(condition: Condition) -> frozenset[EventKind]:
    """The event kinds the condition might hold for (an over-estimate, never an under-)."""
    if condition.event_kind is not None:
        return frozenset(condition.event_kind)
    if condition.all_ is not None:
        return frozenset.intersection(*(possible_kinds(child) for child in condition.all_))
    if condition.any_ is not None:
        return frozenset().union(*(possible_kinds(child) for child in condition.any_))
    return ALL_KINDS


def rule_scope(rule: Rule) -> frozenset[EventKind]:
    """Event kinds the rule runs on: enforcement events only when the rule names them.

    An enforcement event records what the platform already did; rules reacting to it
    must say so explicitly, or a rule like ``account_suspended: true`` would fire on
    the very suspension it describes.
    """
    kinds = possible_kinds(rule.when)
    named = any(
        node.event_kind is not None and "enforcement" in node.event_kind
        for _, node, _ in walk(rule.when, ())
    )
    return kinds if named else kinds - {"enforcement"}


def required_labels(condition: Condition) -> frozenset[str] | None:
    """Labels of which at least one must be present for the condition to hold (None: no need)."""
    if condition.signal is not None:
        return frozenset((condition.signal.label,))
    if condition.all_ is not None:
        needs = [found for child in condition.all_ if (found := required_labels(child))]
        return min(needs, key=len) if needs else None
    if condition.any_ is not None:
        options = [required_labels(child) for child in condition.any_]
        wanted = [labels for labels in options if labels is not None]
        return frozenset().union(*wanted) if len(wanted) == len(options) else None
    return None
