"""``benchmarks/banks_photos.py`` on a few photos: what survives PDQ, and what never matches.

The full run (18 photos) is the benchmark; here three photos keep the test fast. The
assertions state what the full run shows: resizes and JPEG re-encoding keep a photo
within 31 bits of its original, a 5% crop from every side (and so the combined
transform, which includes it) does not, and no variant ever comes within 31 bits of an
unrelated photo. If the crop assertions start failing because crops now match, the
matching got better: update the README's numbers and these assertions together.

The second section, with ``photo_variants``' region hashes on both sides, is held to
what its full run shows for these photos: every transform, the issue's and the added
ones, matches, and no photo comes within twice the threshold of another's variants.
"""

from __future__ import annotations

import dataclasses

import pytest
from banks_photos import (
    DEV_PHOTOS,
    EXTRA_TRANSFORMS,
    HELD_PHOTOS,
    LEFT_OUT,
    MATCH_DISTANCE,
    NEW_PHOTOS,
    PHOTOS,
    RESIZES,
    SMALL_SIDE,
    TRANSFORMS,
    PhotoEvaluation,
    RegionEvaluation,
    design_query_crops,
    evaluate,
    evaluate_variants,
    format_report,
    format_small_report,
    format_variant_report,
    load_photo,
    main,
    shrunk,
)

from watchkeeper.banks.photo_variants import QUERY_CROPS

FEW = ("astronaut", "coffee", "camera")


@pytest.fixture(scope="module")
def evaluation() -> PhotoEvaluation:
    return evaluate(FEW, tuple(TRANSFORMS))


@pytest.fixture(scope="module")
def regions() -> RegionEvaluation:
    return evaluate_variants(FEW, (*TRANSFORMS, *EXTRA_TRANSFORMS))


def test_every_photo_loads_offline_as_8_bit_rgb() -> None:
    assert not set(PHOTOS) & set(LEFT_OUT)
    for name in PHOTOS:
        image = load_photo(name)
        assert image.mode == "RGB" and min(image.size) >= 100, name


def test_every_photo_and_transform_is_evaluated(evaluation: PhotoEvaluation) -> None:
    assert len(evaluation.variants) == len(FEW) * len(TRANSFORMS)
    assert {o.name for o in evaluation.originals} == set(FEW)
    assert all(o.quality >= 50 for o in evaluation.originals)


def test_resized_and_reencoded_photos_match_their_original(evaluation: PhotoEvaluation) -> None:
    for transform in [*RESIZES, "jpeg50"]:
        for variant in evaluation.of_transform(transform):
            assert variant.matches_original, variant


def test_no_variant_matches_an_unrelated_photo(evaluation: PhotoEvaluation) -> None:
    assert evaluation.false_matches == []
    for variant in evaluation.variants:
        assert variant.unrelated_distance > 3 * MATCH_DISTANCE, variant


def test_a_5_percent_crop_and_the_combined_transform_are_beyond_pdq(
    evaluation: PhotoEvaluation,
) -> None:
    """PDQ hashes the whole frame; cutting 5% off every side moves it ~80-100 bits."""
    beyond = [name for name in TRANSFORMS if name == "crop5%" or name.startswith("all")]
    assert len(beyond) == 4
    for transform in beyond:
        for variant in evaluation.of_transform(transform):
            assert not variant.matches_original, variant
            assert variant in evaluation.misses


def test_the_report_shows_each_photo_and_the_totals(evaluation: PhotoEvaluation) -> None:
    report = format_report(evaluation)
    for name in FEW:
        assert f"\n{name} " in report
    assert "variants matching an unrelated original at <= 31: 0/27" in report
    assert "left out: cat (the same photo as chelsea)" in report


def test_main_prints_the_report_and_succeeds_without_false_matches(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--photos", "page,text"]) == 0
    out = capsys.readouterr().out
    assert "distance to own original" in out
    assert "with region variants" in out
    assert "cost, ms per image (median):" in out
    assert f"small originals (long side {SMALL_SIDE} px)" in out


def test_the_dev_photos_are_eight_and_the_rest_held_out() -> None:
    assert len(DEV_PHOTOS) == 8 and set(DEV_PHOTOS) < set(PHOTOS)
    assert not set(DEV_PHOTOS) & set(NEW_PHOTOS) and set(NEW_PHOTOS) < set(PHOTOS)
    assert set(DEV_PHOTOS) | set(HELD_PHOTOS) | set(NEW_PHOTOS) == set(PHOTOS)


def test_the_photos_from_scikit_learn_and_the_stereo_pair_load_offline() -> None:
    for name in NEW_PHOTOS:
        image = load_photo(name)
        assert image.mode == "RGB" and min(image.size) >= 400


def test_with_region_variants_every_transform_matches(regions: RegionEvaluation) -> None:
    assert (regions.bank_hashes, regions.query_hashes) == (16, 25)
    assert len(regions.matches) == len(FEW) * (len(TRANSFORMS) + len(EXTRA_TRANSFORMS))
    assert regions.misses == []
    crops = [m for m in regions.matches if m.transform == "crop5%"]
    assert all(not m.matches_plain and m.pair[0].startswith("crop:") for m in crops)


def test_no_region_variant_comes_near_an_unrelated_photo(regions: RegionEvaluation) -> None:
    assert regions.false_matches == []
    assert regions.nearest_unrelated().unrelated > 2 * MATCH_DISTANCE


def test_the_variant_report_keeps_dev_and_held_out_photos_apart(
    regions: RegionEvaluation,
) -> None:
    report = format_variant_report(regions)
    assert "dev = the 2 photos the regions and crops were chosen on (astronaut, coffee);" in report
    assert "held = 1 held out (camera);" in report
    assert "new = 0 held out and added after the last design change (none)." in report
    assert "issue's variants of dev photos matching their original at <= 31: " in report
    assert "plain PDQ 4/9, with region variants 9/9" in report
    assert "still over 31 with variants (0/42): none" in report


def test_the_design_reproduces_the_shipped_query_crops() -> None:
    assert design_query_crops() == sorted(QUERY_CROPS)


def test_fewer_than_two_photos_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least two photos"):
        evaluate(["coffee"])


def test_shrunk_cuts_the_long_side_and_leaves_smaller_photos_alone() -> None:
    coffee = load_photo("coffee")  # 600x400
    assert shrunk(coffee, 128).size == (128, 85)
    assert shrunk(coffee, None) is coffee
    assert shrunk(coffee, 1000) is coffee


def test_small_originals_are_thumbnails_and_never_match_another_photo() -> None:
    small = evaluate_variants(FEW, tuple(TRANSFORMS), long_side=SMALL_SIDE)
    assert len(small.matches) == len(FEW) * len(TRANSFORMS)
    assert small.false_matches == []
    # what the full run shows for these three: every transform of their thumbnails
    # still matches, and no photo's variants come near another's
    assert small.misses == []
    assert small.nearest_unrelated().unrelated > 2 * MATCH_DISTANCE
    report = format_small_report(small)
    assert report.startswith(f"small originals (long side {SMALL_SIDE} px)")
    assert f"with region variants {len(small.matches)}/{len(small.matches)}" in report
    assert "over 31" not in report
    first, *rest = small.matches
    missed = dataclasses.replace(small, matches=(dataclasses.replace(first, distance=40), *rest))
    assert f"over 31: {first.photo}/{first.transform} 40" in format_small_report(missed)
