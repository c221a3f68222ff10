"""``allocator.keep_freed_memory``: batch after batch reuses memory instead of faulting it in."""

from __future__ import annotations

import subprocess
import sys

import pytest

SCORE_TEN_BATCHES = """
import resource, sys
from watchkeeper.allocator import keep_freed_memory
kept = keep_freed_memory() if sys.argv[1] == "keep" else False
if sys.argv[1] == "runtime":  # what scan, serve, consume and demo build first
    from watchkeeper.config import Settings
    from watchkeeper.runtime import Runtime
    Runtime.build(Settings(database_url="sqlite://")).close()
    kept = True
from watchkeeper.classifiers.scoring import score_texts
from watchkeeper.detectors.classifiers import shipped_model
model = shipped_model()
texts = [
    f"post {i}: we will find you at the office on monday, watch yourself #LoneWolf{i} "
    * (1 + i % 3)
    for i in range(500)
]
score_texts(model, texts)  # the first batch faults its memory in either way
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    score_texts(model, texts)
print(kept, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def page_faults_of_ten_batches(mode: str) -> tuple[str, int]:
    result = subprocess.run(
        [sys.executable, "-c", SCORE_TEN_BATCHES, mode],
        capture_output=True,
        text=True,
        check=True,
    )
    kept, faults = result.stdout.split()
    return kept, int(faults)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mallopt is glibc's")
def test_scoring_batches_reuses_freed_memory_once_it_is_kept() -> None:
    kept, with_keeping = page_faults_of_ten_batches("keep")
    _, without = page_faults_of_ten_batches("plain")
    assert kept == "True"
    assert without > 10_000  # glibc unmaps the batch's big arrays and maps them again
    assert with_keeping < without / 20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mallopt is glibc's")
def test_every_process_that_builds_a_runtime_keeps_freed_memory() -> None:
    _, after_runtime = page_faults_of_ten_batches("runtime")
    _, without = page_faults_of_ten_batches("plain")
    assert after_runtime < without / 20
