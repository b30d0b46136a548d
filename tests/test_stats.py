"""`milialocale stats`: file-mode counts equal `msgfmt --statistics`; project mode per locale.

msgfmt counts an entry translated when msgstr (msgstr[0] for plurals) is non-empty and
it is not fuzzy, fuzzy when fuzzy and non-empty, and untranslated otherwise; obsolete
entries and the header are not messages. Fuzzy is never translated.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import require_tool
from milialocale.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "po"
PO_FILES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".po", ".pot"))


def msgfmt_statistics(path: Path) -> dict[str, int]:
    msgfmt = require_tool("msgfmt")
    result = subprocess.run([msgfmt, "--statistics", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True, check=True, env={"LC_ALL": "C"})
    counts = {}
    for key, pattern in (("translated", r"(\d+) translated message"), ("fuzzy", r"(\d+) fuzzy translation"),
                         ("untranslated", r"(\d+) untranslated message")):
        match = re.search(pattern, result.stderr)
        counts[key] = int(match.group(1)) if match else 0
    return counts


def our_statistics(runner, *paths: Path) -> list[dict]:
    result = runner.invoke(main, ["stats", "--format", "json", *map(str, paths)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_fixtures_are_varied():
    texts = "".join(p.read_text("utf-8") for p in PO_FILES)
    for feature in ("msgid_plural", "msgctxt", "#, fuzzy", "#~ ", '#| msgid', 'msgid ""\n"'):
        assert feature in texts, feature
    assert len(PO_FILES) >= 6


@pytest.mark.parametrize("path", PO_FILES, ids=[p.name for p in PO_FILES])
def test_file_mode_counts_equal_msgfmt_statistics(runner, path):
    expected = msgfmt_statistics(path)
    (ours,) = our_statistics(runner, path)
    assert {k: ours[k] for k in expected} == expected


def test_counts_in_detail(runner):
    rows = {Path(r["path"]).name: r for r in our_statistics(runner, *PO_FILES)}
    assert rows["obsolete.pt_BR.po"]["obsolete"] == 5
    plural = rows["plurals.ar.po"]
    assert (plural["translated"], plural["fuzzy"], plural["untranslated"]) == (3, 1, 3)
    basic = rows["basic.fr.po"]
    assert basic["words"] == 3 + 6 + 7 + 4  # numbers count as words ("40%" as one)
    assert basic["translated_words"] == 9 and basic["percent_words"] == 45.0
    assert basic["percent_entries"] == 50.0 and basic["locale"] == "fr"
    fuzzy = rows["fuzzy.es.po"]
    assert fuzzy["fuzzy"] == 2 and fuzzy["fuzzy_words"] > 0
    assert fuzzy["translated_words"] < fuzzy["words"] - fuzzy["fuzzy_words"]
    assert rows["noheader.po"]["locale"] == ""


def test_text_table(runner):
    result = runner.invoke(main, ["stats", str(FIXTURES / "basic.fr.po"), str(FIXTURES / "plurals.ar.po")])
    assert result.exit_code == 0
    header, *lines = result.stdout.splitlines()
    assert header.split() == ["locale", "file", "translated", "fuzzy", "untranslated", "obsolete",
                              "words", "%", "words", "%", "entries"]
    assert lines[0].split()[0] == "fr" and lines[0].split()[2:5] == ["2", "0", "2"]
    assert lines[1].split()[0] == "ar" and lines[1].split()[2:5] == ["3", "1", "3"]


def test_malformed_file_exits_1_with_its_location(runner, tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', "utf-8")
    result = runner.invoke(main, ["stats", str(bad)])
    assert result.exit_code == 1 and result.stderr.startswith(f"{bad}:")


# -- project mode --------------------------------------------------------------------


def test_project_stats_per_locale_and_document(runner, project):
    config = ["--config", str(project / "milialocale.toml")]
    runner.invoke(main, [*config, "extract"], catch_exceptions=False)
    runner.invoke(main, [*config, "update", "-l", "es"], catch_exceptions=False)
    result = runner.invoke(main, [*config, "stats", "--format", "json"], catch_exceptions=False)
    rows = json.loads(result.stdout)
    assert [(r["locale"], r["document"]) for r in rows] == [("es", "milia-in-babies"), ("ar", "milia-in-babies")]
    assert all(r["translated"] == 0 and r["untranslated"] > 40 and r["minimum"] == 80.0 for r in rows)
    assert rows[1]["path"] == "locales/milia-in-babies.pot"  # no catalog yet: 0 %, not absent
    table = runner.invoke(main, [*config, "stats", "-l", "ar"], catch_exceptions=False).stdout
    assert table.splitlines()[1].split()[:2] == ["ar", "milia-in-babies"]
    assert runner.invoke(main, [*config, "stats", "-l", "de"]).exit_code == 2


# -- a property: any mix of entry states counts as msgfmt counts it ------------------

STATES = st.sampled_from(["translated", "fuzzy", "empty", "fuzzy-empty", "obsolete",
                          "plural", "plural-first-empty", "plural-last-empty", "context"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(states=st.lists(STATES, max_size=12))
def test_any_catalog_counts_like_msgfmt(runner, tmp_path, states):
    entries = []
    for index, state in enumerate(states):
        flag = "#, fuzzy\n" if state.startswith("fuzzy") else ""
        msgstr = "" if state.endswith("empty") and not state.startswith("plural") else f"t{index}"
        if state.startswith("plural"):
            first = "" if state == "plural-first-empty" else f"a{index}"
            last = "" if state == "plural-last-empty" else f"b{index}"
            entries.append(f'msgid "s{index}"\nmsgid_plural "p{index}"\nmsgstr[0] "{first}"\nmsgstr[1] "{last}"\n')
        elif state == "obsolete":
            entries.append(f'#~ msgid "s{index}"\n#~ msgstr "{msgstr}"\n')
        elif state == "context":
            entries.append(f'msgctxt "c{index}"\nmsgid ""\nmsgstr "{msgstr}"\n')
        else:
            entries.append(f'{flag}msgid "s{index}"\nmsgstr "{msgstr}"\n')
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
    active = [e for e in entries if not e.startswith("#~")]
    path = tmp_path / "random.po"
    path.write_text(header + "\n".join(active + [e for e in entries if e.startswith("#~")]), "utf-8")
    expected = msgfmt_statistics(path)
    (ours,) = our_statistics(runner, path)
    assert {k: ours[k] for k in expected} == expected


# -- word counts: the fast paths agree with the plain regular expressions -------------

REFERENCE_WORD = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")
REFERENCE_IDEOGRAPH = re.compile(r"[\u2E80-\u9FFF\uF900-\uFAFF\U00020000-\U0003FFFF]")
WORDY_TEXT = st.text(st.sampled_from("ab9Z _'-’.,<>/\n\té“”É\u0301½٣中\U00020001ß"), max_size=60)


@settings(max_examples=500, deadline=None)
@given(st.one_of(WORDY_TEXT, st.text(max_size=60),
                 st.lists(WORDY_TEXT, max_size=3).map("<b>".join)))
def test_word_counts_equal_the_regular_expression(text):
    from milialocale.placeholders import strip_placeholders
    from milialocale.stats import count_words

    plain = strip_placeholders(text)
    ideographs = len(REFERENCE_IDEOGRAPH.findall(plain))
    expected = ideographs + len(REFERENCE_WORD.findall(REFERENCE_IDEOGRAPH.sub(" ", plain)))
    assert count_words(text) == expected


ASCII_WORDY_TEXT = st.text(st.sampled_from("aZ9 _'-.\n"), max_size=40)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(WORDY_TEXT, ASCII_WORDY_TEXT, st.text(max_size=30)), max_size=6))
def test_texts_joined_by_newlines_count_as_the_sum_of_their_words(texts):
    """count_messages counts each state's msgids joined by newlines, in one call."""
    from milialocale.placeholders import strip_placeholders
    from milialocale.stats import count_words

    def reference(text):
        plain = strip_placeholders(text)
        ideographs = len(REFERENCE_IDEOGRAPH.findall(plain))
        return ideographs + len(REFERENCE_WORD.findall(REFERENCE_IDEOGRAPH.sub(" ", plain)))

    assert count_words("\n".join(texts)) == sum(map(reference, texts))
    for text in texts:
        assert count_words(text) == reference(text)


