"""Fuzz the readers: HTML (+ segmenter and writer), PO (+ writer, stats, checks), glossary.

A target gets arbitrary bytes. It may refuse them with a MilialocaleError (a located
message for the user); any other exception, or an input taking longer than
--timeout seconds, is a crash. Crashing inputs are saved to benchmarks/fuzz-crashes/
to become regression tests (tests/test_fuzz.py replays tests/data/fuzz/*/).

Usage::

    python benchmarks/fuzz.py po --seconds 600              # random mutations of seeds
    python benchmarks/fuzz.py all --seconds 60
    python benchmarks/fuzz.py html --engine atheris --seconds 3600   # coverage-guided

The default engine mutates seed files (the article, the catalogs, the glossary and
small samples) with a seeded random generator, so a run is reproducible with --seed.
With ``pip install atheris``, ``--engine atheris`` runs libFuzzer with coverage feedback.
tests/test_fuzz.py runs the same targets briefly under hypothesis.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRASHES = ROOT / "benchmarks" / "fuzz-crashes"

from milialocale import poparse  # noqa: E402
from milialocale.checks import CheckContext, catalog_messages, check_message  # noqa: E402
from milialocale.errors import MilialocaleError  # noqa: E402
from milialocale.glossary import lint_glossary, parse_csv, parse_tbx  # noqa: E402
from milialocale.poformat import format_po  # noqa: E402
from milialocale.pofiles import parse_po  # noqa: E402
from milialocale.readers.html import parse_html  # noqa: E402
from milialocale.segment import extract_units  # noqa: E402
from milialocale.stats import count_catalog  # noqa: E402
from milialocale.writers.html import apply_translations  # noqa: E402
from milialocale.writers.page import serialize  # noqa: E402


class Broken(AssertionError):
    """An invariant failed on an input the reader accepted."""


# -- targets ----------------------------------------------------------------------------


def fuzz_html(data: bytes) -> None:
    """Read, segment, translate (each unit by a mangled copy of itself) and serialize."""
    try:
        tree = parse_html(data, "fuzz.html")
    except MilialocaleError:
        return
    units = extract_units(tree, "fuzz.html")
    lookup = {unit.key: unit.text[::-1] if i % 2 else unit.text.upper() for i, unit in enumerate(units)}
    apply_translations(tree, "fuzz.html", lookup, locale="fr", source_locale="en", date_locale="fr")
    serialize(tree)


def fuzz_po(data: bytes) -> None:
    """Parse; then the written form must parse back to the same entries, the fast path must
    agree with the full lexer, and stats and every QA check must run."""
    decoded = data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    fast, slow = _outcome(decoded, fast=True), _outcome(decoded, fast=False)
    if fast != slow:
        raise Broken(f"fast path {fast!r} != full lexer {slow!r}")
    try:
        catalog = parse_po(data, "fuzz.po")
    except MilialocaleError:
        return
    text = format_po(catalog)
    try:
        again = parse_po(text.encode("utf-8"), "again.po")
    except MilialocaleError as exc:
        raise Broken(f"format_po wrote a file we cannot read: {exc}") from exc
    if [_fields(e) for e in _written(catalog)] != [_fields(e) for e in again]:
        raise Broken("format_po then parse_po changed the catalog")
    count_catalog(catalog)
    context = CheckContext("en", catalog.metadata.get("Language") or "fr")
    for message in catalog_messages(catalog, "fuzz.po", text=text):
        check_message(context, message)


def fuzz_glossary(data: bytes) -> None:
    """Read the bytes as TBX and as CSV; lint what is accepted."""
    for parse in (lambda: parse_tbx(data, "fuzz.tbx"),
                  lambda: parse_csv(data.decode("utf-8", "replace"), "fuzz.csv")):
        try:
            glossary = parse()
        except MilialocaleError:
            continue
        lint_glossary(glossary)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "html": fuzz_html, "po": fuzz_po, "glossary": fuzz_glossary,
}


def _written(catalog):
    """The entries format_po writes, in its order (obsolete ones last, if translated)."""
    active = [e for e in catalog if not e.obsolete]
    obsolete = [e for e in catalog if e.obsolete
                and (any(e.msgstr_plural.values()) if e.msgid_plural else e.msgstr)]
    return active + obsolete


def _fields(entry) -> tuple:
    """An entry as format_po can write it: flags other than fuzzy are dropped on obsolete
    entries, fuzzy on untranslated ones, and repeated references are written once."""
    translated = any(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)
    flags = [] if entry.obsolete else [f for f in entry.flags if f != "fuzzy"]
    fuzzy = "fuzzy" in entry.flags and translated
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, entry.msgstr_plural,
            bool(entry.obsolete), entry.tcomment, entry.comment,
            list(dict.fromkeys(entry.occurrences)), flags, fuzzy,
            entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural)


def _outcome(text: str, *, fast: bool):
    try:
        tokens = poparse._tokenize(text, "utf-8", fast=fast)
        return [_fields(e) for e in poparse._entries(tokens, "utf-8")]
    except poparse._Fail as exc:
        return (exc.line, exc.message)


# -- seeds and mutations ----------------------------------------------------------------

TOKENS = {
    "html": [b"<div>", b"</div>", b"<p>", b"</p>", b"<span>", b"<a href='x'>", b"</a>", b"<br>",
             b"<img alt='x'>", b"<!--", b"-->", b"<script>", b"</script>", b"<table>", b"<td>",
             b'<meta charset="windows-1252">', b"&amp;", b"&#1;", b"\xe2\x80\xae",
             b"<time datetime='2024-01-01'>", b"</time>", b' translate="no"', b"<code>", b"<wbr>",
             b"<svg>", b"<math>", b"<template>", b"<pre>", b"<?xml ?>", b"<!DOCTYPE html>"],
    "po": [b'msgid "', b'msgstr "', b'msgctxt "', b'msgid_plural "', b"msgstr[0] ", b"msgstr[1] ",
           b'"', b"\\", b"\\n", b"\\x", b"\\0", b"\\303\\251", b"\n", b"\r\n", b"#~ ", b"#| ",
           b"#~| ", b"#, fuzzy\n", b"#: a.c:1\n", b"#. x\n", b"# x\n", b"\xef\xbb\xbf", b"\xc3\xa9",
           b"charset=ISO-8859-1", b"charset=SHIFT_JIS", b"charset=UTF-7", b"[", b"]", b"domain ",
           b"\x04", b"\\\n", b'""\n'],
    "glossary": [b"<!DOCTYPE tbx [", b"<!ENTITY a 'x'>", b"]>", b"&a;", b"<conceptEntry id='c'>",
                 b"</conceptEntry>", b"<langSec xml:lang='fr'>", b"</langSec>", b"<termSec>",
                 b"<term>", b"</term>", b"</termSec>", b"<termNote type='administrativeStatus'>",
                 b"deprecatedTerm-admn-sts", b"<descrip type='definition'>", b",", b"\"", b"\n",
                 b"concept_id,language,term,status\n", b"\xc3\xa9"],
}


def seeds(target: str) -> list[bytes]:
    """Real files of the project plus small samples."""
    if target == "html":
        files = [ROOT / "source" / "milia-in-babies.html"]
        samples = [b"<html><body><p>Hi <b>there</b></p></body></html>",
                   b"<p title='t'>a<br>b<img alt='i'> <a href='#'>c</a></p><ul><li>x<ul><li>y</ul></ul>"]
    elif target == "po":
        files = sorted((ROOT / "locales").rglob("*.po"))[:2] + [ROOT / "locales" / "milia-in-babies.pot"]
        samples = [b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                   b'#, fuzzy\n#| msgid "old"\nmsgctxt "c"\nmsgid "a"\nmsgid_plural "as"\n'
                   b'msgstr[0] "x"\nmsgstr[1] "y"\n\n#~ msgid "o"\n#~ msgstr "p"\n']
    else:
        files = [ROOT / "locales" / "glossary.tbx"]
        samples = [b"concept_id,language,term,status\nc,en,milia,preferred\nc,fr,grain,deprecated\n",
                   b"<tbx xmlns='urn:iso:std:iso:30042:ed-2' xml:lang='en'><text><body>"
                   b"<conceptEntry id='c'><langSec xml:lang='en'><termSec><term>milia</term>"
                   b"</termSec></langSec></conceptEntry></body></text></tbx>"]
    return [p.read_bytes()[:60_000] for p in files if p.exists()] + samples


_SYNTAX = b"<>/=\"' &;#!-[]\\\n\tamxp0"


def mutate(data: bytes, rng: random.Random, tokens: list[bytes]) -> bytes:
    """A few random edits: insert a token, delete, duplicate or flip a span, truncate."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        position = rng.randint(0, len(data))
        operation = rng.randrange(6)
        if operation == 0:
            data[position:position] = rng.choice(tokens)
        elif operation == 1:
            del data[position:position + rng.randint(1, 64)]
        elif operation == 2:
            start = rng.randint(0, len(data))
            data[position:position] = data[start:start + rng.randint(1, 256)]
        elif operation == 3 and data:  # mostly syntax characters: bytes >= 0x80 are refused early
            data[min(position, len(data) - 1)] = (rng.randrange(256) if rng.random() < 0.1
                                                  else rng.choice(_SYNTAX))
        elif operation == 4:
            data[position:position] = rng.choice(tokens) * rng.randint(2, 2000)
        else:
            del data[position:]
    return bytes(data)


