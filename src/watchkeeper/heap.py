"""Keep Python's garbage collector from walking the indexes a process builds at start.

A process that loads a million suspended accounts, a text bank or a model holds
millions of long-lived objects. CPython's cyclic collector still visits every one of
them on each full collection, and a full collection comes round every few thousand
lookups: over a 1M-account evasion index that is a 0.3-0.8 s pause inside one lookup
(``benchmarks/evasion.py`` prints the slowest). What is built at start lives as long
as the process, so it never needs collecting: once it is built, ``settle`` collects
the start-up garbage and moves every surviving object to the collector's permanent
generation (``gc.freeze``), which later collections skip. Objects made afterwards are
collected as usual, and a frozen object that is dropped later is still freed by
reference counting; only a reference cycle among frozen objects stays until exit.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)


def settle() -> int:
    """Collect start-up garbage, then exempt what survives from later collections.

    Returns how many objects are now frozen. Call it after the long-lived state is
    built, before serving; calling it again freezes what was built since.
    """
    gc.collect()
    gc.freeze()
    frozen = gc.get_freeze_count()
    log.debug("%d long-lived objects exempted from garbage collection", frozen)
    return frozen
