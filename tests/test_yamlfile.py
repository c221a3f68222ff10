"""Operator YAML errors name file and line, for syntax, types and missing fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from watchkeeper.yamlfile import (
    YamlFileError,
    load_located_yaml,
    parse_located_yaml,
    validate_located,
)


class Rule(BaseModel):
    id: str
    score: float


class Rules(BaseModel):
    rules: list[Rule]


NOT_A_NUMBER = "Input should be a valid number, unable to parse string as a number"


def problems(text: str) -> list[str]:
    with pytest.raises(YamlFileError) as raised:
        validate_located(Rules, parse_located_yaml(text, "p.yaml"))
    return raised.value.problems


def test_every_problem_is_reported_with_its_line() -> None:
    text = "rules:\n  - id: a\n    score: 1\n  - id: b\n    score: high\n  - score: 2\n"
    assert problems(text) == [
        "p.yaml:5: rules[1].score: Input should be a valid number, "
        "unable to parse string as a number",
        "p.yaml:6: rules[2].id: Field required",
    ]


def test_syntax_error_duplicate_key_and_empty_file() -> None:
    assert problems("rules: [1,\n  b: 2") == [
        "p.yaml:2: invalid YAML: expected ',' or ']', but got '<stream end>'"
    ]
    assert problems("rules: []\nrules: []\n") == ["p.yaml:2: duplicate key 'rules'"]
    assert problems("") == ["p.yaml:1: the file is empty"]


def test_empty_values_and_scalars_keep_their_yaml_meaning() -> None:
    doc = parse_located_yaml("a:\nb: [1, x, true, '2']\n", "t.yaml")
    assert doc.data == {"a": None, "b": [1, "x", True, "2"]}
    assert doc.line_of(("b", 3)) == 2
    assert doc.line_of(("missing", "deeper")) == 1


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(YamlFileError, match="cannot read file"):
        load_located_yaml(tmp_path / "absent.yaml")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(YamlFileError, match="not UTF-8"):
        load_located_yaml(binary)
