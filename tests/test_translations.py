"""The Swedish catalogue: every string translated, nothing left fuzzy, the compiled file up to date."""

import ast
import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _text(part):
    return "".join(ast.literal_eval(quoted) for quoted in re.findall(r'"(?:[^"\\]|\\.)*"', part))


def entries(po=PO):
    """(flags, msgctxt, msgid, plural or None, [msgstr, …]) of each entry of `po` but the header."""
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        body = "\n".join(line for line in lines if not line.startswith("#"))
        fields = re.split(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) ", body, flags=re.MULTILINE)[1:]
        values = {}
        for name, part in zip(fields[::2], fields[1::2]):
            values.setdefault(name, _text(part))
        if values.get("msgid"):
            msgstrs = [v for k, v in values.items() if k.startswith("msgstr")]
            yield flags, values.get("msgctxt"), values["msgid"], values.get("msgid_plural"), msgstrs


def test_every_string_is_translated_and_none_is_fuzzy():
    found = list(entries())
    assert len(found) > 500
    assert [msgid for flags, _, msgid, _, _ in found if "fuzzy" in flags] == []
    assert [msgid for _, _, msgid, _, msgstrs in found if not all(msgstrs)] == []


def test_the_compiled_catalogue_matches_the_source():
    """locale/sv/LC_MESSAGES/django.mo is compilemessages' output of the .po as committed."""
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for _, context, msgid, plural, msgstrs in entries():
        if plural is None and context is None:
            assert catalogue.gettext(msgid) == msgstrs[0], msgid


def test_every_string_of_the_code_is_in_the_catalogue(tmp_path):
    """makemessages over a copy of the app adds nothing untranslated: no string was left out of the .po."""
    if not shutil.which("xgettext"):
        pytest.skip("gettext is not installed (bin/setup installs it)")
    root = Path(settings.BASE_DIR)
    for name in ("manage.py", "samverkan", "meetings", "templates", "locale"):
        source = root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-location"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    updated = entries(tmp_path / "locale" / "sv" / "LC_MESSAGES" / "django.po")
    assert [msgid for flags, _, msgid, _, msgstrs in updated if "fuzzy" in flags or not all(msgstrs)] == []


def test_translation_functions_go_by_names_makemessages_knows():
    """makemessages finds _(), gettext(), gettext_lazy() …, not an alias such as `gettext_lazy as _lazy`."""
    root = Path(settings.BASE_DIR)
    aliased = []
    for path in [*root.joinpath("meetings").rglob("*.py"), *root.joinpath("samverkan").rglob("*.py")]:
        for name, alias in re.findall(r"\b((?:n|p|np)?gettext(?:_lazy|_noop)?) as (\w+)", path.read_text()):
            if alias != "_":
                aliased.append(f"{path.relative_to(root)}: {name} as {alias}")
    assert aliased == []
