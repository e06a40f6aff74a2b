"""Long work off the GUI thread: one helper for import, export, printing.

``run_job(parent, fn, …)`` calls ``fn(progress, cancelled)`` on a worker thread. ``progress(fraction,
message)`` and ``cancelled()`` are safe to call from there; results, errors and progress reach the
GUI thread through queued signals, so widgets are only ever touched on the GUI thread. Jobs that
write the database share one worker thread, so two writes never race for SQLite's lock. A progress
dialog appears only if the job is still running after ``SHOW_AFTER_MS`` (short jobs never flash it).

Every running job is registered with what it does: one that writes the database or saves a file
the user asked for would lose work if stopped, so quitting asks first (``writing_jobs_running``);
one that only reads (statistics, a table on screen) is stopped without a word.
"""
from __future__ import annotations

import logging
import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from kjdesk.db.errors import DatabaseProblem, classify
from kjdesk.domain.errors import DomainError
from kjdesk.i18n import _

log = logging.getLogger(__name__)

SHOW_AFTER_MS = 500
_STEPS = 1000  # progress dialog resolution

_write_pool: QThreadPool | None = None


def write_pool() -> QThreadPool:
    """The one worker that writes the database."""
    global _write_pool
    if _write_pool is None:
        _write_pool = QThreadPool()
        _write_pool.setMaxThreadCount(1)
    return _write_pool


class JobCancelled(Exception):
    """Raised by a job function that noticed ``cancelled()`` and stopped early."""


def user_message(exc: BaseException) -> str | None:
    """What to tell the user about an error of the input or the environment; None for a bug."""
    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, DatabaseProblem):
        return str(exc)
    if isinstance(exc, PermissionError):
        return _("kjdesk may not write or read {file}. Choose another place or ask for access.").format(
            file=exc.filename or "")
    if isinstance(exc, FileNotFoundError):
        return _("{file} does not exist. Check the name and folder.").format(file=exc.filename or "")
    problem = classify(exc)  # busy, read-only, full, I/O, damaged …: what happened and what to do
    if problem is not None:
        return problem.message
    if isinstance(exc, OSError):
        return _("The operating system refused: {error}. Check the disk space and the file, then try again.").format(
            error=exc.strerror or exc)
    return None


