"""Hash uploaded media the way hash banks do: MD5, SHA-256 and, for images, PDQ.

Banks of known terrorist media (GIFCT's, ThreatExchange's) hold MD5 and PDQ hashes
computed by python-threatexchange, so ours must be computed by the same code or a bank
hit can be missed over a byte-order or padding detail. This module only decides what
reaches those hashers:

* Input is bounded (``MAX_MEDIA_BYTES``) and must not be empty.
* Only common photo formats (``IMAGE_FORMATS``) are decoded. Anything else (a video,
  a PDF, an EPS file whose decoder would start Ghostscript) gets exact hashes only.
* Pillow's decompression-bomb limit is an error here, never a warning: an image over
  ``PIL.Image.MAX_IMAGE_PIXELS`` pixels raises ``MediaError``. Pillow only *warns*
  between that limit and twice it, so decoding runs with that warning turned into an
  error. Python 3.11's warning filters are process-wide and ``catch_warnings`` is not
  thread-safe, so decoding holds a lock: images are decoded one at a time per process.
* Every decoded image is converted to 8-bit RGB before PDQ. python-threatexchange's
  ``pdq_from_bytes`` hashes whatever array Pillow returns, which for palette images
  is the palette *indices*, for CMYK is close to the bitwise complement of the
  photo's hash, and for 32-bit or float images is an exception. The RGB pixels are
  handed to it as a PPM (lossless), so the hash is of the picture as people see it.
  EXIF orientation is not applied, as in python-threatexchange and HMA.
* An animated image (GIF, WebP, APNG) is hashed on its first frame.
"""

from __future__ import annotations

import io
import re
import threading
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from threatexchange.signal_type.md5 import VideoMD5Signal
from threatexchange.signal_type.pdq.pdq_hasher import pdq_from_bytes
from threatexchange.signal_type.sha256 import VideoSHA256Signal

MAX_MEDIA_BYTES = 50_000_000
"""Largest input hashed; bigger media is refused rather than read into memory twice."""
IMAGE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "AVIF", "BMP", "TIFF", "PPM")
"""Pillow formats decoded for PDQ, where this Pillow has them (JPEG includes MPO)."""

_PDQ_HEX = re.compile(r"[0-9a-f]{64}")
_DECODE_LOCK = threading.Lock()


class MediaError(ValueError):
    """Media that cannot be hashed: empty, too large, a decompression bomb, corrupt."""


@dataclass(frozen=True)
class MediaHashes:
    """Hashes of one piece of media, lowercase hex; ``pdq`` is None when not an image."""

    md5: str
    sha256: str
    pdq: str | None
    pdq_quality: int | None


def hash_media_bytes(data: bytes) -> MediaHashes:
    """MD5 and SHA-256 of ``data``, plus PDQ hash and quality if it decodes as an image."""
    md5, sha256 = digests(data)
    image = decode_rgb_image(data)
    if image is None:
        return MediaHashes(md5=md5, sha256=sha256, pdq=None, pdq_quality=None)
    pdq, quality = pdq_of_rgb(image)
    return MediaHashes(md5=md5, sha256=sha256, pdq=pdq, pdq_quality=quality)


def digests(data: bytes) -> tuple[str, str]:
    """MD5 and SHA-256 of media bytes, after refusing empty or oversized media."""
    if not data:
        raise MediaError("media is empty (0 bytes)")
    if len(data) > MAX_MEDIA_BYTES:
        raise MediaError(f"media is {len(data):,} bytes, over the {MAX_MEDIA_BYTES:,} limit")
    return VideoMD5Signal.hash_from_bytes(data), VideoSHA256Signal.hash_from_bytes(data)


def pdq_of_rgb(image: Image.Image) -> tuple[str, int]:
    """PDQ hash (lowercase hex) and quality of an 8-bit RGB image, as ``hash_media_bytes``.

    The pixels reach python-threatexchange's ``pdq_from_bytes`` as a lossless PPM, the
    path every PDQ hash here takes, so a hash of a decoded image equals the hash of
    the bytes it was decoded from.
    """
    if image.mode != "RGB":
        raise ValueError(f"expected an RGB image, got mode {image.mode!r}")
    out = io.BytesIO()
    image.save(out, format="PPM")
    pdq, quality = pdq_from_bytes(out.getvalue())
    return pdq.lower(), int(quality)


def pdq_distance(a: str, b: str) -> int:
    """Hamming distance between two PDQ hashes (64 hex characters each)."""
    return (int(_check_pdq(a), 16) ^ int(_check_pdq(b), 16)).bit_count()


def _check_pdq(value: str) -> str:
    normalized = value.strip().lower()
    if not _PDQ_HEX.fullmatch(normalized):
        raise ValueError(f"{value!r} is not a PDQ hash (64 hexadecimal characters)")
    return normalized


def decode_rgb_image(data: bytes) -> Image.Image | None:
    """The image in ``data`` as 8-bit RGB, or None if it is not an image we decode.

    The same checks as ``hash_media_bytes``: over ``MAX_MEDIA_BYTES``, a decompression
    bomb or a corrupt image raises ``MediaError``; empty bytes are not an image.
    """
    if len(data) > MAX_MEDIA_BYTES:
        raise MediaError(f"media is {len(data):,} bytes, over the {MAX_MEDIA_BYTES:,} limit")
    with _DECODE_LOCK, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        Image.init()  # registers every plugin; open(formats=...) fails on unregistered ones
        formats = [name for name in IMAGE_FORMATS if name in Image.OPEN]
        try:
            image = Image.open(io.BytesIO(data), formats=formats)
        except UnidentifiedImageError:
            return None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _bomb(error) from error
        except (OSError, ValueError, SyntaxError) as error:
            raise MediaError(
                f"media looks like an image but its header is corrupt: {error}"
            ) from error
        with image:
            kind = image.format or "image"
            width, height = image.size
            limit = Image.MAX_IMAGE_PIXELS
            if limit is not None and width * height > limit:
                raise MediaError(
                    f"{kind} is {width}x{height} = {width * height:,} pixels, over the "
                    f"{limit:,}-pixel limit (a possible decompression bomb)"
                )
            try:
                rgb = image.convert("RGB")
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise _bomb(error) from error
            except (OSError, ValueError, SyntaxError, EOFError) as error:
                raise MediaError(f"{kind} {width}x{height} does not decode: {error}") from error
    return rgb


def _bomb(error: Exception) -> MediaError:
    return MediaError(f"image refused as a possible decompression bomb: {error}")
