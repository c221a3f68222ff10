"""Detectors ``threat`` and ``extremism``: the shipped text classifiers, on every post.

Both read the same hashed n-gram features, so they share one model (loaded once per
process from ``watchkeeper/classifiers/data``) and one scoring pass per batch: the
first detector to see a batch scores both labels, the second reuses the result. A
post is signalled from ``SIGNAL_FLOOR`` up, so review priority can still see weak
evidence; from the label's threshold up the signal carries the words that pushed
the score up, and a threat also carries its target and credibility cues (a named
person, place, time, means or address) from ``classifiers.cues``, plus a
``threat_credibility`` signal when those cues make it concrete.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Self

from watchkeeper.classifiers.cascade import UncertainBand, band_for
from watchkeeper.classifiers.cues import ThreatCues, extract_cues
from watchkeeper.classifiers.linear import Contribution, LinearTextModel
from watchkeeper.classifiers.scoring import NO_CUES, Scored, score_texts
from watchkeeper.classifiers.sentence import SentenceTier
from watchkeeper.detectors.base import Detector, DetectorExample
from watchkeeper.model import Event, EventKind, Evidence, PostEvent, Signal, text_of
from watchkeeper.text.normalize import FoldedText, fold_with_offsets

if TYPE_CHECKING:
    from watchkeeper.config import Settings

MODEL_NAME = "text_model"
SENTENCE_MODEL = "sentence_model"
SIGNAL_FLOOR = 0.1
"""Below this probability no signal is stored (the ``score`` command still prints it)."""
CREDIBILITY_LABEL = "threat_credibility"
CREDIBILITY_THRESHOLD = 0.5
"""Two kinds of cue (e.g. a time and a means) or an address reach it."""

_DESCRIPTIONS = {
    "threat": "a threat of violence",
    "extremism": "terrorist or violent-extremist propaganda",
}


def model_path(name: str = MODEL_NAME) -> Path:
    """Where a shipped model lives (``<name>.npz`` + ``<name>.json``)."""
    return Path(str(resources.files("watchkeeper.classifiers") / "data" / name))


@functools.cache
def shipped_model() -> LinearTextModel:
    """The shipped model, loaded once per process."""
    return LinearTextModel.load(model_path())


@functools.cache
def shipped_tier() -> SentenceTier:
    """The shipped sentence tier, loaded once per process (its encoder on first use)."""
    return SentenceTier.load(model_path(SENTENCE_MODEL))


@functools.cache
def shipped_band() -> UncertainBand:
    """The cascade tier's uncertain band for the shipped models (``cascade.band_for``)."""
    return band_for(shipped_model(), shipped_tier())


@functools.cache
def shipped_thresholds() -> dict[str, float]:
    """Each label's default threshold, read from the model's JSON alone (cheap, at import)."""
    meta = json.loads(model_path().with_suffix(".json").read_text(encoding="utf-8"))
    return {head["name"]: float(head["threshold"]) for head in meta["heads"]}


class _BatchScores:
    """Scores of the last batch seen, so the second detector reuses the first's work."""

    def __init__(self) -> None:
        self._key: tuple[bool, UncertainBand | None, tuple[str, ...]] | None = None
        self._scored: Scored | None = None

    def get(
        self, texts: tuple[str, ...], tier: SentenceTier | None, band: UncertainBand | None
    ) -> Scored:
        key = (tier is not None, band, texts)
        if key != self._key or self._scored is None:
            self._scored = score_texts(shipped_model(), texts, tier, band)
            self._key = key
        return self._scored


_LAST_BATCH = _BatchScores()


def _span_of(folded: FoldedText, phrase: str) -> tuple[int, int] | None:
    """Where a prepared-text phrase appears in the original, if it survives folding as is."""
    at = folded.text.find(phrase)
    if at < 0:
        return None
    return folded.original_span(at, at + len(phrase))


