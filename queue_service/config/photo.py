"""Clerks' photos for the rating tablet: checked once when the centre file is loaded, sent as they are.

Why the service does not resize photos: the queue service never imports an image library (the import-linter
contract "service" forbids PIL, pygame and cv2 in queue_service), and a resizer would need one. So the centre file
names a photo that is already small — a JPEG of at most 240×300 pixels and at most 36 KB (36 KB of JPEG is 48 KB
of base64, the bound of `RatingOpen.clerk_photo_jpeg_b64`) — and loading the file checks this from the bytes alone:
the JPEG start-of-image mark, then the first start-of-frame segment (SOF0/1/2, baseline or progressive, what every
camera and editor writes and the tablet's decoder reads), which holds the height and width. A bigger or other file
is refused with the way to shrink it; the tablet still decodes defensively and shows a placeholder when it cannot.

The photo is read into memory once, at load, so a rating.open never touches the disk and a file removed after
start-up does not break prompts."""

from __future__ import annotations

from pathlib import Path

MAX_WIDTH, MAX_HEIGHT = 240, 300
MAX_BYTES = 36 * 1024  # base64 of this: 48 KiB, RatingOpen's bound
SHRINK = (f"shrink it to at most {MAX_WIDTH}×{MAX_HEIGHT} pixels and {MAX_BYTES // 1024} KB, e.g. "
          f"`convert PHOTO -auto-orient -resize {MAX_WIDTH}x{MAX_HEIGHT} -strip -quality 80 SMALL.jpg` (ImageMagick), "
          f"or export it as JPEG at that size from any photo editor")
_SOF_READABLE = {0xC0, 0xC1, 0xC2}  # baseline, extended, progressive Huffman
_SOF_OTHER = {0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}  # lossless, hierarchical, arithmetic


class PhotoError(ValueError):
    """The photo cannot be sent to a tablet; str() says why and what to do."""


def jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a baseline or progressive JPEG, read from its first start-of-frame segment."""
    if data[:2] != b"\xff\xd8":
        raise PhotoError("not a JPEG file (it does not start with the JPEG mark; a PNG must be saved as JPEG)")
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise PhotoError("a damaged JPEG file (a segment does not start where expected)")
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, or scan data before any frame header
            break
        length = int.from_bytes(data[at + 2:at + 4], "big")
        if length < 2:
            raise PhotoError("a damaged JPEG file (a segment has an impossible length)")
        if marker in _SOF_READABLE:
            if at + 9 > len(data):
                break
            height = int.from_bytes(data[at + 5:at + 7], "big")
            width = int.from_bytes(data[at + 7:at + 9], "big")
            if not width or not height:
                raise PhotoError("a JPEG without its size in the frame header; re-save it from a photo editor")
            return width, height
        if marker in _SOF_OTHER:
            raise PhotoError("an unusual JPEG encoding (lossless or arithmetic) that tablets may not read; "
                             "re-save it as an ordinary JPEG")
        at += 2 + length
    raise PhotoError("a damaged or truncated JPEG file (no frame header with its size)")


def read_photo(base: Path, photo: str) -> bytes:
    """The bytes of the photo `photo` (relative to `base`, the centre file's directory) once checked; PhotoError
    says what is wrong and how to fix it."""
    path = base / photo
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PhotoError(f"cannot read {path} ({exc.strerror or exc}); the path is relative to the centre file's "
                         f"directory") from None
    width, height = jpeg_size(data)
    if width > MAX_WIDTH or height > MAX_HEIGHT or len(data) > MAX_BYTES:
        raise PhotoError(f"{path} is {width}×{height} pixels and {len(data) / 1024:.0f} KB, too big for the rating "
                         f"tablet: {SHRINK}")
    return data
