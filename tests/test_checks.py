"""Every check fires on a broken translation and stays silent on a correct one.

Cases span French, Spanish, German, Greek, Arabic, Persian and Simplified Chinese; the
`ok` cases are the false positives other tools are known for (pofilter's substring
numbers, flagged « » quotes, order-sensitive tag checks, Babel's "50% of" directive).
"""

from __future__ import annotations

import os

import polib
import pytest

from milialocale.checks import (CHECK_IDS, CheckContext, Message, Settings, catalog_messages,
                                check_locale, check_message)
from milialocale.errors import ConfigError, Finding, Severity
from milialocale.model import Location
from milialocale.placeholders import placeholders_from_text

PROTECTED = "placeholders: <span> text span, do not translate its content"
HERE = Location("x.po", 7)


def findings(source: str, translation: str, target: str = "fr", *, comment: str = "",
             flags: tuple[str, ...] = (), source_locale: str = "en", settings: Settings = Settings()):
    msg = Message(source, translation, HERE, placeholders_from_text(source, comment), frozenset(flags))
    return check_message(CheckContext(source_locale, target), msg, settings)


def codes(*args, **kwargs) -> list[str]:
    return [f.code for f in findings(*args, **kwargs)]


# Each case: (check id, target locale, source, translation). FIRES must yield that id,
# SILENT must yield no finding at all.
FIRES = [
    # markup
    ("markup", "de", "<strong>Neonatal milia:</strong> These are", "Neonatale Milien: Diese sind"),
    ("markup", "fr", "See <a>this</a>.", "Voir <a>ceci</a> <b>ici</b>."),
    ("markup", "es", "See <a>this</a>.", "Ver <a>esto."),
    ("markup", "ar", "Line<br/>break", "سطر<br>فاصل"),
    ("markup", "fr", "<a>x <em>y</em></a> z", "<a>x</a> <em>y</em> z"),
    ("markup", "fr", '<a href="/en/x">more</a>', '<a href="/fr/x">plus</a>'),
    ("markup", "fr", "<b>a</b> and <b>b</b>", "<b>a</b> et b"),
    # protected
    ("protected", "es", "By <span>Maria del Carmen Hernandez</span>.", "Por <span>María del Carmen Hernández</span>."),
    # numbers
    ("numbers", "fr", "less than 3 millimeters", "moins de 30 millimètres"),
    ("numbers", "de", "less than 3 millimeters", "weniger als 13 Millimeter"),
    ("numbers", "ar", "up to 40% to 50%", "ما يصل إلى ٤٠٪ إلى ٦٠٪"),
    ("numbers", "zh_Hans", "up to 40% to 50%", "多达40%"),
    ("numbers", "fr", "about 1,000 babies", "environ 1,000 bébés"),
    ("numbers", "es", "2017 Jan;12(1):42-47", "2017 ene;12(1):42-74"),
    ("numbers", "de", "in a few weeks", "in 3 Wochen"),
    ("numbers", "fr", "0.5 mm", "5 mm"),
    # identifiers
    ("identifiers", "fr", "PMID: 28878836.", "PMID : 28878863."),
    ("identifiers", "es", "PMCID: PMC5574071", "PMCID: PMC557407"),
    ("identifiers", "de", "See https://pubmed.ncbi.nlm.nih.gov/28878836/.", "Siehe https://pubmed.ncbi.nlm.nih.gov/2887883/."),
    ("identifiers", "fr", "doi:10.1000/xyz123", "doi:10.1000/xyz124"),
    ("identifiers", "pt_BR", "Write to help@example.org.", "Escreva para ajuda@example.org."),
    ("identifiers", "ar", "PMID: 28878836", "PMID: ٢٨٨٧٨٨٣٦"),
    # invisible
    ("invisible", "ar", "Milia in babies", "الدخينات \u202eعند الرضع"),
    ("invisible", "zh_Hans", "Milia in babies", "婴儿\u200b粟丘疹"),
    ("invisible", "de", "Milia in babies", "Milien\u2066 bei Säuglingen"),
    ("invisible", "ar", "Milia in babies", "الدخينات\u200cعند الرضع"),
    # blank and garbled translations
    ("blank", "de", "Milia in babies", " "),
    ("blank", "fr", "See <a>this</a>.", "<a></a>"),
    ("encoding", "fr", "The baby’s cheek", "La joue du bÃ©bÃ©"),
    ("encoding", "es", "The baby’s cheek", "La mejilla del bebâ€™s"),
    ("encoding", "de", "The baby’s cheek", "Die Wange des S\ufffduglings"),
    # whitespace
    ("whitespace", "fr", "a\tb and c", "a b et c"),
    ("whitespace", "de", "Milia in babies", "Milien bei Säuglingen "),
    ("whitespace", "es", "Milia in babies", "Milia en  bebés"),
    ("whitespace", "fr", "line one\nline two", "ligne un ligne deux"),
    # punctuation
    ("punctuation", "fr", "What are milia in babies?", "Que sont les grains de milium chez le bébé?"),
    ("punctuation", "fr", "so-called “infant acne.”", "la prétendue «acné du nourrisson»."),
    ("punctuation", "es", "What are milia in babies?", "Qué son los milia en bebés?"),
    ("punctuation", "zh_Hans", "What are milia in babies?", "什么是婴儿粟丘疹?"),
    ("punctuation", "zh_Hans", "They go away on their own.", "它们会自行消退."),
    ("punctuation", "ar", "What are milia in babies?", "ما هي الدخينات عند الرضع?"),
    ("punctuation", "de", "They go away on their own.", "Sie verschwinden von selbst"),
    ("punctuation", "pt_BR", "Namely:", "Nomeadamente."),
    # brackets, repeated words, negations
    ("brackets", "fr", "Blisters (epidermolysis bullosa, or porphyria)", "Cloques (épidermolyse bulleuse, ou porphyrie"),
    ("brackets", "zh_Hans", "Blisters (epidermolysis bullosa)", "水疱（大疱性表皮松解症"),
    ("repeated", "es", "They resolve on their own.", "Se resuelven por por sí solos."),
    ("repeated", "de", "The cause is known.", "Die Ursache ist ist bekannt."),
    ("negation", "fr", "The cause isn’t known.", "La cause est connue."),
    ("negation", "de", "They are not itchy.", "Sie jucken."),
    ("negation", "ar", "No treatment is required.", "العلاج مطلوب."),
    ("negation", "zh_Hans", "They don’t require drainage.", "它们需要引流。"),
    ("negation", "es", "They heal without scarring.", "Se curan dejando cicatrices."),
    # unchanged
    ("unchanged", "de", "They usually go away on their own.", "They usually go away on their own."),
    ("unchanged", "zh_Hans", "Milia in Babies: What You Should Know", "Milia in Babies: What You Should Know"),
    # length
    ("length", "de", "Milia usually appear on the nose, eyelids, and cheeks in infants.", "Milien."),
    ("length", "zh_Hans", "Milia usually appear on the nose, eyelids, and cheeks in infants.", "粟丘疹。"),
    ("length", "fr", "Burns and blisters on the skin",
     "Les brûlures et les cloques sur la peau, qui sont des lésions fréquentes chez les "
     "nourrissons et les jeunes enfants, et dont il faut toujours parler au médecin traitant."),
]

