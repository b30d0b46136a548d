"""Time milialocale's pipeline against translate-toolkit and GNU gettext on one corpus.

The corpus is N documents derived from the article (every text block starts with a
codeword of its own, so msgids differ between documents) with translations in L
locales taken from the repository's catalogs. Every stage runs as a command in a fresh
child process, so each tool pays its start-up, and is timed side by side in the same
run on the same files:

    stage            milialocale                 translate-toolkit         GNU gettext
    extract          milialocale extract         html2po -P                -
    update           milialocale update          pot2po -t                 msgmerge --previous (per file)
    check            milialocale check           pofilter                  -
    stats            milialocale stats           pocount                   msgfmt --statistics (per file)
    build            milialocale build           po2html                   -

`update` runs after a one-sentence source edit in every document (and a re-extract,
not timed). The other stages run twice: cold (no cache), then again with nothing
changed, which the incremental cache answers. Each cell is the median wall time of
`-r` repetitions; "cpu" is user+system time of the stage's processes, "MB" their
peak memory: the largest single process (ru_maxrss) or, with worker processes, the
largest sum over the live process tree sampled every 20 ms, whichever is larger.

Usage:
    python3 benchmarks/pipeline.py -n 500 -l 1 -r 3
    python3 benchmarks/pipeline.py -n 5000 -l 6 --tools milialocale
    python3 benchmarks/pipeline.py --series 250,500,1000,2000 -l 1 --tools milialocale,ttk
    python3 benchmarks/pipeline.py --big 50000        # update of one large catalog vs msgmerge
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "source" / "milia-in-babies.html"
LOCALES = ("fr", "de", "es", "pt_BR", "ar", "zh_Hans")
EDIT = ("which happens due to aging.", "which happens with aging.")
EPOCH = "1700000000"

# Runs the commands given as JSON on stdin one after the other in this child process,
# then reports the children's resources: so each measurement starts from zero.
_WRAPPER = r"""
import json, os, resource, subprocess, sys, threading, time
commands, cwd = json.load(sys.stdin)
me, peak, done = os.getpid(), [0], threading.Event()
page = os.sysconf("SC_PAGE_SIZE")
def tree(pid):
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                for child in handle.read().split():
                    found += tree(int(child))
    except OSError:
        pass
    return found
def sample():
    while not done.wait(0.02):
        total = 0
        for pid in tree(me)[1:]:
            try:
                with open(f"/proc/{pid}/statm") as handle:
                    total += int(handle.read().split()[1]) * page
            except (OSError, IndexError, ValueError):
                pass
        peak[0] = max(peak[0], total)
threading.Thread(target=sample, daemon=True).start()
codes = []
start = time.perf_counter()
for command in commands:
    codes.append(subprocess.run(command, cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode)
wall = time.perf_counter() - start
done.set()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "maxrss": usage.ru_maxrss * 1024, "tree": peak[0],
                  "cpu": usage.ru_utime + usage.ru_stime, "codes": sorted(set(codes))}))
"""


def tool(name: str) -> str:
    """The executable of a Python tool installed next to this interpreter, rather than a
    version manager's shim on PATH (pyenv's add a shell and a lookup to every run)."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def child_env() -> dict[str, str]:
    """The environment of every measured command: bytecode caching on (as after an
    install), a fixed SOURCE_DATE_EPOCH, no colours or progress bars."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(SOURCE_DATE_EPOCH=EPOCH, NO_COLOR="1", LC_ALL="C.UTF-8")
    return env


def measure(commands: list[list[str]], cwd: Path) -> dict:
    """Run `commands` in a fresh child; wall seconds, cpu seconds, peak bytes, exit codes.

    The child times the commands itself: its own start-up (a Python interpreter, ~0.1 s
    here) is no part of any tool's time."""
    done = subprocess.run([sys.executable, "-c", _WRAPPER], input=json.dumps([commands, str(cwd)]),
                          capture_output=True, text=True, env=child_env(), check=True)
    report = json.loads(done.stdout)
    return {"wall": report["wall"], "cpu": report["cpu"], "peak": max(report["maxrss"], report["tree"]),
            "codes": report["codes"]}


