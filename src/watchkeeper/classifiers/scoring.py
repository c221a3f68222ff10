"""Score raw texts with the text model: prepare, cues when the model reads them, probabilities.

The detectors, the training report and the benchmark all score texts through
``score_texts``, so what is measured is what runs. Threat cues (``cues.py``) cost
about 100 µs a post, so they are read only where the model's calibration uses them
and the text model alone already gives the post a margin past the label's
``cue_gate`` (about one post in five); other posts count as having no cues, in
training exactly as here. A flagged post's evidence reuses the cues read here.

With the sentence tier (``sentence.py``) every prepared post is also embedded, and each
label's probability is the tier's joint calibration of both margins and the same cues.
With an uncertain band as well (the cascade tier, ``cascade.py``), only the posts whose
fast probability lies in the band are embedded and re-calibrated; the rest keep the
fast probabilities.

A post with no words besides links and mentions (``has_words``) gets probability 0 for
every label: there is nothing to read, and the supporters' accounts that give the
extremism label its positives post so many links and mentions that a post holding
only a link scored 0.99 and one holding only a mention 0.76.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from watchkeeper.classifiers.cascade import UncertainBand
from watchkeeper.classifiers.cues import CUE_FEATURES, ThreatCues, cue_features, extract_cues
from watchkeeper.classifiers.linear import LinearTextModel
from watchkeeper.classifiers.prepare import Prepared, prepare
from watchkeeper.classifiers.sentence import SentenceTier, embed


@dataclass(frozen=True)
class Scored:
    """A batch of texts as the model saw them, with one probability row per text."""

    posts: list[Prepared]
    cues: list[ThreatCues] | None
    probabilities: npt.NDArray[np.float64]


def cue_matrix(cues: Sequence[ThreatCues]) -> npt.NDArray[np.float64]:
    """One row of ``cue_features`` per post."""
    rows = [cue_features(found) for found in cues]
    return np.asarray(rows, np.float64).reshape(len(rows), len(CUE_FEATURES))


NO_CUES = ThreatCues(None, None, None, "", ())
_PLACEHOLDERS = re.compile(r"\burl\b|@user")
_NOT_WORDS = frozenset(string.punctuation + string.whitespace)


def has_words(post: Prepared) -> bool:
    """Is there anything in the post besides links, mentions, punctuation and spaces?"""
    rest = _PLACEHOLDERS.sub("", post.text)
    return any(character not in _NOT_WORDS for character in rest)


def gated_cues(
    model: LinearTextModel, texts: Sequence[str], margins: npt.NDArray[np.float64]
) -> list[ThreatCues] | None:
    """Threat cues of the texts past the model's cue gate (the rest: ``NO_CUES``);
    None when the model's calibration reads no cues."""
    if not model.uses_cues:
        return None
    gate = model.cue_gate(margins)
    return [extract_cues(text) if read else NO_CUES for text, read in zip(texts, gate, strict=True)]


def score_texts(
    model: LinearTextModel,
    texts: Sequence[str],
    tier: SentenceTier | None = None,
    band: UncertainBand | None = None,
) -> Scored:
    """Probabilities of every label for every text (columns in ``model.labels`` order).

    ``band`` (with ``tier``; one lower edge per tier label, in the tier's order) limits
    the tier to the posts whose fast probabilities lie in it.
    """
    posts = [prepare(text) for text in texts]
    margins = model.margins(posts)
    cues = gated_cues(model, texts, margins)
    found = None if cues is None else cue_matrix(cues)
    probabilities = model.calibrate(margins, found)
    empty = np.fromiter((not has_words(post) for post in posts), bool, len(posts))
    if tier is not None:
        columns = [model.labels.index(label) for label in tier.labels]
        rows = np.arange(len(posts)) if band is None else band.rows(probabilities[:, columns])
        rows = rows[~empty[rows]]  # scored 0 below whatever the tier says: not embedded
        if rows.size:
            cells = np.ix_(rows, np.asarray(columns, np.intp))
            sentence_margins = tier.sentence_margins(embed([posts[row].text for row in rows]))
            read = None if found is None else found[rows]
            probabilities[cells] = tier.calibrate(margins[cells], sentence_margins, read)
    elif band is not None:
        raise ValueError("an uncertain band needs the sentence tier that re-reads it")
    probabilities[empty] = 0.0
    return Scored(posts, cues, probabilities)
