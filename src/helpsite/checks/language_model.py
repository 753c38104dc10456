"""py3langid's model, kept unpacked once per machine.

py3langid ships its model as an LZMA-compressed NumPy archive; reading it takes 0.6-0.8 s of CPU,
nearly all of it LZMA (68 MB out of 4.5 MB), and every ``helpsite check`` that detects a language
paid it again: a tenth of a cold check of 6,000 pages. The same tables packed with zstd
(:mod:`helpsite.packing`: 7 MB) read back in about a tenth of that time. The copy is kept in the
user's cache folder (:mod:`helpsite.usercache`), not in a site's ``cache_dir``: it is made from an
installed package, is the same for every site, and ``--no-cache`` (which is about the check's
findings) leaves it alone.

The copy is named after what it was made from (py3langid's version, the model file's size and
time) and this module's layout, so an upgrade makes a new one. A copy that cannot be read, or is
damaged, is made again. Its tables are read as NumPy views and stdlib arrays, never unpickled.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from helpsite import usercache
from helpsite.packing import MAX_UNPACKED, DamagedValue, pack, unpack

LAYOUT = "helpsite-langid-copy 1"
_HEADER_LIMIT = 64 * 1024  # the header lists six arrays; anything longer is not ours


def load_identifier() -> Any:
    """py3langid's LanguageIdentifier (with probabilities), from the machine's copy when there is one."""
    if "numpy" not in sys.modules:
        # py3langid multiplies a vector by a narrow matrix, which one thread does at once; OpenBLAS's
        # other threads would only spin, 0.15 s of CPU at numpy's import alone, more at each product.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier  # numpy only when a language is detected

    name = _copy_name(MODEL_DIR / MODEL_FILE)
    blob = usercache.read(name, MAX_UNPACKED) if name else None
    if blob is not None:
        with contextlib.suppress(DamagedValue, ValueError, KeyError, TypeError):
            return _from_tables(LanguageIdentifier, _read_tables(blob))
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if name:
        usercache.write(name, pack(_tables_bytes(identifier)))
    return identifier


def _copy_name(model: Path) -> str | None:
    import py3langid

    try:
        status = model.stat()
    except OSError:
        return None
    version = getattr(py3langid, "__version__", "")  # not importlib.metadata's: that reads every installed package's metadata (50 ms)
    made_of = f"{LAYOUT}\0{version}\0{status.st_size}\0{status.st_mtime_ns}".encode()
    return f"langid-{hashlib.blake2b(made_of, digest_size=10).hexdigest()}.zst"


def _from_tables(kind: type, tables: dict[str, Any]) -> Any:
    return kind(
        tables["nb_ptc"],
        tables["nb_pc"],
        tables["nb_classes"],
        tables["tk_nextmove"],
        tables["tk_output"],
        norm_probs=True,
        tk_row=tables["tk_row"],
    )


# The copy: a JSON header (its length first, four bytes), then each table's bytes in its order.
# NumPy tables are read as views of the unpacked bytes; py3langid walks its automaton through
# stdlib arrays and a list, which are rebuilt as such.


def _tables_bytes(identifier: Any) -> bytes:
    import numpy

    tables = {
        "nb_ptc": numpy.ascontiguousarray(identifier.nb_ptc),
        "nb_pc": numpy.ascontiguousarray(identifier.nb_pc),
        "tk_nextmove": numpy.frombuffer(identifier.tk_nextmove, dtype=identifier.tk_nextmove.typecode),
        "tk_row": numpy.frombuffer(identifier.tk_row, dtype=identifier.tk_row.typecode),
        "tk_output": numpy.asarray(identifier.tk_output, dtype=numpy.int32),
    }
    header = {
        "layout": LAYOUT,
        "classes": list(identifier.nb_classes),
        "tables": [[name, table.dtype.str, list(table.shape)] for name, table in tables.items()],
        "arrays": {"tk_nextmove": identifier.tk_nextmove.typecode, "tk_row": identifier.tk_row.typecode},
    }
    head = json.dumps(header).encode()
    return b"".join([len(head).to_bytes(4, "little"), head, *(table.tobytes() for table in tables.values())])


def _read_tables(blob: bytes) -> dict[str, Any]:
    import array

    import numpy

    data = memoryview(unpack(blob))
    size = int.from_bytes(data[:4], "little")
    if not 0 < size <= _HEADER_LIMIT:
        raise DamagedValue("not a copy of the detector's model")
    header = json.loads(bytes(data[4 : 4 + size]))
    if header.get("layout") != LAYOUT:
        raise DamagedValue("another layout")
    tables: dict[str, Any] = {"nb_classes": [str(name) for name in header["classes"]]}
    at = 4 + size
    for name, dtype, shape in header["tables"]:
        kind = numpy.dtype(dtype)
        count = int(numpy.prod(shape, dtype=numpy.int64))
        end = at + count * kind.itemsize
        if end > len(data):
            raise DamagedValue("shorter than its header says")
        if name in header["arrays"]:
            tables[name] = array.array(header["arrays"][name])
            tables[name].frombytes(data[at:end])
            if tables[name].itemsize != kind.itemsize:
                raise DamagedValue("written on a machine of other array sizes")
        else:
            tables[name] = numpy.frombuffer(data[at:end], dtype=kind).reshape(shape)
        at = end
    if at != len(data):
        raise DamagedValue("longer than its header says")
    tables["tk_output"] = tables["tk_output"].tolist()
    return tables
