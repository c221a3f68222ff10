"""Find every lexicon phrase in a folded post with a few dictionary lookups per word.

One regular expression with hundreds of alternatives costs milliseconds a post in
Python (each alternative is tried at each position), so phrases are indexed by their
first word instead: each word of the post is looked up as written, by its leading
letters (inflected entries, ``stab*``), by its trailing letters (German compounds,
``*messer``) and, for Arabic, with each attached prefix it could carry removed; only
the phrases that can start there are then checked with their own small pattern,
anchored at that word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from watchkeeper.classifiers import cues_lexicon as lex
from watchkeeper.classifiers.cues_patterns import ARABIC_PREFIXES, fold_word, phrase_regex, phrases

_WORD = re.compile(r"\w[\w']*")
_HEAD = 3  # letters of a key looked up first, so most words cost one lookup per kind of key

_MAX_SEEN = 200_000  # distinct words remembered before the memo starts over
_PREFIX_SET = frozenset(ARABIC_PREFIXES)
_LONGEST_PREFIX = max(map(len, ARABIC_PREFIXES))

Table = Mapping[str, Iterable[str]] | Iterable[str]

TABLES: dict[str, Table] = {
    "means": lex.MEANS,
    "time": lex.TIME,
    "place": {**lex.PLACE_NOUNS, "gazetteer": lex.GAZETTEER_AR},
    "second_person": lex.SECOND_PERSON,
    "intent": lex.INTENT,
    "staff": lex.STAFF,
    "institution": lex.INSTITUTIONS,
    "group": lex.GROUPS,
    "plural_you": lex.PLURAL_YOU,
    "organization_name": lex.ORGANIZATIONS,
    "threat_verb": lex.THREAT_VERBS,
    "title": lex.TITLES,
    "preposition": lex.PLACE_PREPOSITIONS,
}
"""Every kind of phrase the index finds, and the lexicon table it comes from."""


@dataclass(frozen=True, slots=True)
class Found:
    """A phrase of one kind found at ``[start, end)`` of the folded text."""

    kind: str
    start: int
    end: int


@dataclass
class _Keys:
    """Phrases by first-word key, for one way of looking a word up."""

    phrases: dict[str, list[tuple[str, re.Pattern[str]]]] = field(default_factory=dict)
    heads: set[str] = field(default_factory=set)
    lengths: set[int] = field(default_factory=set)

    def add(self, key: str, kind: str, pattern: re.Pattern[str]) -> None:
        self.phrases.setdefault(key, []).append((kind, pattern))
        self.heads.add(key[:_HEAD])
        self.lengths.add(len(key))


@dataclass
class PhraseIndex:
    """Phrases indexed by first word: exact, inflected (stem), compound (ending), Arabic."""

    exact: _Keys = field(default_factory=_Keys)
    stems: _Keys = field(default_factory=_Keys)
    endings: _Keys = field(default_factory=_Keys)
    arabic: _Keys = field(default_factory=_Keys)

    def add(self, kind: str, phrase: str) -> None:
        tokens = phrase.split()
        if tokens[0].endswith("?") and len(tokens) > 1:  # optional first word: both ways
            self.add(kind, " ".join(tokens[1:]))
            tokens[0] = tokens[0][:-1]
        pattern = re.compile(phrase_regex(" ".join(tokens)))
        for word in tokens[0].split("/"):
            core = fold_word(word.strip("+=*"))
            if re.search(r"[\u0600-\u06ff]", word):  # looked up with its prefixes removed
                bare = core[2:] if core.startswith("ال") and len(core) > 3 else core
                self.arabic.add(bare, kind, pattern)
            elif word.startswith("*"):
                self.endings.add(core[::-1], kind, pattern)
            elif word.endswith("*"):
                self.stems.add(core, kind, pattern)
            else:
                self.exact.add(core, kind, pattern)

    _seen: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = field(default_factory=dict)
    _no_phrase: set[str] = field(default_factory=set)

    def candidates(self, word: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """The phrases that may start at ``word`` (remembered per word: posts share words)."""
        known = self._seen.get(word)
        if known is None:
            if len(self._seen) >= _MAX_SEEN:
                self._seen.clear()
                self._no_phrase.clear()
            known = self._seen[word] = tuple(self._look_up(word))
            if not known:
                self._no_phrase.add(word)
        return known

    def _look_up(self, word: str) -> list[tuple[str, re.Pattern[str]]]:
        found = list(self.exact.phrases.get(word, ()))
        if word[:_HEAD] in self.stems.heads:
            found += _by_prefix(self.stems, word)
        backwards = word[::-1]
        if backwards[:_HEAD] in self.endings.heads:
            found += _by_prefix(self.endings, backwards)
        if "\u0600" <= word[0] <= "\u06ff":
            for length in range(min(_LONGEST_PREFIX, len(word) - 1) + 1):
                if word[:length] in _PREFIX_SET:
                    rest = word[length:]
                    if rest[:_HEAD] in self.arabic.heads or rest in self.arabic.phrases:
                        found += _by_prefix(self.arabic, rest)
        return found

    def find(self, text: str) -> list[Found]:
        """Every indexed phrase in the folded ``text`` (a phrase may be found twice)."""
        hits: list[Found] = []
        # most words start no phrase and were seen before: drop them in one set operation
        # (kept here, not re-read from the memo, which may be cleared while this post is read)
        starting = {
            word: phrases
            for word in set(_WORD.findall(text)) - self._no_phrase
            if (phrases := self.candidates(word))
        }
        if not starting:
            return hits
        for match in _WORD.finditer(text):
            if match.group() in starting:
                for kind, pattern in starting[match.group()]:
                    found = pattern.match(text, match.start())
                    if found:
                        hits.append(Found(kind, found.start(), found.end()))
        return hits


def _by_prefix(keys: _Keys, word: str) -> list[tuple[str, re.Pattern[str]]]:
    found: list[tuple[str, re.Pattern[str]]] = []
    for length in keys.lengths:
        if length <= len(word):
            found += keys.phrases.get(word[:length], ())
    return found


@functools.cache
def phrase_index() -> PhraseIndex:
    """The index of every table in ``TABLES``, built on first use."""
    index = PhraseIndex()
    for kind, table in TABLES.items():
        for phrase in phrases(table):
            index.add(kind, phrase)
    return index