SILENT = [
    # markup: reordering and literal tags are fine
    ("ar", "<a>Learn more</a> about <strong>milia</strong>.", "عن <strong>الدخينات</strong> <a>اعرف المزيد</a>."),
    ("zh_Hans", "Last update: <time/>", "最后更新：<time/>"),
    ("fr", "Use the <p> element.", "Utilisez l’élément <p>."),
    ("fr", '<a href="/x" title="More">more</a>', '<a href="/x" title="Plus">plus</a>'),
    ("de", "<b>a</b> and <b>b</b>", "<b>b</b> und <b>a</b>"),
    # protected content kept verbatim
    ("es", "By <span>Maria del Carmen Hernandez</span>.", "Por <span>Maria del Carmen Hernandez</span>."),
    # numbers: values, not substrings; local separators and digits
    ("fr", "up to 40% to 50% of healthy term newborns", "jusqu’à 40\u202f% à 50\u202f% des nouveau-nés à terme"),
    ("ar", "up to 40% to 50% of healthy term newborns", "ما يصل إلى ٤٠٪ إلى ٥٠٪ من حديثي الولادة"),
    ("ar", "up to 40% to 50% of healthy term newborns", "ما يصل إلى 40% إلى 50% من حديثي الولادة"),
    ("fa", "3 millimeters", "۳ میلی‌متر"),
    ("zh_Hans", "up to 40% to 50% of healthy term newborns", "多达40%至50%的健康足月新生儿"),
    ("de", "less than 0.5 millimeters", "weniger als 0,5 Millimeter"),
    ("fr", "about 1,000 babies", "environ 1\u202f000 bébés"),
    ("de", "about 1,000.5 g", "etwa 1.000,5 g"),
    ("es", "2017 Jan;12(1):42-47.", "2017 ene.;12(1):42–47."),
    ("es", "in three weeks", "en 3 semanas"),
    ("es", "in 2 weeks", "en dos semanas"),
    ("fr", "1 week", "une semaine"),
    ("zh_Hans", "in 2 to 3 weeks", "两到三周内"),
    ("ar", "within 3 days", "خلال ثلاثة أيام"),
    ("fr", "Read <a1>this</a1> and <a2>that</a2>.", "Lisez <a2>cela</a2> et <a1>ceci</a1>."),
    ("de", "PMID: 28878836", "PMID: 28878836"),
    # identifiers: spacing and case the way each language writes them
    ("fr", "PMID: 28878836; PMCID: PMC5574071.", "PMID : 28878836 ; PMCID : PMC5574071."),
    ("es", "doi:10.1000/ABC.def", "doi:10.1000/abc.DEF"),
    ("fr", "See https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5574071/.",
     "Voir https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5574071/."),
    # invisible characters the language needs, or the source has
    ("fa", "Milia in babies", "میلیا در نوزادان می‌شود"),
    ("de", "Milia\u200bmilia here", "Milien\u200bmilien hier"),
    ("fr", "Family", "Famille 👨\u200d👩\u200d👧"),
    # accented text that merely looks odd is not garbled
    ("pt_BR", "Blisters (epidermolysis bullosa)", "Bolhas (epidermólise bolhosa)"),
    ("fr", "Where does it appear?", "À quel endroit apparaît-il\u202f?"),
    ("de", "Â is a letter.", "Â ist ein Buchstabe."),
    # punctuation done right
    ("fr", "What are milia in babies?", "Que sont les grains de milium chez le bébé\u202f?"),
    ("fr", "What are milia in babies?", "Que sont les grains de milium chez le bébé\u00a0?"),
    ("fr", "What are milia in babies?", "Que sont les grains de milium chez le bébé ?"),
    ("fr", "it’s often incorrectly referred to as “infant acne.”",
     "on parle souvent, à tort, d’«\u00a0acné du nourrisson\u00a0»."),
    ("fr", "Appointments: 10:30 to 11:00.", "Rendez-vous\u00a0: 10:30 à 11:00."),
    ("fr", "Source: doi:10.1000/xyz, ratio 1:1000.", "Source\u00a0: doi:10.1000/xyz, rapport 1:1000."),
    ("fr", "Really?! Yes!", "Vraiment\u202f?! Oui\u202f!"),
    ("fr", "<strong>Topical retinoids:</strong> Contain vitamin A.",
     "<strong>Rétinoïdes topiques\u202f:</strong> contiennent de la vitamine A."),
    ("es", "What are milia in babies?", "¿Qué son los milia en bebés?"),
    ("es", "If in doubt, why not ask?", "Si tiene dudas, ¿por qué no preguntar?"),
    ("zh_Hans", "What are milia in babies?", "什么是婴儿粟丘疹？"),
    ("zh_Hans", "They go away on their own.", "它们会自行消退。"),
    ("ar", "What are milia in babies?", "ما هي الدخينات عند الرضع؟"),
    ("el", "What are milia in babies?", "Τι είναι τα milia στα μωρά;"),
    ("th", "They go away on their own.", "มันหายไปเอง"),
    ("th", "What are milia?", "มิเลียคืออะไร"),
    ("ja", "What are milia?", "稗粒腫とは何ですか。"),
    ("hy", "What are milia?", "Ի՞նչ են միլիաները։"),
    # brackets, repeated words and negations written idiomatically
    ("fr", "Blisters (epidermolysis bullosa)", "Cloques (épidermolyse bulleuse)"),
    ("zh_Hans", "Blisters (epidermolysis bullosa)", "水疱（大疱性表皮松解症）"),
    ("fr", "a 1) b", "a 1) b c"),
    ("fr", "We wash ourselves.", "Nous nous lavons."),
    ("de", "The cause that the doctors named", "Die Ursache, die die Ärzte nannten"),
    ("es", "The causes aren’t known.", "Se desconocen las causas."),
    ("fr", "The cause isn’t known.", "La cause est inconnue."),
    ("fr", "The cause isn’t known.", "La cause n’est pas connue."),
    ("de", "The cause isn’t known.", "Die Ursache ist unbekannt."),
    ("pt_BR", "No specific treatment is required.", "Nenhum tratamento específico é necessário."),
    ("ar", "They aren’t itchy.", "لا تسبب حكة."),
    ("zh_Hans", "They aren’t itchy.", "它们不痒。"),
    # unchanged: names, single words, identifiers
    ("de", "Maria del Carmen Hernandez", "Maria del Carmen Hernandez"),
    ("es", "Milia", "Milia"),
    ("fr", "PMID: 28878836", "PMID: 28878836"),
    ("fr", "Gardner syndrome", "syndrome de Gardner"),
    # length: dense scripts are short, short sources are not judged
    ("zh_Hans", "Milia usually appear on the nose, eyelids, and cheeks in infants.", "婴儿的粟丘疹通常出现在鼻子、眼睑和脸颊上。"),
    ("ar", "Milia usually appear on the nose, eyelids, and cheeks in infants.", "تظهر الدخينات عادةً على الأنف والجفنين والخدين عند الرضع."),
    ("de", "Burns", "Verbrennungen der Haut"),
]


