"""A project's template names, in its header, a fingerprint of its page and of itself,
so that `check` can tell it is in step without segmenting the page again (on a fresh
clone, with no extract records). Whatever the fingerprint, a template is never called
in step unless extracting would leave its content as it is."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import require_tool
from milialocale import project as project_module
from milialocale import qa
from milialocale.cache import DIRECTORY, Cache
from milialocale.config import load_config
from milialocale.project import (SOURCE_FIELD, TEMPLATE_FORMAT, extract_project, template_in_step,
                                 update_project)
from milialocale.qa import check_project

PAGE = "source/milia-in-babies.html"
TEMPLATE = "locales/milia-in-babies.pot"
FIELD_LINE = re.compile(rf'^"{SOURCE_FIELD}: [0-9a-f]{{32}}\\n"\n', re.M)


@pytest.fixture
def config(project: Path):
    """The conftest project, extracted and updated, without extract records (as on a
    fresh clone)."""
    config = load_config(project / "milialocale.toml")
    extract_project(config)
    update_project(config)
    shutil.rmtree(project / DIRECTORY)
    return config


def _in_step(config) -> bool:
    return template_in_step(config, config.root / PAGE, Cache.open(config.root, "extract"))


def _segmenting_fails(monkeypatch) -> None:
    def fail(*args):
        raise AssertionError("the page was segmented")

    monkeypatch.setattr(project_module, "unit_fields", fail)
    monkeypatch.setattr(qa, "extract_document", fail)


def _segmented(monkeypatch) -> list[str]:
    seen: list[str] = []
    original = qa.extract_document
    monkeypatch.setattr(qa, "extract_document",
                        lambda config, source: (seen.append(source.stem), original(config, source))[1])
    return seen


def _stale(config) -> list[str]:
    return [f.location.path for f in check_project(config, cache=True).findings if f.code == "stale"]


def test_a_fresh_template_is_in_step_without_segmenting(config, monkeypatch):
    assert len(FIELD_LINE.findall((config.root / TEMPLATE).read_text("utf-8"))) == 1
    _segmenting_fails(monkeypatch)
    assert _in_step(config)
    assert _stale(config) == []


def test_an_upgraded_extractor_trusts_no_fingerprint_written_before(config, monkeypatch):
    """Another milialocale release or HTML parser may segment the page otherwise: the
    page is segmented again (and the template, whose content is still what extracting
    gives, is not stale); the next extract renews the line."""
    monkeypatch.setattr(project_module, "_EXTRACTOR", (*project_module._EXTRACTOR[:-1], "(2, 99, 0)"))
    assert not _in_step(config)
    seen = _segmented(monkeypatch)
    assert _stale(config) == [] and seen == ["milia-in-babies"]
    before = (config.root / TEMPLATE).read_text("utf-8")
    extract_project(config)
    after = (config.root / TEMPLATE).read_text("utf-8")
    assert FIELD_LINE.sub("", after) == FIELD_LINE.sub("", before) and after != before
    assert _in_step(config)


def test_the_answer_is_about_the_template_bytes_the_caller_read(config):
    """check hands over the bytes it checks: the verdict is about them, not about
    whatever the file holds a moment later."""
    fresh = (config.root / TEMPLATE).read_bytes()
    edited = fresh.replace(b'msgid "Milia', b'msgid "Edited milia', 1)
    assert edited != fresh
    extracted = Cache.open(config.root, "extract")
    assert template_in_step(config, config.root / PAGE, extracted, fresh)
    assert not template_in_step(config, config.root / PAGE, extracted, edited)


def test_a_second_extract_changes_nothing(config):
    before = (config.root / TEMPLATE).read_bytes()
    assert extract_project(config, cache=False) == []
    assert (config.root / TEMPLATE).read_bytes() == before


def test_the_field_is_the_only_difference_from_a_template_without_it(config):
    """The field is the header's last line; the rest is byte for byte as before."""
    text = (config.root / TEMPLATE).read_text("utf-8")
    plain = FIELD_LINE.sub("", text)
    units = project_module.unit_fields(project_module.parse_html(
        (config.root / PAGE).read_bytes(), PAGE), PAGE)
    date = re.search(r'"POT-Creation-Date: ([^"\\]*)\\n"', text).group(1)
    assert plain == project_module._template_text(units, project="milia-in-babies",
                                                 name="milia-in-babies", existing=plain)
    assert f'"X-Generator: milialocale\\n"\n"{SOURCE_FIELD}: ' in text and date in plain


@pytest.mark.parametrize("edit", [
    lambda text: text.replace("Milia", "Mxlia", 1),  # a unit changes
    lambda text: text + "\n",  # bytes outside every unit change
])
def test_editing_the_page_falls_back_to_segmenting(config, monkeypatch, edit):
    page = config.root / PAGE
    page.write_text(edit(page.read_text("utf-8")), "utf-8")
    assert not _in_step(config)
    seen = _segmented(monkeypatch)
    units_changed = "Mxlia" in page.read_text("utf-8")
    assert (TEMPLATE in _stale(config)) == units_changed
    assert seen == ["milia-in-babies"]


