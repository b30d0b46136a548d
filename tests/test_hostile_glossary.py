"""Hostile glossaries: external entities, entity bombs and remote DTDs are refused, with no
network access, no file read and no memory blow-up.

Each attack is parsed in a child process limited to 512 MB of address space and 20
seconds, so a blow-up fails the test instead of the machine. A local HTTP server
records any request: a DTD or entity fetch would show up there.
"""

from __future__ import annotations

import http.server
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from milialocale.errors import GlossaryError
from milialocale.glossary import load_glossary, parse_csv

TBX = ('<tbx xmlns="urn:iso:std:iso:30042:ed-2" xml:lang="en"><text><body>'
       '<conceptEntry id="c"><langSec xml:lang="en"><termSec><term>{}</term></termSec>'
       "</langSec></conceptEntry></body></text></tbx>")
LAUGHS = ('<!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa">'
          + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9))
          + "]>")
SANDBOX = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (512 * 2**20, 512 * 2**20))
    from milialocale.errors import GlossaryError
    from milialocale.glossary import load_glossary
    try:
        glossary = load_glossary(sys.argv[1], display="glossary.tbx")
    except GlossaryError as exc:
        print("refused", exc)
    else:
        print("read", repr([t.text for c in glossary.concepts for t in c.terms]))
""")


@pytest.fixture(scope="module")
def server():
    """A local HTTP server that records every path requested from it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'<!ENTITY xxe "FETCHED-FROM-THE-NETWORK">')

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", requests
    httpd.shutdown()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOPSECRET", "utf-8")
    return path


def sandboxed(tmp_path: Path, data: bytes, suffix: str = ".tbx") -> str:
    path = tmp_path / f"glossary{suffix}"
    path.write_bytes(data)
    result = subprocess.run([sys.executable, "-c", SANDBOX, str(path)], capture_output=True,
                            text=True, timeout=20)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout.strip()


def attacks(secret: Path, url: str) -> dict[str, bytes]:
    local = secret.as_uri()
    external_dtd = secret.parent / "evil.dtd"
    external_dtd.write_text(f'<!ENTITY xxe SYSTEM "{local}">', "utf-8")
    return {
        "external entity (file)": (f'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY xxe SYSTEM '
                                   f'"{local}">]>' + TBX.format("&xxe;")).encode(),
        "external entity (http)": (f'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY xxe SYSTEM '
                                   f'"{url}/entity">]>' + TBX.format("&xxe;")).encode(),
        "parameter entity": (f'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY % p SYSTEM "{url}/p">'
                             f"%p;]>" + TBX.format("&xxe;")).encode(),
        "billion laughs": ('<?xml version="1.0"?>' + LAUGHS + TBX.format("&j;")).encode(),
        "quadratic blowup": ('<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "' + "x" * 50_000
                             + '">]>' + TBX.format("&a;" * 50_000)).encode(),
        "remote DTD": (f'<?xml version="1.0"?><!DOCTYPE tbx SYSTEM "{url}/evil.dtd">'
                       + TBX.format("&xxe;")).encode(),
        "public remote DTD": (f'<?xml version="1.0"?><!DOCTYPE tbx PUBLIC "-//X//EN" "{url}/pub.dtd">'
                              + TBX.format("term")).encode(),
        "local DTD with entities": (f'<?xml version="1.0"?><!DOCTYPE tbx SYSTEM "{external_dtd.as_uri()}">'
                                    + TBX.format("&xxe;")).encode(),
        "XInclude": TBX.format(f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                               f'href="{local}" parse="text"/>').encode(),
        "schema location": TBX.replace("<tbx ", f'<tbx xmlns:xsi="http://www.w3.org/2001/'
                                       f'XMLSchema-instance" xsi:schemaLocation="x {url}/s.xsd" ')
        .format("term").encode(),
        "UTF-16 without BOM": (f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE tbx [<!ENTITY '
                               f'xxe SYSTEM "{local}">]>' + TBX.format("&xxe;")).encode("utf-16-le"),
        "UTF-16BE bomb": ('<?xml version="1.0" encoding="UTF-16BE"?>' + LAUGHS
                          + TBX.format("&j;")).encode("utf-16-be"),
        "UTF-32 bomb": ('<?xml version="1.0" encoding="UTF-32"?>' + LAUGHS
                        + TBX.format("&j;")).encode("utf-32"),
        "UTF-7 bomb": ('<?xml version="1.0" encoding="UTF-7"?>' + LAUGHS
                       + TBX.format("&j;")).encode("utf-7"),
        "EBCDIC bomb": ('<?xml version="1.0" encoding="IBM037"?>' + LAUGHS
                        + TBX.format("&j;")).encode("cp037"),
        "10,000 levels": TBX.format("<hi>" * 10_000 + "x" + "</hi>" * 10_000).encode(),
        "binary garbage": bytes(range(256)) * 64,
        "a compiled .mo file": b"\xde\x12\x04\x95" + bytes(1000),
    }


@pytest.mark.parametrize("name", [
    "external entity (file)", "external entity (http)", "parameter entity", "billion laughs",
    "quadratic blowup", "remote DTD", "public remote DTD", "local DTD with entities", "XInclude",
    "schema location", "UTF-16 without BOM", "UTF-16BE bomb", "UTF-32 bomb", "UTF-7 bomb",
    "EBCDIC bomb", "10,000 levels", "binary garbage", "a compiled .mo file",
])
def test_hostile_xml_is_refused_or_read_inertly(name: str, tmp_path: Path, secret: Path, server):
    url, requests = server
    before = len(requests)
    outcome = sandboxed(tmp_path, attacks(secret, url)[name])
    assert outcome.startswith(("refused glossary.tbx:", "read ")), outcome
    assert "TOPSECRET" not in outcome and "FETCHED" not in outcome
    assert "aaaaaaaaaa" not in outcome, "an entity was expanded"
    assert len(requests) == before, f"the parser went to the network: {requests[before:]}"


@pytest.mark.parametrize("name", ["external entity (file)", "billion laughs", "parameter entity"])
def test_entity_declarations_are_refused_with_their_line(name: str, tmp_path: Path, secret: Path,
                                                          server):
    data = attacks(secret, server[0])[name].replace(b"<!DOCTYPE", b"\n\n<!DOCTYPE")
    path = tmp_path / "glossary.tbx"
    path.write_bytes(data)
    with pytest.raises(GlossaryError) as info:
        load_glossary(path, display="locales/glossary.tbx")
    assert str(info.value).startswith("locales/glossary.tbx:3: refusing a document type")


def test_a_csv_field_over_the_csv_limit_is_an_error_not_a_crash():
    """Found by fuzzing: csv.Error escaped from parse_csv as a traceback."""
    text = "concept_id,language,term,status\nc,en," + "x" * 200_000 + ",preferred\n"
    with pytest.raises(GlossaryError, match="malformed CSV"):
        parse_csv(text, "glossary.csv")


@pytest.mark.parametrize("text", [
    "concept_id,language,term\nc,en,a\x00b\n",
    'concept_id,language,term\nc,en,"unterminated\n',
    "concept_id,language,term\n" + "c,en,=cmd|' /C calc'!A0\n",
    "\ufeffconcept_id,language,term\n" + "c,en,a\n" * 100_000,
    "",
    "\x00\x01\x02",
])
def test_hostile_csv_is_read_or_refused(text: str):
    try:
        parse_csv(text, "glossary.csv")
    except GlossaryError as exc:
        assert str(exc).startswith("glossary.csv")
