"""`locales.check_locale` accepts without Babel only what Babel would accept."""

import os
import subprocess
import sys

import pytest

from milialocale import locales


def test_every_name_of_babels_data_files_parses():
    """check_locale trusts a data file's name; Babel must parse each of them."""
    folder = locales._locale_data_folder()
    names = [name[:-4] for name in os.listdir(folder) if name.endswith(".dat")]
    assert len(names) > 500
    for name in names:
        assert locales._has_data_file(name)
        locales.parse_locale(name)  # raises if Babel cannot


@pytest.mark.parametrize("code", ["fr", "pt-BR", "pt_BR", "zh_Hans", "ar", "sr_Latn_RS", "FR",
                                  "en-XA", "xx", "fr_XX_YY", "../fr", "fr/../de", "", "é", "de_DE.utf8"])
def test_check_locale_agrees_with_parse_locale(code):
    try:
        locales.parse_locale(code)
        accepted = True
    except ValueError:
        accepted = False
    if accepted:
        locales.check_locale(code)
    else:
        with pytest.raises(ValueError):
            locales.check_locale(code)


def test_loading_a_project_does_not_import_babel(tmp_path):
    (tmp_path / "milialocale.toml").write_text('locales = ["fr", "pt-BR", "zh_Hans"]\n', "utf-8")
    code = ("import sys; from pathlib import Path; from milialocale.config import load_config; "
            f"load_config(Path({str(tmp_path / 'milialocale.toml')!r})); "
            "print('babel' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
