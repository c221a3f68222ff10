"""Find each kind of credibility cue, and the threat's target, in a folded post.

Word lists (through ``cues_index``) catch means, times, places and direct address;
names need more: a word is a person's or a place's name when it is capitalized *as
written* after a threat verb, a title or a preposition (folding drops case, so the
original is consulted through ``FoldedPost``) and is not one of the lexicon's own
words. The target is decided by a fixed precedence, strongest evidence first: an
organization's staff, an institution, a group, one person, and last an organization
merely named. Everything here is in folded coordinates; ``cues`` maps spans back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from watchkeeper.classifiers import cues_lexicon as lex
from watchkeeper.classifiers import cues_patterns as pat
from watchkeeper.classifiers.cues_index import Found, phrase_index
from watchkeeper.classifiers.cues_lexicon import words
from watchkeeper.classifiers.cues_text import FoldedPost

CUE_KINDS = ("means", "time", "place", "intent", "second_person")
_WORD = re.compile(r"\w[\w']*")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_DIGIT = re.compile(r"\d")
_QUANTIFIERS = words("every all any each alle jeden jede jeder chaque tous toutes كل")
_LINKS = words("of at for von bei der des de du chez في لدي")
_OBJECT_PRONOUNS = words("him her ihn lui")
_NOT_NAMES_AR = frozenset(pat.fold_word(word) for word in lex.NOT_NAMES_AR)


@dataclass(frozen=True, slots=True)
class Findings:
    """What one post holds, in folded coordinates: cue hits and phrase hits by kind."""

    cues: list[Found]
    phrases: dict[str, list[Found]]

    def first(self, kind: str) -> Found | None:
        found = self.phrases.get(kind)
        return found[0] if found else None


def find_all(post: FoldedPost) -> Findings:
    """Every cue of ``post`` (before merging), and every lexicon phrase by kind."""
    index = phrase_index()
    found = index.find(post.text)
    if post.plain is not post.text:  # what undoing leetspeak broke ("fridayie")
        found += index.find(post.plain)
    by_kind: dict[str, list[Found]] = {}
    for hit in sorted(found, key=lambda f: (f.start, -f.end)):
        by_kind.setdefault(hit.kind, []).append(hit)
    text = post.text
    cues = [hit for hit in found if hit.kind in CUE_KINDS and not _greeting(text, hit)]
    if _DIGIT.search(text):
        cues += [Found("time", m.start(), m.end()) for m in pat.numeric_time().finditer(text)]
    if _ARABIC.search(text):
        for match in pat.arabic_addressed().finditer(text):
            hit = Found("second_person", match.start(), match.end())
            cues.append(hit)
            if match.group("many"):
                by_kind.setdefault("plural_you", []).append(hit)
    if "@" in text:
        cues += [Found("named_person", m.start(), m.end()) for m in pat.MENTION.finditer(text)]
    cues += _names(post, by_kind) + _place_names(post, by_kind.get("preposition", []))
    return Findings(cues, by_kind)


def _greeting(text: str, hit: Found) -> bool:
    """A greeting ("Guten Morgen") is not a time."""
    return hit.kind == "time" and text.endswith("guten ", 0, hit.start)


def _capitalized_run(post: FoldedPost, start: int, stop: frozenset[str]) -> Found | None:
    """The capitalized words (as written) from folded ``start``, up to four, not in ``stop``."""
    first = last = -1
    for count, match in enumerate(_WORD.finditer(post.text, start)):
        word = match.group()
        if count == 0 and word == "the":
            continue
        if count > 3 or word in stop or word in pat.lexicon_words() or word.isdigit():
            break
        if (first >= 0 and match.start() != last + 1) or not post.starts_upper(match.start()):
            break  # a name's words follow each other, separated by one space
        first = match.start() if first < 0 else first
        last = match.end()
    return Found("", first, last) if first >= 0 else None


def _after(text: str, end: int) -> int:
    """Where the next word starts after a phrase ending at ``end`` (skips "." and a space)."""
    if text.startswith(".", end):
        end += 1
    return end + 1 if text.startswith(" ", end) else -1


def _arabic_name(text: str, start: int) -> Found | None:
    """The one or two words after an Arabic title, up to a function word."""
    end = -1
    for count, match in enumerate(_WORD.finditer(text, start)):
        expected = start if count == 0 else end + 1
        if count > 1 or match.start() != expected or match.group() in _NOT_NAMES_AR:
            break
        end = match.end()
    return Found("named_person", start, end) if end > 0 else None


def _names(post: FoldedPost, by_kind: dict[str, list[Found]]) -> list[Found]:
    """Capitalized names after a threat verb or title; one or two words after an Arabic title."""
    names: list[Found] = []
    for hit in by_kind.get("threat_verb", []) + by_kind.get("title", []):
        start = _after(post.text, hit.end)
        if start < 0:
            continue
        if _ARABIC.match(post.text, hit.start):
            if hit.kind == "title":
                name = _arabic_name(post.text, start)
                if name:
                    names.append(name)
            continue
        run = _capitalized_run(post, start, lex.NOT_NAMES)
        if run:
            names.append(Found("named_person", run.start, run.end))
    return names


def _place_names(post: FoldedPost, prepositions: list[Found]) -> list[Found]:
    """Capitalized place names after a preposition ("in San Francisco", "à Paris")."""
    places: list[Found] = []
    for hit in prepositions:
        if post.text[hit.start : hit.end] == "a":  # French "à", not the English article
            original, _ = post.span(hit.start, hit.end)
            if post.original[original] not in "àÀ":
                continue
        start = _after(post.text, hit.end)
        run = _capitalized_run(post, start, lex.NOT_PLACES) if start >= 0 else None
        if run:
            places.append(Found("place", run.start, run.end))
    return places


def _staff_span(post: FoldedPost, findings: Findings, staff: Found) -> Found:
    """Widen a staff word to its organization and quantifier ("every Twitter employee")."""
    text, start, end = post.text, staff.start, staff.end
    names = {(f.start, f.end) for f in findings.phrases.get("organization_name", [])}
    before = list(_WORD.finditer(text, max(0, start - 40), start))[-2:]
    if before:
        last = before[-1]
        if any(e == last.end() for _, e in names) or post.starts_upper(last.start()):
            start = min([s for s, e in names if e == last.end()] + [last.start()])
            if len(before) == 2 and before[0].group() in _QUANTIFIERS:
                start = before[0].start()
        elif last.group() in _QUANTIFIERS:
            start = last.start()
    after = list(_WORD.finditer(text, end, min(len(text), end + 40)))[:3]
    following = [e for s, e in names if after and s == after[0].start()]
    if following:
        end = following[0]
    elif len(after) >= 2 and after[0].group() in _LINKS:
        end = (after[2] if after[1].group() == "the" and len(after) > 2 else after[1]).end()
    return Found("organization", start, end)


def target(post: FoldedPost, findings: Findings) -> Found | None:
    """Who is threatened, by precedence; the result's ``kind`` is the target."""
    staff = findings.first("staff")
    if staff:
        return _staff_span(post, findings, staff)
    institution = findings.first("institution")
    if institution:
        return Found("organization", institution.start, institution.end)
    group = findings.first("group") or findings.first("plural_you")
    if group:
        return Found("group", group.start, group.end)
    people = [f for f in findings.cues if f.kind in ("named_person", "second_person")]
    if people:
        person = min(people, key=lambda f: f.start)
        return Found("individual", person.start, person.end)
    for verb in findings.phrases.get("threat_verb", []):
        start = _after(post.text, verb.end)
        pronoun = _WORD.match(post.text, start) if start >= 0 else None
        if pronoun and pronoun.group() in _OBJECT_PRONOUNS:
            return Found("individual", pronoun.start(), pronoun.end())
    organization = findings.first("organization_name")
    if organization:
        return Found("organization", organization.start, organization.end)
    return None
