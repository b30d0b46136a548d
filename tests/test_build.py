"""`build`: the site layout, language markup, publishing rules, exit codes and file mode.

Each test builds a throw-away project whose catalogs it writes itself: the pseudo-locale
translation is the source in capitals, so a glance shows what was translated.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import astuple
from pathlib import Path
from urllib.parse import unquote, urlsplit

import polib
import pytest

from conftest import ARTICLE, SEED
from milialocale.build import BuildOptions, plan_build
from milialocale.cli import main
from milialocale.config import load_config
from milialocale.placeholders import TAG_PATTERN
from milialocale.pofiles import read_po, write_po
from milialocale.project import extract_project, update_project
from milialocale.readers.html import read_html
from milialocale.stats import count_catalog

LOCALES = ("es", "ar", "zh_Hans", "pt_BR")
PO = "locales/{}/LC_MESSAGES/milia-in-babies.po"
WARNING = re.compile(r"^locales/es/LC_MESSAGES/milia-in-babies\.po:\d+: warning: .+ \[markup\.placeholder\]$")


def capitals(text: str) -> str:
    out, position = [], 0
    for match in TAG_PATTERN.finditer(text):
        out += [text[position:match.start()].upper(), match.group()]
        position = match.end()
    return "".join(out) + text[position:].upper()


def translate(root: Path, locale: str, *, share: float = 1.0, edit=None) -> None:
    """Fill a catalog with capitals for the first `share` of its entries; `edit(entry)` last."""
    path = root / PO.format(locale)
    catalog = read_po(path)
    entries = [e for e in catalog if e.msgid and not e.obsolete]
    for index, entry in enumerate(entries):
        entry.msgstr = capitals(entry.msgid) if index < share * len(entries) else ""
        if edit is not None:
            edit(entry)
    write_po(path, catalog)


@pytest.fixture
def site_project(tmp_path: Path) -> Path:
    """The article with its images and stylesheet, catalogs fully pseudo-translated."""
    shutil.copytree(ARTICLE.parent, tmp_path / "source")
    locales = ", ".join(f'"{code}"' for code in LOCALES)
    (tmp_path / "milialocale.toml").write_text(
        f'source_dir = "source"\nlocales_dir = "locales"\noutput_dir = "site"\nlocales = [{locales}]\n',
        "utf-8")
    config = load_config(tmp_path / "milialocale.toml")
    extract_project(config)
    update_project(config)
    for code in LOCALES:
        translate(tmp_path, code)
    return tmp_path


def build(runner, root: Path, *args: str):
    return runner.invoke(main, ["--config", str(root / "milialocale.toml"), "build", *args],
                         catch_exceptions=False)


def page(root: Path, lang: str, suffix: str = "html", site: str = "site") -> str:
    return (root / site / lang / f"milia-in-babies.{suffix}").read_text("utf-8")


def test_build_writes_every_locale_as_html_and_text_with_an_index(runner, site_project):
    result = build(runner, site_project)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    for lang in ("en", "es", "ar", "zh-Hans", "pt-BR"):
        for suffix in ("html", "txt"):
            assert (site_project / "site" / lang / f"milia-in-babies.{suffix}").is_file()
    assert (site_project / "site/index.html").is_file()
    assert (site_project / "site/assets/styles/article.css").is_file()
    assert re.search(r"^site/es/milia-in-babies\.html: wrote \(new\)$", result.output, re.M)
    assert "MILIA IN BABIES ARE A COMMON BENIGN SKIN CONDITION" in page(site_project, "es")
    assert "MILIA IN BABIES: WHAT YOU SHOULD KNOW\n\n" in page(site_project, "es", "txt")


def test_pages_declare_language_direction_alternates_and_a_switcher(runner, site_project):
    build(runner, site_project)
    arabic = read_html(site_project / "site/ar/milia-in-babies.html").getroot()
    assert (arabic.get("lang"), arabic.get("dir")) == ("ar", "rtl")
    chinese = read_html(site_project / "site/zh-Hans/milia-in-babies.html").getroot()
    assert chinese.get("lang") == "zh-Hans" and chinese.get("dir") is None
    alternates = {link.get("hreflang"): link.get("href")
                  for link in chinese.xpath("//head/link[@rel='alternate']")}
    assert alternates == {"en": "../en/milia-in-babies.html", "es": "../es/milia-in-babies.html",
                          "ar": "../ar/milia-in-babies.html", "zh-Hans": "../zh-Hans/milia-in-babies.html",
                          "pt-BR": "../pt-BR/milia-in-babies.html",
                          "x-default": "../en/milia-in-babies.html"}
    nav = chinese.find("body")[0]
    assert nav.tag == "nav" and nav.get("class") == "milialocale-languages"
    assert nav.get("aria-label") == "语言" and nav.get("translate") == "no"
    links = nav.findall(".//a")
    assert [a.text for a in links] == ["English", "Español", "العربية", "中文 (简体)", "Português (Brasil)"]
    assert [a.get("lang") for a in links] == ["en", "es", "ar", "zh-Hans", "pt-BR"]
    assert [a.get("aria-current") for a in links] == [None, None, None, "page", None]
    assert links[2].get("dir") == "rtl"
    english = read_html(site_project / "site/en/milia-in-babies.html").getroot()
    assert english.get("lang") == "en" and english.find("body")[0].get("aria-label") == "Languages"


def test_source_page_keeps_the_article_apart_from_the_builders_additions(runner, site_project):
    build(runner, site_project)
    built = read_html(site_project / "site/en/milia-in-babies.html").getroot()
    source = read_html(site_project / "source/milia-in-babies.html").getroot()
    built.find("body").remove(built.find("body")[0])  # the switcher
    for link in built.xpath("//link[@rel='alternate']"):
        link.getparent().remove(link)
    built.find("head/link").set("href", "styles/article.css")
    for img in built.iter("img"):
        img.set("src", img.get("src").removeprefix("../assets/"))
    from lxml import etree
    strip = lambda root: re.sub(r"\s+", " ", etree.tostring(root, encoding="unicode"))  # noqa: E731
    assert strip(built) == strip(source)


def test_every_relative_url_in_every_built_page_resolves(runner, site_project):
    build(runner, site_project)
    pages = sorted((site_project / "site").rglob("*.html"))
    assert len(pages) == 7  # five pages, index.html and status.html
    for path in pages:
        root = read_html(path).getroot()
        for url in root.xpath("//@href | //@src"):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            if parts.path:
                assert (path.parent / unquote(parts.path)).resolve().is_file(), f"{path}: {url}"
            if parts.fragment and not parts.path:
                assert root.xpath(f"//*[@id='{parts.fragment}']"), f"{path}: {url}"


def test_a_second_build_writes_nothing(runner, site_project):
    assert build(runner, site_project).exit_code == 0
    before = {p: p.stat().st_mtime_ns for p in (site_project / "site").rglob("*")}
    result = build(runner, site_project)
    assert result.exit_code == 0 and result.output == "" and result.stderr == ""
    assert {p: p.stat().st_mtime_ns for p in (site_project / "site").rglob("*")} == before


def test_dates_are_formatted_per_locale(runner, site_project):
    build(runner, site_project)
    assert '<time datetime="2022-10-15">15 de octubre de 2022</time>' in page(site_project, "es")
    assert '<time datetime="2022-10-15">15 October, 2022</time>' in page(site_project, "en")
    assert "2022年10月15日" in page(site_project, "zh-Hans", "txt")


def test_english_text_holds_every_seed_line_in_order(runner, site_project):
    build(runner, site_project)
    marker = re.compile(r"^\s*(?:•|\d+\.)?\s*")
    built = [marker.sub("", line) for line in page(site_project, "en", "txt").splitlines()]
    position = 0
    for line in SEED.read_text("utf-8").splitlines():
        line = marker.sub("", line)
        if line:
            assert line in built[position:], line
            position = built.index(line, position) + 1


def _fuzzy_burns(entry: polib.POEntry) -> None:
    if entry.msgid == "Burns":
        entry.flags.append("fuzzy")


def test_fuzzy_translations_are_published_only_with_use_fuzzy(runner, site_project):
    translate(site_project, "es", edit=_fuzzy_burns)
    build(runner, site_project)
    assert '<li lang="en">Burns</li>' in page(site_project, "es")
    build(runner, site_project, "--use-fuzzy")
    assert "<li>BURNS</li>" in page(site_project, "es")


def test_empty_and_obsolete_entries_are_never_published(runner, site_project):
    path = site_project / PO.format("es")
    catalog = read_po(path)
    for entry in catalog:
        if entry.msgid == "Burns":
            entry.msgstr = ""
        if entry.msgid == "Prolonged use of corticosteroid creams":
            entry.obsolete = True
    write_po(path, catalog)
    build(runner, site_project)
    html = page(site_project, "es")
    assert '<li lang="en">Burns</li>' in html
    assert '<li lang="en">Prolonged use of corticosteroid creams</li>' in html


def _drop_link(entry: polib.POEntry) -> None:
    if "<a>" in entry.msgid:
        entry.msgstr = "SIN ENLACE."


def test_translation_with_bad_placeholders_falls_back_with_a_located_warning(runner, site_project):
    translate(site_project, "es", edit=_drop_link)
    result = build(runner, site_project)
    assert result.exit_code == 0
    (line,) = result.stderr.splitlines()
    assert WARNING.match(line), line
    assert "missing placeholder <a>" in line and "(unit at source/milia-in-babies.html:15)" in line
    # At the msgstr line, as `check` reports the same entry, so both lead to one place.
    number = int(line.split(":")[1])
    po_lines = (site_project / PO.format("es")).read_text("utf-8").split("\n")
    assert po_lines[number - 1] == 'msgstr "SIN ENLACE."'
    checked = runner.invoke(main, ["--config", str(site_project / "milialocale.toml"), "check", "-l", "es"])
    assert f"milia-in-babies.po:{number}: error:" in checked.output
    assert ('<p class="standfirst" lang="en">Milia in babies are a common benign skin condition.'
            in page(site_project, "es"))
    assert build(runner, site_project, "--strict").exit_code == 1


def test_locale_below_its_minimum_is_held_back_with_one_line(runner, site_project):
    build(runner, site_project)
    before = page(site_project, "es")
    translate(site_project, "es", share=0.5)
    result = build(runner, site_project)
    assert result.exit_code == 0  # a configured locale held back does not fail the build
    (line,) = result.stderr.splitlines()
    assert re.fullmatch(r"locales/es: es not built: [\d.]+% of source words translated, below the "
                        r"minimum of 80% \(--force builds it anyway\)", line), line
    assert page(site_project, "es") == before  # an existing page is not deleted
    index = (site_project / "site/index.html").read_text("utf-8")
    assert 'href="es/' not in index and "../es/" not in page(site_project, "ar")
    assert build(runner, site_project, "-l", "es").exit_code == 1
    assert build(runner, site_project, "--strict").exit_code == 1
    result = build(runner, site_project, "-l", "es", "--force")
    assert result.exit_code == 0 and result.stderr == ""
    assert page(site_project, "es") != before


def test_per_locale_minimum_and_missing_catalogs(runner, site_project):
    config = site_project / "milialocale.toml"
    config.write_text(config.read_text("utf-8") + "[min_completeness]\ndefault = 80\nes = 40\n", "utf-8")
    translate(site_project, "es", share=0.5)
    (site_project / PO.format("ar")).unlink()
    plan = plan_build(load_config(config))
    assert [code for code, _ in plan.published] == ["en", "es", "zh_Hans", "pt_BR"]
    (skipped,) = plan.skipped
    assert skipped.locale == "ar" and "run `milialocale update`" in skipped.reason
    assert len(plan.jobs) == 4


def test_index_lists_languages_by_native_name_with_completeness(runner, site_project):
    translate(site_project, "pt_BR", share=0.9)
    build(runner, site_project)
    index = read_html(site_project / "site/index.html").getroot()
    entries = index.xpath("//nav[@class='milialocale-index']/ul/li")
    assert [li.get("lang") for li in entries] == ["en", "es", "ar", "zh-Hans", "pt-BR"]
    names = [li.find("span").text for li in entries]
    assert names == ["English", "Español", "العربية", "中文 (简体)", "Português (Brasil)"]
    assert entries[0].xpath("string(.//span[@class='completeness'])") == "(original)"
    assert entries[1].xpath("string(.//span[@class='completeness'])") == "(100\u00a0%)"
    assert re.fullmatch(r"\([89]\d%\)", entries[4].xpath("string(.//span[@class='completeness'])"))
    assert entries[2].get("dir") == "rtl"
    assert entries[1].xpath(".//a/@href") == ["es/milia-in-babies.html"]
    assert entries[1].xpath("string(.//a)") == "MILIA IN BABIES: WHAT YOU SHOULD KNOW"


def test_locale_format_and_output_options(runner, site_project):
    result = build(runner, site_project, "-l", "ar", "--format", "html", "-o", str(site_project / "public"))
    assert result.exit_code == 0, result.stderr
    written = sorted(p.relative_to(site_project / "public").as_posix()
                     for p in (site_project / "public").rglob("*") if p.is_file())
    assert written == ["ar/milia-in-babies.html", "assets/images/milia-cheek.svg",
                       "assets/images/milia-nose.svg", "assets/styles/article.css", "index.html",
                       "status.html"]
    assert not (site_project / "site").exists()


def test_wrap_option_folds_text(runner, site_project):
    build(runner, site_project, "--format", "txt", "--wrap", "40")
    from milialocale.writers.text import display_width
    for lang in ("en", "zh-Hans", "ar"):
        assert all(display_width(line) <= 40 for line in page(site_project, lang, "txt").splitlines())


@pytest.mark.parametrize("args", [["-l", "xx_YY"], ["--format", "pdf"], ["--wrap", "5"],
                                  ["--po", str(ARTICLE)]], ids=["locale", "format", "wrap", "po"])
def test_usage_errors_exit_2(runner, site_project, args):
    assert build(runner, site_project, *args).exit_code == 2


def test_progress_is_shown_on_a_terminal_only(runner, site_project, monkeypatch):
    from milialocale.commands import build as command
    assert "Building" not in build(runner, site_project, "-q").stderr
    monkeypatch.setattr(command, "_interactive", lambda: True)
    (site_project / "site/es/milia-in-babies.html").unlink()
    result = build(runner, site_project)
    assert result.exit_code == 0 and "Building" in result.stderr
    assert result.stdout == "site/es/milia-in-babies.html: wrote (new)\n"


def test_broken_catalog_is_a_located_error(runner, site_project):
    path = site_project / PO.format("es")
    path.write_text(path.read_text("utf-8").replace('msgid "Burns"', 'msgid "Burns"\nnot PO'), "utf-8")
    result = build(runner, site_project)
    assert result.exit_code == 1
    assert re.match(r"^locales/es/LC_MESSAGES/milia-in-babies\.po:\d+: ", result.stderr)
    assert build(runner, site_project, "-l", "ar").exit_code == 0  # es is not needed for ar


def test_help_explains_exit_status_with_examples(runner):
    result = runner.invoke(main, ["build", "--help"])
    assert result.exit_code == 0 and "Example" in result.output and "Exit status" in result.output


# -- file mode --------------------------------------------------------------------------


def file_mode(runner, tmp_path, *args):
    return runner.invoke(main, ["build", *args], catch_exceptions=False)


def test_file_mode_translates_any_page_without_a_project(runner, site_project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no configuration here or above
    source = site_project / "source/milia-in-babies.html"
    po = site_project / PO.format("es")
    out = tmp_path / "out" / "milia.es.html"
    result = file_mode(runner, tmp_path, str(source), "--po", str(po), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    root = read_html(out).getroot()
    assert root.get("lang") == "es" and "MILIA IN BABIES" in out.read_text("utf-8")
    assert root.find(".//time").text == "15 de octubre de 2022"
    stylesheet = root.find("head/link").get("href")
    assert (out.parent / stylesheet).resolve() == (site_project / "source/styles/article.css").resolve()
    text = tmp_path / "milia.es.txt"
    assert file_mode(runner, tmp_path, str(source), "--po", str(po), "-o", str(text)).exit_code == 0
    assert text.read_text("utf-8").startswith("MILIA IN BABIES: WHAT YOU SHOULD KNOW\n\n")


def test_file_mode_errors_and_threshold(runner, site_project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = str(site_project / "source/milia-in-babies.html")
    po = str(site_project / PO.format("es"))
    assert file_mode(runner, tmp_path, source, "--po", po).exit_code == 2
    assert file_mode(runner, tmp_path, source, "--po", po, "-o", "x.pdf").exit_code == 2
    translate(site_project, "es", share=0.3)
    result = file_mode(runner, tmp_path, source, "--po", po, "-o", "x.html")
    assert result.exit_code == 1 and "es not built" in result.stderr
    assert not (tmp_path / "x.html").exists()
    assert file_mode(runner, tmp_path, source, "--po", po, "-o", "x.html", "--force").exit_code == 0


def test_plan_builds_only_requested_locales_but_links_all_published(site_project):
    config = load_config(site_project / "milialocale.toml")
    plan = plan_build(config, BuildOptions(locales=("ar",)))
    assert [job.locale for job in plan.jobs] == ["ar"]
    assert [code for code, _ in plan.published] == ["en", "es", "ar", "zh_Hans", "pt_BR"]


def test_a_catalog_changed_after_the_plan_is_read_again(site_project):
    """The plan's parse of a catalog is reused by its page only while the file is unchanged."""
    from milialocale.build import _PARSED, run_build
    config = load_config(site_project / "milialocale.toml")
    plan = plan_build(config, BuildOptions(jobs=1))
    assert _PARSED.kept  # the plan kept its parses for the pages
    translate(site_project, "es", edit=lambda entry: setattr(entry, "msgstr", entry.msgstr + " (NEW)"))
    run_build(plan)
    assert "(NEW)" in page(site_project, "es") and "(NEW)" not in page(site_project, "ar")