# -- the corpus -------------------------------------------------------------------------


def codeword(index: int) -> str:
    """A pronounceable word of fixed length, distinct per document and without digits
    (so the numbers check has nothing to say about it)."""
    letters = []
    for _ in range(4):
        index, rest = divmod(index, 26)
        letters.append(chr(ord("a") + rest))
    return "Vex" + "".join(reversed(letters))


def document_name(index: int) -> str:
    return f"doc{index:05d}"


_BLOCK = re.compile(r"(<(?:p|li|h[1-6]|figcaption|td|th|dt|dd)(?:\s[^>]*)?>)")


def variant(html: str, index: int) -> str:
    """The article with `codeword(index)` at the start of every text block."""
    word = codeword(index)
    return _BLOCK.sub(lambda m: m.group(1) + word + " ", html)


def substitute(text: str, index: int) -> str:
    """A file made for document 0 rewritten for document `index` (same lengths, so the
    PO line wrapping is unchanged)."""
    return text.replace(codeword(0), codeword(index)).replace(document_name(0), document_name(index))


def _ml_files(base: Path, html: str, edited: str, locales: tuple[str, ...]) -> dict[str, str]:
    """Template, catalogs and edited template of document 0, made by milialocale itself."""
    import polib

    from milialocale.catalog import merge
    from milialocale.poformat import format_po
    from milialocale.pofiles import read_po
    from milialocale.project import extract_template, updated_catalog

    name = document_name(0)
    project = base / "seed"
    (project / "source").mkdir(parents=True)
    files = {}
    for key, text in (("pot", html), ("pot-edited", edited)):
        page = project / "source" / f"{name}.html"
        page.write_text(text, "utf-8")
        files[key] = extract_template([(page, f"source/{name}.html")], project=name, existing=None)
    (project / "t.pot").write_text(files["pot"], "utf-8")
    template = read_po(project / "t.pot")
    word = codeword(0)
    for locale in locales:
        original = read_po(ROOT / "locales" / locale / "LC_MESSAGES" / f"{ARTICLE.stem}.po")
        by_text = {(e.msgctxt, e.msgid): e for e in original if not e.obsolete}
        mapped = polib.POFile(wrapwidth=79)
        mapped.metadata = dict(original.metadata)
        mapped.header = original.header
        for entry in template:
            text = entry.msgid
            prefixed = text.startswith(word + " ")
            source = by_text.get((entry.msgctxt, text[len(word) + 1:] if prefixed else text))
            if source is None or not source.msgstr or "fuzzy" in source.flags:
                continue
            mapped.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=text,
                                        msgstr=(word + " " + source.msgstr) if prefixed else source.msgstr,
                                        tcomment=source.tcomment, flags=list(source.flags)))
        files[locale] = format_po(merge(updated_catalog(template, mapped, locale), template))
    return files


def _fill_identity(pot: str) -> str:
    """A translate-toolkit template with every msgstr set to its msgid (a translation
    that is complete, so every unit is checked, counted and rebuilt)."""
    out = []
    for block in pot.split("\n\n"):
        lines = block.split("\n")
        if 'msgid ""' in lines and lines[lines.index('msgid ""') + 1:lines.index('msgid ""') + 2] == ['msgstr ""']:
            out.append(block)  # the header
            continue
        try:
            start = next(i for i, l in enumerate(lines) if l.startswith("msgid "))
            end = next(i for i, l in enumerate(lines) if l.startswith("msgstr "))
        except StopIteration:
            out.append(block)
            continue
        msgid = lines[start:end]
        out.append("\n".join(lines[:end] + ["msgstr" + msgid[0][5:]] + msgid[1:] + lines[end + 1:]))
    return "\n\n".join(out)


def _project_templates(ml: Path, edited: Path) -> None:
    """Let `milialocale extract` rewrite the templates of both projects, as a repository
    holds them: the same entries as file mode gives, plus the header line that vouches
    for them (`X-Milialocale-Source`), which spares `check` segmenting the pages again."""
    shutil.copy(ml / "milialocale.toml", edited / "milialocale.toml")
    for project in (ml, edited):
        subprocess.run([sys.executable, "-m", "milialocale", "extract", "-q"], cwd=project,
                       env=child_env(), check=True)
        _reset(project / ".milialocale-cache")
    (edited / "milialocale.toml").unlink()


