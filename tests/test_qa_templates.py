"""qa reads a document's template once for all its jobs, and again whenever it changes."""

from __future__ import annotations

from milialocale.qa import _read, _read_template

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _same(a, b) -> bool:
    entries = (lambda item: [(e.msgid, e.msgstr) for e in item.catalog] if item.catalog is not None else None)
    return (a.path, a.text, a.findings, entries(a)) == (b.path, b.text, b.findings, entries(b))


def test_a_template_is_parsed_again_only_when_its_bytes_change(tmp_path):
    path = tmp_path / "doc.pot"
    path.write_text(HEADER + 'msgid "One"\nmsgstr ""\n', "utf-8")
    first = _read_template(path, "doc.pot", "doc")
    again = _read_template(path, "doc.pot", "doc")
    assert again.catalog is first.catalog and _same(again, _read(path, "doc.pot", "", "doc"))
    path.write_text(HEADER + 'msgid "Two"\nmsgstr ""\n', "utf-8")  # same size, other bytes
    changed = _read_template(path, "doc.pot", "doc")
    assert [e.msgid for e in changed.catalog] == ["Two"] and _same(changed, _read(path, "doc.pot", "", "doc"))


def test_a_broken_or_missing_template_reads_as_read_makes_it(tmp_path):
    path = tmp_path / "doc.pot"
    path.write_text(HEADER + 'msgid "One"\nmsgstr ""\nmsgid\n', "utf-8")
    broken = _read_template(path, "doc.pot", "doc")
    assert broken.findings and _same(broken, _read(path, "doc.pot", "", "doc"))
    broken.findings.clear()  # a job's findings are its own
    assert _read_template(path, "doc.pot", "doc").findings
    path.unlink()
    missing = _read_template(path, "doc.pot", "doc")
    assert missing.catalog is None and _same(missing, _read(path, "doc.pot", "", "doc"))
