"""``heap.settle``: what is alive when it runs is left alone by later collections."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from watchkeeper import heap
from watchkeeper.config import Settings
from watchkeeper.runtime import Runtime


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_settle_exempts_live_objects_from_later_collections() -> None:
    node = Node()
    alive = weakref.ref(node)
    assert heap.settle() >= 1
    del node
    gc.collect()
    assert alive() is not None  # frozen: the collector did not walk it
    gc.unfreeze()
    gc.collect()
    assert alive() is None


def test_settle_collects_garbage_made_before_it() -> None:
    gc.unfreeze()
    node = Node()
    gone = weakref.ref(node)
    del node
    heap.settle()
    assert gone() is None


def test_a_built_runtime_leaves_its_detectors_to_the_permanent_generation(tmp_path: Path) -> None:
    gc.unfreeze()
    runtime = Runtime.build(Settings(database_url=f"sqlite:///{tmp_path / 'wk.db'}"))
    try:
        detectors = {id(detector) for detector in runtime.detectors}
        assert gc.get_freeze_count() > 0
        assert detectors.isdisjoint(id(thing) for thing in gc.get_objects())
    finally:
        runtime.close()
