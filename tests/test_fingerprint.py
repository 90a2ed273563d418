"""files.fingerprint: one pass gives the hash, the line count and whether given bytes occur."""

from __future__ import annotations

import gzip
import hashlib

import pytest

from ingest.files import fingerprint

TEXT = b"a;b;c\nd;e\x0bf\ng;h;i\n"  # three lines, the second holding a vertical tab


@pytest.mark.parametrize("block", [1, 2, 3, 5, 7, 64])
def test_a_refused_byte_is_found_whatever_chunk_holds_it(tmp_path, block):
    path = tmp_path / "f.csv"
    path.write_bytes(TEXT)

    found = fingerprint(path, block=block, refused=b"\x0c\x0b")

    assert found.found
    assert (found.lines, found.sha256) == (3, hashlib.sha256(TEXT).hexdigest())
    assert not fingerprint(path, block=block, refused=b"\x01\x0c").found


def test_a_text_without_a_final_newline_counts_its_last_line(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"a;b;c\nd;e;")

    assert fingerprint(path).lines == 2


def test_a_gzip_file_is_searched_in_its_text_not_its_bytes(tmp_path):
    path = tmp_path / "f.csv.gz"
    compressed = gzip.compress(TEXT)
    path.write_bytes(compressed)
    absent = next(bytes([b]) for b in compressed if bytes([b]) not in TEXT)

    assert fingerprint(path, block=4, refused=b"\x0b").found
    # A byte of the compressed stream that the text does not hold is not found.
    assert not fingerprint(path, refused=absent).found
    assert fingerprint(path).lines == 3


def test_nothing_is_looked_for_unless_asked(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(TEXT)

    assert not fingerprint(path).found
