"""`extract` names pages and templates as `Config.relative` does, without resolving each
path, and writes each template from bytes encoded once."""

from __future__ import annotations

from pathlib import Path

from milialocale import project as project_module
from milialocale.config import load_config
from milialocale.project import extract_document, extract_project


def test_shown_paths_are_the_relative_paths_symbolic_links_included(project: Path, tmp_path):
    config = load_config(project / "milialocale.toml")
    source = project / "source"
    page = next(source.glob("*.html"))
    (project / "drafts").mkdir()
    (project / "drafts" / "real.html").write_bytes(page.read_bytes())
    (source / "linked.html").symlink_to(project / "drafts" / "real.html")
    (source / "dangling.html").symlink_to(project / "nowhere.html")
    names = sorted(p.name for p in source.iterdir()) + ["missing.html"]
    assert project_module._shown(config, source, names) == [config.relative(source / n) for n in names]
    assert "drafts/real.html" in project_module._shown(config, source, names)


def test_the_written_template_is_what_extract_document_gives(project: Path):
    config = load_config(project / "milialocale.toml")
    page = next((project / "source").glob("*.html"))
    data, created, record, restamped = extract_document(config, page)
    assert created and restamped is None
    assert [c.path for c in extract_project(config)] == [config.relative(config.template_path(page.stem))]
    assert config.template_path(page.stem).read_bytes() == data
    assert extract_document(config, page)[0] is None
