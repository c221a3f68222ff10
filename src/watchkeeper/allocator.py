"""Keep memory that a batch freed for the next batch, instead of returning it to the kernel.

Scoring a batch of 500 posts makes NumPy arrays of a few megabytes (every n-gram of
every post). Left to itself, glibc hands much of that memory back to the kernel when
the batch is freed (unmapping large blocks, trimming the heap's top), so the next
batch faults the same pages in again and the kernel zeroes them: scoring ten batches
took 76,776 page faults (``tests/test_allocator.py``), and the text detectors spent
~13% of their time in the kernel (1.55 s of system time for 40,000 posts). With
``keep_freed_memory`` the same ten batches take ~150 faults and the detectors run
10-15% faster: large blocks come from the heap and freed memory stays there for
reuse. The price is that a process's resident size stays at its high-water mark,
which for these batch loops is a few tens of megabytes.

``Runtime.build`` calls it (``scan``, ``serve``, ``consume``, ``demo``: their forks
inherit it), and so does ``score``. Only glibc has ``mallopt``; elsewhere this does
nothing and says so.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
LARGEST_KEPT = 32 * 1024 * 1024
"""Blocks up to this size come from the heap (glibc's own maximum for the threshold)."""


def keep_freed_memory() -> bool:
    """Tune glibc's allocator for this process (and its forks); True if it took effect."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        log.debug("no mallopt in this C library; allocator left as it is")
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    settings = (
        (_M_MMAP_THRESHOLD, LARGEST_KEPT),
        (_M_TRIM_THRESHOLD, 4 * LARGEST_KEPT),
        (_M_TOP_PAD, LARGEST_KEPT),
    )
    return all(mallopt(option, value) == 1 for option, value in settings)