def test_what_the_plan_kept_builds_the_same_pages_as_files_read_again(site_project, monkeypatch):
    """Catalogs the plan parsed are reused by the build; with nothing kept (a budget of
    0) every file is read again, and the pages must not differ."""
    from milialocale import build as build_module
    config = load_config(site_project / "milialocale.toml")
    build_module.build_project(config, BuildOptions(jobs=1, output_dir=site_project / "kept"))
    monkeypatch.setattr(build_module, "_PARSED", build_module._Kept(budget=0))
    build_module.build_project(config, BuildOptions(jobs=1, output_dir=site_project / "read"))
    for path in (site_project / "kept").rglob("*"):
        if path.is_file() and path.name != "status.html":
            assert path.read_bytes() == (site_project / "read" / path.relative_to(site_project / "kept")).read_bytes()


def test_a_page_changed_after_the_plan_is_built_as_it_is_then(site_project):
    """The plan does not read the pages: the build reads each once, as it finds it."""
    from milialocale.build import run_build
    config = load_config(site_project / "milialocale.toml")
    plan = plan_build(config, BuildOptions(jobs=1))
    (source,) = plan.documents
    source.write_text(source.read_text("utf-8").replace("</body>", "<p>Added later.</p></body>"),
                      "utf-8")
    run_build(plan)
    built = plan.output_dir / "en" / f"{source.stem}.txt"
    assert "Added later." in built.read_text("utf-8")


