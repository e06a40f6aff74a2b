"""Long work runs off the GUI thread; progress, results and errors arrive on the GUI thread."""
import threading
import time

import pytest
from PySide6.QtCore import QThread, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from kjdesk.domain.errors import DomainError
from kjdesk.ui.jobs import runner
from kjdesk.ui.jobs.runner import JobCancelled, run_job


def on_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_the_function_runs_on_a_worker_and_its_result_arrives_on_the_gui_thread(qtbot):
    seen = {}

    def work(progress, cancelled):
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        progress(0.5, "half")
        return 42

    heard = []
    job = run_job(None, work, title="t", on_done=lambda r: heard.append((r, on_gui_thread())))
    steps = []
    job.progressed.connect(lambda f, m: steps.append((f, m, on_gui_thread())))
    with qtbot.waitSignal(job.ended, timeout=5000):
        pass
    assert seen["worker"] and heard == [(42, True)]
    assert all(s[2] for s in steps)


def test_the_progress_dialog_appears_only_for_work_longer_than_half_a_second(qtbot):
    release = threading.Event()
    quick = run_job(None, lambda p, c: 1, title="quick")
    with qtbot.waitSignal(quick.ended, timeout=5000):
        pass
    assert quick.dialog is None

    slow = run_job(None, lambda p, c: (p(0.25, "a quarter"), release.wait(5)), title="slow", show_after_ms=100)
    qtbot.waitUntil(lambda: slow.dialog is not None and slow.dialog.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: slow.dialog.value() == 250, timeout=3000)
    assert slow.dialog.labelText() == "a quarter"
    release.set()
    with qtbot.waitSignal(slow.ended, timeout=5000):
        pass
    assert slow.dialog is None


def test_cancel_in_the_dialog_stops_the_work_and_calls_no_callback(qtbot):
    started = threading.Event()

    def work(progress, cancelled):
        started.set()
        while not cancelled():
            time.sleep(0.01)
        raise JobCancelled()

    done = []
    job = run_job(None, work, title="long", on_done=done.append, show_after_ms=50)
    qtbot.waitUntil(lambda: job.dialog is not None, timeout=3000)
    assert started.wait(3)
    with qtbot.waitSignal(job.was_cancelled, timeout=5000):
        qtbot.mouseClick(job.dialog.findChild(QPushButton), Qt.LeftButton)
    assert done == [] and job.cancelled()


def test_an_error_reaches_the_gui_thread_and_a_domain_error_is_shown_as_its_message(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: shown.append((title, text, on_gui_thread())))

    def work(progress, cancelled):
        raise DomainError("row 3: the credit code is wrong")

    job = run_job(None, work, title="Import")
    with qtbot.waitSignal(job.ended, timeout=5000):
        pass
    assert shown == [("Import", "row 3: the credit code is wrong", True)]


def test_a_bug_is_logged_with_its_trace_and_the_user_is_told_so(qtbot, monkeypatch, caplog):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    job = run_job(None, lambda p, c: 1 / 0, title="Export")
    with qtbot.waitSignal(job.ended, timeout=5000):
        pass
    assert "ZeroDivisionError" in shown[0] and "log" in shown[0]
    assert "Traceback" in caplog.text and "1 / 0" in caplog.text


def test_an_error_handler_may_take_the_error_itself(qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail("no message box expected"))
    taken = []
    job = run_job(None, lambda p, c: (_ for _ in ()).throw(KeyError("x")), title="t",
                  on_error=lambda exc: taken.append(type(exc)) or True)
    with qtbot.waitSignal(job.ended, timeout=5000):
        pass
    assert taken == [KeyError]


def test_database_writes_share_one_worker(qtbot):
    active, overlap = [0], []
    lock = threading.Lock()

    def write(progress, cancelled):
        with lock:
            active[0] += 1
            overlap.append(active[0])
        time.sleep(0.05)
        with lock:
            active[0] -= 1

    jobs = [run_job(None, write, title="w", writes=True) for _ in range(3)]
    qtbot.waitUntil(lambda: all(j.done for j in jobs), timeout=5000)
    assert max(overlap) == 1
    assert runner.write_pool().maxThreadCount() == 1


def test_jobs_nobody_keeps_finish_and_are_deleted_on_the_gui_thread(qtbot):
    # The screens drop a job as soon as they start the next (a year chosen twice, say); the job
    # must neither vanish early nor be destroyed from the worker thread.
    results = []
    for n in range(30):
        run_job(None, lambda p, c, n=n: n, title="t", on_done=results.append)
    qtbot.waitUntil(lambda: len(results) == 30, timeout=10000)
    assert sorted(results) == list(range(30))
    qtbot.waitUntil(lambda: not runner._running, timeout=5000)


def test_a_cancel_that_comes_after_the_work_finished_is_no_cancel(qtbot):
    done = []
    finished = threading.Event()
    job = run_job(None, lambda p, c: (finished.set(), "committed")[1], title="t", on_done=done.append)
    assert finished.wait(3)
    job.cancel()
    with qtbot.waitSignal(job.ended, timeout=5000):
        pass
    assert done == ["committed"]


def test_stopping_all_jobs_waits_for_them_and_delivers_nothing_after(qtbot):
    # A read job that does not look at cancelled() finishes anyway; its result must not reach the
    # screens being closed.
    release, delivered = threading.Event(), []
    job = run_job(None, lambda p, c: (release.wait(0.3), "counted")[1], title="Reports", on_done=delivered.append)
    assert not runner.writing_jobs_running()
    runner.stop_all_jobs()
    assert job.done and not runner.jobs_running()
    qtbot.wait(50)
    assert delivered == []
