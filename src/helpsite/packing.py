"""Values as helpsite's stores keep them: the build cache's pages, the parse cache's articles and
the language detector's model (:mod:`helpsite.checks.language_model`), each one zstd frame.

zstd rather than zlib: a second build unpacks every page it writes (235 MB of HTML at 6,000
pages), which zlib took 1.2 s of CPU for and zstd takes 0.4 s; packing a full build's pages takes
a third of zlib's time too, for a store of the same size. Each frame carries its size, which
:func:`unpack` checks before it sets memory aside, and a checksum of its content (XXH64, a few
milliseconds for the 235 MB), so a damaged value is refused rather than read as other bytes.
"""

from __future__ import annotations

import zstandard

MAX_UNPACKED = 256 * 1024 * 1024  # a page's HTML, an article or the detector's model is far smaller; a larger value is not ours
_PACKER = zstandard.ZstdCompressor(level=1, write_checksum=True, write_content_size=True)
_UNPACKER = zstandard.ZstdDecompressor()


class DamagedValue(ValueError):
    """A stored value that is not one :func:`pack` made."""


def pack(data: bytes) -> bytes:
    # A copy: the binding's result keeps the buffer of the worst case it was packed into (five
    # times the value), and a build holds every page it packed until it saves.
    return bytes(memoryview(_PACKER.compress(data)))


def unpack(blob: object) -> bytes:
    """What :func:`pack` made ``blob`` from; DamagedValue for anything else, before any memory is
    set aside for a size the value claims."""
    if not isinstance(blob, bytes):
        raise DamagedValue("not bytes")
    try:
        size = zstandard.frame_content_size(blob)
        if not 0 <= size <= MAX_UNPACKED:
            raise DamagedValue(f"a packed size of {size}")
        data = _UNPACKER.decompress(blob)
    except zstandard.ZstdError as exc:
        raise DamagedValue(str(exc)) from None
    if len(data) != size:
        raise DamagedValue("not the size it claims")
    return data