def test_workers_and_the_planner_count_catalogs_as_the_parse_does(site_project, monkeypatch):
    """Workers count a catalog's bytes as `stats` does, the planning process from the
    summary it keeps for the build: both must give the counts of the full parse, and
    publish the same locales with the same completeness."""
    from milialocale import build as build_module
    config = load_config(site_project / "milialocale.toml")
    translate(site_project, "es", share=0.5)
    translate(site_project, "ar", share=0.9, edit=lambda entry: entry.flags.append("fuzzy")
              if entry.msgstr and len(entry.msgid) % 3 == 0 else None)
    for path in sorted((site_project / "locales").rglob("*.po")):
        display = config.relative(path)
        parsed = list(astuple(count_catalog(read_po(path))))
        assert build_module._catalog_counts(build_module.os.getpid(), (path, display)) == parsed
        assert build_module._catalog_counts(-1, (path, display)) == parsed  # as in a worker
    planned = plan_build(config, BuildOptions(jobs=1, use_fuzzy=True))
    summarized = []
    count_po_bytes = build_module.count_po_bytes
    monkeypatch.setattr(build_module, "count_po_bytes",
                        lambda data, display: summarized.append(display) or count_po_bytes(data, display))
    counts = build_module._catalog_counts
    monkeypatch.setattr(build_module, "_catalog_counts", lambda planner, item: counts(-1, item))  # "in a worker"
    assert plan_build(config, BuildOptions(jobs=1, use_fuzzy=True)).published == planned.published
    assert sorted(summarized) == sorted(config.relative(p) for p in (site_project / "locales").rglob("*.po"))


