"""Repository checks: linters, XML and translation files of the four addons."""

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p for p in (ROOT / "addons").iterdir() if (p / "__manifest__.py").is_file())
PLACEHOLDER = re.compile(r"%(?:\([\w]+\))?[sdifr%]|\{\w*\}")
# the spec's rule ids (CC-12, DR-10, Q-5 …) belong in comments, docstrings and tests, never in what users read
RULE_ID = re.compile(r"\b(?:CC|CV|DR|CM|Q|X)-\d+\b")


def _run(*cmd):
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    return res.returncode, (res.stdout + res.stderr).strip()


def test_ruff_check():
    code, out = _run(sys.executable, "-m", "ruff", "check", "addons", "tests", "tools", "conftest.py")
    assert code == 0, out


def test_ruff_format():
    code, out = _run(sys.executable, "-m", "ruff", "format", "--check", "addons", "tests", "tools", "conftest.py")
    assert code == 0, out


def test_pylint_odoo_mandatory_checks():
    code, out = _run(sys.executable, "-m", "pylint", "--rcfile", str(ROOT / ".pylintrc"), *map(str, ADDONS))
    assert code == 0, out


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_xml_well_formed_without_duplicate_ids(addon):
    ids = Counter()
    for path in sorted(addon.rglob("*.xml")):
        tree = etree.parse(str(path))  # raises on malformed XML
        for node in tree.iter("record", "menuitem", "template"):
            if node.get("id"):
                ids[node.get("id")] += 1
    duplicates = [xmlid for xmlid, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate xml ids in {addon.name}: {duplicates}"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_zh_cn_po_valid_and_complete(addon):
    po = polib.pofile(str(addon / "i18n" / "zh_CN.po"))
    pot = polib.pofile(str(addon / "i18n" / f"{addon.name}.pot"))
    msgids = Counter((entry.msgctxt, entry.msgid) for entry in po)
    assert not [key for key, count in msgids.items() if count > 1], "duplicate msgids"
    missing = {entry.msgid for entry in pot} - {entry.msgid for entry in po}
    assert not missing, f"terms of {addon.name}.pot missing from zh_CN.po: {sorted(missing)[:10]}"
    untranslated = [entry.msgid for entry in po if not entry.msgstr or entry.fuzzy]
    assert not untranslated, f"untranslated zh_CN terms: {untranslated[:10]}"
    for entry in po:
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(PLACEHOLDER.findall(entry.msgstr)), (
            f"placeholders differ in {entry.msgid!r} -> {entry.msgstr!r}"
        )


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_no_rule_id_in_what_users_read(addon):
    """Help texts, labels and messages (every term of the .po) say what the user needs, not the spec's ids."""
    po = polib.pofile(str(addon / "i18n" / "zh_CN.po"))
    with_ids = [entry.msgid[:80] for entry in po if RULE_ID.search(entry.msgid) or RULE_ID.search(entry.msgstr)]
    assert not with_ids, f"rule ids shown to users by {addon.name}: {with_ids[:10]}"


@pytest.mark.parametrize(
    "po_path", sorted(ROOT.glob("addons/*/i18n_extra/zh_CN.po")), ids=lambda p: p.parent.parent.name
)
def test_zh_cn_extra_po_valid(po_path):
    """Terms of other modules carried by an addon (i18n_extra): valid, translated, same placeholders."""
    po = polib.pofile(str(po_path))
    assert len(po), "empty carried po"
    msgids = Counter((entry.msgctxt, entry.msgid) for entry in po)
    assert not [key for key, count in msgids.items() if count > 1], "duplicate msgids"
    assert not [entry.msgid for entry in po if not entry.msgstr or entry.fuzzy], "untranslated carried terms"
    for entry in po:
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(PLACEHOLDER.findall(entry.msgstr)), (
            f"placeholders differ in {entry.msgid!r} -> {entry.msgstr!r}"
        )
