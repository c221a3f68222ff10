"""Read a policy file, check it completely, and compile it — or say every line that is wrong.

Checking happens in two passes. The schema pass (pydantic, ``rules.py``) catches
shapes and types; the semantic pass catches what a schema cannot see: a review in a
queue the file never defines, two rules with one id, a rule that can never fire, a
signal label no installed detector emits. Both passes run even when the other finds
problems, and all problems are reported at once, sorted by line, so an operator fixes
a file in one round instead of one error per attempt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from watchkeeper.policy.evaluator import Policy
from watchkeeper.policy.rules import KEY_CONTEXT, Loc, PolicyFile, Rule, rule_scope, walk
from watchkeeper.yamlfile import LocatedYaml, YamlFileError, parse_located_yaml, read_yaml_text

DEFAULT_POLICY = "default_policy.yaml"

Problem = tuple[int, str]


def load_policy(path: Path | str, *, known_labels: Collection[str] | None = None) -> Policy:
    """Load a policy file; ``YamlFileError`` lists every problem as ``file:line: message``.

    With ``known_labels`` (the labels the installed detectors emit), a rule testing any
    other label is a problem too; without it such rules are allowed, so a policy may
    be written before the detector it relies on is installed.
    """
    path = Path(path)
    return parse_policy(read_yaml_text(path), str(path), known_labels=known_labels)


def parse_policy(
    text: str, source: str = "<policy>", *, known_labels: Collection[str] | None = None
) -> Policy:
    """Parse, check and compile policy text; ``source`` names it in error messages."""
    doc = parse_located_yaml(text, source)
    spec = check_policy(doc, known_labels)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Policy(spec, version=f"{spec.name}@{digest}", source=source)


def load_default_policy() -> Policy:
    """The policy shipped with Watchkeeper (``watchkeeper/policy/default_policy.yaml``)."""
    resource = files("watchkeeper.policy").joinpath(DEFAULT_POLICY)
    return parse_policy(resource.read_text(encoding="utf-8"), str(resource))


def check_policy(doc: LocatedYaml, known_labels: Collection[str] | None = None) -> PolicyFile:
    """Validate parsed YAML as a policy; raise ``YamlFileError`` with every problem found."""
    if not isinstance(doc.data, dict):
        raise YamlFileError([doc.problem((), "a policy is a mapping with name, queues and rules")])
    problems: list[Problem] = []
    spec: PolicyFile | None = None
    try:
        spec = PolicyFile.model_validate(doc.data)
    except ValidationError as error:
        problems.extend(_schema_problems(doc, error))
    if spec is not None:
        rules = list(enumerate(spec.rules))
        queues: Collection[str] = spec.queues.keys()
    else:  # check what did validate, so one bad rule does not hide the others' problems
        rules = _valid_rules(doc.data.get("rules"))
        raw_queues = doc.data.get("queues")
        queues = {str(name) for name in raw_queues} if isinstance(raw_queues, dict) else set()
    problems.extend(_duplicate_ids(doc))
    problems.extend(_semantic_problems(doc, rules, queues, known_labels))
    if problems:
        raise YamlFileError([message for _, message in sorted(problems, key=lambda p: p[0])])
    assert spec is not None
    return spec


def _problem(doc: LocatedYaml, loc: Loc, message: str) -> Problem:
    return doc.line_of(loc), doc.problem(loc, message)


def _schema_problems(doc: LocatedYaml, error: ValidationError) -> Iterator[Problem]:
    for item in error.errors(include_url=False):
        loc = _file_loc(doc, tuple(item["loc"]))
        key = (item.get("ctx") or {}).get(KEY_CONTEXT)
        if key is not None:
            loc = (*loc, key)
        yield _problem(doc, loc, item["msg"])


def _file_loc(doc: LocatedYaml, loc: tuple[Any, ...]) -> Loc:
    """The part of pydantic's location that exists in the file, plus a missing field name.

    ``event_kind: post`` is validated as ``[post]``, so an error there is reported at
    ``event_kind[0]``; a bad mapping key is reported under ``[key]``. Neither is in the
    file, and both are dropped here.
    """
    kept: list[str | int] = []
    value: Any = doc.data
    for part in loc:
        in_list = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        if in_list or (isinstance(value, dict) and part in value):
            value = value[part]
        else:
            if isinstance(part, str) and not part.startswith("["):
                kept.append(part)  # a required field that is missing
            break
        kept.append(part)
    return tuple(kept)


def _valid_rules(raw: Any) -> list[tuple[int, Rule]]:
    if not isinstance(raw, list):
        return []
    valid: list[tuple[int, Rule]] = []
    for index, item in enumerate(raw):
        try:
            valid.append((index, Rule.model_validate(item)))
        except ValidationError:
            continue  # already reported by the schema pass
    return valid


def _duplicate_ids(doc: LocatedYaml) -> Iterator[Problem]:
    """Checked on the raw file, so a duplicate is found even when either rule is invalid."""
    raw = doc.data.get("rules")
    first_seen: dict[str, int] = {}
    for index, rule in enumerate(raw if isinstance(raw, list) else []):
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if not isinstance(rule_id, str):
            continue
        line = doc.line_of(("rules", index, "id"))
        if rule_id in first_seen:
            message = f"duplicate rule id {rule_id!r} (first on line {first_seen[rule_id]})"
            yield _problem(doc, ("rules", index, "id"), message)
        else:
            first_seen[rule_id] = line


def _semantic_problems(
    doc: LocatedYaml,
    rules: list[tuple[int, Rule]],
    queues: Collection[str],
    known_labels: Collection[str] | None,
) -> Iterator[Problem]:
    defined = ", ".join(sorted(queues)) or "none; define them under 'queues:'"
    for index, rule in rules:
        at: Loc = ("rules", index)
        if not rule_scope(rule):
            yield _problem(
                doc,
                (*at, "when"),
                "this rule can never fire: no event kind passes its event_kind tests",
            )
        for position, action in enumerate(rule.then):
            if action.review is not None and action.review.queue not in queues:
                loc = (*at, "then", position, "review", "queue")
                yield _problem(
                    doc, loc, f"unknown queue {action.review.queue!r}; defined: {defined}"
                )
        if known_labels is None:
            continue
        for loc, node, _ in walk(rule.when, (*at, "when")):
            if node.signal is not None and node.signal.label not in known_labels:
                known = ", ".join(sorted(known_labels)) or "none"
                yield _problem(
                    doc,
                    (*loc, "signal", "label"),
                    f"no installed detector emits label {node.signal.label!r}; known: {known}",
                )
