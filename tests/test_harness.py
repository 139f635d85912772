"""The harness itself: a missing Odoo is a clear failure, never a skip."""

import subprocess
import venv

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def _python_without_odoo(tmp_path):
    venv.create(tmp_path / "noodoo", with_pip=False)
    return str(tmp_path / "noodoo" / "bin" / "python")


def test_test_command_fails_clearly_without_odoo(tmp_path):
    res = subprocess.run(
        [_python_without_odoo(tmp_path), str(ROOT / "tools" / "suite.py"), "test"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert res.returncode == 1
    assert "Odoo 19.0 is not importable" in res.stderr
    assert "Install Odoo 19.0 Community from its" in res.stderr
    assert "0 passed, 1 failed" in res.stdout
