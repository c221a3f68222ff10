"""Match posts against operator-maintained lists of terms, hashtags and domains.

Known campaigns reuse the same hashtags, outlet names and hosting sites, and the
people who track them (trust & safety teams, trusted flaggers, researchers) keep
lists. This detector turns such a list, a YAML file an operator edits, into signals
with the matched text, its span in the original post and the list entry's source,
so a reviewer can check the finding and the list it came from. The file is
validated at load (``file:line: problem``); matching is a handful of set lookups
per post whatever the size of the list.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, ClassVar

from watchkeeper.detectors.base import Detector, DetectorExample
from watchkeeper.detectors.lists_file import ListEntry, ListIndex, load_lists
from watchkeeper.model import Event, EventKind, Evidence, PostEvent, Signal, text_of
from watchkeeper.text.normalize import (
    extract_hashtags,
    extract_urls_and_domains,
    fold,
    fold_leet,
    fold_with_offsets,
    hashtag_key,
    may_be_leet,
    term_word_spans,
    term_words,
)

if TYPE_CHECKING:
    from watchkeeper.config import Settings

DEFAULT_THRESHOLD = 0.5
MAX_REASONS = 3


@dataclass(frozen=True, slots=True)
class Match:
    """One list entry found in a text, with the original span."""

    entry: ListEntry
    kind: str
    start: int
    end: int
    text: str
    # for links: the link's domain, and the listed domain it is (or is under)
    domain: str = ""
    listed: str = ""

    def describe(self) -> str:
        where = f"is on the list '{self.entry.list_name}' (source: {self.entry.source})"
        if self.kind == "hashtag":
            return f"hashtag {self.text} {where}"
        if self.kind == "term":
            return f"term '{self.text}' {where}"
        under = "" if self.domain == self.listed else f" (under {self.listed})"
        return f"link to {self.domain}{under} {where}"


class ListsDetector(Detector):
    """Signals for posts that contain a listed term, hashtag or link domain.

    ``labels`` lists the labels of the shipped default lists. An operator's file may
    use other labels: ``active_labels`` maps every label of the lists actually loaded
    to its threshold, and is what callers that score text (the ``score`` command)
    should read.
    """

    name: ClassVar[str] = "lists"
    reads: ClassVar[frozenset[EventKind]] = frozenset({"post", "report", "account", "appeal"})
    labels: ClassVar[dict[str, float]] = {
        "extremist_campaign": DEFAULT_THRESHOLD,
        "extremist_media": DEFAULT_THRESHOLD,
        "propaganda_host": DEFAULT_THRESHOLD,
    }
    text_only: ClassVar[bool] = True

    def __init__(self, index: ListIndex | None = None) -> None:
        self.index = index if index is not None else load_lists(None)
        self.active_labels: dict[str, float] = dict.fromkeys(self.index.labels, DEFAULT_THRESHOLD)
        """Every label the loaded lists can emit, with its threshold."""

    @classmethod
    def from_settings(cls, settings: Settings) -> ListsDetector:
        return cls(load_lists(settings.lists_path))

    def detect(self, batch: Sequence[Event]) -> list[list[Signal]]:
        results: list[list[Signal]] = []
        for event in batch:
            text = text_of(event) if event.kind in self.reads else ""
            results.append(self._signals(self.find(text)) if text else [])
        return results

    def find(self, text: str) -> list[Match]:
        """Every list entry found in ``text``, terms first, then hashtags, then links."""
        matches = self._terms(text) if self.index.first_words else []
        if self.index.hashtags or self.index.term_keys:
            matches += self._hashtags(text, matches)
        if self.index.domains:
            matches += self._domains(text)
        return matches

    def _phrases(self, folded: str) -> Iterator[tuple[int, int, ListEntry]]:
        """Folded spans of listed phrases: consecutive words separated by one space."""
        words = term_word_spans(folded)
        for position, (_start, _end, word) in enumerate(words):
            for phrase, entry in self.index.terms_by_first.get(word, ()):
                last = position + len(phrase) - 1
                if last >= len(words):
                    continue
                window = words[position : last + 1]
                if all(w[2] == p for w, p in zip(window, phrase, strict=True)) and all(
                    folded[a[1] : b[0]] == " " for a, b in pairwise(window)
                ):
                    yield window[0][0], window[-1][1], entry

    def _terms(self, text: str) -> list[Match]:
        first_words = self.index.first_words
        if text.isascii():  # fast exit: for ASCII, fold() changes no word but its case
            lowered = text.lower()
            if first_words.isdisjoint(term_words(lowered)) and not may_be_leet(lowered):
                return []
        folded = fold(text)
        unleeted = fold_leet(folded)
        # the common case: no word of the post starts a listed phrase (one set operation)
        plain = not first_words.isdisjoint(term_words(folded))
        leet = unleeted is not folded and not first_words.isdisjoint(term_words(unleeted))
        if not (plain or leet):
            return []
        found = list(self._phrases(folded)) if plain else []
        if leet:
            found += [hit for hit in self._phrases(unleeted) if hit not in found]
        found = _outermost(found)
        if not found:
            return []
        located = fold_with_offsets(text)
        matches: list[Match] = []
        for folded_start, folded_end, entry in found:
            start, end = located.original_span(folded_start, folded_end)
            matches.append(Match(entry, "term", start, end, text[start:end]))
        return matches

    def _hashtags(self, text: str, earlier: list[Match]) -> list[Match]:
        matches: list[Match] = []
        for tag in extract_hashtags(text):
            key = hashtag_key(tag.tag)
            span = text[tag.start : tag.end]
            for entry in self.index.hashtags.get(key, ()):
                matches.append(Match(entry, "hashtag", tag.start, tag.end, span))
            for entry in self.index.term_keys.get(key, ()):  # #AmaqNewsAgency names a term
                if not any(
                    m.entry is entry and m.start < tag.end and tag.start < m.end for m in earlier
                ):
                    matches.append(Match(entry, "term", tag.start, tag.end, span))
        return matches

    def _domains(self, text: str) -> list[Match]:
        matches: list[Match] = []
        for url in extract_urls_and_domains(text):
            host = url.domain
            while True:
                for entry in self.index.domains.get(host, ()):
                    matches.append(
                        Match(entry, "domain", url.start, url.end, url.url, url.domain, host)
                    )
                dot = host.find(".")
                if dot < 0:
                    break
                host = host[dot + 1 :]
        return matches

    def _signals(self, matches: list[Match]) -> list[Signal]:
        by_label: dict[str, list[Match]] = {}
        for match in matches:
            by_label.setdefault(match.entry.label, []).append(match)
        signals: list[Signal] = []
        for label, found in by_label.items():
            reasons = [match.describe() for match in found[:MAX_REASONS]]
            if len(found) > MAX_REASONS:
                reasons.append(f"and {len(found) - MAX_REASONS} more")
            signals.append(
                Signal(
                    detector=self.name,
                    label=label,
                    score=max(match.entry.score for match in found),
                    evidence=[
                        Evidence(
                            kind=m.kind,
                            text=m.text,
                            start=m.start,
                            end=m.end,
                            source=m.entry.source,
                        )
                        for m in found
                    ],
                    reason="; ".join(reasons),
                )
            )
        return signals

    @classmethod
    def examples(cls) -> Sequence[DetectorExample]:
        def post(number: int, text: str) -> PostEvent:
            return PostEvent(id=f"lists-example-{number}", author_id="example-author", text=text)

        return (
            DetectorExample(
                post(1, "Brothers, read and share #The_Concept_of_Lone_Wolf_Attacks"),
                frozenset({"extremist_campaign"}),
                "campaign hashtag with underscores",
            ),
            DetectorExample(
                post(2, "#Th\u0435ConceptOfLoneWolfAttacks is trending again"),
                frozenset({"extremist_campaign"}),
                "CamelCase spelling with a Cyrillic 'e' (U+0435)",
            ),
            DetectorExample(
                post(3, "new release from al-Hayat Media Center, mirror at justpaste.it/x1y2"),
                frozenset({"extremist_media"}),
                "outlet name; the paste host alone stays below its threshold",
            ),
            DetectorExample(
                post(4, "Analysts warn that lone wolf attacks are hard to prevent."),
                frozenset(),
                "news sentence about lone wolves is not the campaign hashtag",
            ),
            DetectorExample(
                post(5, "Great game tonight #AllEyesOnTheBall #GoTeam"),
                frozenset(),
                "unrelated hashtags",
            ),
            DetectorExample(
                post(6, "my notes are at justpaste.it/abc"),
                frozenset(),
                "general-purpose host only",
            ),
        )


def _outermost(found: list[tuple[int, int, ListEntry]]) -> list[tuple[int, int, ListEntry]]:
    """Drop a phrase found inside a longer one of the same label ("Dabiq" in "Dabiq magazine")."""
    return [
        hit
        for hit in found
        if not any(
            other[2].label == hit[2].label
            and other[0] <= hit[0]
            and hit[1] <= other[1]
            and other[1] - other[0] > hit[1] - hit[0]
            for other in found
        )
    ]
