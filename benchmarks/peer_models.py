"""Peer classifiers from PyPI, each in its own virtual environment, scored out of process.

Issue 3 asks ``benchmarks/classifiers.py`` to print our threat models side by side with
the libraries people install today (alt-profanity-check, hatesonar, arabic-toxic) on
the same held-out texts. Those libraries pin old or mutually incompatible scikit-learn,
numpy and onnxruntime releases and unpickle models that only load under the release
that wrote them, so none of them may enter the project's venv. Instead each one gets
``.peers/<name>/``, a venv holding exactly the pinned packages listed in ``PEERS``
(installed with ``--no-deps``, so the list is the whole environment), and a small
script in ``benchmarks/peers/`` that runs inside it and returns one score per text
plus its own timings (see ``peers/peer_protocol.py``).

The benchmark calls ``score_with_peer(name, texts)``; failures (no network, a broken
wheel, a model that will not load) come back as ``PeerScores.error`` so the table can
show them instead of crashing. Peers need the network to install, so nothing in the
test suite calls ``ensure_peer``.

    .venv/bin/python benchmarks/peer_models.py "text one" "text two"   # manual check
"""

from __future__ import annotations

import argparse
import fcntl
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

DEFAULT_ROOT = Path(__file__).resolve().parents[1] / ".peers"
SCRIPTS = Path(__file__).resolve().parent / "peers"
MARKER = "watchkeeper-peer.json"
INSTALL_TIMEOUT_S = 1800.0
SMOKE_TEXT = "hello"


@dataclass(frozen=True)
class Peer:
    """One peer library: what to install, what it claims, and which output we use."""

    name: str
    requirements: tuple[str, ...]  # the complete, exactly pinned environment
    languages: tuple[str, ...]  # ISO 639-1 codes the peer claims to handle
    output: str  # which of its outputs is our "threat" score, and why
    script: str  # file in benchmarks/peers/ that runs inside the venv

    @property
    def package(self) -> str:
        """The peer's own requirement (the rest are its dependencies)."""
        return self.requirements[0]


@dataclass(frozen=True)
class PeerScores:
    """One peer's scores for a list of texts, or why there are none."""

    scores: list[float] | None
    seconds: float  # scoring only, measured inside the peer process
    load_seconds: float  # import + model load + one warm-up text
    error: str | None = None

    @property
    def posts_per_second(self) -> float | None:
        """Texts scored per second of pure scoring time, when that is measurable."""
        if self.scores is None or not self.scores or self.seconds <= 0:
            return None
        return len(self.scores) / self.seconds


class PeerError(RuntimeError):
    """A peer could not be installed or did not return usable scores."""


_SKLEARN_STACK = (
    "numpy==2.4.6",
    "scipy==1.17.1",
    "joblib==1.6.0",
    "cloudpickle==3.1.2",
    "threadpoolctl==3.8.0",
)

PEERS: Mapping[str, Peer] = MappingProxyType(
    {
        "alt-profanity-check": Peer(
            name="alt-profanity-check",
            requirements=(
                "alt-profanity-check==1.9.1",
                "scikit-learn==1.9.1",  # the package pins it: its model was pickled with it
                "narwhals==2.29.0",
                *_SKLEARN_STACK,
            ),
            languages=("en",),
            output="predict_prob: probability the text is offensive/profane (no threat label)",
            script="score_alt_profanity_check.py",
        ),
        "hatesonar": Peer(
            name="hatesonar",
            requirements=(
                "hatesonar==0.1.0",
                "onnxruntime==1.32.0",
                "onnx==1.23.2",
                "protobuf==7.36.2",
                "flatbuffers==25.12.19",
                "packaging==26.3",
                "ml_dtypes==0.6.0",
                "typing_extensions==4.16.0",
                "pandas==3.1.1",
                "python-dateutil==4.0.0",
                "tzdata==2026.6",
                "scikit-learn==1.9.1",
                "skl2onnx==1.20.0",
                "narwhals==2.29.0",
                *_SKLEARN_STACK,
            ),
            languages=("en",),
            output="hate_speech probability (of hate_speech / offensive_language / neither): "
            "the class closest to threats; offensive_language is mostly profanity",
            script="score_hatesonar.py",
        ),
        "arabic-toxic": Peer(
            name="arabic-toxic",
            requirements=(
                "arabic-toxic==0.2.3",
                # Its metadata asks for <1.8, but its model was pickled with 1.8.0
                # (InconsistentVersionWarning under 1.7.2), hence --no-deps and this pin.
                "scikit-learn==1.8.0",
                *_SKLEARN_STACK,
            ),
            languages=("ar",),
            output="Violence label probability (of Appearance, Cussing, Hatred, NOT, Racial, "
            "Sexual, Violence): the label for threats and calls to violence",
            script="score_arabic_toxic.py",
        ),
    }
)


def peer(name: str) -> Peer:
    """The peer called ``name``; a ValueError naming the known peers otherwise."""
    try:
        return PEERS[name]
    except KeyError:
        raise ValueError(f"unknown peer {name!r}; known: {', '.join(PEERS)}") from None


def venv_python(venv: Path) -> Path:
    """The interpreter inside a peer venv."""
    return venv / "bin" / "python"


