"""The cheap language guess that picks a post's per-language feature block."""

from __future__ import annotations

import pytest

from watchkeeper.classifiers.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I will find you and this is the end", "en"),
        ("Ich weiß, wo du wohnst, und das ist nicht das Ende", "de"),
        ("Je sais où tu habites et ce n'est pas fini", "fr"),
        ("سوف نصل إليكم في عقر داركم", "ar"),
        ("تمہیں کوئی نہیں بچا سکتا، یہ آخری بار ہے", "ur"),
        ("12345 !!!", ""),
        ("lol", ""),
    ],
)
def test_languages_are_told_apart_by_script_and_function_words(text: str, language: str) -> None:
    assert detect_language(text) == language
