"""CLI behaviour shared by commands: clear errors instead of tracebacks, policy checking."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from streams import post, write_jsonl

WATCHKEEPER = str(Path(sys.executable).with_name("watchkeeper"))
DEFAULT_POLICY = Path(__file__).parents[1] / "src/watchkeeper/policy/default_policy.yaml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([WATCHKEEPER, *args], capture_output=True, text=True, timeout=60)


def test_unreachable_or_unknown_database_is_one_clear_line(tmp_path: Path) -> None:
    events = write_jsonl(tmp_path / "e.jsonl", [post("p1", "hello")])
    refused = run("scan", str(events), "--db", "postgresql+psycopg://nobody@127.0.0.1:1/x")
    assert refused.returncode == 2
    assert refused.stderr.startswith("database error: connection failed")
    assert "Traceback" not in refused.stderr
    unknown = run("scan", str(events), "--db", "foo://bar")
    assert unknown.returncode == 2
    assert "unsupported database URL 'foo://bar'" in unknown.stderr


def test_policy_check_accepts_the_default_policy() -> None:
    result = run("policy", "check", str(DEFAULT_POLICY))
    assert result.returncode == 0, result.stderr
    assert "OK (default@" in result.stdout


def test_labels_no_detector_emits_are_a_note_or_with_strict_an_error(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(
        "name: mine\nqueues:\n  q: {sla_minutes: 5}\nrules:\n  - id: r1\n"
        "    when: {signal: {label: no_such_label}}\n    then: [{review: {queue: q}}]\n"
    )
    lenient = run("policy", "check", str(policy))
    assert lenient.returncode == 0
    assert "no installed detector emits no_such_label" in lenient.stderr
    strict = run("policy", "check", "--strict", str(policy))
    assert strict.returncode == 2
    assert strict.stderr.startswith(f"{policy}:6:")
    assert "no_such_label" in strict.stderr


def test_policy_check_names_file_and_line(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(
        "name: mine\nqueues:\n  q: {sla_minutes: 5}\nrules:\n  - id: r1\n"
        "    when: {signal: {label: doxxing, min_score: 1.5}}\n    then: [remove]\n"
    )
    result = run("policy", "check", str(policy))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{policy}:6:")
    assert "min_score" in result.stderr