def make_corpus(base: Path, n: int, locales: tuple[str, ...], tools: set[str]) -> dict[str, Path]:
    """Write the corpus for every tool under `base`; return the directories."""
    html = ARTICLE.read_text("utf-8")
    assert EDIT[0] in html
    edited_html = html.replace(EDIT[0], EDIT[1], 1)
    ml = base / "ml"
    (ml / "source").mkdir(parents=True)
    for asset in ("images", "styles"):
        shutil.copytree(ARTICLE.parent / asset, ml / "source" / asset)
    (ml / "milialocale.toml").write_text(
        'source_dir = "source"\nlocales_dir = "locales"\noutput_dir = "site"\n'
        f'locales = {json.dumps(list(locales))}\nglossary = "locales/glossary.tbx"\n'
        "min_completeness = 50\n", "utf-8")
    (ml / "locales").mkdir()
    shutil.copy(ROOT / "locales" / "glossary.tbx", ml / "locales" / "glossary.tbx")
    files = _ml_files(base, variant(html, 0), variant(edited_html, 0), locales)
    edited = base / "edited"
    (edited / "source").mkdir(parents=True)
    (edited / "locales").mkdir()
    for i in range(n):
        name = document_name(i)
        (ml / "source" / f"{name}.html").write_text(variant(html, i), "utf-8")
        (edited / "source" / f"{name}.html").write_text(variant(edited_html, i), "utf-8")
        (ml / "locales" / f"{name}.pot").write_text(substitute(files["pot"], i), "utf-8")
        (edited / "locales" / f"{name}.pot").write_text(substitute(files["pot-edited"], i), "utf-8")
        for locale in locales:
            directory = ml / "locales" / locale / "LC_MESSAGES"
            directory.mkdir(parents=True, exist_ok=True)
            (directory / f"{name}.po").write_text(substitute(files[locale], i), "utf-8")
    _project_templates(ml, edited)
    shutil.copytree(ml / "locales", base / "ml-locales")  # pristine catalogs and templates
    shutil.copytree(ml / "source", base / "ml-source")
    dirs = {"ml": ml, "edited": edited, "pristine": base / "ml-locales", "sources": base / "ml-source"}
    if "ttk" in tools:
        ttk = base / "ttk"
        (ttk / "src").mkdir(parents=True)
        (ttk / "src-edited").mkdir()
        for asset in ("images", "styles"):
            shutil.copytree(ARTICLE.parent / asset, ttk / "src" / asset)
        seed = base / "ttk-seed"
        (seed / "src").mkdir(parents=True)
        (seed / "src" / f"{document_name(0)}.html").write_text(variant(html, 0), "utf-8")
        subprocess.run([tool("html2po"), "--progress=none", "-P", "src", "pot"], cwd=seed, check=True,
                       env=child_env(), capture_output=True)
        po = _fill_identity((seed / "pot" / f"{document_name(0)}.pot").read_text("utf-8"))
        for i in range(n):
            name = document_name(i)
            shutil.copy(ml / "source" / f"{name}.html", ttk / "src" / f"{name}.html")
            shutil.copy(edited / "source" / f"{name}.html", ttk / "src-edited" / f"{name}.html")
            for locale in locales:
                directory = ttk / "po" / locale
                directory.mkdir(parents=True, exist_ok=True)
                (directory / f"{name}.po").write_text(substitute(po, i), "utf-8")
        subprocess.run([tool("html2po"), "--progress=none", "-P", "src-edited", "pot-edited"], cwd=ttk,
                       check=True, env=child_env(), capture_output=True)
        dirs["ttk"] = ttk
    return dirs


# -- the stages -------------------------------------------------------------------------