def marker_contents(entry: Peer) -> dict[str, Any]:
    """What a finished venv records: a changed pin or Python version forces a rebuild."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    return {"peer": entry.name, "requirements": list(entry.requirements), "python": version}


def is_current(venv: Path, entry: Peer) -> bool:
    """True when ``venv`` was fully built for exactly ``entry``'s pins."""
    try:
        recorded = json.loads((venv / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(recorded == marker_contents(entry) and venv_python(venv).exists())


def ensure_peer(name: str, root: Path = DEFAULT_ROOT) -> Path:
    """Create (or reuse) the venv for peer ``name`` under ``root`` and return its path.

    Idempotent: a venv whose marker matches the pins is reused; anything else (no
    marker, a half-built venv, changed pins) is deleted and rebuilt. The marker is
    written only after the peer has scored one text, so a venv that exists is usable.
    Raises PeerError with pip's or the script's own message on failure.
    """
    entry = peer(name)
    venv = root / name
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root / f"{name}.lock"):
        if is_current(venv, entry):
            return venv
        if venv.exists():
            shutil.rmtree(venv)
        _run([sys.executable, "-m", "venv", str(venv)], "creating the venv", INSTALL_TIMEOUT_S)
        pip = [str(venv_python(venv)), "-E", "-s", "-m", "pip", "install", "--no-deps"]
        pip += ["--only-binary=:all:", "--disable-pip-version-check", "--no-input", "-q"]
        _run([*pip, *entry.requirements], f"pip install {entry.package}", INSTALL_TIMEOUT_S)
        _score_in_venv(entry, venv, [SMOKE_TEXT], batch_size=1, timeout=INSTALL_TIMEOUT_S)
        marker = json.dumps(marker_contents(entry), indent=2)
        (venv / MARKER).write_text(marker + "\n", encoding="utf-8")
    return venv


def score_with_peer(
    name: str,
    texts: Sequence[str],
    *,
    root: Path = DEFAULT_ROOT,
    batch_size: int = 1000,
    timeout: float = 3600.0,
) -> PeerScores:
    """Score ``texts`` with peer ``name`` (installing it first if needed).

    Never raises for a peer's own failure: the message is in ``PeerScores.error``.
    """
    entry = peer(name)
    try:
        venv = ensure_peer(name, root)
    except (PeerError, OSError) as error:
        return PeerScores(None, 0.0, 0.0, f"{entry.package} install failed: {error}")
    if not texts:
        return PeerScores([], 0.0, 0.0)
    try:
        return _score_in_venv(entry, venv, texts, batch_size=batch_size, timeout=timeout)
    except (PeerError, OSError) as error:
        return PeerScores(None, 0.0, 0.0, f"{entry.package} scoring failed: {error}")


def _score_in_venv(
    entry: Peer, venv: Path, texts: Sequence[str], *, batch_size: int, timeout: float
) -> PeerScores:
    """Run the peer's script on ``texts`` in its venv and check what it returns."""
    with tempfile.TemporaryDirectory(prefix=f"peer-{entry.name}-") as scratch:
        texts_file, result_file = Path(scratch, "texts.json"), Path(scratch, "result.json")
        texts_file.write_text(json.dumps(list(texts)), encoding="utf-8")
        command = [str(venv_python(venv)), "-E", "-s", str(SCRIPTS / entry.script)]
        command += [str(texts_file), str(result_file), str(batch_size)]
        _run(command, f"{entry.script}", timeout)
        try:
            result = json.loads(result_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise PeerError(f"{entry.script} wrote no readable result: {error}") from error
    return parse_result(result, expected=len(texts))


def parse_result(result: Any, expected: int) -> PeerScores:
    """Check a peer script's result object and turn it into PeerScores."""
    if not isinstance(result, dict):
        raise PeerError("result is not a JSON object")
    scores, seconds, load_seconds = (result.get(k) for k in ("scores", "seconds", "load_seconds"))
    if not isinstance(scores, list) or len(scores) != expected:
        got = len(scores) if isinstance(scores, list) else type(scores).__name__
        raise PeerError(f"expected {expected} scores, got {got}")
    return PeerScores(
        [_finite(s, "a score") for s in scores],
        _finite(seconds, "seconds"),
        _finite(load_seconds, "load_seconds"),
    )


def _finite(value: Any, what: str) -> float:
    """``value`` as a float, or PeerError when it is not a finite JSON number."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PeerError(f"{what} is not a finite number: {value!r}")
    return float(value)


def _run(command: list[str], what: str, timeout: float) -> None:
    """Run a child process with the project's Python settings stripped from its env."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        raise PeerError(f"{what} did not finish in {timeout:.0f} s") from None
    if done.returncode != 0:
        output = (done.stderr.strip() or done.stdout.strip()).splitlines()
        errors = [line for line in output if line.startswith("ERROR")]  # pip's own verdict
        detail = "\n".join(errors or output)[-1500:]
        raise PeerError(f"{what} exited with {done.returncode}: {detail}")


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock so two benchmark runs never build one venv together."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def main(argv: Sequence[str] | None = None) -> int:
    """Install every peer (or the ones named) and print their scores for the texts."""
    parser = argparse.ArgumentParser(description="Score texts with the peer classifiers.")
    parser.add_argument("texts", nargs="*", default=[SMOKE_TEXT])
    parser.add_argument("--peer", action="append", choices=sorted(PEERS))
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    args = parser.parse_args(argv)
    failed = False
    for name in args.peer or list(PEERS):
        result = score_with_peer(name, args.texts, root=args.root)
        print(f"== {name} ({PEERS[name].output})")
        if result.scores is None:
            failed = True
            print(f"   error: {result.error}")
            continue
        print(f"   load {result.load_seconds:.2f} s, scoring {result.seconds:.4f} s")
        for text, score in zip(args.texts, result.scores, strict=True):
            print(f"   {score:.3f}  {text}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
