"""The operator's lists file: its schema, its validation, and the index built from it.

Lists are data an operator edits by hand, often at speed during an incident, so a
mistake must fail at load with ``file:line: what is wrong`` and never silently drop
an entry. After validation every entry is resolved (kind, label, score and source
may be set once on its list) and folded the same way posts are, into plain
dictionaries the detector can look words, hashtag keys and domains up in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from watchkeeper.text.normalize import (
    fold,
    fold_leet,
    hashtag_key,
    is_domain,
    normalize_domain,
    term_words,
)
from watchkeeper.yamlfile import (
    LocatedYaml,
    YamlFileError,
    load_located_yaml,
    parse_located_yaml,
    validate_located,
)

DEFAULT_LISTS_SOURCE = "watchkeeper/detectors/data/default_lists.yaml"

EntryKind = Literal["term", "hashtag", "domain"]
Label = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Score = Annotated[float, Field(gt=0.0, le=1.0)]
Note = Annotated[str, Field(min_length=1, max_length=1_000)]


class EntrySpec(BaseModel):
    """One entry as written; unset fields come from its list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Annotated[str, Field(min_length=1, max_length=500)]
    kind: EntryKind | None = None
    label: Label | None = None
    score: Score | None = None
    source: Note | None = None


class ListSpec(BaseModel):
    """A named list; its kind, label, score and source are defaults for its entries."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: EntryKind | None = None
    label: Label | None = None
    score: Score = 1.0
    source: Note | None = None
    entries: Annotated[list[EntrySpec | Annotated[str, Field(min_length=1)]], Field(min_length=1)]


class ListsFile(BaseModel):
    """The whole file: one or more lists."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    lists: Annotated[list[ListSpec], Field(min_length=1)]


@dataclass(frozen=True, slots=True, eq=False)
class ListEntry:
    """A resolved entry (compared by identity: two entries are never the same entry)."""

    value: str
    kind: EntryKind
    label: str
    score: float
    source: str
    list_name: str


@dataclass
class ListIndex:
    """Entries keyed the way the detector looks them up."""

    hashtags: dict[str, list[ListEntry]] = field(default_factory=dict)
    """Hashtag entries by ``hashtag_key``."""
    terms_by_first: dict[str, list[tuple[tuple[str, ...], ListEntry]]] = field(default_factory=dict)
    """Term entries by their first folded word, with all their words (longest first)."""
    term_keys: dict[str, list[ListEntry]] = field(default_factory=dict)
    """Multi-word terms by their words run together, to match ``#AmaqNewsAgency``."""
    domains: dict[str, list[ListEntry]] = field(default_factory=dict)
    """Domain entries by normalized domain."""
    labels: tuple[str, ...] = ()
    first_words: frozenset[str] = frozenset()

    def add(self, entry: ListEntry) -> str | None:
        """Index one entry; returns a problem with its value, or None."""
        if entry.kind == "hashtag":
            key = hashtag_key(entry.value)
            if not key:
                return "a hashtag needs at least one letter or digit"
            self.hashtags.setdefault(key, []).append(entry)
        elif entry.kind == "term":
            folded = fold(entry.value)
            spellings = {tuple(term_words(folded)), tuple(term_words(fold_leet(folded)))}
            if not all(spellings):
                return "a term needs at least one letter or digit"
            for words in spellings:  # "k1ll" is listed as written and as "kill"
                self.terms_by_first.setdefault(words[0], []).append((words, entry))
                if len(words) > 1:
                    self.term_keys.setdefault("".join(words), []).append(entry)
        else:
            domain = normalize_domain(entry.value)
            if not is_domain(domain):
                return f"not a domain name: {entry.value!r} (expected e.g. 'example.org')"
            self.domains.setdefault(domain, []).append(entry)
        return None

    def freeze(self) -> ListIndex:
        """Finish building: sort phrases longest first, collect labels and first words."""
        for phrases in self.terms_by_first.values():
            phrases.sort(key=lambda item: -len(item[0]))
        entries = [
            *(e for group in self.hashtags.values() for e in group),
            *(e for group in self.terms_by_first.values() for _, e in group),
            *(e for group in self.domains.values() for e in group),
        ]
        self.labels = tuple(sorted({entry.label for entry in entries}))
        self.first_words = frozenset(self.terms_by_first)
        return self


def _resolve(spec: ListSpec, item: EntrySpec) -> tuple[ListEntry | None, list[str]]:
    kind = item.kind or spec.kind
    label = item.label or spec.label
    source = item.source or spec.source
    missing = [
        name
        for name, value in (("kind", kind), ("label", label), ("source", source))
        if value is None
    ]
    if kind is None or label is None or source is None:
        return None, missing
    score = item.score if item.score is not None else spec.score
    return ListEntry(item.value, kind, label, score, " ".join(source.split()), spec.name), []


def compile_lists(doc: LocatedYaml) -> ListIndex:
    """Validate a parsed lists file and build its index; raises ``YamlFileError``."""
    spec = validate_located(ListsFile, doc)
    index = ListIndex()
    problems: list[str] = []
    for list_number, list_spec in enumerate(spec.lists):
        for number, raw in enumerate(list_spec.entries):
            loc: tuple[str | int, ...] = ("lists", list_number, "entries", number)
            item = EntrySpec(value=raw) if isinstance(raw, str) else raw
            entry, missing = _resolve(list_spec, item)
            for name in missing:
                problems.append(doc.problem((*loc, name), "required on the entry or on its list"))
            problem = index.add(entry) if entry is not None else None
            if problem is not None:
                value_loc = loc if isinstance(raw, str) else (*loc, "value")
                problems.append(doc.problem(value_loc, problem))
    if problems:
        raise YamlFileError(problems)
    return index.freeze()


def load_lists(path: Path | None) -> ListIndex:
    """Load the operator's lists file, or the shipped default lists when ``path`` is None."""
    if path is not None:
        return compile_lists(load_located_yaml(path))
    resource = files("watchkeeper.detectors") / "data" / "default_lists.yaml"
    return compile_lists(parse_located_yaml(resource.read_text("utf-8"), DEFAULT_LISTS_SOURCE))