@pytest.mark.parametrize("check_id, target, source, translation", FIRES,
                         ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(FIRES)])
def test_check_fires(check_id, target, source, translation):
    found = codes(source, translation, target, comment=PROTECTED if "<span>" in source else "")
    assert check_id in found


@pytest.mark.parametrize("target, source, translation", SILENT,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(SILENT)])
def test_correct_translation_is_silent(target, source, translation):
    assert findings(source, translation, target, comment=PROTECTED if "<span>" in source else "") == []


def test_every_check_id_has_a_firing_case():
    covered = {c[0] for c in FIRES} | {"inconsistent", "format", "plurals", "glossary-missing",
                                      "glossary-deprecated", "glossary-dnt"}
    assert set(CHECK_IDS) - {"glossary"} <= covered


def test_numbers_compare_values_not_substrings():
    # pofilter accepts these because "3" is a substring of each.
    for wrong in ("30", "13", "300", "3.5"):
        assert codes("less than 3 mm", f"moins de {wrong} mm", "fr") == ["numbers"], wrong


def test_number_read_the_target_way_explains_itself():
    (finding,) = findings("about 1,000 babies", "environ 1,000 bébés", "fr")
    assert "reads as 1 in fr" in finding.message and "1\u202f000" in finding.message


def test_numbers_and_identifiers_are_reported_once():
    found = findings("PMID: 28878836", "PMID: 28878863", "es")
    assert [f.code for f in found] == ["identifiers"]