def classifier_signals(
    detector: str,
    label: str,
    text: str,
    score: float,
    threshold: float,
    cues: ThreatCues | None,
    words: Sequence[Contribution],
) -> list[Signal]:
    """The signals for one post: score, evidence words, and (threats) cues and target.

    A flagged threat whose cues make it concrete also gets a ``CREDIBILITY_LABEL``
    signal scored by ``ThreatCues.credibility()``, so policy can put it first.
    ``words`` is the post's explanation (``LinearTextModel.explain``; the detector
    explains a batch's flagged posts in one call).
    """
    evidence: list[Evidence] = []
    reason = f"{label} classifier {score:.2f}: reads as {_DESCRIPTIONS[label]}"
    if score < threshold:
        reason = f"{label} classifier {score:.2f}: below the {threshold:.2f} threshold"
        return [Signal(detector=detector, label=label, score=score, reason=reason)]
    extra: list[Signal] = []
    folded = fold_with_offsets(text) if words else None
    for word in words:
        span = _span_of(folded, word.text) if folded is not None else None
        start, end = span if span else (None, None)
        shown = text[start:end] if start is not None and end is not None else word.text
        evidence.append(Evidence(kind="ngram", text=shown, start=start, end=end))
    if words:
        reason += " (" + ", ".join(f"'{word.text}'" for word in words) + ")"
    if label == "threat":
        if cues is None or cues is NO_CUES:
            cues = extract_cues(text)
        evidence += [
            Evidence(kind=cue.kind, text=cue.text, start=cue.start, end=cue.end)
            for cue in cues.cues
        ]
        if cues.target is not None:
            evidence.append(
                Evidence(
                    kind=f"target:{cues.target}",
                    text=cues.target_text,
                    start=cues.target_start,
                    end=cues.target_end,
                )
            )
        if cues.cues:
            evidence.append(Evidence(kind="credibility", text=f"{cues.credibility():.2f}"))
        details = cues.reasons()
        if details:
            reason += "; " + "; ".join(details)
            extra.append(
                Signal(
                    detector=detector,
                    label=CREDIBILITY_LABEL,
                    score=cues.credibility(),
                    evidence=[item for item in evidence if item.kind != "ngram"],
                    reason=f"a threat that {'; '.join(details)}",
                )
            )
    signal = Signal(detector=detector, label=label, score=score, evidence=evidence, reason=reason)
    return [signal, *extra]


class ClassifierDetector(Detector):
    """One label of the shared text model (subclasses name it)."""

    reads: ClassVar[frozenset[EventKind]] = frozenset({"post", "report", "account"})
    text_only: ClassVar[bool] = True
    label: ClassVar[str]

    def __init__(self, tier: SentenceTier | None = None, band: UncertainBand | None = None) -> None:
        """The fast tier; with ``tier``, the sentence tier; with ``band`` too, the cascade
        (both use the sentence tier's thresholds)."""
        if band is not None and tier is None:
            raise ValueError("the cascade tier's band needs the sentence tier")
        model = shipped_model()
        self._column = model.labels.index(self.label)
        self._threshold = model.heads[self._column].threshold
        self._tier = tier
        self._band = band
        if tier is not None:
            self._threshold = tier.heads[tier.labels.index(self.label)].threshold
            self.active_labels = {**self.labels, self.label: self._threshold}

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        if settings.text_tier == "fast":
            return cls()
        return cls(shipped_tier(), shipped_band() if settings.text_tier == "cascade" else None)

    def detect(self, batch: Sequence[Event]) -> list[list[Signal]]:
        texts = tuple(text_of(event) for event in batch)
        scored = _LAST_BATCH.get(texts, self._tier, self._band)
        scores = [round(float(value), 4) for value in scored.probabilities[:, self._column]]
        flagged = [
            index
            for index, score in enumerate(scores)
            if texts[index] and score >= max(self._threshold, SIGNAL_FLOOR)
        ]
        explained = dict(
            zip(
                flagged,
                shipped_model().explain_many([scored.posts[i] for i in flagged], self.label),
                strict=True,
            )
        )
        results: list[list[Signal]] = []
        for index, text in enumerate(texts):
            score = scores[index]
            if not text or score < SIGNAL_FLOOR:
                results.append([])
                continue
            cues = scored.cues[index] if scored.cues is not None else None
            results.append(
                classifier_signals(
                    self.name,
                    self.label,
                    text,
                    score,
                    self._threshold,
                    cues,
                    explained.get(index, []),
                )
            )
        return results


def _post(event_id: str, text: str) -> PostEvent:
    return PostEvent(id=event_id, author_id="example", text=text)


class ThreatDetector(ClassifierDetector):
    """Statements of intent or calls to kill, injure or attack a person, group or staff."""

    name: ClassVar[str] = "threat"
    label: ClassVar[str] = "threat"
    labels: ClassVar[dict[str, float]] = {
        "threat": shipped_thresholds()["threat"],
        CREDIBILITY_LABEL: CREDIBILITY_THRESHOLD,
    }

    @classmethod
    def examples(cls) -> Sequence[DetectorExample]:
        return [
            DetectorExample(
                _post("t1", "I will kill you tomorrow with a knife"),
                frozenset({"threat", CREDIBILITY_LABEL}),
            ),
            DetectorExample(_post("t2", "Lovely weather for a picnic in the park today")),
        ]


class ExtremismDetector(ClassifierDetector):
    """Praise, recruitment, glorification of attacks, dissemination of group media."""

    name: ClassVar[str] = "extremism"
    label: ClassVar[str] = "extremism"
    labels: ClassVar[dict[str, float]] = {"extremism": shipped_thresholds()["extremism"]}

    @classmethod
    def examples(cls) -> Sequence[DetectorExample]:
        return [
            DetectorExample(
                _post(
                    "e1", "The soldiers of the Islamic State liberated the city, join the caliphate"
                ),
                frozenset({"extremism"}),
            ),
            DetectorExample(_post("e2", "Lovely weather for a picnic in the park today")),
        ]
