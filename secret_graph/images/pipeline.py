"""The image pipeline: check an upload, decode it, and encode a new file from its pixels alone.

Nothing of the uploaded file reaches the store: the pixels are copied into a fresh image (no
EXIF, GPS, XMP, ICC profile, comment, thumbnail or trailing bytes can follow), converted to sRGB,
turned upright by the EXIF orientation, downscaled to MAX_SIDE and encoded anew. See docs/images.md.
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings
from dataclasses import dataclass

import blurhash
import imagehash
import numpy
import pillow_heif
from PIL import Image, ImageCms, ImageFile, ImageOps

from secret_graph.errors import DomainError, InvalidInput, TooLarge
from secret_graph.images import containers

pillow_heif.register_heif_opener()

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
# A 12-megapixel phone photo is 12 M; 50 M leaves room for panoramas and stops bombs whose few
# kilobytes decode to gigabytes of pixels (checked from the header, before any decoding).
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 85
ORIENTATION = 0x0112  # the EXIF tag
FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}
EXTENSIONS = {
    "jpeg": {"jpg", "jpeg", "jfif"},
    "png": {"png"},
    "webp": {"webp"},
    "heic": {"heic", "heif"},
}
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"hevc", b"hevx")

Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard, for any other code path that opens images
ImageFile.LOAD_TRUNCATED_IMAGES = False  # a truncated file is an error, never a half-grey picture


class UnsupportedImage(DomainError):
    """Not an image the service accepts (format, extension, polyglot, animation): 415."""

    status = 415


@dataclass(frozen=True)
class Processed:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int
    blurhash: str
    phash: str  # 64-bit perceptual hash, hex (imagehash.phash)


def sniff(data: bytes) -> str | None:
    """The format the file's first bytes announce (jpeg, png, webp, heic), or None."""
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "heic"
    return None


def process(data: bytes, *, filename: str | None = None) -> Processed:
    """Check and re-encode an upload; UnsupportedImage, TooLarge or InvalidInput when refused."""
    if len(data) > MAX_BYTES:
        raise TooLarge(f"an image is at most {MAX_BYTES // (1024 * 1024)} MB")
    kind = sniff(data)
    if kind is None:
        raise UnsupportedImage("the file is not a JPEG, PNG, WebP or HEIC image")
    extension = (filename or "").rpartition(".")[2].lower() if "." in (filename or "") else ""
    if extension and extension not in EXTENSIONS[kind]:
        raise UnsupportedImage(f"the file is a {kind.upper()} image but is named .{extension}")
    other = containers.polyglot(data, kind)
    if other:
        raise UnsupportedImage(f"the file is also {'an HTML document' if other == 'html' else 'a ZIP archive'}")
    image = _decode(data, kind)
    return _encode(image)


def _decode(data: bytes, kind: str) -> Image.Image:
    """Open, check and fully decode: the header's size first, then every pixel."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if FORMATS.get(image.format or "") != kind:
                raise UnsupportedImage("the file's contents do not match its format")
            if image.width * image.height > MAX_PIXELS:
                raise InvalidInput(f"the image has more than {MAX_PIXELS // 1_000_000} million pixels", field="file")
            if getattr(image, "is_animated", False) or getattr(image, "n_frames", 1) > 1:
                raise UnsupportedImage("animated images (or several images in one file) are not accepted")
            if kind == "jpeg":
                # Decode at the smallest DCT scale (1/2, 1/4, 1/8) still at least MAX_SIDE: a 12 MP photo
                # decodes and downscales several times faster. Every byte is still read (truncation shows).
                scale = MAX_SIDE / max(image.size)
                if scale < 1:
                    image.draft(image.mode, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise InvalidInput(
                f"the image has more than {MAX_PIXELS // 1_000_000} million pixels", field="file"
            ) from None
        except (OSError, SyntaxError, ValueError, EOFError):
            # Pillow's word for a truncated or corrupt file; its message may quote the file's bytes.
            raise InvalidInput("the image is truncated or corrupt", field="file") from None
    return image


def _encode(image: Image.Image) -> Processed:
    icc = image.info.get("icc_profile")
    with contextlib.suppress(Exception):  # a broken EXIF block only loses its orientation
        if image.getexif().get(ORIENTATION, 1) != 1:
            image = ImageOps.exif_transpose(image)  # the orientation is applied, then dropped with the rest
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if alpha else "RGB"
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels are taken as sRGB
    if image.mode != mode:
        image = image.convert(mode)
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    # A fresh image from the pixels alone: no info dict, so no metadata can ride along.
    clean = Image.frombytes(mode, image.size, image.tobytes())
    out = io.BytesIO()
    if alpha:
        clean.save(out, format="PNG", optimize=True)
        content_type, extension = "image/png", "png"
    else:
        clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        content_type, extension = "image/jpeg", "jpg"
    # Hashes and placeholders are computed from a small copy: phash on 1600 px costs 0.16 s of CPU.
    reduced = clean.convert("RGB")
    reduced.thumbnail((256, 256), Image.Resampling.BILINEAR, reducing_gap=2.0)
    small = reduced.copy()
    small.thumbnail((32, 32))
    return Processed(
        data=out.getvalue(),
        content_type=content_type,
        extension=extension,
        width=clean.width,
        height=clean.height,
        blurhash=blurhash.encode(numpy.asarray(small), 4, 3),
        phash=str(imagehash.phash(reduced)),
    )


def distance(a: str, b: str) -> int:
    """Bits that differ between two perceptual hashes (hex)."""
    return bin(int(a, 16) ^ int(b, 16)).count("1")
