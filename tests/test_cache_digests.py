"""`cache.file_digest` remembers the digest of a settled file within a process: it must
never give an old digest for new bytes, however the file was changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from milialocale import cache
from milialocale.cache import digest, file_digest


@pytest.fixture
def settled(monkeypatch):
    """Every file counts as settled (as a page committed long ago); a fresh memo."""
    monkeypatch.setattr(cache, "SETTLING_NS", 0)
    monkeypatch.setattr(cache, "_DIGESTS", {})


def test_a_settled_file_is_read_once(tmp_path: Path, settled, monkeypatch):
    path = tmp_path / "page.html"
    path.write_bytes(b"<p>one</p>")
    assert file_digest(path) == digest(b"<p>one</p>")
    reads = []
    monkeypatch.setattr(cache, "digest", lambda *parts: reads.append(parts) or "read again")
    assert file_digest(path) == digest(b"<p>one</p>")
    assert file_digest(str(path)) == digest(b"<p>one</p>")  # the same name, as a str
    assert reads == []


def test_bytes_rewritten_in_place_with_the_same_size_and_times_are_read_again(tmp_path: Path, settled):
    path = tmp_path / "fr.po"
    path.write_bytes(b'msgstr "un"')
    assert file_digest(path) == digest(b'msgstr "un"')
    info = path.stat()
    path.write_bytes(b'msgstr "deux"'[:len(b'msgstr "un"')])  # same size
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # same mtime: only ctime moved
    assert file_digest(path) == digest(path.read_bytes())


def test_a_file_replaced_by_rename_is_read_again(tmp_path: Path, settled):
    path, other = tmp_path / "a.pot", tmp_path / "b.pot"
    path.write_bytes(b"old")
    other.write_bytes(b"new")
    assert file_digest(path) == digest(b"old")
    os.replace(other, path)
    assert file_digest(path) == digest(b"new")


def test_a_removed_file_has_no_digest(tmp_path: Path, settled):
    path = tmp_path / "gone.html"
    path.write_bytes(b"x")
    assert file_digest(path) == digest(b"x")
    path.unlink()
    assert file_digest(path) is None


def test_a_file_that_may_still_change_is_not_remembered(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(cache, "_DIGESTS", {})
    path = tmp_path / "page.html"
    path.write_bytes(b"fresh")  # changed just now: well within SETTLING_NS
    assert file_digest(path) == digest(b"fresh")
    assert cache._DIGESTS == {}


def test_the_memo_stays_bounded(tmp_path: Path, settled, monkeypatch):
    monkeypatch.setattr(cache, "_DIGESTS_KEPT", 3)
    for number in range(10):
        path = tmp_path / f"{number}.po"
        path.write_bytes(str(number).encode())
        assert file_digest(path) == digest(str(number).encode())
        assert len(cache._DIGESTS) <= 3
