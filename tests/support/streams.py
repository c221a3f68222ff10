"""Small event files for CLI and end-to-end tests."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

CAMPAIGN_TEXT = "on his doorstep there might be a lone wolf #The_Concept_of_Lone_Wolf_Attacks"
DOX_TEXT = "She lives at 42 Elm Street, Springfield IL 62704. Call her on (217) 555-0134."


def post(event_id: str, text: str, author: str = "a1") -> dict[str, str]:
    return {"kind": "post", "id": event_id, "author_id": author, "text": text}


def write_jsonl(path: Path, rows: Sequence[Mapping[str, object] | str]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write((row if isinstance(row, str) else json.dumps(row)) + "\n")
    return path


def many_posts(path: Path, count: int) -> Path:
    texts = [CAMPAIGN_TEXT, DOX_TEXT, "good morning everyone", "match report: 2-1 at home"]
    return write_jsonl(
        path, [post(f"p{i:06d}", texts[i % len(texts)], f"a{i % 97}") for i in range(count)]
    )
