"""files.fingerprint: one pass gives the hash, the line count and whether given byte strings occur."""

from __future__ import annotations

import gzip
import hashlib

import pytest

from ingest.files import fingerprint

TEXT = b"a;b;c\nd;e;f;\ng;h;i\n"      # three lines, the second ending with a separator


@pytest.mark.parametrize("block", [1, 2, 3, 5, 7, 64])
def test_a_byte_string_is_found_whatever_the_chunks_it_straddles(tmp_path, block):
    path = tmp_path / "f.csv"
    path.write_bytes(TEXT)

    found = fingerprint(path, block=block, look_for=(b";\n", b";\r\n"))

    assert found.found
    assert (found.lines, found.sha256) == (3, hashlib.sha256(TEXT).hexdigest())
    assert not fingerprint(path, block=block, look_for=(b",\n",)).found


def test_the_end_of_the_text_counts_as_a_line_end(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"a;b;c\nd;e;")      # no final newline: two lines

    assert fingerprint(path, look_for=(b";\n",)).found
    assert fingerprint(path, look_for=(b";\n",)).lines == 2


def test_a_gzip_file_is_searched_in_its_text_not_its_bytes(tmp_path):
    path = tmp_path / "f.csv.gz"
    path.write_bytes(gzip.compress(TEXT))

    assert fingerprint(path, block=4, look_for=(b";\n",)).found
    assert not fingerprint(path, look_for=(b"\x01",)).found


def test_nothing_is_looked_for_unless_asked(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(TEXT)

    assert not fingerprint(path).found
