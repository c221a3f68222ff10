"""Extra PDQ hashes that let a cropped, captioned copy of a photo match its bank entry.

PDQ hashes the whole frame, so cutting 5% off each side moves it 80-130 bits and a
caption band over a tenth of the height 20-100, far past the customary 31
(``benchmarks/banks_photos.py``). When we hold the photo's *bytes* on both sides, a bank
entry added from the original file and a post uploading the edited copy, both sides
can hash parts of the picture instead, and a part of the copy can be lined up with a
part of the original:

* The bank side hashes the original whole (``full``: the plain PDQ that hash-only
  banks and exchanges use) and ``BANK_REGIONS``: the middle of the picture with about
  6% cut off the left and right and 19% off the top and bottom, so that what a crop of
  up to 5% a side removes, and what a caption band or text along the top or bottom
  edge covers, lies outside it; four copies of it moved a little; and each of those
  five a little larger and a little smaller.
* The query side hashes the upload whole and ``QUERY_CROPS``: crops whose margins are
  chosen so that, when 0-5% was cut off each side of the original (evenly or not) and
  the rest resized, one of them very likely shows nearly a region the bank hashed.
  Every crop leaves out at least 15.5% of the top and of the bottom, where captions go.

PDQ forgives a region that is a little off, but not much: moved sideways by 1% of the
width, or made 4% narrower, a region's hash is past 31 bits from the original's about
half the time, so the crops must land within about half a percent sideways.
``QUERY_CROPS`` was chosen by a greedy cover of 3,016 simulated crops (half uniform in
0-5% a side, half with each side 0, 5% or in between, and the 16 corners) under a
distance model fitted on eight development photos only. It lines up 92% of them
closely, and the worst about where the model gives even odds of a match. ``python
benchmarks/banks_photos.py --design`` recomputes it. The benchmark reports how often
the variants match, separately on those eight photos and on ten held-out ones, and
the nearest any variant of one photo comes to any variant of another.

Every variant is an ordinary 64-hex PDQ hash: the bank stores ``len(BANK_REGIONS)``
extra ``pdq`` entries per photo, the query sends ``len(QUERY_CROPS)`` extra PDQ
queries, and a match of any pair counts, so the index and matching need no change.
Regions are hashed from a copy shrunk to ``WORK_SIZE`` pixels on the long side (PDQ
looks at 64x64 anyway), so they cost the same for any size of photo; the plain hash of
a big photo still costs what it did.
"""

from __future__ import annotations

from typing import Literal

from PIL import Image

from watchkeeper.banks.hashing import MediaHashes, decode_rgb_image, digests, pdq_of_rgb

Margins = tuple[float, float, float, float]
"""Fractions of the width or height cut off the left, top, right and bottom."""
Variant = tuple[str, str, int]
"""(name, PDQ hash as 64 lowercase hex digits, PDQ quality)."""

WORK_SIZE = 256
"""Long side, in pixels, of the copy that region variants are hashed from: four times
PDQ's own 64x64 grid, so a crop can be placed to a fraction of one of its cells, and a
12-megapixel upload costs little more than a small one."""
REGION_PIXELS = 64
"""Each region is resampled straight to PDQ's 64x64 grid (Lanczos, sub-pixel box) so
both sides see the same pixels whatever size the photo had."""
MIN_SIDE = 32
"""Photos narrower or shorter than this get only the plain hash: too few pixels to cut
regions from."""
_SHIFT_X, _SHIFT_Y = 0.006, 0.004
"""How far the four shifted bank regions move sideways and up or down: about one
tolerance step of PDQ, so each query crop lines up with one of five nearby regions."""
_INNER: Margins = (0.06, 0.19, 0.06, 0.19)
SHIFTED_REGIONS: dict[str, Margins] = {
    "inner": _INNER,
    **{
        f"inner{'+' if dx > 0 else '-'}x{'+' if dy > 0 else '-'}y": (
            round(_INNER[0] + dx, 4),
            round(_INNER[1] + dy, 4),
            round(_INNER[2] - dx, 4),
            round(_INNER[3] - dy, 4),
        )
        for dx, dy in (
            (_SHIFT_X, _SHIFT_Y),
            (-_SHIFT_X, -_SHIFT_Y),
            (_SHIFT_X, -_SHIFT_Y),
            (-_SHIFT_X, _SHIFT_Y),
        )
    },
}
"""The middle of the photo and four copies of it moved a little: ``inner`` keeps 88% of
the width and the middle 62% of the height; ``inner+x-y`` is it moved right and up (x
grows rightwards, y downwards), and so on. Its edges sit inside any crop of up to 5% a
side with room to spare, and 19% from the top and bottom, past a caption of up to ~15%
of the height. ``QUERY_CROPS`` was designed to line up with these five."""
_RESIZE = 0.01
"""How much each margin of a resized region grows or shrinks (a fraction of the photo)."""


def _grown(margins: Margins, change: float) -> Margins:
    left, top, right, bottom = margins
    return (
        round(left + change, 4),
        round(top + change, 4),
        round(right + change, 4),
        round(bottom + change, 4),
    )


