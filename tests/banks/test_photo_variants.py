"""``watchkeeper.banks.photo_variants``: region PDQ hashes that survive crops and captions."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import skimage.data
from PIL import Image, ImageDraw, ImageFont

from watchkeeper.banks.hashing import MAX_MEDIA_BYTES, MediaError, hash_media_bytes
from watchkeeper.banks.photo_variants import (
    BANK_REGIONS,
    MIN_SIDE,
    QUERY_CROPS,
    SHIFTED_REGIONS,
    Variant,
    bank_variants,
    query_variants,
)

MATCH = 31
CROP = 0.05
"""The issue's bar: up to 5% off each side."""
CAPTION_BAND = 0.12
"""The widest caption band the crops are meant to leave out, as a fraction of the height."""


def sample(name: str) -> Image.Image:
    """A real photo bundled with scikit-image (never downloaded)."""
    with Image.open(Path(skimage.data.__file__).parent / name) as image:
        return image.convert("RGB")


def encoded(image: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def cut(image: Image.Image, left: float, top: float, right: float, bottom: float) -> Image.Image:
    w, h = image.size
    return image.crop(
        (round(w * left), round(h * top), w - round(w * right), h - round(h * bottom))
    )


def captioned(image: Image.Image, *, top: bool = False) -> Image.Image:
    out = image.copy()
    band = round(out.height * CAPTION_BAND)
    y0 = 0 if top else out.height - band
    draw = ImageDraw.Draw(out)
    draw.rectangle((0, y0, out.width, y0 + band), fill=(0, 0, 0))
    font = ImageFont.load_default(size=round(band * 0.6))
    draw.text(
        (band // 3, y0 + band // 2), "Breaking: watch this", fill="white", font=font, anchor="lm"
    )
    return out


def nearest(queries: list[Variant], banks: list[Variant]) -> int:
    return min((int(q, 16) ^ int(b, 16)).bit_count() for _, q, _ in queries for _, b, _ in banks)


def test_the_first_variant_is_the_plain_pdq_of_hash_media_bytes() -> None:
    data = encoded(sample("coffee.png"))
    plain = hash_media_bytes(data)
    for variants in (bank_variants(data), query_variants(data)):
        assert variants[0] == ("full", plain.pdq, plain.pdq_quality)


def test_the_bank_adds_fifteen_regions_and_the_query_twenty_four_crops() -> None:
    data = encoded(sample("astronaut.png"))
    bank, query = bank_variants(data), query_variants(data)
    assert len(bank) == 1 + len(BANK_REGIONS) == 16
    assert len(query) == 1 + len(QUERY_CROPS) == 25
    for variants in (bank, query):
        assert len({name for name, _, _ in variants}) == len(variants)
        for _, pdq, quality in variants:
            assert re.fullmatch(r"[0-9a-f]{64}", pdq)
            assert 0 <= quality <= 100
    assert [name for name, _, _ in bank] == ["full", *BANK_REGIONS]
    assert query[1][0] == "crop:l1/t19/r2/b15.5"


def test_regions_lie_inside_any_5_percent_crop_and_crops_leave_caption_bands_out() -> None:
    for left, top, right, bottom in SHIFTED_REGIONS.values():
        assert min(left, right) > CROP and min(top, bottom) > CROP + CAPTION_BAND
    for _left, top, _right, bottom in BANK_REGIONS.values():
        assert min(top, bottom) > CROP + CAPTION_BAND


def test_each_shifted_region_is_banked_as_it_is_larger_and_smaller() -> None:
    assert len(BANK_REGIONS) == 3 * len(SHIFTED_REGIONS)
    for name, (left, top, right, bottom) in SHIFTED_REGIONS.items():
        assert BANK_REGIONS[name] == (left, top, right, bottom)
        larger, smaller = BANK_REGIONS[f"{name}:large"], BANK_REGIONS[f"{name}:small"]
        assert larger == pytest.approx((left - 0.01, top - 0.01, right - 0.01, bottom - 0.01))
        assert smaller == pytest.approx((left + 0.01, top + 0.01, right + 0.01, bottom + 0.01))
    for _left, top, _right, bottom in QUERY_CROPS:
        assert min(top, bottom) > CAPTION_BAND


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        ("astronaut.png", lambda im: captioned(cut(im, CROP, CROP, CROP, CROP))),
        ("coffee.png", lambda im: cut(im, CROP, CROP, 0, 0)),
        ("chelsea.png", lambda im: captioned(cut(im, 0, 0.03, CROP, 0.01), top=True)),
        ("camera.png", lambda im: captioned(im.resize((300, 420), Image.Resampling.LANCZOS))),
    ],
)
def test_an_edited_photo_matches_its_original_where_plain_pdq_does_not(
    name: str, edit: Callable[[Image.Image], Image.Image]
) -> None:
    original = sample(name)
    edited = encoded(edit(original), "JPEG", quality=50)
    bank = bank_variants(encoded(original))
    queries = query_variants(edited)
    plain = (int(bank[0][1], 16) ^ int(queries[0][1], 16)).bit_count()
    assert plain > MATCH
    assert nearest(queries, bank) <= MATCH


def test_an_unrelated_photo_is_far_from_every_bank_variant() -> None:
    bank = bank_variants(encoded(sample("astronaut.png")))
    for other in ("coffee.png", "camera.png", "chelsea.png"):
        edited = encoded(captioned(cut(sample(other), CROP, CROP, CROP, CROP)), "JPEG", quality=50)
        assert nearest(query_variants(edited), bank) > 2 * MATCH


def test_variants_do_not_depend_on_the_photo_s_size() -> None:
    original = sample("coffee.png")
    small = bank_variants(encoded(original))
    large = bank_variants(encoded(original.resize((2400, 1600), Image.Resampling.LANCZOS)))
    for (name, a, _), (_, b, _) in zip(small[1:], large[1:], strict=True):
        assert (int(a, 16) ^ int(b, 16)).bit_count() <= 12, name


def test_bytes_that_are_not_an_image_have_no_variants() -> None:
    for data in (b"", b"not an image", b"%PDF-1.7\n" + bytes(100)):
        assert bank_variants(data) == []
        assert query_variants(data) == []


def test_a_tiny_image_gets_only_the_plain_hash() -> None:
    tiny = encoded(sample("coffee.png").resize((MIN_SIDE - 1, MIN_SIDE + 10)))
    assert [name for name, _, _ in bank_variants(tiny)] == ["full"]
    assert [name for name, _, _ in query_variants(tiny)] == ["full"]


def test_media_refused_for_hashing_is_refused_here_too() -> None:
    with pytest.raises(MediaError, match="over the"):
        bank_variants(bytes(MAX_MEDIA_BYTES + 1))
    corrupt = encoded(sample("coffee.png"))[:200]
    with pytest.raises(MediaError):
        query_variants(corrupt)
