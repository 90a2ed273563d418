"""Reading files as numbered lines in bounded blocks."""

from pathlib import Path

from ingest.formats.cas import record_boundary
from ingest.lines import ReadState, line_blocks


def read_all(path, **kw):
    state = ReadState()
    blocks = list(line_blocks(path, state, **kw))
    return state, blocks, [(n, ln) for b in blocks for n, ln in zip(b["line_no"].to_pylist(), b["line"].to_pylist())]


def test_small_blocks_keep_exact_line_numbers_and_the_last_line_without_newline(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"".join(b"line %d\r\n" % i for i in range(1, 50)) + b"last")
    state, blocks, lines = read_all(path, block_bytes=64)
    assert len(blocks) > 5
    assert state.lines == 50
    assert lines[0] == (1, "line 1")
    assert lines[48] == (49, "line 49")
    assert lines[49] == (50, "last")


def test_cas_blocks_never_split_a_record(tmp_path):
    record = "x - Audit trail record BEGIN\n====\nWHO: a\nACTION: B\n====\n\n"
    path = tmp_path / "cas.log"
    path.write_text(record * 20)
    _, blocks, lines = read_all(path, block_bytes=100, boundary=record_boundary)
    assert len(lines) == 120
    for block in blocks:
        assert "Audit trail record BEGIN" in block["line"][0].as_py()


def test_a_line_that_is_not_utf8_is_flagged_and_windows_1252_accepted_where_allowed(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"ok\n" + "caf\xe9\n".encode("cp1252") + b"\xff\x00junk\n")
    state, _, _ = read_all(path, allow_cp1252=True)
    blocks = list(line_blocks(path, ReadState(), allow_cp1252=True))
    assert blocks[0]["line"].to_pylist()[1] == "café"
    assert blocks[0]["encodage_ok"].to_pylist() == [True, True, False]
    strict = list(line_blocks(path, ReadState()))
    assert strict[0]["encodage_ok"].to_pylist() == [True, False, False]
    assert state.encoding == "windows-1252"


def test_numpy_and_arrow_arrays_convert_both_ways_with_their_offsets():
    import numpy as np
    import pyarrow.compute as pc

    from ingest.lines import arrow_flags, arrow_numbers, numpy_flags, numpy_numbers

    flags = np.array([True, False, False, True, True, False, False, False, True, False, True])
    assert arrow_flags(flags).to_pylist() == flags.tolist()
    # A slice starting inside a byte of bits: offset 3, then seven values.
    assert numpy_flags(arrow_flags(flags).slice(3, 7)).tolist() == flags[3:10].tolist()
    assert numpy_numbers(arrow_numbers(np.arange(10) * 3).slice(4, 3)).tolist() == [12, 15, 18]
    assert arrow_numbers(np.full(3, 7), "int32").to_pylist() == [7, 7, 7]
    assert numpy_flags(pc.equal(arrow_numbers(np.arange(5)), 2)).tolist() == [False, False, True, False, False]


def test_reading_a_cas_file_line_by_line_does_not_import_pandas(tmp_path):
    # pyarrow imports pandas on the first `pa.array(ndarray)` or `to_numpy()`: a quarter
    # of a second in every command that reads a file line by line.
    import subprocess
    import sys

    path = tmp_path / "cas.log"
    path.write_text("x - Audit trail record BEGIN\n====\nWHO: a\nACTION: B\n====\n\n" * 3)
    code = (
        "import sys; from pathlib import Path; from ingest.formats.cas import number_records; "
        "from ingest.lines import ReadState, line_blocks; from ingest.formats.cas import record_boundary; "
        f"[number_records(b) for b in line_blocks(Path({str(path)!r}), ReadState(), boundary=record_boundary)]; "
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out.stdout.strip() == "False"