def test_protected_name_in_the_real_comment_format():
    comment = "element: p\nsection: Milia\nplaceholders: <span> text span, do not translate its content"
    source = "Reviewed and approved by the dermatologist <span>Maria del Carmen Hernandez</span>."
    assert codes(source, "Revisado por la dermatóloga <span>Mariá</span>.", "es", comment=comment) == ["protected"]


def test_literal_tags_in_a_unit_without_placeholders_stay_literal():
    comment = "element: p"
    assert codes("Use <b> for bold.", "Utilisez <b> pour le gras.", "fr", comment=comment) == []


def test_invisible_message_names_the_character_without_printing_it():
    (finding,) = findings("Milia in babies", "الدخينات \u202eعند الرضع", "ar")
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in finding.message
    assert "\u202e" not in finding.message


def test_format_directives_only_when_flagged():
    assert codes("%d files", "%s fichiers", "fr", flags=("c-format",)) == ["format"]
    assert codes("%(n)d files", "%(n)d fichiers", "fr", flags=("python-format",)) == []
    assert codes("{n} files", "{m} fichiers", "fr", flags=("python-brace-format",)) == ["format"]
    # Babel marks "50% of" python-format; "% o" is prose, and "50 % des" must pass.
    assert codes("up to 40% to 50% of newborns", "jusqu’à 40 % à 50 % des nouveau-nés", "fr",
                 flags=("python-format",)) == []