# -- which file each row counts: one directory listing, as the per-file calls find it --


def test_the_listed_catalogs_are_those_the_per_file_calls_find(project):
    """`_catalogs` lists each catalog directory once; it must pick, and show, the same
    files as `catalog_path`, `exists` and `relative`: catalogs (a regular file, a link
    inside or outside the project, a directory in its place), else templates, else none."""
    import os

    from milialocale.config import load_config
    from milialocale.stats import _catalogs

    outside = project.parent / f"{project.name}-outside.po"
    outside.write_text('msgid "a"\nmsgstr "b"\n', "utf-8")
    documents = ["a", "b", "c", "d", "e", "f", "g"]
    (project / "locales" / "es" / "LC_MESSAGES").mkdir(parents=True)
    for document in documents:
        (project / "locales" / f"{document}.pot").write_text('msgid "a"\nmsgstr ""\n', "utf-8")
    folder = project / "locales" / "es" / "LC_MESSAGES"
    (folder / "a.po").write_text('msgid "a"\nmsgstr "b"\n', "utf-8")
    os.symlink(folder / "a.po", folder / "b.po")
    os.symlink(outside, folder / "c.po")
    (folder / "d.po").mkdir()
    os.symlink(folder / "missing.po", folder / "e.po")
    (project / "locales" / "f.pot").unlink()
    (folder / "g.po").write_text("", "utf-8")
    config = load_config(project / "milialocale.toml")

    def expected(locale):
        rows = []
        for document in documents:
            path = config.catalog_path(locale, document)
            if not path.exists():
                path = config.template_path(document)
                if not path.exists():
                    continue
            rows.append((locale, document, str(path), config.relative(path)))
        return rows

    for locale in ("es", "ar"):  # ar: no catalog directory at all
        assert [(l, d, str(p), s) for l, d, p, s in _catalogs(config, locale, documents)] == expected(locale)
    assert _catalogs(config, "es", []) == []