def _reset(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def ml_stages(dirs: dict[str, Path], locales: tuple[str, ...], jobs: int | None):
    """(stage, prepare, commands, cwd) for milialocale, in the order they must run."""
    ml, edited, pristine = dirs["ml"], dirs["edited"], dirs["pristine"]
    exe = [sys.executable, "-m", "milialocale"]
    j = ["-j", str(jobs)] if jobs else []

    def fresh_templates():
        for pot in ml.glob("locales/*.pot"):
            pot.unlink()

    def fresh_site():  # check's cache stays: a CI job runs check, then build
        _reset(ml / "site")
        for name in ("build.json", "plan.json"):
            (ml / ".milialocale-cache" / name).unlink(missing_ok=True)

    def cold_site():
        _reset(ml / "site")
        _reset(ml / ".milialocale-cache")

    def restore_catalogs():
        _reset(ml / "locales")
        shutil.copytree(pristine, ml / "locales")
        _reset(ml / ".milialocale-cache")

    def edit_sources():
        for page in edited.glob("source/*.html"):
            shutil.copy(page, ml / "source" / page.name)
        for pot in edited.glob("locales/*.pot"):
            shutil.copy(pot, ml / "locales" / pot.name)

    def unedit_sources():
        for page in dirs["sources"].glob("*.html"):
            shutil.copy(page, ml / "source" / page.name)

    def start():
        restore_catalogs()
        unedit_sources()
        fresh_templates()

    def steady_update():
        """The state after the previous commit's `update`: its cache is there."""
        restore_catalogs()
        unedit_sources()
        subprocess.run(exe + ["update", "-q", *j], cwd=ml, env=child_env(), check=True)
        edit_sources()

    return [
        ("extract", start, [exe + ["extract", "-q", *j]], ml),
        ("extract: nothing changed", None, [exe + ["extract", "-q", *j]], ml),
        ("check", restore_catalogs, [exe + ["check", *j, "--format", "json", "-o", "report.json"]], ml),
        ("check: nothing changed", None, [exe + ["check", *j, "--format", "json", "-o", "report.json"]], ml),
        ("stats", lambda: (ml / ".milialocale-cache" / "stats.json").unlink(missing_ok=True),
         [exe + ["stats", *j]], ml),
        ("stats: nothing changed", None, [exe + ["stats", *j]], ml),
        ("build", fresh_site, [exe + ["build", "-q", *j]], ml),
        ("build: nothing changed", None, [exe + ["build", "-q", *j]], ml),
        ("build: no cache at all", cold_site, [exe + ["build", "-q", *j]], ml),
        ("update: no cache", lambda: (restore_catalogs(), edit_sources()), [exe + ["update", "-q", *j]], ml),
        ("update", steady_update, [exe + ["update", "-q", *j]], ml),
    ]


def ttk_stages(dirs: dict[str, Path], locales: tuple[str, ...]):
    ttk = dirs["ttk"]
    quiet = "--progress=none"

    def clean(*names):
        def prepare():
            for name in names:
                _reset(ttk / name)
                (ttk / name).mkdir()  # the tools create one level of directory, not two
        return prepare

    return [
        ("extract", clean("pot"), [[tool("html2po"), quiet, "-P", "src", "pot"]], ttk),
        ("check", clean("filtered"), [[tool("pofilter"), quiet, "po", "filtered"]], ttk),
        ("stats", None, [[tool("pocount"), "po"]], ttk),
        ("build", clean("out"), [[tool("po2html"), quiet, "-t", "src", f"po/{loc}", f"out/{loc}"]
                                 for loc in locales], ttk),
        ("update", clean("po-new"), [[tool("pot2po"), quiet, "-t", f"po/{loc}", "pot-edited", f"po-new/{loc}"]
                                     for loc in locales], ttk),
    ]


def gnu_stages(dirs: dict[str, Path], locales: tuple[str, ...], n: int):
    pristine, edited = dirs["pristine"], dirs["edited"]
    work = dirs["ml"].parent / "gnu"
    work.mkdir(exist_ok=True)
    merges, counts = [], []
    for i in range(n):
        name = document_name(i)
        for loc in locales:
            po = pristine / loc / "LC_MESSAGES" / f"{name}.po"
            counts.append(["msgfmt", "--statistics", "-o", "/dev/null", str(po)])
            merges.append(["msgmerge", "--quiet", "--previous", "-o", str(work / f"{loc}-{name}.po"),
                           str(po), str(edited / "locales" / f"{name}.pot")])
    return [("stats", None, counts, work), ("update", None, merges, work)]


def run_benchmark(n: int, locales: tuple[str, ...], repeat: int, tools: set[str],
                  jobs: int | None, keep: Path | None, stages: set[str] | None = None,
                  skipped: set[str] = frozenset()) -> dict:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="milialocale-bench-", dir=keep))
    try:
        started = time.perf_counter()
        dirs = make_corpus(base, n, locales, tools)
        print(f"corpus: {n} documents x {len(locales)} locale(s) in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
        results: dict[str, dict[str, list[dict]]] = {}
        plans = []
        if "milialocale" in tools:
            plans.append(("milialocale", ml_stages(dirs, locales, jobs)))
        if "ttk" in tools:
            plans.append(("ttk", ttk_stages(dirs, locales)))
        if "gnu" in tools:
            plans.append(("gnu", gnu_stages(dirs, locales, n)))
        wanted = stages
        for _ in range(repeat):
            for tool, stages in plans:
                for stage, prepare, commands, cwd in stages:
                    if wanted is not None and stage not in wanted and stage.split(":")[0] not in wanted:
                        continue
                    if stage in skipped:
                        continue
                    if prepare is not None:
                        prepare()
                    result = measure(commands, cwd)
                    results.setdefault(stage, {}).setdefault(tool, []).append(result)
                    print(f"  {tool:12} {stage:24} {result['wall']:8.2f} s", file=sys.stderr)
        return {"n": n, "locales": list(locales), "repeat": repeat, "jobs": jobs or os.cpu_count(),
                "results": {stage: {tool: _median(runs) for tool, runs in by_tool.items()}
                            for stage, by_tool in results.items()}}
    finally:
        if keep is None:
            shutil.rmtree(base, ignore_errors=True)


def _median(runs: list[dict]) -> dict:
    return {"wall": statistics.median(r["wall"] for r in runs),
            "cpu": statistics.median(r["cpu"] for r in runs),
            "peak": max(r["peak"] for r in runs),
            "codes": sorted({c for r in runs for c in r["codes"]})}


STAGE_ORDER = ("extract", "extract: nothing changed", "update", "update: no cache", "check",
               "check: nothing changed", "stats", "stats: nothing changed", "build",
               "build: nothing changed", "build: no cache at all")


def table(report: dict) -> str:
    """A Markdown table: seconds (cpu seconds) and MB per tool, and the ratios."""
    rows = ["| stage | milialocale s (cpu) | MB | translate-toolkit s | MB | ratio | "
            "GNU gettext s | MB | ratio |", "|---|---|---|---|---|---|---|---|---|"]
    results = report["results"]
    for stage in STAGE_ORDER:
        if stage not in results:
            continue
        by_tool = results[stage]
        ml = by_tool.get("milialocale")
        cells = [stage]
        cells += [f"{ml['wall']:.2f} ({ml['cpu']:.2f})", f"{ml['peak'] / 2**20:.0f}"] if ml else ["-", "-"]
        for tool in ("ttk", "gnu"):
            other = by_tool.get(tool) or results.get(stage.split(":")[0], {}).get(tool)
            if other and ml and tool in by_tool:
                cells += [f"{other['wall']:.2f}", f"{other['peak'] / 2**20:.0f}",
                          f"{other['wall'] / ml['wall']:.1f}x"]
            elif other and ml:
                cells += ["", "", f"{other['wall'] / ml['wall']:.1f}x"]
            else:
                cells += ["-", "-", "-"]
        rows.append("| " + " | ".join(cells) + " |")
    head = (f"N={report['n']} documents, L={len(report['locales'])} locale(s) "
            f"({', '.join(report['locales'])}), median of {report['repeat']}, "
            f"milialocale -j {report['jobs']}, {os.cpu_count()} CPUs")
    return head + "\n\n" + "\n".join(rows) + "\n"


# -- one large catalog ------------------------------------------------------------------


def run_big(entries: int, repeat: int, keep: Path | None) -> str:
    """`update` of one catalog of about `entries` entries after a one-sentence edit,
    against `msgmerge --previous` on the same files."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp(prefix="milialocale-big-", dir=keep))
    try:
        html = ARTICLE.read_text("utf-8")
        body = html[html.index("<article>"):html.index("</article>") + len("</article>")]
        head, tail = html[:html.index("<article>")], html[html.index("</article>") + len("</article>"):]
        per_copy = _units(base, head + variant(body, 0) + variant(body, 1) + tail) - _units(base, head + variant(body, 0) + tail)
        copies = -(-(entries - _units(base, head + tail)) // max(per_copy, 1))
        parts = [variant(body, i) for i in range(copies)]
        big = head + "\n".join(parts) + tail
        edited = big.replace(EDIT[0], EDIT[1], 1)
        ml, pot_old, pot_new, po = make_big_project(base, big, edited)
        exe = [sys.executable, "-m", "milialocale"]
        catalog = ml / "locales" / "fr" / "LC_MESSAGES" / "big.po"
        # The state a previous `update` leaves: the catalog in our layout, and its cache.
        shutil.copy(po, catalog)
        shutil.copy(pot_old, ml / "locales" / "big.pot")
        subprocess.run(exe + ["update", "-q"], cwd=ml, env=child_env(), check=True)
        state = base / "state.po"
        shutil.copy(catalog, state)
        shutil.copytree(ml / ".milialocale-cache", base / "state-cache")
        rows = {"milialocale update": [], "milialocale update, no cache": [], "msgmerge --previous": []}
        for _ in range(repeat):
            for name, cached in (("milialocale update", True), ("milialocale update, no cache", False)):
                shutil.copy(state, catalog)
                shutil.copy(pot_new, ml / "locales" / "big.pot")
                _reset(ml / ".milialocale-cache")
                if cached:
                    shutil.copytree(base / "state-cache", ml / ".milialocale-cache")
                rows[name].append(measure([exe + ["update", "-q"]], ml))
            rows["msgmerge --previous"].append(measure(
                [["msgmerge", "--quiet", "--previous", "-o", str(base / "merged.po"), str(state), str(pot_new)]], base))
        count = sum(1 for line in pot_new.read_text("utf-8").splitlines() if line.startswith("msgid ")) - 1
        lines = [f"update of one catalog of {count} entries after a one-sentence edit, "
                 f"median of {repeat}", "", "| command | s (cpu) | MB |", "|---|---|---|"]
        for name, runs in rows.items():
            m = _median(runs)
            lines.append(f"| {name} | {m['wall']:.2f} ({m['cpu']:.2f}) | {m['peak'] / 2**20:.0f} |")
        return "\n".join(lines) + "\n"
    finally:
        if keep is None:
            shutil.rmtree(base, ignore_errors=True)


def _units(base: Path, html: str) -> int:
    """How many entries milialocale extracts from `html`."""
    from milialocale.project import extract_template

    page = base / "probe.html"
    page.write_text(html, "utf-8")
    text = extract_template([(page, "probe.html")], project="probe", existing=None)
    return sum(1 for line in text.splitlines() if line.startswith("msgid ")) - 1


def make_big_project(base: Path, html: str, edited: str):
    """A project with one large page translated into French (every unit, by a codeword
    prefix on the French article), its old and new template."""
    ml = base / "ml"
    (ml / "source").mkdir(parents=True)
    (ml / "milialocale.toml").write_text(
        'source_dir = "source"\nlocales_dir = "locales"\noutput_dir = "site"\nlocales = ["fr"]\n', "utf-8")
    env = child_env()
    (ml / "source" / "big.html").write_text(edited, "utf-8")
    subprocess.run([sys.executable, "-m", "milialocale", "extract", "-q"], cwd=ml, env=env, check=True)
    pot_new = base / "new.pot"
    shutil.copy(ml / "locales" / "big.pot", pot_new)
    (ml / "source" / "big.html").write_text(html, "utf-8")
    subprocess.run([sys.executable, "-m", "milialocale", "extract", "-q"], cwd=ml, env=env, check=True)
    pot_old = base / "old.pot"
    shutil.copy(ml / "locales" / "big.pot", pot_old)
    # Translate: msgstr = msgid for every entry (content does not matter to a merge).
    po = base / "old.po"
    text = _fill_identity(pot_old.read_text("utf-8")).replace('"Language: \\n"', '"Language: fr\\n"')
    text = text.replace("#, fuzzy\nmsgid \"\"", "msgid \"\"", 1)
    po.write_text(text, "utf-8")
    (ml / "locales" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (ml / "source" / "big.html").write_text(edited, "utf-8")
    return ml, pot_old, pot_new, po


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--documents", type=int, default=500)
    parser.add_argument("-l", "--locales", type=int, default=1, choices=range(1, len(LOCALES) + 1))
    parser.add_argument("-r", "--repeat", type=int, default=3, help="repetitions (the median is shown)")
    parser.add_argument("-j", "--jobs", type=int, help="milialocale -j (default: its own, the CPU count)")
    parser.add_argument("--tools", default="milialocale,ttk,gnu",
                        help="comma-separated: milialocale, ttk, gnu (missing tools are skipped)")
    parser.add_argument("--series", help="comma-separated N values: a scaling series, milialocale only "
                                         "unless --tools says otherwise")
    parser.add_argument("--big", type=int, metavar="ENTRIES",
                        help="instead: update one catalog of ENTRIES entries vs msgmerge --previous")
    parser.add_argument("--stages", help="comma-separated: only these of extract, check, stats, "
                                         "build, update (with their variants, such as "
                                         "'build: nothing changed', unless named exactly)")
    parser.add_argument("--skip", default="", help="comma-separated stages to leave out, by full "
                                                   "name (e.g. 'build: no cache at all')")
    parser.add_argument("--keep", type=Path, help="build the corpus under this directory and keep it")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args(argv)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], env=child_env(),
                   capture_output=True)  # as after an install: bytecode is cached
    if args.big:
        print(run_big(args.big, args.repeat, args.keep))
        return 0
    tools = {t.strip() for t in args.tools.split(",") if t.strip()}
    if "ttk" in tools and not all(shutil.which(c) for c in ("html2po", "pot2po", "pofilter", "pocount", "po2html")):
        print("translate-toolkit not installed: skipped", file=sys.stderr)
        tools.discard("ttk")
    if "gnu" in tools and not all(shutil.which(c) for c in ("msgmerge", "msgfmt")):
        print("GNU gettext not installed: skipped", file=sys.stderr)
        tools.discard("gnu")
    locales = LOCALES[:args.locales]
    reports = []
    for n in ([int(v) for v in args.series.split(",")] if args.series else [args.documents]):
        report = run_benchmark(n, locales, args.repeat, tools, args.jobs, args.keep,
                               set(args.stages.split(",")) if args.stages else None,
                               {s.strip() for s in args.skip.split(",") if s.strip()})
        reports.append(report)
        print(table(report))
    if args.series and len(reports) > 1:
        print(series_table(reports))
    if args.json:
        args.json.write_text(json.dumps(reports, indent=2), "utf-8")
    return 0


def series_table(reports: list[dict]) -> str:
    """milialocale's seconds per stage as N grows, and seconds per 1,000 documents."""
    stages = [s for s in STAGE_ORDER if all("milialocale" in r["results"].get(s, {}) for r in reports)]
    rows = ["| N | " + " | ".join(stages) + " |", "|---" * (len(stages) + 1) + "|"]
    for r in reports:
        cells = [f"{r['results'][s]['milialocale']['wall']:.2f}" for s in stages]
        rows.append(f"| {r['n']} | " + " | ".join(cells) + " |")
    for r in reports:
        cells = [f"{1000 * r['results'][s]['milialocale']['wall'] / r['n']:.2f}" for s in stages]
        rows.append(f"| s per 1,000 docs at {r['n']} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.exit(main())
