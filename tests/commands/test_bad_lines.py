"""``BadLines``: each bad line printed as ``FILE:LINE: problem``, and counted."""

from __future__ import annotations

import io
from pathlib import Path

from pydantic import BaseModel
from rich.console import Console

from watchkeeper.commands.bad_lines import BadLines
from watchkeeper.streams.jsonl import LineError, in_batches, read_jsonl


class Numbered(BaseModel):
    n: int


def test_each_bad_line_is_printed_with_its_file_and_line_and_counted() -> None:
    out = io.StringIO()
    bad = BadLines(Path("in/[x].jsonl"), Console(file=out, width=200))
    lines = [b'{"n": 1}\n', b"not json\n", b'{"n": 2}\n', b'{"n": "two"}\n']
    batches = list(in_batches(read_jsonl(lines, Numbered.model_validate_json), 10, bad))
    assert [[item.n for item in batch] for batch in batches] == [[1, 2]]
    assert bad.count == 2
    printed = out.getvalue().splitlines()
    assert len(printed) == 2
    assert printed[0].startswith("in/[x].jsonl:2: ")  # markup off: the brackets stay
    assert printed[1].startswith("in/[x].jsonl:4: n: ")


def test_the_line_is_printed_as_given_and_nothing_before_it() -> None:
    out = io.StringIO()
    bad = BadLines(Path("a.jsonl"), Console(file=out))
    assert bad.count == 0 and out.getvalue() == ""
    bad(LineError(7, "text: Field required"))
    assert bad.count == 1 and out.getvalue() == "a.jsonl:7: text: Field required\n"
