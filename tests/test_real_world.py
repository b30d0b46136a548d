"""Real-world catalogs: the compiled catalogs the system ships, turned back into PO.

Up to 60 varied .mo files under /usr/share/locale (and locale-langpack) are decompiled
with `msgunfmt` at test time, a few also converted to legacy charsets with `msgconv`
(ISO-8859-1, KOI8-R, EUC-JP, Shift_JIS, Big5). Every one must be read, counted exactly
as `msgfmt --statistics` counts it (also after we mark some entries fuzzy and clear
others), and run through `stats` and `check` without error.
"""

from __future__ import annotations

import os
import re
import subprocess
import zlib
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import require_tool
from milialocale.cli import main
from milialocale.poformat import format_po
from milialocale.pofiles import read_po
from milialocale.qa import SYNTAX, check_files
from milialocale.stats import count_catalog

LOCALE_DIRS = [Path("/usr/share/locale"), Path("/usr/share/locale-langpack")]
LIMIT = 60
#: (language directory, charset) pairs for msgconv, when such a catalog was picked.
LEGACY = {"fr": "ISO-8859-1", "de": "ISO-8859-1", "ru": "KOI8-R", "ja": "EUC-JP",
          "zh_TW": "BIG5", "pl": "ISO-8859-2"}
SHIFT_JIS_FROM = "ja"


def pick_catalogs() -> list[Path]:
    """Up to LIMIT .mo files, spread over as many domains and languages as possible."""
    by_domain: dict[str, list[Path]] = defaultdict(list)
    for directory in LOCALE_DIRS:
        if directory.is_dir():
            for path in sorted(directory.glob("*/LC_MESSAGES/*.mo")):
                if 2_000 < path.stat().st_size < 300_000:
                    by_domain[path.stem].append(path)
    picked: list[Path] = []
    languages: dict[str, int] = defaultdict(int)
    rounds = 0
    while len(picked) < LIMIT and rounds < 10 and by_domain:
        for domain in sorted(by_domain):
            candidates = [p for p in by_domain[domain] if p not in picked]
            if not candidates or len(picked) >= LIMIT:
                continue
            # The language used least so far, preferring varied scripts and plural rules.
            best = min(candidates, key=lambda p: _preference(p, languages))
            picked.append(best)
            languages[best.parent.parent.name] += 1
        rounds += 1
    return picked


#: scripts (Arabic, Hebrew, CJK, Cyrillic, Devanagari, Thai, Greek) and plural rules
#: (one form, two, three, six) that the pick should cover when the machine has them.
VARIED = ("ar", "ja", "zh_CN", "zh_TW", "ko", "ru", "he", "hi", "th", "el", "pl", "cs", "ga",
          "cy", "uk", "sl", "lt", "fa", "vi", "tr", "fr", "pt_BR", "sr@latin", "ka", "km")


def _preference(path: Path, used: dict[str, int]) -> tuple:
    language = path.parent.parent.name
    rank = VARIED.index(language) if language in VARIED else len(VARIED)
    return used[language], rank, zlib.crc32(f"{path.stem}/{language}".encode())


CATALOGS = pick_catalogs()


def msgfmt_statistics(path: Path) -> tuple[int, int, int]:
    result = subprocess.run(["msgfmt", "--statistics", "-o", os.devnull, str(path)],
                            capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})
    assert result.returncode == 0, result.stderr
    counts = dict(translated=0, fuzzy=0, untranslated=0)
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts["translated"], counts["fuzzy"], counts["untranslated"]


@pytest.fixture(scope="module")
def decompiled(tmp_path_factory) -> list[Path]:
    if not CATALOGS:
        pytest.skip("no compiled catalogs (.mo) under /usr/share/locale on this machine")
    msgunfmt = require_tool("msgunfmt")
    msgconv = require_tool("msgconv")
    directory = tmp_path_factory.mktemp("real-world")
    files = []
    legacy_done: set[str] = set()
    for index, mo in enumerate(CATALOGS):
        language = mo.parent.parent.name
        po = directory / f"{index:02d}-{language}-{mo.stem}.po"
        result = subprocess.run([msgunfmt, str(mo), "-o", str(po)], capture_output=True)
        if result.returncode != 0:
            continue  # not a catalog msgunfmt can read: not what this test is about
        files.append(po)
        charsets = [LEGACY[language]] if language in LEGACY else []
        if language == SHIFT_JIS_FROM:
            charsets.append("SHIFT_JIS")
        for charset in charsets:
            if (language, charset) in legacy_done:
                continue
            converted = po.with_name(f"{po.stem}.{charset}.po")
            if subprocess.run([msgconv, "-t", charset, str(po), "-o", str(converted)],
                              capture_output=True).returncode == 0:
                files.append(converted)
                legacy_done.add((language, charset))
    return files


def test_a_broad_set_was_found(decompiled: list[Path]):
    languages = {path.name.split("-")[1] for path in decompiled}
    assert len(decompiled) >= min(len(CATALOGS), 10)
    assert len(languages) >= min(len(CATALOGS), 5)


def test_every_catalog_is_read_and_counted_as_msgfmt_counts(decompiled: list[Path], tmp_path: Path):
    for path in decompiled:
        catalog = read_po(path)
        counts = count_catalog(catalog)
        assert (counts.translated, counts.fuzzy, counts.untranslated) == msgfmt_statistics(path), path
        # Now with fuzzy and untranslated entries: every third fuzzy, every fifth cleared.
        for index, entry in enumerate(catalog):
            if index % 5 == 0:
                entry.msgstr = ""
                entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
            elif index % 3 == 0 and "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
        derived = tmp_path / path.name
        derived.write_text(format_po(catalog), "utf-8")
        counts = count_catalog(read_po(derived))
        assert (counts.translated, counts.fuzzy, counts.untranslated) == msgfmt_statistics(derived), path


def test_the_legacy_charsets_are_decoded(decompiled: list[Path]):
    legacy = [p for p in decompiled if p.suffixes[-2:-1] and p.suffixes[-2][1:] in
              {*LEGACY.values(), "SHIFT_JIS"}]
    if any(p.parent.parent.name in LEGACY for p in CATALOGS):
        assert legacy, "msgconv converted none of the catalogs to a legacy charset"
    for path in legacy:
        original = read_po(path.with_name(path.name.split(".")[0] + ".po"))
        converted = read_po(path)
        assert [e.msgstr for e in converted] == [e.msgstr for e in original], path
        assert "charset=UTF-8" in converted.metadata["Content-Type"]


def test_check_and_stats_handle_every_catalog(decompiled: list[Path], runner):
    report = check_files(decompiled)
    assert not [f for f in report.findings if f.code == SYNTAX], "a catalog was not read"
    assert len(report.catalogs) == len(decompiled)
    # The command line too (check only on a sample: the library call above read them all).
    for command, files in (("stats", decompiled), ("check", decompiled[::6])):
        result = runner.invoke(main, [command, *map(str, files)])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            command, result.exception)
        assert result.exit_code in (0, 1), (command, result.output)
        assert "Traceback" not in result.output


def test_check_reads_a_catalog_in_a_legacy_charset(tmp_path: Path, runner):
    """`check` decoded every file as UTF-8 to locate findings, and crashed on Latin-1."""
    path = tmp_path / "fr.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
                     b'"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\n'
                     b'msgid "Coffee: 5 cups"\nmsgstr "Caf\xe9 : 6 tasses"\n')
    report = check_files([path])
    assert [f.code for f in report.findings if f.code == SYNTAX] == []
    result = runner.invoke(main, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert f"{path}:7:" in result.output + result.stderr  # the number finding, at its msgstr
