"""Build the event stream that ``watchkeeper demo`` plays through the service.

Why this exists: a new operator should see the engine flag real things within seconds
of starting it, on traffic that looks like a platform's rather than on toy sentences.
So the stream mixes ordinary posts with the cases Watchkeeper is built for, all on one
timeline of about two hours in September 2014:

* ordinary posts sampled from public labelled sets whose licences let us ship them
  (MIT, CC BY 4.0, CC0), plus short German, Arabic and French posts we wrote ourselves,
  because every German and Arabic set in ``../shared/data`` is GPL or unlicensed;
* posts from pro-ISIS accounts (isis_fanboy, CC0) and call-for-violence posts (Latent
  Hatred, CC BY 4.0);
* a re-enactment, in our own words, of the 2014 campaign that urged "lone wolf" attacks
  on Twitter employees: a burst under ``#The_Concept_of_Lone_Wolf_Attacks`` and
  ``#AttackingTwitterEmployees``, news posts that quote it, and counter-speech;
* doxxing (fictional addresses, 555 numbers, example.com mail) beside harmless
  business contact details;
* sign-ups, suspensions and re-registrations under bumped or look-alike usernames,
  reports from users and from a trusted referral unit, and appeals.

Every line is validated with ``EVENT_ADAPTER`` before it is written, and the output is
a pure function of the data folder, the seed and the size, so the test suite can
rebuild it and compare bytes. Mentions and links are masked the same way in every
source (``@user123``, ``https://example.org/...``) so nothing real is linked and no
source can be recognised by its masking style. ``SOURCES.md`` is written beside the
stream with each set's licence, row count and citation.

The parts live in modules beside this script: ``demo_sources`` (the public sets, their
licences and sampling), ``demo_story`` (the scripted campaign, reports and appeals),
``demo_texts`` (the text we wrote), ``demo_builder`` (timeline, accounts, drafts) and
``demo_cleaning`` (masking and filters). This script puts the parts in order, gives out
ids, validates every line and writes both files.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from demo_builder import ID_PREFIX, Builder, Draft, at_time, iso
from demo_sources import NOT_USED, SOURCE_SETS, build_english, build_isis, build_threats
from demo_story import (
    build_accounts,
    build_appeals,
    build_campaign,
    build_doxxing,
    build_own_ordinary,
    build_referrals,
    build_user_reports,
)

from watchkeeper.model import EVENT_ADAPTER


def render(drafts: list[Draft]) -> list[str]:
    """Order by time, give out ids in that order, resolve references, validate each line."""
    ordered = sorted(drafts, key=lambda draft: (draft.at, draft.seq))
    position = {draft.key: index for index, draft in enumerate(ordered)}
    ids: dict[str, str] = {}
    numbers: Counter[str] = Counter()
    for draft in ordered:
        numbers[draft.kind] += 1
        ids[draft.key] = f"{ID_PREFIX[draft.kind]}-{numbers[draft.kind]:04d}"
    lines: list[str] = []
    for draft in ordered:
        record: dict[str, Any] = {
            "kind": draft.kind,
            "id": ids[draft.key],
            "created_at": iso(at_time(draft.at)),
        }
        record.update(draft.fields)
        for name, key in draft.refs.items():
            if position[key] >= position[draft.key]:
                raise ValueError(f"{ids[draft.key]} refers to the later {ids[key]}")
            record[name] = ids[key]
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        EVENT_ADAPTER.validate_json(line)
        lines.append(line)
    return lines


def sources_markdown(b: Builder, args: argparse.Namespace, lines: list[str]) -> str:
    records = [json.loads(line) for line in lines]
    posts = [record for record in records if record["kind"] == "post"]
    kinds = Counter(record["kind"] for record in records)
    langs = Counter(record.get("lang", "unknown") for record in posts)
    ours = sum(record["meta"]["demo_source"] == "watchkeeper" for record in posts)
    out = [
        "# Where the demo stream comes from",
        "",
        "`stream.jsonl` is written by `training/build_demo_stream.py` "
        f"(seed {args.seed}, size {args.size}); rebuild it rather than editing it. Each post's "
        "`meta.demo_source` names the set it was taken from, or `watchkeeper` for text we wrote.",
        "",
        f"Events: {len(records)} ("
        + ", ".join(f"{kind} {kinds[kind]}" for kind in ID_PREFIX)
        + "). Posts by language: "
        + ", ".join(f"{lang} {count}" for lang, count in sorted(langs.items()))
        + ".",
        "",
        "## Sets sampled",
        "",
        "| set (folder in `../shared/data`) | licence as stated | rows taken | what was taken |",
        "|---|---|---|---|",
    ]
    for source in SOURCE_SETS:
        parts = {subset: n for (key, subset), n in sorted(b.taken.items()) if key == source.key}
        detail = ", ".join(f"{subset} {n}" for subset, n in parts.items())
        out.append(
            f"| {source.title} (`{source.key}`) | {source.licence} "
            f"| {sum(parts.values())} ({detail}) | {source.taken} |"
        )
    out += [
        f"| written for Watchkeeper (`watchkeeper`) | Apache-2.0, as the project | {ours} "
        "| the 2014 campaign re-enacted in our own words (threats, news reports, "
        "counter-speech), doxxing with fictional details, business contact posts, and "
        "everyday German, Arabic and French posts |",
        "",
        "## Citations",
        "",
    ]
    out += [f"- `{source.key}`: {source.citation}" for source in SOURCE_SETS]
    out += [
        "",
        "## Changes made to the sampled rows",
        "",
        "- Mentions (`@name`, OLID's `@USER`) became fictional `@user123` handles, links (and "
        "OLID's `URL`) became `https://example.org/...`, e-mail addresses became "
        "`user123@example.com`; hashtags were kept. HTML entities were decoded and whitespace "
        "collapsed; Latent Hatred's export quoting was undone.",
        "- Rows mentioning later years or people (2015-2019, Trump, Kavanaugh, ...) were "
        "skipped, and every post was re-timed into 2014-09-08 18:00-20:00 UTC.",
        "- Authors are fictional accounts. isis_fanboy's real usernames only lent their shape "
        "(case, digits, underscores) to invented names; no real username, tweet id or link "
        "is kept.",
        "- Call-for-violence posts are Latent Hatred stage-2 `threatening` rows that name a "
        "violent act. No set's labels are copied into the stream.",
        "",
        "## Sets not used, and why",
        "",
    ]
    out += [f"- `{key}`: {why}" for key, why in NOT_USED]
    for source in SOURCE_SETS:
        if source.licence_file:
            licence = (b.data / source.key / source.licence_file).read_text(encoding="utf-8")
            out += ["", f"## Licence of `{source.key}`", "", "```", licence.strip(), "```"]
    return "\n".join(out) + "\n"


def build(data: Path, seed: int, size: int) -> tuple[Builder, list[str]]:
    b = Builder(data, seed)
    story = build_campaign(b)
    doxx = build_doxxing(b, story)
    isis = build_isis(b, size // 8)
    threats = build_threats(b, size // 24)
    build_own_ordinary(b)
    build_accounts(b, story)
    referred = build_referrals(b, story, isis)
    removed_news = build_user_reports(b, story, threats, doxx)
    build_appeals(b, story, removed_news, referred)
    remaining = size - len(b.drafts)
    if remaining < 50:
        raise SystemExit(f"--size {size} is too small: the scripted part alone has {len(b.drafts)}")
    build_english(b, remaining)
    lines = render(b.drafts)
    if len(lines) != size:
        raise SystemExit(f"built {len(lines)} events, wanted {size}: a source ran short")
    return b, lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("src/watchkeeper/demo/stream.jsonl"))
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--size", type=int, default=600)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        raise SystemExit(f"data folder not found: {args.data}")
    b, lines = build(args.data, args.seed, args.size)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    args.out.write_bytes(payload)
    (args.out.parent / "SOURCES.md").write_text(
        sources_markdown(b, args, lines), encoding="utf-8", newline="\n"
    )
    kinds = Counter(json.loads(line)["kind"] for line in lines)
    print(f"wrote {len(lines)} events ({len(payload)} bytes) to {args.out}: {dict(kinds)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