def test_plural_forms_are_checked_each_against_its_source():
    catalog = polib.pofile(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "one cyst"\nmsgid_plural "%d cysts"\nmsgstr[0] "un kyste"\nmsgstr[1] ""\n\n'
        'msgid "<a>one</a> file"\nmsgid_plural "<a>%d</a> files"\nmsgstr[0] "<a>un</a> fichier"\n'
        'msgstr[1] "%d fichiers"\n')
    messages = list(catalog_messages(catalog, "p.po"))
    assert [(m.form, m.source) for m in messages] == [
        (0, "one cyst"), (0, "<a>one</a> file"), (1, "<a>%d</a> files")]
    found = check_locale([("p.po", catalog, None)], CheckContext("en", "fr"))
    assert [f.code for f in found] == ["plurals", "markup"]


# -- driver: fuzzy, locations, ignore flags, configuration ---------------------------

PO = '''msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. element: p
#: source/a.html:3
#, fuzzy
msgid "Less than 3 mm."
msgstr "Moins de 30 mm."

#. element: p
#: source/a.html:4
msgid "Less than 3 mm."
msgstr ""
"Moins de 4 mm "
"environ."

#. element: p
#, ignore-numbers
msgid "Up to 40% of cases."
msgstr "Jusqu’à 60 % des cas."

msgid "Untranslated."
msgstr ""
'''


def _check_po(text: str, **kwargs) -> list[Finding]:
    catalog = polib.pofile(text.replace('msgid "Less than 3 mm."\nmsgstr ""\n"Moins',
                                        'msgctxt "k"\nmsgid "Less than 3 mm."\nmsgstr ""\n"Moins'))
    return check_locale([("fr.po", catalog, text)], CheckContext("en", "fr"), **kwargs)


def test_fuzzy_and_untranslated_entries_are_not_checked_and_locations_point_at_msgstr():
    found = _check_po(PO)
    assert {(f.location.line, f.code) for f in found} == {(15, "numbers")}
    assert all(str(f).startswith("fr.po:15: error: ") for f in found)


def test_fuzzy_entries_can_be_included():
    found = _check_po(PO, include_fuzzy=True)
    assert (10, "numbers") in {(f.location.line, f.code) for f in found}


def test_ignore_flag_silences_one_check_on_one_entry():
    found = _check_po(PO.replace("#, ignore-numbers\n", ""))
    assert (21, "numbers") in {(f.location.line, f.code) for f in found}


def test_ignore_glossary_silences_every_glossary_id():
    settings = Settings()
    finding = Finding(HERE, Severity.ERROR, "x", "glossary-deprecated")
    assert settings.apply(finding, {"ignore-glossary"}) is None
    assert settings.apply(finding, {"ignore-glossary-deprecated"}) is None
    assert settings.apply(finding, {"ignore-glossary-dnt"}) is finding


def test_configuration_disables_checks_and_changes_severity():
    settings = Settings.from_config({"disable": ["punctuation"], "severity": {"length": "error", "glossary": "warning"}})
    assert codes("What?", "Quoi?", "fr", settings=settings) == []
    (finding,) = findings("Milia usually appear on the nose, eyelids, and cheeks.", "Milien.", "de", settings=settings)
    assert (finding.code, finding.severity) == ("length", Severity.ERROR)
    demoted = settings.apply(Finding(HERE, Severity.ERROR, "x", "glossary-dnt"))
    assert demoted.severity is Severity.WARNING


def test_strict_turns_warnings_into_errors():
    (finding,) = findings("What?", "Quoi?", "fr", settings=Settings(strict=True))
    assert finding.severity is Severity.ERROR


@pytest.mark.parametrize("value", [
    ["numbers"], {"disable": "numbers"}, {"disable": ["nombres"]}, {"severity": {"numbers": "fatal"}},
    {"severity": ["numbers"]}, {"enable": ["numbers"]},
])
def test_malformed_check_configuration_is_a_config_error(value):
    with pytest.raises(ConfigError):
        Settings.from_config(value, location=Location("milialocale.toml", 9))


def test_inconsistent_translations_across_documents_of_a_locale():
    def catalog(translation: str, context: str | None = None) -> polib.POFile:
        po = polib.POFile()
        po.append(polib.POEntry(msgid="A baby with milia on his cheek.", msgstr=translation,
                                msgctxt=context, linenum=3))
        return po

    same = "Un bébé avec des grains de milium sur la joue."
    other = "Un nourrisson présentant des grains de milium sur la joue."
    found = check_locale([("a.po", catalog(same), None), ("b.po", catalog(other), None),
                          ("c.po", catalog(same), None), ("d.po", catalog(other, "caption"), None)],
                         CheckContext("en", "fr"))
    assert sorted((f.location.path, f.code) for f in found) == [
        ("a.po", "inconsistent"), ("b.po", "inconsistent"), ("c.po", "inconsistent")]
    assert "a.po:3" in next(f.message for f in found if f.location.path == "b.po")


