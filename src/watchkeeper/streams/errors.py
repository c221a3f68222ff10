"""Turn a pydantic validation error on an event into one line a platform engineer can fix.

Every entry point (JSONL files, the HTTP API, Redis Streams) reports bad input the
same way: which field, and what is wrong.
"""

from __future__ import annotations

from pydantic import ValidationError

from watchkeeper.model import EVENT_KINDS

_KINDS = ", ".join(EVENT_KINDS)


def describe_validation_error(error: ValidationError) -> str:
    """``field: problem; other.field: problem`` with pydantic's union tags removed."""
    first = error.errors(include_url=False)[0]
    if first["type"] == "json_invalid":
        return f"not valid JSON ({first.get('ctx', {}).get('error', 'parse error')})"
    if not first["loc"] and first["type"] in {"model_attributes_type", "dict_type", "model_type"}:
        return "expected a JSON object"
    if first["type"] == "union_tag_not_found":
        return f"kind: missing; expected one of {_KINDS}"
    if first["type"] == "union_tag_invalid":
        tag = first.get("ctx", {}).get("tag", "?")
        return f"kind: {tag!r} is not one of {_KINDS}"
    parts: list[str] = []
    for item in error.errors(include_url=False):
        loc = [str(part) for part in item["loc"]]
        # a tagged union puts the tag ("post", "account"…) first: it is not a field
        if loc and loc[0] in EVENT_KINDS:
            loc = loc[1:]
        where = ".".join(loc) if loc else "event"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)
