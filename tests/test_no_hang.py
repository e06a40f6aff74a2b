"""A test that hangs ends the run with its stack instead of hanging it, even in the teardown
after a failure, and even while Qt's event loop (a modal dialog) waits."""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HANGING = '''
import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def asks_at_teardown(qapp):
    yield
    QMessageBox.question(None, "Work still running", "Stop it?")  # nobody answers


def test_{name}(asks_at_teardown):
    assert {outcome}
'''


def test_the_suite_has_a_per_test_timeout_that_works_inside_qt():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert 0 < options["timeout"] <= 300
    assert options["timeout_method"] == "thread"  # SIGALRM's handler never runs inside Qt's event loop


def run_hanging(tmp_path, name: str, outcome: str) -> subprocess.CompletedProcess:
    (tmp_path / f"test_{name}.py").write_text(HANGING.format(name=name, outcome=outcome))
    # The project's conftest as a plugin, its ini options with a short timeout.
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conftest",
               "-o", "timeout=2", "-o", "timeout_method=thread", "-o", "qt_api=pyside6",
               "--rootdir", str(tmp_path), str(tmp_path)]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests"), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=90)


def test_a_modal_dialog_at_teardown_after_a_passing_test_ends_the_run(tmp_path):
    done = run_hanging(tmp_path, "passes", "True")
    assert done.returncode == 1 and "Timeout" in done.stdout + done.stderr


def test_a_modal_dialog_at_teardown_after_a_failing_test_ends_the_run(tmp_path):
    done = run_hanging(tmp_path, "fails", "False")
    assert done.returncode == 1 and "Timeout" in done.stdout + done.stderr
    assert "QMessageBox.question" in done.stdout + done.stderr  # the stack names what hung
