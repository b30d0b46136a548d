"""`poparse.tally`: counting a catalog in plain GNU layout without reading its strings.

It must give what counting the `summarize` of the same bytes gives (states, word counts,
metadata), or decline (None) so that `summarize` reads the file and reports its errors.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from milialocale import poparse, stats
from milialocale.errors import PoSyntaxError
from milialocale.placeholders import TAG_PATTERN
from milialocale.poformat import format_po
from test_poparse import CORPUS, HEADER, catalogs, damaged


def counted(data: bytes):
    """What stats counts from the `summarize` of `data`, or its error."""
    try:
        summary = poparse.summarize(data, "t.po")
    except PoSyntaxError as exc:
        return exc.location.line, exc.message
    return summary.metadata, stats.count_messages(summary.messages)


def agrees(data: bytes) -> bool:
    """Whether `tally` read `data` (asserting it counted as `summarize` does)."""
    found = poparse.tally(data)
    if found is not None:
        assert (found.metadata, stats._count_tally(found)) == counted(data), data
    return found is not None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(), st.data())
def test_a_tally_counts_as_the_summary_does(catalog, data):
    if data.draw(st.booleans()):  # keep only entries the fast paths read
        catalog[:] = [e for e in catalog if not e.obsolete and not e.msgid_plural]
    agrees(damaged(format_po(catalog), data).encode())


GOOD_PIECES = ["a", "b c", "é", "’", "中", "<b>", "</b>", "<br/>", " ", "-", "'", "\\n", "fuzzy"]
CONTENT = st.lists(st.sampled_from(GOOD_PIECES * 20 + ["\\t", '\\"', "\\", '"', "\x04"]),
                   max_size=4).map("".join)


@st.composite
def plain_layouts(draw) -> str:
    """Catalogs in (or near) the layout GNU tools write, now and then broken."""
    def strings(prefix: str = "") -> str:
        lines = draw(st.lists(CONTENT, min_size=1, max_size=3))
        return "".join(f'{prefix if index else ""}"{line}"\n' for index, line in enumerate(lines))

    out = [HEADER.decode()] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 5))):
        out += draw(st.lists(st.sampled_from(["#, fuzzy\n", "#, c-format, fuzzy\n", "#,fuzzy\n",
                                              "#! fuzzy\n", "#. fuzzy x\n", '# "q"\n', "#: a.html:1\n",
                                              "#\n"] * 5 + ["#~ x\n", "# x\\\n"]), max_size=3))
        if draw(st.booleans()):
            if draw(st.booleans()):
                out.append("#| msgctxt " + strings("#| "))
            out.append("#| msgid " + strings("#| "))
        if draw(st.booleans()):
            out.append("msgctxt " + strings())
        out += ["msgid " + strings(), "msgstr " + strings()]
        out.append(draw(st.sampled_from(["\n", "\n", "", "\n\n"])))
    text = "".join(out)
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        position = draw(st.integers(0, len(text)))
        text = text[:position] + draw(st.sampled_from(['"', "\n", "#~ ", "msgid \"x\"\n", ""])) + text[position:]
    return text


@settings(max_examples=600, deadline=None)
@given(plain_layouts())
def test_a_tally_of_plain_layouts_counts_as_the_summary_does(text):
    agrees(text.encode())


PIECES = st.sampled_from(['msgid "', 'msgstr "', 'msgctxt "', '#| msgid "', '#| "', '"', '"\n',
                          "\n", "\n\n", "#, fuzzy\n", "#, c-format, fuzzy\n", "#. x\n", "# a\n",
                          "a", "é", "’", "<b>", "</b>", "word-word", " ", "\\n", "\\", "\\t",
                          '\\"', "\r", "\x04", "#~ ", "fuzzy"])


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join), st.booleans())
@example('msgid "a"\nmsgstr ""\n""\n\nmsgid "b"\nmsgstr ""\n', True)
@example('msgid "a"\n"b"\nmsgstr "x"\n\nmsgid "ab"\nmsgstr "y"\n', True)
@example('#, fuzzy\nmsgid "a"\nmsgstr ""\n', False)
@example('#| msgid "a"b"\nmsgid "a"\nmsgstr "x"\n', False)
@example('# c\\\nmsgid "a"\nmsgstr "x"\n', False)
def test_a_tally_of_any_pieces_counts_as_the_summary_does(text, with_header):
    agrees(((HEADER.decode() if with_header else "") + text).encode())


def test_the_parser_corpus_and_fuzz_inputs_are_counted_alike():
    for data, _, _ in CORPUS.values():
        agrees(data)
    for path in sorted((ROOT / "tests" / "data" / "fuzz" / "po").iterdir()):
        agrees(path.read_bytes())


def test_mutated_project_catalogs_are_counted_alike():
    from test_fuzz import fuzz

    rng = random.Random(7)
    seeds = fuzz.seeds("po")
    for _ in range(300):
        agrees(fuzz.mutate(rng.choice(seeds), rng, fuzz.TOKENS["po"]))


def test_catalogs_in_gnu_layout_are_tallied():
    for path in sorted((ROOT / "locales").rglob("*.po*")):
        assert agrees(path.read_bytes()), path
    text = (HEADER + b'#. x\n#, fuzzy\n#| msgid "o"\n#| "ld"\nmsgid ""\n"a b"\n"c\\n"\nmsgstr "x"\n\n'
            b'msgctxt "k"\nmsgid "a b"\nmsgstr ""\n\nmsgid "<b>d</b>e"\nmsgstr "y"\n')
    found = poparse.tally(text)
    assert agrees(text) and (found.translated, found.fuzzy, found.untranslated) == (1, 1, 1)


def test_what_the_charset_sniff_reads_otherwise_is_left_to_summarize():
    latin1 = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    assert poparse.tally(latin1) is None and poparse.tally(latin1.replace(b"ISO-8859-1", b"UTF-8"))
    # _declared_charset reads the first 64 KiB: a longer header is not read alike
    def with_header_lines(count: int) -> bytes:
        return HEADER.replace(b'"\n\n', b'"\n' + b'"x"\n' * count + b"\n") + b'msgid "a"\nmsgstr "b"\n'

    assert agrees(with_header_lines(100)) and poparse.tally(with_header_lines(20000)) is None
    assert agrees(b"\xef\xbb\xbf" + HEADER + b'msgid "a"\nmsgstr "b"\n')


def test_the_tag_pattern_is_the_placeholders_one():
    assert stats._TAG.pattern == TAG_PATTERN.pattern.encode()


def test_random_catalogs_of_whole_lines_reach_the_tally():
    """Whole entries, each now and then damaged: most must be counted by the tally
    itself (with messages, not just a header), and all alike."""
    rng = random.Random(11)
    flags = ["", "#, fuzzy\n", "#, c-format, fuzzy\n", "#. note\n", "#: a.html:3\n", "#| msgid \"old\"\n"]
    texts = ["a", "b c", "é’中", "<b>x</b> y", "word-word", "l\\n", ""]
    tallied = 0
    for _ in range(600):
        entries = [HEADER.decode()]
        for number in range(rng.randint(1, 8)):
            context = f'msgctxt "k{number % 2}"\n' if rng.random() < 0.2 else ""
            msgid = "".join(f'"{rng.choice(texts)}"\n' for _ in range(rng.randint(1, 2)))
            msgstr = "".join(f'"{rng.choice(texts)}"\n' for _ in range(rng.randint(1, 2)))
            entries.append(f"{rng.choice(flags)}{context}msgid {msgid}msgstr {msgstr}\n")
        text = "".join(entries)
        if rng.random() < 0.2:
            position = rng.randrange(len(text))
            text = text[:position] + rng.choice(['"', "\n", "#~ ", "\\", "# x\n"]) + text[position:]
        found = poparse.tally(text.encode())
        if agrees(text.encode()) and found.translated + found.fuzzy + found.untranslated:
            tallied += 1
    assert tallied >= 200  # (duplicate msgids, most often, are left to summarize)


def test_the_search_stops_where_the_entries_stop():
    """On a damaged file the entry search ends at the first text that is no entry, in
    one last match holding the rest (were it to try every later position, each try
    would read to the end of the comment block: quadratic time)."""
    entries = HEADER + b'msgid "a"\nmsgstr "b"\n\n'
    rest = b"# a translator's note\n" * 2000 + b"junk\n"
    found = poparse._plain_entries().findall(entries + rest)
    assert [match[0] for match in found[:-1]] == [HEADER.rstrip(b"\n") + b"\n", b'\nmsgid "a"\nmsgstr "b"\n']
    assert found[-1][-1] == b"\n" + rest and poparse.tally(entries + rest) is None