BANK_REGIONS: dict[str, Margins] = {
    f"{name}{suffix}": _grown(margins, change)
    for suffix, change in (("", 0.0), (":large", -_RESIZE), (":small", _RESIZE))
    for name, margins in SHIFTED_REGIONS.items()
}
"""Regions of the original hashed for the bank: each of ``SHIFTED_REGIONS`` as it is,
2% of the photo larger each way (``:large``), and 2% smaller (``:small``). A crop that
lands where the design put it but is a little too large or small for the region still
finds one its size: on the development photos this turned the one copy that no pair
matched (a brick wall halved, cropped, captioned and saved as JPEG q50, 32 bits off)
into a match, and it costs only the bank side (15 region hashes per photo, once)."""
QUERY_CROPS: tuple[Margins, ...] = (
    (0.01, 0.19, 0.02, 0.155),
    (0.01, 0.19, 0.05, 0.17),
    (0.02, 0.155, 0.05, 0.195),
    (0.02, 0.16, 0.01, 0.17),
    (0.02, 0.16, 0.05, 0.165),
    (0.02, 0.165, 0.03, 0.16),
    (0.02, 0.18, 0.05, 0.185),
    (0.02, 0.185, 0.02, 0.185),
    (0.02, 0.19, 0.06, 0.155),
    (0.03, 0.155, 0.02, 0.195),
    (0.03, 0.17, 0.03, 0.18),
    (0.03, 0.185, 0.04, 0.165),
    (0.03, 0.195, 0.02, 0.155),
    (0.05, 0.155, 0.06, 0.195),
    (0.05, 0.16, 0.05, 0.165),
    (0.05, 0.165, 0.06, 0.155),
    (0.05, 0.17, 0.02, 0.16),
    (0.05, 0.17, 0.03, 0.185),
    (0.05, 0.185, 0.02, 0.18),
    (0.05, 0.185, 0.05, 0.175),
    (0.05, 0.195, 0.02, 0.155),
    (0.06, 0.155, 0.02, 0.19),
    (0.06, 0.18, 0.05, 0.185),
    (0.06, 0.19, 0.05, 0.155),
)
"""Crops of the upload hashed for the query (margins as fractions of the upload). A
crop ``(l, t, r, b)`` lines up with bank region ``inner`` when the original lost about
``0.06 - l`` on the left and ``0.19 - t`` at the top, and so on; the shifted regions
cover the gaps between crops."""


def bank_variants(data: bytes) -> list[Variant]:
    """PDQ of the original photo in ``data``, then of each ``BANK_REGIONS`` region.

    ``[]`` when ``data`` is not an image we decode; ``MediaError`` as for
    ``hash_media_bytes`` when it is too large, a decompression bomb or corrupt.
    """
    return _variants(data, BANK_REGIONS)


def query_variants(data: bytes) -> list[Variant]:
    """PDQ of the uploaded photo in ``data``, then of each ``QUERY_CROPS`` crop."""
    return _variants(data, _QUERY_REGIONS)


def hashes_with_variants(
    data: bytes, side: Literal["bank", "query"]
) -> tuple[MediaHashes, list[Variant]]:
    """The media's hashes and, for a photo, its region variants (without ``full``).

    One decode serves both, so a big photo is not decoded twice.
    """
    md5, sha256 = digests(data)
    image = decode_rgb_image(data)
    if image is None:
        return MediaHashes(md5=md5, sha256=sha256, pdq=None, pdq_quality=None), []
    regions = BANK_REGIONS if side == "bank" else _QUERY_REGIONS
    (_, pdq, quality), *variants = _image_variants(image, regions)
    return MediaHashes(md5=md5, sha256=sha256, pdq=pdq, pdq_quality=quality), variants


def _variants(data: bytes, regions: dict[str, Margins]) -> list[Variant]:
    image = decode_rgb_image(data)
    if image is None:
        return []
    return _image_variants(image, regions)


def _image_variants(image: Image.Image, regions: dict[str, Margins]) -> list[Variant]:
    pdq, quality = pdq_of_rgb(image)
    variants: list[Variant] = [("full", pdq, quality)]
    if min(image.size) < MIN_SIDE:
        return variants
    work = _working_copy(image)
    for name, margins in regions.items():
        pdq, quality = pdq_of_rgb(_region(work, margins))
        variants.append((name, pdq, quality))
    return variants


def _working_copy(image: Image.Image) -> Image.Image:
    """``image`` with its long side at most ``WORK_SIZE``: a fast integer box reduction to
    at least twice that, then Lanczos, so big photos are not Lanczos-filtered whole."""
    long_side = max(image.size)
    if long_side <= WORK_SIZE:
        return image
    factor = long_side // (2 * WORK_SIZE)
    if factor > 1:
        image = image.reduce(factor)
    scale = WORK_SIZE / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _region(image: Image.Image, margins: Margins) -> Image.Image:
    left, top, right, bottom = margins
    width, height = image.size
    box = (left * width, top * height, (1 - right) * width, (1 - bottom) * height)
    return image.resize((REGION_PIXELS, REGION_PIXELS), Image.Resampling.LANCZOS, box=box)


def _crop_name(margins: Margins) -> str:
    """``crop:l2/t15.5/r5/b19.5``: the margins in percent, shown as evidence of a match."""
    return "crop:" + "/".join(
        f"{side}{value * 100:g}" for side, value in zip("ltrb", margins, strict=True)
    )


_QUERY_REGIONS: dict[str, Margins] = {_crop_name(margins): margins for margins in QUERY_CROPS}
"""``QUERY_CROPS`` by name (after ``_crop_name``, which names them)."""