def test_a_page_edited_outside_its_units_gets_a_new_fingerprint_not_a_new_date(config, monkeypatch):
    template = config.root / TEMPLATE
    before = template.read_text("utf-8")
    page = config.root / PAGE
    page.write_text(page.read_text("utf-8") + "\n<!-- reviewed -->\n", "utf-8")
    assert extract_project(config, check=True) == []  # not stale
    assert [c.path for c in extract_project(config, cache=False)] == [TEMPLATE]
    after = template.read_text("utf-8")
    assert after != before and FIELD_LINE.sub("", after) == FIELD_LINE.sub("", before)
    _segmenting_fails(monkeypatch)
    assert _in_step(config)


@pytest.mark.parametrize("edit", [
    lambda text: text.replace('msgstr ""\n\n#.', 'msgstr ""\n\n#. edited by hand\n#.', 1),  # the body
    lambda text: re.sub(rf"({SOURCE_FIELD}: [0-9a-f]{{31}})([0-9a-f])",  # the fingerprint
                        lambda m: m.group(1) + ("1" if m.group(2) == "0" else "0"), text),
    lambda text: FIELD_LINE.sub("", text),  # a template written before the field
    lambda text: text.replace("\n", "\r\n"),  # the same text, other bytes
])
def test_an_edited_template_is_not_taken_as_in_step(config, monkeypatch, edit):
    template = config.root / TEMPLATE
    original = template.read_text("utf-8")
    edited = edit(original)
    assert edited != original
    template.write_bytes(edited.encode("utf-8"))
    assert not _in_step(config)
    seen = _segmented(monkeypatch)
    body_edited = "edited by hand" in edited
    assert (TEMPLATE in _stale(config)) == body_edited  # a fingerprint alone is not content
    assert seen == ["milia-in-babies"]
    extract_project(config)
    assert template.read_text("utf-8") == original  # (the date was kept)


def test_no_cache_trusts_no_fingerprint(config, monkeypatch):
    seen = _segmented(monkeypatch)
    check_project(config, cache=False)
    assert seen == ["milia-in-babies"]
    assert not template_in_step(config, config.root / PAGE,
                                Cache.open(config.root, "extract", enabled=False))


def test_the_fingerprint_names_the_page_path_and_document(config, tmp_path):
    """The same page and template bytes elsewhere, or under another name, are not vouched for."""
    page = (config.root / PAGE).read_bytes()
    template = (config.root / TEMPLATE).read_bytes()
    assert project_module._fingerprinted(page, PAGE, "milia-in-babies", template)
    assert not project_module._fingerprinted(page, "pages/milia-in-babies.html", "milia-in-babies", template)
    assert not project_module._fingerprinted(page, PAGE, "other", template)
    assert not project_module._fingerprinted(page + b" ", PAGE, "milia-in-babies", template)


def test_catalogs_do_not_carry_the_field(config):
    template = (config.root / TEMPLATE).read_text("utf-8")
    copied = config.root / "locales" / "es" / "LC_MESSAGES" / "milia-in-babies.po"
    for po in (config.root / "locales").glob("*/LC_MESSAGES/*.po"):
        assert SOURCE_FIELD not in po.read_text("utf-8")
    copied.write_text(template, "utf-8")  # a catalog begun as a copy of its template (msginit)
    update_project(config)
    assert SOURCE_FIELD not in copied.read_text("utf-8")


def test_msgcat_and_msgfmt_keep_the_field(config, tmp_path):
    require_tool("msgcat")
    template = config.root / TEMPLATE
    out = tmp_path / "copy.pot"
    subprocess.run(["msgcat", str(template), "-o", str(out)], check=True)
    assert out.read_bytes() == template.read_bytes()
    subprocess.run([require_tool("msgfmt"), "--check", "-o", "/dev/null", str(template)], check=True)
    shutil.copy(out, template)
    assert _in_step(config)


#: TEMPLATE_FORMAT -> the SHA-256 of the golden article template (tests/golden) made
#: under it. The fingerprint does not cover the code: were extraction to change what a
#: template holds without a new TEMPLATE_FORMAT, `check` would take templates written by
#: the old code as in step. Regenerating the golden file makes this test fail until
#: TEMPLATE_FORMAT is bumped and the new digest recorded here.
GOLDEN_UNDER_FORMAT = {"1": "57e2b5ce77e9faea62c249e929e713d9906426411d2ad75df1846342172911d9"}


def test_a_change_to_what_templates_hold_comes_with_a_new_template_format():
    golden = Path(__file__).parent / "golden" / "article" / "expected.pot"
    assert GOLDEN_UNDER_FORMAT.get(TEMPLATE_FORMAT) == hashlib.sha256(golden.read_text("utf-8").encode("utf-8")).hexdigest(), (
        "the golden template changed: bump milialocale.project.TEMPLATE_FORMAT and record "
        "the new digest in GOLDEN_UNDER_FORMAT")
