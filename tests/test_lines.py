"""Reading files as numbered lines in bounded blocks."""

from ingest.formats.cas import record_boundary
from ingest.lines import ReadState, line_blocks


def read_all(path, **kw):
    state = ReadState()
    blocks = list(line_blocks(path, state, **kw))
    return state, blocks, [(n, l) for b in blocks for n, l in zip(b["line_no"].to_pylist(), b["line"].to_pylist())]


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
    path.write_bytes("ok\n".encode() + "caf\xe9\n".encode("cp1252") + b"\xff\x00junk\n")
    state, _, _ = read_all(path, allow_cp1252=True)
    blocks = list(line_blocks(path, ReadState(), allow_cp1252=True))
    assert blocks[0]["line"].to_pylist()[1] == "café"
    assert blocks[0]["encodage_ok"].to_pylist() == [True, True, False]
    strict = list(line_blocks(path, ReadState()))
    assert strict[0]["encodage_ok"].to_pylist() == [True, False, False]
    assert state.encodage == "windows-1252"
