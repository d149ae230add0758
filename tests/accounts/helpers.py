"""Builders shared by the accounts tests: image files and upload checks."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PASSWORD = "correct horse battery staple"
PAYLOAD = b"<script>alert('tears')</script><?php system($_GET['c']); ?>"


def image_bytes(size=(40, 60), color=(30, 60, 120), image_format="PNG", mode="RGB", **params):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=image_format, **params)
    return buffer.getvalue()


def upload(content, name="avatar.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width, height):
    """A tiny, well-formed PNG whose header claims ``width``×``height`` pixels.

    The one compressed row of pixel data would inflate to gigabytes if decoded
    to the size the header promises: a decompression bomb in a few bytes.
    """
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * (width // 8 + 1))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def file_deletions(callbacks):
    """The on-commit callbacks that delete a stored file (the page cache adds its own)."""
    return [
        callback
        for callback in callbacks
        if getattr(getattr(callback, "func", None), "__name__", None) == "delete"
    ]