@pytest.mark.parametrize("cache", [True, False])
def test_the_index_names_pages_in_locales_not_built(site_project, runner, cache):
    """Titles come from the build's walk of each page, also in published locales not
    being built (-l), and follow a changed catalog whether or not the cache has them."""
    no_cache = () if cache else ("--no-cache",)
    assert build(runner, site_project, *no_cache).exit_code == 0
    index = site_project / "site/index.html"
    assert "MILIA IN BABIES: WHAT YOU SHOULD KNOW" in index.read_text("utf-8")

    def retitle(entry):
        if entry.msgid.startswith("Milia in Babies"):
            entry.msgstr = "Nuevo título"
    translate(site_project, "es", edit=retitle)
    assert build(runner, site_project, "-l", "ar", *no_cache).exit_code == 0
    entries = read_html(index).getroot().xpath("//nav[@class='milialocale-index']/ul/li")
    titles = {li.get("lang"): li.xpath("string(.//a)") for li in entries}
    assert titles["es"] == "Nuevo título" and titles["ar"] == "MILIA IN BABIES: WHAT YOU SHOULD KNOW"
    assert build(runner, site_project, "-l", "ar", *no_cache).exit_code == 0
    assert read_html(index).getroot().xpath("string(//li[@lang='es']//a)") == "Nuevo título"


def test_progress_is_called_once_for_every_planned_page(site_project):
    """Pages are built a document at a time: each page is still reported exactly once,
    also those the cache vouches for."""
    from milialocale.build import run_build
    config = load_config(site_project / "milialocale.toml")
    for _ in range(2):  # cold, then every page reused from the cache
        plan = plan_build(config, BuildOptions(jobs=1, cache=True))
        seen = []
        result = run_build(plan, progress=seen.append)
        assert sorted(map(id, seen)) == sorted(map(id, plan.jobs))
    assert result.reused and sorted(result.reused) == sorted(result.pages)
