"""The Qt binding must not leak or free references on plain calls (PySide6 6.12.0 freed None)."""
import sys

from PySide6.QtWidgets import QLabel


def test_many_void_qt_calls_leave_nones_reference_count_alone(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 100
