"""A folded view of one post whose matches map back to the characters as written.

Cue patterns are matched in folded text (``watchkeeper.text.normalize.fold``: case,
accents, Arabic letter variants, confusable letters; then leetspeak undone), but a
reviewer must see the original words. For an ASCII post folding is a few C-level
string calls, and the offsets (``fold_with_offsets``) are built only when a span is
asked for. For any other post ``fold_with_offsets`` costs ~1 µs a character, and
nearly every post that reaches the cue extractor has a cue, so the post is folded
one whitespace-separated token at a time through a cache (posts repeat their words,
so most tokens are a dictionary hit) and only the tokens at the ends of a match are
folded again with offsets. Folding never joins or moves material across whitespace,
so the tokens' folds joined by single spaces are the fold of the post. Links are left
out (a word in ``youtube.com/watch`` is neither a cue nor a target), which sends an
ASCII post with a link down the token path too.
"""

from __future__ import annotations

import bisect
import functools
import re

from watchkeeper.text.normalize import FoldedText, fold, fold_leet, fold_with_offsets

_TOKEN = re.compile(r"\S+")
_LINK = re.compile(r"[^\w\s]*(?:https?://|www\.)", re.IGNORECASE)
_APOSTROPHES = str.maketrans("\u2019\u2018\u02bc", "'''")


@functools.lru_cache(maxsize=65_536)
def _fold_token(token: str) -> str:
    return fold(token).translate(_APOSTROPHES)


@functools.lru_cache(maxsize=4_096)
def _located_token(token: str) -> FoldedText:
    return fold_with_offsets(token)


class FoldedPost:
    """``original`` folded, leetspeak undone, with a way back to the original characters."""

    __slots__ = ("_located", "_starts", "_tokens", "original", "plain", "text")

    def __init__(self, original: str) -> None:
        self.original = original
        self._located: FoldedText | None = None
        self._starts: list[int] = []
        self._tokens: list[tuple[int, int]] = []
        if original.isascii() and not _LINK.search(original):
            self.plain = fold(original)
        else:
            pieces: list[str] = []
            position = 0
            for match in _TOKEN.finditer(original):
                token = match.group()
                folded = "" if _LINK.match(token) else _fold_token(token)
                if folded:  # links are left out; a token of only marks or controls folds to nothing
                    pieces.append(folded)
                    self._starts.append(position)
                    self._tokens.append(match.span())
                    position += len(folded) + 1
            self.plain = " ".join(pieces)
        self.text = fold_leet(self.plain)
        """The folded text with leetspeak undone where a token looked like it (same length);
        ``plain`` is the folded text before that, and is ``text`` itself when nothing changed."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` behind the folded ``[start, end)`` (non-empty)."""
        if not self._tokens:
            if self._located is None:
                self._located = fold_with_offsets(self.original)
            return self._located.original_span(start, end)
        first_start, first = self._locate(start, forward=True)
        last_start, last = self._locate(end - 1, forward=False)
        return first_start + first[0], last_start + last[1]

    def starts_upper(self, start: int) -> bool:
        """Whether the original character behind folded position ``start`` is upper case."""
        original, _ = self.span(start, start + 1)
        return self.original[original].isupper()

    def _locate(self, position: int, forward: bool) -> tuple[int, tuple[int, int]]:
        """A token's original start, and the span in it of the folded character at ``position``."""
        index = bisect.bisect_right(self._starts, position) - 1
        token_start, token_end = self._tokens[index]
        offset = position - self._starts[index]
        located = _located_token(self.original[token_start:token_end])
        if offset >= len(located.text):  # the space after a token: snap to a neighbour
            if forward and index + 1 < len(self._tokens):
                return self._tokens[index + 1][0], (0, 1)
            offset = len(located.text) - 1
        return token_start, (located.starts[offset], located.ends[offset])


def fold_post(text: str) -> FoldedPost:
    """The folded view of ``text``."""
    return FoldedPost(text)