def test_shown_paths_resolve_the_directory_as_relative_does(tmp_path):
    from milialocale.config import load_config

    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "milialocale.toml").write_text('locales = ["fr"]\n', "utf-8")
    config = load_config(tmp_path / "milialocale.toml")
    for directory in (tmp_path / "real", tmp_path / "linked", tmp_path, tmp_path.parent):
        names = ["x.po", "y.pot"]
        assert config.relative_in(directory, names) == [config.relative(directory / n) for n in names]


def test_counting_imports_neither_polib_nor_a_digest_nor_json():
    """`stats --no-cache` on catalogs in GNU layout makes no polib object, keeps no
    digest and writes no cache: the imports would only slow its start."""
    import sys

    from conftest import ROOT

    code = ("import sys\nfrom milialocale.cli import main\ntry:\n"
            "    main(['stats', '--no-cache', '-j', '1'])\nexcept SystemExit:\n    pass\n"
            "print([m for m in ('polib', 'hashlib', '_hashlib', 'json', 'milialocale.placeholders') if m in sys.modules],"
            " file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stderr.splitlines()[-1] == "[]"


# -- the text table -----------------------------------------------------------------

CELL = st.text(st.sampled_from("ab9 -_.é中\t"), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["fr", "pt_BR", "", "zh_Hans"]), CELL,
                          st.lists(st.integers(0, 10**6), min_size=7, max_size=7)), max_size=8),
       st.booleans())
def test_the_table_pads_its_columns_as_ljust_and_rjust_do(rows, files):
    """`stats_table` formats each line at once; it must lay out what padding each cell
    (names to the left, figures to the right) and stripping each line gives."""
    from milialocale.commands.stats import stats_table
    from milialocale.stats import CatalogStats, Counts

    def counts(numbers):
        translated, fuzzy, untranslated, obsolete, words, fuzzy_words, spare = numbers
        return Counts(translated, fuzzy, untranslated, obsolete, words + fuzzy_words + spare,
                      words, fuzzy_words)

    stats = [CatalogStats(locale, name, name, counts(numbers)) for locale, name, numbers in rows]
    table = [["locale", "file" if files else "document", "translated", "fuzzy", "untranslated",
              "obsolete", "words", "% words", "% entries"]]
    by_locale = {}
    for row in stats:
        by_locale.setdefault(row.locale, []).append(row)
    for locale, group in by_locale.items():
        lines = [(r.path if files else r.document, r.counts) for r in group]
        if len(group) > 1 and not files:
            lines.append(("(total)", sum((r.counts for r in group), Counts())))
        table += [[locale or "-", name, str(c.translated), str(c.fuzzy), str(c.untranslated),
                   str(c.obsolete), str(c.words), f"{c.percent_words:.1f}", f"{c.percent_entries:.1f}"]
                  for name, c in lines]
    widths = [max(len(row[i]) for row in table) for i in range(9)]
    expected = "".join("  ".join(cell.ljust(width) if i < 2 else cell.rjust(width)
                                 for i, (cell, width) in enumerate(zip(row, widths))).rstrip() + "\n"
                       for row in table)
    assert stats_table(stats, files=files) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 10**9), min_size=7, max_size=7), max_size=6))
def test_a_total_is_the_sum_of_the_counts(rows):
    from milialocale.stats import Counts, total_counts

    counts = [Counts(*row) for row in rows]
    assert total_counts(counts) == sum(counts, Counts())


#: letters and others that share a byte of UTF-8 (é C3 A9 and © C2 A9; µ C2 B5 and
#: « C2 AB; ’ E2 80 99 and – E2 80 93), and letters of two or three bytes
SHARING_TEXT = st.text(st.sampled_from("a9 -'.é©µ«’–ﬁŉĳ½\u0301\u00a0Ωω\n"), max_size=40)


@settings(max_examples=500, deadline=None)
@given(SHARING_TEXT)
def test_word_counts_agree_when_characters_share_bytes(text):
    """`_shape` maps each byte of a non-ASCII letter to "a" and must notice when another
    character of the text needs the same byte as a space."""
    from milialocale.stats import count_words

    assert count_words(text) == len(REFERENCE_WORD.findall(text))
