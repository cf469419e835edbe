"""Where a polyglot hides: an image file's metadata segments and the bytes after its logical end.

Compressed pixel data is random-looking, so searching a whole 3 MB photo for `<svg` or `PK\\x05\\x06`
would refuse honest photos by chance (a 3 MB JPEG did, in the upload bench). A polyglot needs its
second format where a reader of that format looks: the first bytes (browsers sniff HTML there),
text segments (JPEG COM/APPn, PNG text chunks, WebP/HEIF metadata), or after the image's end
(ZIP readers start from the file's end). Only those places are searched.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

SNIFF_BYTES = 1024
_JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # a marker after entropy-coded data
_HTML = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|object|embed|svg[\s>/]|meta[\s>/]|form[\s>/])|javascript:", re.I
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x01\x02")


@dataclass(frozen=True)
class Layout:
    segments: list[bytes]  # metadata segments (not pixel data)
    trailing: bytes  # bytes after the image's logical end


def layout(data: bytes, kind: str) -> Layout:
    """The metadata segments and trailing bytes of a JPEG, PNG, WebP or HEIF file (best effort:
    a structure it cannot follow leaves the rest as trailing bytes, which are then searched)."""
    try:
        return {"jpeg": _jpeg, "png": _png, "webp": _webp, "heic": _heif}[kind](data)
    except (struct.error, IndexError):
        return Layout([], data)


def polyglot(data: bytes, kind: str) -> str | None:
    """ "html" or "zip" when the file is also one of those, else None."""
    found = layout(data, kind)
    places = [data[:SNIFF_BYTES], *found.segments, found.trailing]
    if any(_HTML.search(place) for place in places):
        return "html"
    if any(marker in place for place in [*found.segments, found.trailing] for marker in _ZIP):
        return "zip"
    return None


def _jpeg(data: bytes) -> Layout:
    segments, i = [], 2
    while i + 2 <= len(data):
        if data[i] != 0xFF:
            return Layout(segments, data[i:])
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xD9:  # end of image
            return Layout(segments, data[i + 2 :])
        if marker in (0x01, *range(0xD0, 0xD8)):
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        body = data[i + 4 : i + 2 + length]
        if marker == 0xFE or 0xE0 <= marker <= 0xEF:
            segments.append(body)
        i += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker
            found = _JPEG_MARKER.search(data, i)
            if found is None:
                return Layout(segments, b"")
            i = found.start()
    return Layout(segments, data[i:] if i < len(data) else b"")


def _png(data: bytes) -> Layout:
    segments, i = [], 8
    while i + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[i : i + 8])
        if kind not in (b"IDAT", b"fdAT"):
            segments.append(data[i + 8 : i + 8 + length])
        i += 12 + length
        if kind == b"IEND":
            return Layout(segments, data[i:])
    return Layout(segments, data[i:])


def _webp(data: bytes) -> Layout:
    (size,) = struct.unpack("<I", data[4:8])
    end = 8 + size + (size & 1)
    segments, i = [], 12
    while i + 8 <= min(end, len(data)):
        kind, length = struct.unpack("<4sI", data[i : i + 8])
        if kind not in (b"VP8 ", b"VP8L", b"ALPH", b"ANMF"):
            segments.append(data[i + 8 : i + 8 + length])
        i += 8 + length + (length & 1)
    return Layout(segments, data[end:])


def _heif(data: bytes) -> Layout:
    segments, i = [], 0
    while i + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[i : i + 8])
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", data[i + 8 : i + 16])
            header = 16
        elif size == 0:
            size = len(data) - i
        if size < header:
            break
        if kind != b"mdat":
            segments.append(data[i + header : i + size])
        i += size
    return Layout(segments, data[i:])