class Job(QObject):
    """One running job. It lives on the GUI thread: the worker emits its private signals, which
    Qt queues to the job's slots there, which then emit the public ones."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)          # the exception
    was_cancelled = Signal()
    ended = Signal()                 # after any of the three above
    stopping = Signal()              # before any of them: the progress dialog goes away first

    _worker_progress = Signal(float, str)
    _worker_result = Signal(object)
    _worker_error = Signal(object)
    _worker_cancelled = Signal()

    def __init__(self, parent: QObject | None = None, writes: bool = False, saves: bool = False):
        super().__init__(parent)
        self.writes, self.saves = writes, saves
        self._cancel = threading.Event()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.last_progress: tuple[float, str] = (0.0, "")
        self._worker_progress.connect(self._on_progress)
        self._worker_result.connect(self._on_result)
        self._worker_error.connect(self._on_error)
        self._worker_cancelled.connect(self._on_cancelled)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def abandon(self) -> None:
        """End the job now without calling back: what its worker still sends is ignored (the window
        that asked for it is going away)."""
        if not self.done:
            self.done = True
            self.stopping.emit()
            self.ended.emit()

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        if not self.done:
            self.last_progress = (fraction, message or self.last_progress[1])
            self.progressed.emit(fraction, message)

    @Slot(object)
    def _on_result(self, result: Any) -> None:
        if self.done:  # abandoned
            return
        self.result, self.done = result, True
        self.stopping.emit()
        self.succeeded.emit(result)
        self.ended.emit()

    @Slot(object)
    def _on_error(self, exc: BaseException) -> None:
        if self.done:  # abandoned
            return
        self.error, self.done = exc, True
        self.stopping.emit()
        self.failed.emit(exc)
        self.ended.emit()

    @Slot()
    def _on_cancelled(self) -> None:
        if self.done:  # abandoned
            return
        self.done = True
        self.stopping.emit()
        self.was_cancelled.emit()
        self.ended.emit()


class _Runnable(QRunnable):
    def __init__(self, job: Job, fn: Callable):
        super().__init__()
        self.job, self.fn = job, fn

    def run(self) -> None:  # on the worker thread: only emit signals here
        job = self.job
        try:
            result = self.fn(lambda fraction, message="": job._worker_progress.emit(float(fraction), message),
                             job.cancelled)
        except JobCancelled:
            job._worker_cancelled.emit()
        except Exception as exc:  # delivered to the GUI thread, where it is shown or logged
            if job.cancelled():  # however a function stops once asked to, that is a cancel
                log.info("cancelled job stopped with %r", exc)
                job._worker_cancelled.emit()
                return
            exc.__kjdesk_trace__ = traceback.format_exc()
            job._worker_error.emit(exc)
        else:  # finished: a cancel that came too late changes nothing (the work may be committed)
            job._worker_result.emit(result)


class _ProgressDialog(QProgressDialog):
    def __init__(self, parent: QWidget | None, title: str, job: Job):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setLabelText(title)
        self.setCancelButtonText(_("Cancel"))
        self.setRange(0, _STEPS)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setWindowModality(Qt.WindowModal)
        self.setMinimumWidth(380)
        self.canceled.connect(job.cancel)
        self.canceled.connect(lambda: self.setLabelText(_("Cancelling…")))
        job.progressed.connect(self.on_progress)
        self.on_progress(*job.last_progress)  # what happened before the dialog appeared

    def on_progress(self, fraction: float, message: str) -> None:
        self.setValue(max(0, min(_STEPS, int(fraction * _STEPS))))
        if message and not self.wasCanceled():
            self.setLabelText(message)


def run_job(parent: QWidget | None, fn: Callable[[Callable, Callable], Any], *, title: str,
            on_done: Callable[[Any], None] | None = None, on_error: Callable[[BaseException], bool] | None = None,
            writes: bool = False, saves: bool = False, show_after_ms: int = SHOW_AFTER_MS) -> Job:
    """Run ``fn(progress, cancelled)`` off the GUI thread; call ``on_done(result)`` on the GUI thread.

    ``writes``: it writes the database (it then runs on the one writer); ``saves``: it writes a file
    the user asked for. Either makes quitting ask before stopping it.

    ``on_error(exc)`` may handle an error itself (return True); otherwise an error of the input or
    the environment is shown as a message saying what to do, and anything else is logged with its
    trace and reported as a bug. A cancelled job calls neither.
    """
    # Owned by the application (C++), not by Python: the worker thread holds references to the job,
    # and a QObject must never be destroyed there by Python's last reference going away. It is
    # deleted on the GUI thread once it has ended.
    job = Job(QCoreApplication.instance(), writes=writes, saves=saves)
    job.dialog = None

    def show_dialog() -> None:
        if not job.done:
            job.dialog = _ProgressDialog(parent, title, job)
            job.dialog.show()

    def close_dialog() -> None:
        timer.stop()
        if job.dialog is not None:
            job.dialog.close()
            job.dialog.deleteLater()
            job.dialog = None
        _running.discard(job)

    def failed(exc: BaseException) -> None:
        if on_error is not None and on_error(exc):
            return
        show_error(parent, title, exc)

    timer = QTimer(job)
    timer.setSingleShot(True)
    timer.timeout.connect(show_dialog)
    job.stopping.connect(close_dialog)
    job.ended.connect(job.deleteLater)
    if on_done is not None:
        job.succeeded.connect(on_done)
    job.failed.connect(failed)
    timer.start(show_after_ms)
    _running.add(job)
    (write_pool() if writes else QThreadPool.globalInstance()).start(_Runnable(job, fn))
    return job


# Running jobs, so their Python side (callbacks, results) lives as long as they run.
_running: set[Job] = set()


def jobs_running() -> bool:
    return bool(_running)


def writing_jobs_running() -> bool:
    """Whether a running job writes the database or saves a file: stopping it loses work."""
    return any(job.writes or job.saves for job in _running)


def stop_all_jobs() -> None:
    """Ask every running job to stop, wait until the workers are idle, and end the jobs without
    calling back (before quitting or switching databases: a write left running would go on into a
    closed or another file, and a result arriving later would reach closed screens)."""
    for job in list(_running):
        job.cancel()
    write_pool().waitForDone()
    QThreadPool.globalInstance().waitForDone()
    for job in list(_running):
        job.abandon()


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """A message the user can act on; a bug is logged with its trace and said to be one."""
    message = user_message(exc)
    if message is None:
        log.error("%s failed:\n%s", title, getattr(exc, "__kjdesk_trace__", "") or
                  "".join(traceback.format_exception(exc)))
        message = _("Something went wrong inside kjdesk ({error}); the work was not finished. "
                    "The details are in the log; please send it to support.").format(error=type(exc).__name__)
    QMessageBox.warning(parent, title, message)
