"""The built site in a real browser: headless Chromium, driven by Playwright.

Every page is served from 127.0.0.1 and must load with no console error and no failed
request; Arabic must render right to left; every language-switcher and index link must
resolve. Without Chromium or Playwright the test skips, saying why, except in CI
(CI=true), where a missing browser fails the run: `.ci/run` installs it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from conftest import ARTICLE
from milialocale.build import BuildOptions, build_project
from milialocale.config import load_config
from milialocale.placeholders import TAG_PATTERN
from milialocale.pofiles import read_po, write_po
from milialocale.project import extract_project, update_project

LOCALES = ("es", "ar", "zh_Hans", "pt_BR")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _chromium() -> str:
    """The Chromium executable, or skip (fail in CI) with the reason."""
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "Playwright is not installed (pip install -e '.[test]')"
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if reason is None and path is None:
        reason = "Chromium is not installed (Debian package chromium)"
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser test must run in CI: {reason}")
        pytest.skip(reason)
    return path


def _capitals(text: str) -> str:
    out, position = [], 0
    for match in TAG_PATTERN.finditer(text):
        out += [text[position:match.start()].upper(), match.group()]
        position = match.end()
    return "".join(out) + text[position:].upper()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A built site: the article in English and four pseudo-translated locales."""
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(ARTICLE.parent, root / "source")
    locales = ", ".join(f'"{code}"' for code in LOCALES)
    (root / "milialocale.toml").write_text(f'locales = [{locales}]\n', "utf-8")
    config = load_config(root / "milialocale.toml")
    extract_project(config)
    update_project(config)
    for code in LOCALES:
        path = config.catalog_path(code, ARTICLE.stem)
        catalog = read_po(path)
        for entry in catalog:
            if entry.msgid:
                entry.msgstr = _capitals(entry.msgid)
        write_po(path, catalog)
    build_project(config, BuildOptions(formats=("html",)))
    return config.output_dir


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/favicon.ico":  # the browser asks on its own; the site has none
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def chromium() -> str:
    return _chromium()


def test_every_built_page_loads_cleanly_in_chromium(chromium: str, site: Path, server: str):
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) == 7  # five pages, index.html and status.html
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            problems: list[str] = []
            tab.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text} {m.location}"))
            tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            tab.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
            tab.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
            for path in pages:
                response = tab.goto(f"{server}/{path}", wait_until="load")
                assert response is not None and response.ok, path
                tab.wait_for_load_state("networkidle")
                assert problems == [], (path, problems)
                direction = tab.evaluate("getComputedStyle(document.body).direction")
                assert direction == ("rtl" if path.startswith("ar/") else "ltr"), path
                if path != "index.html":
                    assert tab.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
                    assert tab.evaluate("document.styleSheets.length") == 1
                links = tab.evaluate("[...document.querySelectorAll("
                                     "'nav.milialocale-languages a, nav.milialocale-index a')].map(a => a.href)")
                assert len(links) == (0 if path == "status.html" else 5), path
                for url in links:
                    assert tab.request.get(url).status == 200, (path, url)
            tab.goto(f"{server}/ar/milia-in-babies.html")
            box = tab.evaluate("(() => { const p = document.querySelector('article p');"
                               " const r = document.createRange(); r.selectNodeContents(p);"
                               " return [r.getBoundingClientRect().right, p.getBoundingClientRect().right]; })()")
            assert abs(box[0] - box[1]) < 2  # Arabic text hugs the right edge
        finally:
            browser.close()