# -- engines ----------------------------------------------------------------------------


def run_one(target: str, data: bytes, timeout: float) -> str | None:
    """Run one input; the traceback when it crashed or hung, else None."""
    def expire(signum, frame):
        raise TimeoutError(f"took longer than {timeout} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        TARGETS[target](data)
    except Exception:  # noqa: BLE001 - every other exception is what we are looking for
        return traceback.format_exc()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return None


def save_crash(target: str, data: bytes, report: str) -> Path:
    CRASHES.mkdir(parents=True, exist_ok=True)
    path = CRASHES / f"{target}-{hashlib.sha1(data).hexdigest()[:12]}.bin"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(report, "utf-8")
    return path


def random_engine(target: str, seconds: float, seed: int, timeout: float) -> int:
    rng = random.Random(seed)
    corpus = seeds(target)
    runs = crashes = 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        data = mutate(rng.choice(corpus), rng, TOKENS[target])
        report = run_one(target, data, timeout)
        runs += 1
        if report is not None:
            crashes += 1
            path = save_crash(target, data, report)
            print(f"{target}: crash saved to {path.relative_to(ROOT)}\n{report}", file=sys.stderr)
        elif rng.random() < 0.05 and len(data) < 200_000:
            corpus.append(data)  # keep some mutants as seeds: deeper mutations
    print(f"{target}: {runs} inputs in {seconds:g} s, {crashes} crashes (seed {seed})")
    return crashes


def atheris_engine(target: str, seconds: float, timeout: float) -> int:
    import tempfile

    import atheris  # pip install atheris

    corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
    for index, data in enumerate(seeds(target)):
        (corpus / f"seed{index}").write_bytes(data)

    def one_input(data: bytes) -> None:
        try:
            TARGETS[target](data)
        except MilialocaleError:
            pass

    CRASHES.mkdir(parents=True, exist_ok=True)
    atheris.instrument_all()
    atheris.Setup([sys.argv[0], str(corpus), f"-max_total_time={int(seconds)}",
                   f"-timeout={int(timeout)}", f"-artifact_prefix={CRASHES}/{target}-",
                   "-rss_limit_mb=2048"], one_input)
    atheris.Fuzz()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=[*TARGETS, "all"])
    parser.add_argument("--seconds", type=float, default=60, help="time per target")
    parser.add_argument("--engine", choices=["random", "atheris"], default="random")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--timeout", type=float, default=10, help="seconds an input may take")
    options = parser.parse_args(argv)
    targets = list(TARGETS) if options.target == "all" else [options.target]
    if options.engine == "atheris":
        if len(targets) != 1:
            parser.error("atheris runs one target per process")
        return atheris_engine(targets[0], options.seconds, options.timeout)
    crashes = sum(random_engine(t, options.seconds, options.seed, options.timeout) for t in targets)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
