"""The documentation cannot drift from the command line.

docs/commands.md is generated from every command's --help; every command has an
example in its help and is explained in a guide; the guides name every check and link
only to files that exist.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from milialocale.checks import CHECK_IDS
from milialocale.docgen import generate, iter_commands

DOCS = ROOT / "docs"
GUIDES = [DOCS / "translators.md", DOCS / "content-teams.md", DOCS / "ci.md", ROOT / "README.md"]
COMMANDS = [(" ".join(path), ctx) for path, ctx in iter_commands()]


def test_the_command_reference_is_the_generated_help():
    committed = (DOCS / "commands.md").read_text("utf-8")
    assert committed == generate(), (
        "docs/commands.md differs from the commands' --help; regenerate it with\n"
        "    python3 -m milialocale.docgen > docs/commands.md")


def test_the_reference_does_not_depend_on_the_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    narrow = generate()
    monkeypatch.setenv("COLUMNS", "200")
    assert generate() == narrow


@pytest.mark.parametrize("name, ctx", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_has_help_with_an_example(name: str, ctx):
    text = ctx.get_help()
    assert ctx.command.short_help or name == "milialocale", f"{name} has no short help"
    assert re.search(r"^  Examples?:\n    milialocale ", text, re.M), f"{name} --help shows no example"
    for line in re.findall(r"^    (milialocale .*)$", text, re.M):
        words = line.split("#")[0].split()
        assert words[1] in {n.split()[1] for n, _ in COMMANDS if " " in n}, line


@pytest.mark.parametrize("name", [n for n, _ in COMMANDS if " " in n])
def test_every_command_is_explained_in_a_guide(name: str):
    guides = "\n".join(path.read_text("utf-8") for path in GUIDES)
    assert name in guides, f"no guide mentions `{name}` (docs/commands.md does not count)"


@pytest.mark.parametrize("guide", ["ci.md", "translators.md"])
def test_the_guides_name_every_check(guide: str):
    text = (DOCS / guide).read_text("utf-8")
    missing = [c for c in CHECK_IDS if f"`{c}`" not in text and f"ignore-{c}" not in text]
    assert missing == [], f"docs/{guide} does not explain {missing}"


@pytest.mark.parametrize("path", [*GUIDES, DOCS / "commands.md"], ids=lambda p: p.name)
def test_links_between_documents_resolve(path):
    text = path.read_text("utf-8")
    anchors_of = {}
    for target, anchor in re.findall(r"\]\(([^)#:\s]*)(?:#([^)\s]+))?\)", text):
        linked = (path.parent / target).resolve() if target else path
        assert linked.exists(), f"{path.name} links to {target}, which does not exist"
        if anchor and linked.suffix == ".md":
            if linked not in anchors_of:
                headings = re.findall(r"^#+ (.+)$", linked.read_text("utf-8"), re.M)
                anchors_of[linked] = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-")
                                      for h in headings}
            assert anchor in anchors_of[linked], f"{path.name} links to #{anchor} in {linked.name}"
