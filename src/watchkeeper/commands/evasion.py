"""``watchkeeper evasion``: match new accounts against suspended ones, in batch, no database.

The contract is stable (other tools read it). Input: two JSONL files of accounts,
``{"id", "username", "display_name"?, "bio"?, "posts"?: [str], "email"?, "ip"?,
"avatar_pdq"?, "follows"?: [id]}`` per line (email and IP are hashed on reading and
never written). Output: one line per new account,
``{"id", "matches": [{"id", "score", "reasons": [str]}], "flag": bool}``, best match
first, ``flag`` true when the best score is at or over the shipped default threshold
(one per tier of fields the new account carries, see ``evasion.scoring``).
A bad line is reported on stderr as ``FILE:LINE: field: problem`` and skipped; the
caller exits 1 when there was any.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from rich.console import Console

from watchkeeper import heap
from watchkeeper.commands.bad_lines import BadLines
from watchkeeper.commands.progress import file_progress
from watchkeeper.evasion.index import SuspendedIndex
from watchkeeper.evasion.matcher import EvasionMatcher
from watchkeeper.evasion.profile import AccountProfile
from watchkeeper.streams.jsonl import LineError, read_jsonl


class AccountReader:
    """Valid accounts of one JSONL file; bad lines are reported on the console and counted."""

    def __init__(self, source: Path, console: Console) -> None:
        self.source = source
        self.bad = BadLines(source, console)
        self.position = 0

    def __iter__(self) -> Iterator[AccountProfile]:
        with self.source.open("rb") as reader:
            for _, item in read_jsonl(self._counted(reader), AccountProfile.model_validate_json):
                if isinstance(item, LineError):
                    self.bad(item)
                else:
                    yield item

    def _counted(self, lines: Iterable[bytes]) -> Iterator[bytes]:
        """The lines, keeping ``position`` (bytes read so far) for the progress bar."""
        for line in lines:
            self.position += len(line)
            yield line


def run_evasion(suspended: Path, accounts: Path, top: int, out: Path, console: Console) -> int:
    """Match every account of ``accounts`` against ``suspended``; returns the bad-line count."""
    old = AccountReader(suspended, console)
    index = SuspendedIndex()
    filed = index.add_many(old)
    heap.settle()  # no pauses walking the index while matching
    matcher = EvasionMatcher(index)
    new = AccountReader(accounts, console)
    flagged = checked = 0
    with out.open("w", encoding="utf-8") as writer, file_progress(console) as progress:
        task = progress.add_task(f"matching {accounts.name}", total=accounts.stat().st_size)
        for profile in new:
            matches = matcher.match(profile, top)
            flag = matcher.is_flagged(profile, matches)
            row = {
                "id": profile.id,
                "matches": [
                    {"id": match.id, "score": match.score, "reasons": match.reasons}
                    for match in matches
                ],
                "flag": flag,
            }
            writer.write(json.dumps(row, ensure_ascii=False) + "\n")
            checked += 1
            flagged += flag
            if checked % 100 == 0:
                progress.update(task, completed=new.position)
    bad = old.bad.count + new.bad.count
    console.print(
        f"checked {checked} accounts against {filed} suspended → {out}; "
        f"{flagged} flagged; {bad} bad lines",
        highlight=False,
    )
    return bad
