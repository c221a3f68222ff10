"""Build the running parts (store, detectors, policy, pipeline) from one Settings object.

The CLI and the HTTP app both start here, so ``scan``, ``serve`` and ``demo`` judge
events with exactly the same detectors and policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from watchkeeper import heap
from watchkeeper.allocator import keep_freed_memory
from watchkeeper.config import Settings
from watchkeeper.detectors.base import Detector, load_detectors
from watchkeeper.pipeline import Pipeline
from watchkeeper.policy import Policy, load_default_policy, load_policy
from watchkeeper.store.repository import Store


@dataclass
class Runtime:
    """Everything a process needs to accept and judge events."""

    settings: Settings
    store: Store
    detectors: list[Detector]
    policy: Policy
    pipeline: Pipeline

    @classmethod
    def build(cls, settings: Settings, *, migrate: bool = True) -> Runtime:
        """Load policy and detectors first (fail fast on a bad file), then open the store."""
        policy = (
            load_policy(settings.policy_path) if settings.policy_path else load_default_policy()
        )
        detectors = load_detectors(settings)
        store = Store.open(settings.database_url)
        if migrate:
            store.migrate()
        for detector in detectors:
            detector.bootstrap(store)
        heap.settle()  # the indexes just rebuilt live as long as the process
        keep_freed_memory()  # each batch reuses the memory the last one freed
        pipeline = Pipeline(
            store,
            detectors,
            policy,
            batch_size=settings.batch_size,
            preserve_media=settings.preserve_media,
        )
        return cls(settings, store, detectors, policy, pipeline)

    def close(self) -> None:
        self.store.close()
