"""Image files for the tests, made here: a phone photo full of metadata, and hostile files."""

from __future__ import annotations

import io
import zipfile

import numpy
from PIL import Image, ImageCms

# What the metadata photo carries; none of it may reach the stored file.
SERIAL = "SN-8675309-WHISPER"
COMMENT = "meet me at 12 rue des Lilas"
DESCRIPTION = "home-sweet-home"
XMP_MARK = "xmp-secret-creator"
TRAILER = b"TRAILING-SECRET-BYTES"
MARKERS = [SERIAL.encode(), COMMENT.encode(), DESCRIPTION.encode(), XMP_MARK.encode(), TRAILER]
GPS_LAT = (48.0, 51.0, 29.56)  # 48°51'29.56" N: the Eiffel tower
GPS_IFD = 0x8825


def photo(width: int = 640, height: int = 480, seed: int = 1, *, mode: str = "RGB") -> Image.Image:
    """A picture with structure (so perceptual hashes tell pictures apart), different per seed."""
    rng = numpy.random.default_rng(seed)
    small = rng.integers(0, 256, size=(6, 8, 3), dtype=numpy.uint8)
    image = Image.fromarray(small, "RGB").resize((width, height), Image.Resampling.BICUBIC)
    return image.convert(mode)


def encode(image: Image.Image, fmt: str = "JPEG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def jpeg(width: int = 640, height: int = 480, seed: int = 1) -> bytes:
    return encode(photo(width, height, seed), "JPEG", quality=90)


def png(width: int = 64, height: int = 48, seed: int = 1) -> bytes:
    return encode(photo(width, height, seed), "PNG")


def metadata_photo() -> bytes:
    """A JPEG as a phone writes it, and worse: EXIF with GPS, camera serial, description and user
    comment, a JPEG comment, XMP, an ICC profile, an EXIF orientation, and bytes after the image's end."""
    image = photo(800, 600, seed=7)
    exif = Image.Exif()
    exif[0x010E] = DESCRIPTION  # ImageDescription
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90° to display
    exif[0xA431] = SERIAL  # BodySerialNumber
    exif[0x9286] = b"ASCII\x00\x00\x00" + COMMENT.encode()  # UserComment
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: GPS_LAT, 3: "E", 4: (2.0, 17.0, 40.2)})
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="{XMP_MARK}"/></rdf:RDF></x:xmpmeta>'
    ).encode()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(image, "JPEG", quality=90, exif=exif, comment=COMMENT, xmp=xmp, icc_profile=icc)
    return data + TRAILER


def bomb() -> bytes:
    """A few kilobytes of PNG that would decode to 60 million pixels."""
    return encode(Image.new("1", (10_000, 6_000)), "PNG", optimize=True)


def animated_png() -> bytes:
    frames = [photo(64, 48, seed=s) for s in (1, 2, 3)]
    return encode(frames[0], "PNG", save_all=True, append_images=frames[1:], duration=100, loop=0)


def animated_webp() -> bytes:
    frames = [photo(64, 48, seed=s) for s in (1, 2)]
    return encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)


def html_polyglot() -> bytes:
    return jpeg(seed=3) + b"<html><body><script>alert(document.cookie)</script></body></html>"


def zip_polyglot() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("payload.txt", "not an image")
    return jpeg(seed=4) + archive.getvalue()


def heic(width: int = 320, height: int = 240, seed: int = 5) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    return encode(photo(width, height, seed), "HEIF")


def html_in_comment() -> bytes:
    """The classic JPEG/HTML polyglot: the page sits in a comment segment, before the pixels."""
    return encode(photo(64, 48, seed=6), "JPEG", comment=b"<html><script>alert(1)</script></html>")
