"""Reading a (possibly gzipped) text file as numbered lines, in bounded blocks.

Each block becomes an Arrow table `(line_no, line, encodage_ok)`, lines
without their end-of-line characters, split by Arrow's C++ kernels without a
Python loop per line. DuckDB then parses the lines set-wise. Exact line
numbers are what lets every reject name its line.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(path: Path) -> bool:
    """Whether the file is gzip-compressed, by its magic bytes, whatever its name."""
    with open(path, "rb") as f:
        return f.read(2) == GZIP_MAGIC


def open_binary(path: Path):
    """The file's decompressed bytes as a binary stream."""
    return gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")


BOM = b"\xef\xbb\xbf"


def read_some(f, size: int) -> tuple[bytes, BaseException | None]:
    """Up to `size` decompressed bytes, and the error that stopped the stream early, if any.

    `GzipFile.read(n)` drops what it had decompressed when the stream turns
    out truncated; `read1` hands each piece over as it comes, so a cut
    archive still yields everything before the cut.
    """
    parts, total = [], 0
    try:
        while total < size:
            piece = f.read1(size - total)
            if not piece:
                break
            parts.append(piece)
            total += len(piece)
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        return b"".join(parts), exc
    return b"".join(parts), None


def head(path: Path, size: int = 65536) -> bytes:
    """The first bytes of the decompressed content, without a UTF-8 BOM (for format detection)."""
    with open_binary(path) as f:
        data, _ = read_some(f, size)
    return data[len(BOM) :] if data.startswith(BOM) else data


def first_lines(data: bytes, n: int = 5) -> list[bytes]:
    """The first `n` non-blank lines of a head, without line ends."""
    lines = (ln.rstrip(b"\r") for ln in data.split(b"\n"))
    return [ln for ln in lines if ln.strip()][:n]


def last_newline(data: bytes) -> int:
    """Default block boundary: just after the last newline (-1 if none)."""
    i = data.rfind(b"\n")
    return i + 1 if i >= 0 else -1


@dataclass
class ReadState:
    """What the reader learnt about the file while reading it."""

    lines: int = 0
    encoding: str = "utf-8"
    truncated: str | None = None  # reason, if the stream ended abnormally
    bytes_read: int = 0
    fallback_lines: int = field(default=0)


def arrow_numbers(values, type_name: str = "int64") -> pa.Array:
    """A NumPy array of integers as an Arrow array, sharing its memory.

    `pa.array(ndarray)` imports pandas the first time it is called (a quarter
    of a second per command); building the array from the buffer does not.
    """
    import numpy as np
    import pyarrow as pa

    values = np.ascontiguousarray(values, dtype=np.dtype(type_name))
    return pa.Array.from_buffers(getattr(pa, type_name)(), len(values), [None, pa.py_buffer(values)])


def arrow_flags(values) -> pa.Array:
    """A NumPy array of booleans as an Arrow boolean array (bits), without importing pandas."""
    import numpy as np
    import pyarrow as pa

    values = np.asarray(values, dtype=bool)
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(np.packbits(values, bitorder="little"))])


def numpy_flags(column) -> np.ndarray:
    """An Arrow boolean column without nulls as a NumPy array (`to_numpy` would import pandas)."""
    import numpy as np

    array = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    bits = np.frombuffer(array.buffers()[1], dtype=np.uint8)
    return np.unpackbits(bits, bitorder="little", count=array.offset + len(array))[array.offset :].astype(bool)


def numpy_numbers(column) -> np.ndarray:
    """An Arrow int64 column without nulls as a NumPy array, sharing its memory."""
    import numpy as np

    array = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    return np.frombuffer(array.buffers()[1], dtype=np.int64)[array.offset : array.offset + len(array)]


def _to_table(body: bytes, first_line_no: int, allow_cp1252: bool, state: ReadState) -> pa.Table:
    # Imported here: the fast path never needs Arrow, and importing it costs a tenth of a second per command.
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    # Arrow's C++ split (one pass over the block, no Python loop, no copy per line);
    # `body` always ends with b"\n", so the last piece is empty and dropped.
    whole = pa.Array.from_buffers(
        pa.large_binary(), 1, [None, pa.py_buffer(np.array([0, len(body)], dtype=np.int64)), pa.py_buffer(body)]
    )
    pieces = pc.split_pattern(whole, b"\n").flatten()
    binary = pieces.slice(0, len(pieces) - 1)
    if b"\r" in body:
        # CR-LF line ends: the CR goes too (a CR inside a line stays).
        binary = pc.replace_substring_regex(binary, pattern="\r$", replacement="")
    n = len(binary)
    line_no = arrow_numbers(np.arange(first_line_no, first_line_no + n, dtype=np.int64))
    try:
        text = binary.cast(pa.large_string())
        ok = arrow_flags(np.ones(n, dtype=bool))
    except pa.ArrowInvalid:
        text, ok = _decode_slowly(body, allow_cp1252, state)
    return pa.table({"line_no": line_no, "line": text, "encodage_ok": ok})


def _decode_slowly(body: bytes, allow_cp1252: bool, state: ReadState):
    # Only blocks that are not valid UTF-8 come here: decide line by line.
    import pyarrow as pa

    out, ok = [], []
    for raw in body.split(b"\n")[:-1]:
        raw = raw[:-1] if raw.endswith(b"\r") else raw
        try:
            out.append(raw.decode("utf-8"))
            ok.append(True)
            continue
        except UnicodeDecodeError:
            pass
        if allow_cp1252 and b"\x00" not in raw:
            try:
                out.append(raw.decode("cp1252"))
                ok.append(True)
                state.encoding = "windows-1252"
                state.fallback_lines += 1
                continue
            except UnicodeDecodeError:
                pass
        out.append(raw.decode("utf-8", errors="replace"))
        ok.append(False)
    return pa.array(out, pa.large_string()), pa.array(ok, pa.bool_())


def line_blocks(
    path: Path,
    state: ReadState,
    block_bytes: int = 32 << 20,
    boundary: Callable[[bytes], int] = last_newline,
    allow_cp1252: bool = False,
) -> Iterator[pa.Table]:
    """Yield the file's lines as Arrow tables of at most about `block_bytes` each.

    `boundary(data)` says where a block may end (after a newline; for the
    multi-line CAS format, before a record's first line), so that no record
    is split between two blocks. Line numbers start at 1. A gzip stream that
    ends early is recorded in `state.truncated`; what was read is still yielded.
    """
    carry = b""
    line_no = 1
    first = True
    with open_binary(path) as f:
        while True:
            chunk, error = read_some(f, block_bytes)
            if error is not None:
                state.truncated = (
                    "archive gzip tronquée ou illisible"
                    if isinstance(error, (EOFError, gzip.BadGzipFile, zlib.error))
                    else f"lecture impossible ({error})"
                )
            if first and chunk.startswith(BOM):
                chunk = chunk[len(BOM) :]
            first = False
            if not chunk:
                break
            state.bytes_read += len(chunk)
            data = carry + chunk
            cut = boundary(data)
            if cut <= 0:
                carry = data
                continue
            body, carry = data[:cut], data[cut:]
            table = _to_table(body, line_no, allow_cp1252, state)
            line_no += table.num_rows
            yield table
            if error is not None:
                break
    if carry:
        if not carry.endswith(b"\n"):
            carry += b"\n"
        # A multi-line boundary may keep several lines back: flush them all.
        table = _to_table(carry, line_no, allow_cp1252, state)
        line_no += table.num_rows
        yield table
    state.lines = line_no - 1
