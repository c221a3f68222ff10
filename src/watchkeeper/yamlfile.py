"""Load operator YAML (policies, lists) so every error names ``file:line``.

An invalid policy must fail when it is loaded, with a message a moderator can act
on, never at 3 a.m. on a live event. PyYAML's composer keeps the line of every node;
we keep those lines beside the plain data and map pydantic's error locations back
to them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Loc = tuple[str | int, ...]
ModelT = TypeVar("ModelT", bound=BaseModel)


class YamlFileError(ValueError):
    """A YAML file that cannot be used; the message lists ``file:line: problem`` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class LocatedYaml:
    """Plain YAML data plus the 1-based line of every mapping key and sequence item."""

    source: str
    data: Any
    lines: dict[Loc, int]

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest part of ``loc`` that exists in the file."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1

    def problem(self, loc: Loc, message: str) -> str:
        """Format one problem as ``file:line: where: message``."""
        where = _format_loc(loc)
        prefix = f"{self.source}:{self.line_of(loc)}: "
        return prefix + (f"{where}: {message}" if where else message)


def _format_loc(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _to_python(node: yaml.Node, loc: Loc, lines: dict[Loc, int], source: str) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key in result:
                line = key_node.start_mark.line + 1
                raise YamlFileError([f"{source}:{line}: duplicate key {key!r}"])
            child_loc = (*loc, str(key))
            lines[child_loc] = key_node.start_mark.line + 1
            result[key] = _to_python(value_node, child_loc, lines, source)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(item, (*loc, index), lines, source) for index, item in enumerate(node.value)
        ]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    """Resolve a scalar node to its Python value with the safe loader's rules.

    Constructing from the node (not re-serializing it) keeps empty values such as
    ``remove:`` as ``None`` instead of failing to re-parse them.
    """
    return yaml.SafeLoader("").construct_object(node, deep=True)


def parse_located_yaml(text: str, source: str) -> LocatedYaml:
    """Parse YAML text; syntax errors become ``source:line: problem``."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlFileError([f"{source}:{line}: invalid YAML: {error.problem or error}"]) from error
    if node is None:
        raise YamlFileError([f"{source}:1: the file is empty"])
    lines: dict[Loc, int] = {}
    data = _to_python(node, (), lines, source)
    return LocatedYaml(source=source, data=data, lines=lines)


def read_yaml_text(path: Path) -> str:
    """A YAML file's text; unreadable or non-UTF-8 files become ``file:1: problem``."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise YamlFileError([f"{path}:1: cannot read file: {error.strerror or error}"]) from error
    except UnicodeDecodeError as error:
        raise YamlFileError([f"{path}:1: not UTF-8 text: {error.reason}"]) from error


def load_located_yaml(path: Path) -> LocatedYaml:
    """Read and parse a YAML file (see ``parse_located_yaml``)."""
    return parse_located_yaml(read_yaml_text(path), str(path))


def validation_problems(doc: LocatedYaml, error: ValidationError) -> Iterator[str]:
    """Turn a pydantic error into ``file:line: where: message`` lines."""
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if isinstance(part, str | int))
        # pydantic adds the union member's tag to the location; keep only real keys
        real = _strip_synthetic(doc, loc)
        yield doc.problem(real, item["msg"])


def _strip_synthetic(doc: LocatedYaml, loc: Loc) -> Loc:
    """Drop the parts pydantic adds for unions (member names, tags) that are not in the file.

    A part that names a real key or index is kept; a last part that is missing is kept
    too (it is the missing field); any other unknown part is pydantic's own.
    """
    kept: list[str | int] = []
    value: Any = doc.data
    for position, part in enumerate(loc):
        in_dict = isinstance(value, dict) and part in value
        in_list = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        if in_dict or in_list:
            value = value[part]
            kept.append(part)
        elif position == len(loc) - 1:
            kept.append(part)
    return tuple(kept)


def validate_located(model: type[ModelT], doc: LocatedYaml) -> ModelT:
    """Validate YAML data against a pydantic model, raising ``YamlFileError`` with lines."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        raise YamlFileError(list(validation_problems(doc, error))) from error