# -- glossary -------------------------------------------------------------------------

from milialocale.glossary import Concept, Glossary, Term  # noqa: E402

GLOSSARY = Glossary((
    Concept("milia", (Term("milia", "en", "preferred"), Term("grains de milium", "fr", "preferred"),
                      Term("miliaire", "fr", "deprecated"), Term("粟丘疹", "zh-Hans", "preferred"),
                      Term("الدخينات", "ar", "preferred"), Term("الدخنيات", "ar", "deprecated"))),
    Concept("author", (Term("Maria del Carmen Hernandez", "en", "preferred"),), do_not_translate=True),
))


def glossary_codes(source, translation, target, flags=(), settings=Settings()):
    msg = Message(source, translation, HERE, (), frozenset(flags))
    return [f.code for f in check_message(CheckContext("en", target, GLOSSARY), msg, settings)]


@pytest.mark.parametrize("target, source, translation, expected", [
    ("fr", "Milia are common.", "La miliaire est fréquente.", ["glossary-deprecated"]),
    ("fr", "Milia are common.", "Les boutons sont fréquents.", ["glossary-missing"]),
    ("fr", "Milia are common.", "Les grains de milium sont fréquents.", []),
    ("zh_Hans", "What are milia?", "什么是痱子？", ["glossary-missing"]),
    ("zh_Hans", "What are milia?", "什么是粟丘疹？", []),
    ("ar", "What are milia?", "ما هي الدخنيات؟", ["glossary-deprecated"]),
    ("ar", "What are milia?", "ما هي الدخينات؟", []),
    ("es", "Reviewed by Maria del Carmen Hernandez.", "Revisado por María del Carmen Hernández.", ["glossary-dnt"]),
    ("es", "Reviewed by Maria del Carmen Hernandez.", "Revisado por Maria del Carmen Hernandez.", []),
])
def test_glossary_checks(target, source, translation, expected):
    assert glossary_codes(source, translation, target) == expected


def test_glossary_findings_obey_flags_and_configuration():
    wrong = ("Milia are common.", "La miliaire est fréquente.", "fr")
    assert glossary_codes(*wrong, flags=("ignore-glossary",)) == []
    assert glossary_codes(*wrong, flags=("ignore-glossary-missing",)) == ["glossary-deprecated"]
    assert glossary_codes(*wrong, settings=Settings.from_config({"disable": ["glossary"]})) == []
    msg = Message(wrong[0], wrong[1], HERE)
    (finding,) = check_message(CheckContext("en", "fr", GLOSSARY), msg,
                               Settings.from_config({"severity": {"glossary-deprecated": "warning"}}))
    assert finding.severity is Severity.WARNING


def test_missing_glossary_module_skips_glossary_checks_with_a_note(monkeypatch, tmp_path):
    import sys

    from milialocale.qa import load_glossary

    monkeypatch.setitem(sys.modules, "milialocale.glossary", None)
    glossary, note = load_glossary(tmp_path / "glossary.tbx")
    assert glossary is None and "glossary checks skipped" in note


@pytest.mark.parametrize("missing", [None, "milialocale.glossary", "milialocale.terms"])
def test_the_report_note_is_that_of_loading_the_glossary(monkeypatch, tmp_path, missing):
    """`check` notes a missing glossary module as loading the glossary would, without
    importing it (a run the cache answers never needs the stemmers)."""
    import subprocess
    import sys

    from milialocale import qa

    if missing:
        monkeypatch.delitem(sys.modules, "milialocale.glossary", raising=False)  # (imported afresh)
        monkeypatch.setitem(sys.modules, missing, None)
    expected = qa.load_glossary(tmp_path / "none.tbx")[1] if missing else None
    assert qa._glossary_note(tmp_path / "glossary.tbx") == expected
    imported = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; from milialocale import qa; "
         "qa._glossary_note(Path('g.tbx')); print('milialocale.terms' in sys.modules)"],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert imported.stdout.strip() == "False"
