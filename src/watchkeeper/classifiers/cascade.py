"""The cascade tier: the fast tier reads every post, the sentence tier only the uncertain ones.

The sentence tier (``sentence.py``) decides better than the n-gram model alone, but its
encoder costs ~1 ms of a core per post, about ten times the rest of scoring. Most posts
do not need it: the fast tier already gives nearly every harmless post a probability far
below any flag threshold, and a few posts one far above. The cascade embeds only the
posts whose fast probability for some label lies in the *uncertain band*
(``UncertainBand``), and gives those the sentence tier's probabilities; every other post
keeps the fast tier's.

The band is drawn so that a post the cascade does not re-read gets the same flag
whichever tier's threshold is applied: its lower edge is under both tiers' thresholds
and its upper edge over both, so a post below the band is not flagged and one above it
is. The cascade therefore uses the sentence tier's thresholds, and its flags differ
from the sentence tier's only where the sentence tier would have moved a post across
its threshold from outside the band. The lower edge is a third of the lower of the two
thresholds (``LOW_SHARE``), chosen on the calibration rows (never the held-out ones)
with the models shipped at 3ee1f8b: of their 22,834 labelled texts the cascade re-read
25% (they are rich in positives), took 12.6 s of one core against 35.7 s for the
sentence tier and 5.3 s for the fast tier, and flagged exactly the sentence tier's
posts for ``threat`` and all but 10 for ``extremism``. ``benchmarks/classifiers.py``
reports its held-out ranking and speed beside both tiers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from watchkeeper.classifiers.linear import LinearTextModel
from watchkeeper.classifiers.sentence import SentenceTier

LOW_SHARE = 1 / 3
"""The band's lower edge per label, as a share of the lower of the two tiers' thresholds."""
HIGH = 0.95
"""The band's upper edge: a fast probability from here up is not re-read."""


@dataclass(frozen=True)
class UncertainBand:
    """Per tier label, the fast probabilities ``[low, high)`` the sentence tier re-reads."""

    low: tuple[float, ...]
    high: float = HIGH

    def __post_init__(self) -> None:
        if not self.low:
            raise ValueError("an uncertain band needs a lower edge for at least one label")
        if any(not 0.0 <= edge < self.high for edge in self.low) or self.high > 1.0:
            raise ValueError(
                f"an uncertain band's edges must satisfy 0 <= low < high <= 1, "
                f"not low {self.low}, high {self.high}"
            )

    def rows(self, fast: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
        """Indices of the rows (one column per label, in ``low``'s order) in the band."""
        if fast.ndim != 2 or fast.shape[1] != len(self.low):
            raise ValueError(
                f"expected one column of fast probabilities per label ({len(self.low)}), "
                f"got an array of shape {fast.shape}"
            )
        low = np.asarray(self.low, np.float64)
        return np.flatnonzero(((fast >= low) & (fast < self.high)).any(axis=1))


def band_for(model: LinearTextModel, tier: SentenceTier) -> UncertainBand:
    """The shipped band for ``tier``'s labels, in the tier's order.

    Each label's lower edge is ``LOW_SHARE`` of the lower of the fast and the sentence
    threshold; a threshold at or over ``HIGH`` would break the guarantee that posts
    above the band are flagged by both tiers, so it is refused.
    """
    lows: list[float] = []
    for label in tier.labels:
        fast = model.heads[model.labels.index(label)].threshold
        sentence = tier.heads[tier.labels.index(label)].threshold
        if max(fast, sentence) >= HIGH:
            raise ValueError(
                f"{label}: thresholds {fast:.3f} (fast) and {sentence:.3f} (sentence) must "
                f"both be under the band's upper edge {HIGH}"
            )
        lows.append(LOW_SHARE * min(fast, sentence))
    return UncertainBand(tuple(lows))
