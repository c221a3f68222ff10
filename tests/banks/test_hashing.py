"""``watchkeeper.banks.hashing``: the hashes banks use, and what is refused before hashing."""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
import zlib
from pathlib import Path

import pytest
import skimage.data
from PIL import Image
from threatexchange.signal_type.pdq.pdq_hasher import pdq_from_bytes
from threatexchange.signal_type.pdq.signal import PdqSignal

from watchkeeper.banks.hashing import (
    MAX_MEDIA_BYTES,
    MediaError,
    MediaHashes,
    hash_media_bytes,
    pdq_distance,
)


def sample(name: str) -> Image.Image:
    """A real photo bundled with scikit-image (never downloaded)."""
    with Image.open(Path(skimage.data.__file__).parent / name) as image:
        return image.convert("RGB")


def photo() -> Image.Image:
    """The coffee cup photo, small enough to hash fast."""
    return sample("coffee.png").resize((240, 160), Image.Resampling.LANCZOS)


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` x ``height`` but holds almost no pixels: a bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(64)))
        + chunk(b"IEND", b"")
    )


def test_exact_hashes_are_md5_and_sha256_of_the_bytes() -> None:
    data = b"not an image, perhaps a video" * 100
    hashes = hash_media_bytes(data)
    assert hashes == MediaHashes(
        md5=hashlib.md5(data).hexdigest(),
        sha256=hashlib.sha256(data).hexdigest(),
        pdq=None,
        pdq_quality=None,
    )


def test_an_image_gets_the_pdq_hash_python_threatexchange_computes() -> None:
    data = encoded(photo(), "PNG")
    hashes = hash_media_bytes(data)
    expected_hash, expected_quality = pdq_from_bytes(data)
    assert hashes.pdq == expected_hash
    assert hashes.pdq_quality == expected_quality
    assert hashes.pdq is not None and len(hashes.pdq) == 64 and hashes.pdq == hashes.pdq.lower()
    assert hashes.md5 == hashlib.md5(data).hexdigest()


def test_a_reencoded_image_has_a_near_pdq_hash_and_different_exact_hashes() -> None:
    original = hash_media_bytes(encoded(photo(), "PNG"))
    jpeg = hash_media_bytes(encoded(photo(), "JPEG", quality=60))
    assert original.pdq is not None and jpeg.pdq is not None
    assert pdq_distance(original.pdq, jpeg.pdq) <= 10
    assert original.md5 != jpeg.md5 and original.sha256 != jpeg.sha256


@pytest.mark.parametrize("mode", ["P", "CMYK", "L", "RGBA", "I", "F"])
def test_every_pixel_mode_is_hashed_as_the_picture_people_see(mode: str) -> None:
    """Palette indices, CMYK ink or float pixels are converted to RGB before PDQ."""
    image = photo()
    if mode in ("I", "F"):  # 32-bit and float grey images, as scientific TIFFs hold them
        converted = image.convert("L").convert(mode)
        reference = image.convert("L")
    else:
        converted = image.convert(mode)
        reference = image
    fmt = "TIFF" if mode in ("CMYK", "I", "F") else "PNG"
    hashes = hash_media_bytes(encoded(converted, fmt))
    expected = hash_media_bytes(encoded(reference, "PNG"))
    assert hashes.pdq is not None and expected.pdq is not None
    assert pdq_distance(hashes.pdq, expected.pdq) <= 16


def test_an_animated_gif_is_hashed_on_its_first_frame() -> None:
    first = photo()
    second = sample("astronaut.png").resize(first.size)
    out = io.BytesIO()
    first.save(out, format="GIF", save_all=True, append_images=[second], duration=100)
    hashes = hash_media_bytes(out.getvalue())
    alone = hash_media_bytes(encoded(first, "GIF"))
    assert hashes.pdq is not None and alone.pdq is not None
    assert pdq_distance(hashes.pdq, alone.pdq) <= 4


def test_formats_outside_the_photo_formats_are_not_decoded() -> None:
    """An EPS would start Ghostscript in Pillow; it gets exact hashes only."""
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"
    assert hash_media_bytes(eps).pdq is None
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(1000)
    assert hash_media_bytes(mp4).pdq is None


def test_empty_media_is_refused() -> None:
    with pytest.raises(MediaError, match="empty"):
        hash_media_bytes(b"")


def test_media_over_the_size_limit_is_refused() -> None:
    with pytest.raises(MediaError, match="50,000,001 bytes, over the 50,000,000 limit"):
        hash_media_bytes(bytes(MAX_MEDIA_BYTES + 1))


@pytest.mark.parametrize("factor", [1.5, 3.0])
def test_a_decompression_bomb_is_an_error_not_a_warning(factor: float) -> None:
    """Pillow warns between its limit and twice it, and raises above; both are errors here."""
    limit = Image.MAX_IMAGE_PIXELS
    assert limit is not None
    side = int((limit * factor) ** 0.5) + 1
    filters = list(warnings.filters)
    with pytest.raises(MediaError, match="decompression bomb"):
        hash_media_bytes(png_header_only(side, side))
    assert warnings.filters == filters  # the error filter was local to the decode


def test_a_truncated_image_is_refused_naming_its_format() -> None:
    data = encoded(photo(), "PNG")
    with pytest.raises(MediaError, match="PNG 240x160 does not decode"):
        hash_media_bytes(data[: len(data) // 2])


def test_pdq_distance_counts_differing_bits() -> None:
    a = "f" * 64
    assert pdq_distance(a, a) == 0
    assert pdq_distance(a, "0" * 64) == 256
    assert pdq_distance("0" * 63 + "7", "0" * 64) == 3
    assert pdq_distance(a.upper(), a) == 0


def test_pdq_distance_agrees_with_python_threatexchange() -> None:
    a = hash_media_bytes(encoded(photo(), "PNG")).pdq
    b = hash_media_bytes(encoded(photo().transpose(Image.Transpose.FLIP_LEFT_RIGHT), "PNG")).pdq
    assert a is not None and b is not None
    distance = pdq_distance(a, b)
    assert 0 < distance < 256
    assert PdqSignal.compare_hash(a, b, pdq_dist_threshold=distance).match
    assert not PdqSignal.compare_hash(a, b, pdq_dist_threshold=distance - 1).match


@pytest.mark.parametrize("bad", ["", "f" * 63, "g" * 64, "f" * 65])
def test_pdq_distance_names_a_malformed_hash(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a PDQ hash"):
        pdq_distance(bad, "0" * 64)
